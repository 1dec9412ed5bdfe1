// Writing values as JSON, as encoding/json's encode.go: one encoder closure compiled per schema
// and cached per codec, producing exactly Go's bytes for the same Go value: HTML-safe string
// escapes, floats in Go's shortest form, []byte as padded base64, maps as objects with sorted
// keys, time.Time as RFC 3339 with nanoseconds, nil slices, maps and pointers as null.
import {
  addPath,
  baseOf,
  compileOnce,
  describeValue,
  finishPath,
  formatRFC3339Nano,
  goString,
  type GoInterface,
  GoTime,
  interfaceSchema,
  intRange,
  isNilMap,
  isNilSlice,
  isNumericArray,
  isWellFormed,
  keySegment,
  pathRoot,
  type Schema,
  stringBytes,
  withCall,
} from '../schema/index.js';
import { shortestSingle } from '../schema/floatfmt.js';
import { base64Encode } from './base64.js';
import { JsonError, JsonErrorCode, zeroValue } from './error.js';

/** A compiled encoder: the JSON text of one value. */
export type EncFn = (v: any) => string;

const HEX = '0123456789abcdef';
/** Characters appendString escapes when escapeHTML is on (Go's default for Marshal and Encoder). */
const NEEDS_ESCAPE = /[\u0000-\u001f"\\<>&\u2028\u2029\ud800-\udfff]/;

/**
 * A string as Go's encoder writes it (appendString with escapeHTML): `"`, `\` and control
 * characters escaped (\b \f \n \r \t by name, others as \u00XX), `<`, `>`, `&`, U+2028 and
 * U+2029 as \u escapes, and a lone surrogate (invalid UTF-8 in Go) as \ufffd.
 */
export function quote(s: string): string {
  if (!NEEDS_ESCAPE.test(s)) return '"' + s + '"';
  let out = '"';
  let start = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    let esc: string;
    if (c < 0x20) {
      esc =
        c === 0x08
          ? '\\b'
          : c === 0x0c
            ? '\\f'
            : c === 0x0a
              ? '\\n'
              : c === 0x0d
                ? '\\r'
                : c === 0x09
                  ? '\\t'
                  : '\\u00' + HEX[c >> 4]! + HEX[c & 15]!;
    } else if (c === 0x22) esc = '\\"';
    else if (c === 0x5c) esc = '\\\\';
    else if (c === 0x3c || c === 0x3e || c === 0x26) esc = '\\u00' + HEX[c >> 4]! + HEX[c & 15]!;
    else if (c === 0x2028 || c === 0x2029) esc = '\\u202' + (c & 15);
    else if (c >= 0xd800 && c < 0xe000) {
      const d = s.charCodeAt(i + 1);
      if (c < 0xdc00 && d >= 0xdc00 && d < 0xe000) {
        i++;
        continue;
      }
      esc = '\\ufffd';
    } else continue;
    out += s.slice(start, i) + esc;
    start = i + 1;
  }
  return out + s.slice(start) + '"';
}

/**
 * A float as Go's floatEncoder writes it: the shortest text that reads back to the same
 * float64 (or float32), in 'f' form between 1e-6 and 1e21 and 'e' form outside, with a
 * one-digit negative exponent where Go trims "e-07" to "e-7". NaN and infinities are refused
 * (`json: unsupported value: NaN`).
 */
export function formatFloat(f: number, bits: 32 | 64): string {
  if (!Number.isFinite(f)) {
    throw new JsonError(JsonErrorCode.Unsupported, `json: unsupported value: ${Number.isNaN(f) ? 'NaN' : f > 0 ? '+Inf' : '-Inf'}`);
  }
  if (f === 0) return Object.is(f, -0) ? '-0' : '0';
  // Number#toString is the shortest form that reads back as the same double, with Go's
  // thresholds for the exponent form and Go's spelling of it; a float32 is written as the
  // number nearest its own shortest decimal, which prints with the same digits.
  return String(bits === 64 ? f : shortestSingle(f));
}

