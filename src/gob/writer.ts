// The growable byte buffer the encoder writes into, as encode.go's encBuffer and
// encodeUint/encodeInt.
import { fail, GobErrorCode } from './error.js';
import { encodeGoStringInto, isWellFormed } from '../schema/index.js';

const TWO32 = 0x1_0000_0000;

/** TextEncoder holds no state between calls, so one serves every writer. */
const UTF8 = new TextEncoder();

/** Whether a Float64Array's bytes are little-endian, as the float fast paths read them. */
const LITTLE_ENDIAN = new Uint8Array(Float64Array.of(1).buffer)[7] === 0x3f;

/** @internal Below this many bytes, a part's length is left to join to make room for. */
export const EXPECT_FROM = 1024;

/**
 * Strings shorter than this are written by a loop over their characters (plain ASCII, else
 * UTF-8 in JavaScript); longer ones by TextEncoder.encodeInto, whose call costs about what the
 * ASCII loop does for 40 characters. Below 43 units a string's UTF-8 fits a one-byte count.
 */
const ASCII_LOOP = 40;

/** Elements written per capacity check by the slice runs: at most 9 bytes each. */
const RUN_BLOCK = 1024;

/** Strings {@link Writer.stringRun} writes with one TextEncoder call, at most. */
const STRING_BLOCK = 256;

/**
 * {@link Writer.stringRun} joins a block of strings into one string when it has this many
 * strings or more to write and the first 16 average this many UTF-16 units or more: shorter ones
 * cost less through the character loop, and an encodeInto call costs about what the loop does
 * for 40 units.
 */
const JOIN_MIN_COUNT = 32;
const JOIN_MIN_UNITS = 12;

/** The one-character strings whose code is a count under 128: a gob uint's single byte as text. */
const COUNT_CHARS: readonly string[] = Array.from({ length: 0x80 }, (_, n) => String.fromCharCode(n));

/**
 * A growable byte buffer with gob's primitive encodings, and length-prefixed parts nested with
 * {@link fork} and {@link join} (protobuf-es BinaryWriter.fork()/join(); encoder.go's
 * writeMessage): the buffer and its position are the writer's own.
 */
export class Writer {
  /**
   * @internal The buffer and the position of the next byte. Generated struct encoders
   * (encode.ts) write at `pos` themselves with the `put*` functions below, getting room with
   * {@link room}, and store their position back before any other call on the writer.
   */
  buf: Uint8Array;
  /** @internal */
  pos = 0;
  /** Where each open part's one-byte length placeholder is, innermost last. */
  private readonly forks: number[] = [];
  /** The bytes reserved for each open part's length: 1, or more once {@link expect} made room. */
  private readonly reserved: number[] = [];
  /** Where the last part closed at the outermost level (a whole message) starts, or -1. */
  private lastMessage = -1;
  /** A float's bytes, little-endian: the big-endian bytes of gob's byte-reversed value. */
  private readonly f64 = new Float64Array(1);
  private readonly f64Bytes = new Uint8Array(this.f64.buffer);
  private readonly f64Words = new Uint32Array(this.f64.buffer);
  /** A view of {@link buf}, for writing a float's eight bytes in one store. */
  private bufView: DataView;

  constructor(initialSize = 256) {
    this.buf = new Uint8Array(initialSize);
    this.bufView = new DataView(this.buf.buffer);
  }

  /** Bytes written so far. */
  get length(): number {
    return this.pos;
  }

  /** A view of the bytes written; valid until the next write or reset. */
  view(): Uint8Array {
    return this.buf.subarray(0, this.pos);
  }

  /** A copy of the bytes written, then an empty buffer: safe to hand to an async write. */
  take(): Uint8Array {
    const out = this.buf.slice(0, this.pos);
    this.reset();
    return out;
  }

  /**
   * The bytes written, as a view (from offset 0) of this Writer's own buffer, which the caller
   * now owns: no copy, for large output handed to an asynchronous write. The Writer goes on,
   * empty, in `next` when that is at least as large as the buffer given away, else in a new one
   * of its size. Call only between messages (no part open).
   */
  handOver(next?: Uint8Array): Uint8Array {
    const full = this.buf;
    const out = full.subarray(0, this.pos);
    this.buf = next !== undefined && next.length >= full.length ? next : new Uint8Array(full.length);
    this.bufView = new DataView(this.buf.buffer, this.buf.byteOffset, this.buf.byteLength);
    this.reset();
    return out;
  }

