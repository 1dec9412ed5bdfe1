// A server on every core with Node's own node:cluster: the primary process forks one worker per
// core, every worker builds its Server with the same setup function and listens on the same port
// (the primary accepts the connections and hands them to the workers in turn), and the handlers
// run unchanged. Go needs none of this: one Go process runs its goroutines on every core.
//
// The primary and the workers talk over the cluster's IPC channel with small messages tagged
// `gobrpc`: a worker says when it listens, the primary asks for the workers' method tables
// (`describe`) and tells them to close.
import cluster, { type Worker } from 'node:cluster';
import type * as net from 'node:net';
import { availableParallelism } from 'node:os';
import { debuglog } from 'node:util';
import type { ServiceInfo } from './debug.js';
import type { Server, ServerCloseOptions } from './server.js';
import { checkTimerMs } from './timer.js';

const debug = debuglog('gobrpc');

/** Options of {@link serveCluster}. */
export interface ClusterOptions {
  /**
   * The TCP port every worker listens on. Default 0: a free port, chosen once and shared by
   * every worker (read it from {@link ClusterPrimary.port}).
   */
  port?: number;
  /** The address to listen on. Default `127.0.0.1`. */
  host?: string;
  /** Worker processes, at least 1. Default `os.availableParallelism()` (one per core). */
  workers?: number;
  /**
   * How a worker serves its Server on `port` and `host`. Default: `server.listen(port, host)`
   * (gob over TCP, as Go's `rpc.Accept`); JSON-RPC passes `(s, p, h) => jsonrpc.listen(s, p, h)`.
   */
  listen?: (server: Server, port: number, host: string) => Promise<net.Server>;
}

/** What {@link serveCluster} returns in the primary process. */
export interface ClusterPrimary {
  readonly role: 'primary';
  /** The port every worker listens on. */
  readonly port: number;
  /** The address they listen on. */
  readonly host: string;
  /** How many workers were started. */
  readonly workers: number;
  /**
   * The services of the workers, as {@link Server.describe}, with each method's `numCalls`
   * summed over the workers still running (the calls a worker that has exited served are not
   * counted). Rejects when a worker exits before it answers.
   */
  describe(): Promise<ServiceInfo[]>;
  /**
   * Closes every worker's Server (with `options`, as {@link Server.close}: `grace` lets calls in
   * flight finish) and resolves once every worker process has exited. Rejects with a RangeError
   * when `grace` is negative or not a number.
   */
  close(options?: ServerCloseOptions): Promise<void>;
}

/** What {@link serveCluster} returns in a worker process. */
export interface ClusterWorker {
  readonly role: 'worker';
  /** The Server this worker built and serves. */
  readonly server: Server;
  /** The port it listens on. */
  readonly port: number;
}

/** The messages between the primary and a worker (all tagged `gobrpc`). */
type Message =
  | { gobrpc: 'listening'; port: number }
  | { gobrpc: 'failed'; message: string }
  | { gobrpc: 'describe'; id: number }
  | { gobrpc: 'described'; id: number; services: ServiceInfo[] }
  /** `grace` in milliseconds, -1 for Infinity (which the IPC channel's JSON cannot carry). */
  | { gobrpc: 'close'; grace: number };

function isMessage(m: unknown): m is Message {
  return typeof m === 'object' && m !== null && typeof (m as { gobrpc?: unknown }).gobrpc === 'string';
}

/**
 * Runs a Server on every core with `node:cluster`. Call it at the top level of the program's
 * main module, in every process: in the primary it forks the workers (which run the same module
 * again) and resolves once all of them listen; in a worker it calls `setup` for the Server, listens
 * on the shared port and resolves once it does. Each worker is a process of its own, so
 * handlers keep no state between workers (use a store outside the process for that), and a
 * connection stays on the worker that accepted it, as its calls do.
 *
 * A worker that exits is not replaced; the others go on serving. A worker whose primary goes away
 * closes its Server and exits. Rejects, in the primary, with an Error naming the worker when a
 * worker fails to start (`setup` throws, the port is taken), after stopping the others; throws a
 * RangeError when `workers` is not a positive integer. Go has no counterpart: its server uses
 * every core in one process.
 */
export function serveCluster(setup: () => Server | Promise<Server>, options: ClusterOptions = {}): Promise<ClusterPrimary | ClusterWorker> {
  const workers = options.workers ?? availableParallelism();
  if (!Number.isInteger(workers) || workers < 1) throw new RangeError(`gobrpc: workers must be a positive integer, got ${String(workers)}`);
  const port = options.port ?? 0;
  const host = options.host ?? '127.0.0.1';
  if (cluster.isPrimary) return startPrimary(workers, host);
  return startWorker(setup, port, host, options.listen ?? ((s, p, h) => s.listen(p, h)));
}

