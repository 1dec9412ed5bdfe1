// The loops that read a slice's or array's elements, as dec_helpers.go and decodeArrayHelper,
// and the length checks around them.
import { addPath, fail, GobErrorCode } from './error.js';
import { bigEndian, type Reader } from './reader.js';
import {
  baseOf,
  decodeGoString,
  goString,
  intRange,
  isUtf8,
  type NumericArray,
  type NumericArrayConstructor,
  type Schema,
} from '../schema/index.js';
import { type DecFn, MAX_FLOAT32, rangeWithin } from './decode-basic.js';

/**
 * A loop reading the `n` elements of a slice or array (one per kind of element, see
 * {@link elementsReader}); `elem` decodes one element, `exceeds` is Go's text for a count past
 * the bytes left.
 */
type ElementsReader = (r: Reader, n: number, elem: DecFn, exceeds: (n: number) => string) => unknown[];

/** The array `n` elements go into: preallocated only when the bytes left can hold them. */
function elementArray(r: Reader, n: number): unknown[] {
  return n <= r.remaining ? new Array(n) : [];
}

/**
 * A long array of `n` numbers, made as V8 keeps raw doubles from the start. `new Array(n)` keeps
 * small integers as tagged values instead, which every collection that finds the array alive
 * walks slot by slot, a cost Go's pointer-free []int never has, and which a float element would
 * first have to convert, copying the whole backing store. Integers read back from it are the same
 * numbers. Setting the length is a call into the runtime, so short arrays, most of them, keep
 * `new Array(n)`, which is inlined (each caller its own, so that V8 learns their element kinds
 * apart).
 */
function longNumbers(n: number): number[] {
  const a = [0.5];
  a.length = n;
  return a;
}

/** The length from which numeric elements go into {@link longNumbers} (the runtime call is then noise). */
const LONG_NUMBERS = 1024;

/**
 * Reads `n` elements of a slice or array, as decode.go's decodeArrayHelper: every element must
 * find bytes left (elements holding interfaces may continue in later messages, and a struct ends
 * with its message), and a count past the bytes left is never allocated up front (it may exceed
 * 2^32 - 1). A failure names the element's index in its path.
 */
function readElements(r: Reader, n: number, elem: DecFn, exceeds: (n: number) => string): unknown[] {
  return readRest(r, elementArray(r, n), 0, n, elem, exceeds);
}

/** Reads elements `i` to `n` into `a` through `elem`; the general loop every fast one ends in. */
function readRest(r: Reader, a: unknown[], i: number, n: number, elem: DecFn, exceeds: (n: number) => string): unknown[] {
  try {
    for (; i < n; i++) {
      if (r.remaining === 0) fail(GobErrorCode.BadData, exceeds(n));
      a[i] = elem(r);
    }
  } catch (e) {
    throw addPath(rangeWithin(e, 'element of ', true), `[${i}]`);
  }
  return a;
}

/**
 * The high 32 bits of a float sent in `k` bytes (1 to 8) at `p`: gob sends a float's bytes
 * reversed, so they are its top k bytes, lowest first, after 8 - k zero bytes; the last four are
 * the high word.
 */
function floatHigh(buf: Uint8Array, data: DataView, p: number, k: number): number {
  if (k >= 4) return data.getInt32(p + k - 4, true);
  if (k === 3) return (buf[p]! << 8) | (buf[p + 1]! << 16) | (buf[p + 2]! << 24);
  if (k === 2) return (buf[p]! << 16) | (buf[p + 1]! << 24);
  return buf[p]! << 24;
}

/** The low 32 bits of that float: the bytes before the last four, at the top of the word. */
function floatLow(data: DataView, p: number, k: number): number {
  return k > 4 ? data.getInt32(p, true) << ((8 - k) << 3) : 0;
}

/**
 * float64 and float32 elements read in one loop (decode.go's decFloat64Slice and
 * decFloat32Slice), into an array of raw doubles as V8 keeps all-number arrays. V8 rewrites
 * every NaN stored there to one canonical NaN, losing the payload Go sent (math.NaN() is
 * 7ff8000000000001), so at the first NaN the elements so far are copied into a generic array,
 * made at another site than the double arrays (V8 would otherwise learn to make every later
 * array generic), and the rest is read there through `elem`. So is anything unusual: a value
 * past the bytes left, a float32 out of range, or bad data, which `elem` then reports with its
 * own text.
 */
