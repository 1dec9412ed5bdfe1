// The growable byte buffer the encoder writes into, as encode.go's encBuffer and
// encodeUint/encodeInt.
import { fail, GobErrorCode } from './error.js';
import { encodeGoStringInto, isWellFormed } from '../schema/index.js';

const TWO32 = 0x1_0000_0000;

/** A growable byte buffer with gob's primitive encodings. */
export class Writer {
  buf: Uint8Array;
  pos = 0;
  private readonly scratch = new Uint8Array(8);
  private readonly scratchView = new DataView(this.scratch.buffer);
  private readonly utf8 = new TextEncoder();

  constructor(initialSize = 256) {
    this.buf = new Uint8Array(initialSize);
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
    this.pos = 0;
    return out;
  }

  reset(): void {
    this.pos = 0;
  }

  ensure(n: number): void {
    if (this.pos + n > this.buf.length) this.grow(n);
  }

  private grow(n: number): void {
    let size = this.buf.length * 2;
    while (size < this.pos + n) size *= 2;
    const next = new Uint8Array(size);
    next.set(this.buf.subarray(0, this.pos));
    this.buf = next;
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
    if (x < 0x80) {
      if (this.pos >= this.buf.length) this.grow(1);
      this.buf[this.pos++] = x;
      return;
    }
    if (this.pos + 9 > this.buf.length) this.grow(9);
    const buf = this.buf;
    let pos = this.pos;
    if (x < 0x100) {
      buf[pos++] = 0xff;
      buf[pos++] = x;
    } else if (x < 0x1_0000) {
      buf[pos++] = 0xfe;
      buf[pos++] = x >>> 8;
      buf[pos++] = x & 0xff;
    } else if (x < 0x100_0000) {
      buf[pos++] = 0xfd;
      buf[pos++] = x >>> 16;
      buf[pos++] = (x >>> 8) & 0xff;
      buf[pos++] = x & 0xff;
    } else if (x < TWO32) {
      buf[pos++] = 0xfc;
      buf[pos++] = x >>> 24;
      buf[pos++] = (x >>> 16) & 0xff;
      buf[pos++] = (x >>> 8) & 0xff;
      buf[pos++] = x & 0xff;
    } else {
      this.pos = pos;
      this.hiLo(Math.floor(x / TWO32), x >>> 0);
      return;
    }
    this.pos = pos;
  }

  /** A value of five to eight bytes given as its high and low 32-bit halves (hi > 0). */
  private hiLo(hi: number, lo: number): void {
    const buf = this.buf;
    let pos = this.pos;
    const hiBytes = hi < 0x100 ? 1 : hi < 0x1_0000 ? 2 : hi < 0x100_0000 ? 3 : 4;
    buf[pos++] = 256 - (4 + hiBytes);
    for (let i = hiBytes - 1; i >= 0; i--) buf[pos++] = (hi >>> (8 * i)) & 0xff;
    buf[pos++] = lo >>> 24;
    buf[pos++] = (lo >>> 16) & 0xff;
    buf[pos++] = (lo >>> 8) & 0xff;
    buf[pos++] = lo & 0xff;
    this.pos = pos;
  }

  /** An unsigned integer over the full 64-bit range. */
  uintBig(x: bigint): void {
    if (x <= 0x1f_ffff_ffff_ffffn) {
      this.uint(Number(x));
      return;
    }
    this.ensure(9);
    this.hiLo(Number(x >> 32n), Number(x & 0xffff_ffffn));
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
    const s = this.scratch;
    this.scratchView.setFloat64(0, f, true);
    // Little-endian bytes of the float's bits are the big-endian bytes of the reversed value.
    let z = 0;
    while (z < 8 && s[z] === 0) z++;
    const n = 8 - z;
    this.ensure(9);
    const buf = this.buf;
    if (n === 0) {
      buf[this.pos++] = 0;
      return;
    }
    if (n === 1 && s[7]! < 0x80) {
      buf[this.pos++] = s[7]!;
      return;
    }
    let pos = this.pos;
    buf[pos++] = 256 - n;
    for (let i = z; i < 8; i++) buf[pos++] = s[i]!;
    this.pos = pos;
  }

  /** A length-prefixed byte string. */
  bytes(b: Uint8Array): void {
    this.uint(b.length);
    this.raw(b);
  }

  /**
   * A length-prefixed Go string: the UTF-8 of `s`, except that the lone surrogates escaping
   * bytes that were not UTF-8 are written as those bytes (see utf8.ts).
   */
  string(s: string): void {
    const n = s.length;
    if (n < 64) {
      // Short strings: try plain ASCII with a one-byte length first.
      this.ensure(n + 1);
      const buf = this.buf;
      const start = this.pos;
      let pos = start + 1;
      let i = 0;
      for (; i < n; i++) {
        const c = s.charCodeAt(i);
        if (c >= 0x80) break;
        buf[pos++] = c;
      }
      if (i === n) {
        buf[start] = n;
        this.pos = pos;
        return;
      }
    }
    // General case: encode after the widest possible prefix, then move it into place.
    this.ensure(n * 3 + 9);
    const start = this.pos;
    const body = start + 9;
    const written = isWellFormed(s)
      ? this.utf8.encodeInto(s, this.buf.subarray(body)).written
      : encodeGoStringInto(s, this.buf, body) - body;
    this.uint(written);
    if (this.pos !== body) this.buf.copyWithin(this.pos, body, body + written);
    this.pos += written;
  }

  /** Where the current message's one-byte length placeholder is, or -1. */
  msgStart = -1;

  /** Starts a message here: a one-byte placeholder for its length, fixed by endMessage. */
  beginMessage(): void {
    this.msgStart = this.pos;
    this.byte(0);
  }

  /**
   * Writes the length of the message begun by beginMessage in front of it, as encoder.go's
   * writeMessage. Messages under 128 bytes need no copy; longer ones move right to make room.
   */
  endMessage(maxMessageSize: number): void {
    const start = this.msgStart;
    const len = this.pos - start - 1;
    if (len >= maxMessageSize) fail(GobErrorCode.Limit, 'gob: encoder: message too big');
    this.msgStart = -1;
    if (len < 0x80) {
      this.buf[start] = len;
      return;
    }
    const extra = (len < 0x100 ? 2 : len < 0x1_0000 ? 3 : len < 0x100_0000 ? 4 : len < TWO32 ? 5 : 9) - 1;
    this.ensure(extra);
    this.buf.copyWithin(start + 1 + extra, start + 1, this.pos);
    const end = this.pos + extra;
    this.pos = start;
    this.uint(len);
    this.pos = end;
  }

  /**
   * Frames the current message onto `sink` and starts a new one (encoder.go's writeMessage).
   * When `sink` is this buffer the message is closed in place, which is how Go flushes the
   * part of a value written before an interface's type definition.
   */
  flushMessageTo(sink: Writer, maxMessageSize: number): void {
    if (sink === this) {
      this.endMessage(maxMessageSize);
      this.beginMessage();
      return;
    }
    const body = this.msgStart + 1;
    const len = this.pos - body;
    if (len >= maxMessageSize) fail(GobErrorCode.Limit, 'gob: encoder: message too big');
    sink.uint(len);
    sink.ensure(len);
    sink.buf.set(this.buf.subarray(body, this.pos), sink.pos);
    sink.pos += len;
    this.pos = body;
  }
}
