// The custom framing of the reference examples (examples/rpcdata): 4-byte big-endian length,
// then a fresh gob stream of one RPCData. The TypeScript client calls Go's server, Go's client
// calls the TypeScript server, and both sides see queryUser's not-found error.
import { deepStrictEqual, strictEqual } from 'node:assert/strict';
import type net from 'node:net';
import { test } from 'node:test';
import { type GoInterface, t } from '../../src/gob/index.js';
import { RpcDataClient, run } from '../../examples/rpcdata/client.js';
import { iface } from '../../examples/rpcdata/rpcdata.js';
import { listen } from '../../examples/rpcdata/server.js';
import { runGo, startGo } from '../helpers/goproc.js';

const EXPECTED = ['queryUser(0) = {Alice 30} <nil>', 'queryUser(99) error: user not found: 99'];

test("the TypeScript rpcdata client calls Go's server", async (ctx) => {
  const go = await startGo('rpcdata', ['-mode', 'server'], ctx.after.bind(ctx));
  const lines: string[] = [];
  await run(go.host, go.port, (l) => lines.push(l));
  deepStrictEqual(lines, EXPECTED);

  const c = await RpcDataClient.connect(go.host, go.port);
  deepStrictEqual(await c.queryUser(2), { user: { Name: 'Carol', Age: 41 }, error: null });
  deepStrictEqual(await c.queryUser(7), { user: { Name: '', Age: 0 }, error: 'user not found: 7' });
  // Go's own texts for calls it cannot make.
  const only = async (name: string, ...args: Array<GoInterface | null>) => (await c.call(name, ...args)).map((a) => a?.value);
  deepStrictEqual(await only('nope'), ['unknown function: nope']);
  deepStrictEqual(await only('queryUser'), ['queryUser: got 0 arguments, want 1']);
  deepStrictEqual(await only('queryUser', iface('string', t.string, 'x')), ['queryUser: argument 0 is string, want int']);
  deepStrictEqual(await only('queryUser', null), ['queryUser: argument 0 is nil, want int']);
  // Arguments of Go's pre-registered types, named only: the registry holds them as Go's does.
  deepStrictEqual(await only('queryUser', { name: 'int8', value: 1 }), [{ Name: 'Bob', Age: 25 }, undefined]);
  deepStrictEqual(await only('queryUser', { name: 'uint64', value: 2n }), [{ Name: 'Carol', Age: 41 }, undefined]);
  deepStrictEqual(await only('queryUser', { name: '[]string', value: ['a'] }), ['queryUser: argument 0 is []string, want int']);
  c.close();
});

test("Go's rpcdata client calls the TypeScript server", async () => {
  const server: net.Server = await listen();
  try {
    const addr = server.address() as net.AddressInfo;
    const r = await runGo('rpcdata', ['-mode', 'client', '-addr', `127.0.0.1:${addr.port}`]);
    strictEqual(r.stderr, '');
    strictEqual(r.code, 0);
    deepStrictEqual(r.lines, EXPECTED);
  } finally {
    server.close();
  }
});

test('the TypeScript client and server agree with each other, errors included', async () => {
  const server = await listen();
  try {
    const port = (server.address() as net.AddressInfo).port;
    const c = await RpcDataClient.connect('127.0.0.1', port);
    const calls = await Promise.all([c.queryUser(0), c.queryUser(1), c.queryUser(99)]);
    deepStrictEqual(calls, [
      { user: { Name: 'Alice', Age: 30 }, error: null },
      { user: { Name: 'Bob', Age: 25 }, error: null },
      { user: { Name: '', Age: 0 }, error: 'user not found: 99' },
    ]);
    deepStrictEqual(
      (await c.call('nope')).map((a) => a?.value),
      ['unknown function: nope'],
    );
    deepStrictEqual(
      (await c.call('queryUser', iface('string', t.string, 'x'))).map((a) => a?.value),
      ['queryUser: argument 0 is string, want int'],
    );
    deepStrictEqual(
      (await c.call('queryUser', { name: 'uint16', value: 2 })).map((a) => a?.value),
      [{ Name: 'Carol', Age: 41 }, undefined],
    );
    deepStrictEqual(
      (await c.call('queryUser', { name: '[]string', value: ['a'] })).map((a) => a?.value),
      ['queryUser: argument 0 is []string, want int'],
    );
    c.close();
  } finally {
    server.close();
  }
});
