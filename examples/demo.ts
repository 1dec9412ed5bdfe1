// `make demo`: the reference net/rpc example both ways against real Go.
//   1. Go serves Arith (rpc.HandleHTTP); this library's client calls it over DialHTTP.
//   2. This library serves Arith over HTTP; Go's client (rpc.DialHTTP) calls it.
// Every process is stopped at the end, whatever happens.
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { createHTTPServer, dialHTTP, Server } from '../src/rpc/index.js';
import { runGo, startGo } from '../test/helpers/goproc.js';
import { Arith, arithImpl } from './arith.js';

const cleanups: Array<() => unknown> = [];

async function goServerTypeScriptClient(): Promise<void> {
  const server = await startGo('arith', ['-mode', 'http'], (fn) => cleanups.push(fn));
  console.log(`Go Arith server listening on ${server.addr}; calling it from TypeScript:`);
  const client = await dialHTTP(server.addr);
  try {
    const arith = client.service(Arith);
    const product = await arith.Multiply({ A: 7, B: 8 });
    console.log(`Arith: 7*8=${product}`);
    const q = await arith.Divide({ A: 7, B: 8 });
    console.log(`Arith: 7/8=${q.Quo} remainder ${q.Rem}`);
    await arith.Divide({ A: 1, B: 0 }).catch((e: Error) => console.log(`Arith: 1/0 error: ${e.message}`));
  } finally {
    await client.close();
  }
}

async function typeScriptServerGoClient(): Promise<void> {
  const rpc = new Server().register(Arith, arithImpl);
  const http = createHTTPServer(rpc);
  http.listen(0, '127.0.0.1');
  await once(http, 'listening');
  const { port } = http.address() as AddressInfo;
  cleanups.push(async () => {
    await rpc.close();
    http.close();
  });
  console.log(`\nTypeScript Arith server listening on 127.0.0.1:${port}; Go's rpc.DialHTTP client calls it:`);
  const go = await runGo('arithclient', ['-mode', 'http', '-addr', `127.0.0.1:${port}`]);
  for (const line of go.lines) console.log(line);
  if (go.code !== 0) throw new Error(`Go client failed (exit ${go.code}): ${go.stderr}`);
}

try {
  await goServerTypeScriptClient();
  await typeScriptServerGoClient();
} finally {
  for (const fn of cleanups.reverse()) await fn();
}
