// Per-type decoder compilation, as decode.go's compileDec/decOpFor/compatibleType: one closure
// per (local schema, remote type id), cached by the Decoder (Go's decoderCache). Remote fields
// the local schema lacks are skipped with ignore closures compiled from the wire types alone.
import { addPath, fail, finishPath, GobErrorCode, goQuote, keySegment } from './error.js';
import { type Reader, StringCache } from './reader.js';
import {
  baseOf,
  compileOnce,
  decodedInterface,
  type Field,
  goName,
  goString,
  type GoInterface,
  nilSlice,
  pathRoot,
  type Schema,
  structFrom,
  t,
  withWireName,
} from '../schema/index.js';
import type { TypeRegistry } from './registry.js';
import {
  BUILTIN_NAMES,
  BUILTIN_WIRE_TYPES,
  deltaFail,
  ERR_NO_KIND,
  FIRST_USER_ID,
  ignoredWire,
  setsMarshalerOtherThan,
  topWire,
  TypeId,
  negativeGoInt,
  typeIdString,
  undefinedTypeFail,
  type WireField,
  type WireType,
  wireOfKind,
  wireTypeString,
} from './wire.js';
import {
  compileExternal,
  compileInt,
  compileUint,
  decBool,
  decBytes,
  decComplex64,
  decComplex128,
  type DecFn,
  decFloat32,
  decFloat64,
  decString,
  depthFail,
  flatKind,
  namedBytes,
  namedString,
  nameRange,
  rangeWithin,
  singletonSkip,
  skipBytes,
  skipComplex,
  skipFlat,
  skipMarshaled,
  skipUint,
  withPath,
} from './decode-basic.js';
import { closureStructDecoder, type FieldPlan, generateStructDecoder } from './decode-codegen.js';
import {
  elementsReader,
  goSize,
  helperElement,
  lengthFail,
  lengthText,
  sliceLimit,
  sliceTooBig,
  typedElementsReader,
} from './decode-elements.js';

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
/** Compiles decoders for one Decoder; every cache here belongs to that stream. */
export class DecCompiler {
  private readonly cache = new Map<Schema, Map<number, DecFn>>();
  private readonly ignoreCache = new Map<number, DecFn>();
  private readonly topCache = new Map<Schema, Map<number, DecFn>>();
  private readonly innerCache = new Map<Schema, Map<number, DecFn>>();
  private readonly derived = new Map<number, Schema>();
  /** {@link deriveTop}'s schemas where they differ from {@link derive}'s. */
  private readonly derivedTop = new Map<number, Schema>();
  /** {@link ignoreTop}'s struct skippers for definitions that set a struct among other kinds. */
  private readonly ignoreTopCache = new Map<number, DecFn>();
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
      this.ignoreTopCache.delete(id);
      this.derived.delete(id);
      this.derivedTop.delete(id);
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

  /**
   * The schema of a whole value (at the top, or inside an interface) that the stream's own type
   * definitions describe: as {@link derive}, except that a definition setting a struct among
   * other kinds is read as the struct, as Go's decodeIgnoredValue reads it.
   */
  deriveTop(id: number): Schema {
    const w = this.wire(id);
    if (w?.others === undefined) return this.derive(id);
    const top = topWire(w);
    if (top === ignoredWire(w)) return this.derive(id);
    let s = this.derivedTop.get(id);
    if (!s) this.derivedTop.set(id, (s = this.deriveFrom(top, id, this.derivedTop)));
    return s;
  }

  /**
   * The schema the stream's own type definitions describe (the schema-less view), for a value
   * inside another: a definition that sets several kinds is read by the one Go's
   * decIgnoreOpFor picks.
   */
  derive(id: number): Schema {
    const builtin = BUILTIN_SCHEMAS[id];
    if (builtin) return builtin;
    const s = this.derived.get(id);
    if (s) return s;
    const w = this.wire(id);
    if (!w) undefinedTypeFail(id);
    return this.deriveFrom(ignoredWire(w), id, this.derived);
  }

