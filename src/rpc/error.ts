// Errors of the RPC layer, as net/rpc's client.go and server.go: one class with a stable code,
// Go's message text wherever a Go peer or a Go user would see one, and ServerError carrying the
// remote string unchanged.
import { CodedError, hasErrorShape } from '../schema/index.js';

/** Stable codes of {@link RpcError}. */
export const RpcErrorCode = {
  /**
   * The call was made after `close()` or after the connection died (Go's `ErrShutdown`). On the
   * server: a handler's `ctx.signal.reason` when `server.close()` cut its call
   * (`rpc: server is shutting down`).
   */
  Shutdown: 'SHUTDOWN',
  /**
   * The input ended cleanly before a request (Go's `io.EOF`, from `ServeRequest`). On the server:
   * a handler's `ctx.signal.reason` (message `EOF`) when its connection's input ended first.
   */
  Eof: 'EOF',
  /** The connection ended while calls were pending (Go's `io.ErrUnexpectedEOF`). */
  UnexpectedEof: 'UNEXPECTED_EOF',
  /** The server answered with an error string ({@link ServerError}). */
  Server: 'SERVER',
  /** A per-call timeout expired before the reply arrived. */
  Timeout: 'TIMEOUT',
  /** The call's AbortSignal fired before the reply arrived. */
  Aborted: 'ABORTED',
  /** The reply body could not be decoded (Go: `reading body ...`). */
  Body: 'BODY',
  /** The peer broke the protocol (an undecodable header, for example). */
  Protocol: 'PROTOCOL',
  /** The HTTP CONNECT handshake failed (Go's `DialHTTP`: `unexpected HTTP response: ...`). */
  Http: 'HTTP',
  /** A service registration was refused (Go's `Register` errors). */
  Register: 'REGISTER',
  /** On the server: the client cancelled the call (`_goRPC_.Cancel`); a handler's `ctx.signal.reason`. */
  Canceled: 'CANCELED',
} as const;

/** One of the {@link RpcErrorCode} values. */
export type RpcErrorCode = (typeof RpcErrorCode)[keyof typeof RpcErrorCode];

/**
 * The error of every RPC operation that fails for a reason of the RPC layer. `message` is Go's
 * text where Go has one (`connection is shut down`, `unexpected EOF`, ...).
 */
export class RpcError extends CodedError<RpcErrorCode> {
  /** Lets {@link isRpcError} recognise instances from another copy of this package. */
  readonly isRpcError = true;
  constructor(code: RpcErrorCode, message: string, options?: { cause?: unknown }) {
    super(code, message, options);
    this.name = 'RpcError';
  }
}

/**
 * The error a server returned for a call: `message` is the response's `Error` string exactly as
 * the server sent it. Go: `rpc.ServerError`.
 */
export class ServerError extends RpcError {
  readonly isServerError = true;
  constructor(message: string) {
    super(RpcErrorCode.Server, message);
    this.name = 'ServerError';
  }
}

/** True when `e` is an {@link RpcError} (a {@link ServerError} included), judged by shape. */
export function isRpcError(e: unknown): e is RpcError {
  return hasErrorShape(e, 'isRpcError');
}

/** True when `e` is a {@link ServerError}, judged by shape. */
export function isServerError(e: unknown): e is ServerError {
  return isRpcError(e) && (e as { isServerError?: unknown }).isServerError === true;
}

/** Go's `rpc.ErrShutdown` text. */
export const ERR_SHUTDOWN = 'connection is shut down';
/** Go's `io.ErrUnexpectedEOF` text. */
export const ERR_UNEXPECTED_EOF = 'unexpected EOF';

/**
 * The error text a request gets when it arrives while the server drains (`Server.close`
 * with a grace period). Go's net/rpc has no drain; its client returns this as
 * `rpc.ServerError("rpc: server is shutting down")` and its connection stays usable until the
 * server closes it.
 */
export const ERR_SHUTTING_DOWN = 'rpc: server is shutting down';

export function shutdownError(): RpcError {
  return new RpcError(RpcErrorCode.Shutdown, ERR_SHUTDOWN);
}

/** The longest rendering of a thrown non-Error value that goes into an error text. */
const MAX_VALUE_TEXT = 200;

