// Reading JSON values into the schema's shape, as encoding/json's decode.go: one decoder closure
// compiled per schema and cached per codec. Input is always a whole value the scanner has
// already validated, so this code never checks syntax; it checks types, with Go's
// UnmarshalTypeError texts (`json: cannot unmarshal string into Go struct field Args.A of type
// int`). Numbers are read as text and converted per schema, so 64-bit integers stay exact.
import {
  compileOnce,
  defineField,
  goName,
  goString,
  GoTime,
  intRange,
  nilBytes,
  nilMap,
  nilSlice,
  type NumericArray,
  type NumericArrayConstructor,
  type Schema,
  withGoText,
} from '../schema/index.js';
import { base64Decode } from './base64.js';
import { JsonError, JsonErrorCode, zeroValue } from './error.js';
import type { Cursor } from './reader.js';
import { parseRFC3339 } from './rfc3339.js';

/** A compiled decoder: reads the value at the cursor (and the whitespace after it). */
export type DecFn = (c: Cursor) => unknown;

const INTEGER = /^-?\d+$/;
/** The longest text of a 64-bit integer: a sign and 20 digits. */
const MAX_INT64_TEXT = 21;
const UNSIGNED = /^\d+$/;
/** What an integer past 2^53 in a `number` schema adds to Go's text (as gob's decoder). */
const UNSAFE_HINT = ': not exact beyond 2^53 as a number, decode it with a bigint schema (t.int64n, t.uint64n, t.intn, t.uintn)';

/**
 * Compiles and caches decoders per schema, for one codec (Go's field caches are global; here
 * nothing is shared between codecs).
 */
export class DecCompiler {
  private readonly cache = new Map<Schema, DecFn>();

  /** The decoder for `schema`, or the schema-less one for `undefined`. */
  get(s: Schema | undefined): DecFn {
    if (s === undefined) return anyValue;
    return compileOnce(
      this.cache,
      s,
      (f) => (c) => f()(c),
      () => this.compile(s),
    );
  }

  /** The decoder of one schema: one function per kind, as gob's decode.ts compiles. */
  private compile(s: Schema): DecFn {
    const goType = goString(s);
    switch (s.kind) {
      case 'bool':
        return boolDecoder(goType);
      case 'int':
      case 'uint':
        return this.integer(s.kind === 'uint', s.bits, s.mode, goType);
      case 'float':
        return floatDecoder(s.bits, goType);
      case 'complex':
        return (c) => nullOr(c, { real: 0, imag: 0 }, goType);
      case 'string':
        return (c) => (c.peek() === 0x22 ? c.string() : nullOr(c, '', goType));
      case 'bytes':
        return bytesDecoder(this.integer(true, 8, 'number', 'uint8'), goType);
      case 'slice':
        return sliceDecoder(this.get(s.elem), goType, s.as);
      case 'array':
        return arrayDecoder(s, this.get(s.elem), goType);
      case 'map':
        return this.map(s.key, this.get(s.elem), goType);
      case 'struct':
        return this.struct(s, goType);
      case 'ptr':
        return ptrDecoder(this.get(s.elem));
      case 'interface':
        return anyValue;
      case 'external':
        return externalDecoder(s, goType);
    }
  }

  /** Go's literalStore for integer kinds: strconv.ParseInt/ParseUint and an overflow check. */
  private integer(unsigned: boolean, bits: number, mode: 'number' | 'bigint' | 'auto', goType: string): DecFn {
    const parse = integerText(unsigned, bits, mode, goType);
    const zero = mode === 'bigint' ? 0n : 0;
    return (c) => {
      const b = c.peek();
      if (b !== 0x2d && (b < 0x30 || b > 0x39)) return nullOr(c, zero, goType);
      return parse(c.number(), c);
    };
  }

  private map(key: Schema, elem: DecFn, goType: string): DecFn {
    const k = mapKeyDecoder(key);
    if (k === undefined) {
      // Go refuses maps whose key is neither a string, an integer nor a TextUnmarshaler.
      return (c) => {
        if (c.peek() === 0x7b) throw c.typeError(goType, 'object');
        return nullOr(c, nilMap(), goType);
      };
    }
    return (c) => {
      if (c.peek() !== 0x7b) return nullOr(c, nilMap(), goType);
      const out = new Map<unknown, unknown>();
      c.object((name) => {
        const kv = k(name, c);
        out.set(kv, elem(c));
      });
      return out;
    };
  }

