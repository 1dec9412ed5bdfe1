// The byte cursor the JSON decoders read with, as gob/reader.ts is the gob decoder's: a position
// in one whole, valid JSON value (the scanner has checked its syntax), with Go's error context,
// and the UTF-8, \u escape and hex helpers that read strings out of it (decode.go's unquote).
import { SHORT_ASCII, shortAscii } from '../schema/index.js';
import { type JsonError, typeError } from './error.js';

/** Decodes UTF-8 without Go's per-byte replacement rules: used only for pure ASCII runs. */
const ascii = new TextDecoder('utf-8');

/**
 * A position in one whole, valid JSON value (Go's decodeState), with the error context Go
 * reports: the innermost struct type and the path of field names to the value being read.
 */
export class Cursor {
  pos: number;
  /** Go's errorContext.Struct: the unqualified name of the struct being filled, if any. */
  struct: string | undefined;
  /** Go's errorContext.FieldStack. */
  readonly fields: string[] = [];

  constructor(
    readonly b: Uint8Array,
    pos = 0,
  ) {
    this.pos = pos;
    this.ws();
  }

  /** Skips whitespace. */
  ws(): void {
    const b = this.b;
    let i = this.pos;
    for (;;) {
      const c = b[i];
      if (c !== 0x20 && c !== 0x0a && c !== 0x0d && c !== 0x09) break;
      i++;
    }
    this.pos = i;
  }

  /** The first byte of the value at the cursor. */
  peek(): number {
    return this.b[this.pos]!;
  }

  /** What Go's UnmarshalTypeError calls the value at the cursor: "object", "string", ... */
  what(): string {
    switch (this.b[this.pos]) {
      case 0x7b:
        return 'object';
      case 0x5b:
        return 'array';
      case 0x22:
        return 'string';
      case 0x74:
      case 0x66:
        return 'bool';
      case 0x6e:
        return 'null';
      default:
        return 'number';
    }
  }

  /** A type error for the value at the cursor decoded as Go type `goType`. */
  typeError(goType: string, what = this.what()): JsonError {
    return typeError(what, goType, this.struct, this.fields);
  }

  /** Consumes `null`, `true` or `false` (the cursor is on its first byte). */
  literal(): void {
    this.pos += this.b[this.pos] === 0x66 ? 5 : 4;
    this.ws();
  }

  /** Consumes a number and returns its text. */
  number(): string {
    const b = this.b;
    const start = this.pos;
    let i = start;
    for (;;) {
      const c = b[i];
      // Digits, sign, '.', 'e' and 'E': the scanner has checked the grammar.
      if (c === undefined || !((c >= 0x30 && c <= 0x39) || c === 0x2d || c === 0x2b || c === 0x2e || c === 0x65 || c === 0x45)) break;
      i++;
    }
    this.pos = i;
    const text = ascii.decode(b.subarray(start, i));
    this.ws();
    return text;
  }

  /**
   * Consumes a string and returns its value. As Go's unquote: escapes are decoded, a \u escape
   * of a lone surrogate and every byte of invalid UTF-8 become U+FFFD.
   */
  string(): string {
    const b = this.b;
    const start = this.pos + 1;
    let i = start;
    // The common case: ASCII without escapes.
    for (;;) {
      const c = b[i]!;
      if (c === 0x22) {
        this.pos = i + 1;
        this.ws();
        // ASCII: shortAscii makes it (it cannot be undefined here), or the decoder if longer.
        return i - start <= SHORT_ASCII ? shortAscii(b, start, i - start)! : ascii.decode(b.subarray(start, i));
      }
      if (c === 0x5c || c >= 0x80) break;
      i++;
    }
    const units: number[] = [];
    let out = latin1(b, start, i);
    for (;;) {
      const c = b[i]!;
      if (c === 0x22) break;
      if (c === 0x5c) {
        const e = b[i + 1]!;
        i += 2;
        switch (e) {
          case 0x62:
            units.push(0x08);
            break;
          case 0x66:
            units.push(0x0c);
            break;
          case 0x6e:
            units.push(0x0a);
            break;
          case 0x72:
            units.push(0x0d);
            break;
          case 0x74:
            units.push(0x09);
            break;
          case 0x75: {
            const r = hex4(b, i);
            i += 4;
            if (r >= 0xd800 && r < 0xe000) {
              // A surrogate must be a high one followed by an escaped low one (utf16.DecodeRune).
              const r2 = b[i] === 0x5c && b[i + 1] === 0x75 ? hex4(b, i + 2) : -1;
              if (r < 0xdc00 && r2 >= 0xdc00 && r2 < 0xe000) {
                units.push(r, r2);
                i += 6;
              } else {
                units.push(0xfffd);
              }
            } else {
              units.push(r);
            }
            break;
          }
          default: // '"', '\\', '/'
            units.push(e);
        }
      } else if (c < 0x80) {
        units.push(c);
        i++;
      } else {
        i = decodeRune(b, i, units);
      }
      if (units.length >= 4096) {
        out += String.fromCharCode(...units);
        units.length = 0;
      }
    }
    this.pos = i + 1;
    this.ws();
    return units.length > 0 ? out + String.fromCharCode(...units) : out;
  }

