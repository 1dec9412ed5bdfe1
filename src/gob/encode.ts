// Per-type encoder compilation, as encode.go's encOpFor/compileEnc: each schema becomes a
// closure specialised once per stream; no schema is interpreted per value.
import { addPath, fail, GobError, GobErrorCode, goQuote, isGobError, keySegment, zeroValue } from './error.js';
import {
  baseOf,
  compileOnce,
  describeValue,
  goString,
  type GoInterface,
  intRange,
  isNilMap,
  isNumericArray,
  isWellFormed,
  type NumericArray,
  type Schema,
  stringBytes,
  typedArrayName,
  stringFromBytes,
} from '../schema/index.js';
import { holdsInterface } from './decode-elements.js';
import { EXPECT_FROM, putAscii, putFloat64, putUint, type Writer } from './writer.js';

/** Writes one value in field-value form (no field delta). */
export type EncFn = (w: Writer, v: any) => void;

/** What the compiled closures need from their Encoder. */
export interface EncodeContext {
  /** Encodes an interface value into `w`, sending its type first (encoder.ts). */
  encodeInterface(w: Writer, v: GoInterface): void;
}

/** Whether a struct field holding `v` is omitted, as encode.go's ops skip zero values. */
type ZeroFn = (v: any) => boolean;

/** Why a number past 2^53 cannot be a `number` integer, and what to use instead. */
const UNSAFE_INT = 'not exact beyond 2^53, use a bigint and a bigint schema (t.int64n, t.uint64n, t.intn, t.uintn)';

/**
 * Throws when two keys of a string-keyed map are the same Go string, which Go's map could never
 * hold and a decoder (Go's or ours) would merge into one entry: a key with escaped bytes joined
 * into valid UTF-8 (`stringFromBytes([0xc3]) + stringFromBytes([0xa9])` is "é") beside the
 * plain string, or two lone surrogates that both go out as U+FFFD. Only a map holding a key
 * that is not well-formed UTF-16 can have such keys, so other maps cost one check a key
 * (compileMap makes the same check of a Map's keys with forEach, allocating nothing).
 */
function distinctGoStrings(keys: readonly string[]): void {
  for (const k of keys) if (!wellFormedKey(k)) return sameGoStrings(keys);
}

/**
 * isWellFormed, by a loop for short keys: the builtin is a call out of generated code, which
 * costs more than looking at a few code units for a surrogate.
 */
function wellFormedKey(k: string): boolean {
  const n = k.length;
  if (n > 32) return isWellFormed(k);
  for (let i = 0; i < n; i++) {
    if ((k.charCodeAt(i) & 0xf800) === 0xd800) return isWellFormed(k);
  }
  return true;
}

/** The second, rarely needed pass of {@link distinctGoStrings}: throws on two keys that are one Go string. */
function sameGoStrings(keys: Iterable<unknown>): void {
  const seen = new Map<string, string>();
  for (const k of keys) {
    if (typeof k !== 'string') continue;
    const canonical = isWellFormed(k) ? k : stringFromBytes(stringBytes(k));
    const other = seen.get(canonical);
    if (other !== undefined) {
      fail(
        GobErrorCode.InvalidValue,
        `gob: map keys ${goQuote(other)} and ${goQuote(k)} are the same Go string ${goQuote(canonical)}; the map would arrive with one entry`,
      );
    }
    seen.set(canonical, k);
  }
}

function invalid(s: Schema, v: unknown, why = ''): never {
  return fail(GobErrorCode.InvalidValue, `gob: cannot encode ${describeValue(v)} as ${goString(s)}${why ? ': ' + why : ''}`);
}

type Kind<K extends Schema['kind']> = Schema & { kind: K };

/**
 * Encoders shared by every stream, by schema (codegen off, on). An encoder depends on its
 * stream only through interface values (their types are sent once per stream), so the
 * encoder of a schema that reaches no interface is compiled once per process: code, not codec
 * state (compileMap's scratch is saved and restored around each map). A stream then also
 * reuses V8's code specialised to that one encoder, where encoders made anew per stream ran
 * measurably slower value by value.
 */
const SHARED = [new WeakMap<Schema, EncFn>(), new WeakMap<Schema, EncFn>()] as const;

