// Arith on every core with node:cluster:
//
//   node build/examples/cluster.js [--port 1234] [--workers N] [--mode tcp|jsonrpc] [--grace ms]
//
// The primary prints `listening on HOST:PORT` once every worker listens. When its stdin ends or
// it gets SIGTERM or SIGINT, it prints the calls each method got, summed over the workers
// (`calls Arith.Multiply 6400`), closes the workers, which finish the calls in flight for up to
// --grace ms (default 5000; Infinity waits for all), and prints `closed`. The interop test and
// `make bench` run it against Go's client; it is also the recipe for a program of your own.
import { parseArgs } from 'node:util';
import { Server, serveCluster } from '../src/rpc/index.js';
import * as jsonrpc from '../src/jsonrpc/index.js';
import { Arith, arithImpl } from './arith.js';

const { values } = parseArgs({
  options: {
    port: { type: 'string', default: '0' },
    workers: { type: 'string' },
    mode: { type: 'string', default: 'tcp' },
    grace: { type: 'string', default: '5000' },
  },
});
const mode = values.mode;
if (mode !== 'tcp' && mode !== 'jsonrpc') throw new Error(`cluster: unknown --mode ${mode} (want tcp or jsonrpc)`);

// Runs in the primary and in every worker: the workers build the Server, the primary forks them.
const served = await serveCluster(() => new Server().register(Arith, arithImpl), {
  port: Number(values.port),
  workers: values.workers === undefined ? undefined : Number(values.workers),
  listen: mode === 'jsonrpc' ? (s, port, host) => jsonrpc.listen(s, port, host) : undefined,
});

if (served.role === 'primary') {
  const primary = served;
  console.log(`listening on ${primary.host}:${primary.port}`);
  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    for (const s of await primary.describe()) {
      for (const m of s.methods) console.log(`calls ${s.name}.${m.name} ${m.numCalls}`);
    }
    await primary.close({ grace: Number(values.grace) });
    console.log('closed');
    process.stdin.destroy();
  };
  process.stdin.on('end', () => void stop());
  process.stdin.resume();
  process.once('SIGTERM', () => void stop());
  process.once('SIGINT', () => void stop());
}
