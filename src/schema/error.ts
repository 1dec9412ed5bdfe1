// What the error classes of every layer share (gob's GobError, rpc's RpcError, jsonrpc's
// JsonError): a stable code beside Go's message text, a shape guard that still works across two
// copies of the package, and, for the two codecs, the path inside a value where an error arose.
// GobError itself is defined here, below gob, since the schema layer raises it too (a value
// that is not a time.Time for gob's time codec, a non-byte in stringFromBytes); src/gob
// re-exports it as its own. An infinite zero value is reported through the codec that asked
// (zeroValue's InfiniteZero), so JSON users do not see gob's error.
import { isNumericArray } from './schema.js';

/**
 * The base of the package's error classes: a stable `code` and Go's message text. Each layer
 * keeps its own subclass, codes and shape flag (`isGobError`, `isRpcError`, `isJsonError`), as
 * Go keeps one error type per package.
 */
export abstract class CodedError<C extends string> extends Error {
  constructor(
    readonly code: C,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }

  /**
   * What `JSON.stringify` writes for the error (whose `name` and `message` are not enumerable,
   * so it would otherwise write neither): `{"name":"ServerError","code":"SERVER","message":…}`,
   * then its other data fields where set (`path`, `call`, `offset`); not the shape flags
   * (`isRpcError`, …), the stack or the cause.
   */
  toJSON(): Record<string, unknown> {
    const out: Record<string, unknown> = { name: this.name, code: this.code, message: this.message };
    for (const k of Object.keys(this)) if (k !== 'code' && !SHAPE_FLAG.test(k)) out[k] = (this as Record<string, unknown>)[k];
    return out;
  }
}

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
 * A limit from the options of a codec (`maxMessageSize`, `maxDepth`, ...): `fallback` when it is
 * undefined, else `value`, which must be a positive integer or Infinity (no limit). Throws a
 * RangeError naming the option otherwise: NaN would turn the check it bounds off without a word
 * (every comparison with it is false), and zero, a negative number or a fraction mean no size
 * anything has.
 */
export function limitOption(name: string, value: number | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !(value >= 1) || (!Number.isInteger(value) && value !== Infinity))
    throw new RangeError(`gobrpc: ${name} must be a positive integer or Infinity, got ${String(value)}`);
  return value;
}

/** The names of the flags the shape guards read (`isGobError`, `isServerError`, …). */
const SHAPE_FLAG = /^is[A-Z]\w*Error$/;

/**
 * Whether `e` carries the shape flag `flag` set to true and a string `code`: how the shape guards
 * (`isGobError`, ...) recognise errors made by another copy of this package, where `instanceof`
 * would fail.
 */
export function hasErrorShape(e: unknown, flag: string): boolean {
  return (
    typeof e === 'object' &&
    e !== null &&
    (e as Record<string, unknown>)[flag] === true &&
    typeof (e as { code?: unknown }).code === 'string'
  );
}

/** Go's own text of an error whose message adds a hint of ours (see {@link goText}). */
const GO_TEXT = Symbol('gobrpc.goText');

/**
 * Records that the text Go would give for the error `e` is `text`: `e.message` adds a hint that
 * only a JavaScript user can act on (a 64-bit integer past 2^53 in a `number` schema, which Go's
 * int holds: `... out of range: not exact beyond 2^53 as a number, decode it with a bigint
 * schema ...`). Returns `e`.
 */
export function withGoText<E extends Error>(e: E, text: string): E {
  (e as E & { [GO_TEXT]?: string })[GO_TEXT] = text;
  return e;
}

/**
 * The text a Go peer should receive for the error `e`: its message without the hints of ours
 * (see {@link withGoText}), which is the whole message for nearly every error.
 */
export function goText(e: Error): string {
  return (e as Error & { [GO_TEXT]?: string })[GO_TEXT] ?? e.message;
}

/** Path segments gathered while an error unwinds, innermost first (see {@link addPath}). */
const SEGMENTS = Symbol('gobrpc.pathSegments');
type Pathed = Error & { [SEGMENTS]?: string[]; path?: string; call?: string };

/**
 * Whether `e` is a codec error of this package that takes a path: a GobError or a JsonError,
 * judged by their shape flags.
 */
function pathable(e: unknown): e is Pathed {
  return e instanceof Error && (hasErrorShape(e, 'isGobError') || hasErrorShape(e, 'isJsonError'));
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
export function keepPath<E extends Error>(from: unknown, to: E): E {
  const segs = pathable(from) ? from[SEGMENTS] : undefined;
  if (segs) (to as Pathed)[SEGMENTS] = segs;
  return to;
}

/** The path segment of a map entry: a string key quoted as Go's %q, a number as written. */
export function keySegment(k: unknown): string {
  return typeof k === 'string' ? `[${goQuote(k)}]` : typeof k === 'number' || typeof k === 'bigint' ? `[${k}]` : '[?]';
}

/**
 * At the public boundary, sets `path` on a codec error from its recorded segments under `root`
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
 * Names the RPC call on a codec error that its arguments or reply raised. With `prefix` (encode
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

/**
 * Go's strconv.Quote (what %q prints): printable runes as they are, Go's short escapes, `\xNN`
 * for control bytes and for each byte that is not UTF-8 (a lone U+DC80..U+DCFF), `\uNNNN` and
 * `\UNNNNNNNN` for other runes that are not printable (unicode.IsPrint: letters, marks, numbers,
 * punctuation, symbols and the ASCII space). A lone surrogate that stands for no byte (which
 * goes out as U+FFFD, and which decoding never produces) shows as `\uNNNN`, so a message about a
 * JavaScript value names the code unit it holds. The one quoting used by error texts and the CLI.
 */
export function goQuote(v: string): string {
  let out = '"';
  for (const ch of v) {
    const c = ch.codePointAt(0)!;
    const short = GO_ESCAPES[ch];
    if (short !== undefined) out += short;
    else if (c >= 0xdc80 && c <= 0xdcff) out += '\\x' + hex(c - 0xdc00, 2);
    else if (c < 0x20 || c === 0x7f) out += '\\x' + hex(c, 2);
    else if (c === 0x20 || PRINTABLE.test(ch)) out += ch;
    else out += c < 0x10000 ? '\\u' + hex(c, 4) : '\\U' + hex(c, 8);
  }
  return out + '"';
}

const GO_ESCAPES: Record<string, string> = {
  '\x07': '\\a',
  '\b': '\\b',
  '\f': '\\f',
  '\n': '\\n',
  '\r': '\\r',
  '\t': '\\t',
  '\v': '\\v',
  '\\': '\\\\',
  '"': '\\"',
};

const PRINTABLE = /^[\p{L}\p{M}\p{N}\p{P}\p{S}]$/u;

/** How an invalid value reads in an error message (`null`, `array`, `number 1.5`, `string`). */
export function describeValue(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  if (v instanceof Uint8Array) return 'Uint8Array';
  if (v instanceof Map) return 'Map';
  // Float64Array, Int32Array, ... (a slice's value with t.slice's option as).
  if (isNumericArray(v)) return v.constructor.name;
  return typeof v === 'number' ? `number ${v}` : typeof v;
}

function hex(n: number, width: number): string {
  return n.toString(16).padStart(width, '0');
}
