// Go strings as JavaScript strings, losslessly. A Go string is any sequence of bytes; a JavaScript
// string is UTF-16. Valid UTF-8 (Go's utf8.Valid) decodes to the ordinary string. Every byte
// that does not start a valid UTF-8 sequence (Go's utf8.DecodeRune returning RuneError, 1)
// becomes the lone low surrogate U+DC80..U+DCFF holding that byte, as Python's
// "surrogateescape" error handler (PEP 383) does. Valid UTF-8 never decodes to a lone surrogate,
// so the mapping is one-to-one: distinct Go strings stay distinct JavaScript strings (map keys
// included), and encoding gives back the original bytes.

import { fail, GobErrorCode } from './error.js';

const replacing = new TextDecoder('utf-8', { ignoreBOM: true });

/** The first escape code unit: byte b is U+DC00 + b (b >= 0x80 only). */
const ESCAPE = 0xdc00;

/** Long strings are built from code units in chunks of this size, to keep String.fromCharCode's argument lists small. */
const CHUNK = 4096;

/**
 * The length of the valid UTF-8 sequence starting at `i` (before `end`), or 0 when the byte
 * at `i` does not start one: Go's utf8.DecodeRune rules (no overlong forms, no surrogates,
 * nothing above U+10FFFF), which are also the WHATWG decoder's.
 */
function validLength(b: Uint8Array, i: number, end: number): number {
  const c = b[i]!;
  if (c < 0x80) return 1;
  if (c < 0xc2) return 0;
  if (c < 0xe0) return cont(b, i + 1, end, 0x80, 0xbf) ? 2 : 0;
  if (c < 0xf0) {
    const lo = c === 0xe0 ? 0xa0 : 0x80;
    const hi = c === 0xed ? 0x9f : 0xbf;
    return cont(b, i + 1, end, lo, hi) && cont(b, i + 2, end, 0x80, 0xbf) ? 3 : 0;
  }
  if (c < 0xf5) {
    const lo = c === 0xf0 ? 0x90 : 0x80;
    const hi = c === 0xf4 ? 0x8f : 0xbf;
    return cont(b, i + 1, end, lo, hi) && cont(b, i + 2, end, 0x80, 0xbf) && cont(b, i + 3, end, 0x80, 0xbf) ? 4 : 0;
  }
  return 0;
}

/** Whether `b[start, end)` is valid UTF-8. */
export function isUtf8(b: Uint8Array, start: number, end: number): boolean {
  for (let i = start; i < end; ) {
    if (b[i]! < 0x80) i++;
    else {
      const n = validLength(b, i, end);
      if (n === 0) return false;
      i += n;
    }
  }
  return true;
}

/** Whether b[j] (before `end`) is a continuation byte in [lo, hi]. */
function cont(b: Uint8Array, j: number, end: number, lo: number, hi: number): boolean {
  return j < end && b[j]! >= lo && b[j]! <= hi;
}

/**
 * Decodes `b[start, end)` code point by code point, escaping each byte that does not start a
 * valid sequence. Code units collect in a buffer that becomes string pieces a chunk at a time
 * (String.fromCharCode takes its units as arguments).
 */
function decodeEscaped(b: Uint8Array, start: number, end: number): string {
  let out = '';
  const units = new Uint16Array(Math.min(end - start, CHUNK) + 1);
  let k = 0;
  for (let i = start; i < end; ) {
    const c = b[i]!;
    const n = c < 0x80 ? 1 : validLength(b, i, end);
    if (n === 1) units[k++] = c;
    else if (n === 0) units[k++] = ESCAPE + c;
    else if (n === 2) units[k++] = ((c & 0x1f) << 6) | (b[i + 1]! & 0x3f);
    else if (n === 3) units[k++] = ((c & 0x0f) << 12) | ((b[i + 1]! & 0x3f) << 6) | (b[i + 2]! & 0x3f);
    else {
      const r = (((c & 0x07) << 18) | ((b[i + 1]! & 0x3f) << 12) | ((b[i + 2]! & 0x3f) << 6) | (b[i + 3]! & 0x3f)) - 0x10000;
      units[k++] = 0xd800 + (r >> 10);
      units[k++] = 0xdc00 + (r & 0x3ff);
    }
    i += n || 1;
    if (k >= CHUNK) {
      out += String.fromCharCode.apply(null, units.subarray(0, k) as unknown as number[]);
      k = 0;
    }
  }
  return out + String.fromCharCode.apply(null, units.subarray(0, k) as unknown as number[]);
}