  /** Empties the buffer (keeping its memory), open parts included. */
  reset(): void {
    this.pos = 0;
    // Setting an array's length is a runtime call even when it changes nothing: the Writer is
    // reset after every write of an RPC connection, with no part open.
    if (this.forks.length !== 0) {
      this.forks.length = 0;
      this.reserved.length = 0;
    }
    this.lastMessage = -1;
  }

  ensure(n: number): void {
    if (this.pos + n > this.buf.length) this.grow(n);
  }

  /**
   * @internal Sets the position to `pos` and makes room for `n` bytes after it; returns the
   * buffer (a new one when it grew), for generated encoders writing with a local position.
   */
  room(pos: number, n: number): Uint8Array {
    this.pos = pos;
    if (pos + n > this.buf.length) this.grow(n);
    return this.buf;
  }

  private grow(n: number): void {
    let size = this.buf.length * 2;
    while (size < this.pos + n) size *= 2;
    const next = new Uint8Array(size);
    next.set(this.buf.subarray(0, this.pos));
    this.buf = next;
    this.bufView = new DataView(next.buffer);
  }

  byte(b: number): void {
    if (this.pos >= this.buf.length) this.grow(1);
    this.buf[this.pos++] = b;
  }

  raw(b: Uint8Array): void {
    this.ensure(b.length);
    this.buf.set(b, this.pos);
    this.pos += b.length;
  }

  /** An unsigned integer given as a non-negative safe integer (doc.go's encoding). */
  uint(x: number): void {
    // Kept small so that the compiler inlines it where it is called: one byte is the common case.
    const pos = this.pos;
    if (x < 0x80 && pos < this.buf.length) {
      this.buf[pos] = x;
      this.pos = pos + 1;
    } else {
      if (pos + 9 > this.buf.length) this.grow(9);
      this.pos = putUint(this.buf, pos, x);
    }
  }

  /** An unsigned integer over the full 64-bit range. */
  uintBig(x: bigint): void {
    if (x <= 0x1f_ffff_ffff_ffffn) {
      this.uint(Number(x));
      return;
    }
    this.ensure(9);
    this.pos = putHiLo(this.buf, this.pos, Number(x >> 32n), Number(x & 0xffff_ffffn));
  }

  /** A signed integer given as a safe integer: bit 0 says whether to complement (doc.go). */
  int(i: number): void {
    if (i >= -0x10_0000_0000_0000 && i < 0x10_0000_0000_0000) {
      // |i| < 2^52 keeps 2|i|+1 below 2^53, so the arithmetic is exact.
      this.uint(i < 0 ? (-i - 1) * 2 + 1 : i * 2);
    } else {
      this.intBig(BigInt(i));
    }
  }

  intBig(i: bigint): void {
    this.uintBig(i < 0n ? ((-i - 1n) << 1n) | 1n : i << 1n);
  }

  /** A float64, byte-reversed and sent as an unsigned integer (doc.go). */
  float(f: number): void {
    this.ensure(9);
    this.pos = putFloat64(this.buf, this.pos, f);
  }