  /** Go's object() for structs: exact field names first, then case-insensitive ones; unknown keys skipped. */
  private struct(s: Schema & { kind: 'struct' }, goType: string): DecFn {
    let table: FieldTable | undefined;
    const structName = goName(s);
    const init = () => {
      const exact = new Map<string, number>();
      const folded = new Map<string, number>();
      const fns: DecFn[] = [];
      const names: string[] = [];
      s.fields.forEach((f, i) => {
        exact.set(f.name, i);
        const k = foldName(f.name);
        if (!folded.has(k)) folded.set(k, i);
        names.push(f.name);
        fns.push(this.get(f.schema));
      });
      const bytes = s.fields.length <= MATCH_BYTES ? s.fields.map((f) => utf8.encode(f.name)) : undefined;
      const foldedBytes = bytes && s.fields.map((f) => asciiBytes(foldName(f.name)));
      // The fields in order, each undefined until decoded or filled with its zero value (see
      // below); zeroValue here fails for a struct whose zero value would be infinite, as before.
      zeroValue(s);
      const skeleton: Record<string, unknown> = {};
      for (const name of names) defineField(skeleton, name, undefined);
      const zeros = s.fields.map((f) => () => zeroValue(f.schema));
      // Fields are marked seen by position and held by name: a schema that repeats a name (one
      // built from a peer's stream may) is zeroed whole first instead.
      const lazy = names.length <= 30 && new Set(names).size === names.length;
      return (table = { exact, folded, known: new Map<string, number>(), fns, names, bytes, foldedBytes, skeleton, zeros, lazy });
    };
    return (c) => {
      const t = table ?? init();
      if (c.peek() !== 0x7b) {
        return nullOr(c, zeroValue(s), goType);
      }
      // Up to 30 distinct fields, only the fields the object lacks get a zero value, after its members
      // (a nil slice or map made for a field the object then sets is wasted, and a nil slice is
      // a WeakSet entry for the collector); past that, every field first, as Go's zeroed struct.
      const few = t.lazy;
      const out = few ? { ...t.skeleton } : (zeroValue(s) as Record<string, unknown>);
      let seen = 0;
      c.members((start, end, plain) => {
        let i = plain && t.bytes !== undefined ? matchBytes(t, c.b, start, end) : -2;
        if (i === -2) {
          const key = c.keyAt(start);
          // Keys that are not field names exactly are looked up folded, and remembered (up to
          // KNOWN_KEYS of them, so distinct keys cannot grow it).
          let found = t.exact.get(key) ?? t.known.get(key);
          if (found === undefined) {
            found = t.folded.get(foldName(key)) ?? -1;
            if (t.known.size < KNOWN_KEYS) t.known.set(key, found);
          }
          i = found;
        }
        if (i < 0) {
          c.skip();
          return;
        }
        const savedStruct = c.struct;
        c.struct = structName;
        c.fields.push(t.names[i]!);
        defineField(out, t.names[i]!, t.fns[i]!(c));
        seen |= 1 << i;
        // (Each field's decoder leaves the path as it found it; pop is no runtime call, as
        // setting the length is.)
        c.fields.pop();
        c.struct = savedStruct;
      });
      if (few && seen !== (1 << t.names.length) - 1) {
        for (let i = 0; i < t.names.length; i++) if ((seen & (1 << i)) === 0) defineField(out, t.names[i]!, t.zeros[i]!());
      }
      return out;
    };
  }
}

/** A struct's fields as its decoder looks keys up in them. */
interface FieldTable {
  exact: Map<string, number>;
  /** By folded name, the first field with that fold. */
  folded: Map<string, number>;
  /** Keys that are not exact names, with the field they fold to or -1. */
  known: Map<string, number>;
  fns: DecFn[];
  names: string[];
  /** For structs of at most MATCH_BYTES fields: each name's UTF-8. */
  bytes: Uint8Array[] | undefined;
  /** Each name's fold, when it is ASCII (an ASCII key can match no other). */
  foldedBytes: (Uint8Array | undefined)[] | undefined;
  /** Every field undefined, in order: each decoded object starts as a copy. */
  skeleton: Record<string, unknown>;
  /** Each field's zero value, made anew. */
  zeros: (() => unknown)[];
  /** Whether absent fields get their zero values after the members (see the decoder). */
  lazy: boolean;
}