/** Compiles encoders for schemas, caching them (and so terminating recursion) per stream. */
export class EncCompiler {
  private readonly cache = new Map<Schema, EncFn>();
  /** The encoders this stream may share with every other (see {@link SHARED}). */
  private readonly shared: WeakMap<Schema, EncFn>;
  /** Schemas compiled during the outermost {@link get} under way, to share once it succeeds. */
  private compiled: Schema[] = [];
  private depth = 0;
  /**
   * @param codegen Whether structs get generated straight-line code (`new Function`); false
   *   keeps every codec a closure, for environments that refuse eval (see EncoderOptions).
   */
  constructor(
    private readonly ctx: EncodeContext,
    private readonly codegen = true,
  ) {
    this.shared = SHARED[codegen ? 1 : 0];
  }

  get(s: Schema): EncFn {
    const shared = this.shared.get(s);
    if (shared !== undefined) return shared;
    this.depth++;
    let fn: EncFn;
    try {
      fn = compileOnce(
        this.cache,
        s,
        (f) => (w, v) => f()(w, v),
        () => {
          this.compiled.push(s);
          return this.compile(s);
        },
      );
    } catch (e) {
      this.compiled = [];
      throw e;
    } finally {
      this.depth--;
    }
    if (this.depth === 0 && this.compiled.length > 0) {
      // Only whole compilations are shared: a failed one may leave forwarders to nothing.
      for (const c of this.compiled) if (!holdsInterface(c)) this.shared.set(c, this.cache.get(c)!);
      this.compiled = [];
    }
    return fn;
  }

  /** encode.go's encOpFor: one function per kind, as protobuf-es's per-field-kind writers. */
  private compile(s: Schema): EncFn {
    switch (s.kind) {
      case 'bool':
        return compileBool(s);
      case 'int':
        return compileInt(s);
      case 'uint':
        return compileUint(s);
      case 'float':
        return compileFloat(s);
      case 'complex':
        return compileComplex(s);
      case 'string':
        return compileString(s);
      case 'bytes':
        return compileBytes(s);
      case 'slice':
        return compileSlice(s, this.get(s.elem));
      case 'array':
        return compileArray(s, this.get(s.elem));
      case 'map':
        return compileMap(s, this.get(s.key), this.get(s.elem));
      case 'struct':
        return this.compileStruct(s);
      case 'ptr':
        return compilePtr(this.get(s.elem));
      case 'interface':
        return compileInterface(s, this.ctx);
      case 'external':
        return compileExternal(s);
    }
  }

  private compileStruct(s: Kind<'struct'>): EncFn {
    const get = (f: Schema) => this.get(f);
    return (this.codegen ? generateStructEncoder(s, get) : undefined) ?? closureStruct(s, get);
  }
}

function compileBool(s: Kind<'bool'>): EncFn {
  return (w, v) => {
    if (typeof v !== 'boolean') invalid(s, v);
    w.byte(v ? 1 : 0);
  };
}

function compileInt(s: Kind<'int'>): EncFn {
  const [min, max] = intRange(true, s.bits);
  const [nmin, nmax] = [Number(min), Number(max)];
  return (w, v) => {
    if (typeof v === 'number') {
      if (!Number.isInteger(v)) invalid(s, v, 'not an integer');
      if (v < nmin || v > nmax) invalid(s, v, 'out of range');
      if (!Number.isSafeInteger(v)) invalid(s, v, UNSAFE_INT);
      w.int(v);
    } else if (typeof v === 'bigint') {
      if (v < min || v > max) invalid(s, v, 'out of range');
      w.intBig(v);
    } else invalid(s, v);
  };
}

function compileUint(s: Kind<'uint'>): EncFn {
  const max = intRange(false, s.bits)[1];
  const nmax = Number(max);
  return (w, v) => {
    if (typeof v === 'number') {
      if (!Number.isInteger(v)) invalid(s, v, 'not an integer');
      if (v < 0 || v > nmax) invalid(s, v, 'out of range');
      if (!Number.isSafeInteger(v)) invalid(s, v, UNSAFE_INT);
      w.uint(v);
    } else if (typeof v === 'bigint') {
      if (v < 0n || v > max) invalid(s, v, 'out of range');
      w.uintBig(v);
    } else invalid(s, v);
  };
}

function compileFloat(s: Kind<'float'>): EncFn {
  // A Go float32 holds a float32 value: round as Go would have before sending float64(f).
  return s.bits === 32
    ? (w, v) => {
        if (typeof v !== 'number') invalid(s, v);
        w.float(Math.fround(v));
      }
    : (w, v) => {
        if (typeof v !== 'number') invalid(s, v);
        w.float(v);
      };
}

