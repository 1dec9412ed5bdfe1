// The client, as net/rpc's client.go: calls are numbered by Seq, kept pending until the response
// with that Seq arrives (in any order), and all fail at once when the connection ends. Beyond
// Go: per-call timeouts and AbortSignals, whose late replies are read and dropped by Seq.
import * as net from 'node:net';
import type { Duplex } from 'node:stream';
import * as tls from 'node:tls';
import { debuglog } from 'node:util';
import { isGobError, type Schema, t } from '../gob/index.js';
import { checkSchemaDeep } from '../schema/index.js';
import { type ClientCallContext, type ClientInterceptor, clientInterceptors, runIntercepted } from './client-interceptor.js';
import { type BodyPlan, type ClientCodec, DISCARD, GobClientCodec, type GobCodecOptions, type ResponseHeader } from './codec.js';
import { ERR_UNEXPECTED_EOF, RpcError, RpcErrorCode, ServerError, shutdownError } from './error.js';
import { DIRECT_READS, DirectReads } from './conn.js';
import { connectHTTP, DEFAULT_RPC_PATH } from './http.js';
import { BusyPoll, checkBusyPoll, checkTimerMs, timerMsError } from './timer.js';
import { type CallOptions, CANCEL_METHOD, CancelArgsSchema, serviceStub, type ServiceClient, type ServiceDef } from './service.js';

const debug = debuglog('gobrpc');

/** Options of {@link Client.close}. */
export interface ClientCloseOptions {
  /** Wait for the pending calls to settle before closing, refusing new ones. Default false. */
  wait?: boolean;
}

/** Options of a {@link Client}. */
export interface ClientOptions extends GobCodecOptions {
  /**
   * Default per-call timeout in milliseconds; 0, negative, `Infinity` or absent: none, as Go.
   * A finite value beyond 2^31 - 1 (Node's timer limit, about 24.8 days) throws a RangeError.
   */
  timeout?: number;
  /**
   * When a call times out or is aborted, also send the request `_goRPC_.Cancel` with body
   * `{ Seq }` (a gob `struct{ Seq uint64 }`), as github.com/keegancsmith/rpc's client does: its
   * server (and a gobrpc server) then cancels the handler's context. The server's answer is
   * read and dropped; a plain net/rpc server answers `rpc: can't find service _goRPC_.Cancel`,
   * which is dropped too (logged on `NODE_DEBUG=gobrpc`). Default false: Go's net/rpc sends nothing.
   */
  cancelOnServer?: boolean;
  /**
   * Middleware around every {@link Client.call} and service-stub call, the first outermost.
   * Default none; under `NODE_DEBUG=gobrpc` a `clientLogger()` goes outside them all.
   */
  interceptors?: readonly ClientInterceptor[];
  /**
   * Microseconds to keep Node's event loop polling, rather than sleeping, after a request is
   * sent while calls wait for their replies (Linux's `SO_BUSY_POLL` idea, and what Go's scheduler
   * does for a while before it parks): each turn of the loop is a `setImmediate`, so the socket
   * is checked with `epoll_wait` and no timeout, and a reply that comes within the budget is read
   * without the wake-up of a sleeping process. Each request sent starts the budget again; it
   * ends early when no call is pending or the client closes. It costs CPU for the whole budget
   * when the reply is slower, and it needs a core of its own (sharing one with the peer, it
   * slows calls), so it suits a peer on the same host or rack: with Go's server on 127.0.0.1,
   * 100 µs made sequential calls 1.2–1.4× as many per second for 1.3–2× the client's CPU per
   * call. Default 0: off. A number in [0, 1,000,000], else a RangeError (from `dial` and its
   * kin before they connect).
   */
  busyPoll?: number;
}

const noop = (): void => {};

/**
 * The calls awaiting a response, by Seq: a Map with one slot in front for the oldest call when
 * it is the only one, so that sequential calls (one in flight) touch no hash table. The slot is
 * filled only when the Map is empty, so {@link values} lists the calls in the order they were made.
 */
class PendingCalls {
  private oneSeq: number | bigint = -1;
  private one: Call<any> | undefined;
  private readonly rest = new Map<number | bigint, Call<any>>();

