// Errors of the gob layer, as Go's error.go: one class, a stable code, and Go's
// message text wherever Go has one, so interop tests can compare strings. The path machinery
// (where in a value an error arose) is shared with the JSON codec and lives in src/schema;
// it is re-exported here for the codec files.
// Imported from the file, not src/schema's index: src/schema's own errors are GobErrors, so the
// index (which imports them) must not be reached from here.
import { CodedError, hasErrorShape } from '../schema/error.js';

export { addPath, finishPath, goQuote, keepPath, keySegment, withCall, withGoText } from '../schema/error.js';

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
export class GobError extends CodedError<GobErrorCode> {
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
  constructor(code: GobErrorCode, message: string, options?: { cause?: unknown }) {
    super(code, message, options);
    this.name = 'GobError';
  }
}

/** True when `e` is a {@link GobError}, judged by shape so two copies of the package agree. */
export function isGobError(e: unknown): e is GobError {
  return hasErrorShape(e, 'isGobError');
}

/** Throws a GobError; a helper so hot paths stay small. */
export function fail(code: GobErrorCode, message: string): never {
  throw new GobError(code, message);
}

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
