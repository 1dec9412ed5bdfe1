// The basic pieces every compiled decoder is built of, as decode.go's decBool, decInt64 ... and
// ignoreUint: the decoders and skips of basic kinds, and the range, depth and path errors they raise.
import { fail, finishPath, GobError, GobErrorCode, goQuote, keepPath, withGoText } from './error.js';
import type { Reader } from './reader.js';
import { decodeGoString, intRange, keepsNoBytes, nilBytes, type Schema } from '../schema/index.js';
import { TypeId } from './wire.js';

/** Reads one value in field-value form. */
export type DecFn = (r: Reader) => any;

/** The largest finite float32, as a double: past it a float32 is out of range (decode.go's float32FromBits). */
export const MAX_FLOAT32 = 3.4028234663852886e38;
const UNNAMED = Symbol('unnamed range error');
/**
 * What Go's ovfl name puts before the name of the container a range error is named after
 * ("element of ", "key of "), gathered as the error unwinds; undefined while the error is still
 * in the basic value that failed.
 */
const WITHIN = Symbol('range name prefix');

/**
 * What a 64-bit integer past 2^53 adds to Go's range text when its schema decodes to `number`
 * (Go never fails there: an int64 holds it, so the hint is ours, after Go's text).
 */
const UNSAFE_HINT = ': not exact beyond 2^53 as a number, decode it with a bigint schema (t.int64n, t.uint64n, t.intn, t.uintn)';

/**
 * A range failure whose field name the enclosing struct (or the top level) fills in; `unsafe`
 * when the value fits the Go type but not a JavaScript number.
 */
function rangeFail(unsafe = false): never {
  const e = new GobError(GobErrorCode.Range, 'value out of range');
  (e as unknown as Record<symbol, string>)[UNNAMED] = unsafe ? UNSAFE_HINT : '';
  throw e;
}

/**
 * Gives an unnamed range error the name Go's ovfl carries: the struct field's name, or the
 * local type at the top level (`*int8`, as Go names the pointer it decodes through), after what
 * the containers between added (see {@link rangeWithin}).
 */
export function nameRange(e: unknown, name: string): unknown {
  if (!(e instanceof GobError)) return e;
  const rec = e as unknown as Record<symbol, string | undefined>;
  const hint = rec[UNNAMED];
  if (hint !== undefined) {
    const text = `value for ${goQuote((rec[WITHIN] ?? '') + name)} out of range`;
    const named = keepPath(e, new GobError(GobErrorCode.Range, text + hint));
    // A Go peer gets Go's text: the hint names JavaScript schemas (the RPC server sends goText).
    return hint === '' ? named : withGoText(named, text);
  }
  return e;
}

/**
 * Names an unnamed range error leaving a container as decode.go's decOpFor names ovfl: a slice
 * or array names the values inside it "element of " its own name, whether they fail themselves
 * or inside another container (`always`); a map gives its basic keys and elements its own name,
 * and the containers inside it "key of " or "element of " its name.
 */
export function rangeWithin(e: unknown, what: 'element of ' | 'key of ', always: boolean): unknown {
  if (e instanceof GobError) {
    const rec = e as unknown as Record<symbol, string | undefined>;
    if (rec[UNNAMED] !== undefined) {
      const inner = rec[WITHIN];
      rec[WITHIN] = inner !== undefined || always ? (inner ?? '') + what : '';
    }
  }
  return e;
}

/**
 * A top-level decoder whose errors leave with their `path` set (Go's text kept as the message);
 * the path is assembled only when an error unwinds.
 */
export function withPath(fn: DecFn, root: string): DecFn {
  return (r) => {
    try {
      return fn(r);
    } catch (e) {
      throw finishPath(e, root, false);
    }
  };
}

export function depthFail(): never {
  return fail(GobErrorCode.Limit, 'invalid nesting depth');
}

export function singletonSkip(skip: DecFn): DecFn {
  return (r) => {
    if (r.uint() !== 0) fail(GobErrorCode.BadData, 'gob: decode: corrupted data: non-zero delta for singleton');
    skip(r);
  };
}

function float32(v: number): number {
  if (Math.abs(v) > MAX_FLOAT32 && Number.isFinite(v)) rangeFail();
  return Math.fround(v);
}

// The decoders of basic kinds, as decode.go's decBool, decInt64, decFloat64 ...: one function
// per kind, shared by every stream (they hold no state).

export function decBool(r: Reader): boolean {
  return r.uint() !== 0;
}