  get size(): number {
    return (this.one === undefined ? 0 : 1) + this.rest.size;
  }

  get(seq: number | bigint): Call<any> | undefined {
    if (this.one !== undefined && this.oneSeq === seq) return this.one;
    return this.rest.size === 0 ? undefined : this.rest.get(seq);
  }

  set(seq: number, call: Call<any>): void {
    if (this.one === undefined && this.rest.size === 0) {
      this.one = call;
      this.oneSeq = seq;
    } else this.rest.set(seq, call);
  }

  delete(seq: number | bigint): void {
    if (this.one !== undefined && this.oneSeq === seq) this.one = undefined;
    else if (this.rest.size > 0) this.rest.delete(seq);
  }

  /** The calls in the order they were made. */
  values(): Array<Call<any>> {
    const calls = [...this.rest.values()];
    if (this.one !== undefined) calls.unshift(this.one);
    return calls;
  }

  clear(): void {
    this.one = undefined;
    this.rest.clear();
  }
}

/**
 * One call in flight or done: Go's `rpc.Call`. Await {@link done} for the reply; it rejects
 * with a {@link ServerError}, an {@link RpcError} or the codec's encoding error.
 */
export class Call<R = unknown> {
  /** The sequence number of the request (-1 when the call failed before it was sent). */
  seq = -1;
  /** The reply, once the call succeeded. */
  reply: R | undefined;
  /** The error, once the call failed. */
  error: Error | undefined;
  /** Settles when the call completes (Go: the `Done` channel). */
  readonly done: Promise<R>;
  /** @internal */ readonly replySchema: Schema<R> | undefined;
  private resolveFn!: (r: R) => void;
  private rejectFn!: (e: Error) => void;
  private settled = false;
  private cleanup: (() => void) | undefined;

  constructor(
    readonly serviceMethod: string,
    readonly args: unknown,
    replySchema: Schema<R> | undefined,
  ) {
    this.replySchema = replySchema;
    this.done = new Promise<R>((res, rej) => {
      this.resolveFn = res;
      this.rejectFn = rej;
    });
  }

  /** Whether the call has completed. */
  get isDone(): boolean {
    return this.settled;
  }

  /** @internal */
  onSettle(cleanup: () => void): void {
    this.cleanup = cleanup;
  }

  /** @internal */
  resolve(reply: R): void {
    if (this.settled) return;
    this.settled = true;
    this.reply = reply;
    this.cleanup?.();
    this.resolveFn(reply);
  }

  /** @internal */
  reject(error: Error): void {
    if (this.settled) return;
    this.settled = true;
    this.error = error;
    this.cleanup?.();
    // A call nobody awaits must not become an unhandled rejection; awaiting `done` still sees it.
    // Marked handled here, just before it rejects, rather than when made: a handler attached at
    // construction costs every call a promise and a microtask, though few calls ever reject.
    this.done.catch(noop);
    this.rejectFn(error);
  }
}

/**
 * A net/rpc client over one connection (Go's `rpc.Client`). `new Client(socket)` speaks gob over
 * a connected duplex stream (Go's `NewClient`); {@link Client.withCodec} takes any codec (Go's
 * `NewClientWithCodec`). Many calls may be in flight; replies are matched by Seq.
 */
export class Client {
  private readonly codec: ClientCodec;
  private readonly defaultTimeout: number;
  private readonly cancelOnServer: boolean;
  private readonly interceptors: readonly ClientInterceptor[];
  /** The event loop's polling after each request sent (ClientOptions.busyPoll), if on. */
  private readonly busyPoll: BusyPoll | undefined;
  private endedFn!: (reason: Error) => void;
  /**
   * Settles when the connection has ended, by {@link close} or from the other side, with the
   * error the pending calls failed with (`connection is shut down`, `unexpected EOF`, …). Never rejects.
   */
  readonly ended: Promise<Error> = new Promise((res) => (this.endedFn = res));
  private seq = 0;
  // Keyed as ResponseHeader.seq is typed: a bigint Seq (past 2^53 − 1, never one of ours) finds no call.
  private readonly pending = new PendingCalls();
  /** argSchemas and replySchemas calls have given, found to be schemas through and through. */
  private readonly checked = new WeakSet<Schema>();
  /** The call whose response body the codec is reading (Go's `call` in input()). */
  private current: Call<any> | undefined;
  private closing = false;
  /** close({ wait: true }) was called: no new calls, and the connection closes once none is pending. */
  private closingAfterPending = false;
  private shutdown = false;
  private readonly closedWaiters: Array<() => void> = [];