function readFloats(r: Reader, n: number, elem: DecFn, exceeds: (n: number) => string, single: boolean): unknown[] {
  const a: number[] = n > r.remaining ? [] : n < LONG_NUMBERS ? new Array(n) : longNumbers(n);
  const buf = r.buf;
  const end = r.end;
  // Eight bytes after the count are the whole float, lowest byte first: read in place.
  const data = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  const scratch = r.floats;
  let pos = r.pos;
  let i = 0;
  for (; i < n && pos < end; i++) {
    const b = buf[pos]!;
    let v: number;
    let next: number;
    if (b === 0xf8) {
      if (end - pos <= 8) break;
      v = data.getFloat64(pos + 1, true);
      next = pos + 9;
    } else {
      // Fewer bytes: the float's top bytes, lowest first, after 8 - k zero bytes; or, below
      // 0x80, the top byte alone.
      let lo = 0;
      let hi: number;
      if (b < 0x80) {
        hi = b << 24;
        next = pos + 1;
      } else {
        const k = 256 - b;
        if (k > 8 || k >= end - pos) break;
        const p = pos + 1;
        hi = floatHigh(buf, data, p, k);
        lo = floatLow(data, p, k);
        next = p + k;
      }
      scratch.setInt32(0, lo, true);
      scratch.setInt32(4, hi, true);
      v = scratch.getFloat64(0, true);
    }
    // A NaN is read again through elem, into the generic array; so is a float32 out of range.
    if (Number.isNaN(v)) break;
    if (single) {
      if (Math.abs(v) > MAX_FLOAT32 && Number.isFinite(v)) break;
      v = Math.fround(v);
    }
    a[i] = v;
    pos = next;
  }
  r.pos = pos;
  if (i === n) return a;
  const g = elementArray(r, n);
  g[0] = undefined;
  for (let j = 0; j < i; j++) g[j] = a[j];
  return readRest(r, g, i, n, elem, exceeds);
}

const readFloat64s: ElementsReader = (r, n, elem, exceeds) => readFloats(r, n, elem, exceeds, false);
const readFloat32s: ElementsReader = (r, n, elem, exceeds) => readFloats(r, n, elem, exceeds, true);

/**
 * Integer elements held as numbers (decode.go's decIntSlice and its kin): values of up to seven
 * bytes that are exact in a double are read in the loop, checked against [min, max]; anything
 * else (a value past 2^53, one out of range, bad data) ends the loop and is read through
 * `elem`, with `elem`'s result or error, and the loop goes on after it. The same shape as
 * {@link looped}, kept apart for its array: numbers get one of their own (longNumbers, or a
 * `new Array` here, whose allocation site V8 then knows holds numbers only).
 */
function intElements(signed: boolean, min: number, max: number): ElementsReader {
  const loop = signed ? readSignedRun : readUnsignedRun;
  return (r, n, elem, exceeds) => {
    const a: number[] = n > r.remaining ? [] : n < LONG_NUMBERS ? new Array(n) : longNumbers(n);
    for (let i = loop(r, a, 0, n, min, max); i < n; i = loop(r, a, i + 1, n, min, max)) {
      // One element through elem (it fails where the value is bad), then the loop again.
      try {
        if (r.remaining === 0) fail(GobErrorCode.BadData, exceeds(n));
        a[i] = elem(r);
      } catch (e) {
        throw addPath(rangeWithin(e, 'element of ', true), `[${i}]`);
      }
    }
    return a;
  };
}

/**
 * Reads signed integers into `a` from element `i` while they are exact in a double and within
 * [min, max]; returns the index of the first it leaves (n when done), the reader before it.
 */
