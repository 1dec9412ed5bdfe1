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
  | { gobrpc: 'failed'; error: StartError }
  | { gobrpc: 'describe'; id: number }
  | { gobrpc: 'described'; id: number; services: ServiceInfo[] }
  /** `grace` in milliseconds, -1 for Infinity (which the IPC channel's JSON cannot carry). */
  | { gobrpc: 'close'; grace: number };

/**
 * Why a worker could not start, as it crosses the IPC channel (whose JSON drops an Error's own
 * fields): the error's name, message and stack, and for Node's system errors (a port that is
 * taken) their `code`, `errno`, `syscall`, `address` and `port`; `listen` says whether the
 * listening failed (rather than `setup`).
 */
interface StartError {
  listen: boolean;
  name: string;
  message: string;
  stack?: string;
  code?: string;
  errno?: number;
  syscall?: string;
  address?: string;
  port?: number;
}

/** Node's system error fields, in the order Node sets them on a cluster worker's listen error. */
const SYSTEM_ERROR_FIELDS = ['errno', 'code', 'syscall', 'address', 'port'] as const;

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
 * closes its Server and exits. Workers leave stopping to the primary: they do not end on SIGINT
 * or SIGTERM, which a terminal's Ctrl-C (or a supervisor signalling the process group) sends to
 * every process of the cluster, so that the primary's {@link ClusterPrimary.close} can let their
 * calls finish; a primary without a handler for the signal ends, and its workers with it.
 *
 * A worker that fails to start reports why to the primary and exits with code 1, printing nothing
 * (its promise never settles); the primary then closes the other workers (those still starting
 * once they listen), waits until every worker has exited, and rejects with the first failure:
 *
 * - when a worker cannot listen, Node's own error for it, as {@link Server.listen} rejects with:
 *   an `Error` with Node's message and its `code`, `errno`, `syscall`, `address` and `port` (a
 *   port that is taken: message `bind EADDRINUSE 127.0.0.1:1234`, `code` `'EADDRINUSE'`, `syscall`
 *   `'bind'`, the cluster's primary binding the port for its workers);
 * - when `setup` throws, an `Error` naming the worker (`gobrpc: cluster worker 4242 failed to
 *   start: ...`) whose `cause` is an Error with the thrown one's name, message and stack.
 *
 * Throws a RangeError when `workers` is not a positive integer. Go has no counterpart: its
 * server uses every core in one process.
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
  // The primary is heard from the start: a close it asks for (or its going away) while this
  // worker still starts, because another worker failed, takes effect once this one listens, so
  // the primary's wait for every worker to exit ends.
  let serving: Server | undefined;
  let asked: ServerCloseOptions | undefined;
  let closing = false;
  const close = async () => {
    if (serving === undefined || asked === undefined || closing) return;
    closing = true;
    await serving.close(asked);
    // The IPC channel is the last thing keeping this process alive.
    if (process.connected) process.disconnect();
  };
  const askClose = (closeOptions: ServerCloseOptions) => {
    asked ??= closeOptions;
    void close();
  };
  process.on('message', (m: unknown) => {
    if (!isMessage(m)) return;
    if (m.gobrpc === 'describe') send({ gobrpc: 'described', id: m.id, services: serving?.describe() ?? [] });
    else if (m.gobrpc === 'close') askClose({ grace: m.grace < 0 ? Infinity : m.grace });
  });
  // The primary is gone: nobody can stop this worker any more, so it stops now.
  process.once('disconnect', () => askClose({}));
  // Stopping is the primary's to decide (its close lets the calls in flight finish), but a
  // terminal's Ctrl-C sends SIGINT to the primary and every worker alike, as a supervisor's
  // SIGTERM to the whole process group does: a worker that ended on them would cut its calls.
  for (const signal of ['SIGINT', 'SIGTERM'] as const)
    process.on(signal, () => debug('rpc: cluster worker %d: %s left to the primary', process.pid, signal));
  let server: Server;
  try {
    server = await setup();
  } catch (e) {
    return failStart(startError(e, false));
  }
  let listener: net.Server;
  try {
    listener = await listen(server, port, host);
  } catch (e) {
    return failStart(startError(e, true));
  }
  const bound = (listener.address() as net.AddressInfo).port;
  send({ gobrpc: 'listening', port: bound });
  serving = server;
  void close();
  return { role: 'worker', server, port: bound };
}