  /**
   * A gob client over `stream`, which must be connected (a socket, a TLS socket, any Duplex).
   * Go: `rpc.NewClient`. Passing a {@link ClientCodec} is the same as {@link Client.withCodec}.
   */
  constructor(stream: Duplex | ClientCodec, options: ClientOptions = {}) {
    checkTimerMs('timeout', options.timeout);
    checkBusyPoll(options.busyPoll);
    this.codec = isClientCodec(stream) ? stream : new GobClientCodec(stream, options);
    this.defaultTimeout = options.timeout ?? 0;
    if (options.busyPoll) this.busyPoll = new BusyPoll(options.busyPoll, () => this.pending.size > 0 && !this.closing && !this.shutdown);
    this.cancelOnServer = options.cancelOnServer ?? false;
    this.interceptors = clientInterceptors(options.interceptors);
    this.codec.start({
      responseHeader: (h) => this.responseHeader(h),
      responseBody: (h, v, e) => this.responseBody(h, v, e),
      closed: (e) => this.inputClosed(e),
    });
  }

  /** A client over a custom codec (Go: `rpc.NewClientWithCodec`). */
  static withCodec(
    codec: ClientCodec,
    options: Pick<ClientOptions, 'timeout' | 'cancelOnServer' | 'interceptors' | 'busyPoll'> = {},
  ): Client {
    return new Client(codec, options);
  }

  /** Whether calls can no longer be made (after {@link close} or the connection's end). */
  get closed(): boolean {
    return this.closing || this.shutdown || this.closingAfterPending;
  }

  /** Calls sent and not yet answered. */
  get pendingCount(): number {
    return this.pending.size;
  }

  /**
   * Starts a call and returns at once (Go: `Client.Go`); await the handle's `done`. Never throws:
   * every failure, an argument that cannot be encoded included, rejects `done`.
   */
  go<A, R = unknown>(serviceMethod: string, args: A, options: CallOptions<A, R> = {}): Call<R> {
    const call = new Call<R>(serviceMethod, args, options.replySchema);
    if (this.closing || this.shutdown || this.closingAfterPending) {
      call.reject(shutdownError());
      return call;
    }
    const signal = options.signal;
    if (signal?.aborted) {
      call.reject(abortError(serviceMethod, signal));
      return call;
    }
    const timeout = options.timeout ?? this.defaultTimeout;
    const tooLong = timerMsError('timeout', timeout);
    if (tooLong) {
      call.reject(tooLong);
      return call;
    }
    // Before anything is sent: a reply the codec cannot read would end the connection.
    const { argSchema, replySchema } = options;
    if ((argSchema !== undefined && !this.checked.has(argSchema)) || (replySchema !== undefined && !this.checked.has(replySchema))) {
      try {
        if (argSchema !== undefined) checkSchemaDeep(argSchema, `rpc: ${serviceMethod}: argSchema`);
        if (replySchema !== undefined) checkSchemaDeep(replySchema, `rpc: ${serviceMethod}: replySchema`);
      } catch (e) {
        call.reject(e instanceof Error ? e : new Error(String(e)));
        return call;
      }
      if (argSchema !== undefined) this.checked.add(argSchema);
      if (replySchema !== undefined) this.checked.add(replySchema);
    }
    const seq = this.seq++;
    call.seq = seq;
    this.pending.set(seq, call);
    try {
      this.codec.writeRequest({ serviceMethod, seq }, args, options.argSchema);
    } catch (e) {
      this.pending.delete(seq);
      call.reject(e instanceof Error ? e : new Error(String(e)));
      return call;
    }
    this.busyPoll?.extend();
    const cancelOnServer = options.cancelOnServer ?? this.cancelOnServer;
    let timer: NodeJS.Timeout | undefined;
    let onAbort: (() => void) | undefined;
    if (timeout > 0 && timeout !== Infinity) {
      timer = setTimeout(() => {
        // Forget the call: its reply, if it ever comes, finds no pending Seq and is dropped.
        this.pending.delete(seq);
        this.codec.cancel?.(seq);
        call.reject(new RpcError(RpcErrorCode.Timeout, `rpc: call ${serviceMethod} timed out after ${timeout} ms`));
        if (cancelOnServer) this.sendCancel(seq, serviceMethod);
      }, timeout);
    }
    if (signal) {
      onAbort = () => {
        this.pending.delete(seq);
        this.codec.cancel?.(seq);
        call.reject(abortError(serviceMethod, signal));
        if (cancelOnServer) this.sendCancel(seq, serviceMethod);
      };
      signal.addEventListener('abort', onAbort, { once: true });
    }
    if (timer || onAbort) {
      call.onSettle(() => {
        if (timer) clearTimeout(timer);
        if (onAbort) signal!.removeEventListener('abort', onAbort);
      });
    }
    return call;
  }

