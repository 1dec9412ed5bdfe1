// Per-type decoder compilation, as decode.go's compileDec/decOpFor/compatibleType: one closure
// per (local schema, remote type id), cached by the Decoder (Go's decoderCache). Remote fields
// the local schema lacks are skipped with ignore closures compiled from the wire types alone.
import { addPath, fail, finishPath, GobError, GobErrorCode, goQuote, keepPath, keySegment, withGoText } from './error.js';
import { type Reader, StringCache } from './reader.js';
import type { TypeRegistry } from './registry.js';
import {
  baseOf,
  compileOnce,
  decodeGoString,
  defineField,
  type Field,
  goName,
  goString,
  type GoInterface,
  intRange,
  nilBytes,
  nilSlice,
  pathRoot,
  type Schema,
  structFrom,
  t,
  withWireName,
  zeroValue,
} from '../schema/index.js';
import {
  BUILTIN_NAMES,
  BUILTIN_WIRE_TYPES,
  deltaFail,
  ERR_NO_KIND,
  FIRST_USER_ID,
  TypeId,
  typeIdString,
  type WireType,
  wireTypeString,
} from './wire.js';

/** Reads one value in field-value form. */
export type DecFn = (r: Reader) => any;

/** What compiled closures need from their Decoder. */
export interface DecodeContext {
  readonly wireTypes: ReadonlyMap<number, WireType>;
  readonly registry: TypeRegistry | undefined;
  readonly maxDepth: number;
  readonly maxInterfaceNameLength: number;
  /** Whether decoders may be generated as code (`new Function`); false keeps to closures. */
  readonly codegen: boolean;
  /** Reads an interface's type definitions and concrete type id, pulling messages as needed. */
  typeSequence(r: Reader): number;
}