export function compileInt(s: Schema & { kind: 'int' }): DecFn {
  if (s.mode === 'bigint') return (r) => r.intBig();
  if (s.mode === 'auto') return (r) => r.intAuto();
  if (s.bits === 64) {
    return (r) => {
      const v = r.intAuto();
      return typeof v === 'number' ? v : rangeFail(true);
    };
  }
  const [min, max] = intRange(true, s.bits).map(Number) as [number, number];
  return (r) => {
    const v = r.intAuto();
    return typeof v === 'number' && v >= min && v <= max ? v : rangeFail();
  };
}

export function compileUint(s: Schema & { kind: 'uint' }): DecFn {
  if (s.mode === 'bigint') return (r) => r.uintBig();
  if (s.mode === 'auto') return (r) => r.uintAuto();
  if (s.bits === 64) {
    return (r) => {
      const v = r.uintAuto();
      return typeof v === 'number' ? v : rangeFail(true);
    };
  }
  const max = Number(intRange(false, s.bits)[1]);
  return (r) => {
    const v = r.uintAuto();
    return typeof v === 'number' && v <= max ? v : rangeFail();
  };
}

export function decFloat64(r: Reader): number {
  return r.float();
}

export function decFloat32(r: Reader): number {
  return float32(r.float());
}

export function decComplex128(r: Reader): { real: number; imag: number } {
  return { real: r.float(), imag: r.float() };
}

export function decComplex64(r: Reader): { real: number; imag: number } {
  return { real: float32(r.float()), imag: float32(r.float()) };
}

export function decString(r: Reader): string {
  const n = r.uint();
  if (n > r.remaining) badLength('string');
  return r.string(n);
}

/**
 * decode.go's decString and decUint8Slice for a length past the bytes left: getLength fails,
 * and Go names the local type and prints the 0 getLength returned.
 */
function badLength(goType: string): never {
  return fail(GobErrorCode.BadData, `gob: bad ${goType} slice length: 0`);
}

/** decString for a named string type, whose name Go's text carries. */
export function namedString(goType: string): DecFn {
  return (r) => {
    const n = r.uint();
    if (n > r.remaining) badLength(goType);
    return r.string(n);
  };
}

export function decBytes(r: Reader): Uint8Array {
  const n = r.uint();
  if (n > r.remaining) badLength('[]uint8');
  // Go's decoder leaves a nil []byte nil when no bytes come (decUint8Slice), and so does this
  // one: encoding/json would write the two differently.
  if (n === 0) return nilBytes();
  return bytesAt(r, n);
}

/** decUint8Slice for a named []byte type, whose name Go's text carries. */
export function namedBytes(goType: string): DecFn {
  return (r) => {
    const n = r.uint();
    if (n > r.remaining) badLength(goType);
    return n === 0 ? nilBytes() : bytesAt(r, n);
  };
}

/** A []byte of at least this many bytes may be a view of its message (see bytesAt). */
const VIEW_FROM = 4096;

/**
 * The `n` bytes at the reader's position (advancing past them), as a []byte the caller owns.
 * A view of the message, not a copy, when the message is in a buffer the framer allocated for
 * it alone (Reader.owned: written once, never again) and these bytes are at least half of it:
 * so a large []byte is not copied a second time, at most one value per message is such a view
 * (no two values share memory), and the view keeps alive at most twice its own size. Else a
 * copy (a message inside a socket read or an array the caller wrote may share that memory).
 */
function bytesAt(r: Reader, n: number): Uint8Array {
  const buf = r.buf;
  const start = r.pos;
  r.pos = start + n;
  if (n >= VIEW_FROM && buf === r.owned && n * 2 >= buf.length) return new Uint8Array(buf.buffer, buf.byteOffset + start, n);
  return buf.slice(start, start + n);
}

/** A GobDecoder, BinaryUnmarshaler or TextUnmarshaler: its bytes, through the schema's codec. */
export function compileExternal(s: Schema & { kind: 'external' }): DecFn {
  const codec = s.codec;
  const text = s.marshal === 'text';
  // A codec of this package that keeps nothing of its bytes reads them where they are.
  const view = keepsNoBytes(codec);
  return (r) => {
    const n = r.uint();
    // decode.go's decodeGobDecoder says GobDecoder for all three kinds of marshaler.
    if (n > r.remaining) fail(GobErrorCode.BadData, 'gob: GobDecoder: length too large for buffer');
    const start = r.pos;
    r.pos += n;
    const data: Uint8Array | string = text
      ? decodeGoString(r.buf, start, start + n)
      : view
        ? r.buf.subarray(start, start + n)
        : r.buf.slice(start, start + n);
    if (!codec) return data;
    try {
      return codec.decode(data);
    } catch (e) {
      throw new GobError(GobErrorCode.Marshaler, `gob: decoding ${s.name}: ${e instanceof Error ? e.message : String(e)}`, { cause: e });
    }
  };
}