  /**
   * Writes `v[i]`, `v[i + 1]`, ... as gob ints (encode.go's encInt over a []int) while they are
   * safe integers, checking capacity once per block rather than per element. Returns the index
   * of the first element it did not write (`v.length` when it wrote them all), for the caller
   * to encode or reject.
   */
  intRun(v: readonly unknown[], i: number): number {
    const n = v.length;
    while (i < n) {
      const end = Math.min(n, i + RUN_BLOCK);
      this.ensure(9 * (end - i));
      const buf = this.buf;
      const view = this.bufView;
      let pos = this.pos;
      for (; i < end; i++) {
        const x = v[i];
        if (typeof x !== 'number') break;
        if ((x | 0) === x) {
          // An int32: its gob uint is below 2^32, written here without leaving the loop.
          const u = x >= 0 ? x * 2 : -x * 2 - 1;
          if (u < 0x80) buf[pos++] = u;
          else if (u < 0x100) {
            buf[pos++] = 0xff;
            buf[pos++] = u;
          } else if (u < 0x1_0000) {
            buf[pos++] = 0xfe;
            buf[pos++] = u >>> 8;
            buf[pos++] = u & 0xff;
          } else pos = putUint(buf, pos, u);
        } else if (x > -0x10_0000_0000_0000 && x < 0x10_0000_0000_0000 && Number.isInteger(x)) {
          // |x| < 2^52: its zigzag is below 2^53, exact, and fits the block's room of 9 bytes.
          const u = x >= 0 ? x * 2 : -x * 2 - 1;
          if (u >= 0x1_0000_0000_0000) {
            pos = putSevenBytes(view, pos, u);
          } else pos = putUint(buf, pos, u);
        } else if (Number.isSafeInteger(x)) {
          this.pos = pos;
          this.int(x);
          pos = this.pos;
        } else break;
      }
      this.pos = pos;
      if (i < end) return i;
    }
    return i;
  }

  /**
   * {@link intRun} for unsigned integers (encode.go's encUint over a []uint64): writes safe
   * integers from 0 while they come, and returns the index of the first it did not write.
   */
  uintRun(v: readonly unknown[], i: number): number {
    const n = v.length;
    while (i < n) {
      const end = Math.min(n, i + RUN_BLOCK);
      this.ensure(9 * (end - i));
      const buf = this.buf;
      const view = this.bufView;
      let pos = this.pos;
      for (; i < end; i++) {
        const x = v[i];
        if (typeof x !== 'number') break;
        if (x >>> 0 === x) {
          if (x < 0x80) buf[pos++] = x;
          else pos = putUint(buf, pos, x);
        } else if (x >= 0x1_0000_0000_0000 && x <= Number.MAX_SAFE_INTEGER && Number.isInteger(x)) {
          pos = putSevenBytes(view, pos, x);
        } else if (x > 0 && Number.isSafeInteger(x)) pos = putUint(buf, pos, x);
        else break;
      }
      this.pos = pos;
      if (i < end) return i;
    }
    return i;
  }

  /**
   * Writes `v[i]`, `v[i + 1]`, ... as gob bools (1 or 0) while they are booleans, checking
   * capacity once per block. Returns the index of the first element it did not write, as
   * {@link intRun}.
   */
  boolRun(v: readonly unknown[], i: number): number {
    const n = v.length;
    while (i < n) {
      const end = Math.min(n, i + RUN_BLOCK);
      this.ensure(end - i);
      const buf = this.buf;
      let pos = this.pos;
      for (; i < end; i++) {
        const x = v[i];
        if (x === true) buf[pos++] = 1;
        else if (x === false) buf[pos++] = 0;
        else break;
      }
      this.pos = pos;
      if (i < end) return i;
    }
    return i;
  }

  /**
   * Writes `v[i]`, `v[i + 1]`, ... as gob floats while they are numbers (rounded to float32
   * first when `float32`), checking capacity once per block. Returns the index of the first
   * element it did not write, as {@link intRun}.
   */
  floatRun(v: readonly unknown[], i: number, float32: boolean): number {
    const n = v.length;
    if (!LITTLE_ENDIAN) {
      for (; i < n; i++) {
        const x = v[i];
        if (typeof x !== 'number') return i;
        this.float(float32 ? Math.fround(x) : x);
      }
      return i;
    }
    const f64 = this.f64;
    const bytes = this.f64Bytes;
    const words = this.f64Words;
    while (i < n) {
      const end = Math.min(n, i + RUN_BLOCK);
      this.ensure(9 * (end - i));
      const buf = this.buf;
      const view = this.bufView;
      let pos = this.pos;
      for (; i < end; i++) {
        const e = v[i];
        if (typeof e !== 'number') break;
        const x = float32 ? Math.fround(e) : e;
        f64[0] = x;
        if ((words[0]! & 0xff) !== 0) {
          // No low zero byte (most fractions): all eight bytes, in the float's little-endian order.
          buf[pos] = 0xf8;
          view.setFloat64(pos + 1, x, true);
          pos += 9;
        } else pos = putFloat(buf, pos, bytes);
      }
      this.pos = pos;
      if (i < end) return i;
    }
    return i;
  }