function compileComplex(s: Kind<'complex'>): EncFn {
  const round = s.bits === 64 ? Math.fround : (x: number) => x;
  return (w, v) => {
    if (v === null || typeof v !== 'object' || typeof v.real !== 'number' || typeof v.imag !== 'number')
      invalid(s, v, 'want { real, imag }');
    w.float(round(v.real));
    w.float(round(v.imag));
  };
}

function compileString(s: Kind<'string'>): EncFn {
  return (w, v) => {
    if (typeof v !== 'string') invalid(s, v);
    w.string(v);
  };
}

function compileBytes(s: Kind<'bytes'>): EncFn {
  return (w, v) => {
    if (!(v instanceof Uint8Array)) {
      if (v == null) return w.uint(0);
      invalid(s, v);
    }
    w.bytes(v);
  };
}

/**
 * A slice: held in an array, or for a slice of numbers in a typed array: the schema's own
 * (`t.slice(elem, { as })`) or any other, as the array of its values (so a Float64Array needs no
 * schema of its own to be sent as []float64), each value checked by the element as in an array.
 */
function compileSlice(s: Kind<'slice'>, elem: EncFn): EncFn {
  const arrays = compileArraySlice(s, elem);
  const e = baseOf(s.elem);
  if (e.kind !== 'int' && e.kind !== 'uint' && e.kind !== 'float') return arrays;
  const puts = new Map<unknown, (w: Writer, v: NumericArray) => void>();
  const typed = (w: Writer, v: NumericArray) => {
    let put = puts.get(v.constructor);
    if (put === undefined) {
      put = typedSlicePut(s, v, elem);
      puts.set(v.constructor, put);
    }
    put(w, v);
  };
  const own = s.as;
  if (own === undefined) return (w, v) => (Array.isArray(v) || !isNumericArray(v) ? arrays(w, v) : typed(w, v));
  const want = `want ${/^[AEIOU]/.test(own.name) ? 'an' : 'a'} ${own.name} or an array`;
  const ownPut = typedSlicePut(s, new own(0), elem);
  return (w, v) => {
    if (v instanceof own) ownPut(w, v);
    else if (isNumericArray(v)) typed(w, v);
    else if (Array.isArray(v) || v == null) arrays(w, v);
    else invalid(s, v, want);
  };
}

/**
 * Writes a slice held in a typed array of the kind `sample` is: its length then each element.
 * Float64Arrays of float64s are written from their bits, other arrays of numbers into floats one
 * by one, into integers a run at a time, and 64-bit bigint arrays into integers of their sign
 * directly; any other pair (a BigInt64Array of int32s) goes value by value through `elem`. A
 * typed array may hold what the element cannot (1.5 or 2^60 in a Float64Array, 70000 in an
 * Int32Array of int16s), which `elem` then rejects with its reason, as for an array.
 */
function typedSlicePut(s: Kind<'slice'>, sample: NumericArray, elem: EncFn): (w: Writer, v: NumericArray) => void {
  const e = baseOf(s.elem) as Schema & { kind: 'int' | 'uint' | 'float'; bits: number };
  const kind = typedArrayName(sample);
  const big = kind === 'BigInt64Array' || kind === 'BigUint64Array';
  let put: (w: Writer, v: NumericArray) => void;
  if (!big && e.kind === 'float') {
    put =
      e.bits === 64 && kind === 'Float64Array'
        ? (w, v) => w.float64Array(v as Float64Array)
        : e.bits === 64
          ? (w, v) => {
              for (let i = 0; i < v.length; i++) w.float(v[i] as number);
            }
          : (w, v) => {
              for (let i = 0; i < v.length; i++) w.float(Math.fround(v[i] as number));
            };
  } else if (!big) {
    const signed = e.kind === 'int';
    const [min, max] = intRange(signed, e.bits).map(Number) as [number, number];
    put = (w, v) => {
      const a = v as Float64Array;
      for (let i = w.typedIntRun(a, 0, signed, min, max); i < a.length; i = w.typedIntRun(a, i + 1, signed, min, max)) {
        try {
          elem(w, a[i]);
        } catch (err) {
          throw addPath(err, `[${i}]`);
        }
      }
    };
  } else if (e.kind !== 'float' && e.bits === 64 && (e.kind === 'int') === (kind === 'BigInt64Array')) {
    put = e.kind === 'int' ? (w, v) => v.forEach((x) => w.intBig(x as bigint)) : (w, v) => v.forEach((x) => w.uintBig(x as bigint));
  } else {
    put = (w, v) => {
      for (let i = 0; i < v.length; i++) {
        try {
          elem(w, v[i]);
        } catch (err) {
          throw addPath(err, `[${i}]`);
        }
      }
    };
  }
  return (w, v) => {
    w.uint(v.length);
    // Every element is at least one byte (see compileArraySlice).
    if (v.length >= 1024) w.expect(v.length);
    put(w, v);
  };
}