/** {@link decodeEscaped} for short strings, where a TextDecoder call (about 1 µs) costs most. */
function decodeShort(b: Uint8Array, start: number, end: number): string {
  let s = '';
  for (let i = start; i < end; ) {
    const c = b[i]!;
    if (c < 0x80) {
      s += String.fromCharCode(c);
      i++;
      continue;
    }
    const n = validLength(b, i, end);
    if (n === 0) s += String.fromCharCode(ESCAPE + c);
    else if (n === 2) s += String.fromCharCode(((c & 0x1f) << 6) | (b[i + 1]! & 0x3f));
    else if (n === 3) s += String.fromCharCode(((c & 0x0f) << 12) | ((b[i + 1]! & 0x3f) << 6) | (b[i + 2]! & 0x3f));
    else {
      const r = (((c & 0x07) << 18) | ((b[i + 1]! & 0x3f) << 12) | ((b[i + 2]! & 0x3f) << 6) | (b[i + 3]! & 0x3f)) - 0x10000;
      s += String.fromCharCode(0xd800 + (r >> 10), 0xdc00 + (r & 0x3ff));
    }
    i += n || 1;
  }
  return s;
}

const fromCharCode = String.fromCharCode;

/** The longest string {@link shortAscii} makes. */
export const SHORT_ASCII = 32;

/**
 * The string of the `n` bytes of `b` from `i` (`n` at most {@link SHORT_ASCII}) when they are
 * all ASCII, else undefined: String.fromCharCode with the bytes as arguments, once up to 16
 * bytes and twice beyond, which allocates little where adding a character at a time allocates a
 * string per byte (four to five times slower), and a TextDecoder call costs more than the rest.
 */
export function shortAscii(b: Uint8Array, i: number, n: number): string | undefined {
  if (n <= 8) return ascii8(b, i, n);
  let or = 0;
  for (let k = i, end = i + n; k < end; k++) or |= b[k]!;
  if (or >= 0x80) return undefined;
  if (n <= 16) return ascii16(b, i, n);
  const tail = n - 16;
  return ascii16(b, i, 16) + (tail <= 8 ? ascii8(b, i + 16, tail)! : ascii16(b, i + 16, tail));
}

/**
 * {@link shortAscii} of at most 8 bytes, the most common strings: each length's bytes tested
 * together and made in one step (a loop before the call measured 10-15% slower over a map).
 */
function ascii8(b: Uint8Array, s: number, n: number): string | undefined {
  const c = fromCharCode;
  switch (n) {
    case 0:
      return '';
    case 1:
      return b[s]! < 0x80 ? c(b[s]!) : undefined;
    case 2:
      return (b[s]! | b[s + 1]!) < 0x80 ? c(b[s]!, b[s + 1]!) : undefined;
    case 3:
      return (b[s]! | b[s + 1]! | b[s + 2]!) < 0x80 ? c(b[s]!, b[s + 1]!, b[s + 2]!) : undefined;
    case 4:
      return (b[s]! | b[s + 1]! | b[s + 2]! | b[s + 3]!) < 0x80 ? c(b[s]!, b[s + 1]!, b[s + 2]!, b[s + 3]!) : undefined;
    case 5:
      return (b[s]! | b[s + 1]! | b[s + 2]! | b[s + 3]! | b[s + 4]!) < 0x80
        ? c(b[s]!, b[s + 1]!, b[s + 2]!, b[s + 3]!, b[s + 4]!)
        : undefined;
    case 6:
      return (b[s]! | b[s + 1]! | b[s + 2]! | b[s + 3]! | b[s + 4]! | b[s + 5]!) < 0x80
        ? c(b[s]!, b[s + 1]!, b[s + 2]!, b[s + 3]!, b[s + 4]!, b[s + 5]!)
        : undefined;
    case 7:
      return (b[s]! | b[s + 1]! | b[s + 2]! | b[s + 3]! | b[s + 4]! | b[s + 5]! | b[s + 6]!) < 0x80
        ? c(b[s]!, b[s + 1]!, b[s + 2]!, b[s + 3]!, b[s + 4]!, b[s + 5]!, b[s + 6]!)
        : undefined;
    default:
      return (b[s]! | b[s + 1]! | b[s + 2]! | b[s + 3]! | b[s + 4]! | b[s + 5]! | b[s + 6]! | b[s + 7]!) < 0x80
        ? c(b[s]!, b[s + 1]!, b[s + 2]!, b[s + 3]!, b[s + 4]!, b[s + 5]!, b[s + 6]!, b[s + 7]!)
        : undefined;
  }
}