function readSignedRun(r: Reader, a: number[], i: number, n: number, min: number, max: number): number {
  const buf = r.buf;
  const end = r.end;
  let pos = r.pos;
  // Go's zigzag: the low bit is the sign, the rest the magnitude (complemented if negative).
  // Values of one byte, or of one byte after the count 0xff, fit every signed kind without a
  // range check; while two elements and four bytes remain they are read two per turn.
  run: for (;;) {
    while (i + 1 < n && end - pos > 3) {
      let x = buf[pos]!;
      if (x < 0x80) pos++;
      else if (x === 0xff) {
        x = buf[pos + 1]!;
        pos += 2;
      } else break;
      let y = buf[pos]!;
      if (y < 0x80) pos++;
      else if (y === 0xff) {
        y = buf[pos + 1]!;
        pos += 2;
      } else {
        a[i++] = (x >>> 1) ^ -(x & 1);
        break;
      }
      a[i] = (x >>> 1) ^ -(x & 1);
      a[i + 1] = (y >>> 1) ^ -(y & 1);
      i += 2;
    }
    if (i >= n || pos >= end) break;
    // One value of any width.
    const b = buf[pos]!;
    if (b < 0x80) {
      a[i] = (b >>> 1) ^ -(b & 1);
      pos++;
    } else if (b === 0xff && end - pos > 1) {
      const x = buf[pos + 1]!;
      a[i] = (x >>> 1) ^ -(x & 1);
      pos += 2;
    } else if (b >= 0xfc && end - pos > 256 - b) {
      // Two to four bytes: a zigzag below 2^32, in 32-bit arithmetic.
      const k = 256 - b;
      const x = bigEndian(buf, pos + 1, k);
      const v = (x >>> 1) ^ -(x & 1);
      if (v < min || v > max) break;
      a[i] = v;
      pos += k + 1;
    } else if (b === 0xf9 && end - pos > 7) {
      // Seven bytes (Unix microseconds, large ids), and as many more as follow, two loads
      // each: exact while the zigzag is below 2^53, its top 24 bits below 2^21.
      const view = r.view();
      do {
        const hi = view.getUint32(pos) & 0xff_ffff;
        if (hi >= 0x20_0000) break run;
        const lo = view.getUint32(pos + 4);
        const m = hi * 0x8000_0000 + (lo >>> 1);
        const v = (lo & 1) === 0 ? m : -m - 1;
        if (v < min || v > max) break run;
        a[i++] = v;
        pos += 8;
      } while (i < n && end - pos > 7 && buf[pos] === 0xf9);
      continue;
    } else {
      // Up to seven bytes while the value is exact in a double (a zigzag below 2^53).
      const k = 256 - b;
      if (k > 7 || k >= end - pos) break;
      const x = bigEndian(buf, pos + 1, k);
      if (x > Number.MAX_SAFE_INTEGER) break;
      // The zigzag's sign is the low bit of the last byte (x % 2 would be a call on a double).
      const v = (buf[pos + k]! & 1) === 0 ? x / 2 : -(x + 1) / 2;
      if (v < min || v > max) break;
      a[i] = v;
      pos += k + 1;
    }
    i++;
  }
  r.pos = pos;
  return i;
}

/**
 * {@link readSignedRun} for unsigned integers: a copy without the zigzag, as one function taking
 * `signed` as a flag measured 3–6% slower per element.
 */
function readUnsignedRun(r: Reader, a: number[], i: number, n: number, min: number, max: number): number {
  const buf = r.buf;
  const end = r.end;
  let pos = r.pos;
  // Values of one byte, or of one byte after the count, fit every unsigned kind.
  run: for (;;) {
    while (i + 1 < n && end - pos > 3) {
      let x = buf[pos]!;
      if (x < 0x80) pos++;
      else if (x === 0xff) {
        x = buf[pos + 1]!;
        pos += 2;
      } else break;
      let y = buf[pos]!;
      if (y < 0x80) pos++;
      else if (y === 0xff) {
        y = buf[pos + 1]!;
        pos += 2;
      } else {
        a[i++] = x;
        break;
      }
      a[i] = x;
      a[i + 1] = y;
      i += 2;
    }
    if (i >= n || pos >= end) break;
    const b = buf[pos]!;
    if (b < 0x80) {
      a[i] = b;
      pos++;
    } else if (b === 0xff && end - pos > 1) {
      a[i] = buf[pos + 1]!;
      pos += 2;
    } else if (b >= 0xfc && end - pos > 256 - b) {
      const k = 256 - b;
      const v = bigEndian(buf, pos + 1, k);
      if (v < min || v > max) break;
      a[i] = v;
      pos += k + 1;
    } else if (b === 0xf9 && end - pos > 7) {
      const view = r.view();
      do {
        const hi = view.getUint32(pos) & 0xff_ffff;
        const v = hi * 0x1_0000_0000 + view.getUint32(pos + 4);
        if (hi >= 0x20_0000 || v < min || v > max) break run;
        a[i++] = v;
        pos += 8;
      } while (i < n && end - pos > 7 && buf[pos] === 0xf9);
      continue;
    } else {
      const k = 256 - b;
      if (k > 7 || k >= end - pos) break;
      const v = bigEndian(buf, pos + 1, k);
      if (v < min || v > max || v > Number.MAX_SAFE_INTEGER) break;
      a[i] = v;
      pos += k + 1;
    }
    i++;
  }
  r.pos = pos;
  return i;
}