/**
 * A slice held in an array: its length, then each element (encode.go's encodeArray). Strings,
 * 64-bit ints and floats take the writer's fast path element by element or run by run; anything
 * else, and any element the fast path does not take, goes through `elem`, which encodes it or
 * rejects it.
 */
function compileArraySlice(s: Kind<'slice'>, elem: EncFn): EncFn {
  const head = (w: Writer, v: any): boolean => {
    if (!Array.isArray(v)) {
      if (v == null) {
        w.uint(0);
        return false;
      }
      invalid(s, v);
    }
    w.uint(v.length);
    // Every element is at least one byte.
    if (v.length >= 1024) w.expect(v.length);
    return true;
  };
  // Runs of strings, 64-bit ints, floats or bools the writer takes at once; each element a run
  // stops at goes through elem, which encodes it or rejects it.
  const runs = (run: (w: Writer, v: readonly unknown[], i: number) => number): EncFn => {
    return (w, v) => {
      if (!head(w, v)) return;
      let i = 0;
      try {
        for (const n = v.length; i < n; i++) {
          i = run(w, v, i);
          if (i < n) elem(w, v[i]);
        }
      } catch (e) {
        throw addPath(e, `[${i}]`);
      }
    };
  };
  if (s.elem.kind === 'string') return runs((w, v, i) => w.stringRun(v, i, v.length));
  if (s.elem.kind === 'int' && s.elem.bits === 64) return runs((w, v, i) => w.intRun(v, i));
  if (s.elem.kind === 'uint' && s.elem.bits === 64 && s.elem.mode !== 'bigint') return runs((w, v, i) => w.uintRun(v, i));
  if (s.elem.kind === 'float') {
    const float32 = s.elem.bits === 32;
    return runs((w, v, i) => w.floatRun(v, i, float32));
  }
  if (s.elem.kind === 'bool') return runs((w, v, i) => w.boolRun(v, i));
  return (w, v) => {
    if (!head(w, v)) return;
    let i = 0;
    try {
      for (const n = v.length; i < n; i++) elem(w, v[i]);
    } catch (e) {
      throw addPath(e, `[${i}]`);
    }
  };
}

/** An array: always its full length (a nil value is the zero array), then each element. */
function compileArray(s: Kind<'array'>, elem: EncFn): EncFn {
  const len = s.len;
  return (w, v) => {
    if (v == null) v = zeroValue(s);
    else if (!Array.isArray(v)) invalid(s, v);
    else if (v.length !== len) invalid(s, v, `length ${v.length}, want ${len}`);
    w.uint(len);
    let i = 0;
    try {
      for (; i < len; i++) elem(w, v[i]);
    } catch (e) {
      throw addPath(e, `[${i}]`);
    }
  };
}