  /**
   * Writes `v[i]`, `v[i + 1]`, ... of a typed array of numbers as gob ints (`signed`, zigzagged) or
   * uints while they are safe integers within [min, max], the element's range, as {@link intRun}
   * does for an array (a loop of its own, so that intRun keeps learning arrays only). Returns the
   * index of the first element it did not write, for the caller to reject (a Float64Array may
   * hold 1.5 or 2^60, an Int32Array of int16 elements 70000).
   */
  typedIntRun(v: ArrayLike<number>, i: number, signed: boolean, min: number, max: number): number {
    const n = v.length;
    // The element's range within 32 bits, as 32-bit integers, so that the common case (a value
    // of 32 bits) is tested and zigzagged without floating point; a loop for each signedness,
    // as a test of `signed` per element costs a third of the loop.
    const lo = Math.max(min, -0x8000_0000) | 0;
    const hi = Math.min(max, 0x7fff_ffff) | 0;
    const uhi = Math.min(max, 0xffff_ffff) >>> 0;
    while (i < n) {
      const end = Math.min(n, i + RUN_BLOCK);
      this.ensure(9 * (end - i));
      const buf = this.buf;
      let pos = this.pos;
      if (signed) {
        for (; i < end; i++) {
          const x = v[i]!;
          const xi = x | 0;
          if (xi === x && xi >= lo && xi <= hi) {
            const u = ((xi << 1) ^ (xi >> 31)) >>> 0;
            if (u < 0x80) buf[pos++] = u;
            else pos = putUint(buf, pos, u);
          } else if (x >= min && x <= max && Number.isSafeInteger(x)) {
            this.pos = pos;
            this.int(x);
            pos = this.pos;
          } else break;
        }
      } else {
        for (; i < end; i++) {
          const x = v[i]!;
          const xu = x >>> 0;
          if (xu === x && xu <= uhi) {
            if (xu < 0x80) buf[pos++] = xu;
            else pos = putUint(buf, pos, xu);
          } else if (x >= min && x <= max && Number.isSafeInteger(x)) {
            this.pos = pos;
            this.uint(x);
            pos = this.pos;
          } else break;
        }
      }
      this.pos = pos;
      if (i < end) return i;
    }
    return i;
  }

  /**
   * Writes every element of `v` as a gob float from its bits as they are stored, never through a
   * number (a NaN's payload survives, which a number read from the array does not promise).
   */
  float64Array(v: Float64Array): void {
    const n = v.length;
    if (!LITTLE_ENDIAN) {
      for (let i = 0; i < n; i++) this.float(v[i]!);
      return;
    }
    // A Float64Array starts on a multiple of 8, so its words can be read as such.
    const words = new Uint32Array(v.buffer, v.byteOffset, 2 * n);
    for (let i = 0; i < n; ) {
      const end = Math.min(n, i + RUN_BLOCK);
      this.ensure(9 * (end - i));
      const buf = this.buf;
      const view = this.bufView;
      let pos = this.pos;
      for (; i < end; i++) {
        const lo = words[2 * i]!;
        const hi = words[2 * i + 1]!;
        if ((lo & 0xff) !== 0) {
          // No low zero byte (most fractions): all eight bytes, in the float's little-endian order.
          buf[pos] = 0xf8;
          view.setUint32(pos + 1, lo, true);
          view.setUint32(pos + 5, hi, true);
          pos += 9;
          continue;
        }
        // The float's low zero bytes are the gob uint's leading zeros: the bytes above them follow a count.
        let q = 1;
        while (q < 8 && ((q < 4 ? lo >>> (q << 3) : hi >>> ((q - 4) << 3)) & 0xff) === 0) q++;
        const k = 8 - q;
        if (k === 0) buf[pos++] = 0;
        else if (k === 1 && hi >>> 24 < 0x80) buf[pos++] = hi >>> 24;
        else {
          buf[pos++] = 256 - k;
          for (; q < 8; q++) buf[pos++] = (q < 4 ? lo >>> (q << 3) : hi >>> ((q - 4) << 3)) & 0xff;
        }
      }
      this.pos = pos;
    }
  }

