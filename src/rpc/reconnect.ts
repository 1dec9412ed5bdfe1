// A client that survives its connection: Go's rpc.Client is dead once the connection drops
// (every call fails with ErrShutdown), and its users write the redial loop by hand. This is that
// loop, once: redial with exponential backoff and jitter, bounded and cancellable, with events.
import { EventEmitter } from 'node:events';
import { type CallOptions, type Client } from './client.js';
import { type ClientCallContext, type ClientInterceptor, runIntercepted } from './client-interceptor.js';
import { RpcError, RpcErrorCode, shutdownError } from './error.js';
import { serviceStub, type ServiceClient, type ServiceDef } from './service.js';

/** Options of a {@link ReconnectingClient}. */
export interface ReconnectOptions {
  /** The delay before the first redial after a failure, in milliseconds. Default 100. */
  initialDelay?: number;
  /** The largest delay between redials, in milliseconds (before jitter). Default 5000. */
  maxDelay?: number;
  /** Each failed redial multiplies the delay by this. Default 2. */
  factor?: number;
  /**
   * The fraction of each delay that is random: the delay is `d * (1 - jitter * random())`, so
   * clients that lost the same server do not redial in step. 0 to 1, default 0.5.
   */
  jitter?: number;
  /** Gives up after this many failed dials in a row (then the client is closed). Default Infinity. */
  maxAttempts?: number;
  /**
   * What calls made while no connection is up do: `'queue'` (default) waits for the next
   * connection, within the call's own timeout and signal; `'reject'` fails them at once with
   * `connection is shut down` (a `SHUTDOWN` RpcError, Go's `ErrShutdown`).
   */
  whileDown?: 'queue' | 'reject';
  /** In `'queue'` mode, calls beyond this many waiting are rejected as in `'reject'` mode. Default 1000. */
  maxQueued?: number;
  /** Middleware around every call, as the plain client's `interceptors` option; a retry here can outlive a reconnect. */
  interceptors?: readonly ClientInterceptor[];
  /** The random source for jitter, returning [0, 1). Default `Math.random`. */
  random?: () => number;
}

/** The state of a {@link ReconnectingClient}. */
export type ReconnectState = 'connecting' | 'connected' | 'closed';

/**
 * The delay before redial number `attempt` (1 for the first redial after a failure), in
 * milliseconds: `min(maxDelay, initialDelay * factor^(attempt-1)) * (1 - jitter * random())`.
 */
export function backoffDelay(attempt: number, options: ReconnectOptions = {}): number {
  const { initialDelay = 100, maxDelay = 5000, factor = 2, jitter = 0.5, random = Math.random } = options;
  const base = Math.min(maxDelay, initialDelay * factor ** (attempt - 1));
  return base * (1 - Math.min(1, Math.max(0, jitter)) * random());
}

interface Waiter {
  resolve(client: Client): void;
  reject(e: Error): void;
}

/**
 * A client that redials when its connection drops. `connect(signal)` makes one connection (any
 * dialer: `dial`, `dialHTTP`, `dialTLS`, `jsonrpc.dial`, passing the signal on so that
 * {@link close} can stop a dial under way). It is called at once, and again after every
 * disconnection or failed dial, after {@link backoffDelay}.
 *
 * Calls in flight when the connection drops fail exactly as on a plain {@link Client}
 * (`unexpected EOF`); they are not resent, since the server may have run them. Calls made while
 * down wait or fail by `whileDown`.
 *
 * Events: `'connect'` (client: Client) on every connection made; `'disconnect'` (reason: Error)
 * when one ends; `'retry'` ({ attempt, delay, error }) before each redial after a failed dial;
 * `'giveup'` (error) after `maxAttempts` failed dials; `'close'` once closed.
 */
export class ReconnectingClient extends EventEmitter {
  private readonly options: ReconnectOptions;
  private current: Client | undefined;
  private readonly waiters: Waiter[] = [];
  private readonly stop = new AbortController();
  private isClosed = false;
  private failures = 0;

  constructor(private readonly connect: (signal: AbortSignal) => Promise<Client>, options: ReconnectOptions = {}) {
    super();
    this.options = options;
    // Events are emitted from the next tick at the earliest, so listeners added after `new` see the first 'connect'.
    queueMicrotask(() => void this.dialLoop());
  }

  /** `'connected'` while a connection is up, `'connecting'` while dialing or waiting to, `'closed'` after {@link close}. */
  get state(): ReconnectState {
    if (this.isClosed) return 'closed';
    return this.current ? 'connected' : 'connecting';
  }

  /** The connection's client while one is up. */
  get client(): Client | undefined {
    return this.current;
  }