/** A map: its size, then key and element in turn (encode.go's encodeMap). */
function compileMap(s: Kind<'map'>, key: EncFn, elem: EncFn): EncFn {
  const stringKeys = s.key.kind === 'string';
  const intElems = s.elem.kind === 'int' && s.elem.bits === 64;
  const stringElems = s.elem.kind === 'string';
  // forEach with one callback made here rather than a closure (or an entry array) per map: the
  // writer, the key being written and whether every key so far was plain ASCII live in `at`,
  // saved and restored around each map so one nested in its own element type keeps its own.
  // The key is where an error unwinds from.
  const at: { w: Writer | undefined; k: unknown; ascii: boolean; wellFormed: boolean } = {
    w: undefined,
    k: undefined,
    ascii: true,
    wellFormed: true,
  };
  const checkKey = (_: unknown, k: unknown): void => {
    if (typeof k === 'string' && !wellFormedKey(k)) at.wellFormed = false;
  };
  /** distinctGoStrings for a Map: only one with a key that is not well formed can fail it. */
  const distinctKeys = (v: Map<unknown, unknown>): void => {
    at.wellFormed = true;
    v.forEach(checkKey);
    if (!at.wellFormed) sameGoStrings(v.keys());
  };
  const put = (x: unknown, k: unknown): void => {
    const w = at.w!;
    at.k = k;
    if (stringKeys && typeof k === 'string') {
      if (!w.string(k)) at.ascii = false;
    } else key(w, k);
    if (intElems && typeof x === 'number' && Number.isSafeInteger(x)) w.int(x);
    else if (stringElems && typeof x === 'string') w.string(x);
    else elem(w, x);
  };
  return (w, v) => {
    if (v instanceof Map) {
      w.uint(v.size);
      // Every key and every element is at least one byte.
      if (v.size >= 512) w.expect(2 * v.size);
      const { w: outerW, k: outerK, ascii: outerAscii } = at;
      at.w = w;
      at.ascii = true;
      try {
        v.forEach(put);
        // Keys that are the same Go string are checked once the keys are known to be other
        // than plain ASCII, and before any other error is reported, so the error is the one
        // a check ahead of writing would give (what is written is dropped either way).
        if (stringKeys && !at.ascii) distinctKeys(v);
      } catch (e) {
        if (stringKeys) distinctKeys(v);
        throw addPath(e, keySegment(at.k));
      } finally {
        at.w = outerW;
        at.k = outerK;
        at.ascii = outerAscii;
      }
    } else if (v == null) {
      w.uint(0);
    } else if (stringKeys && typeof v === 'object' && !Array.isArray(v)) {
      // A plain object is accepted for string-keyed maps.
      const keys = Object.keys(v);
      distinctGoStrings(keys);
      w.uint(keys.length);
      for (const k of keys) {
        w.string(k);
        try {
          elem(w, v[k]);
        } catch (e) {
          throw addPath(e, keySegment(k));
        }
      }
    } else invalid(s, v, 'want a Map');
  };
}

/** A pointer is sent as what it points to; only a nil one inside a container is an error. */
function compilePtr(elem: EncFn): EncFn {
  return (w, v) => {
    if (v == null) fail(GobErrorCode.InvalidValue, `gob: encodeArray: nil element`);
    elem(w, v);
  };
}

function compileInterface(s: Kind<'interface'>, ctx: EncodeContext): EncFn {
  return (w, v) => {
    if (v == null) return w.uint(0);
    if (typeof v !== 'object' || typeof v.name !== 'string') invalid(s, v, 'want { name, value }');
    ctx.encodeInterface(w, v);
  };
}

/** A GobEncoder, BinaryMarshaler or TextMarshaler: the codec's bytes (or the value's own). */
function compileExternal(s: Kind<'external'>): EncFn {
  const codec = s.codec;
  const text = s.marshal === 'text';
  return (w, v) => {
    let data: Uint8Array | string;
    if (codec) {
      try {
        data = codec.encode(v);
      } catch (e) {
        // A codec that rejects the value itself (a builtin's type check) says so as it is.
        if (isGobError(e) && e.code === GobErrorCode.InvalidValue) throw e;
        throw new GobError(GobErrorCode.Marshaler, `gob: encoding ${s.name}: ${e instanceof Error ? e.message : String(e)}`, { cause: e });
      }
    } else data = v;
    if (typeof data === 'string') {
      if (!text) invalid(s, v, 'codec returned a string');
      data = stringBytes(data);
    }
    if (!(data instanceof Uint8Array)) invalid(s, v);
    w.bytes(data);
  };
}

/** A struct, interpreted: for names code generation cannot carry (`__proto__`), or no codegen. */
function closureStruct(s: Kind<'struct'>, get: (f: Schema) => EncFn): EncFn {
  const fields = s.fields;
  const n = fields.length;
  const names = fields.map((f) => f.name);
  const encs = fields.map((f) => get(f.schema));
  const zeros = fields.map((f) => zeroFn(f.schema));
  return (w, v) => {
    if (v == null) v = EMPTY;
    else if (typeof v !== 'object') invalid(s, v);
    let last = -1;
    try {
      for (let i = 0; i < n; i++) {
        const fv = v[names[i]!];
        if (zeros[i]!(fv)) continue;
        w.uint(i - last);
        last = i;
        encs[i]!(w, fv);
      }
    } catch (e) {
      throw last >= 0 ? addPath(e, '.' + names[last]) : e;
    }
    w.byte(0);
  };
}

const EMPTY = Object.freeze({});

const isNullish: ZeroFn = (v) => v == null;
const never: ZeroFn = () => false;