  /**
   * The string at the cursor as its bytes stand between the quotes, escapes left as they are,
   * one character per byte: what Go's `Time.UnmarshalJSON` is given (it does not unescape).
   */
  rawString(): string {
    const b = this.b;
    const start = this.pos + 1;
    for (let i = start; ; i++) {
      const c = b[i]!;
      if (c === 0x22) return this.string();
      if (c === 0x5c || c >= 0x80) break;
    }
    const end = skipString(b, start);
    this.pos = end;
    this.ws();
    return latin1(b, start, end - 1);
  }

  /**
   * Skips the value at the cursor without building anything: a value nobody asked for (an
   * unknown member, an extra array element) costs a pass over its bytes, long strings at the
   * speed of indexOf.
   */
  skip(): void {
    const b = this.b;
    let depth = 0;
    let i = this.pos;
    for (;;) {
      const c = b[i]!;
      if (c === 0x22) {
        i = skipString(b, i + 1);
      } else if (c === 0x7b || c === 0x5b) {
        depth++;
        i++;
      } else if (c === 0x7d || c === 0x5d) {
        depth--;
        i++;
      } else if (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09 || c === 0x2c || c === 0x3a) {
        i++;
        continue;
      } else {
        // A number or literal: the scanner has checked it, so it runs to the first byte that
        // cannot be part of one (digits first: a long number is mostly digits).
        i++;
        for (;;) {
          const d = b[i];
          if (d !== undefined && d >= 0x30 && d <= 0x39) {
            i++;
            continue;
          }
          if (d === undefined || d === 0x2c || d === 0x7d || d === 0x5d || d === 0x20 || d === 0x0a || d === 0x0d || d === 0x09) break;
          i++;
        }
      }
      if (depth === 0) break;
    }
    this.pos = i;
    this.ws();
  }

  /**
   * Iterates an object's members: calls `member(key)` with the cursor on each value, which
   * `member` must consume. The cursor is on '{'.
   */
  object(member: (key: string) => void): void {
    this.pos++;
    this.ws();
    if (this.b[this.pos] === 0x7d) {
      this.pos++;
      this.ws();
      return;
    }
    for (;;) {
      const key = this.string();
      this.pos++; // ':'
      this.ws();
      member(key);
      const c = this.b[this.pos++];
      this.ws();
      if (c === 0x7d) return;
    }
  }

  /**
   * {@link object} with the keys left as bytes: `member(start, end, plain)` gets where the key's
   * bytes lie between its quotes, and whether they are plain ASCII without escapes (and so are
   * the key's text as they stand); {@link keyAt} reads a key that is not. A struct matches its
   * field names against the bytes, so an unknown key costs no string.
   */
  members(member: (start: number, end: number, plain: boolean) => void): void {
    const b = this.b;
    this.pos++;
    this.ws();
    if (b[this.pos] === 0x7d) {
      this.pos++;
      this.ws();
      return;
    }
    for (;;) {
      const start = this.pos + 1;
      let i = start;
      let plain = true;
      for (;;) {
        const d = b[i]!;
        if (d === 0x22) break;
        if (d === 0x5c) {
          plain = false;
          i++;
        } else if (d >= 0x80) plain = false;
        i++;
      }
      this.pos = i + 1;
      this.ws();
      this.pos++; // ':'
      this.ws();
      member(start, i, plain);
      const c = b[this.pos++];
      this.ws();
      if (c === 0x7d) return;
    }
  }