const utf8 = new TextEncoder();

/** Structs with at most this many fields match plain keys byte by byte, without making the key a string. */
const MATCH_BYTES = 32;

function asciiBytes(s: string): Uint8Array | undefined {
  for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) >= 0x80) return undefined;
  return utf8.encode(s);
}

/**
 * The field a plain ASCII key b[start, end) names: exactly, else the first whose fold is the
 * key's lower case (what foldName gives for ASCII); -1 for none. Every unknown key of a request
 * passes here, so it compares bytes and makes nothing.
 */
function matchBytes(t: FieldTable, b: Uint8Array, start: number, end: number): number {
  const n = end - start;
  const bytes = t.bytes!;
  for (let j = 0; j < bytes.length; j++) {
    const x = bytes[j]!;
    if (x.length !== n) continue;
    let k = 0;
    while (k < n && b[start + k] === x[k]) k++;
    if (k === n) return j;
  }
  const folded = t.foldedBytes!;
  for (let j = 0; j < folded.length; j++) {
    const x = folded[j];
    if (x === undefined || x.length !== n) continue;
    let k = 0;
    for (; k < n; k++) {
      const d = b[start + k]!;
      if ((d >= 0x41 && d <= 0x5a ? d + 0x20 : d) !== x[k]) break;
    }
    if (k === n) return j;
  }
  return -1;
}

/** How many keys that are not exact field names a struct decoder remembers the field of (or its absence). */
const KNOWN_KEYS = 256;

/** A value that is not what the schema wants: `null` leaves the zero value (Go: a no-op), anything else is a type error. */
function nullOr(c: Cursor, zero: unknown, goType: string): unknown {
  if (c.peek() === 0x6e) {
    c.literal();
    return zero;
  }
  throw c.typeError(goType);
}

/**
 * Go's case folding for field names (bytes.EqualFold): simple Unicode folding, so "ID", "Id"
 * and "id" all match, and so do the Kelvin sign and 'k'.
 */
export function foldName(s: string): string {
  // ASCII, which nearly every key is, folds as its lower case: this is the cost of every
  // member a struct does not know, so a request made of unknown keys must not pay more.
  let ascii = true;
  for (let i = 0; i < s.length; i++) {
    if (s.charCodeAt(i) >= 0x80) {
      ascii = false;
      break;
    }
  }
  if (ascii) return s.toLowerCase();
  let out = '';
  for (const ch of s) {
    const up = ch.toUpperCase();
    out += [...up].length === 1 ? up.toLowerCase() : ch.toLowerCase();
  }
  return out;
}

type KeyFn = (text: string, c: Cursor) => unknown;

/**
 * Go's strconv.ParseInt/ParseUint with an overflow check, for integer values and map keys alike:
 * the integer `text` stands for, as the schema's mode wants it. Throws Go's UnmarshalTypeError
 * text for bad syntax or a number outside the type, and a RANGE error (Go's text and our hint)
 * for a number past 2^53 in `number` mode.
 */
function integerText(unsigned: boolean, bits: number, mode: 'number' | 'bigint' | 'auto', goType: string): KeyFn {
  const syntax = unsigned ? UNSIGNED : INTEGER;
  const [min, max] = intRange(!unsigned, bits);
  const nmin = Number(min);
  const nmax = Number(max);
  return (text, c) => {
    if (!syntax.test(text)) throw c.typeError(goType, 'number ' + text);
    if (text.length < 16) {
      // Exact as a double: no bigint needed.
      const n = Number(text);
      if (n < nmin || n > nmax) throw c.typeError(goType, 'number ' + text);
      return mode === 'bigint' ? BigInt(n) : n === 0 ? 0 : n;
    }
    // More than a sign and 20 digits is beyond every 64-bit range; checking that first keeps
    // a long number from costing a bigint conversion, which grows faster than its length.
    if (text.length > MAX_INT64_TEXT) throw c.typeError(goType, 'number ' + text);
    const v = BigInt(text);
    if (v < min || v > max) throw c.typeError(goType, 'number ' + text);
    if (mode === 'bigint') return v;
    const n = Number(v);
    if (Number.isSafeInteger(n)) return n;
    if (mode === 'auto') return v;
    // Go's text (an int holds the number, so Go says it does not fit the type) with our hint after
    // it; a Go peer gets Go's text alone (see goText).
    const go = c.typeError(goType, 'number ' + text).message;
    throw withGoText(new JsonError(JsonErrorCode.Range, go + UNSAFE_HINT), go);
  };
}

