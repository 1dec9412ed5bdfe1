// A client that survives its connection: Go's rpc.Client is dead once the connection drops
// (every call fails with ErrShutdown), and its users write the redial loop by hand. This is that
// loop, once: redial with exponential backoff and jitter, bounded and cancellable, with events.
import { EventEmitter } from 'node:events';
import type { Call, Client, ClientCloseOptions } from './client.js';
import { type ClientCallContext, type ClientInterceptor, clientInterceptors, runIntercepted } from './client-interceptor.js';
import { ERR_SHUTDOWN, isServerError, RpcError, RpcErrorCode, shutdownError } from './error.js';
import { type CallOptions, serviceStub, type ServiceClient, type ServiceDef } from './service.js';
import { checkTimerMs, MAX_TIMER_MS, timerMsError } from './timer.js';

/** Options of a {@link ReconnectingClient}. */
export interface ReconnectOptions {
  /** The delay before the first redial after a failure, in milliseconds, up to 2^31 - 1. Default 100. */
  initialDelay?: number;
  /**
   * The largest delay between redials, in milliseconds (before jitter), up to 2^31 - 1 (Node's
   * timer limit) or `Infinity`, under which the delay stops growing at 2^31 - 1. Default 5000.
   */
  maxDelay?: number;
  /** Each failed redial multiplies the delay by this. Default 2. */
  factor?: number;
  /**
   * The fraction of each delay that is random: the delay is `d * (1 - jitter * random())`, so
   * clients that lost the same server do not redial in step. 0 to 1, default 0.5.
   */
  jitter?: number;
  /**
   * Gives up after this many failures in a row (then the client is closed): failed dials, and
   * connections that ended before they proved good (see {@link minUptime}). A positive integer or
   * `Infinity` (the default).
   */
  maxAttempts?: number;
  /**
   * A connection proves good, resetting the failure count, once a call on it got an answer from
   * the server (a reply or an error string) or once it has stayed up this many milliseconds. One
   * that ends before either counts as a failed dial: the next redial waits {@link backoffDelay}
   * and a `'retry'` event is emitted, so a server that accepts and at once closes is not redialed
   * in a tight loop. Default 1000.
   */
  minUptime?: number;
  /**
   * What calls made while no connection is up do: `'queue'` (default) waits for the next
   * connection, within the call's own timeout and signal; `'reject'` fails them at once with
   * `connection is shut down` (a `SHUTDOWN` RpcError, Go's `ErrShutdown`, whose `cause` is the
   * last dial error or disconnection reason).
   */
  whileDown?: 'queue' | 'reject';
  /**
   * In `'queue'` mode, a call made while this many already wait is rejected at once with the
   * `SHUTDOWN` RpcError `rpc: call Svc.Method: 1000 calls already wait for a connection` (cause:
   * the last dial error). A non-negative integer or `Infinity`; default 1000.
   */
  maxQueued?: number;
  /**
   * Middleware around every call, as the plain client's `interceptors` option; a retry here can
   * outlive a reconnect. Under `NODE_DEBUG=gobrpc` a `clientLogger` goes outside them all (the
   * connection's own client, which this one calls with `go`, logs nothing more).
   */
  interceptors?: readonly ClientInterceptor[];
  /** The random source for jitter, returning [0, 1). Default `Math.random`. */
  random?: () => number;
}

/** The state of a {@link ReconnectingClient}. */
export type ReconnectState = 'connecting' | 'connected' | 'closed';

/**
 * The delay before redial number `attempt` (1 for the first redial after a failure), in
 * milliseconds: `min(maxDelay, initialDelay * factor^(attempt-1), 2^31 - 1) * (1 - jitter * random())`
 * (2^31 - 1 ms is the longest delay Node's timers keep). Throws a RangeError when `attempt` is not a
 * positive integer or an option is out of its range (`initialDelay` a number from 0 to 2^31 - 1,
 * `maxDelay` one from 0 to 2^31 - 1 or `Infinity`, `factor` >= 1, `jitter` from 0 to 1).
 */