/**
 * Elements read by `loop` while it can (it returns the index of the first it leaves, the reader
 * before it, as {@link readSignedRun}), each one it leaves through `elem`, with `elem`'s result
 * or error, and the loop again after it.
 */
function looped(loop: (r: Reader, a: unknown[], i: number, n: number) => number): ElementsReader {
  return (r, n, elem, exceeds) => {
    const a = elementArray(r, n);
    for (let i = loop(r, a, 0, n); i < n; i = loop(r, a, i + 1, n)) {
      try {
        if (r.remaining === 0) fail(GobErrorCode.BadData, exceeds(n));
        a[i] = elem(r);
      } catch (e) {
        throw addPath(rangeWithin(e, 'element of ', true), `[${i}]`);
      }
    }
    return a;
  };
}

/** bools of one byte (decode.go's decBool: any uint but 0 is true); a longer one ends the run. */
function readBoolRun(r: Reader, a: unknown[], i: number, n: number): number {
  const buf = r.buf;
  const end = r.end;
  let pos = r.pos;
  for (; i < n && pos < end; i++, pos++) {
    const b = buf[pos]!;
    if (b >= 0x80) break;
    a[i] = b !== 0;
  }
  r.pos = pos;
  return i;
}

/** The fewest strings in a row that {@link readSharedText} reads as one text. */
const SHARED_TEXT_RUN = 64;

/** ASCII bytes as a string (windows-1252 is ASCII below 0x80). */
const asciiText = new TextDecoder('latin1');

/** UTF-8, each byte that is not part of it as U+FFFD; a leading U+FEFF kept. */
const utf8Text = new TextDecoder('utf-8', { ignoreBOM: true });

/**
 * Strings of up to 127 bytes (a length of one byte) that the message holds, decoded straight from
 * the buffer; a longer one, or one past the end, ends the run for `elem` to read or refuse. A
 * long row of them may be read as one text first ({@link readSharedText}).
 */
function readStringRun(r: Reader, a: unknown[], i: number, n: number): number {
  if (n - i >= SHARED_TEXT_RUN) i = readSharedText(r, a, i, n);
  const buf = r.buf;
  const end = r.end;
  let pos = r.pos;
  for (; i < n && pos < end; i++) {
    const len = buf[pos]!;
    if (len >= 0x80 || len >= end - pos) break;
    a[i] = decodeGoString(buf, pos + 1, pos + 1 + len);
    pos += 1 + len;
  }
  r.pos = pos;
  return i;
}

/**
 * Reads a row of {@link SHARED_TEXT_RUN} or more strings of up to 127 bytes that are valid UTF-8
 * as one text, counts included, each string a substring of it, and returns the index after the
 * row (`i` when there is none). V8 makes a substring of 13 or more characters a view of the text
 * rather than a copy, so a []string costs an object per element instead of its characters again
 * (two to three times faster to decode, and far less for the collector to copy; eight times for
 * strings that are not ASCII, each of which would be a TextDecoder call). A string kept alone
 * keeps that text alive, at most twice the message's bytes.
 *
 * The row's extent comes from the counts alone, and one UTF-8 decode reads it. When it
 * is ASCII (as many characters as bytes) each string is where its bytes are; else each string's
 * length in UTF-16 units is counted from its bytes (one per byte that does not continue a
 * character, two for a character of four bytes). When the row is not UTF-8 at all, it is cut at
 * its first string that is not ASCII, found byte by byte, and the ASCII strings before that
 * share a text.
 */