  /**
   * Calls a method and resolves with its reply (Go: `Client.Call`), through the client's
   * interceptors if it has any ({@link Client.go} bypasses them: it returns one request's handle).
   */
  call<A, R = unknown>(serviceMethod: string, args: A, options: CallOptions<A, R> = {}): Promise<R> {
    if (this.interceptors.length === 0) return this.go(serviceMethod, args, options).done;
    // A copy: an interceptor may change the options of its call, and a stub shares one object.
    const ctx: ClientCallContext = { serviceMethod, args, options: { ...options }, seq: -1, attempt: 0 };
    const done = runIntercepted(this.interceptors, ctx, (c) => {
      const call = this.go(c.serviceMethod, c.args, c.options);
      c.seq = call.seq;
      return call.done;
    }) as Promise<R>;
    // As Call.done: a call nobody awaits must not become an unhandled rejection.
    done.catch(noop);
    return done;
  }

  /**
   * Sends `_goRPC_.Cancel` for a call this client gave up on; the server's answer, whatever it
   * is, is read and dropped (keegancsmith/rpc's server replies a gob `false` with no error).
   */
  private sendCancel(seq: number, serviceMethod: string): void {
    if (this.closing || this.shutdown) return;
    const cancel = this.go(CANCEL_METHOD, { Seq: seq }, { argSchema: CancelArgsSchema, replySchema: t.bool, cancelOnServer: false });
    cancel.done.then(
      () => debug('rpc: cancelled seq %d (%s) on the server', seq, serviceMethod),
      (e: Error) => debug('rpc: cancelling seq %d (%s) on the server failed: %s', seq, serviceMethod, e.message),
    );
  }

  /** A typed stub for a declared service: `await client.service(Arith).Multiply({ A: 7, B: 8 })`. */
  service<D extends ServiceDef>(def: D): ServiceClient<D> {
    return serviceStub(def, (m, args, options) => this.call(m, args, options));
  }

  /**
   * Closes the connection; pending calls reject with `connection is shut down` (Go's
   * `ErrShutdown`), as do later calls. Unlike Go, a second close is harmless.
   * The promise resolves once every pending call has been rejected and the connection is closing.
   *
   * With `{ wait: true }`, new calls reject with `connection is shut down` at once, but the calls
   * pending are left to settle (answered, failed, timed out or aborted) before the connection
   * closes; the promise resolves then. A plain `close()` meanwhile closes at once. Go's client
   * has no such wait (its `Close` fails the pending calls).
   */
  close(options: ClientCloseOptions = {}): Promise<void> {
    const ended = new Promise<void>((res) => {
      if (this.shutdown) res();
      else this.closedWaiters.push(res);
    });
    if (this.closing) return ended;
    if (options.wait && this.pending.size > 0 && !this.shutdown) {
      if (!this.closingAfterPending) {
        this.closingAfterPending = true;
        const calls = this.pending.values().map((c) => c.done);
        void Promise.allSettled(calls).then(() => this.close());
      }
      return ended;
    }
    this.closing = true;
    this.failPending(shutdownError());
    this.codec.close();
    return ended;
  }