export function backoffDelay(attempt: number, options: ReconnectOptions = {}): number {
  if (!Number.isInteger(attempt) || attempt < 1) throw new RangeError(`gobrpc: attempt must be a positive integer, got ${String(attempt)}`);
  checkBackoff(options);
  const { initialDelay = 100, maxDelay = 5000, factor = 2, jitter = 0.5, random = Math.random } = options;
  const base = Math.min(maxDelay, initialDelay * factor ** (attempt - 1), MAX_TIMER_MS);
  return base * (1 - jitter * random());
}

/** Throws a RangeError naming the first option of `options` out of its documented range. */
function checkBackoff(options: ReconnectOptions): void {
  const check = (name: keyof ReconnectOptions, ok: (v: number) => boolean, want: string) => {
    const v = options[name];
    if (v !== undefined && (typeof v !== 'number' || !ok(v))) throw new RangeError(`gobrpc: ${name} must be ${want}, got ${String(v)}`);
  };
  check('initialDelay', (v) => v >= 0 && v !== Infinity, 'a finite number of milliseconds >= 0');
  check('maxDelay', (v) => v >= 0, 'a number of milliseconds >= 0');
  // Node's timers cut longer delays to 1 ms: a finite delay option past the limit is refused, and
  // a delay computed from maxDelay: Infinity is clamped to it (see backoffDelay).
  check('initialDelay', (v) => v <= MAX_TIMER_MS, `at most ${MAX_TIMER_MS} ms (Node's timer limit)`);
  checkTimerMs('maxDelay', options.maxDelay);
  check('factor', (v) => v >= 1 && v !== Infinity, 'a finite number >= 1');
  check('jitter', (v) => v >= 0 && v <= 1, 'a number from 0 to 1');
  check('minUptime', (v) => v >= 0, 'a number of milliseconds >= 0');
  check('maxAttempts', (v) => v === Infinity || (Number.isInteger(v) && v >= 1), 'a positive integer or Infinity');
  check('maxQueued', (v) => v === Infinity || (Number.isInteger(v) && v >= 0), 'an integer >= 0 or Infinity');
}

interface Waiter {
  resolve(client: Client): void;
  reject(e: Error): void;
}

/**
 * A client that redials when its connection drops. `connect(signal)` makes one connection (any
 * dialer: `dial`, `dialHTTP`, `dialTLS`, `jsonrpc.dial`, passing the signal on so that
 * {@link close} can stop a dial under way). It is called at once, and again after every
 * disconnection or failed dial, after {@link backoffDelay}. A `connect` that resolves to anything
 * but a Client fails that dial with a `PROTOCOL` RpcError `rpc: connect resolved to <type>, not a Client`.
 *
 * Calls in flight when the connection drops fail exactly as on a plain {@link Client}
 * (`unexpected EOF`); they are not resent, since the server may have run them. Calls made while
 * down wait or fail by `whileDown`. A connection that ends before it proved good (see
 * {@link ReconnectOptions.minUptime}) counts as a failed dial.
 *
 * Events: `'connect'` (client: Client) on every connection made; `'disconnect'` (reason: Error)
 * when one ends; `'retry'` ({ attempt, delay, error }) before each redial after a failure (a
 * failed dial, or a connection that did not prove good: `error` is then the disconnection
 * reason); `'giveup'` (error) after `maxAttempts` failures in a row; `'close'` once closed.
 *
 * Throws a RangeError when an option is out of its documented range.
 */
export class ReconnectingClient extends EventEmitter {
  private readonly options: ReconnectOptions;
  private readonly interceptors: readonly ClientInterceptor[];
  private current: Client | undefined;
  private readonly waiters: Waiter[] = [];
  private readonly stop = new AbortController();
  private isClosed = false;
  /** close({ wait: true }) was called: new calls are refused while the calls made settle. */
  private closingAfterCalls = false;
  /** Every call made and not yet settled, queued or sent (what close({ wait: true }) waits for). */
  private readonly calls = new Set<Promise<unknown>>();
  /** Why calls fail once closed: Go's ErrShutdown after close(), the give-up error after giving up. */
  private closedError: (() => RpcError) | undefined;
  private failures = 0;
  /** The last dial error or disconnection reason, the cause of calls rejected while down. */
  private lastError: Error | undefined;
  /** When the current connection was made (performance.now()), and whether it proved good. */
  private connectedAt = 0;
  private proven = false;
  private readonly markProven = () => {
    this.proven = true;
  };