function readSharedText(r: Reader, a: unknown[], i: number, n: number): number {
  const buf = r.buf;
  const end = r.end;
  const pos = r.pos;
  let p = pos;
  let k = i;
  let first = -1;
  for (; k < n && p < end; k++) {
    if (k - i === SHARED_TEXT_RUN) first = p;
    const len = buf[p]!;
    if (len >= 0x80 || len >= end - p) break;
    p += 1 + len;
  }
  if (k - i < SHARED_TEXT_RUN) return i;
  // The first strings checked here, so that a row that is not UTF-8 from the start (binary ids)
  // is left before all of it is decoded.
  if (!isUtf8(buf, pos, first < 0 ? p : first)) return i;
  let text = utf8OrEmpty(buf.subarray(pos, p));
  if (text.length !== p - pos && text !== '') {
    // Valid UTF-8, not all ASCII.
    for (let at = pos, unit = 0; i < k; i++) {
      const len = buf[at]!;
      let units = 0;
      for (let j = at + 1, e = at + 1 + len; j < e; j++) {
        const c = buf[j]!;
        units += ((c & 0xc0) !== 0x80 ? 1 : 0) + (c >= 0xf0 ? 1 : 0);
      }
      a[i] = text.substring(unit + 1, unit + 1 + units);
      at += 1 + len;
      unit += 1 + units;
    }
    r.pos = p;
    return k;
  }
  if (text === '') {
    for (p = pos, k = i; k < n; k++) {
      const q = asciiString(buf, p, end);
      if (q < 0) break;
      p = q;
    }
    if (k - i < SHARED_TEXT_RUN) return i;
    text = asciiText.decode(buf.subarray(pos, p));
  }
  for (let at = 0; i < k; i++) {
    const len = buf[pos + at]!;
    a[i] = text.substring(at + 1, at + 1 + len);
    at += 1 + len;
  }
  r.pos = p;
  return k;
}

/**
 * The position after the string at `p` when its count is one byte and it is plain ASCII, within
 * `end`; else -1.
 */
function asciiString(buf: Uint8Array, p: number, end: number): number {
  if (p >= end) return -1;
  const len = buf[p]!;
  if (len >= 0x80 || len >= end - p) return -1;
  let or = 0;
  for (let j = p + 1, e = p + 1 + len; j < e; j++) or |= buf[j]!;
  return or < 0x80 ? p + 1 + len : -1;
}

/**
 * `bytes` as a string when they are valid UTF-8 holding no U+FFFD, else the empty string. A
 * replacing decoder and a search rather than a fatal decoder, whose exception costs about 3 µs
 * (rows of binary strings would pay it every time); a row that holds U+FFFD itself is decoded
 * string by string.
 */
function utf8OrEmpty(bytes: Uint8Array): string {
  const text = utf8Text.decode(bytes);
  return text.includes('\ufffd') ? '' : text;
}

const readBools = looped(readBoolRun);
const readStrings = looped(readStringRun);

/** The loop that reads a slice's or array's elements, by the kind of its element schema. */
export function elementsReader(elem: Schema): ElementsReader {
  const s = baseOf(elem);
  switch (s.kind) {
    case 'bool':
      return readBools;
    case 'string':
      return readStrings;
    case 'float':
      return s.bits === 64 ? readFloat64s : readFloat32s;
    case 'int':
    case 'uint': {
      if (s.mode === 'bigint') return readElements;
      const [min, max] = intRange(s.kind === 'int', s.bits).map(Number) as [number, number];
      return intElements(s.kind === 'int', min, max);
    }
    default:
      return readElements;
  }
}

/**
 * A loop reading the `n` elements of a slice held in a typed array (`t.slice(elem, { as })`),
 * as {@link ElementsReader} does into an array.
 */
