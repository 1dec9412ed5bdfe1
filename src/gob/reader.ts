// The byte reader over one gob message, as decode.go's decBuffer and decodeUint.
import { fail, GobErrorCode } from './error.js';
import { decodeGoString } from '../schema/index.js';

/** Go's errBadUint text. */
export const ERR_BAD_UINT = 'gob: encoded unsigned integer out of range';

/** The longest string {@link Reader.string} keeps to give again (a typical Service.Method fits). */
const KEPT_STRING = 32;

/**
 * Reads gob primitives from a Uint8Array window [pos, end). When a value continues in the
 * next message (interface type definitions can split a value, see decoder.ts), the decoder
 * swaps the window with {@link Reader.reset}.
 */
export class Reader {
  buf: Uint8Array = new Uint8Array(0);
  pos = 0;
  end = 0;
  /** Current nesting depth of composite values, checked against the decoder's limit. */
  depth = 0;
  /** Eight bytes in which a float's bits become a number (the element loops use it too). */
  readonly floats = new DataView(new ArrayBuffer(8));
  /**
   * A message buffer the framer allocated for one message alone and will never write again
   * (see Framer.shiftInto), or undefined. While {@link buf} is this array, a decoded []byte
   * that takes most of it may be a view of it instead of a copy (decode-basic.ts's
   * bytesAt): nothing else holds or reuses that memory, so the value owns it. An array once
   * named here stays so owned, whichever message the reader is on.
   */
  owned: Uint8Array | undefined = undefined;
  /** The last string of 9 to {@link KEPT_STRING} bytes read (see {@link string}). */
  private keptString = '';
  /** The buffer {@link bufView} views, made on first use after {@link buf} changes. */
  private viewed: Uint8Array | undefined = undefined;
  private bufView: DataView = this.floats;

  /** A DataView of {@link buf}, for reading several bytes in one load. */
  view(): DataView {
    const buf = this.buf;
    if (this.viewed !== buf) {
      this.viewed = buf;
      this.bufView = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
    }
    return this.bufView;
  }

  reset(buf: Uint8Array): void {
    this.window(buf, 0, buf.length);
  }

  /** Reads `buf` from `start` up to `end` (a message inside a larger chunk). */
  window(buf: Uint8Array, start: number, end: number): void {
    // A view of the buffer left behind would keep it alive as long as this reader.
    if (this.viewed !== undefined && this.viewed !== buf) {
      this.viewed = undefined;
      this.bufView = this.floats;
    }
    this.buf = buf;
    this.pos = start;
    this.end = end;
  }

  get remaining(): number {
    return this.end - this.pos;
  }

  /**
   * A read past the end of the message: Go's decoder reads a message from a bytes buffer, whose
   * ReadByte then fails with io.EOF, and that is the text Decode returns (an empty message, or a
   * value whose message ends before it does).
   */
  eof(): never {
    return fail(GobErrorCode.UnexpectedEof, 'EOF');
  }

  /** Number of big-endian bytes following a count byte, or throws Go's errors. */
  private count(b: number): number {
    const n = 256 - b;
    if (n > 8) fail(GobErrorCode.BadData, ERR_BAD_UINT);
    if (n > this.end - this.pos) {
      fail(GobErrorCode.BadData, `gob: invalid uint data length ${n}: exceeds input size ${this.end - this.pos}`);
    }
    return n;
  }

  /**
   * An unsigned integer as a number. Exact up to 2^53; above that the caller must not need
   * exactness (lengths and counts are checked against the bytes left long before that).
   */
  uint(): number {
    if (this.pos >= this.end) this.eof();
    const buf = this.buf;
    const b = buf[this.pos++]!;
    if (b < 0x80) return b;
    const n = this.count(b);
    let pos = this.pos;
    let x = 0;
    for (const stop = pos + n; pos < stop; pos++) x = x * 256 + buf[pos]!;
    this.pos = pos;
    return x;
  }