/** Why a number past 2^53 cannot be a `number` integer, and what to use instead (as gob's). */
const UNSAFE_INT = 'not exact beyond 2^53, use a bigint and a bigint schema (t.int64n, t.uint64n, t.intn, t.uintn)';

function invalid(goType: string, v: unknown, why = ''): never {
  throw new JsonError(JsonErrorCode.InvalidValue, `json: cannot encode ${describeValue(v)} as ${goType}${why ? ': ' + why : ''}`);
}

function unsupportedType(goType: string): never {
  throw new JsonError(JsonErrorCode.Unsupported, `json: unsupported type: ${goType}`);
}

function marshalerError(goType: string, e: unknown, method = 'MarshalJSON'): never {
  const msg = e instanceof Error ? e.message : String(e);
  throw new JsonError(JsonErrorCode.Marshaler, `json: error calling ${method} for type ${goType}: ${msg}`, { cause: e });
}

/**
 * Compares strings in UTF-8 byte order (Go's strings.Compare), which differs from JavaScript's
 * UTF-16 order only between surrogate pairs and U+E000..U+FFFF, and for lone surrogates: those
 * are bytes that were not UTF-8 in the Go string (see gob's stringFromBytes), compared as bytes.
 */
export function compareUtf8(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    let x = a.charCodeAt(i);
    let y = b.charCodeAt(i);
    if (x === y) continue;
    if ((isSurrogate(x) || isSurrogate(y)) && !(isWellFormed(a) && isWellFormed(b))) return compareBytes(stringBytes(a), stringBytes(b));
    if (x >= 0xd800 && y >= 0xd800) {
      x = x >= 0xe000 ? x - 0x800 : x + 0x2000;
      y = y >= 0xe000 ? y - 0x800 : y + 0x2000;
    }
    return x - y;
  }
  return a.length - b.length;
}

function isSurrogate(c: number): boolean {
  return c >= 0xd800 && c < 0xe000;
}

function compareBytes(a: Uint8Array, b: Uint8Array): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return a[i]! - b[i]!;
  return a.length - b.length;
}

/** Kinds whose Go zero value is nil, which JSON writes as null. */
function nilZero(s: Schema): boolean {
  return s.kind === 'slice' || s.kind === 'map' || s.kind === 'bytes' || s.kind === 'ptr' || s.kind === 'interface';
}

/** Compiles and caches encoders per schema, for one codec. */
export class EncCompiler {
  private readonly cache = new Map<Schema, EncFn>();

  /** Schema-less encoding whose GoInterface values share this compiler's cache. */
  readonly any: EncFn = (v) => anyAt(v, 0, this);

  /** The encoder for `schema`, or the schema-less one for `undefined`. */
  get(s: Schema | undefined): EncFn {
    if (s === undefined) return this.any;
    return compileOnce(
      this.cache,
      s,
      (f) => (v) => f()(v),
      () => this.compile(s),
    );
  }

  /**
   * Encodes a whole value: as {@link get}, but an error leaves with its `path` (and `call`, for
   * RPC) set and both in front of its message, as the gob encoder's errors.
   */
  encode(s: Schema | undefined, v: unknown, call?: string): string {
    try {
      return this.get(s)(v);
    } catch (e) {
      finishPath(e, s === undefined ? 'value' : pathRoot(s), true);
      throw call === undefined ? e : withCall(e, call, true);
    }
  }