export type TypedElementsReader = (r: Reader, n: number, elem: DecFn, exceeds: (n: number) => string) => NumericArray;

/** Whether typed arrays are little-endian here, as gob's floats are once their bytes are reversed. */
const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/**
 * The loop that reads a slice's elements into a typed array made by `as`, by the kind of `elem`
 * (the pair {@link t.slice} accepted). As {@link readElements}, every element must find bytes
 * left, and a failure names the element's index; an array is allocated only for as many elements
 * as there are bytes left (each takes one at least), so a count past them costs no memory before
 * it fails.
 */
export function typedElementsReader(as: NumericArrayConstructor, elem: Schema): TypedElementsReader {
  const s = baseOf(elem);
  if (as === Float64Array && s.kind === 'float' && s.bits === 64 && LITTLE_ENDIAN) return readFloat64Array;
  if ((s.kind === 'int' || s.kind === 'uint') && s.mode === 'number') {
    const [min, max] = intRange(s.kind === 'int', s.bits).map(Number) as [number, number];
    const signed = s.kind === 'int';
    return (r, n, elem, exceeds) => {
      const a = new as(Math.min(n, r.remaining));
      readTypedInts(r, a as Float64Array, n, signed, min, max, elem, exceeds);
      return a;
    };
  }
  return (r, n, elem, exceeds) => {
    const a = new as(Math.min(n, r.remaining));
    readTypedRest(r, a, 0, n, n, elem, exceeds);
    return a;
  };
}

/**
 * Reads elements `i` up to `to` of the `n` into `a` through `elem`, as {@link readRest}, in a loop
 * of its own so that the arrays' loop keeps learning only arrays. A count past the bytes left
 * fails before an element is stored past the end of `a`.
 */
function readTypedRest(r: Reader, a: NumericArray, i: number, to: number, n: number, elem: DecFn, exceeds: (n: number) => string): void {
  try {
    for (; i < to; i++) {
      if (r.remaining === 0) fail(GobErrorCode.BadData, exceeds(n));
      a[i] = elem(r) as number & bigint;
    }
  } catch (e) {
    throw addPath(rangeWithin(e, 'element of ', true), `[${i}]`);
  }
}

/**
 * Integer elements into a typed array of numbers, as {@link intElements} into an array: runs of
 * values read in place ({@link readTypedIntRun}), and each value a run leaves read through `elem`,
 * which checks its range or fails as Go fails.
 */
function readTypedInts(
  r: Reader,
  a: Float64Array,
  n: number,
  signed: boolean,
  min: number,
  max: number,
  elem: DecFn,
  exceeds: (n: number) => string,
): void {
  for (let i = readTypedIntRun(r, a, 0, n, signed, min, max); i < n; i = readTypedIntRun(r, a, i + 1, n, signed, min, max)) {
    readTypedRest(r, a, i, i + 1, n, elem, exceeds);
  }
}

/**
 * Reads integers into `a` from element `i` while they are exact in a double and within
 * [min, max]; returns the index of the first it leaves (n when done), the reader before it.
 * Values of one byte, or of one byte after the count 0xff, fit every integer kind unchecked.
 */
function readTypedIntRun(r: Reader, a: Float64Array, i: number, n: number, signed: boolean, min: number, max: number): number {
  const buf = r.buf;
  const end = r.end;
  let pos = r.pos;
  for (; i < n && pos < end; i++) {
    const b = buf[pos]!;
    if (b < 0x80) {
      a[i] = signed ? (b >>> 1) ^ -(b & 1) : b;
      pos++;
    } else if (b === 0xff && end - pos > 1) {
      const x = buf[pos + 1]!;
      a[i] = signed ? (x >>> 1) ^ -(x & 1) : x;
      pos += 2;
    } else {
      const k = 256 - b;
      if (k > 7 || k >= end - pos) break;
      const x = bigEndian(buf, pos + 1, k);
      if (x > Number.MAX_SAFE_INTEGER) break;
      const v = !signed ? x : (buf[pos + k]! & 1) === 0 ? x / 2 : -(x + 1) / 2;
      if (v < min || v > max) break;
      a[i] = v;
      pos += k + 1;
    }
  }
  r.pos = pos;
  return i;
}