  /** An unsigned integer, exact over the full 64-bit range. */
  uintBig(): bigint {
    if (this.pos >= this.end) this.eof();
    const buf = this.buf;
    const b = buf[this.pos++]!;
    if (b < 0x80) return BigInt(b);
    const n = this.count(b);
    if (n <= 6) {
      let x = 0;
      for (let i = 0; i < n; i++) x = x * 256 + buf[this.pos + i]!;
      this.pos += n;
      return BigInt(x);
    }
    let hi = 0;
    for (let i = 0; i < n - 4; i++) hi = hi * 256 + buf[this.pos + i]!;
    let lo = 0;
    for (let i = n - 4; i < n; i++) lo = lo * 256 + buf[this.pos + i]!;
    this.pos += n;
    return (BigInt(hi) << 32n) | BigInt(lo);
  }

  /**
   * An unsigned integer as a number when it is at most 2^53-1, else as a bigint: the
   * schema-less decoder's representation, and the range-checked path of number fields.
   */
  uintAuto(): number | bigint {
    if (this.pos >= this.end) this.eof();
    const buf = this.buf;
    const b = buf[this.pos]!;
    if (b < 0x80 || b >= 0xfa) return this.uint(); // at most 6 bytes: always exact
    // Seven bytes below 2^53 (Unix microseconds, large ids) as a number, without a bigint.
    if (b === 0xf9 && this.end - this.pos > 7) {
      const x = bigEndian(buf, this.pos + 1, 7);
      if (x <= Number.MAX_SAFE_INTEGER) {
        this.pos += 8;
        return x;
      }
    }
    const x = this.uintBig();
    return x <= 0x1f_ffff_ffff_ffffn ? Number(x) : x;
  }

  /** A signed integer, number when safe, else bigint. */
  intAuto(): number | bigint {
    const u = this.uintAuto();
    if (typeof u === 'number') {
      // u <= 2^53-1, so u/2 and (u+1)/2 are exact; its low bit survives the 32-bit truncation
      // (u % 2 on a double would be a call).
      return (u & 1) === 0 ? u / 2 : -(u + 1) / 2;
    }
    const i = u >> 1n;
    return (u & 1n) === 0n ? (i <= 0x1f_ffff_ffff_ffffn ? Number(i) : i) : -i - 1n >= -0x1f_ffff_ffff_ffffn ? Number(-i - 1n) : -i - 1n;
  }

  /** A signed integer, exact over the full 64-bit range. */
  intBig(): bigint {
    const u = this.uintBig();
    return (u & 1n) === 0n ? u >> 1n : -(u >> 1n) - 1n;
  }

  /** A signed integer for small values (type ids, deltas), exact to 2^52. */
  int(): number {
    const u = this.uint();
    return u % 2 === 0 ? u / 2 : -((u - 1) / 2) - 1;
  }

  /** A float: a byte-reversed float64 sent as an unsigned integer (doc.go). */
  float(): number {
    if (this.pos >= this.end) this.eof();
    const buf = this.buf;
    const b = buf[this.pos++]!;
    let lo = 0;
    let hi = 0;
    if (b < 0x80) {
      // The whole value is the top byte; the seven low bytes are zero.
      hi = b << 24;
    } else {
      // The bytes after the count are the float's, lowest first, after 8 - n zero bytes.
      const n = this.count(b);
      let p = this.pos;
      for (let q = 8 - n; q < 8; q++, p++) {
        if (q < 4) lo |= buf[p]! << (q << 3);
        else hi |= buf[p]! << ((q - 4) << 3);
      }
      this.pos = p;
    }
    const v = this.floats;
    v.setInt32(0, lo, true);
    v.setInt32(4, hi, true);
    return v.getFloat64(0, true);
  }

  /** A length that must fit in the bytes left, with Go's message for a bad one. */
  length(what: string): number {
    const n = this.uint();
    if (n > this.end - this.pos) {
      fail(GobErrorCode.BadData, `gob: invalid ${what} length ${n}: exceeds input size ${this.end - this.pos}`);
    }
    return n;
  }

  skip(n: number): void {
    this.pos += n;
  }