async function startWorker(
  setup: () => Server | Promise<Server>,
  port: number,
  host: string,
  listen: (server: Server, port: number, host: string) => Promise<net.Server>,
): Promise<ClusterWorker> {
  const send = (m: Message) => process.send?.(m);
  let server: Server;
  let listener: net.Server;
  try {
    server = await setup();
    listener = await listen(server, port, host);
  } catch (e) {
    send({ gobrpc: 'failed', message: e instanceof Error ? e.message : String(e) });
    throw e;
  }
  const bound = (listener.address() as net.AddressInfo).port;
  let closing = false;
  const close = async (closeOptions: ServerCloseOptions) => {
    if (closing) return;
    closing = true;
    await server.close(closeOptions);
    // The IPC channel is the last thing keeping this process alive.
    if (process.connected) process.disconnect();
  };
  process.on('message', (m: unknown) => {
    if (!isMessage(m)) return;
    if (m.gobrpc === 'describe') send({ gobrpc: 'described', id: m.id, services: server.describe() });
    else if (m.gobrpc === 'close') void close({ grace: m.grace < 0 ? Infinity : m.grace });
  });
  // The primary is gone: nobody can stop this worker any more, so it stops now.
  process.once('disconnect', () => void close({}));
  send({ gobrpc: 'listening', port: bound });
  return { role: 'worker', server, port: bound };
}

function startPrimary(count: number, host: string): Promise<ClusterPrimary> {
  const workers: Worker[] = [];
  const exited: Array<Promise<void>> = [];
  let nextId = 0;
  const closeAll = async (options: ServerCloseOptions) => {
    const grace = options.grace ?? 0;
    if (typeof grace !== 'number' || !(grace >= 0))
      throw new RangeError(`gobrpc: grace must be a number of milliseconds >= 0, got ${String(grace)}`);
    checkTimerMs('grace', grace);
    for (const w of workers) if (w.isConnected()) w.send({ gobrpc: 'close', grace: grace === Infinity ? -1 : grace } satisfies Message);
    await Promise.all(exited);
  };
  const start = async (): Promise<ClusterPrimary> => {
    let ports: number[];
    try {
      // Every worker asks for the same port (0 included): the primary holds one listening
      // socket per address and port and hands its connections to the workers in turn.
      ports = await Promise.all(
        Array.from({ length: count }, () => {
          const w = cluster.fork();
          workers.push(w);
          exited.push(
            new Promise((res) =>
              w.once('exit', (code, signal) => {
                debug('rpc: cluster worker %d exited (%s)', w.process.pid, signal ?? code);
                res();
              }),
            ),
          );
          return listening(w);
        }),
      );
    } catch (e) {
      await closeAll({});
      throw e;
    }
    return {
      role: 'primary',
      port: ports[0]!,
      host,
      workers: count,
      describe: async () => merge(await Promise.all(workers.filter((w) => w.isConnected()).map((w) => ask(w, nextId++)))),
      close: (options: ServerCloseOptions = {}) => closeAll(options),
    };
  };
  return start();
}

/** Resolves with the port worker `w` listens on; rejects if it fails or exits first. */
function listening(w: Worker): Promise<number> {
  return new Promise<number>((resolve, reject) => {
    const onMessage = (m: unknown) => {
      if (!isMessage(m)) return;
      if (m.gobrpc === 'listening') done(undefined, m.port);
      else if (m.gobrpc === 'failed') done(new Error(`gobrpc: cluster worker ${w.process.pid} failed to start: ${m.message}`));
    };
    const onExit = (code: number | null, signal: string | null) =>
      done(new Error(`gobrpc: cluster worker ${w.process.pid} exited (${signal ?? code}) before listening`));
    const done = (e: Error | undefined, port = 0) => {
      w.off('message', onMessage);
      w.off('exit', onExit);
      if (e) reject(e);
      else resolve(port);
    };
    w.on('message', onMessage);
    w.once('exit', onExit);
  });
}

/** Asks worker `w` for its Server's describe(). */
function ask(w: Worker, id: number): Promise<ServiceInfo[]> {
  return new Promise((resolve, reject) => {
    const onMessage = (m: unknown) => {
      if (!isMessage(m) || m.gobrpc !== 'described' || m.id !== id) return;
      w.off('message', onMessage);
      w.off('exit', onExit);
      resolve(m.services);
    };
    const onExit = () => {
      w.off('message', onMessage);
      reject(new Error(`gobrpc: cluster worker ${w.process.pid} exited`));
    };
    w.on('message', onMessage);
    w.once('exit', onExit);
    w.send({ gobrpc: 'describe', id } satisfies Message);
  });
}

/** The workers' tables as one: the same services and methods, with the calls added up. */
function merge(tables: ServiceInfo[][]): ServiceInfo[] {
  const [first, ...rest] = tables;
  if (first === undefined) return [];
  for (const table of rest) {
    for (const s of table) {
      const into = first.find((x) => x.name === s.name);
      for (const m of s.methods) {
        const target = into?.methods.find((x) => x.name === m.name);
        if (target) target.numCalls += m.numCalls;
      }
    }
  }
  return first;
}