/** Go's zero-value test for a struct field of this schema (encode.go's ops and valid()). */
function zeroFn(s: Schema): ZeroFn {
  switch (s.kind) {
    case 'bool':
      return (v) => v === false || v == null;
    case 'int':
    case 'uint':
      return (v) => v === 0 || v === 0n || v == null;
    case 'float':
      return (v) => v === 0 || v == null;
    case 'complex':
      return (v) => v == null || (v.real === 0 && v.imag === 0);
    case 'string':
      return (v) => v === '' || v == null;
    case 'bytes':
    case 'slice':
      return (v) => v == null || v.length === 0;
    case 'map':
      // A nil map is omitted; an empty one is sent (encode.go checks IsNil, not Len).
      return (v) => v == null || isNilMap(v);
    case 'interface':
      return isNullish;
    case 'array':
    case 'struct':
      // Arrays and non-pointer structs are always sent.
      return never;
    case 'ptr': {
      const elem = zeroFn(s.elem);
      return (v) => v == null || elem(v);
    }
    case 'external': {
      const isZero = s.codec?.isZero;
      return isZero ? (v) => v == null || isZero(v) : isNullish;
    }
  }
}

/**
 * The expression for "field value `f` is sent" (not Go's zero value), inlined per kind; `i` names
 * the field's zero test `z<i>` for the kinds tested by a function.
 */
function sentExpr(s: Schema, i: number, f = 'f'): string {
  switch (s.kind) {
    case 'bool':
      return `${f} !== false && ${f} != null`;
    case 'int':
    case 'uint':
      return `${f} !== 0 && ${f} !== 0n && ${f} != null`;
    case 'float':
      return `${f} !== 0 && ${f} != null`;
    case 'string':
      return `${f} !== '' && ${f} != null`;
    case 'bytes':
    case 'slice':
      return `${f} != null && ${f}.length !== 0`;
    case 'map':
      return `${f} != null && (${f}.size !== 0 || !isNilMap(${f}))`;
    case 'array':
    case 'struct':
      return 'true';
    default:
      return `!z${i}(${f})`;
  }
}

/** Makes a struct encoder from the field encoders of one stream. */
type StructFactory = (...fieldEncoders: EncFn[]) => EncFn;

/**
 * Generated factories by struct schema. Schemas are immutable and the code depends on nothing
 * else, so a factory is made once per schema, not per stream: the encoders it makes share
 * one compiled function, which V8 optimizes once (code, not codec state; null where code
 * generation is not possible).
 */
const structFactories = new WeakMap<Schema, StructFactory | null>();

/**
 * Generates a struct encoder as straight-line code: one block per field, zero checks and
 * common encodings inlined (Go's compileEnc makes one instruction per field; here the
 * instructions become code). Undefined when a name cannot be embedded or eval is refused.
 */
function generateStructEncoder(s: Schema & { kind: 'struct' }, get: (f: Schema) => EncFn): EncFn | undefined {
  let make = structFactories.get(s);
  if (make === undefined) {
    make = structFactory(s);
    structFactories.set(s, make);
  }
  return make?.(...s.fields.map((f) => get(f.schema)));
}

/**
 * The generated code's statement that makes room for `n` (an expression) more bytes at `pos`.
 * The code keeps the writer's buffer and position in locals `buf` and `pos` (see Writer.buf).
 */
function room(n: string): string {
  return `if (pos + ${n} > buf.length) buf = w.room(pos, ${n});`;
}

/** The generated code's call of a Writer method or a field encoder: the writer's position is handed over and back. */
function call(expr: string): string {
  return `w.pos = pos; ${expr}; buf = w.buf; pos = w.pos;`;
}

/** Slices, maps and structs written inline by a generated encoder, at most this deep within the struct... */
const INLINE_DEPTH = 3;
/** ...and structs with at most this many fields; deeper or wider ones are called. */
const INLINE_FIELDS = 16;

/** Fresh names for the generated code's variables. */
class Names {
  private n = 0;
  next(prefix: string): string {
    return `${prefix}${++this.n}`;
  }
}

/**
 * Code that writes the value in variable `x` of schema `s` at `pos` the way the compiled
 * encoder of `s` would, for the values that are common and plain (a number that is a safe
 * integer, a short string, a small slice or map, a nested struct of such fields), or that
 * leaves the block labelled `bail` on any other value, having written bytes that the caller
 * then drops before it calls the compiled encoder, which writes the value or throws the
 * error with its path. Undefined when `s` has no inline form (the caller calls its encoder).
 * Inline code never calls Writer.expect (large strings, slices and maps bail), so that the
 * position the caller drops back to stays where it was.
 */