  private compile(s: Schema): EncFn {
    const goType = goString(s);
    switch (s.kind) {
      case 'bool':
        return (v) => (typeof v === 'boolean' ? (v ? 'true' : 'false') : invalid(goType, v));
      case 'int':
      case 'uint': {
        const [min, max] = intRange(s.kind === 'int', s.bits);
        const nmin = Number(min);
        const nmax = Number(max);
        return (v) => {
          if (typeof v === 'number') {
            if (!Number.isInteger(v)) invalid(goType, v, 'not an integer');
            if (v < nmin || v > nmax) invalid(goType, v, 'out of range');
            if (!Number.isSafeInteger(v)) invalid(goType, v, UNSAFE_INT);
            return v === 0 ? '0' : String(v);
          }
          if (typeof v === 'bigint') {
            if (v < min || v > max) invalid(goType, v, 'out of range');
            return String(v);
          }
          return invalid(goType, v);
        };
      }
      case 'float': {
        const bits = s.bits;
        return (v) => (typeof v === 'number' ? formatFloat(bits === 32 ? Math.fround(v) : v, bits) : invalid(goType, v));
      }
      case 'complex':
        return () => unsupportedType(goType);
      case 'string':
        return (v) => (typeof v === 'string' ? quote(v) : invalid(goType, v));
      case 'bytes':
        return (v) => {
          if (v instanceof Uint8Array) return isNilSlice(v) ? 'null' : '"' + base64Encode(v) + '"';
          return v == null ? 'null' : invalid(goType, v);
        };
      case 'slice': {
        const elem = this.get(s.elem);
        const e = baseOf(s.elem);
        const numeric = e.kind === 'int' || e.kind === 'uint' || e.kind === 'float';
        return (v) => {
          if (Array.isArray(v)) return isNilSlice(v) ? 'null' : encodeArray(v, elem);
          // A typed array (t.slice's option as, or any other for a slice of numbers, as the gob
          // encoder takes them) is never nil: an empty one is []. The element checks each value.
          if (numeric && isNumericArray(v)) return encodeArray(v, elem);
          return v == null ? 'null' : invalid(goType, v);
        };
      }
      case 'array': {
        const elem = this.get(s.elem);
        return (v) => {
          if (v == null) v = zeroValue(s);
          else if (!Array.isArray(v)) invalid(goType, v);
          else if (v.length !== s.len) invalid(goType, v, `length ${v.length}, want ${s.len}`);
          return encodeArray(v, elem);
        };
      }
      case 'map':
        return this.map(s.key, this.get(s.elem), goType);
      case 'struct':
        return this.struct(s, goType);
      case 'ptr': {
        const elem = this.get(s.elem);
        return (v) => (v == null ? 'null' : elem(v));
      }
      case 'interface':
        return this.any;
      case 'external':
        return externalEncoder(s, goType);
    }
  }

  /** Go's mapEncoder: keys resolved to strings (resolveKeyName), sorted, nil map as null. */
  private map(key: Schema, elem: EncFn, goType: string): EncFn {
    let keyText: (k: unknown) => string;
    switch (key.kind) {
      case 'string':
        keyText = (k) => (typeof k === 'string' ? k : invalid(goString(key), k));
        break;
      case 'int':
      case 'uint': {
        const enc = this.get(key);
        keyText = (k) => enc(k);
        break;
      }
      case 'external':
        if (key.marshal === 'text') {
          keyText = (k) => {
            if (!key.codec) return typeof k === 'string' ? k : invalid(goString(key), k);
            try {
              return key.codec.encode(k);
            } catch (e) {
              return marshalerError(goString(key), e, 'MarshalText');
            }
          };
          break;
        }
        return () => unsupportedType(goType);
      default:
        return () => unsupportedType(goType);
    }
    const stringKeys = key.kind === 'string';
    return (v) => {
      if (v == null || isNilMap(v)) return 'null';
      const entries: Array<[string, unknown]> = [];
      if (v instanceof Map) {
        for (const [k, x] of v) entries.push([keyText(k), x]);
      } else if (stringKeys && typeof v === 'object' && !Array.isArray(v)) {
        // A plain object stands for a string-keyed map.
        for (const k of Object.keys(v)) entries.push([k, v[k]]);
      } else {
        return invalid(goType, v, 'want a Map');
      }
      entries.sort((a, b) => compareUtf8(a[0], b[0]));
      let out = '{';
      let i = 0;
      try {
        for (; i < entries.length; i++) {
          if (i > 0) out += ',';
          out += quote(entries[i]![0]) + ':' + elem(entries[i]![1]);
        }
      } catch (e) {
        throw addPath(e, keySegment(entries[i]![0]));
      }
      return out + '}';
    };
  }

