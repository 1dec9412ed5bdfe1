// Errors of the gob layer, as Go's error.go: one class, a stable code, and Go's
// message text wherever Go has one, so interop tests can compare strings.

/** Stable codes of {@link GobError}. */
export const GobErrorCode = {
  /** The bytes are not a valid gob stream (corrupted data, bad lengths, bad ids). */
  BadData: 'BAD_DATA',
  /** The stream ended in the middle of a message or value. */
  UnexpectedEof: 'UNEXPECTED_EOF',
  /** The remote type cannot be decoded into the local schema. */
  TypeMismatch: 'TYPE_MISMATCH',
  /** A decoded number does not fit its field (Go: `value for "X" out of range`). */
  Range: 'RANGE',
  /** A configured limit was exceeded (message size, nesting depth, name length). */
  Limit: 'LIMIT',
  /** An interface value names a type that is not registered. */
  Unregistered: 'UNREGISTERED',
  /** A JavaScript value does not match the schema it is encoded with. */
  InvalidValue: 'INVALID_VALUE',
  /** A user-supplied marshaler codec failed. */
  Marshaler: 'MARSHALER',
  /**
   * A `TypeRegistry` registration Go's RegisterName would panic on: an empty name, a name
   * already registered for another Go type, or a Go type already registered under another name.
   */
  Registration: 'REGISTRATION',
} as const;

/** One of the {@link GobErrorCode} values. */
export type GobErrorCode = (typeof GobErrorCode)[keyof typeof GobErrorCode];

/**
 * The error thrown by every gob operation for bad input or bad values.
 * `message` is Go's text where Go has one (for example `gob: unknown type id or corrupted data`).
 */
export class GobError extends Error {
  /** Lets {@link isGobError} recognise instances from another copy of this package. */
  readonly isGobError = true;
  /**
   * Where in the value the error arose, from the top-level type's name: `Args.Items[1].Count`
   * (fields as `.Name`, slice and array elements as `[i]`, map entries as `["key"]`). Set when
   * the error leaves an Encoder or a typed decode; undefined for errors about the stream itself.
   */
  path?: string;
  /** The RPC call (`Arith.Multiply`) whose arguments or reply failed, when there is one. */
  call?: string;
  constructor(readonly code: GobErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'GobError';
  }
}

/** Path segments gathered while an error unwinds, innermost first (see {@link addPath}). */
const SEGMENTS = Symbol('gobrpc.pathSegments');
type Pathed = Error & { [SEGMENTS]?: string[]; path?: string; call?: string };

/**
 * Whether `e` is a codec error of this package that takes a path: a GobError, or the JSON
 * layer's JsonError (judged by its shape flag, so src/gob imports nothing of that layer).
 */
function pathable(e: unknown): e is Pathed {
  return e instanceof Error && (isGobError(e) || (e as { isJsonError?: unknown }).isJsonError === true);
}

/**
 * Records that the error `e` arose inside `segment` (`.Name`, `[3]`, `["k"]`) and returns it.
 * Called only from catch blocks at struct, slice, array and map boundaries, so the path costs
 * nothing while values encode and decode without error.
 */
export function addPath(e: unknown, segment: string): unknown {
  if (pathable(e)) (e[SEGMENTS] ??= []).push(segment);
  return e;
}

/** Moves the segments recorded on `from` to `to` (when an error is replaced while unwinding). */
export function keepPath(from: unknown, to: GobError): GobError {
  const segs = pathable(from) ? from[SEGMENTS] : undefined;
  if (segs) (to as Pathed)[SEGMENTS] = segs;
  return to;
}

/** The path segment of a map entry: a string key quoted as Go's %q, a number as written. */
export function keySegment(k: unknown): string {
  return typeof k === 'string' ? `[${goQuote(k)}]` : typeof k === 'number' || typeof k === 'bigint' ? `[${k}]` : '[?]';
}

/**
 * At the public boundary, sets `path` on a GobError from its recorded segments under `root`
 * (the top-level type's name). When `prefix` is set (errors of ours, not Go's: encoding) and
 * the error arose below the top level, the message becomes `<path>: <message>`, so Go's text
 * stays its tail; decode errors keep Go's message exactly, since Go peers and tests compare it.
 */
export function finishPath(e: unknown, root: string, prefix: boolean): unknown {
  if (!pathable(e) || e.path !== undefined) return e;
  const segs = e[SEGMENTS];
  let path = root;
  if (segs) for (let i = segs.length - 1; i >= 0; i--) path += segs[i];
  e.path = path;
  if (prefix && segs) e.message = `${path}: ${e.message}`;
  delete e[SEGMENTS];
  return e;
}

/**
 * Names the RPC call on a GobError that its arguments or reply raised. With `prefix` (encode
 * errors, ours) the message becomes `<call>: <message>`; decode errors keep Go's text, which the
 * RPC server sends back to Go clients unchanged.
 */
export function withCall(e: unknown, call: string, prefix: boolean): unknown {
  if (pathable(e) && e.call === undefined) {
    e.call = call;
    if (prefix) e.message = `${call}: ${e.message}`;
  }
  return e;
}

/** True when `e` is a {@link GobError}, judged by shape so two copies of the package agree. */
export function isGobError(e: unknown): e is GobError {
  return typeof e === 'object' && e !== null && (e as { isGobError?: unknown }).isGobError === true &&
    typeof (e as { code?: unknown }).code === 'string';
}

/** Throws a GobError; a helper so hot paths stay small. */
export function fail(code: GobErrorCode, message: string): never {
  throw new GobError(code, message);
}

/**
 * Quotes a string as Go's %q does for the ASCII range (enough for names in messages), and
 * writes a byte that is not UTF-8 (escaped as U+DC80..U+DCFF, see utf8.ts) as Go does: \xff.
 */
export function goQuote(s: string): string {
  const parts = s.split(ESCAPED_BYTE);
  if (parts.length === 1) return JSON.stringify(s);
  // split() with a capturing group puts the escaped bytes at the odd indices.
  return '"' + parts.map((p, i) => (i % 2 ? '\\x' + (p.charCodeAt(0) & 0xff).toString(16) : JSON.stringify(p).slice(1, -1))).join('') + '"';
}

/** A lone U+DC80..U+DCFF: a byte that was not UTF-8 (not the second half of a surrogate pair). */
const ESCAPED_BYTE = /(?<![\ud800-\udbff])([\udc80-\udcff])/;

/**
 * Converts an error thrown inside the codec into what the public boundary reports, as Go's
 * catchError: our own errors pass through, a blown stack becomes a nesting-depth error, and
 * anything else is a bug and propagates unchanged.
 */
export function boundaryError(e: unknown): unknown {
  if (e instanceof RangeError && /call stack/i.test(e.message)) {
    return new GobError(GobErrorCode.Limit, 'invalid nesting depth', { cause: e });
  }
  return e;
}