/** The string of the `n` ASCII bytes (9 to 16) of `b` from `i`, made by one call. */
function ascii16(b: Uint8Array, i: number, n: number): string {
  switch (n) {
    case 9:
      return fromCharCode(b[i]!, b[i + 1]!, b[i + 2]!, b[i + 3]!, b[i + 4]!, b[i + 5]!, b[i + 6]!, b[i + 7]!, b[i + 8]!);
    case 10:
      return fromCharCode(b[i]!, b[i + 1]!, b[i + 2]!, b[i + 3]!, b[i + 4]!, b[i + 5]!, b[i + 6]!, b[i + 7]!, b[i + 8]!, b[i + 9]!);
    case 11:
      return fromCharCode(
        b[i]!,
        b[i + 1]!,
        b[i + 2]!,
        b[i + 3]!,
        b[i + 4]!,
        b[i + 5]!,
        b[i + 6]!,
        b[i + 7]!,
        b[i + 8]!,
        b[i + 9]!,
        b[i + 10]!,
      );
    case 12:
      return fromCharCode(
        b[i]!,
        b[i + 1]!,
        b[i + 2]!,
        b[i + 3]!,
        b[i + 4]!,
        b[i + 5]!,
        b[i + 6]!,
        b[i + 7]!,
        b[i + 8]!,
        b[i + 9]!,
        b[i + 10]!,
        b[i + 11]!,
      );
    case 13:
      return fromCharCode(
        b[i]!,
        b[i + 1]!,
        b[i + 2]!,
        b[i + 3]!,
        b[i + 4]!,
        b[i + 5]!,
        b[i + 6]!,
        b[i + 7]!,
        b[i + 8]!,
        b[i + 9]!,
        b[i + 10]!,
        b[i + 11]!,
        b[i + 12]!,
      );
    case 14:
      return fromCharCode(
        b[i]!,
        b[i + 1]!,
        b[i + 2]!,
        b[i + 3]!,
        b[i + 4]!,
        b[i + 5]!,
        b[i + 6]!,
        b[i + 7]!,
        b[i + 8]!,
        b[i + 9]!,
        b[i + 10]!,
        b[i + 11]!,
        b[i + 12]!,
        b[i + 13]!,
      );
    case 15:
      return fromCharCode(
        b[i]!,
        b[i + 1]!,
        b[i + 2]!,
        b[i + 3]!,
        b[i + 4]!,
        b[i + 5]!,
        b[i + 6]!,
        b[i + 7]!,
        b[i + 8]!,
        b[i + 9]!,
        b[i + 10]!,
        b[i + 11]!,
        b[i + 12]!,
        b[i + 13]!,
        b[i + 14]!,
      );
    case 16:
      return fromCharCode(
        b[i]!,
        b[i + 1]!,
        b[i + 2]!,
        b[i + 3]!,
        b[i + 4]!,
        b[i + 5]!,
        b[i + 6]!,
        b[i + 7]!,
        b[i + 8]!,
        b[i + 9]!,
        b[i + 10]!,
        b[i + 11]!,
        b[i + 12]!,
        b[i + 13]!,
        b[i + 14]!,
        b[i + 15]!,
      );
    default:
      return '';
  }
}

/**
 * The Go string held in `b[start, end)` as a JavaScript string: the ordinary string for valid
 * UTF-8, with each other byte escaped as a lone surrogate (see the top of this file). A
 * leading U+FEFF is kept: it is part of the Go string.
 */
export function decodeGoString(b: Uint8Array, start: number, end: number): string {
  // Short strings are the common case (map keys, names): ASCII by String.fromCharCode, others in
  // JavaScript, where a TextDecoder call costs most of the work.
  const n = end - start;
  if (n <= SHORT_ASCII) {
    const ascii = shortAscii(b, start, n);
    if (ascii !== undefined) return ascii;
    if (n <= 16) return decodeShort(b, start, end);
  }
  // TextDecoder writes U+FFFD for bytes that are not UTF-8, so a result without U+FFFD came
  // from valid UTF-8 and is the answer. Otherwise the bytes held U+FFFD itself or were not
  // UTF-8, and the exact decoder runs. (A fatal decoder would say which, but its exception
  // costs about 20 µs.)
  const s = replacing.decode(b.subarray(start, end));
  return s.includes('\ufffd') ? decodeEscaped(b, start, end) : s;
}