function putCode(s: Schema, x: string, bail: string, names: Names, open: Schema[], asciiOnly = false): string | undefined {
  if (s.kind !== 'slice' && s.kind !== 'map' && s.kind !== 'struct') return putScalarCode(s, x, bail, names, asciiOnly);
  // Composites: shallow ones and not within themselves (a recursive type is called).
  if (open.length > INLINE_DEPTH || open.includes(s)) return undefined;
  open.push(s);
  try {
    return putCompositeCode(s, x, bail, names, open);
  } finally {
    open.pop();
  }
}

/** {@link putCode} for the kinds that hold no other values. */
function putScalarCode(s: Schema, x: string, bail: string, names: Names, asciiOnly: boolean): string | undefined {
  switch (s.kind) {
    case 'bool':
      return `if (typeof ${x} !== 'boolean') break ${bail}; ${room('1')} buf[pos++] = ${x} ? 1 : 0;`;
    case 'int':
      // Within ±2^52 the zigzag below is exact (Writer.int); an int32 needs one test.
      if (s.bits !== 64) return undefined;
      return (
        `if (typeof ${x} !== 'number' || ((${x} | 0) !== ${x} && (!Number.isSafeInteger(${x}) || ${x} >= 0x10000000000000 || ${x} < -0x10000000000000))) break ${bail}; ` +
        `${room('9')} pos = putUint(buf, pos, ${x} < 0 ? -2 * ${x} - 1 : 2 * ${x});`
      );
    case 'uint':
      if (s.bits !== 64) return undefined;
      return `if (typeof ${x} !== 'number' || !Number.isSafeInteger(${x}) || ${x} < 0) break ${bail}; ${room('9')} pos = putUint(buf, pos, ${x});`;
    case 'float':
      return `if (typeof ${x} !== 'number') break ${bail}; ${room('9')} pos = putFloat64(buf, pos, ${s.bits === 32 ? `Math.fround(${x})` : x});`;
    case 'string': {
      // Plain ASCII under 128 units here; other strings by the writer (a map key must be
      // ASCII: other keys need the check of compileMap's encoder).
      const n = names.next('n');
      const end = names.next('e');
      const other = asciiOnly ? `break ${bail};` : `{ ${call(`w.string(${x})`)} }`;
      return (
        `if (typeof ${x} !== 'string') break ${bail}; const ${n} = ${x}.length; ` +
        `if (${n} < 0x80) { ${room(`${n} + 1`)} const ${end} = putAscii(buf, pos, ${x}); if (${end} >= 0) pos = ${end}; else ${other} } ` +
        `else if (${n} < EXPECT_FROM) ${other} else break ${bail};`
      );
    }
    case 'bytes': {
      const n = names.next('n');
      return (
        `if (!(${x} instanceof Uint8Array) || ${x}.length >= EXPECT_FROM) break ${bail}; const ${n} = ${x}.length; ` +
        `${room(`${n} + 9`)} pos = putUint(buf, pos, ${n}); buf.set(${x}, pos); pos += ${n};`
      );
    }
    default:
      return undefined;
  }
}

/** {@link putCode} for slices, maps and structs. */
function putCompositeCode(s: Schema, x: string, bail: string, names: Names, open: Schema[]): string | undefined {
  switch (s.kind) {
    case 'slice': {
      // A typed array takes its own encoder (typedSlicePut).
      if (s.as) return undefined;
      const e = names.next('x');
      const i = names.next('i');
      const elem = putCode(s.elem, e, bail, names, open);
      if (elem === undefined) return undefined;
      return (
        `if (!Array.isArray(${x}) || ${x}.length >= EXPECT_FROM) break ${bail}; ${room('9')} pos = putUint(buf, pos, ${x}.length); ` +
        `for (let ${i} = 0; ${i} < ${x}.length; ${i}++) { const ${e} = ${x}[${i}]; ${elem} }`
      );
    }
    case 'map': {
      if (s.key.kind !== 'string') return undefined;
      const k = names.next('k');
      const e = names.next('x');
      const key = putCode(s.key, k, bail, names, open, true);
      const elem = putCode(s.elem, e, bail, names, open);
      if (key === undefined || elem === undefined) return undefined;
      // Half EXPECT_FROM: every key and every element is at least one byte (compileMap).
      return (
        `if (!(${x} instanceof Map) || ${x}.size >= EXPECT_FROM / 2) break ${bail}; ${room('9')} pos = putUint(buf, pos, ${x}.size); ` +
        `for (const [${k}, ${e}] of ${x}) { ${key} ${elem} }`
      );
    }
    case 'struct':
      return putStructCode(s, x, bail, names, open);
    default:
      return undefined;
  }
}

