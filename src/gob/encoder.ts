// The Encoder stream object, as encoder.go: which types this stream has sent, the type ids it
// assigned (in the order Go assigns them, type.go's newTypeObject), and the writer stack that
// places type definitions sent from inside interface values exactly where Go places them.
import { boundaryError, fail, finishPath, GobError, GobErrorCode } from './error.js';
import { EncCompiler, type EncFn, type EncodeContext } from './encode.js';
import { TypeRegistry } from './registry.js';
import {
  baseOf,
  checkSchema,
  goName,
  goString,
  type GoInterface,
  interfaceSchema,
  limitOption,
  pathRoot,
  type Schema,
} from '../schema/index.js';
import { DEFAULT_MAX_MESSAGE_SIZE, FIRST_USER_ID, makeWire, TypeId, type WireField, type WireType, writeWireType } from './wire.js';
import { Writer } from './writer.js';

/** Options of an {@link Encoder}. */
export interface EncoderOptions {
  /** Names of concrete types for interface values. Default: a new registry, which holds only Go's pre-registered basic names. */
  registry?: TypeRegistry;
  /**
   * Largest message this encoder writes, in bytes. Default 1 GiB (1 << 30). A positive integer or
   * Infinity; anything else makes the constructor throw a RangeError
   * (`gobrpc: maxMessageSize must be a positive integer or Infinity, got NaN`).
   */
  maxMessageSize?: number;
  /**
   * The id of the first type this stream defines. Default 64, as Go 1.21 and later assign;
   * older Go (and doc.go's example) started at 65. Decoders accept either.
   */
  firstTypeId?: number;
  /**
   * Whether struct encoders are generated as straight-line code with `new Function`. Default
   * true; false keeps every encoder a closure (for environments whose Content-Security-Policy
   * refuses eval; the bytes are the same). Where eval is refused anyway, closures are used.
   */
  codegen?: boolean;
}

interface TypeEntry {
  id: number;
  /** The second id Go gives a marshaler type with a pointer receiver when it is sent. */
  userId?: number;
  name: string;
  schema: Schema;
  /**
   * The ids of the element, key and fields as type.go records them when the type is built:
   * an array's or map's element still under construction is recorded as 0, and Go sends that.
   */
  elem: number;
  key: number;
  fields: WireField[];
}

/** A top-level schema already described on a stream: its id and encoder. */
interface Top {
  id: number;
  fn: EncFn;
  /** Not a struct: sent as a singleton (delta 0, then the value), as Go's Encoder.encode. */
  singleton: boolean;
}

/** What encodeInterface writes for a concrete type already sent on the stream. */
interface Concrete {
  id: number;
  fn: EncFn;
  /** Not a struct: sent as a singleton (delta 0, then the value), as Go's Encoder.encode. */
  singleton: boolean;
  /** A pointer type, whose nil value is an error. */
  ptr: boolean;
}

let identityCounter = 0;
/** Schemas are immutable, so their keys are computed once (identity marks, not codec state). */
const keys = new WeakMap<object, string>();

/**
 * A key for the Go type a schema stands for (Go keys by reflect.Type): structural for
 * unnamed composite types, by identity for structs, named and marshaler types.
 */
function typeKey(s: Schema): string {
  s = baseOf(s);
  return keys.get(s) ?? keyWithin(s, new Map());
}

/**
 * The key of `s` while the unnamed composites on `open` are having theirs computed. An unnamed
 * type that reaches itself (a schema `t.slice(() => R)` without a name, or a stream's
 * nameless `type R []R`) has no finite structural key; it and every type on the cycle are
 * keyed by identity instead (Go's recursive types are always named, so nothing is lost).
 */
function keyWithin(s: Schema, open: Map<Schema, { cyclic: boolean }>): string {
  s = baseOf(s);
  const cached = keys.get(s);
  if (cached !== undefined) return cached;
  const mark = open.get(s);
  if (mark) {
    let onCycle = false;
    for (const [t, m] of open) if ((onCycle ||= t === s)) m.cyclic = true;
    return '';
  }
  const self = { cyclic: false };
  open.set(s, self);
  const key = computeTypeKey(s, open);
  open.delete(s);
  const final = self.cyclic ? `#${++identityCounter}` : key;
  keys.set(s, final);
  return final;
}