  /** A length-prefixed byte string. */
  bytes(b: Uint8Array): void {
    const n = b.length;
    if (n >= EXPECT_FROM && this.forks.length > 0) this.expect(uintSize(n) + n);
    this.uint(n);
    this.raw(b);
  }

  /**
   * A length-prefixed Go string: the UTF-8 of `s`, except that the lone surrogates escaping
   * bytes that were not UTF-8 are written as those bytes (see utf8.ts). Returns true when `s`
   * was plain ASCII (so certainly well formed), false when it was not.
   */
  string(s: string): boolean {
    // Short plain ASCII first, kept small so that the compiler inlines it where it is called.
    const n = s.length;
    if (n < ASCII_LOOP) {
      if (this.pos + 3 * n >= this.buf.length) this.grow(3 * n + 1);
      const end = putAscii(this.buf, this.pos, s);
      if (end >= 0) {
        this.pos = end;
        return true;
      }
      this.stringShort(s);
      return false;
    }
    return this.stringLong(s);
  }

  /**
   * @internal Writes the elements of `v` from `i` (before `n`) as gob strings while they are strings, as
   * {@link string} would, and returns the index of the first that is not (`n` when none). When
   * there are {@link JOIN_MIN_COUNT} or more and the first 16 average {@link JOIN_MIN_UNITS}
   * units or more, each block of up to {@link STRING_BLOCK} strings of fewer than 128 units is
   * joined with each string's count in front of it as a character and encoded by one
   * encodeInto: V8 joins strings without copying them and encodes the whole at memory speed,
   * where the character loop takes about 2 ns a character (a []string of 10^5 strings of 9 to
   * 31 bytes encodes in two thirds of the time). When a block turns out not to be plain ASCII
   * (its UTF-8 longer than its units), it and the rest of the run are written string by string
   * over what the join wrote.
   */
  stringRun(v: ArrayLike<unknown>, i: number, n: number): number {
    let sample = 0;
    if (n - i >= JOIN_MIN_COUNT) {
      for (let j = i; j < i + 16; j++) {
        const x = v[j];
        if (typeof x !== 'string') break;
        sample += x.length;
      }
    }
    if (sample < 16 * JOIN_MIN_UNITS) return this.stringsOneByOne(v, i, n);
    while (i < n) {
      const end = Math.min(n, i + STRING_BLOCK);
      let text = '';
      let firsts = 0;
      let k = i;
      for (; k < end; k++) {
        const x = v[k];
        if (typeof x !== 'string' || x.length >= 0x80) break;
        // Reading a character flattens a string built by concatenation (a rope) once, as the
        // character loop did; else the join would walk its pieces on every encode (2.5 times
        // slower for strings built a character at a time). A first character that is not
        // ASCII tells early that the block is not.
        firsts |= x.charCodeAt(0);
        text += COUNT_CHARS[x.length]!;
        text += x;
      }
      // Not plain ASCII: this block and the rest of the run go string by string, so that a row
      // with a string that is not ASCII every so often pays for one block written twice.
      if (firsts >= 0x80 || !this.joined(text)) return this.stringsOneByOne(v, i, n);
      i = k;
      if (k < end) {
        const x = v[k];
        if (typeof x !== 'string') return k;
        this.string(x);
        i++;
      }
    }
    return i;
  }

  /** {@link stringRun} a string at a time, through {@link string}. */
  private stringsOneByOne(v: ArrayLike<unknown>, i: number, n: number): number {
    for (; i < n; i++) {
      const x = v[i];
      if (typeof x !== 'string') return i;
      this.string(x);
    }
    return i;
  }

  /**
   * Writes `text` (strings joined with their counts as characters) as its bytes when it is plain
   * ASCII and returns true; else returns false, the position unmoved.
   */
  private joined(text: string): boolean {
    const n = text.length;
    if (n >= EXPECT_FROM && this.forks.length > 0) this.expect(n);
    this.ensure(n);
    // Room for n bytes: every unit is a byte at least, so all n are read only when each is one.
    if (UTF8.encodeInto(text, this.buf.subarray(this.pos, this.pos + n)).read !== n) return false;
    this.pos += n;
    return true;
  }