  private responseHeader(h: ResponseHeader): BodyPlan {
    const call = this.pending.get(h.seq);
    this.pending.delete(h.seq);
    this.current = call;
    if (!call) debug('rpc: dropping the reply to seq %d (%s): no call waits for it', h.seq, h.serviceMethod);
    if (!call || h.error !== '') return DISCARD;
    return call.replySchema;
  }

  private responseBody(h: ResponseHeader, value: unknown, error: Error | undefined): void {
    const call = this.current;
    this.current = undefined;
    if (!call) {
      if (error) debug('rpc: reading error body: %s', error.message);
      return;
    }
    if (h.error !== '') call.reject(new ServerError(h.error));
    else if (error) call.reject(bodyError(call.serviceMethod, error));
    else call.resolve(value);
  }

  /** client.go's end of input(): every pending call fails with the reason. */
  private inputClosed(error: Error | null): void {
    this.shutdown = true;
    let reason: RpcError;
    if (this.closing) reason = shutdownError();
    else if (error === null) reason = new RpcError(RpcErrorCode.UnexpectedEof, ERR_UNEXPECTED_EOF);
    else if (error instanceof RpcError) reason = error;
    else if (isGobError(error)) reason = new RpcError(RpcErrorCode.Protocol, error.message, { cause: error });
    else reason = new RpcError(RpcErrorCode.UnexpectedEof, ERR_UNEXPECTED_EOF, { cause: error });
    if (!this.closing && this.pending.size > 0) debug('rpc: client protocol error: %s', reason.message);
    this.current?.reject(reason);
    this.current = undefined;
    this.failPending(reason);
    if (!this.closing) {
      this.closing = true;
      this.codec.close();
    }
    for (const w of this.closedWaiters.splice(0)) w();
    this.endedFn(reason);
  }

  private failPending(reason: Error): void {
    const calls = this.pending.values();
    this.pending.clear();
    for (const c of calls) c.reject(reason);
  }
}

/**
 * A reply that could not be read: Go's `reading body <error>` as the tail, after the call and,
 * for a codec error, the path of the value that failed (`Arith.Divide: Quotient.Quo: reading
 * body ...`); the codec's error as `cause`.
 */
function bodyError(serviceMethod: string, error: Error): RpcError {
  const path = (error as { path?: unknown }).path;
  const where = typeof path === 'string' && path !== '' ? `${serviceMethod}: ${path}` : serviceMethod;
  return new RpcError(RpcErrorCode.Body, `${where}: reading body ${error.message}`, { cause: error });
}

function isClientCodec(x: Duplex | ClientCodec): x is ClientCodec {
  return typeof (x as ClientCodec).writeRequest === 'function' && typeof (x as ClientCodec).start === 'function';
}

function abortError(serviceMethod: string, signal: AbortSignal): RpcError {
  return new RpcError(RpcErrorCode.Aborted, `rpc: call ${serviceMethod} aborted`, { cause: signal.reason });
}

/** A server address: "host:port" ("[::1]:1234" for IPv6), or host and port. */
export type Address = string | { host?: string; port: number };

/** Options of {@link dial}, {@link dialTLS} and {@link dialHTTP}. */
export interface DialOptions extends ClientOptions {
  /**
   * Gives up the whole dial after this many milliseconds: the TCP connect, the TLS handshake
   * and the HTTP CONNECT exchange together. Rejects with a `TIMEOUT` RpcError
   * (`rpc: dial timed out after 500 ms`) and destroys the socket. Default: none (the OS's
   * own limit for the connect; nothing after it, as Go's `Dial`); `Infinity` is none too. A
   * finite value beyond 2^31 - 1 (Node's timer limit) rejects the dial with a RangeError.
   */
  connectTimeout?: number;
  /**
   * Gives up the whole dial (connect, TLS handshake, HTTP CONNECT) when it fires: rejects with
   * an `ABORTED` RpcError (`rpc: dial aborted`, cause: the signal's reason) and destroys the socket.
   */
  signal?: AbortSignal;
}

/** Options of {@link dialHTTP}. */
export interface DialHTTPOptions extends DialOptions {
  /** The CONNECT path. Default `/_goRPC_` (Go's `DefaultRPCPath`); Go's `DialHTTPPath` takes another. */
  path?: string;
  /** Connect with TLS first, then run the handshake inside it. */
  tls?: tls.ConnectionOptions;
}