function computeTypeKey(s: Schema, open: Map<Schema, { cyclic: boolean }>): string {
  switch (s.kind) {
    case 'slice':
    case 'array':
    case 'map':
      // A stream's unnamed type carries Go's spelling of it ("[]string") as its wire name; it is
      // still that one unnamed type, as reflect.Type is in Go.
      // A wire name that differs from the spelling of the structure ("[]int32" over the stream's
      // `int`) names another Go type of the same shape, which Go sends under an id of its own.
      if (!s.name && (!s.wireName || /^(\[|map\[)/.test(s.wireName))) {
        const key =
          s.kind === 'slice'
            ? '[]' + elemKey(s.elem, open)
            : s.kind === 'array'
              ? `[${s.len}]` + elemKey(s.elem, open)
              : `map[${elemKey(s.key, open)}]` + elemKey(s.elem, open);
        return s.wireName && s.wireName !== goString(s) ? `${key}=${s.wireName}` : key;
      }
      break;
    case 'struct':
    case 'external':
      break;
    default: {
      // Builtins share one wire type per kind, but int32 and int (or float64 and a named
      // main.Celsius) are different Go types, so []int32 and []int are two types with two ids.
      // The kind and size stay in the key: two types may print alike (pkg.T from two import
      // paths), and one wire type must never stand for elements of two wire kinds.
      const bits = 'bits' in s ? s.bits : '';
      return `${goString(s)}:${s.kind}${bits}`;
    }
  }
  return `#${++identityCounter}`;
}

/**
 * The key of an element (or map key) type: its pointers stay in it, as []*int32 and []int32 are
 * two Go types (with one wire shape) where a pointer at the top is sent as the type it points to.
 */
function elemKey(s: Schema, open: Map<Schema, { cyclic: boolean }>): string {
  let stars = '';
  for (; s.kind === 'ptr'; s = s.elem) stars += '*';
  return stars + keyWithin(s, open);
}

/**
 * reflect's Name() of the type itself rather than of its base: "" for a pointer, including a
 * marshaler held by pointer. Go names top-level types and slice elements this way.
 */
function ownName(s: Schema): string {
  return s.kind === 'external' && s.pointerReceiver ? '' : goName(s);
}

const BUILTIN_IDS: Partial<Record<Schema['kind'], number>> = {
  bool: TypeId.bool,
  int: TypeId.int,
  uint: TypeId.uint,
  float: TypeId.float,
  complex: TypeId.complex,
  string: TypeId.string,
  bytes: TypeId.bytes,
  interface: TypeId.interface,
};

/**
 * Writes gob streams: each `encode` appends the type definitions the value needs (once per
 * stream) and then the value, exactly as Go's Encoder.Encode. Go: `gob.NewEncoder`.
 */
export class Encoder {
  private readonly registry: TypeRegistry;
  private readonly maxMessageSize: number;
  private nextId: number;
  /** Go's `types` map (per stream here, so a fresh stream numbers types as a fresh Go process). */
  private readonly types = new Map<string, TypeEntry>();
  /** Go's Encoder.sent. */
  private readonly sent = new Set<string>();
  private readonly compiler: EncCompiler;
  /** The buffer {@link encode} uses, made on its first call (encodeTo brings its own). */
  private out: Writer | undefined;
  /** Top-level schemas already described on this stream: their id and encoder (a fast path). */
  private readonly tops = new Map<Schema, Top>();
  /** The schema of the last value encoded and its entry in {@link tops}. */
  private lastSchema: Schema | undefined;
  private lastTop: Top | undefined;
  private sentThisCall: string[] = [];
  /**
   * Concrete types already sent inside interface values on this stream: their id and encoder,
   * so the next value of the type costs a lookup (Go caches the same per type). An entry means
   * its type was sent, so a failed encode that unsends types clears them.
   */
  private readonly concrete = new Map<Schema, Concrete>();
  /** The same entries by registered name, for values without a schema; valid for one registry generation. */
  private readonly named = new Map<string, Concrete>();
  private namedGeneration = -1;

  constructor(options: EncoderOptions = {}) {
    this.registry = options.registry ?? new TypeRegistry();
    this.maxMessageSize = limitOption('maxMessageSize', options.maxMessageSize, DEFAULT_MAX_MESSAGE_SIZE);
    this.nextId = options.firstTypeId ?? FIRST_USER_ID;
    const ctx: EncodeContext = { encodeInterface: (w, v) => this.encodeInterface(w, v) };
    this.compiler = new EncCompiler(ctx, options.codegen ?? true);
  }

  /**
   * Encodes `value` as described by `schema` and returns the bytes to send (type definitions
   * not yet sent on this stream, then the value). The array is the caller's to keep.
   * Throws {@link GobError} when the value does not fit the schema; the stream is unchanged then.
   * Throws TypeError when `schema` is not a schema (`gob: encode: schema: want a schema ...`).
   */
  encode<T>(schema: Schema<T>, value: T): Uint8Array {
    const out = (this.out ??= new Writer(1024));
    out.reset();
    this.encodeTo(out, schema, value);
    return out.take();
  }

  /**
   * Appends the encoding of `value` to `out` (so several values can go out in one write, as
   * net/rpc sends a header and a body) and returns how many bytes it appended. On error nothing
   * is appended. With `room` (bytes), an encoding longer than that (type definitions included)
   * is not appended either and leaves the stream as it was, and the return is its length, more
   * than `room`: the RPC server encodes replies this way to bound the bytes it holds unsent.
   */
  encodeTo<T>(out: Writer, schema: Schema<T>, value: T, room = Infinity): number {
    // A value of the last call's schema (a stream mostly carries one) skips the lookup.
    const last = schema === this.lastSchema ? this.lastTop : undefined;
    if (last === undefined) checkSchema(schema, 'gob: encode: schema');
    const start = out.mark();
    if (this.sentThisCall.length > 0) this.sentThisCall = [];
    try {
      out.fork();
      const top = last !== undefined && value != null ? last : this.topOf(out, schema, value);
      out.int(top.id);
      // Go's Encoder.encode: a struct as itself, anything else as a singleton (delta 0, value).
      if (top.singleton) out.byte(0);
      top.fn(out, value);
      out.join(this.maxMessageSize);
      const size = out.mark() - start;
      if (size > room) this.unsend(out, start, schema);
      return size;
    } catch (e) {
      this.unsend(out, start, schema);
      throw finishPath(boundaryError(e), pathRoot(schema), true);
    }
  }

  /**
   * The type id this stream sends values of `schema` under, once one has been encoded (the RPC
   * codec writes later headers itself under it); undefined before.
   * @internal
   */
  typeIdOf(schema: Schema): number | undefined {
    return this.tops.get(schema)?.id;
  }

  /**
   * Drops what {@link encodeTo} appended from `start` on and forgets the types it sent: the
   * next value of `schema` looks its top-level entry up again.
   */
  private unsend(out: Writer, start: number, schema: Schema): void {
    out.rollback(start);
    for (const k of this.sentThisCall) this.sent.delete(k);
    if (this.sentThisCall.length > 0) {
      this.concrete.clear();
      this.named.clear();
    }
    this.sentThisCall = [];
    this.tops.delete(schema);
    this.lastSchema = undefined;
  }

  /**
   * The type id and encoder of a top-level `schema` on this stream, sending its type
   * definitions into the message part open in `out` if they were not sent yet.
   */
  private topOf(out: Writer, schema: Schema, value: unknown): Top {
    if (value == null && schema.kind === 'ptr')
      fail(GobErrorCode.InvalidValue, `gob: cannot encode nil pointer of type ${goString(schema)}`);
    let top = this.tops.get(schema);
    if (top === undefined) {
      const base = baseOf(schema);
      this.sendTypeDescriptor(out, base);
      top = { id: this.idOf(base), fn: this.compiler.get(base), singleton: base.kind !== 'struct' };
      this.tops.set(schema, top);
    }
    this.lastSchema = schema;
    this.lastTop = top;
    return top;
  }

  /** Go's Encoder.encode: a struct as itself, anything else as a singleton (delta 0, value). */
  private encodeValue(w: Writer, base: Schema, value: unknown): void {
    const fn = this.compiler.get(base);
    if (base.kind !== 'struct') w.uint(0);
    fn(w, value);
  }

  private idOf(base: Schema): number {
    const builtin = BUILTIN_IDS[base.kind];
    if (builtin !== undefined) return builtin;
    return this.types.get(typeKey(base))!.id;
  }

  private newId(): number {
    return this.nextId++;
  }

  /**
   * Builds the type's id (and its children's) on first use, in the order of type.go's
   * newTypeObject: a struct takes its id before its fields; arrays, slices and maps after
   * their elements. `name` is the CommonType.Name by Go's context rules. Returns 0 for a
   * slice/array/map whose construction is still under way (a recursive reference).
   */
  private build(name: string, s: Schema): number {
    const base = baseOf(s);
    const builtin = BUILTIN_IDS[base.kind];
    if (builtin !== undefined) return builtin;
    const key = typeKey(base);
    const existing = this.types.get(key);
    if (existing) return existing.id;
    const entry: TypeEntry = { id: 0, name: base.wireName ?? name, schema: base, elem: 0, key: 0, fields: [] };
    this.types.set(key, entry);
    switch (base.kind) {
      case 'external':
        entry.id = this.newId();
        break;
      case 'array':
        // type.go's arrayType.init: our id first, then the element's as it stands (0 when
        // the element is a type still being built around us, as `type S [][2]S`).
        this.build('', base.elem);
        this.setId(entry);
        entry.elem = this.currentId(base.elem);
        break;
      case 'map':
        this.build('', base.key);
        this.build('', base.elem);
        this.setId(entry);
        entry.key = this.currentId(base.key);
        entry.elem = this.currentId(base.elem);
        break;
      case 'slice': {
        // type.go's sliceType.init: our id, then the element's if it is still unset.
        this.build(ownName(base.elem), base.elem);
        this.setId(entry);
        if (this.currentId(base.elem) === 0) this.setId(this.types.get(typeKey(base.elem))!);
        entry.elem = this.currentId(base.elem);
        break;
      }
      case 'struct':
        entry.id = this.newId();
        for (const f of base.fields) {
          const fb = baseOf(f.schema);
          const tname = goName(fb) || goString(fb);
          if (this.build(tname, f.schema) === 0) this.setId(this.types.get(typeKey(fb))!);
          entry.fields.push({ name: f.name, id: this.currentId(fb) });
        }
        break;
      default:
        break;
    }
    return entry.id;
  }

  /** type.go's setTypeId: a type built around a recursive reference may have one already. */
  private setId(entry: TypeEntry): void {
    if (entry.id === 0) entry.id = this.newId();
  }

  /** The id a type has at this point of building (0 while it is still under construction). */
  private currentId(s: Schema): number {
    const base = baseOf(s);
    return BUILTIN_IDS[base.kind] ?? this.types.get(typeKey(base))!.id;
  }

  private wireOf(entry: TypeEntry): WireType {
    const s = entry.schema;
    switch (s.kind) {
      case 'array':
        return makeWire('array', entry.name, entry.id, { elem: entry.elem, len: s.len });
      case 'slice':
        return makeWire('slice', entry.name, entry.id, { elem: entry.elem });
      case 'map':
        return makeWire('map', entry.name, entry.id, { key: entry.key, elem: entry.elem });
      case 'struct':
        return makeWire('struct', entry.name, entry.id, { fields: entry.fields });
      case 'external':
        return makeWire(s.marshal, entry.name, entry.id);
      default:
        throw new Error(`gobrpc: no wire type for ${s.kind}`);
    }
  }

  /** encoder.go's sendType: sends a non-builtin type and everything under it. */
  private sendType(w: Writer, s: Schema): boolean {
    const base = baseOf(s);
    return BUILTIN_IDS[base.kind] === undefined && this.sendActualType(w, base);
  }

  /**
   * encoder.go's sendActualType: the definition goes into the innermost open part of `w`
   * (the message, or an interface value's bytes), which is then closed and opened again;
   * inside an interface that sends the enclosing value's bytes so far too, exactly as Go
   * writes its buffer to the enclosing one.
   */
  private sendActualType(w: Writer, base: Schema): boolean {
    const key = typeKey(base);
    if (this.sent.has(key)) return false;
    this.build(ownName(base), base);
    const entry = this.types.get(key)!;
    let wire = this.wireOf(entry);
    if (base.kind === 'external' && base.pointerReceiver) {
      // type.go's buildTypeInfo looks the pointer type up separately and makes it a second,
      // unnamed gobEncoderType; Go sends that one's name and id under the first id.
      entry.userId ??= this.newId();
      wire = makeWire(base.marshal, '', entry.userId);
    }
    w.int(-entry.id);
    writeWireType(w, wire);
    w.rejoin(this.maxMessageSize);
    this.sent.add(key);
    this.sentThisCall.push(key);
    switch (base.kind) {
      case 'struct':
        for (const f of base.fields) this.sendType(w, f.schema);
        break;
      case 'slice':
      case 'array':
        this.sendType(w, base.elem);
        break;
      case 'map':
        this.sendType(w, base.key);
        this.sendType(w, base.elem);
        break;
      default:
        break;
    }
    return true;
  }

  private sendTypeDescriptor(w: Writer, base: Schema): void {
    const key = typeKey(base);
    if (this.sent.has(key)) return;
    if (!this.sendType(w, base)) {
      this.build(ownName(base), base);
      this.sent.add(key);
      this.sentThisCall.push(key);
    }
  }

  /**
   * encode.go's encodeInterface. Go encodes the value into a buffer of its own, pushed on a
   * writer stack, and writes it with its length after the type id; here the value is a part
   * forked in place, so a type definition sent from inside it closes the part so far
   * ({@link Writer.rejoin}) just where Go's buffer would have been written.
   */
  /** An interface value whose concrete type this stream has sent: name, type id, then the value as one counted part. */
  private writeConcrete(b: Writer, v: GoInterface, c: Concrete): void {
    b.string(v.name);
    b.int(c.id);
    b.fork();
    if (c.singleton) b.byte(0);
    c.fn(b, v.value);
    b.join(this.maxMessageSize);
  }

  private encodeInterface(b: Writer, v: GoInterface): void {
    let c: Concrete | undefined;
    const carried = interfaceSchema(v);
    if (carried === undefined) {
      const generation = this.registry.generation;
      if (generation !== this.namedGeneration) {
        this.named.clear();
        this.namedGeneration = generation;
      }
      c = this.named.get(v.name);
    }
    if (c !== undefined && (!c.ptr || v.value != null)) return this.writeConcrete(b, v, c);
    const schema = carried ?? this.registry.lookup(v.name);
    c = schema && this.concrete.get(schema);
    if (c !== undefined && v.name !== '' && (!c.ptr || v.value != null)) {
      if (carried === undefined) this.named.set(v.name, c);
      return this.writeConcrete(b, v, c);
    }
    if (!schema) fail(GobErrorCode.Unregistered, `gob: type not registered for interface: ${v.name}`);
    if (v.name === '') fail(GobErrorCode.InvalidValue, 'gob: empty interface type name');
    const base = baseOf(schema);
    if (v.value == null && schema.kind === 'ptr')
      fail(GobErrorCode.InvalidValue, `gob: cannot encode nil pointer of type ${goString(schema)} inside interface`);
    b.string(v.name);
    this.sendTypeDescriptor(b, base);
    const id = this.idOf(base);
    b.int(id);
    b.fork();
    this.encodeValue(b, base, v.value);
    b.join(this.maxMessageSize);
    c = { id, fn: this.compiler.get(base), singleton: base.kind !== 'struct', ptr: schema.kind === 'ptr' };
    this.concrete.set(schema, c);
    if (carried === undefined) this.named.set(v.name, c);
  }
}

/** Schema kinds whose Go values cannot be nil, so that `null` at the top can only be Go's untyped nil. */
const NON_NIL_KINDS = new Set<string>(['bool', 'int', 'uint', 'float', 'complex', 'string', 'struct', 'array', 'external']);

/**
 * Encodes one value as a whole gob stream (type definitions, then the value), with a fresh
 * Encoder: the counterpart of decoder.ts's {@link decode}.
 * Throws TypeError when `schema` is not a schema, and {@link GobError} (`INVALID_VALUE`, `UNREGISTERED`, `LIMIT`, ...) for a value that does
 * not fit `schema`. A top-level `null` or `undefined` fails as Go's `Encode` does on nil
 * (`INVALID_VALUE`): `gob: cannot encode nil pointer of type *T` for a pointer schema, else
 * (unless the schema is a slice, map, `[]byte` or interface, whose nil is a value)
 * `gob: cannot encode nil value`.
 */
export function encode<T>(schema: Schema<T>, value: T, options?: EncoderOptions): Uint8Array {
  checkSchema(schema, 'gob: encode: schema');
  if (value == null && (schema.kind === 'ptr' || NON_NIL_KINDS.has(schema.kind))) {
    const e = new GobError(
      GobErrorCode.InvalidValue,
      schema.kind === 'ptr' ? `gob: cannot encode nil pointer of type ${goString(schema)}` : 'gob: cannot encode nil value',
    );
    e.path = pathRoot(schema);
    throw e;
  }
  return new Encoder(options).encode(schema, value);
}
