// Errors of the JSON layer, as encoding/json's SyntaxError, UnmarshalTypeError,
// UnsupportedTypeError and friends: one class, a stable code, and Go's message text wherever Go
// has one, so a TypeScript peer and a Go peer send the same error strings.
import { CodedError, hasErrorShape, type Schema, zeroValue as schemaZero } from '../schema/index.js';

/** Stable codes of {@link JsonError}. */
export const JsonErrorCode = {
  /** The bytes are not JSON (Go's `SyntaxError`: `invalid character 'x' looking for beginning of value`). */
  Syntax: 'SYNTAX',
  /** A JSON value does not fit the schema it is decoded with (Go's `UnmarshalTypeError`). */
  Type: 'TYPE',
  /** A JSON number is exact in Go but not in a JavaScript number: the schema should ask for a bigint. */
  Range: 'RANGE',
  /** A value or type JSON cannot carry (Go's `UnsupportedTypeError`/`UnsupportedValueError`: NaN, complex128). */
  Unsupported: 'UNSUPPORTED',
  /** A JavaScript value does not match the schema it is encoded with. */
  InvalidValue: 'INVALID_VALUE',
  /** A marshaler failed: a time outside RFC 3339, bad base64, a user codec that threw. */
  Marshaler: 'MARSHALER',
  /** A configured limit was exceeded (message size, nesting depth). */
  Limit: 'LIMIT',
} as const;

/** One of the {@link JsonErrorCode} values. */
export type JsonErrorCode = (typeof JsonErrorCode)[keyof typeof JsonErrorCode];

/**
 * The error of the JSON reader and writer. `message` is Go's text where Go has one. `offset`
 * is, for syntax errors, the number of bytes of the value read before the error (Go's
 * `SyntaxError.Offset`).
 */
export class JsonError extends CodedError<JsonErrorCode> {
  /** Lets {@link isJsonError} recognise instances from another copy of this package. */
  readonly isJsonError = true;
  constructor(code: JsonErrorCode, message: string, options?: { cause?: unknown; offset?: number }) {
    super(code, message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'JsonError';
    if (options?.offset !== undefined) this.offset = options.offset;
  }
  /** Where a syntax error was found (bytes from the start of the value). */
  readonly offset?: number;
  /**
   * For a value that does not fit its schema when encoding: where in the value, from the
   * top-level type's name (`Args.Items[1].Count`), as GobError's `path`.
   */
  path?: string;
  /** The RPC call (`Arith.Multiply`) whose arguments or reply failed to encode. */
  call?: string;
}

/** True when `e` is a {@link JsonError}, judged by shape so two copies of the package agree. */
export function isJsonError(e: unknown): e is JsonError {
  return hasErrorShape(e, 'isJsonError');
}

/**
 * Go's UnmarshalTypeError text: `json: cannot unmarshal <what> into Go value of type <T>`, or,
 * inside a struct, `... into Go struct field <Struct>.<path> of type <T>` (decode.go).
 */
export function typeError(what: string, goType: string, struct: string | undefined, fields: readonly string[]): JsonError {
  const where = struct !== undefined || fields.length > 0 ? `Go struct field ${struct ?? ''}.${fields.join('.')}` : 'Go value';
  return new JsonError(JsonErrorCode.Type, `json: cannot unmarshal ${what} into ${where} of type ${goType}`);
}

/**
 * Go's scanner.go quoteChar: a byte as a quoted character literal for syntax errors, the byte
 * taken as a rune (so 0xC3 shows as 'Ã'), quoted as strconv.Quote would.
 */
export function quoteChar(c: number): string {
  if (c === 0x27) return "'\\''";
  if (c === 0x22) return "'\"'";
  return "'" + goQuoteRune(c) + "'";
}

const NAMED_ESCAPES: Record<number, string> = { 7: '\\a', 8: '\\b', 12: '\\f', 10: '\\n', 13: '\\r', 9: '\\t', 11: '\\v', 0x5c: '\\\\' };

/** strconv.Quote's body for one rune (no surrounding quotes). */
function goQuoteRune(c: number): string {
  const named = NAMED_ESCAPES[c];
  if (named !== undefined) return named;
  if (c < 0x20 || c === 0x7f) return '\\x' + c.toString(16).padStart(2, '0');
  // U+0080..U+00A0 and U+00AD are not printable in Go's sense (unicode.IsPrint); the rest of
  // Latin-1 is.
  if (c >= 0x80 && c <= 0xa0) return '\\u' + c.toString(16).padStart(4, '0');
  if (c === 0xad) return '\\u00ad';
  return String.fromCharCode(c);
}

/**
 * A blown stack while decoding a deeply nested value of a recursive schema becomes a LIMIT
 * error, as gob's boundaryError; anything else passes unchanged.
 */
export function limitError(e: unknown): unknown {
  if (e instanceof RangeError && /call stack/i.test(e.message)) {
    return new JsonError(JsonErrorCode.Limit, 'json: exceeded max depth', { cause: e });
  }
  return e;
}

/**
 * The schema layer's zeroValue with this layer's error for a type whose zero value would be
 * infinite (an array or struct containing itself with no pointer, slice or map in between): a
 * JsonError `UNSUPPORTED`, `json: invalid recursive type main.T: its zero value would be
 * infinite`, a type no JSON value could fill (Go cannot declare one).
 */
export function zeroValue(s: Schema): unknown {
  return schemaZero(s, infiniteZero);
}

function infiniteZero(text: string): never {
  throw new JsonError(JsonErrorCode.Unsupported, 'json: ' + text);
}