/** Splits an {@link Address} into host and port. */
export function parseAddress(address: Address): { host: string; port: number } {
  if (typeof address !== 'string') return { host: address.host ?? '127.0.0.1', port: address.port };
  const i = address.lastIndexOf(':');
  if (i < 0) throw new TypeError(`rpc: address ${JSON.stringify(address)}: missing port`);
  let host = address.slice(0, i);
  if (host.startsWith('[') && host.endsWith(']')) host = host.slice(1, -1);
  const port = Number(address.slice(i + 1));
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new TypeError(`rpc: address ${JSON.stringify(address)}: bad port`);
  return { host: host === '' ? '127.0.0.1' : host, port };
}

function formatAddress(host: string, port: number): string {
  return host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`;
}

/**
 * Opens a TCP connection (TLS when `tlsOptions` is given) with Nagle off, as Go's net package
 * sets TCP_NODELAY, then runs `handshake` on it (the HTTP CONNECT exchange, say). The timeout
 * and the signal cover all of it: whatever stage a silent peer stalls, the dial rejects with a
 * TIMEOUT or ABORTED RpcError and the socket is destroyed, so nothing is left to keep the
 * process alive. Internal: shared with the JSON-RPC dialer.
 */
export function openSocket(
  address: Address,
  options: Pick<DialOptions, 'connectTimeout' | 'signal' | 'timeout' | 'busyPoll'>,
  tlsOptions?: tls.ConnectionOptions,
  handshake?: (socket: net.Socket) => Promise<void>,
): Promise<net.Socket> {
  const { host, port } = parseAddress(address);
  const refused = refuseDial(options);
  if (refused) return refused;
  const socket = tlsOptions ? tls.connect({ host, port, ...tlsOptions }) : net.connect({ host, port, noDelay: true });
  return connected(socket, options, tlsOptions !== undefined, handshake);
}

/**
 * {@link openSocket} over plain TCP for a socket that goes straight to a Client (or a JSON-RPC
 * client), after `handshake` if given (which reads through the DirectReads too, as
 * connectHTTP does): its reads go into memory of the connection's own ({@link DirectReads}),
 * so it emits no 'data' events. Internal: shared with the JSON-RPC dialer.
 */
export function openClientSocket(
  address: Address,
  options: Pick<DialOptions, 'connectTimeout' | 'signal' | 'timeout' | 'busyPoll'>,
  handshake?: (socket: net.Socket) => Promise<void>,
): Promise<net.Socket> {
  const { host, port } = parseAddress(address);
  const refused = refuseDial(options);
  if (refused) return refused;
  const reads = new DirectReads();
  const socket = net.connect({ host, port, noDelay: true, onread: reads.onread });
  (socket as net.Socket & { [DIRECT_READS]?: DirectReads })[DIRECT_READS] = reads;
  return connected(socket, options, false, handshake);
}

/**
 * The rejection of a dial that must not start: a timer option beyond Node's limit, a
 * `busyPoll` out of range or an already aborted signal. Checked before dialing, so that a
 * client that cannot be made leaves no socket behind.
 */
function refuseDial(options: Pick<DialOptions, 'connectTimeout' | 'signal' | 'timeout' | 'busyPoll'>): Promise<never> | undefined {
  try {
    checkTimerMs('connectTimeout', options.connectTimeout);
    checkTimerMs('timeout', options.timeout);
    checkBusyPoll(options.busyPoll);
  } catch (e) {
    return Promise.reject(e);
  }
  if (options.signal?.aborted) return Promise.reject(dialAbortedError(options.signal));
  return undefined;
}

/** Waits for `socket` to connect and runs `handshake`, under the dial's deadline (see {@link openSocket}). */
function connected(
  socket: net.Socket,
  options: Pick<DialOptions, 'connectTimeout' | 'signal'>,
  secure: boolean,
  handshake?: (socket: net.Socket) => Promise<void>,
): Promise<net.Socket> {
  return underDeadline(socket, options, async () => {
    await waitConnected(socket, secure ? 'secureConnect' : 'connect');
    socket.setNoDelay(true);
    if (handshake) await handshake(socket);
    return socket;
  });
}

function dialAbortedError(signal: AbortSignal): RpcError {
  return new RpcError(RpcErrorCode.Aborted, 'rpc: dial aborted', { cause: signal.reason });
}

/**
 * Runs `work` on `socket` until it settles, the timeout expires or the signal fires, whichever
 * comes first; on any failure the socket is destroyed (which also ends whatever `work` waits for).
 */
function underDeadline<T>(socket: net.Socket, options: Pick<DialOptions, 'connectTimeout' | 'signal'>, work: () => Promise<T>): Promise<T> {
  const { connectTimeout: timeout, signal } = options;
  return new Promise<T>((resolve, reject) => {
    let settled = false;
    let timer: NodeJS.Timeout | undefined;
    const settle = (err: Error | undefined, value?: T) => {
      if (settled) return;
      settled = true;
      if (timer) clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
      if (err) {
        socket.destroy();
        reject(err);
      } else resolve(value as T);
    };
    const onAbort = () => settle(dialAbortedError(signal!));
    signal?.addEventListener('abort', onAbort, { once: true });
    if (timeout && timeout > 0 && timeout !== Infinity) {
      timer = setTimeout(() => settle(new RpcError(RpcErrorCode.Timeout, `rpc: dial timed out after ${timeout} ms`)), timeout);
    }
    work().then(
      (v) => settle(undefined, v),
      (e: Error) => settle(e),
    );
  });
}

/** Resolves on `event`; rejects with the socket's error, or if it closes first. */
function waitConnected(socket: net.Socket, event: 'connect' | 'secureConnect'): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const done = (err?: Error) => {
      socket.removeListener(event, onConnect);
      socket.removeListener('error', onError);
      socket.removeListener('close', onClose);
      if (err) reject(err);
      else resolve();
    };
    const onConnect = () => done();
    const onError = (e: Error) => done(e);
    const onClose = () => done(new RpcError(RpcErrorCode.UnexpectedEof, ERR_UNEXPECTED_EOF));
    socket.once(event, onConnect);
    socket.once('error', onError);
    socket.once('close', onClose);
  });
}

/**
 * Connects over TCP and returns a gob client (Go: `rpc.Dial("tcp", address)`). Rejects with the
 * socket's error, or a TIMEOUT or ABORTED RpcError from the options.
 */
export async function dial(address: Address, options: DialOptions = {}): Promise<Client> {
  return new Client(await openClientSocket(address, options), options);
}

/**
 * Connects over TLS (for a Go server behind `tls.Listen`) and returns a gob client. Go has no
 * single function for it: `tls.Dial` then `rpc.NewClient`. `connectTimeout` and `signal` cover
 * the TLS handshake as well as the connect.
 */
export async function dialTLS(address: Address, tlsOptions: tls.ConnectionOptions = {}, options: DialOptions = {}): Promise<Client> {
  return new Client(await openSocket(address, options, tlsOptions), options);
}

/**
 * Connects to an RPC server behind HTTP (Go: `rpc.DialHTTP`, and `DialHTTPPath` with
 * `options.path`): sends `CONNECT /_goRPC_ HTTP/1.0` with bare LF line ends, as Go does, and
 * accepts only the status `200 Connected to Go RPC`. Any other answer rejects with an `HTTP`
 * RpcError whose message is Go's (`dial-http tcp HOST:PORT: unexpected HTTP response: 404 Not Found`).
 * `connectTimeout` and `signal` cover the CONNECT exchange too (Go's `DialHTTP` has no deadline:
 * a peer that never answers, a plain `ServeConn` server say, hangs it forever).
 */
export async function dialHTTP(address: Address, options: DialHTTPOptions = {}): Promise<Client> {
  const { host, port } = parseAddress(address);
  const path = options.path ?? DEFAULT_RPC_PATH;
  const handshake = (s: net.Socket) => connectHTTP(s, path, `tcp ${formatAddress(host, port)}`);
  // Over plain TCP the socket reads into the client's own memory, as dial's (the handshake reads it there too).
  const socket = options.tls
    ? await openSocket(address, options, options.tls, handshake)
    : await openClientSocket(address, options, handshake);
  return new Client(socket, options);
}