  /** Go's structEncoder: every field in declaration order, by its Go name; a missing field is its zero value. */
  private struct(s: Schema & { kind: 'struct' }, goType: string): EncFn {
    let fields: Array<{ name: string; key: string; enc: EncFn; zero: () => string }> | undefined;
    const init = () =>
      (fields = s.fields.map((f) => {
        const enc = this.get(f.schema);
        let zero: string | undefined;
        return {
          name: f.name,
          key: quote(f.name) + ':',
          enc,
          zero: () => (zero ??= nilZero(f.schema) ? 'null' : enc(zeroValue(f.schema))),
        };
      }));
    return (v) => {
      if (v === undefined) v = zeroValue(s);
      if (v === null || typeof v !== 'object' || Array.isArray(v)) return invalid(goType, v);
      const fs = fields ?? init();
      let out = '{';
      let i = 0;
      try {
        for (; i < fs.length; i++) {
          const f = fs[i]!;
          const x = v[f.name];
          out += (i > 0 ? ',' : '') + f.key + (x === undefined ? f.zero() : f.enc(x));
        }
      } catch (e) {
        throw addPath(e, '.' + fs[i]!.name);
      }
      return out + '}';
    };
  }
}

function encodeArray(v: ArrayLike<unknown>, elem: EncFn): string {
  let out = '[';
  let i = 0;
  try {
    for (; i < v.length; i++) {
      if (i > 0) out += ',';
      out += elem(v[i]);
    }
  } catch (e) {
    throw addPath(e, `[${i}]`);
  }
  return out + ']';
}

function isGoTime(v: unknown): v is { sec: bigint; nsec: number; offset: number | null } {
  return (
    typeof v === 'object' &&
    v !== null &&
    typeof (v as { sec?: unknown }).sec === 'bigint' &&
    typeof (v as { nsec?: unknown }).nsec === 'number'
  );
}

/** time.Time, *big.Int and TextMarshalers by their JSON forms; gob-only marshalers have none. */
function externalEncoder(s: Schema & { kind: 'external' }, goType: string): EncFn {
  if (s.name === 'time.Time') return (v) => timeJson(v, goType);
  if (s.name === 'big.Int') {
    return (v) => {
      if (v == null) return 'null';
      if (typeof v === 'bigint') return String(v);
      if (typeof v === 'number' && Number.isSafeInteger(v)) return String(v);
      return invalid(goType, v);
    };
  }
  if (s.marshal === 'text') {
    return (v) => {
      if (!s.codec) return typeof v === 'string' ? quote(v) : invalid(goType, v);
      let text: string;
      try {
        text = s.codec.encode(v);
      } catch (e) {
        return marshalerError(goType, e, 'MarshalText');
      }
      return quote(text);
    };
  }
  return () => {
    throw new JsonError(
      JsonErrorCode.Unsupported,
      `json: cannot encode ${goType}: it has no JSON form here (only a gob or binary marshaler)`,
    );
  };
}

function timeJson(v: unknown, goType = 'time.Time'): string {
  const t = v instanceof Date ? GoTime.fromDate(v) : v;
  if (!isGoTime(t)) return invalid(goType, v, 'want a GoTime or a Date');
  try {
    return '"' + formatRFC3339Nano(t as GoTime) + '"';
  } catch (e) {
    return marshalerError(goType, e);
  }
}

/** The schema of `v` when it is an interface value that has one (see interfaceSchema), else undefined. */
function goInterfaceSchema(v: object): Schema | undefined {
  if (typeof (v as { name?: unknown }).name !== 'string' || !('value' in v)) return undefined;
  const s: unknown = interfaceSchema(v as GoInterface);
  return typeof s === 'object' && s !== null && typeof (s as { kind?: unknown }).kind === 'string' ? (s as Schema) : undefined;
}

const MAX_ANY_DEPTH = 10_000;

/**
 * Schema-less encoding (Go: a value in an `interface{}`): null, undefined and Go's nil slices,
 * []byte and maps (the marked empty values of nilSlice, nilBytes and nilMap) as null, numbers as
 * Go's float64, bigints exactly, Uint8Array as base64, arrays and other typed arrays, Maps (sorted keys, as Go's maps),
 * plain objects (their own order, as Go's structs), GoTime and Date as RFC 3339, and a
 * GoInterface that carries its schema (as gob's schema-less decoding gives) by that schema,
 * compiled in `compiler`'s cache when there is one.
 */