  /**
   * {@link string} for a string under {@link ASCII_LOOP} units that is not plain ASCII, with room
   * for three bytes a unit: its UTF-8 (escapes as the bytes they stand for) in JavaScript, as a
   * TextEncoder call costs more than a short string's characters; at most 127 bytes.
   */
  private stringShort(s: string): void {
    const start = this.pos;
    const after = encodeGoStringInto(s, this.buf, start + 1);
    this.buf[start] = after - start - 1;
    this.pos = after;
  }

  /**
   * {@link string} for strings that are long or not plain ASCII: one encodeInto (or, for a
   * string that is not well formed, encodeGoStringInto) after room for the count that `n` bytes
   * would take, each UTF-16 unit being at least one byte; the bytes move right only when their
   * count turns out to need more.
   */
  private stringLong(s: string): boolean {
    const n = s.length;
    if (n >= EXPECT_FROM && this.forks.length > 0) this.expect(n);
    this.ensure(n * 3 + 9);
    const start = this.pos;
    const guess = uintSize(n);
    const body = start + guess;
    const wellFormed = isWellFormed(s);
    const written = wellFormed ? UTF8.encodeInto(s, this.buf.subarray(body)).written : encodeGoStringInto(s, this.buf, body) - body;
    const size = uintSize(written);
    if (size !== guess) this.buf.copyWithin(start + size, body, body + written);
    this.uint(written);
    this.pos += written;
    // Well formed and a byte per unit: plain ASCII (an escaped byte is one byte for one unit too).
    return wellFormed && written === n;
  }

  /**
   * Opens a length-prefixed part here: a one-byte placeholder for its length, fixed by
   * {@link join}. Parts nest; the outermost one is a gob message.
   */
  fork(): void {
    this.forks.push(this.pos);
    this.reserved.push(1);
    this.byte(0);
  }

  /**
   * Closes the innermost part opened by {@link fork}, writing its length in front of it as
   * encoder.go's writeMessage. Parts under 128 bytes need no copy; longer ones move right to
   * make room. Throws GobError (Limit) when the part is `maxSize` bytes or more.
   */
  join(maxSize: number): void {
    const start = this.forks.pop()!;
    const reserved = this.reserved.pop()!;
    const body = start + reserved;
    const len = this.pos - body;
    if (len >= maxSize) fail(GobErrorCode.Limit, 'gob: encoder: message too big');
    if (this.forks.length === 0) this.lastMessage = start;
    if (len < 0x80 && reserved === 1) {
      this.buf[start] = len;
      return;
    }
    // Move the bytes to fit the length: right when it needs more room than reserved, left in
    // the rare case that expect() reserved more than it needs (a part closed by rejoin before
    // the bytes promised to it arrived; they go to the part opened after it).
    const extra = uintSize(len) - reserved;
    if (extra !== 0) {
      if (extra > 0) this.ensure(extra);
      this.buf.copyWithin(body + extra, body, this.pos);
    }
    const end = this.pos + extra;
    this.pos = start;
    this.uint(len);
    this.pos = end;
  }

  /**
   * Says that at least `n` more bytes are coming in the open parts (a large byte slice, or a
   * slice or map of `n` elements), so that each part whose length will need more than one
   * byte gets the room now, moving only what it holds so far, instead of moving all of it
   * when it is joined. The output is the same either way.
   */
  expect(n: number): void {
    const forks = this.forks;
    const reserved = this.reserved;
    for (let i = 0; i < forks.length; i++) {
      const body = forks[i]! + reserved[i]!;
      const d = uintSize(this.pos - body + n) - reserved[i]!;
      if (d <= 0) continue;
      this.ensure(d);
      this.buf.copyWithin(body + d, body, this.pos);
      for (let j = i + 1; j < forks.length; j++) forks[j]! += d;
      reserved[i]! += d;
      this.pos += d;
    }
  }

