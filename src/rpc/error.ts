// Errors of the RPC layer, as net/rpc's client.go and server.go: one class with a stable code,
// Go's message text wherever a Go peer or a Go user would see one, and ServerError carrying the
// remote string unchanged.

/** Stable codes of {@link RpcError}. */
export const RpcErrorCode = {
  /** The call was made after `close()` or after the connection died (Go's `ErrShutdown`). */
  Shutdown: 'SHUTDOWN',
  /** The input ended cleanly before a request (Go's `io.EOF`, from `ServeRequest`). */
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
} as const;

/** One of the {@link RpcErrorCode} values. */
export type RpcErrorCode = (typeof RpcErrorCode)[keyof typeof RpcErrorCode];

/**
 * The error of every RPC operation that fails for a reason of the RPC layer. `message` is Go's
 * text where Go has one (`connection is shut down`, `unexpected EOF`, ...).
 */
export class RpcError extends Error {
  /** Lets {@link isRpcError} recognise instances from another copy of this package. */
  readonly isRpcError = true;
  constructor(readonly code: RpcErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
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
  return typeof e === 'object' && e !== null && (e as { isRpcError?: unknown }).isRpcError === true &&
    typeof (e as { code?: unknown }).code === 'string';
}

/** True when `e` is a {@link ServerError}, judged by shape. */
export function isServerError(e: unknown): e is ServerError {
  return isRpcError(e) && (e as { isServerError?: unknown }).isServerError === true;
}

/** Go's `rpc.ErrShutdown` text. */
export const ERR_SHUTDOWN = 'connection is shut down';
/** Go's `io.ErrUnexpectedEOF` text. */
export const ERR_UNEXPECTED_EOF = 'unexpected EOF';

export function shutdownError(): RpcError {
  return new RpcError(RpcErrorCode.Shutdown, ERR_SHUTDOWN);
}

/** The text of an error thrown by user code, for a response's `Error` field (never empty). */
export function errorText(e: unknown): string {
  const msg = e instanceof Error ? e.message : typeof e === 'string' ? e : String(e);
  // An empty Error string means success on the wire, so an empty message cannot be sent as is.
  return msg !== '' ? msg : e instanceof Error && e.name ? e.name : 'rpc: method failed with an empty error';
}
