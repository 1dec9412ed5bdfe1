// A program that starts serveCluster with two workers, one of which fails, for
// test/interop/cluster.test.ts; the primary prints one JSON line: the error serveCluster
// rejected with (its class, name, message, own fields and cause) and how each worker ended.
//
//   node build/test/helpers/cluster-start.js taken PORT   both workers listen on PORT, which is taken
//   node build/test/helpers/cluster-start.js setup        worker 1's setup throws; worker 2 calls
//                                                         serveCluster only once the primary has
//                                                         asked the workers to close (so the request
//                                                         came before serveCluster listened for it)
import cluster, { type Worker } from 'node:cluster';
import { Server, serveCluster } from '../../src/rpc/index.js';

const [what, port] = process.argv.slice(2);
const exits: Array<{ pid: number | undefined; code: number | null; signal: string | null }> = [];
cluster.on('exit', (w, code, signal) => exits.push({ pid: w.process.pid, code, signal }));

async function setup(): Promise<Server> {
  if (what === 'setup' && cluster.worker!.id === 1) throw new TypeError('setup failed on purpose');
  return new Server();
}

if (what === 'setup' && cluster.isPrimary) {
  // Worker 1's channel closes after the primary has read why it failed, and the primary asks
  // every worker to close as soon as it has read that: worker 2 may go on then.
  let waiting: Worker | undefined;
  let failed = false;
  const go = () => {
    if (waiting !== undefined && failed) waiting.send({ test: 'go' });
  };
  cluster.on('message', (w, m: { test?: string }) => {
    if (m.test !== 'waiting') return;
    waiting = w;
    go();
  });
  cluster.on('disconnect', (w) => {
    if (w.id !== 1) return;
    failed = true;
    go();
  });
} else if (what === 'setup' && cluster.worker!.id === 2) {
  await new Promise<void>((resolve) => {
    process.on('message', (m: { test?: string }) => {
      if (m.test === 'go') resolve();
    });
    process.send!({ test: 'waiting' });
  });
}

try {
  const served = await serveCluster(setup, { workers: 2, port: Number(port ?? 0) });
  if (served.role === 'primary') {
    console.log(JSON.stringify({ started: true }));
    await served.close();
  }
} catch (e) {
  const err = e as Error;
  const cause = err.cause as Error | undefined;
  console.log(
    JSON.stringify({
      plainError: Object.getPrototypeOf(err) === Error.prototype,
      name: err.name,
      message: err.message,
      fields: { ...err },
      cause: cause && { name: cause.name, message: cause.message, stackFromSetup: cause.stack?.includes('at setup (') === true },
      exits: exits.sort((a, b) => (a.code ?? 0) - (b.code ?? 0)),
    }),
  );
}