function anyAt(v: unknown, depth: number, compiler: EncCompiler | undefined): string {
  switch (typeof v) {
    case 'string':
      return quote(v);
    case 'number':
      return formatFloat(v, 64);
    case 'bigint':
      return String(v);
    case 'boolean':
      return v ? 'true' : 'false';
    case 'undefined':
      return 'null';
    case 'object':
      break;
    default:
      throw new JsonError(JsonErrorCode.Unsupported, `json: unsupported type: ${typeof v}`);
  }
  if (v === null) return 'null';
  if (depth >= MAX_ANY_DEPTH) throw new JsonError(JsonErrorCode.Unsupported, 'json: unsupported value: nested too deeply (a cycle?)');
  // Nil slices, []byte and maps (as decoding gives them) are null, as Go writes a nil one
  // held in an interface.
  if (v instanceof Uint8Array) return isNilSlice(v) ? 'null' : '"' + base64Encode(v) + '"';
  if (isNilSlice(v) || isNilMap(v)) return 'null';
  if (Array.isArray(v) || isNumericArray(v)) {
    // A typed array of numbers (a slice held in one) too, as an array of its values.
    const a = v as ArrayLike<unknown>;
    let out = '[';
    for (let i = 0; i < a.length; i++) out += (i > 0 ? ',' : '') + anyAt(a[i], depth + 1, compiler);
    return out + ']';
  }
  if (v instanceof Date || isGoTime(v)) return timeJson(v);
  if (v instanceof Map) {
    const entries: Array<[string, unknown]> = [];
    for (const [k, x] of v) {
      if (typeof k === 'string') entries.push([k, x]);
      else if (typeof k === 'bigint' || (typeof k === 'number' && Number.isInteger(k))) entries.push([String(k), x]);
      else throw new JsonError(JsonErrorCode.Unsupported, `json: unsupported map key ${describeValue(k)} (want a string or an integer)`);
    }
    entries.sort((a, b) => compareUtf8(a[0], b[0]));
    let out = '{';
    for (let i = 0; i < entries.length; i++)
      out += (i > 0 ? ',' : '') + quote(entries[i]![0]) + ':' + anyAt(entries[i]![1], depth + 1, compiler);
    return out + '}';
  }
  const ifaceSchema = goInterfaceSchema(v);
  if (ifaceSchema !== undefined) return (compiler ?? new EncCompiler()).get(ifaceSchema)((v as GoInterface).value);
  let out = '{';
  let first = true;
  for (const k of Object.keys(v)) {
    const x = (v as Record<string, unknown>)[k];
    if (x === undefined || typeof x === 'function' || typeof x === 'symbol') continue;
    out += (first ? '' : ',') + quote(k) + ':' + anyAt(x, depth + 1, compiler);
    first = false;
  }
  return out + '}';
}

/**
 * Go's appendCompact with escapeHTML, for a json.RawMessage the encoder re-emits (the id a
 * server echoes): whitespace outside strings removed, `<`, `>`, `&`, U+2028 and U+2029 inside
 * strings escaped, everything else byte for byte. `raw` is one valid JSON value.
 */
export function compactHTML(raw: string): string {
  let out = '';
  let start = 0;
  let inString = false;
  for (let i = 0; i < raw.length; i++) {
    const c = raw.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) {
        i++;
        continue;
      }
      if (c === 0x22) inString = false;
      else if (c === 0x3c || c === 0x3e || c === 0x26 || c === 0x2028 || c === 0x2029) {
        out += raw.slice(start, i) + (c < 0x100 ? '\\u00' + HEX[c >> 4]! + HEX[c & 15]! : '\\u202' + (c & 15));
        start = i + 1;
      }
      continue;
    }
    if (c === 0x22) inString = true;
    else if (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09) {
      out += raw.slice(start, i);
      start = i + 1;
    }
  }
  return out + raw.slice(start);
}