// The skips of basic kinds (decode.go's ignoreUint, ignoreTwoUints, ignoreUint8Array).

export function skipUint(r: Reader): void {
  r.uint();
}

export function skipComplex(r: Reader): void {
  r.uint();
  r.uint();
}

export function skipBytes(r: Reader): void {
  // decode.go's ignoreUint8Array: getLength fails first for any length past the buffer.
  const n = r.uint();
  if (n > r.remaining) fail(GobErrorCode.BadData, 'gob: slice length too large');
  r.skip(n);
}

// Skipping many values of a basic type (a []int, []string or map[string]float64 the local
// schema lacks) runs in one loop over the bytes rather than a call per value: a 60 MiB []int
// skipped at 20 ns a call held the event loop for over a second. The loop handles only what is
// plainly well formed and stops in front of anything else, where the per-value closures go on
// and fail with their own texts.
const FLAT_UINT = 1; //    bool, int, uint, float: one unsigned integer
const FLAT_BYTES = 2; //   string, []byte: a length and that many bytes
const FLAT_COMPLEX = 3; // complex: two unsigned integers

/** The flat kind of values of remote type `id`, or 0 when they are not of a basic type. */
export function flatKind(id: number): number {
  switch (id) {
    case TypeId.bool:
    case TypeId.int:
    case TypeId.uint:
    case TypeId.float:
      return FLAT_UINT;
    case TypeId.string:
    case TypeId.bytes:
      return FLAT_BYTES;
    case TypeId.complex:
      return FLAT_COMPLEX;
    default:
      return 0;
  }
}

/**
 * Skips up to `n` values of flat kind `k1` (map entries: a `k1` key and a `k2` element; 0 for
 * a sequence) and returns how many it skipped. It stops at the first value that does not start
 * inside the message or does not end inside it, with the reader in front of that value.
 */
export function skipFlat(r: Reader, n: number, k1: number, k2: number): number {
  if (k2 === 0 && k1 === FLAT_UINT) return skipUints(r, n);
  const buf = r.buf;
  const end = r.end;
  let pos = r.pos;
  let i = 0;
  for (; i < n; i++) {
    let next = skipFlatValue(buf, pos, end, k1);
    if (k2 !== 0 && next >= 0) next = skipFlatValue(buf, next, end, k2);
    if (next < 0) break;
    pos = next;
  }
  r.pos = pos;
  return i;
}

/** {@link skipFlat} for a sequence of unsigned integers, the commonest case, in one loop. */
function skipUints(r: Reader, n: number): number {
  const buf = r.buf;
  const end = r.end;
  let pos = r.pos;
  let i = 0;
  for (; i < n && pos < end; i++) {
    const b = buf[pos]!;
    if (b < 0x80) pos++;
    else {
      const count = 256 - b;
      if (count > 8 || count >= end - pos) break;
      pos += count + 1;
    }
  }
  r.pos = pos;
  return i;
}

/** The end of the flat value of kind `k` at `pos`, or -1 when it is not whole before `end`. */
function skipFlatValue(buf: Uint8Array, pos: number, end: number, k: number): number {
  if (pos >= end) return -1;
  const b = buf[pos++]!;
  let x = b;
  if (b >= 0x80) {
    const count = 256 - b;
    if (count > 8 || count > end - pos) return -1;
    if (k === FLAT_BYTES) {
      x = 0;
      for (let j = 0; j < count; j++) x = x * 256 + buf[pos + j]!;
    }
    pos += count;
  }
  if (k === FLAT_BYTES) {
    if (x > end - pos) return -1;
    return pos + x;
  }
  return k === FLAT_COMPLEX ? skipFlatValue(buf, pos, end, FLAT_UINT) : pos;
}

export function skipMarshaled(r: Reader): void {
  const n = r.uint();
  if (n > r.remaining) fail(GobErrorCode.BadData, 'gob: GobDecoder: length too large for buffer');
  r.skip(n);
}