/** How map keys are read back from object member names (decode.go's object(), map branch). */
function mapKeyDecoder(key: Schema): KeyFn | undefined {
  switch (key.kind) {
    case 'string':
      return (k) => k;
    case 'int':
    case 'uint': {
      // A key's text is read as a value's (Go's object() calls strconv.ParseInt/ParseUint).
      return integerText(key.kind === 'uint', key.bits, key.mode, goString(key));
    }
    case 'external':
      if (key.marshal !== 'text') return undefined;
      return (k) => (key.codec ? callCodec(() => key.codec!.decode(k)) : k);
    default:
      return undefined;
  }
}

function callCodec<T>(f: () => T): T {
  try {
    return f();
  } catch (e) {
    throw new JsonError(JsonErrorCode.Marshaler, e instanceof Error ? e.message : String(e), { cause: e });
  }
}

/** time.Time, *big.Int and TextUnmarshalers, by their JSON forms. */
function externalDecoder(s: Schema & { kind: 'external' }, goType: string): DecFn {
  if (s.name === 'time.Time') {
    return (c) => {
      const b = c.peek();
      if (b === 0x6e) {
        c.literal();
        return s.codec?.zero ? s.codec.zero() : GoTime.zero;
      }
      if (b !== 0x22) {
        c.skip();
        throw new JsonError(JsonErrorCode.Marshaler, 'Time.UnmarshalJSON: input is not a JSON string');
      }
      const text = c.rawString();
      return callCodec(() => parseRFC3339(text));
    };
  }
  if (s.name === 'big.Int') {
    return (c) => {
      const b = c.peek();
      if (b === 0x6e) {
        c.literal();
        return null;
      }
      const start = c.pos;
      c.skip();
      const raw = new TextDecoder().decode(c.b.subarray(start, c.pos)).trimEnd();
      if (!INTEGER.test(raw))
        throw new JsonError(JsonErrorCode.Marshaler, `math/big: cannot unmarshal ${JSON.stringify(raw)} into a *big.Int`);
      return BigInt(raw);
    };
  }
  if (s.marshal === 'text') {
    return (c) => {
      if (c.peek() !== 0x22) throw c.typeError(goType);
      const text = c.string();
      return s.codec ? callCodec(() => s.codec!.decode(text)) : text;
    };
  }
  return () => {
    throw new JsonError(
      JsonErrorCode.Unsupported,
      `json: cannot decode ${goType}: it has no JSON form here (only a gob or binary marshaler)`,
    );
  };
}

/** An object being filled by {@link anyValue}, and the member whose value comes next. */
interface OpenObject {
  readonly o: Record<string, unknown>;
  k: string;
}

/**
 * Schema-less decoding (Go: into an `interface{}`): objects become plain objects, arrays
 * arrays, numbers `number`, except integers beyond 2^53, which become `bigint` so they stay
 * exact (Go would round them to float64). Iterative, so nesting as deep as the scanner allows
 * (Go's 10,000 levels) cannot exhaust the stack.
 */