/**
 * The text a handler failure sends as the response's `Error` string, which a Go client prints
 * as its `rpc.ServerError`. The rule for every kind of thrown (or rejected) value:
 *
 * - an `Error`, or any object with a non-empty string `message`: that message, unchanged;
 * - an `AggregateError` whose message is empty: the texts of its `errors` by these rules, one per
 *   line, as Go's `errors.Join` writes them (its `name` when it has none);
 * - an `Error` whose message is empty: its `name` (`"Error"`, `"TypeError"`, ...);
 * - a non-empty string: the string itself, whole (as a message, and as Go sends `err.Error()`);
 * - the empty string: `rpc: method failed with an empty error`;
 * - anything else: `rpc: method threw a non-Error value: <value>`, where `<value>` is
 *   `undefined`, `null`, a number, boolean or bigint (`42n`) as JavaScript writes it, a symbol as
 *   `Symbol(desc)`, a function as `[function name]`, an object with a `toString` of its own (not
 *   Object's or Array's, as Go's fmt prefers a `String` method) as what that returns, and any other
 *   object as its JSON text when it has one (`{"code":42}`, `[1,2]`), else as `[object Name]`;
 *   this `<value>` is cut to 200 characters with `...`;
 * - a value that cannot be looked at without an exception (a `message` getter that throws, a
 *   revoked Proxy): {@link ERR_UNPRINTABLE}.
 *
 * The text is never empty: an empty `Error` string means success on the wire. Never throws.
 */
export function errorText(e: unknown): string {
  return thrownText(e, 0);
}

/** {@link errorText} at nesting `depth` of AggregateErrors (bounded, so a cycle ends). */
function thrownText(e: unknown, depth: number): string {
  if (typeof e === 'string') return e !== '' ? e : 'rpc: method failed with an empty error';
  try {
    if (typeof e === 'object' && e !== null) {
      const msg = (e as { message?: unknown }).message;
      if (typeof msg === 'string' && msg !== '') return msg;
      const inner = (e as { errors?: unknown }).errors;
      if (e instanceof AggregateError && Array.isArray(inner) && inner.length > 0 && depth < 4) {
        return inner.map((x) => thrownText(x, depth + 1)).join('\n');
      }
      if (e instanceof Error) return String(e.name) || 'rpc: method failed with an empty error';
    }
    return 'rpc: method threw a non-Error value: ' + describeThrown(e);
  } catch {
    return ERR_UNPRINTABLE;
  }
}

/**
 * The error text of a thrown value that throws when looked at (its `message` or `name` getter
 * throws, or it is a revoked Proxy): see {@link errorText}.
 */
export const ERR_UNPRINTABLE = 'rpc: method threw a value that cannot be printed';

/** A short rendering of a thrown value that is not an Error, for {@link errorText}. */
function describeThrown(v: unknown): string {
  let text: string;
  switch (typeof v) {
    case 'bigint':
      text = `${v}n`;
      break;
    case 'symbol':
      text = v.toString();
      break;
    case 'function':
      text = `[function ${v.name || '(anonymous)'}]`;
      break;
    case 'object':
      text = v === null ? 'null' : objectText(v);
      break;
    default:
      text = String(v);
  }
  return text.length > MAX_VALUE_TEXT ? text.slice(0, MAX_VALUE_TEXT) + '...' : text;
}

function objectText(v: object): string {
  const own = ownToString(v);
  if (own !== undefined) return own;
  try {
    const json = JSON.stringify(v);
    // A Map, Set or class instance without own fields says more by its tag than as "{}".
    const plain = Object.getPrototypeOf(v) === Object.prototype || Object.getPrototypeOf(v) === null;
    if (typeof json === 'string' && (json !== '{}' || plain)) return json;
  } catch {
    // Cycles, bigints and throwing toJSON methods fall through to the tag.
  }
  return Object.prototype.toString.call(v);
}

/** What `v`'s own `toString` (one that is not Object's or Array's) returns, when it returns a string. */
function ownToString(v: object): string | undefined {
  const f = (v as { toString?: unknown }).toString;
  if (typeof f !== 'function' || f === Object.prototype.toString || f === Array.prototype.toString) return undefined;
  try {
    const text: unknown = f.call(v);
    return typeof text === 'string' ? text : undefined;
  } catch {
    return undefined;
  }
}