  /**
   * A Go string of `n` bytes: valid UTF-8 as the ordinary string, other bytes escaped so that
   * encoding it gives the same bytes back (see utf8.ts).
   */
  string(n: number): string {
    const start = this.pos;
    this.pos += n;
    return n > 8 && n <= KEPT_STRING ? this.keptOrDecoded(start, n) : decodeGoString(this.buf, start, start + n);
  }

  /**
   * The string of the `n` bytes at `start`: the one read last when its bytes are the same, else
   * decoded and kept. A stream sends the same name again and again in the same place (an RPC
   * header's ServiceMethod, once per call each way), and decoding one costs more than the
   * comparison; the mapping from bytes to string is fixed, so the kept string is exactly what
   * decoding would give. The kept string is compared with the bytes by its code units, last one
   * first (strings in a row that differ, map keys, mostly differ at the end): a string as long
   * as its bytes is ASCII, or holds escapes (U+DC80..U+DCFF), which equal no byte.
   */
  private keptOrDecoded(start: number, n: number): string {
    const b = this.buf;
    const kept = this.keptString;
    if (kept.length === n && kept.charCodeAt(n - 1) === b[start + n - 1]) {
      let i = 0;
      while (i < n - 1 && kept.charCodeAt(i) === b[start + i]) i++;
      if (i === n - 1) return kept;
    }
    const s = decodeGoString(b, start, start + n);
    this.keptString = s;
    return s;
  }
}

/**
 * Strings a stream sends over and over (interface type names), kept by their bytes so that the
 * same bytes give the same string without making it again: a string kept here has its hash
 * computed once, so looking it up in a registry's Map is cheap too. Direct-mapped and bounded
 * (64 entries of at most the longest name allowed); one per Decoder.
 */
export class StringCache {
  private readonly bytes: (Uint8Array | undefined)[] = new Array(64).fill(undefined);
  private readonly strings: string[] = new Array(64).fill('');
  /** The slot (0 to 63) of the string {@link read} returned last, for caches kept beside this one. */
  slot = 0;

  /** The string of the `n` bytes at the reader's position (advancing past them), as Reader.string. */
  read(r: Reader, n: number): string {
    const buf = r.buf;
    const start = r.pos;
    let h = 0x811c9dc5;
    for (let i = start; i < start + n; i++) h = Math.imul(h ^ buf[i]!, 0x01000193);
    const slot = (h ^ (h >>> 6)) & 63;
    this.slot = slot;
    const kept = this.bytes[slot];
    if (kept !== undefined && kept.length === n) {
      let i = 0;
      while (i < n && kept[i] === buf[start + i]) i++;
      if (i === n) {
        r.pos = start + n;
        return this.strings[slot]!;
      }
    }
    const s = r.string(n);
    this.bytes[slot] = buf.slice(start, start + n);
    this.strings[slot] = s;
    return s;
  }
}

/**
 * The `k` bytes (1 to 7) of `buf` from `p` as a big-endian unsigned integer, exact: up to four in
 * 32-bit arithmetic, the last four of more in 32-bit arithmetic and the ones before them above it.
 */
export function bigEndian(buf: Uint8Array, p: number, k: number): number {
  switch (k) {
    case 1:
      return buf[p]!;
    case 2:
      return (buf[p]! << 8) | buf[p + 1]!;
    case 3:
      return (buf[p]! << 16) | (buf[p + 1]! << 8) | buf[p + 2]!;
    case 4:
      return ((buf[p]! << 24) | (buf[p + 1]! << 16) | (buf[p + 2]! << 8) | buf[p + 3]!) >>> 0;
  }
  const e = p + k;
  const lo = ((buf[e - 4]! << 24) | (buf[e - 3]! << 16) | (buf[e - 2]! << 8) | buf[e - 1]!) >>> 0;
  const hi = k === 5 ? buf[p]! : k === 6 ? (buf[p]! << 8) | buf[p + 1]! : (buf[p]! << 16) | (buf[p + 1]! << 8) | buf[p + 2]!;
  return hi * 0x1_0000_0000 + lo;
}