/** {@link putCode} for a nested struct: its fields inline, when it has few. */
function putStructCode(s: Kind<'struct'>, x: string, bail: string, names: Names, open: Schema[]): string | undefined {
  const fields = s.fields;
  if (fields.length > INLINE_FIELDS || fields.some((f) => f.name === '__proto__')) return undefined;
  const last = names.next('l');
  const code = [`if (${x} === null || typeof ${x} !== 'object') break ${bail}; let ${last} = -1;`];
  for (let j = 0; j < fields.length; j++) {
    const f = fields[j]!;
    const g = names.next('g');
    const put = putCode(f.schema, g, bail, names, open);
    if (put === undefined) return undefined;
    // An integer field holding a bigint takes the bail (and its encoder) even when 0n.
    const sent = f.schema.kind === 'int' || f.schema.kind === 'uint' ? `${g} !== 0 && ${g} != null` : sentExpr(f.schema, -1, g);
    code.push(
      `const ${g} = ${x}[${JSON.stringify(f.name)}]; if (${sent}) { ${room('1')} buf[pos++] = ${j} - ${last}; ${last} = ${j}; ${put} }`,
    );
  }
  code.push(`${room('1')} buf[pos++] = 0;`);
  return code.join('\n    ');
}

function structFactory(s: Schema & { kind: 'struct' }): StructFactory | null {
  const fields = s.fields;
  if (fields.some((f) => f.name === '__proto__')) return null;
  const params: string[] = ['invalid', 'isNilMap', 'EMPTY', 's', 'addPath', 'names', 'putUint', 'putAscii', 'putFloat64', 'EXPECT_FROM'];
  const args: unknown[] = [
    invalid,
    isNilMap,
    EMPTY,
    s,
    addPath,
    fields.map((f) => '.' + f.name),
    putUint,
    putAscii,
    putFloat64,
    EXPECT_FROM,
  ];
  const body: string[] = [
    `return function make(${fields.map((_, i) => `e${i}`).join(', ')}) {`,
    'return function encodeStruct(w, v) {',
    '  if (v == null) v = EMPTY; else if (typeof v !== "object") invalid(s, v);',
    '  let last = -1, f, buf = w.buf, pos = w.pos;',
    // The field being encoded when an error unwinds is `last`: the path is built only then.
    '  try {',
  ];
  const names = new Names();
  fields.forEach((f, i) => {
    params.push(`z${i}`);
    args.push(zeroFn(f.schema));
    body.push(`  f = v[${JSON.stringify(f.name)}];`);
    // Deltas stay below 128 while the struct has fewer fields: one byte, as Go writes them.
    const delta = fields.length < 128 ? `${room('1')} buf[pos++] = ${i} - last;` : `${room('9')} pos = putUint(buf, pos, ${i} - last);`;
    // The value inline where it has an inline form, else (or when it is not plain) by its encoder.
    const put = putCode(f.schema, 'f', `b${i}`, names, [s]);
    const fallback = call(`e${i}(w, f)`);
    const enc = put === undefined ? fallback : `s${i}: { const p${i} = pos; b${i}: { ${put} break s${i}; } pos = p${i}; ${fallback} }`;
    if (f.schema.kind === 'int' || f.schema.kind === 'uint') {
      // Numbers first, so that comparing with 0n (a bigint) never meets a number.
      body.push(`  if (typeof f === 'number') { if (f !== 0) { ${delta} last = ${i}; ${enc} } }`);
      body.push(`  else if (f !== 0n && f != null) { ${delta} last = ${i}; ${fallback} }`);
    } else body.push(`  if (${sentExpr(f.schema, i)}) { ${delta} last = ${i}; ${enc} }`);
  });
  body.push('  } catch (e) { throw last >= 0 ? addPath(e, names[last]) : e; }', `  ${room('1')} buf[pos++] = 0; w.pos = pos;`, '};', '};');
  try {
    return new Function(...params, body.join('\n'))(...args) as StructFactory;
  } catch {
    return null;
  }
}
