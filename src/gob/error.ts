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
  constructor(readonly code: GobErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'GobError';
  }
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
