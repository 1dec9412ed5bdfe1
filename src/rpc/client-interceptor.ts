// Client interceptors: middleware around every outgoing call made with Client.call or a service
// stub, in the (ctx, next) shape of koa and grpc-js's client interceptors. net/rpc has no headers
// to carry, so they observe and steer calls: timing, logging, metrics, retries.
import { debuglog } from 'node:util';
import { type LogLine, oneLine } from './interceptor.js';
import type { CallOptions } from './service.js';

/** What a {@link ClientInterceptor} sees of one outgoing call. Interceptors may change `args` and `options` before calling `next`. */
export interface ClientCallContext {
  /** "Service.Method". */
  readonly serviceMethod: string;
  /** The arguments to send. */
  args: unknown;
  /** The call's options (schemas, timeout, signal). */
  options: CallOptions;
  /** The Seq of the latest request sent for this call (-1 before one is sent, or if it could not be). */
  seq: number;
  /** How many requests this call has started: 0 until the first `next()` reaches the network, then 1; each retry adds one. */
  attempt: number;
}

/**
 * Middleware around an outgoing call. Call `next()` to go on towards the network (it resolves
 * with the reply or rejects as the call does); call it again to retry; return without calling it
 * to answer locally. What the outermost interceptor resolves or throws is what `Client.call`
 * resolves or throws. Interceptors run in the order given, the first outermost.
 */
export type ClientInterceptor = (ctx: ClientCallContext, next: () => Promise<unknown>) => Promise<unknown>;

/** Options of {@link clientLogger}. */
export interface ClientLoggerOptions {
  /**
   * Where lines go: one finished line per call, as `loggingInterceptor`'s `log`. Default:
   * `util.debuglog('gobrpc')`, which prints only under `NODE_DEBUG=gobrpc`.
   */
  log?: LogLine;
  /** The clock, in milliseconds. Default `performance.now`. */
  now?: () => number;
}

const debug = debuglog('gobrpc');

/**
 * A ready logging interceptor: one line per call on `NODE_DEBUG=gobrpc` (or `options.log`),
 * `rpc client: Arith.Multiply seq 0 ok in 1.25 ms` or
 * `rpc client: Arith.Divide seq 1 failed in 0.80 ms: divide by zero` (the Seq of the last
 * request sent; one line per attempt when it sits inside a retrying interceptor). A call that
 * sent no request shows `(local)` instead of a Seq when an interceptor answered it without going
 * on to the network, and `(not sent)` when it did go on but the client refused it (closed, for
 * example): `rpc client: Cache.Get (local) ok in 0.01 ms`. Under
 * `NODE_DEBUG=gobrpc` every {@link Client} and `ReconnectingClient` puts one outside its own
 * interceptors, as a `Server` does with `loggingInterceptor`; install it yourself to log elsewhere.
 */
export function clientLogger(options: ClientLoggerOptions = {}): ClientInterceptor {
  const write = options.log ?? ((line: string) => debug('%s', line));
  const log = (line: string) => write(oneLine(line));
  const now = options.now ?? (() => performance.now());
  return async (ctx, next) => {
    const start = now();
    const took = () => (now() - start).toFixed(2);
    const which = () => (ctx.seq >= 0 ? `seq ${ctx.seq}` : ctx.attempt === 0 ? '(local)' : '(not sent)');
    try {
      const reply = await next();
      log(`rpc client: ${ctx.serviceMethod} ${which()} ok in ${took()} ms`);
      return reply;
    } catch (e) {
      log(`rpc client: ${ctx.serviceMethod} ${which()} failed in ${took()} ms: ${e instanceof Error ? e.message : String(e)}`);
      throw e;
    }
  };
}

/**
 * The interceptors a client runs: `given`, with a {@link clientLogger} outside them when
 * the process runs with `NODE_DEBUG=gobrpc` (which Node reads when the process starts).
 * @internal
 */
export function clientInterceptors(given: readonly ClientInterceptor[] = []): readonly ClientInterceptor[] {
  return debug.enabled ? [clientLogger(), ...given] : given;
}

/**
 * Runs `interceptors` around `send` (koa-compose's order: index 0 outermost). `send` makes one
 * attempt and records its Seq in the context.
 * @internal
 */
export function runIntercepted(
  interceptors: readonly ClientInterceptor[],
  ctx: ClientCallContext,
  send: (ctx: ClientCallContext) => Promise<unknown>,
): Promise<unknown> {
  const at = (i: number): Promise<unknown> => {
    if (i === interceptors.length) {
      ctx.attempt++;
      return send(ctx);
    }
    const interceptor = interceptors[i]!;
    // An interceptor is typed to return a promise, but one that throws before returning (or, in
    // plain JavaScript, returns a value) must still give the caller a settled promise.
    try {
      return Promise.resolve(interceptor(ctx, () => at(i + 1)));
    } catch (e) {
      return Promise.reject(e);
    }
  };
  return at(0);
}