  /** The text of the key whose bytes start at `start` (after its opening quote), the cursor left where it is. */
  keyAt(start: number): string {
    const pos = this.pos;
    this.pos = start - 1;
    const key = this.string();
    this.pos = pos;
    return key;
  }

  /** Iterates an array's elements: `elem(i)` must consume each. The cursor is on '['. */
  array(elem: (i: number) => void): void {
    this.pos++;
    this.ws();
    if (this.b[this.pos] === 0x5d) {
      this.pos++;
      this.ws();
      return;
    }
    for (let n = 0; ; n++) {
      elem(n);
      const c = this.b[this.pos++];
      this.ws();
      if (c === 0x5d) return;
    }
  }
}

/** The index after the closing quote of the string whose bytes start at `i`. */
function skipString(b: Uint8Array, i: number): number {
  // Short strings (keys, most values) end within a few bytes: a loop here is cheaper than a call.
  for (const stop = Math.min(i + 32, b.length); i < stop; i++) {
    const d = b[i]!;
    if (d === 0x22) return i + 1;
    if (d === 0x5c) i++;
  }
  // A long one: the closing quote is the first '"' not preceded by an odd run of backslashes
  // (a run starts where an escape does, and never before the opening quote). indexOf finds
  // quotes at the speed of memchr.
  let q = b.indexOf(0x22, i);
  for (;;) {
    let r = q;
    while (b[r - 1] === 0x5c) r--;
    if ((q - r) % 2 === 0) return q + 1;
    q = b.indexOf(0x22, q + 1);
  }
}

function latin1(b: Uint8Array, from: number, to: number): string {
  let s = '';
  for (let i = from; i < to; i++) s += String.fromCharCode(b[i]!);
  return s;
}

function hexDigit(c: number): number {
  return c <= 0x39 ? c - 0x30 : (c | 0x20) - 0x57;
}

function hex4(b: Uint8Array, i: number): number {
  const h = [b[i], b[i + 1], b[i + 2], b[i + 3]];
  for (const c of h) {
    if (c === undefined || !((c >= 0x30 && c <= 0x39) || ((c | 0x20) >= 0x61 && (c | 0x20) <= 0x66))) return -1;
  }
  return (hexDigit(h[0]!) << 12) | (hexDigit(h[1]!) << 8) | (hexDigit(h[2]!) << 4) | hexDigit(h[3]!);
}

/**
 * Decodes one UTF-8 sequence at `i` into UTF-16 `units` and returns the next index: Go's
 * utf8.DecodeRune, where each byte that does not start a valid sequence is one U+FFFD.
 */
function decodeRune(b: Uint8Array, i: number, units: number[]): number {
  const c0 = b[i]!;
  const cont = (k: number, lo = 0x80, hi = 0xbf) => {
    const c = b[i + k];
    return c !== undefined && c >= lo && c <= hi;
  };
  if (c0 >= 0xc2 && c0 <= 0xdf && cont(1)) {
    units.push(((c0 & 0x1f) << 6) | (b[i + 1]! & 0x3f));
    return i + 2;
  }
  if (c0 >= 0xe0 && c0 <= 0xef) {
    const lo = c0 === 0xe0 ? 0xa0 : 0x80;
    const hi = c0 === 0xed ? 0x9f : 0xbf;
    if (cont(1, lo, hi) && cont(2)) {
      units.push(((c0 & 0x0f) << 12) | ((b[i + 1]! & 0x3f) << 6) | (b[i + 2]! & 0x3f));
      return i + 3;
    }
  }
  if (c0 >= 0xf0 && c0 <= 0xf4) {
    const lo = c0 === 0xf0 ? 0x90 : 0x80;
    const hi = c0 === 0xf4 ? 0x8f : 0xbf;
    if (cont(1, lo, hi) && cont(2) && cont(3)) {
      const r = ((c0 & 0x07) << 18) | ((b[i + 1]! & 0x3f) << 12) | ((b[i + 2]! & 0x3f) << 6) | (b[i + 3]! & 0x3f);
      const v = r - 0x10000;
      units.push(0xd800 | (v >> 10), 0xdc00 | (v & 0x3ff));
      return i + 4;
    }
  }
  units.push(0xfffd);
  return i + 1;
}