  /**
   * Closes the innermost part and opens a new one where it ended: what Go does when a type
   * definition must go out from inside a value (encoder.go's sendTypeDescriptor writes the
   * buffer so far as a message, to the enclosing buffer, and starts the buffer again).
   */
  rejoin(maxSize: number): void {
    this.join(maxSize);
    this.fork();
  }

  /**
   * The writer's position, to hand back to {@link rollback}. Taken inside an open part, it
   * holds until the next {@link expect} (which may move that part's bytes).
   */
  mark(): number {
    return this.pos;
  }

  /** Forgets everything written since `mark`, parts opened since then included. */
  rollback(mark: number): void {
    this.pos = mark;
    const forks = this.forks;
    while (forks.length > 0 && forks[forks.length - 1]! >= mark) {
      forks.pop();
      this.reserved.pop();
    }
    if (this.lastMessage >= mark) this.lastMessage = -1;
  }

  /**
   * Where the last whole message closed at the outermost level starts (its length first), or
   * -1: {@link rollback} to it drops that message and keeps what came before.
   */
  lastMessageStart(): number {
    return this.lastMessage;
  }
}

/**
 * @internal Writes the gob uint `x` (a non-negative safe integer, doc.go's encoding) at `pos`
 * and returns the position after it. `buf` has room for 9 bytes.
 */
export function putUint(buf: Uint8Array, pos: number, x: number): number {
  if (x < 0x80) {
    buf[pos] = x;
    return pos + 1;
  }
  if (x < 0x100) {
    buf[pos] = 0xff;
    buf[pos + 1] = x;
    return pos + 2;
  }
  if (x < 0x1_0000) {
    buf[pos] = 0xfe;
    buf[pos + 1] = x >>> 8;
    buf[pos + 2] = x & 0xff;
    return pos + 3;
  }
  if (x < 0x100_0000) {
    buf[pos] = 0xfd;
    buf[pos + 1] = x >>> 16;
    buf[pos + 2] = (x >>> 8) & 0xff;
    buf[pos + 3] = x & 0xff;
    return pos + 4;
  }
  if (x < TWO32) {
    buf[pos] = 0xfc;
    buf[pos + 1] = x >>> 24;
    buf[pos + 2] = (x >>> 16) & 0xff;
    buf[pos + 3] = (x >>> 8) & 0xff;
    buf[pos + 4] = x & 0xff;
    return pos + 5;
  }
  return putHiLo(buf, pos, Math.floor(x / TWO32), x >>> 0);
}

/**
 * Writes at `pos` the gob uint `x`, from 2^48 to 2^53 - 1 (seven bytes: Unix microseconds, large
 * ids), as the count and the top 24 bits, then the low 32, in two stores through `view`; returns
 * the position after it.
 */
function putSevenBytes(view: DataView, pos: number, x: number): number {
  view.setUint32(pos, 0xf900_0000 + Math.floor(x / TWO32));
  view.setUint32(pos + 4, x >>> 0);
  return pos + 8;
}

/** Writes a gob uint of five to eight bytes given as its high and low 32-bit halves (hi > 0). */
function putHiLo(buf: Uint8Array, pos: number, hi: number, lo: number): number {
  // The count, then the high half's bytes (one to four, unrolled), then the low half's four.
  if (hi < 0x100) {
    buf[pos] = 0xfb;
    buf[pos + 1] = hi;
    pos += 2;
  } else if (hi < 0x1_0000) {
    buf[pos] = 0xfa;
    buf[pos + 1] = hi >>> 8;
    buf[pos + 2] = hi & 0xff;
    pos += 3;
  } else if (hi < 0x100_0000) {
    buf[pos] = 0xf9;
    buf[pos + 1] = hi >>> 16;
    buf[pos + 2] = (hi >>> 8) & 0xff;
    buf[pos + 3] = hi & 0xff;
    pos += 4;
  } else {
    buf[pos] = 0xf8;
    buf[pos + 1] = hi >>> 24;
    buf[pos + 2] = (hi >>> 16) & 0xff;
    buf[pos + 3] = (hi >>> 8) & 0xff;
    buf[pos + 4] = hi & 0xff;
    pos += 5;
  }
  buf[pos] = lo >>> 24;
  buf[pos + 1] = (lo >>> 16) & 0xff;
  buf[pos + 2] = (lo >>> 8) & 0xff;
  buf[pos + 3] = lo & 0xff;
  return pos + 4;
}