  /** {@link derive} of definition part `w` of type `id`, registered in `derived` while built. */
  private deriveFrom(w: WireType, id: number, derived: Map<number, Schema>): Schema {
    let s: Schema;
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
        derived.set(id, s);
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
        derived.set(id, s);
        try {
          if (s.kind === 'map') void s.key;
          void (s as { elem: Schema }).elem;
        } catch (e) {
          derived.delete(id);
          throw e;
        }
        return s;
      }
    }
    derived.set(id, s);
    return s;
  }

  /** decode.go's compatibleType. */
  compatible(local: Schema, id: number, inProgress = new Map<Schema, number>()): boolean {
    local = baseOf(local);
    const seen = inProgress.get(local);
    if (seen !== undefined) return seen === id;
    inProgress.set(local, id);
    // What the stream's own definition describes fits it, as Go's Decode(nil) reads it: a
    // definition that sets a slice and a marshaler is read as the slice (decIgnoreOpFor).
    if (this.derived.get(id) === local || this.derivedTop.get(id) === local) return true;
    const w = this.wire(id);
    // A definition that sets a marshaler kind fits only a local type of that marshaler, and
    // one of those only such a definition; Go tests the three kinds separately, so one that
    // sets two fits no local type.
    if (local.kind === 'external') return wireOfKind(w, local.marshal) !== undefined && !setsMarshalerOtherThan(w, local.marshal);
    if (setsMarshalerOtherThan(w, undefined)) return false;
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
      case 'array': {
        const a = wireOfKind(w, 'array');
        return a !== undefined && a.len === local.len && this.compatible(local.elem, a.elem, inProgress);
      }
      case 'map': {
        const m = wireOfKind(w, 'map');
        return m !== undefined && this.compatible(local.key, m.key, inProgress) && this.compatible(local.elem, m.elem, inProgress);
      }
      case 'slice': {
        const sl = wireOfKind(w, 'slice');
        return sl !== undefined && this.compatible(local.elem, sl.elem, inProgress);
      }
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
      let compiled: DecFn;
      try {
        compiled = this.compileTop(local, id, '*');
      } catch (e) {
        // A compile error (a type mismatch below the top) leaves with its path too, as a decode error.
        throw finishPath(e, root, false);
      }
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

  /**
   * {@link value} for a child of a compiled value (a slice or array element, a map key or
   * element, a struct field): an error raised while compiling it gains the child's path segment
   * (`[]` for any element, `[key]` for a map's key type, `.Name` for a field). A type mismatch
   * thus names the field (`Reply.Items[].Count`) as range errors do, with Go's text kept as the
   * message. `field` (`Remote.Name`), given for a struct field, is the received field the child
   * fills: its type (`fieldId`, which may differ from the `id` its decoder is compiled for: see
   * fieldOpIds) is checked against `local` first, as decode.go's compileDec does.
   */
  private child(local: Schema, id: number, segment: string, field?: string, fieldId = id): DecFn {
    try {
      if (field !== undefined && !this.compatible(local, fieldId)) {
        fail(GobErrorCode.TypeMismatch, `gob: wrong type (${goString(local)}) for received field ${field}`);
      }
      return this.value(local, id);
    } catch (e) {
      throw addPath(e, segment);
    }
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
    const elem = helperElement(s, this.child(s.elem, wireOfKind(this.wire(id), 'slice')!.elem, '[]'));
    const elemName = goString(s.elem);
    const exceeds = lengthText(s, s.elem);
    const as = s.as;
    const read = as ? typedElementsReader(as, s.elem) : elementsReader(s.elem);
    const elemSize = goSize(s.elem);
    const limit = sliceLimit(elemSize);
    return (r) => {
      const at = r.pos;
      const n = r.uint();
      if (n > limit || n >= 2 ** 63) sliceTooBig(r, at, elemName, elemSize);
      if (++r.depth > maxDepth) depthFail();
      // As Go's decodeSlice, no elements leave the slice nil (see decBytes); an empty one still
      // counts as a level of nesting. A typed array has no nil: an empty one stands for both.
      if (n === 0) {
        r.depth--;
        return as ? new as(0) : nilSlice();
      }
      const a = read(r, n, elem, exceeds);
      r.depth--;
      return a;
    };
  }

  /** decode.go's decodeArray. */
  private compileArray(s: Schema & { kind: 'array' }, id: number): DecFn {
    const maxDepth = this.ctx.maxDepth;
    const elem = helperElement(s, this.child(s.elem, wireOfKind(this.wire(id), 'array')!.elem, '[]'));
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
    const w = wireOfKind(this.wire(id), 'map')!;
    const key = this.child(s.key, w.key, '[key]');
    const elem = this.child(s.elem, w.elem, '[]');
    return (r) => {
      const n = goCount(r, r.uint());
      if (++r.depth > maxDepth) depthFail();
      const m = new Map();
      let k: unknown;
      try {
        // As decode.go's decodeMap, entries are read until the count or an error, whose text is
        // the entry's own (EOF at the end of the message).
        for (let i = 0; i < n; i++) {
          const at = r.pos;
          const buf = r.buf;
          k = undefined;
          k = key(r);
          m.set(k, elem(r));
          if (r.pos === at && r.buf === buf) break;
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
    const sw = wireOfKind(w, 'struct');
    if (sw === undefined)
      fail(GobErrorCode.TypeMismatch, `gob: type mismatch in decoder: want struct type ${goString(local)}; got non-struct`);
    return sw;
  }

  private compileStruct(s: Schema & { kind: 'struct' }, id: number): DecFn {
    const w = this.structWire(s, id);
    const local = s.fields;
    const byName = fieldIndex(local);
    const opIds = fieldOpIds(local, w.fields, byName);
    // While this struct compiles, its cache entry is the forwarder value() installed: a field
    // decoded by it is the struct itself, which the decoder then calls without the forwarder.
    const self = this.cache.get(s)?.get(id);
    // Per wire field: the local field it fills and its decoder, or a skip function.
    const plan: FieldPlan[] = w.fields.map((f, k) => {
      if (f.name === '') fail(GobErrorCode.BadData, `gob: empty name for remote field of type ${w.name}`);
      const j = byName.get(f.name) ?? -1;
      if (j < 0) return { local: -1, dec: this.ignore(f.id) };
      const dec = this.child(local[j]!.schema, opIds[k]!, '.' + f.name, `${w.name}.${f.name}`, f.id);
      return { local: j, dec, self: dec === self };
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
    if (!w && !BUILTIN_NAMES[id]) undefinedTypeFail(id);
    const sw = wireOfKind(w, 'struct');
    if (sw === undefined) return singletonSkip(this.ignore(id));
    // A struct among other kinds: Go skips the whole value by the struct, and a field of the type by decIgnoreOpFor's pick.
    if (ignoredWire(w!) === sw) return this.ignore(id);
    let fn = this.ignoreTopCache.get(id);
    if (!fn) this.ignoreTopCache.set(id, (fn = this.ignoreStruct(sw)));
    return fn;
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
    const wire = this.wire(id);
    if (!wire) undefinedTypeFail(id);
    const w = ignoredWire(wire);
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
      const count = goCount(r, n);
      for (let i = flat === 0 ? 0 : skipFlat(r, count, flat, 0); i < count; i++) {
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
      const n = goCount(r, r.uint());
      if (++r.depth > maxDepth) depthFail();
      // As decode.go's ignoreMap: no check of the count, the entries' own errors.
      for (let i = flat ? skipFlat(r, n, flatKey, flatElem) : 0; i < n; i++) {
        const at = r.pos;
        const buf = r.buf;
        key(r);
        elem(r);
        if (r.pos === at && r.buf === buf) break;
      }
      r.depth--;
    };
  }

  /** decode.go's ignoreStruct. */
  private ignoreStruct(w: WireType): DecFn {
    const maxDepth = this.ctx.maxDepth;
    // Go skips a struct with the engine compileDec builds for an empty local struct, which
    // checks each field's name before it compiles the field's skip.
    const ops = w.fields.map((f) => {
      if (f.name === '') fail(GobErrorCode.BadData, `gob: empty name for remote field of type ${w.name}`);
      return this.ignore(f.id);
    });
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
    if (registered === undefined) fn = this.inner((schema = this.deriveTop(concreteId)), concreteId);
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
    return decodedInterface(name, value, schema);
  }
}

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

/**
 * A count `n` just read as Go's `int(state.decodeUint())` loops over it: one from 2^63 up is a
 * negative int there, so no entry is read (an eight-byte uint; its first byte is at pos - 8).
 * A map loop that reads nothing stops at once (see compileMap): only entries that meet the end
 * of the message read nothing, and each of Go's further passes would set that same entry again.
 */
function goCount(r: Reader, n: number): number {
  return negativeGoInt(r, n) ? 0 : n;
}

/** The local kinds whose decoder decode.go's decOpFor shares by local type within one struct. */
const SHARED_KINDS = new Set(['array', 'map', 'slice', 'struct']);

/**
 * The remote type id each wire field of a struct is decoded by. Go's compileDec compiles its
 * fields' ops with one map keyed by local type (decOpFor's inProgress, there for recursive
 * types), so a field whose local type an earlier field of the struct has (an array, map, slice
 * or struct) takes that field's op, compiled for that field's remote type, even when its own
 * definition names another (one still has to pass compatibleType). Only a corrupted or hostile
 * stream gives two fields of one local type two remote types.
 */
export function fieldOpIds(local: readonly Field[], wire: readonly WireField[], byName: ReadonlyMap<string, number>): number[] {
  // Keyed by the Go type's name (goString), as two fields of one Go type (`*Point`) may well
  // have been given two equal schemas; a Go type is the same type wherever it is spelled.
  const first = new Map<string, number>();
  return wire.map((f) => {
    const j = byName.get(f.name);
    if (j === undefined) return f.id;
    const s = local[j]!.schema;
    if (!SHARED_KINDS.has(baseOf(s).kind)) return f.id;
    const key = goString(s);
    const id = first.get(key);
    if (id !== undefined) return id;
    first.set(key, f.id);
    return f.id;
  });
}

/** Field name to index (the first of a name), so matching wide structs costs linear time. */
export function fieldIndex(fields: readonly Field[]): Map<string, number> {
  const m = new Map<string, number>();
  fields.forEach((f, j) => {
    if (!m.has(f.name)) m.set(f.name, j);
  });
  return m;
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