/** Sends `m` to the primary; a primary already gone is no error (the 'disconnect' handler stops the worker). */
function send(m: Message): void {
  if (process.connected)
    process.send!(m, undefined, {}, (e: Error | null) => e && debug('rpc: cluster worker %d: %s', process.pid, e.message));
}

/** What crosses the IPC channel of the error `e` a worker failed to start with. */
function startError(e: unknown, listen: boolean): StartError {
  if (!(e instanceof Error)) return { listen, name: 'Error', message: String(e) };
  const out: StartError = { listen, name: e.name, message: e.message, stack: e.stack };
  // The channel's JSON leaves out the fields that are undefined.
  for (const k of SYSTEM_ERROR_FIELDS) Object.assign(out, { [k]: (e as unknown as Record<string, unknown>)[k] });
  return out;
}

/**
 * Reports a failed start to the primary and ends this worker with code 1, once the report is
 * sent: the primary rejects with it, so nothing is thrown here (an uncaught error in every
 * worker would print its stack once per worker).
 */
function failStart(error: StartError): Promise<never> {
  if (!process.connected) process.exit(1);
  process.send!({ gobrpc: 'failed', error } satisfies Message, undefined, {}, () => process.exit(1));
  return new Promise<never>(() => {});
}

function startPrimary(count: number, host: string): Promise<ClusterPrimary> {
  const workers: Worker[] = [];
  const exited: Array<Promise<void>> = [];
  let nextId = 0;
  /** The close sent to the workers, once {@link closeAll} has sent it. */
  let closing: Message | undefined;
  const closeAll = async (options: ServerCloseOptions) => {
    const grace = options.grace ?? 0;
    if (typeof grace !== 'number' || !(grace >= 0))
      throw new RangeError(`gobrpc: grace must be a number of milliseconds >= 0, got ${String(grace)}`);
    checkTimerMs('grace', grace);
    closing ??= { gobrpc: 'close', grace: grace === Infinity ? -1 : grace };
    for (const w of workers) if (w.isConnected()) tell(w, closing);
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
          // A worker still loading its modules when the close was sent had no one to hear it:
          // it is told again once it listens (a start that failed closes the workers still starting).
          w.on('message', (m: unknown) => {
            if (closing !== undefined && isMessage(m) && m.gobrpc === 'listening') tell(w, closing);
          });
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
      else if (m.gobrpc === 'failed') done(failure(w, m.error));
    };
    const onExit = (code: number | null, signal: string | null) => {
      const e = new Error(`gobrpc: cluster worker ${w.process.pid} exited (${signal ?? code}) before listening`);
      // Its last messages (why it failed) may still be on the way: all are read before the
      // channel's 'disconnect'.
      if (w.isConnected()) w.once('disconnect', () => done(e));
      else done(e);
    };
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

/** The error {@link serveCluster} rejects with when worker `w` failed to start with `e`. */
function failure(w: Worker, e: StartError): Error {
  if (e.listen && e.code !== undefined) {
    // Node's own error, as Server.listen rejects with: its message and fields (the stack is ours).
    const err = new Error(e.message);
    for (const k of SYSTEM_ERROR_FIELDS) if (e[k] !== undefined) Object.assign(err, { [k]: e[k] });
    return err;
  }
  const cause = new Error(e.message);
  cause.name = e.name;
  if (e.stack !== undefined) cause.stack = e.stack;
  return new Error(`gobrpc: cluster worker ${w.process.pid} failed to start: ${e.message}`, { cause });
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
    tell(w, { gobrpc: 'describe', id });
  });
}

/**
 * Sends `m` to worker `w`. A worker that is exiting (one that failed to start) may close its
 * channel first: that is no error, as the worker's 'exit' settles whatever waits on it.
 */
function tell(w: Worker, m: Message): void {
  w.send(m, undefined, {}, (e: Error | null) => e && debug('rpc: cluster worker %d: %s', w.process.pid, e.message));
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