const anyValue: DecFn = (c) => {
  const open: Array<unknown[] | OpenObject> = [];
  for (;;) {
    let v: unknown;
    switch (c.peek()) {
      case 0x7b:
        c.pos++;
        c.ws();
        if (c.peek() !== 0x7d) {
          const k = c.string();
          c.pos++; // ':'
          c.ws();
          open.push({ o: {}, k });
          continue;
        }
        c.pos++;
        c.ws();
        v = {};
        break;
      case 0x5b:
        c.pos++;
        c.ws();
        if (c.peek() !== 0x5d) {
          open.push([]);
          continue;
        }
        c.pos++;
        c.ws();
        v = [];
        break;
      case 0x22:
        v = c.string();
        break;
      case 0x74:
      case 0x66:
        v = c.peek() === 0x74;
        c.literal();
        break;
      case 0x6e:
        c.literal();
        v = null;
        break;
      default: {
        const text = c.number();
        const n = Number(text);
        // As Go, a number beyond float64 is an error; so an exact bigint has at most 309 digits.
        if (!Number.isFinite(n)) throw c.typeError('float64', 'number ' + text);
        v = INTEGER.test(text) && !Number.isSafeInteger(n) ? BigInt(text) : n;
      }
    }
    // Store the value in its container; close every container that ends here.
    for (;;) {
      const top = open[open.length - 1];
      if (top === undefined) return v;
      if (Array.isArray(top)) top.push(v);
      else defineField(top.o, top.k, v);
      const sep = c.b[c.pos++];
      c.ws();
      if (sep === 0x2c) {
        if (!Array.isArray(top)) {
          top.k = c.string();
          c.pos++; // ':'
          c.ws();
        }
        break;
      }
      open.pop();
      v = Array.isArray(top) ? top : top.o;
    }
  }
};

/** true or false (Go's literalStore for a bool); null leaves false. */
function boolDecoder(goType: string): DecFn {
  return (c) => {
    const b = c.peek();
    if (b === 0x74 || b === 0x66) {
      c.literal();
      return b === 0x74;
    }
    return nullOr(c, false, goType);
  };
}

/** A number as float32 (rounded) or float64; one out of range is Go's UnmarshalTypeError. */
function floatDecoder(bits: number, goType: string): DecFn {
  return (c) => {
    const b = c.peek();
    if (b !== 0x2d && (b < 0x30 || b > 0x39)) return nullOr(c, 0, goType);
    const text = c.number();
    let v = Number(text);
    if (bits === 32) v = Math.fround(v);
    if (!Number.isFinite(v)) throw c.typeError(goType, 'number ' + text);
    return v;
  };
}

/** []byte: base64 text, or (as Go also takes) an array of numbers. */
function bytesDecoder(elem: DecFn, goType: string): DecFn {
  return (c) => {
    const b = c.peek();
    if (b === 0x22) return base64Decode(c.string());
    if (b === 0x5b) {
      // Go also takes []byte as an array of numbers.
      const out: number[] = [];
      c.array(() => out.push(elem(c) as number));
      return Uint8Array.from(out);
    }
    // null is Go's nil []byte, which encodes back as null; "" and [] are empty, non-nil.
    return nullOr(c, nilBytes(), goType);
  };
}

function sliceDecoder(elem: DecFn, goType: string, as: NumericArrayConstructor | undefined): DecFn {
  if (as) {
    // A typed array (t.slice's option as) has no nil: null and [] are both an empty one.
    const from = as as unknown as { from(a: ArrayLike<unknown>): NumericArray };
    return (c) => {
      if (c.peek() !== 0x5b) return nullOr(c, new as(0), goType);
      const out: unknown[] = [];
      c.array(() => out.push(elem(c)));
      return from.from(out);
    };
  }
  return (c) => {
    // null is Go's nil slice, which encodes back as null; [] is an empty, non-nil one.
    if (c.peek() !== 0x5b) return nullOr(c, nilSlice(), goType);
    const out: unknown[] = [];
    c.array(() => out.push(elem(c)));
    return out;
  };
}

function arrayDecoder(s: Extract<Schema, { kind: 'array' }>, elem: DecFn, goType: string): DecFn {
  const len = s.len;
  return (c) => {
    if (c.peek() !== 0x5b) return nullOr(c, zeroValue(s), goType);
    const out: unknown[] = [];
    // Extra elements are read and dropped; missing ones are zero, as Go.
    c.array(() => {
      if (out.length < len) out.push(elem(c));
      else c.skip();
    });
    for (let i = out.length; i < len; i++) out.push(zeroValue(s.elem));
    return out;
  };
}

/** A pointer: null is nil, anything else the element's value. */
function ptrDecoder(elem: DecFn): DecFn {
  return (c) => {
    if (c.peek() === 0x6e) {
      c.literal();
      return null;
    }
    return elem(c);
  };
}