/** Whether `s` is well formed UTF-16 (ES2024's String.prototype.isWellFormed; Node >= 20). */
export function isWellFormed(s: string): boolean {
  return (s as unknown as { isWellFormed(): boolean }).isWellFormed();
}

/**
 * Writes the Go string `s` stands for into `out` at `pos` and returns the new position. `out`
 * must have room for 3 bytes per UTF-16 code unit. For strings that are not well formed:
 * a lone U+DC80..U+DCFF is the byte it escapes, any other lone surrogate is U+FFFD (what
 * TextEncoder and Go's string(rune) write for it).
 */
export function encodeGoStringInto(s: string, out: Uint8Array, pos: number): number {
  for (let i = 0, n = s.length; i < n; i++) {
    let c = s.charCodeAt(i);
    if (c < 0x80) {
      out[pos++] = c;
    } else if (c < 0x800) {
      out[pos++] = 0xc0 | (c >> 6);
      out[pos++] = 0x80 | (c & 0x3f);
    } else if (c < 0xd800 || c > 0xdfff) {
      out[pos++] = 0xe0 | (c >> 12);
      out[pos++] = 0x80 | ((c >> 6) & 0x3f);
      out[pos++] = 0x80 | (c & 0x3f);
    } else {
      const next = i + 1 < n ? s.charCodeAt(i + 1) : 0;
      if (c < 0xdc00 && next >= 0xdc00 && next <= 0xdfff) {
        const r = 0x10000 + ((c - 0xd800) << 10) + (next - 0xdc00);
        out[pos++] = 0xf0 | (r >> 18);
        out[pos++] = 0x80 | ((r >> 12) & 0x3f);
        out[pos++] = 0x80 | ((r >> 6) & 0x3f);
        out[pos++] = 0x80 | (r & 0x3f);
        i++;
        continue;
      }
      if (c >= ESCAPE + 0x80 && c <= ESCAPE + 0xff) {
        out[pos++] = c - ESCAPE;
        continue;
      }
      c = 0xfffd;
      out[pos++] = 0xe0 | (c >> 12);
      out[pos++] = 0x80 | ((c >> 6) & 0x3f);
      out[pos++] = 0x80 | (c & 0x3f);
    }
  }
  return pos;
}

/**
 * Go's `string(b)`: the string holding exactly the bytes `b`, to send as a Go `string`. Valid
 * UTF-8 gives the ordinary string; other bytes are escaped as lone surrogates U+DC80..U+DCFF
 * (see the README), so `stringBytes(stringFromBytes(b))` equals `b` for every `b`. Decoding a
 * gob `string` gives the same string. `b` may be a `Uint8Array` or an array of byte values
 * (`stringFromBytes([0xc3])`, as Go's `string([]byte{0xc3})`).
 *
 * @throws GobError `INVALID_VALUE` when an array element is not an integer in [0, 255], which
 *   no Go byte holds (rather than wrapping it as a `Uint8Array` would).
 */
export function stringFromBytes(b: Uint8Array | readonly number[]): string {
  if (!(b instanceof Uint8Array)) b = bytesOf(b);
  return decodeGoString(b, 0, b.length);
}

/** The bytes of an array of byte values, each checked to be one. */
function bytesOf(a: readonly number[]): Uint8Array {
  const out = new Uint8Array(a.length);
  for (let i = 0; i < a.length; i++) {
    const v = a[i];
    if (!Number.isInteger(v) || v! < 0 || v! > 255)
      fail(GobErrorCode.InvalidValue, `stringFromBytes: element ${i} is ${String(v)}, not a byte (an integer in [0, 255])`);
    out[i] = v!;
  }
  return out;
}

const utf8 = new TextEncoder();

/**
 * Go's `[]byte(s)`: the bytes of the Go string `s` stands for, which the encoder sends. For a
 * well-formed string this is its UTF-8; a lone U+DC80..U+DCFF is the byte it escapes (see
 * {@link stringFromBytes}) and any other lone surrogate is U+FFFD's three bytes.
 */
export function stringBytes(s: string): Uint8Array {
  if (isWellFormed(s)) return utf8.encode(s);
  const out = new Uint8Array(s.length * 3);
  return out.slice(0, encodeGoStringInto(s, out, 0));
}