  constructor(
    private readonly connect: (signal: AbortSignal) => Promise<Client>,
    options: ReconnectOptions = {},
  ) {
    super();
    checkBackoff(options);
    this.options = options;
    this.interceptors = clientInterceptors(options.interceptors);
    // Events are emitted from the next tick at the earliest, so listeners added after `new` see the first 'connect'.
    queueMicrotask(() => void this.dialLoop());
  }

  /** `'connected'` while a connection is up, `'connecting'` while dialing or waiting to, `'closed'` after {@link close}. */
  get state(): ReconnectState {
    if (this.isClosed || this.closingAfterCalls) return 'closed';
    return this.current ? 'connected' : 'connecting';
  }

  /** The connection's client while one is up. */
  get client(): Client | undefined {
    return this.current;
  }

  /**
   * Calls a method (Go: `Client.Call`) on the current connection, waiting for one in `'queue'`
   * mode. The call's `timeout` counts from the call, waiting included: a call still queued when
   * it expires rejects with the same `TIMEOUT` error text as one sent, whose `cause` is the
   * `SHUTDOWN` RpcError `rpc: call Svc.Method was never sent: no connection came up` (its own
   * cause: the last dial error or disconnection reason); its `signal` ends the wait with the same
   * `ABORTED` error. A finite `timeout` beyond 2^31 - 1 ms rejects with a RangeError.
   */
  call<A, R = unknown>(serviceMethod: string, args: A, options: CallOptions<A, R> = {}): Promise<R> {
    if (this.closingAfterCalls && !this.isClosed) {
      const refused = Promise.reject(shutdownError());
      refused.catch(() => {});
      return refused;
    }
    // A connection that has ended but whose 'disconnect' is still on its way counts as down.
    const up = this.current !== undefined && !this.current.closed ? this.current : undefined;
    if (up !== undefined && this.interceptors.length === 0) {
      // Connected and nothing to run around the call (the common case): the Client's own call,
      // without the context, the copy of the options and the promise hops of an async wrapper.
      return this.track(this.sendCall(up, serviceMethod, args, options).done);
    }
    const send = async (c: ClientCallContext): Promise<unknown> => {
      const up = this.current !== undefined && !this.current.closed ? this.current : undefined;
      if (up) return this.send(up, c, c.options);
      const started = performance.now();
      const client = await this.waitForConnection(c.serviceMethod, c.options);
      const timeout = c.options.timeout;
      if (timeout === undefined || !(timeout > 0)) return this.send(client, c, c.options);
      // The wait counts against the call's timeout; the error still names the timeout asked for.
      const left = Math.max(1, Math.ceil(timeout - (performance.now() - started)));
      return this.send(client, c, { ...c.options, timeout: left }).catch((e: unknown) => {
        throw (e as RpcError).code === RpcErrorCode.Timeout ? timeoutError(c.serviceMethod, timeout) : e;
      });
    };
    const ctx: ClientCallContext = { serviceMethod, args, options: { ...options } as CallOptions, seq: -1, attempt: 0 };
    return this.track(runIntercepted(this.interceptors, ctx, send) as Promise<R>);
  }

  /** Counts `done` among the calls made (see {@link calls}) until it settles. */
  private track<R>(done: Promise<R>): Promise<R> {
    this.calls.add(done);
    const settled = () => this.calls.delete(done);
    // Handles a rejection too, so that, as with Call.done, a call nobody awaits (or awaits
    // later) does not become an unhandled rejection.
    done.then(settled, settled);
    return done;
  }

  /** Sends one attempt of a call on `client`; its answer proves the connection good. */
  private send(client: Client, c: ClientCallContext, options: CallOptions): Promise<unknown> {
    const call = this.sendCall(client, c.serviceMethod, c.args, options);
    c.seq = call.seq;
    return call.done;
  }

  /** {@link send} without a context: the Client's call itself. */
  private sendCall<A, R>(client: Client, serviceMethod: string, args: A, options: CallOptions<A, R>): Call<R> {
    const call = client.go(serviceMethod, args, options);
    if (!this.proven && client === this.current) {
      call.done.then(this.markProven, (e: unknown) => {
        if (isServerError(e)) this.markProven();
      });
    }
    return call;
  }

