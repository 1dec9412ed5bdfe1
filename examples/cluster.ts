// Arith on every core with node:cluster:
//
//   node build/examples/cluster.js [--port 1234] [--workers N] [--mode tcp|jsonrpc] [--grace ms]
//                                  [--stop-on-stdin-end]
//
// The primary prints `listening on HOST:PORT` once every worker listens and serves until it gets
// SIGTERM or SIGINT (Ctrl-C). Then it prints the calls each method got, summed over the workers
// (`calls Arith.Multiply 6400`), closes the workers, which finish the calls in flight for up to
// --grace ms (default 5000; Infinity waits for all), prints `closed` and exits with code 0. It
// never reads stdin, so it runs in the background (`&`) or with stdin closed; with
// --stop-on-stdin-end it also stops so when its stdin ends, which is how the interop test and
// `make bench` stop it. When the workers cannot start (the port is taken), it prints why on stderr
// (`cluster: bind EADDRINUSE 127.0.0.1:1234`) and exits with code 1. The interop test and
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
    'stop-on-stdin-end': { type: 'boolean', default: false },
  },
});
const mode = values.mode;
if (mode !== 'tcp' && mode !== 'jsonrpc') throw new Error(`cluster: unknown --mode ${mode} (want tcp or jsonrpc)`);

// Runs in the primary and in every worker: the workers build the Server, the primary forks them.
const served = await serveCluster(() => new Server().register(Arith, arithImpl), {
  port: Number(values.port),
  workers: values.workers === undefined ? undefined : Number(values.workers),
  listen: mode === 'jsonrpc' ? (s, port, host) => jsonrpc.listen(s, port, host) : undefined,
}).catch((e: Error) => {
  // Only the primary gets here: a worker that fails to start reports to it and exits.
  console.error(`cluster: ${e.message}`);
  process.exit(1);
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
    // Nothing is left to keep the process alive (stdin ended, when it was read): it exits with 0.
  };
  const stopOrFail = () =>
    void stop().catch((e: Error) => {
      console.error(`cluster: ${e.message}`);
      process.exit(1);
    });
  process.once('SIGTERM', stopOrFail);
  process.once('SIGINT', stopOrFail);
  if (values['stop-on-stdin-end']) process.stdin.on('end', stopOrFail).resume();
}