/**
 * float64 elements into a Float64Array (little-endian, as {@link typedElementsReader} checks):
 * each float's bits written as Go sent them, so a NaN keeps its payload, which a store of the
 * number could not promise. A value this loop does not take (a count past eight bytes, the end
 * of the message) is read through `elem`, which fails as Go fails.
 */
function readFloat64Array(r: Reader, n: number, elem: DecFn, exceeds: (n: number) => string): Float64Array {
  const a = new Float64Array(Math.min(n, r.remaining));
  const words = new Uint32Array(a.buffer, a.byteOffset, a.length * 2);
  const buf = r.buf;
  const end = r.end;
  const data = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  let pos = r.pos;
  let i = 0;
  for (; i < n && pos < end; i++) {
    const b = buf[pos]!;
    let lo = 0;
    let hi = 0;
    if (b === 0xf8) {
      if (end - pos <= 8) break;
      lo = data.getUint32(pos + 1, true);
      hi = data.getUint32(pos + 5, true);
      pos += 9;
    } else if (b < 0x80) {
      hi = b << 24;
      pos++;
    } else {
      const k = 256 - b;
      if (k > 8 || k >= end - pos) break;
      hi = floatHigh(buf, data, pos + 1, k);
      lo = floatLow(data, pos + 1, k);
      pos += k + 1;
    }
    words[2 * i] = lo;
    words[2 * i + 1] = hi;
  }
  r.pos = pos;
  // What the loop left (the end of the message, a count past eight bytes) goes through elem,
  // which fails as Go fails.
  if (i < n) readTypedRest(r, a, i, n, n, elem, exceeds);
  return a;
}

/** Go's tooBig (decoder.go), on a 64-bit machine: a slice of more bytes than this is refused. */
const TOO_BIG_BYTES = 2 ** 33;

/**
 * The largest count decode.go's decodeSlice takes for elements of `elemSize` bytes (Go's local
 * element type's Size(), see {@link goSize}): a count above it would pass tooBig bytes. Counts
 * past int64 are refused whatever the size (see {@link sliceTooBig}). For an element whose size
 * is not known here (a marshaler of the user's) counts past 2^31 are refused.
 */
export function sliceLimit(elemSize: number | undefined): number {
  if (elemSize === undefined) return 2 ** 31;
  return elemSize === 0 ? Number.POSITIVE_INFINITY : TOO_BIG_BYTES / elemSize;
}

/**
 * decode.go's decodeSlice refusing the count just read (which began at `at`): Go's text, the
 * count exact past 2^53, with the element size where it is known.
 */
export function sliceTooBig(r: Reader, at: number, elemName: string, elemSize: number | undefined): never {
  const end = r.pos;
  r.pos = at;
  const u = r.uintBig();
  r.pos = end;
  return fail(
    GobErrorCode.BadData,
    `gob: ${elemName} slice too big: ${u} elements${elemSize === undefined ? '' : ` of ${elemSize} bytes`}`,
  );
}

/**
 * reflect's Size() of the Go type `s` describes, as a 64-bit machine lays it out (fields aligned,
 * a struct padded to its alignment), or undefined for a type whose layout is not known here (a
 * marshaler other than time.Time or one held by pointer, a type that contains itself).
 */
export function goSize(s: Schema): number | undefined {
  return layout(s, new Set())?.[0];
}

