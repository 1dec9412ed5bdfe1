// Interceptors: middleware around every call, in the `(ctx, next)` shape of koa and grpc-js.
// Go's net/rpc has none; its users wrap each method by hand. The call context types live here so
// that the server's interceptors and the client's share them.
import { debuglog } from 'node:util';
import { errorText } from './error.js';
import type { CallContext } from './service.js';

/** What an interceptor on either side learns about a call. */
export interface CallInfo {
  /** "Service.Method" as sent ("Arith.Multiply"). */
  readonly serviceMethod: string;
  /** The part before the last dot ("Arith"); empty when there is no dot. */
  readonly service: string;
  /** The part after the last dot ("Multiply"). */
  readonly method: string;
  /**
   * The call's sequence number on its connection (Go's uint64 `Seq`): a number up to 2^53 − 1,
   * a bigint past that (only on the server, from a foreign client). On a JSON-RPC server, the
   * server codec's own number for the request (from 1), not the client's JSON id (see
   * {@link CallContext.seq}).
   */
  readonly seq: number | bigint;
  /** The call's arguments, decoded (server) or as given (client). */
  readonly args: unknown;
  /** Aborted when the call is cancelled or its connection closes. */
  readonly signal: AbortSignal;
}

/**
 * The context of a call on the server, as every {@link ServerInterceptor} and then the handler
 * (as its second parameter) see it.
 */
export interface ServerCallContext extends CallInfo, CallContext {
  /**
   * The decoded arguments. An interceptor may replace them before calling `next()`; the handler
   * receives what is here then.
   */
  args: unknown;
  /** The peer's address as Go's `conn.RemoteAddr().String()` spells it ("127.0.0.1:51234",
   * "[::1]:51234"), or undefined when the connection is not a socket. */
  readonly remoteAddress: string | undefined;
  /** Free for interceptors to pass data on to later interceptors and the handler (koa's `ctx.state`). */
  readonly state: Record<string, unknown>;
}

/**
 * Server middleware around every call (`new Server({ interceptors })` or `server.use()`):
 * `next()` runs the interceptors after this one and then the handler, and resolves with the
 * reply or rejects with what the handler threw. What the interceptor returns (or its promise
 * resolves with) is the reply sent; what it throws is the error sent, as for a handler. So it can
 * observe and time a call (await `next()`), reject it (throw without calling `next()`), or
 * replace the reply (return something else). The first interceptor given is the outermost.
 */
export type ServerInterceptor = (ctx: ServerCallContext, next: () => Promise<unknown>) => unknown;

/**
 * Composes `interceptors` around `handler` (the innermost step) into one function of the call
 * context. Calling `next()` twice rejects, as koa's compose does.
 */
export function composeServer(
  interceptors: readonly ServerInterceptor[],
  handler: (ctx: ServerCallContext) => unknown,
): (ctx: ServerCallContext) => Promise<unknown> {
  return (ctx) => {
    const step = async (i: number): Promise<unknown> => {
      if (i === interceptors.length) return handler(ctx);
      let called = false;
      return interceptors[i]!(ctx, () => {
        if (called) return Promise.reject(new Error('rpc: next() called more than once by an interceptor'));
        called = true;
        return step(i + 1);
      });
    };
    return step(0);
  };
}

/**
 * `text` with its control characters escaped (`\n` as the two characters `\` `n`, others as
 * `\xHH`), so that a method name or error text from a peer or handler cannot start a log line of
 * its own. Internal: every log line of the package goes through it.
 */
export function oneLine(text: string): string {
  return text.replace(/[\x00-\x1f\x7f]/g, (c) => CONTROL_ESCAPES[c] ?? `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
}

const CONTROL_ESCAPES: Record<string, string> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };

/**
 * Where the package's loggers write: one finished line per call, control characters escaped.
 * A printf-style function (`console.log`, `util.debuglog(...)`) fits too, as it prints a lone
 * string argument unchanged.
 */
export type LogLine = (line: string) => void;

/** Options of {@link loggingInterceptor}. */
export interface LoggingOptions {
  /**
   * Where lines go: one finished line per call, as `clientLogger`'s `log`. Default:
   * `util.debuglog('gobrpc')` (`NODE_DEBUG=gobrpc`).
   */
  log?: LogLine;
  /** The clock, in milliseconds. Default `performance.now`. */
  now?: () => number;
}

const debug = debuglog('gobrpc');
const debugLine: LogLine = (line) => debug('%s', line);

/**
 * A server interceptor that logs one line per call once it is answered:
 * `rpc: Arith.Multiply seq 3 from 127.0.0.1:51234: ok in 0.42 ms`, or
 * `... : failed in 0.42 ms: <the error text the client receives>`, or for a handler that
 * returned although its `ctx.signal` was aborted (the client cancelled the call, or the
 * connection closed) `... : ok after abort (context canceled) in 0.42 ms`. Control characters in
 * the method name and error text are escaped (`\n` as `\\n`), so a line is always one line. A server
 * adds one itself (outermost) when `NODE_DEBUG=gobrpc` is set; that line is the only one logged
 * for a handler's failure (the thrown value, with its stack, goes to `onHandlerError`).
 */
export function loggingInterceptor(options: LoggingOptions = {}): ServerInterceptor {
  const write = options.log ?? debugLine;
  const log = (line: string) => write(oneLine(line));
  const now = options.now ?? (() => performance.now());
  return async (ctx, next) => {
    const start = now();
    const head = () => `rpc: ${ctx.serviceMethod} seq ${ctx.seq} from ${ctx.remoteAddress ?? 'a stream'}`;
    const took = () => (now() - start).toFixed(2);
    try {
      const reply = await next();
      // A handler that finished although its call was cancelled (or its connection closed).
      if (ctx.signal.aborted) log(`${head()}: ok after abort (${errorText(ctx.signal.reason)}) in ${took()} ms`);
      else log(`${head()}: ok in ${took()} ms`);
      return reply;
    } catch (e) {
      log(`${head()}: failed in ${took()} ms: ${errorText(e)}`);
      throw e;
    }
  };
}