const ERR_BAD_TYPE = 'gob: unknown type id or corrupted data';
const MAX_FLOAT32 = 3.4028234663852886e38;
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
function nameRange(e: unknown, name: string): unknown {
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
function rangeWithin(e: unknown, what: 'element of ' | 'key of ', always: boolean): unknown {
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
function withPath(fn: DecFn, root: string): DecFn {
  return (r) => {
    try {
      return fn(r);
    } catch (e) {
      throw finishPath(e, root, false);
    }
  };
}

/**
 * Runs `compile` (building a decoder, before any data is read); an error it throws is given
 * `segment` of its path (`inner`: a segment below the top), or, at the top, its whole path under
 * root `segment`. A type mismatch thus names the field (`Reply.Items[].Count`: `[]` for any
 * element, `[key]` for a map's key type) as range errors do, with Go's text kept as the message.
 */
function compiling<T>(segment: string, inner: boolean, compile: () => T): T {
  try {
    return compile();
  } catch (e) {
    throw inner ? addPath(e, segment) : finishPath(e, segment, false);
  }
}

function depthFail(): never {
  return fail(GobErrorCode.Limit, 'invalid nesting depth');
}

/** Compiles decoders for one Decoder; every cache here belongs to that stream. */
export class DecCompiler {
  private readonly cache = new Map<Schema, Map<number, DecFn>>();
  private readonly ignoreCache = new Map<number, DecFn>();
  private readonly topCache = new Map<Schema, Map<number, DecFn>>();
  private readonly innerCache = new Map<Schema, Map<number, DecFn>>();
  private readonly derived = new Map<number, Schema>();
  private ignoreDepth = 0;
  /** True while decoding without a schema: unregistered interface names are then accepted. */
  schemaLess = false;
  /** Interface type names by their bytes (the scan reads them through it too). */
  readonly names = new StringCache();
  /**
   * decodeInterface's lookups by the slot of `names` its name came from: the name, the registry
   * generation it was looked up in, the schema found (undefined: not registered), and the last
   * concrete type id with its decoder (the decoder `inner` gives; -1: none). A stream sends the
   * same few names, so this replaces a registry lookup and two Map lookups per interface value.
   */
  private readonly ifaceName: (string | undefined)[] = new Array(64).fill(undefined);
  private readonly ifaceGeneration: number[] = new Array(64).fill(-1);
  private readonly ifaceSchema: (Schema | undefined)[] = new Array(64).fill(undefined);
  private readonly ifaceId: number[] = new Array(64).fill(-1);
  private readonly ifaceFn: (DecFn | undefined)[] = new Array(64).fill(undefined);

  constructor(private readonly ctx: DecodeContext) {}

  /** Forgets what was compiled for these ids (their definitions are being received again). */
  forget(ids: readonly number[]): void {
    for (const id of ids) {
      this.ignoreCache.delete(id);
      this.derived.delete(id);
      for (const m of this.cache.values()) m.delete(id);
      for (const m of this.topCache.values()) m.delete(id);
      for (const m of this.innerCache.values()) m.delete(id);
    }
    this.ifaceId.fill(-1);
  }

  private wire(id: number): WireType | undefined {
    return this.ctx.wireTypes.get(id) ?? BUILTIN_WIRE_TYPES.get(id);
  }

  typeString(id: number): string {
    return wireTypeString(id, this.ctx.wireTypes);
  }

  /** The schema the stream's own type definitions describe (the schema-less view). */
  derive(id: number): Schema {
    const builtin = BUILTIN_SCHEMAS[id];
    if (builtin) return builtin;
    let s = this.derived.get(id);
    if (s) return s;
    const w = this.wire(id);
    if (!w) fail(GobErrorCode.BadData, `gob: bad data: undefined type ${typeIdString(id) ?? '<nil>'}`);
    if (w.kind === 'none') fail(GobErrorCode.BadData, ERR_NO_KIND);
    switch (w.kind) {
      case 'struct': {
        // Struct and marshaler fields become pointers, so an absent one reads as null and
        // re-encoding omits it again (an absent map is an empty nil-marked Map, see nilMap).
        // So do arrays, which Go always sends: an absent one is not worth allocating its
        // declared length for, which a hostile stream could make huge.
        s = structFrom(
          w.name,
          () =>
            w.fields.map((f) => {
              const fs = this.derive(f.id);
              const nullable = fs.kind === 'struct' || fs.kind === 'external' || fs.kind === 'array';
              return { name: f.name, schema: nullable ? t.ptr(fs) : fs };
            }),
          w.name,
        );
        this.derived.set(id, s);
        return s;
      }
      case 'gob':
      case 'binary':
      case 'text':
        // A definition sent under an id other than its own is Go's mark of a marshaler with a
        // pointer receiver (see encoder.ts); keep it so re-encoding matches.
        s = Object.freeze({
          kind: 'external',
          marshal: w.kind,
          name: w.name,
          wireName: w.name,
          codec: undefined,
          ...(w.id !== id ? { pointerReceiver: true } : {}),
        }) as Schema;
        break;
      default: {
        // Elements are resolved through functions so that `type R []R`, `type M map[string]M`
        // and types recursive through one another reach the schema registered here for `id`
        // (as type.go installs a type before its elements). They are resolved before
        // returning, so an undefined element type fails here rather than on first use.
        const elem = () => this.derive(w.elem);
        if (w.kind === 'slice') s = withWireName(t.slice(elem), w.name);
        else if (w.kind === 'array') s = withWireName(t.array(elem, arrayLength(w)), w.name);
        else
          s = withWireName(
            t.map(() => this.derive(w.key), elem),
            w.name,
          );
        this.derived.set(id, s);
        try {
          if (s.kind === 'map') void s.key;
          void (s as { elem: Schema }).elem;
        } catch (e) {
          this.derived.delete(id);
          throw e;
        }
        return s;
      }
    }
    this.derived.set(id, s);
    return s;
  }

  /** decode.go's compatibleType. */
  compatible(local: Schema, id: number, inProgress = new Map<Schema, number>()): boolean {
    local = baseOf(local);
    const seen = inProgress.get(local);
    if (seen !== undefined) return seen === id;
    inProgress.set(local, id);
    const w = this.wire(id);
    if (local.kind === 'external') return w !== undefined && w.kind === local.marshal;
    if (w && (w.kind === 'gob' || w.kind === 'binary' || w.kind === 'text')) return false;
    switch (local.kind) {
      case 'bool':
        return id === TypeId.bool;
      case 'int':
        return id === TypeId.int;
      case 'uint':
        return id === TypeId.uint;
      case 'float':
        return id === TypeId.float;
      case 'complex':
        return id === TypeId.complex;
      case 'string':
        return id === TypeId.string;
      case 'bytes':
        return id === TypeId.bytes;
      case 'interface':
        return id === TypeId.interface;
      case 'array':
        return w?.kind === 'array' && w.len === local.len && this.compatible(local.elem, w.elem, inProgress);
      case 'map':
        return w?.kind === 'map' && this.compatible(local.key, w.key, inProgress) && this.compatible(local.elem, w.elem, inProgress);
      case 'slice':
        return w?.kind === 'slice' && this.compatible(local.elem, w.elem, inProgress);
      case 'struct':
        return true;
      default:
        return false;
    }
  }

  /**
   * The decoder of a whole value of remote type `id` into `local` (decode.go's decodeValue):
   * a struct as itself, anything else as a singleton behind a zero delta.
   */
  top(local: Schema, id: number): DecFn {
    let byId = this.topCache.get(local);
    if (!byId) this.topCache.set(local, (byId = new Map()));
    let fn = byId.get(id);
    if (!fn) {
      const root = pathRoot(local);
      // A compile error (a type mismatch below the top) leaves with its path too, as a decode error.
      const compiled = compiling(root, false, () => this.compileTop(local, id, '*'));
      byId.set(id, (fn = withPath(compiled, root)));
    }
    return fn;
  }

  /** {@link top} for a value inside an interface: its errors' paths continue the outer one. */
  private inner(local: Schema, id: number): DecFn {
    let byId = this.innerCache.get(local);
    if (!byId) this.innerCache.set(local, (byId = new Map()));
    let fn = byId.get(id);
    if (!fn) byId.set(id, (fn = this.compileTop(local, id, '')));
    return fn;
  }

  /**
   * `indirect` is "*" for a value decoded at the top level: Go decodes it through the pointer
   * given to Decode (or to net/rpc's ReadRequestBody and ReadResponseBody), and names that
   * pointer's type in its errors (`*int8`); a value inside an interface is named as itself.
   */
  private compileTop(local: Schema, id: number, indirect: '*' | ''): DecFn {
    const base = baseOf(local);
    if (base.kind === 'struct') {
      const w = this.structWire(base, id);
      const fn = this.value(base, id);
      const wireNames = new Set(w.fields.map((wf) => wf.name));
      const matched = base.fields.some((f) => wireNames.has(f.name));
      // As Go, only for stream-defined types (its check reads dec.wireType, empty for builtins).
      if (!matched && id >= FIRST_USER_ID && base.fields.length > 0 && w.fields.length > 0) {
        fail(GobErrorCode.TypeMismatch, `gob: type mismatch: no fields matched compiling decoder for ${goName(base)}`);
      }
      return fn;
    }
    // An id the stream never defined fits no local type: Go's compileSingle names it "unknown type".
    if (!this.compatible(base, id)) {
      const name = indirect + goString(local);
      if (base.kind === 'interface' && id !== TypeId.interface) {
        fail(
          GobErrorCode.TypeMismatch,
          `gob: local interface type ${name} can only be decoded from remote interface type; received concrete type ${this.typeString(id)}`,
        );
      }
      fail(GobErrorCode.TypeMismatch, `gob: decoding into local type ${name}, received remote type ${this.typeString(id)}`);
    }
    const fn = this.value(base, id);
    const name = indirect + goString(local);
    return (r) => {
      if (r.uint() !== 0) fail(GobErrorCode.BadData, 'gob: decode: corrupted data: non-zero delta for singleton');
      try {
        return fn(r);
      } catch (e) {
        throw nameRange(e, name);
      }
    };
  }

  /** The decoder of one field value; `local` must be compatible with `id`. */
  value(local: Schema, id: number): DecFn {
    local = baseOf(local);
    let byId = this.cache.get(local);
    if (!byId) this.cache.set(local, (byId = new Map()));
    return compileOnce(
      byId,
      id,
      (f) => (r) => f()(r),
      () => this.compile(local, id),
    );
  }

  /** decode.go's decOpFor: one function per kind of local schema. */
  private compile(s: Schema, id: number): DecFn {
    switch (s.kind) {
      case 'bool':
        return decBool;
      case 'int':
        return compileInt(s);
      case 'uint':
        return compileUint(s);
      case 'float':
        return s.bits === 64 ? decFloat64 : decFloat32;
      case 'complex':
        return s.bits === 128 ? decComplex128 : decComplex64;
      case 'string':
        return s.name ? namedString(s.name) : decString;
      case 'bytes':
        return s.name ? namedBytes(s.name) : decBytes;
      case 'interface':
        return (r) => this.decodeInterface(r);
      case 'slice':
        return this.compileSlice(s, id);
      case 'array':
        return this.compileArray(s, id);
      case 'map':
        return this.compileMap(s, id);
      case 'struct':
        return this.compileStruct(s, id);
      case 'external':
        return compileExternal(s);
      case 'ptr':
        return this.value(s.elem, id);
    }
  }

  /** decode.go's decodeSlice. */
  private compileSlice(s: Schema & { kind: 'slice' }, id: number): DecFn {
    const maxDepth = this.ctx.maxDepth;
    const elem = compiling('[]', true, () => this.value(s.elem, this.wire(id)!.elem));
    const elemName = goString(s.elem);
    const exceeds = lengthText(s, s.elem);
    const read = elementsReader(s.elem);
    return (r) => {
      const n = r.uint();
      if (n > TOO_BIG) fail(GobErrorCode.BadData, `gob: ${elemName} slice too big: ${n} elements`);
      if (++r.depth > maxDepth) depthFail();
      // As Go's decodeSlice, no elements leave the slice nil (see decBytes); an empty one still
      // counts as a level of nesting.
      if (n === 0) {
        r.depth--;
        return nilSlice();
      }
      const a = read(r, n, elem, exceeds);
      r.depth--;
      return a;
    };
  }

  /** decode.go's decodeArray. */
  private compileArray(s: Schema & { kind: 'array' }, id: number): DecFn {
    const maxDepth = this.ctx.maxDepth;
    const elem = compiling('[]', true, () => this.value(s.elem, this.wire(id)!.elem));
    const len = s.len;
    const exceeds = lengthText(s, s.elem);
    const read = elementsReader(s.elem);
    return (r) => {
      const n = r.uint();
      if (n !== len) fail(GobErrorCode.BadData, 'gob: length mismatch in decodeArray');
      if (++r.depth > maxDepth) depthFail();
      const a = read(r, n, elem, exceeds);
      r.depth--;
      return a;
    };
  }

  /** decode.go's decodeMap. */
  private compileMap(s: Schema & { kind: 'map' }, id: number): DecFn {
    const maxDepth = this.ctx.maxDepth;
    const w = this.wire(id)!;
    const key = compiling('[key]', true, () => this.value(s.key, w.key));
    const elem = compiling('[]', true, () => this.value(s.elem, w.elem));
    const perElement = mayHoldInterface(s.key) || mayHoldInterface(s.elem);
    return (r) => {
      const n = r.uint();
      if (!perElement && n * 2 > r.remaining) fail(GobErrorCode.BadData, `gob: decoding map: length exceeds input size (${n} entries)`);
      if (++r.depth > maxDepth) depthFail();
      const m = new Map();
      let k: unknown;
      try {
        for (let i = 0; i < n; i++) {
          if (perElement && r.remaining === 0) fail(GobErrorCode.BadData, `gob: decoding map: length exceeds input size (${n} entries)`);
          k = undefined;
          k = key(r);
          m.set(k, elem(r));
        }
      } catch (e) {
        // k is still undefined when the key failed.
        throw addPath(rangeWithin(e, k === undefined ? 'key of ' : 'element of ', false), keySegment(k));
      }
      r.depth--;
      return m;
    };
  }

  /**
   * The remote struct type a local struct decodes from, as decode.go's compileDec: compatible()
   * accepts any remote type for a local struct (Go's compatibleType does too), so this is where
   * a struct element, field or map entry meets a remote type that is not a struct.
   */
  private structWire(local: Schema & { kind: 'struct' }, id: number): WireType {
    const w = this.wire(id);
    // As compileDec: a builtin id (reserved ones included) is a non-struct, any other unknown id bad data.
    if (!w && typeIdString(id) === undefined) fail(GobErrorCode.BadData, ERR_BAD_TYPE);
    if (w?.kind !== 'struct')
      fail(GobErrorCode.TypeMismatch, `gob: type mismatch in decoder: want struct type ${goString(local)}; got non-struct`);
    return w;
  }

  private compileStruct(s: Schema & { kind: 'struct' }, id: number): DecFn {
    const w = this.structWire(s, id);
    const local = s.fields;
    const byName = fieldIndex(local);
    // Per wire field: the local field it fills and its decoder, or a skip function.
    const plan: FieldPlan[] = w.fields.map((f) => {
      if (f.name === '') fail(GobErrorCode.BadData, `gob: empty name for remote field of type ${w.name}`);
      const j = byName.get(f.name) ?? -1;
      if (j < 0) return { local: -1, dec: this.ignore(f.id) };
      return compiling('.' + f.name, true, () => {
        if (!this.compatible(local[j]!.schema, f.id)) {
          fail(GobErrorCode.TypeMismatch, `gob: wrong type (${goString(local[j]!.schema)}) for received field ${w.name}.${f.name}`);
        }
        return { local: j, dec: this.value(local[j]!.schema, f.id) };
      });
    });
    const maxDepth = this.ctx.maxDepth;
    return (
      (this.ctx.codegen ? generateStructDecoder(local, w.fields, plan, maxDepth) : undefined) ??
      closureStructDecoder(local, w.fields, plan, maxDepth)
    );
  }

  /** decoder.go's decodeIgnoredValue: skips a whole value (Go's `Decode(nil)`). */
  ignoreTop(id: number): DecFn {
    const w = this.wire(id);
    // As decIgnoreOpFor, reached through compileIgnoreSingle for an id the stream never defined.
    if (!w && !BUILTIN_NAMES[id]) fail(GobErrorCode.BadData, `gob: bad data: undefined type ${typeIdString(id) ?? '<nil>'}`);
    return w?.kind === 'struct' ? this.ignore(id) : singletonSkip(this.ignore(id));
  }

  /** decode.go's decIgnoreOpFor: skips a value of remote type `id`. */
  ignore(id: number): DecFn {
    // As decode.go's decIgnoreOpFor, the nesting of ignored types is limited when compiling.
    return compileOnce(
      this.ignoreCache,
      id,
      (f) => (r) => f()(r),
      () => {
        if (++this.ignoreDepth > this.ctx.maxDepth) {
          this.ignoreDepth = 0;
          depthFail();
        }
        try {
          return this.compileIgnore(id);
        } finally {
          if (this.ignoreDepth > 0) this.ignoreDepth--;
        }
      },
    );
  }

  /** decode.go's decIgnoreOpFor: one function per kind of remote type. */
  private compileIgnore(id: number): DecFn {
    switch (id) {
      case TypeId.bool:
      case TypeId.int:
      case TypeId.uint:
      case TypeId.float:
        return skipUint;
      case TypeId.complex:
        return skipComplex;
      case TypeId.string:
      case TypeId.bytes:
        return skipBytes;
      case TypeId.interface:
        return (r) => {
          this.decodeInterface(r, true);
        };
      default:
        break;
    }
    const w = this.wire(id);
    if (!w) fail(GobErrorCode.BadData, `gob: bad data: undefined type ${typeIdString(id) ?? '<nil>'}`);
    if (w.kind === 'none') fail(GobErrorCode.BadData, ERR_NO_KIND);
    switch (w.kind) {
      case 'slice':
      case 'array':
        return this.ignoreSeq(w);
      case 'map':
        return this.ignoreMap(w);
      case 'struct':
        return this.ignoreStruct(w);
      default:
        return skipMarshaled;
    }
  }

  /** decode.go's ignoreSlice and ignoreArray. */
  private ignoreSeq(w: WireType): DecFn {
    const maxDepth = this.ctx.maxDepth;
    const elem = this.ignore(w.elem);
    const isArray = w.kind === 'array';
    const flat = flatKind(w.elem);
    return (r) => {
      const n = r.uint();
      if (isArray && n !== w.len) fail(GobErrorCode.BadData, 'gob: length mismatch in ignoreArray');
      if (++r.depth > maxDepth) depthFail();
      for (let i = flat === 0 ? 0 : skipFlat(r, n, flat, 0); i < n; i++) {
        if (r.remaining === 0) lengthFail(n);
        elem(r);
      }
      r.depth--;
    };
  }

  /** decode.go's ignoreMap. */
  private ignoreMap(w: WireType): DecFn {
    const maxDepth = this.ctx.maxDepth;
    const key = this.ignore(w.key);
    const elem = this.ignore(w.elem);
    const flatKey = flatKind(w.key);
    const flatElem = flatKind(w.elem);
    const flat = flatKey !== 0 && flatElem !== 0;
    return (r) => {
      const n = r.uint();
      if (++r.depth > maxDepth) depthFail();
      for (let i = flat ? skipFlat(r, n, flatKey, flatElem) : 0; i < n; i++) {
        if (r.remaining === 0) fail(GobErrorCode.BadData, `gob: decoding map: length exceeds input size (${n} entries)`);
        key(r);
        elem(r);
      }
      r.depth--;
    };
  }

  /** decode.go's ignoreStruct. */
  private ignoreStruct(w: WireType): DecFn {
    const maxDepth = this.ctx.maxDepth;
    const ops = w.fields.map((f) => this.ignore(f.id));
    const n = ops.length;
    return (r) => {
      if (++r.depth > maxDepth) depthFail();
      let field = -1;
      while (r.pos < r.end) {
        const delta = r.uint();
        if (delta === 0) break;
        field += delta;
        if (field >= n) deltaFail(r, delta, true);
        ops[field]!(r);
      }
      r.depth--;
    };
  }

  /** decode.go's decodeInterface (and ignoreInterface when `ignore`). */
  decodeInterface(r: Reader, ignore = false): GoInterface | null {
    const nr = r.uint();
    if (ignore) {
      // decode.go's ignoreInterface, with its own texts.
      if (nr > r.remaining) fail(GobErrorCode.BadData, 'gob: bad interface encoding: name too large for buffer');
    } else {
      if (nr > 2 ** 31) fail(GobErrorCode.BadData, `gob: invalid type name length ${nr}`);
      if (nr > r.remaining) fail(GobErrorCode.BadData, `gob: invalid type name length ${nr}: exceeds input size`);
    }
    if (nr === 0) return null;
    if (nr > this.ctx.maxInterfaceNameLength) {
      fail(GobErrorCode.Limit, `gob: name too long (${nr} bytes): ${goQuote(r.string(nr).slice(0, 20))}...`);
    }
    const name = this.names.read(r, nr);
    const slot = this.names.slot;
    const registry = this.ctx.registry;
    let registered: Schema | undefined;
    if (registry !== undefined) {
      const generation = registry.generation;
      if (this.ifaceName[slot] === name && this.ifaceGeneration[slot] === generation) registered = this.ifaceSchema[slot];
      else {
        registered = registry.lookup(name);
        this.ifaceName[slot] = name;
        this.ifaceGeneration[slot] = generation;
        this.ifaceSchema[slot] = registered;
        this.ifaceId[slot] = -1;
      }
    }
    if (!registered && registry && !ignore && !this.schemaLess) {
      fail(GobErrorCode.Unregistered, `gob: name not registered for interface: ${goQuote(name)}`);
    }
    if (++r.depth > this.ctx.maxDepth) depthFail();
    const concreteId = this.ctx.typeSequence(r);
    if (ignore) {
      const n = r.uint();
      if (n > r.remaining) fail(GobErrorCode.BadData, 'gob: bad interface encoding: data length too large for buffer');
      r.skip(n);
      r.depth--;
      return null;
    }
    r.uint(); // the byte count of the value, there to allow skipping it
    let fn: DecFn;
    let schema: Schema;
    if (registered === undefined) fn = this.inner((schema = this.derive(concreteId)), concreteId);
    else {
      schema = registered;
      if (this.ifaceId[slot] === concreteId) fn = this.ifaceFn[slot]!;
      else {
        fn = this.inner(schema, concreteId);
        this.ifaceId[slot] = concreteId;
        this.ifaceFn[slot] = fn;
      }
    }
    const value = fn(r);
    r.depth--;
    return new DecodedInterface(name, value, schema);
  }
}

/**
 * A decoded interface value: a plain object (its prototype is Object.prototype, `schema` not
 * enumerable, so logs, JSON and spreads skip the large schema graph), built by a constructor, so that
 * V8 gives the object room for its three properties up front rather than growing it when
 * `schema` is added (a third of the cost of each interface value).
 */
const DecodedInterface = function (this: GoInterface, name: string, value: unknown, schema: Schema) {
  this.name = name;
  this.value = value;
  SCHEMA_PROPERTY.value = schema;
  Object.defineProperty(this, 'schema', SCHEMA_PROPERTY);
  SCHEMA_PROPERTY.value = undefined;
} as unknown as new (
  name: string,
  value: unknown,
  schema: Schema,
) => GoInterface;
/** The descriptor DecodedInterface defines `schema` with, its value set per call (no object per value). */
const SCHEMA_PROPERTY: PropertyDescriptor = { value: undefined, writable: true, configurable: true, enumerable: false };
DecodedInterface.prototype = Object.prototype;

/**
 * The length of a stream-defined array type as a schema can hold it. Go reads any int64 here;
 * no value of a type whose length is negative or past 2^53 - 1 could ever arrive (each element
 * takes a byte), so such a type is bad data rather than a schema.
 */
function arrayLength(w: WireType): number {
  // The length is not printed: past 2^53 the number read is no longer the one sent.
  if (!Number.isSafeInteger(w.len) || w.len < 0) fail(GobErrorCode.BadData, 'gob: bad data: array length outside [0, 2^53 - 1]');
  return w.len;
}

/** Field name to index (the first of a name), so matching wide structs costs linear time. */
export function fieldIndex(fields: readonly Field[]): Map<string, number> {
  const m = new Map<string, number>();
  fields.forEach((f, j) => {
    if (!m.has(f.name)) m.set(f.name, j);
  });
  return m;
}

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
 * Elements that are floats, in a generic array from the start: V8 stores the elements of an
 * all-number array as raw doubles and rewrites every NaN there to one canonical NaN, losing the
 * payload Go sent (math.NaN() is 7ff8000000000001). float32 elements take this path; float64
 * elements take {@link readFloat64s}, which moves to such an array at the first NaN.
 */
function readFloatElements(r: Reader, n: number, elem: DecFn, exceeds: (n: number) => string): unknown[] {
  const a = elementArray(r, n);
  if (n > 0) a[0] = undefined;
  return readRest(r, a, 0, n, elem, exceeds);
}

/**
 * float64 elements read in one loop (decode.go's decFloat64Slice), into an array of raw doubles
 * as V8 keeps all-number arrays. A NaN cannot be stored there with its payload (see
 * {@link readFloatElements}), so at the first one the elements so far are copied into a generic
 * array, made at another site than the double arrays (V8 would otherwise learn to make every
 * later array generic), and the rest is read there through `elem`. So is anything unusual: a
 * value past the bytes left, or bad data, which `elem` then reports with its own text.
 */
function readFloat64s(r: Reader, n: number, elem: DecFn, exceeds: (n: number) => string): unknown[] {
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
      let hi = 0;
      if (b < 0x80) {
        hi = b << 24;
        next = pos + 1;
      } else {
        const k = 256 - b;
        if (k > 8 || k >= end - pos) break;
        next = pos + 1;
        for (let q = 8 - k; q < 8; q++, next++) {
          if (q < 4) lo |= buf[next]! << (q << 3);
          else hi |= buf[next]! << ((q - 4) << 3);
        }
      }
      scratch.setInt32(0, lo, true);
      scratch.setInt32(4, hi, true);
      v = scratch.getFloat64(0, true);
    }
    // A NaN is read again through elem, into the generic array.
    if (Number.isNaN(v)) break;
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

/**
 * Integer elements held as numbers (decode.go's decIntSlice and its kin): values of up to six
 * bytes, always exact, are read in the loop, checked against [min, max]; anything else (a
 * seven- or eight-byte value, one out of range, bad data) ends the loop and is read through
 * `elem`, with `elem`'s result or error, and the loop goes on after it.
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
 * Reads signed integers into `a` from element `i` while they are at most six bytes and within
 * [min, max]; returns the index of the first it leaves (n when done), the reader before it.
 */
function readSignedRun(r: Reader, a: number[], i: number, n: number, min: number, max: number): number {
  const buf = r.buf;
  const end = r.end;
  let pos = r.pos;
  for (; i < n && pos < end; i++) {
    const b = buf[pos]!;
    // Go's zigzag: the low bit is the sign, the rest the magnitude (complemented if negative).
    // Values of one byte, or of one byte after the count, fit every signed kind: no range check.
    if (b < 0x80) {
      a[i] = (b >>> 1) ^ -(b & 1);
      pos++;
    } else if (b === 0xff && end - pos > 1) {
      const x = buf[pos + 1]!;
      a[i] = (x >>> 1) ^ -(x & 1);
      pos += 2;
    } else {
      const k = 256 - b;
      if (k > 6 || k >= end - pos) break;
      let x = 0;
      for (let p = pos + 1; p <= pos + k; p++) x = x * 256 + buf[p]!;
      const v = x % 2 === 0 ? x / 2 : -(x - 1) / 2 - 1;
      if (v < min || v > max) break;
      a[i] = v;
      pos += k + 1;
    }
  }
  r.pos = pos;
  return i;
}

/** {@link readSignedRun} for unsigned integers. */
function readUnsignedRun(r: Reader, a: number[], i: number, n: number, min: number, max: number): number {
  const buf = r.buf;
  const end = r.end;
  let pos = r.pos;
  for (; i < n && pos < end; i++) {
    const b = buf[pos]!;
    // Values of one byte, or of one byte after the count, fit every unsigned kind.
    if (b < 0x80) {
      a[i] = b;
      pos++;
    } else if (b === 0xff && end - pos > 1) {
      a[i] = buf[pos + 1]!;
      pos += 2;
    } else {
      const k = 256 - b;
      if (k > 6 || k >= end - pos) break;
      let v = 0;
      for (let p = pos + 1; p <= pos + k; p++) v = v * 256 + buf[p]!;
      if (v < min || v > max) break;
      a[i] = v;
      pos += k + 1;
    }
  }
  r.pos = pos;
  return i;
}

/** The loop that reads a slice's or array's elements, by the kind of its element schema. */
function elementsReader(elem: Schema): ElementsReader {
  const s = baseOf(elem);
  switch (s.kind) {
    case 'float':
      return s.bits === 64 ? readFloat64s : readFloatElements;
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

/** Go's tooBig: counts above this are rejected before anything else (decoder.go). */
const TOO_BIG = 2 ** 31;

function lengthFail(n: number): never {
  return fail(GobErrorCode.BadData, `gob: decoding array or slice: length exceeds input size (${n} elements)`);
}

/** Element kinds Go decodes with a dec_helpers.go function, which names the kind in its error. */
const HELPER_KINDS = new Set(['bool', 'int', 'uint', 'float', 'complex', 'string']);

/**
 * Go's text for a count past the bytes left: dec_helpers.go's ("decoding int array or slice: …")
 * when Go has a helper for the element (an unnamed basic type in an unnamed slice, or in any
 * array), else decodeArrayHelper's.
 */
function lengthText(s: Schema & { kind: 'slice' | 'array' }, elem: Schema): (n: number) => string {
  const e = baseOf(elem) === elem ? elem : undefined;
  const helper =
    e !== undefined && HELPER_KINDS.has(e.kind) && !e.name && (s.kind === 'array' || !s.name) && !(e.kind === 'uint' && e.bits === 8);
  const what = helper ? `${goString(e)} array or slice` : 'array or slice';
  return (n) => `gob: decoding ${what}: length exceeds input size (${n} elements)`;
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

function singletonSkip(skip: DecFn): DecFn {
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

function decBool(r: Reader): boolean {
  return r.uint() !== 0;
}

function compileInt(s: Schema & { kind: 'int' }): DecFn {
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

function compileUint(s: Schema & { kind: 'uint' }): DecFn {
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

function decFloat64(r: Reader): number {
  return r.float();
}

function decFloat32(r: Reader): number {
  return float32(r.float());
}

function decComplex128(r: Reader): { real: number; imag: number } {
  return { real: r.float(), imag: r.float() };
}

function decComplex64(r: Reader): { real: number; imag: number } {
  return { real: float32(r.float()), imag: float32(r.float()) };
}

function decString(r: Reader): string {
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
function namedString(goType: string): DecFn {
  return (r) => {
    const n = r.uint();
    if (n > r.remaining) badLength(goType);
    return r.string(n);
  };
}

function decBytes(r: Reader): Uint8Array {
  const n = r.uint();
  if (n > r.remaining) badLength('[]uint8');
  // Go's decoder leaves a nil []byte nil when no bytes come (decUint8Slice), and so does this
  // one: encoding/json would write the two differently.
  if (n === 0) return nilBytes();
  const start = r.pos;
  r.pos += n;
  return r.buf.slice(start, start + n);
}

/** decUint8Slice for a named []byte type, whose name Go's text carries. */
function namedBytes(goType: string): DecFn {
  return (r) => {
    const n = r.uint();
    if (n > r.remaining) badLength(goType);
    return n === 0 ? nilBytes() : r.buf.slice(r.pos, (r.pos += n));
  };
}

/** A GobDecoder, BinaryUnmarshaler or TextUnmarshaler: its bytes, through the schema's codec. */
function compileExternal(s: Schema & { kind: 'external' }): DecFn {
  const codec = s.codec;
  const text = s.marshal === 'text';
  const what = s.marshal === 'gob' ? 'GobDecoder' : s.marshal === 'binary' ? 'BinaryUnmarshaler' : 'TextUnmarshaler';
  return (r) => {
    const n = r.uint();
    if (n > r.remaining) fail(GobErrorCode.BadData, `gob: ${what}: length too large for buffer`);
    const start = r.pos;
    r.pos += n;
    const data: Uint8Array | string = text ? decodeGoString(r.buf, start, start + n) : r.buf.slice(start, start + n);
    if (!codec) return data;
    try {
      return codec.decode(data);
    } catch (e) {
      throw new GobError(GobErrorCode.Marshaler, `gob: decoding ${s.name}: ${e instanceof Error ? e.message : String(e)}`, { cause: e });
    }
  };
}

// The skips of basic kinds (decode.go's ignoreUint, ignoreTwoUints, ignoreUint8Array).

function skipUint(r: Reader): void {
  r.uint();
}

function skipComplex(r: Reader): void {
  r.uint();
  r.uint();
}

function skipBytes(r: Reader): void {
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
function flatKind(id: number): number {
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
function skipFlat(r: Reader, n: number, k1: number, k2: number): number {
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

function skipMarshaled(r: Reader): void {
  const n = r.uint();
  if (n > r.remaining) fail(GobErrorCode.BadData, 'gob: GobDecoder: length too large for buffer');
  r.skip(n);
}

const BUILTIN_SCHEMAS: Record<number, Schema> = {
  [TypeId.bool]: t.bool,
  [TypeId.int]: t.intAuto,
  [TypeId.uint]: t.uintAuto,
  [TypeId.float]: t.float64,
  [TypeId.bytes]: t.bytes,
  [TypeId.string]: t.string,
  [TypeId.complex]: t.complex128,
  [TypeId.interface]: t.any,
};

interface FieldPlan {
  /** Index of the local field this wire field fills, or -1 to skip it. */
  local: number;
  dec: DecFn;
}

/**
 * The interpreted struct decoder, for names code generation cannot carry (`__proto__`) or hosts
 * that refuse eval: a template of primitive zeros cloned per value, composite zeros made fresh
 * for the fields the stream left out.
 */
function closureStructDecoder(local: readonly Field[], wire: readonly { name: string }[], plan: FieldPlan[], maxDepth: number): DecFn {
  const n = plan.length;
  const template: Record<string, unknown> = {};
  const composite: Field[] = [];
  for (const f of local) {
    const z = f.schema.kind === 'ptr' ? null : zeroValue(f.schema);
    if (z !== null && typeof z === 'object' && f.schema.kind !== 'interface') {
      composite.push(f);
      defineField(template, f.name, null);
    } else defineField(template, f.name, z);
  }
  return (r) => {
    if (++r.depth > maxDepth) depthFail();
    const o: Record<string, unknown> = { ...template };
    let field = -1;
    try {
      // As decode.go's decodeStruct, the end of the message also ends the struct.
      while (r.pos < r.end) {
        const delta = r.uint();
        if (delta === 0) break;
        field += delta;
        if (field >= n) deltaFail(r, delta);
        const p = plan[field]!;
        const v = p.dec(r);
        if (p.local >= 0) defineField(o, local[p.local]!.name, v);
      }
    } catch (e) {
      throw field >= 0 && field < n ? addPath(nameRange(e, wire[field]!.name), '.' + wire[field]!.name) : e;
    }
    for (const f of composite) if (o[f.name] === null) defineField(o, f.name, zeroValue(f.schema));
    r.depth--;
    return o;
  };
}

/** A literal for a field's zero value when it is a primitive, else undefined. */
function zeroLiteral(s: Schema): string | undefined {
  switch (s.kind) {
    case 'bool':
      return 'false';
    case 'int':
    case 'uint':
      return s.mode === 'bigint' ? '0n' : '0';
    case 'float':
      return '0';
    case 'string':
      return "''";
    case 'ptr':
    case 'interface':
      return 'null';
    default:
      return undefined;
  }
}

/**
 * Generates a struct decoder as straight-line code: locals for the fields, a switch on the
 * field number, and one object literal at the end (a single hidden class per struct).
 * Undefined when a name cannot be embedded or eval is refused.
 */
function generateStructDecoder(
  local: readonly Field[],
  wire: readonly { name: string }[],
  plan: FieldPlan[],
  maxDepth: number,
): DecFn | undefined {
  if (local.some((f) => f.name === '__proto__')) return undefined;
  const params = ['deltaFail', 'nameRange', 'addPath', 'depthFail', 'maxDepth', 'wireNames', 'zeroValue'];
  const args: unknown[] = [deltaFail, nameRange, addPath, depthFail, maxDepth, wire.map((w) => w.name), zeroValue];
  const body: string[] = ['return function decodeStruct(r) {', '  if (++r.depth > maxDepth) depthFail();'];
  local.forEach((f, j) => {
    const z = zeroLiteral(f.schema);
    body.push(`  let l${j} = ${z ?? 'undefined'};`);
    if (z === undefined) {
      params.push(`s${j}`);
      args.push(f.schema);
    }
  });
  body.push(
    '  let field = -1;',
    '  try {',
    '    while (r.pos < r.end) {',
    '      const d = r.uint();',
    '      if (d === 0) break;',
    '      field += d;',
    '      switch (field) {',
  );
  plan.forEach((p, i) => {
    params.push(`d${i}`);
    args.push(p.dec);
    body.push(p.local < 0 ? `        case ${i}: d${i}(r); break;` : `        case ${i}: l${p.local} = d${i}(r); break;`);
  });
  body.push(
    '        default: deltaFail(r, d);',
    '      }',
    '    }',
    '  } catch (e) {',
    '    throw field >= 0 && field < wireNames.length ? addPath(nameRange(e, wireNames[field]), "." + wireNames[field]) : e;',
    '  }',
    '  r.depth--;',
  );
  body.push('  return {');
  local.forEach((f, j) => {
    const v = zeroLiteral(f.schema) === undefined ? `l${j} === undefined ? zeroValue(s${j}) : l${j}` : `l${j}`;
    body.push(`    ${JSON.stringify(f.name)}: ${v},`);
  });
  body.push('  };', '};');
  try {
    return new Function(...params, body.join('\n'))(...args) as DecFn;
  } catch {
    return undefined;
  }
}