/** [size, alignment] of `s` (see {@link goSize}); `open` holds the types being laid out. */
function layout(s: Schema, open: Set<Schema>): [number, number] | undefined {
  switch (s.kind) {
    case 'bool':
      return [1, 1];
    case 'int':
    case 'uint':
      return s.goName === 'int' || s.goName === 'uint' || s.goName === 'uintptr' ? [8, 8] : [s.bits / 8, s.bits / 8];
    case 'float':
      return [s.bits / 8, s.bits / 8];
    case 'complex':
      return s.bits === 64 ? [8, 4] : [16, 8];
    case 'string':
    case 'interface':
      return [16, 8];
    case 'bytes':
    case 'slice':
      return [24, 8];
    case 'map':
    case 'ptr':
      return [8, 8];
    case 'external':
      // time.Time is { wall uint64; ext int64; loc *Location }; a marshaler held by pointer is one.
      if (s.pointerReceiver) return [8, 8];
      return s.name === 'time.Time' ? [24, 8] : undefined;
    case 'array':
    case 'struct': {
      if (open.has(s)) return undefined;
      open.add(s);
      try {
        if (s.kind === 'array') {
          const e = layout(s.elem, open);
          return e && [e[0] * s.len, e[1]];
        }
        let size = 0;
        let align = 1;
        let lastZero = false;
        for (const f of s.fields) {
          const fl = layout(f.schema, open);
          if (fl === undefined) return undefined;
          size = Math.ceil(size / fl[1]) * fl[1] + fl[0];
          align = Math.max(align, fl[1]);
          lastZero = fl[0] === 0;
        }
        // reflect pads a struct ending in a zero-size field, so a pointer to it stays inside it.
        if (lastZero && size > 0) size++;
        return [Math.ceil(size / align) * align, align];
      } finally {
        open.delete(s);
      }
    }
  }
}

export function lengthFail(n: number): never {
  return fail(GobErrorCode.BadData, `gob: decoding array or slice: length exceeds input size (${n} elements)`);
}

/** Element kinds Go decodes with a dec_helpers.go function, which names the kind in its error. */
const HELPER_KINDS = new Set(['bool', 'int', 'uint', 'float', 'complex', 'string']);

/**
 * Go's text for a count past the bytes left: dec_helpers.go's ("decoding int array or slice: …")
 * when Go has a helper for the element (an unnamed basic type in an unnamed slice, or in any
 * array), else decodeArrayHelper's.
 */
export function lengthText(s: Schema & { kind: 'slice' | 'array' }, elem: Schema): (n: number) => string {
  const helper = usesHelper(s, elem);
  const what = helper ? `${goString(elem)} array or slice` : 'array or slice';
  return (n) => `gob: decoding ${what}: length exceeds input size (${n} elements)`;
}

/** Whether Go decodes the elements with a dec_helpers.go function (see {@link lengthText}). */
function usesHelper(s: Schema & { kind: 'slice' | 'array' }, elem: Schema): boolean {
  const e = baseOf(elem) === elem ? elem : undefined;
  return e !== undefined && HELPER_KINDS.has(e.kind) && !e.name && (s.kind === 'array' || !s.name) && !(e.kind === 'uint' && e.bits === 8);
}

/**
 * The element decoder `dec` of `s`, or for strings Go's helper decodes (dec_helpers.go's
 * decStringSlice) the same read with that helper's text for a length past the bytes left,
 * which prints the length read.
 */
export function helperElement(s: Schema & { kind: 'slice' | 'array' }, dec: DecFn): DecFn {
  return usesHelper(s, s.elem) && s.elem.kind === 'string' ? helperString : dec;
}

function helperString(r: Reader): string {
  const at = r.pos;
  const n = r.uint();
  if (n > r.remaining) {
    r.pos = at;
    fail(GobErrorCode.BadData, `gob: length of string exceeds input size (${r.uintBig()} bytes)`);
  }
  return r.string(n);
}

/** {@link mayHoldInterface}, kept per schema for the process (schemas do not change). */
const holdsCache = new WeakMap<Schema, boolean>();

/** Whether values of this schema can contain an interface value: {@link mayHoldInterface}, computed once per schema. */
export function holdsInterface(s: Schema): boolean {
  let h = holdsCache.get(s);
  if (h === undefined) holdsCache.set(s, (h = mayHoldInterface(s)));
  return h;
}

/** Whether values of this schema can contain an interface value (and so span messages). */
export function mayHoldInterface(s: Schema, seen = new Set<Schema>()): boolean {
  s = baseOf(s);
  if (seen.has(s)) return false;
  seen.add(s);
  switch (s.kind) {
    case 'interface':
      return true;
    case 'slice':
    case 'array':
      return mayHoldInterface(s.elem, seen);
    case 'map':
      return mayHoldInterface(s.key, seen) || mayHoldInterface(s.elem, seen);
    case 'struct':
      return s.fields.some((f) => mayHoldInterface(f.schema, seen));
    default:
      return false;
  }
}