  /** A typed stub for a declared service, as {@link Client.service}. */
  service<D extends ServiceDef>(def: D): ServiceClient<D> {
    return serviceStub(def, (m, args, options) => this.call(m, args, options));
  }

  /**
   * Stops redialing (a dial or a wait under way is cancelled), closes the current connection
   * (its pending calls fail with `connection is shut down`) and rejects queued calls the same way.
   *
   * With `{ wait: true }`, as {@link Client.close}: new calls reject with `connection is shut
   * down` at once (and {@link state} is `'closed'`), but every call already made is left to
   * settle first: calls sent are answered (or fail, time out, are aborted), and calls queued while
   * down still wait for a connection (redialing goes on) within their own timeout and signal.
   * Then the client closes and the promise resolves. A plain `close()` meanwhile closes at once.
   */
  async close(options: ClientCloseOptions = {}): Promise<void> {
    if (options.wait && !this.isClosed) {
      this.closingAfterCalls = true;
      // A retry by an interceptor stays inside its call's promise, so this set only shrinks.
      while (this.calls.size > 0 && !this.isClosed) await Promise.allSettled([...this.calls]);
    }
    return this.closeWith(shutdownError);
  }

  /** The first close, which every later one waits for. */
  private closing: Promise<void> | undefined;

  private closeWith(error: () => RpcError): Promise<void> {
    this.closing ??= this.closeNow(error);
    return this.closing;
  }

  private async closeNow(error: () => RpcError): Promise<void> {
    this.isClosed = true;
    this.closedError = error;
    this.stop.abort();
    this.failWaiters(error());
    const client = this.current;
    this.current = undefined;
    if (client) await client.close();
    this.emit('close');
  }

  private waitForConnection(serviceMethod: string, options: CallOptions): Promise<Client> {
    if (this.isClosed) return Promise.reject(this.closedError!());
    const cause = this.lastError;
    if (this.options.whileDown === 'reject') return Promise.reject(new RpcError(RpcErrorCode.Shutdown, ERR_SHUTDOWN, { cause }));
    const maxQueued = this.options.maxQueued ?? 1000;
    if (this.waiters.length >= maxQueued) {
      const msg = `rpc: call ${serviceMethod}: ${maxQueued} calls already wait for a connection`;
      return Promise.reject(new RpcError(RpcErrorCode.Shutdown, msg, { cause }));
    }
    const { signal, timeout } = options;
    if (signal?.aborted) return Promise.reject(abortError(serviceMethod, signal));
    const tooLong = timerMsError('timeout', timeout);
    if (tooLong) return Promise.reject(tooLong);
    return new Promise<Client>((resolve, reject) => {
      let timer: NodeJS.Timeout | undefined;
      const done = () => {
        if (timer) clearTimeout(timer);
        signal?.removeEventListener('abort', onAbort);
        const i = this.waiters.indexOf(waiter);
        if (i >= 0) this.waiters.splice(i, 1);
      };
      const waiter: Waiter = {
        resolve: (c) => {
          done();
          resolve(c);
        },
        reject: (e) => {
          done();
          reject(e);
        },
      };
      const onAbort = () => waiter.reject(abortError(serviceMethod, signal!));
      signal?.addEventListener('abort', onAbort, { once: true });
      if (timeout !== undefined && timeout > 0 && timeout !== Infinity) {
        timer = setTimeout(() => waiter.reject(neverSentError(serviceMethod, timeout, this.lastError)), timeout);
      }
      this.waiters.push(waiter);
    });
  }

  private failWaiters(e: Error): void {
    for (const w of this.waiters.slice()) w.reject(e);
  }