  /**
   * Calls a method (Go: `Client.Call`) on the current connection, waiting for one in `'queue'`
   * mode. The call's `timeout` counts from the call, waiting included: a call still queued when
   * it expires rejects with the same `TIMEOUT` error as one sent; its `signal` ends the wait with
   * the same `ABORTED` error.
   */
  call<A, R = unknown>(serviceMethod: string, args: A, options: CallOptions<A, R> = {}): Promise<R> {
    const send = async (c: ClientCallContext): Promise<unknown> => {
      const started = performance.now();
      // A connection that has ended but whose 'disconnect' is still on its way counts as down.
      const up = this.current !== undefined && !this.current.closed ? this.current : undefined;
      const client = up ?? (await this.waitForConnection(c.serviceMethod, c.options));
      const timeout = c.options.timeout;
      const left = timeout !== undefined && timeout > 0 ? Math.max(1, timeout - (performance.now() - started)) : timeout;
      const call = client.go(c.serviceMethod, c.args, left === timeout ? c.options : { ...c.options, timeout: left });
      c.seq = call.seq;
      return call.done;
    };
    const ctx: ClientCallContext = { serviceMethod, args, options: { ...options } as CallOptions, seq: -1, attempt: 0 };
    const done = runIntercepted(this.options.interceptors ?? [], ctx, send) as Promise<R>;
    // As Call.done: a call nobody awaits (or awaits later) must not become an unhandled rejection.
    done.catch(() => {});
    return done;
  }

  /** A typed stub for a declared service, as {@link Client.service}. */
  service<D extends ServiceDef>(def: D): ServiceClient<D> {
    return serviceStub(def, (m, args, options) => this.call(m, args, options));
  }

  /**
   * Stops redialing (a dial or a wait under way is cancelled), closes the current connection
   * (its pending calls fail with `connection is shut down`) and rejects queued calls the same way.
   */
  async close(): Promise<void> {
    if (this.isClosed) return;
    this.isClosed = true;
    this.stop.abort();
    this.failWaiters(shutdownError());
    const client = this.current;
    this.current = undefined;
    if (client) await client.close();
    this.emit('close');
  }

  private waitForConnection(serviceMethod: string, options: CallOptions): Promise<Client> {
    if (this.isClosed || this.options.whileDown === 'reject' || this.waiters.length >= (this.options.maxQueued ?? 1000)) {
      return Promise.reject(shutdownError());
    }
    const { signal, timeout } = options;
    if (signal?.aborted) return Promise.reject(abortError(serviceMethod, signal));
    return new Promise<Client>((resolve, reject) => {
      let timer: NodeJS.Timeout | undefined;
      const done = () => {
        if (timer) clearTimeout(timer);
        signal?.removeEventListener('abort', onAbort);
        const i = this.waiters.indexOf(waiter);
        if (i >= 0) this.waiters.splice(i, 1);
      };
      const waiter: Waiter = {
        resolve: (c) => { done(); resolve(c); },
        reject: (e) => { done(); reject(e); },
      };
      const onAbort = () => waiter.reject(abortError(serviceMethod, signal!));
      signal?.addEventListener('abort', onAbort, { once: true });
      if (timeout !== undefined && timeout > 0) {
        timer = setTimeout(() => waiter.reject(new RpcError(RpcErrorCode.Timeout, `rpc: call ${serviceMethod} timed out after ${timeout} ms`)), timeout);
      }
      this.waiters.push(waiter);
    });
  }

  private failWaiters(e: Error): void {
    for (const w of this.waiters.slice()) w.reject(e);
  }

  /** Dials until a connection is up (or the client is closed, or gives up), sleeping between failures. */
  private async dialLoop(): Promise<void> {
    while (!this.isClosed) {
      let client: Client;
      try {
        client = await this.connect(this.stop.signal);
      } catch (e) {
        if (this.isClosed) return;
        const error = e instanceof Error ? e : new Error(String(e));
        this.failures++;
        if (this.failures >= (this.options.maxAttempts ?? Infinity)) {
          this.emit('giveup', error);
          await this.close();
          return;
        }
        const delay = backoffDelay(this.failures, this.options);
        this.emit('retry', { attempt: this.failures, delay, error });
        if (!(await sleep(delay, this.stop.signal))) return;
        continue;
      }
      if (this.isClosed) {
        void client.close();
        return;
      }
      this.failures = 0;
      this.current = client;
      void client.ended.then((reason) => this.lost(client, reason));
      this.emit('connect', client);
      for (const w of this.waiters.slice()) w.resolve(client);
      return;
    }
  }

  private lost(client: Client, reason: Error): void {
    if (this.current !== client) return;
    this.current = undefined;
    this.emit('disconnect', reason);
    void this.dialLoop();
  }
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