/**
 * A float's bytes for {@link putFloat64}: scratch space that holds nothing from one call to
 * the next, so one serves every writer (as {@link UTF8}).
 */
const F64 = new Float64Array(1);
const F64_BYTES = new Uint8Array(F64.buffer);
const F64_VIEW = new DataView(F64.buffer);

/**
 * @internal Writes the float64 `f` at `pos` (doc.go: byte-reversed, sent as an unsigned
 * integer) and returns the position after it. `buf` has room for 9 bytes.
 */
export function putFloat64(buf: Uint8Array, pos: number, f: number): number {
  if (LITTLE_ENDIAN) F64[0] = f;
  else F64_VIEW.setFloat64(0, f, true);
  const le = F64_BYTES;
  if (le[0] === 0) return putFloat(buf, pos, le);
  // No low zero byte (most fractions): all eight bytes, in the float's little-endian order.
  buf[pos] = 0xf8;
  buf[pos + 1] = le[0]!;
  buf[pos + 2] = le[1]!;
  buf[pos + 3] = le[2]!;
  buf[pos + 4] = le[3]!;
  buf[pos + 5] = le[4]!;
  buf[pos + 6] = le[5]!;
  buf[pos + 7] = le[6]!;
  buf[pos + 8] = le[7]!;
  return pos + 9;
}

/**
 * @internal Writes `s` (fewer than 128 UTF-16 units) as a gob string at `pos` when it is plain
 * ASCII and returns the position after it; returns -1 when it is not (having written part of
 * it). `buf` has room for `s.length + 1` bytes.
 */
export function putAscii(buf: Uint8Array, pos: number, s: string): number {
  const n = s.length;
  buf[pos++] = n;
  let i = 0;
  // Eight characters a turn, checked at once: a third faster than one at a time.
  for (; i + 8 <= n; i += 8, pos += 8) {
    const c0 = s.charCodeAt(i);
    const c1 = s.charCodeAt(i + 1);
    const c2 = s.charCodeAt(i + 2);
    const c3 = s.charCodeAt(i + 3);
    const c4 = s.charCodeAt(i + 4);
    const c5 = s.charCodeAt(i + 5);
    const c6 = s.charCodeAt(i + 6);
    const c7 = s.charCodeAt(i + 7);
    if ((c0 | c1 | c2 | c3 | c4 | c5 | c6 | c7) >= 0x80) return -1;
    buf[pos] = c0;
    buf[pos + 1] = c1;
    buf[pos + 2] = c2;
    buf[pos + 3] = c3;
    buf[pos + 4] = c4;
    buf[pos + 5] = c5;
    buf[pos + 6] = c6;
    buf[pos + 7] = c7;
  }
  for (; i < n; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0x80) return -1;
    buf[pos++] = c;
  }
  return pos;
}

/**
 * Writes at `pos` the gob uint whose big-endian bytes are `le`, a float's little-endian bytes
 * (doc.go: floats go byte-reversed, so low zero bytes of the mantissa cost nothing), and
 * returns the position after it. `buf` has room for 9 bytes.
 */
function putFloat(buf: Uint8Array, pos: number, le: Uint8Array): number {
  let z = 0;
  while (z < 8 && le[z] === 0) z++;
  if (z === 8) {
    buf[pos] = 0;
    return pos + 1;
  }
  if (z === 7 && le[7]! < 0x80) {
    buf[pos] = le[7]!;
    return pos + 1;
  }
  buf[pos++] = 248 + z; // 256 - (8 - z)
  for (; z < 8; z++) buf[pos++] = le[z]!;
  return pos;
}

/** How many bytes gob's uint encoding of `x` takes (doc.go): one below 128, else one plus its bytes. */
function uintSize(x: number): number {
  if (x < 0x80) return 1;
  let n = 2;
  for (x = Math.floor(x / 256); x > 0; x = Math.floor(x / 256)) n++;
  return n;
}