  /**
   * Dials until a connection is up (or the client is closed, or gives up), backing off after
   * each failure; `failure`, when given, is one already suffered (a connection that did not prove good).
   */
  private async dialLoop(failure?: Error): Promise<void> {
    if (failure && !(await this.backOff(failure))) return;
    while (!this.isClosed) {
      let client: Client;
      try {
        client = await this.connect(this.stop.signal);
        if (!isClient(client)) throw notAClient(client);
      } catch (e) {
        if (this.isClosed) return;
        // A RangeError or TypeError is the dial's options, out of range or of the wrong type: no
        // redial can mend it, so it ends the client at once rather than redial forever.
        const final = e instanceof RangeError || e instanceof TypeError;
        if (!(await this.backOff(e instanceof Error ? e : new Error(String(e)), final))) return;
        continue;
      }
      if (this.isClosed) {
        void client.close();
        return;
      }
      this.current = client;
      this.connectedAt = performance.now();
      this.proven = false;
      void client.ended.then((reason) => this.lost(client, reason));
      this.emit('connect', client);
      for (const w of this.waiters.slice()) w.resolve(client);
      return;
    }
  }

  /**
   * Counts a failure, then gives up (at `maxAttempts`, or at once when `final`) or waits out the
   * backoff; false when the loop must stop.
   */
  private async backOff(error: Error, final = false): Promise<boolean> {
    this.lastError = error;
    this.failures++;
    const attempts = this.failures;
    if (final || attempts >= (this.options.maxAttempts ?? Infinity)) {
      this.emit('giveup', error);
      const msg = `rpc: gave up reconnecting after ${attempts} failed attempt${attempts === 1 ? '' : 's'}: ${error.message}`;
      await this.closeWith(() => new RpcError(RpcErrorCode.Shutdown, msg, { cause: error }));
      return false;
    }
    const delay = backoffDelay(attempts, this.options);
    this.emit('retry', { attempt: attempts, delay, error });
    return sleep(delay, this.stop.signal);
  }

  private lost(client: Client, reason: Error): void {
    if (this.current !== client) return;
    this.current = undefined;
    this.lastError = reason;
    this.emit('disconnect', reason);
    if (this.isClosed) return;
    const good = this.proven || performance.now() - this.connectedAt >= (this.options.minUptime ?? 1000);
    if (good) this.failures = 0;
    void this.dialLoop(good ? undefined : reason);
  }
}

/** Whether `connect` kept its contract: a Client (or one like it), whose end can be watched. */
function isClient(value: unknown): value is Client {
  const c = value as Partial<Client> | null | undefined;
  return (
    typeof c === 'object' &&
    c !== null &&
    typeof c.call === 'function' &&
    typeof c.close === 'function' &&
    typeof (c.ended as PromiseLike<unknown> | undefined)?.then === 'function'
  );
}

/** The failed dial of a `connect` that resolved to something else than a Client. */
function notAClient(value: unknown): RpcError {
  const what = value === null ? 'null' : typeof value === 'object' ? `an object (${Object.prototype.toString.call(value)})` : typeof value;
  return new RpcError(RpcErrorCode.Protocol, `rpc: connect resolved to ${what}, not a Client`);
}

/**
 * The timeout of a call that expired while it waited for a connection: the text of any timed-out
 * call, with a cause saying that nothing was sent (whose own cause is the last dial error or
 * disconnection reason), so the caller knows the server never ran it.
 */
function neverSentError(serviceMethod: string, timeout: number, lastError: Error | undefined): RpcError {
  const notSent = new RpcError(RpcErrorCode.Shutdown, `rpc: call ${serviceMethod} was never sent: no connection came up`, {
    cause: lastError,
  });
  return new RpcError(RpcErrorCode.Timeout, `rpc: call ${serviceMethod} timed out after ${timeout} ms`, { cause: notSent });
}

function timeoutError(serviceMethod: string, timeout: number): RpcError {
  return new RpcError(RpcErrorCode.Timeout, `rpc: call ${serviceMethod} timed out after ${timeout} ms`);
}

/** Resolves true after `ms`, or false at once when `signal` fires. */
function sleep(ms: number, signal: AbortSignal): Promise<boolean> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve(false);
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve(true);
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      resolve(false);
    };
    signal.addEventListener('abort', onAbort, { once: true });
  });
}

function abortError(serviceMethod: string, signal: AbortSignal): RpcError {
  return new RpcError(RpcErrorCode.Aborted, `rpc: call ${serviceMethod} aborted`, { cause: signal.reason });
}
