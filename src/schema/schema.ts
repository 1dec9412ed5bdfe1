// The schema DSL: TypeScript values that describe Go types. The static type of a decoded
// value follows from its schema (Infer<S>). Schemas are immutable descriptions; encoders and
// decoders compile them once per stream (see gob/encode.ts, gob/decode.ts and the JSON codec
// in jsonrpc/).
/** A decoded Go complex number. */
export interface Complex {
  real: number;
  imag: number;
}

/**
 * An interface value (Go `any` or another interface type): the registered name of the
 * concrete type and its value. `schema` tells the encoder how to encode `value`; when absent
 * the encoder looks the name up in its {@link TypeRegistry}. A decoded interface value is the
 * plain object `{ name, value }` and keeps the schema it was decoded with out of sight (read it
 * with {@link interfaceSchema}), so that it prints, compares and serializes as those two
 * properties and still re-encodes losslessly, a type built from the stream included.
 */
export interface GoInterface<T = unknown> {
  name: string;
  value: T;
  /** How to encode `value`, for a value built by hand; decoded values keep theirs privately. */
  schema?: Schema<T>;
}

/** Returns the object it is given, so that a subclass's private field is added to that object. */
class Returning {
  constructor(o: object) {
    // biome-ignore lint/correctness/noConstructorReturn: the object itself gains the private field.
    return o;
  }
}

/**
 * Puts a schema on a plain object as a private field. A private field is invisible to
 * Object.keys, JSON, spreads, util.inspect and assert.deepStrictEqual, and adding one is an
 * ordinary property store for V8 (about 15 ns, where Object.defineProperty of a non-enumerable
 * property is a call into the runtime of about 170), which made the schema a third or more of
 * the cost of decoding each interface value.
 */
class SchemaStamp extends Returning {
  #schema: Schema;
  private constructor(o: object, schema: Schema) {
    super(o);
    this.#schema = schema;
  }
  static stamp<T extends object>(o: T, schema: Schema): T {
    return new SchemaStamp(o, schema) as unknown as T;
  }
  static read(o: object): Schema | undefined {
    return #schema in o ? (o as SchemaStamp).#schema : undefined;
  }
}

/** How decoded interface values get and give their schema, shared by every copy of gobrpc loaded. */
interface SchemaStamps {
  stamp<T extends object>(o: T, schema: Schema): T;
  read(o: object): Schema | undefined;
}

/**
 * The stamps of the first copy of this module a process loaded, kept on globalThis under a
 * registered symbol: a private field is its class's own, so two copies of the package (two
 * installed versions, or a bundle beside node_modules) share one class, and a value one decodes
 * re-encodes through the other with its schema.
 */
const STAMPS: SchemaStamps = (() => {
  const key = Symbol.for('gobrpc.interfaceSchema.v1');
  const g = globalThis as unknown as Record<symbol, SchemaStamps | undefined>;
  g[key] ??= { stamp: SchemaStamp.stamp, read: SchemaStamp.read };
  return g[key];
})();

/** A decoded interface value: `{ name, value }` with `schema` kept out of sight. */
export function decodedInterface(name: string, value: unknown, schema: Schema): GoInterface {
  return STAMPS.stamp({ name, value }, schema);
}

/**
 * The schema that encodes the interface value `v`: its `schema` property when that is set, else
 * the schema a decoder gave it (the registered type, or the type the stream defined when decoding
 * without a schema), else undefined (the encoder then looks `v.name` up in its registry). A copy
 * made with a spread, JSON or structuredClone has no decoder's schema, and neither does a Proxy
 * of the value (Vue's `reactive`, say): a private field is not seen through one, so pass the
 * value itself (`toRaw`) or set `schema` on the copy. Setting `schema` to undefined does not clear
 * the decoder's schema; a copy does. Anything other than an object gives undefined.
 */
export function interfaceSchema<T>(v: GoInterface<T>): Schema<T> | undefined {
  if (typeof v !== 'object' || v === null) return undefined;
  return v.schema ?? (STAMPS.read(v) as Schema<T> | undefined);
}

/** Encoding of a Go type that implements GobEncoder, BinaryMarshaler or TextMarshaler. */
export interface MarshalCodec<T, W extends Uint8Array | string = Uint8Array> {
  /** The bytes (or text) Go's GobEncode/MarshalBinary/MarshalText would return. */
  encode(value: T): W;
  /** Go's GobDecode/UnmarshalBinary/UnmarshalText; throw to reject the data. */
  decode(data: W): T;
  /** Whether a struct field holding `value` is omitted, as Go omits zero values. Default: value == null. */
  isZero?(value: T): boolean;
  /** The value of a field the stream did not send. Default: null. */
  zero?(): T;
}

interface Base<K extends string> {
  readonly kind: K;
  /** Go's name for a named type, package-qualified as reflect prints it ("main.Point"). */
  readonly name?: string;
  /**
   * The CommonType.Name to send for this type, overriding Go's context rules. Set on schemas
   * built from a stream so re-encoding reproduces the sender's type definitions exactly.
   */
  readonly wireName?: string;
}

export type BoolSchema = Base<'bool'>;
/** Integers, and what they decode to: `number` (range-checked), `bigint`, or `auto` (number when safe). */
export interface IntSchema extends Base<'int'> {
  readonly bits: 8 | 16 | 32 | 64;
  readonly mode: 'number' | 'bigint' | 'auto';
  /** Go's spelling: int, int8, ..., int64. */
  readonly goName: string;
}
export interface UintSchema extends Base<'uint'> {
  readonly bits: 8 | 16 | 32 | 64;
  readonly mode: 'number' | 'bigint' | 'auto';
  readonly goName: string;
}
export interface FloatSchema extends Base<'float'> {
  readonly bits: 32 | 64;
}
export interface ComplexSchema extends Base<'complex'> {
  readonly bits: 64 | 128;
}
export type StringSchema = Base<'string'>;
export type BytesSchema = Base<'bytes'>;
export interface SliceSchema extends Base<'slice'> {
  readonly elem: Schema;
  /** The typed array the slice's values are (`t.slice(elem, { as })`); absent, they are arrays. */
  readonly as?: NumericArrayConstructor;
}

/** The typed arrays a slice of numbers can be held in (see {@link SliceOptions.as}). */
export type NumericArray =
  | Int8Array
  | Int16Array
  | Int32Array
  | Uint16Array
  | Uint32Array
  | Float32Array
  | Float64Array
  | BigInt64Array
  | BigUint64Array;

/**
 * Whether `v` is a typed array other than a Uint8Array (Go's []byte): a slice held in a typed
 * array by `t.slice`'s option `as`, or another typed array a user passed where one might go.
 */
export function isNumericArray(v: unknown): v is NumericArray {
  const name = typedArrayName(v);
  return name !== undefined && name !== 'Uint8Array';
}

/**
 * The name of the typed array `v` is (`Float64Array`, `Uint8Array`, ...), or undefined for
 * anything else (a DataView too). Read from the array itself, so it holds for one made in another
 * realm (a vm context), where instanceof does not.
 */
export function typedArrayName(v: unknown): string | undefined {
  if (!ArrayBuffer.isView(v)) return undefined;
  const name = (v as unknown as { [Symbol.toStringTag]: string | undefined })[Symbol.toStringTag];
  return name === 'DataView' ? undefined : name;
}

/** The constructor of a {@link NumericArray}: `Float64Array`, `Int32Array`, `BigInt64Array`, ... */
export interface NumericArrayConstructor<A extends NumericArray = NumericArray> {
  new (length: number): A;
  readonly BYTES_PER_ELEMENT: number;
  readonly name: string;
}
export interface ArraySchema extends Base<'array'> {
  readonly elem: Schema;
  readonly len: number;
}
export interface MapSchema extends Base<'map'> {
  readonly key: Schema;
  readonly elem: Schema;
}
/** One struct field: its Go name (exported) and schema. */
export interface Field {
  readonly name: string;
  readonly schema: Schema;
}
export interface StructSchema extends Base<'struct'> {
  /** The struct's fields in declaration order (resolved lazily, so types can be recursive). */
  readonly fields: readonly Field[];
}
export interface PtrSchema extends Base<'ptr'> {
  readonly elem: Schema;
}
export type InterfaceSchema = Base<'interface'>;
/** A type Go encodes through GobEncode, MarshalBinary or MarshalText. */
export interface ExternalSchema extends Base<'external'> {
  readonly marshal: 'gob' | 'binary' | 'text';
  readonly name: string;
  readonly codec: MarshalCodec<any, any> | undefined;
  /**
   * The Go type's GobEncode has a pointer receiver (as *big.Int): Go then names and numbers
   * its type definition differently, which byte-exact encoding reproduces.
   */
  readonly pointerReceiver?: boolean;
}

/** The shapes of schemas, without their value type. */
export type SchemaNode =
  | BoolSchema
  | IntSchema
  | UintSchema
  | FloatSchema
  | ComplexSchema
  | StringSchema
  | BytesSchema
  | SliceSchema
  | ArraySchema
  | MapSchema
  | StructSchema
  | PtrSchema
  | InterfaceSchema
  | ExternalSchema;

/** A description of a Go type; `T` is the TypeScript type of its values. */
export type Schema<T = any> = SchemaNode & { readonly __type?: T };

/** The TypeScript type of values described by schema `S`. */
export type Infer<S> = S extends { readonly __type?: infer T } ? T : never;

type FieldMap = Record<string, Schema>;
type StructValue<F extends FieldMap> = { -readonly [K in keyof F]: Infer<F[K]> };

function intOf<T>(
  kind: 'int' | 'uint',
  goName: string,
  bits: 8 | 16 | 32 | 64,
  mode: 'number' | 'bigint' | 'auto',
  name?: string,
): Schema<T> {
  return Object.freeze({ kind, goName, bits, mode, ...(name ? { name } : {}) }) as Schema<T>;
}

class LazyStruct {
  readonly kind = 'struct' as const;
  private resolved: readonly Field[] | undefined;
  constructor(
    readonly name: string,
    private readonly thunk: () => FieldMap | readonly Field[],
    readonly wireName?: string,
  ) {
    if (wireName === undefined) delete (this as { wireName?: string }).wireName;
  }
  get fields(): readonly Field[] {
    if (!this.resolved) {
      const f = this.thunk();
      if (typeof f !== 'object' || f === null) {
        throw new TypeError(`t.struct ${goQuoteName(this.name)}: want fields as an object of schemas, got ${describeArgument(f)}`);
      }
      const fields = Array.isArray(f)
        ? (f as readonly Field[]).slice()
        : Object.entries(f as FieldMap).map(([name, schema]) => Object.freeze({ name, schema }));
      for (const field of fields) checkSchema(field.schema, `t.struct ${goQuoteName(this.name)}: field ${field.name}`);
      this.resolved = Object.freeze(fields);
    }
    return this.resolved;
  }
}

/** A struct's name as errors print it: `main.Point`, or `struct {...}` for an anonymous one. */
function goQuoteName(name: string): string {
  return name === '' ? 'struct {...}' : name;
}

/**
 * A schema, or a function returning one: how a slice, array or map refers to a type declared
 * after it or to itself (Go's `type R []R`, `type M map[string]M`).
 */
export type SchemaRef<T = any> = Schema<T> | (() => Schema<T>);

/**
 * A slice, array or map whose element (and key) schemas are given as functions and resolved
 * on first use, so the type can contain itself without a struct in between. Like LazyStruct,
 * it is immutable once resolved; a thunk that throws is called again on the next use.
 */
class LazyComposite {
  private elemSchema: Schema | undefined;
  private keySchema: Schema | undefined;
  // Declared only: like the frozen schemas, an instance has these properties only when set.
  declare readonly len?: number;
  declare readonly name?: string;
  declare readonly wireName?: string;
  constructor(
    readonly kind: 'slice' | 'array' | 'map',
    private readonly elemThunk: () => Schema,
    private readonly keyThunk: (() => Schema) | undefined,
    len: number | undefined,
    names: { name?: string; wireName?: string },
  ) {
    if (len !== undefined) this.len = len;
    if (names.name) this.name = names.name;
    if (names.wireName !== undefined) this.wireName = names.wireName;
  }
  get elem(): Schema {
    if (this.elemSchema === undefined) {
      const e = this.elemThunk();
      if (this.kind === 'slice') checkSliceElem(e);
      else checkSchema(e, `t.${this.kind}: element`);
      this.elemSchema = e;
    }
    return this.elemSchema;
  }
  get key(): Schema | undefined {
    if (this.keyThunk && this.keySchema === undefined) {
      const k = this.keyThunk();
      checkSchema(k, 't.map: key');
      this.keySchema = k;
    }
    return this.keySchema;
  }
  /** The same type under other names, still resolving lazily. */
  renamed(names: { name?: string; wireName?: string }): LazyComposite {
    const keep = { name: this.name, ...(this.wireName !== undefined ? { wireName: this.wireName } : {}) };
    return new LazyComposite(this.kind, this.elemThunk, this.keyThunk, this.len, { ...keep, ...names });
  }
}

function thunkOf<T>(ref: SchemaRef<T>): () => Schema<T> {
  return typeof ref === 'function' ? ref : () => ref;
}

const KINDS: ReadonlySet<unknown> = new Set(
  'bool int uint float complex string bytes slice array map struct ptr interface external'.split(' '),
);

/** How {@link checkSchema} names what it was given instead of a schema: `a number (5)`, `null`. */
export function describeArgument(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  if (v instanceof Uint8Array) return 'a Uint8Array';
  switch (typeof v) {
    case 'undefined':
      return 'undefined';
    case 'string':
      return `a string (${JSON.stringify(v.length > 20 ? v.slice(0, 20) + '…' : v)})`;
    case 'number':
    case 'bigint':
    case 'boolean':
      return `a ${typeof v} (${String(v)})`;
    case 'function':
      return 'a function (only t.slice, t.array and t.map take one, for recursive types)';
    default:
      return 'an object that is not a schema (no kind)';
  }
}

/**
 * Checks that `s` is a schema (an object of one of the kinds `t` builds), so that an argument
 * given in the wrong place (`encode(value, schema)`, a field set to a value) fails where it is
 * given, with `where` naming it, rather than deep inside a codec.
 *
 * @throws TypeError `${where}: want a schema (t.int, t.struct(...), ...), got a number (5)`.
 */
export function checkSchema(s: unknown, where: string): asserts s is Schema {
  const problem = schemaProblem(s, where);
  if (problem !== undefined) throw new TypeError(problem);
}

/**
 * {@link checkSchema} of `s` and of every schema inside it (elements, keys, fields), resolving
 * the parts of recursive shapes, each checked once. For schemas used far from where they were
 * built, as an RPC method's: a part that is not a schema would otherwise fail only when the
 * first value of it is read, by which time the connection has read the bytes it cannot use.
 *
 * @throws TypeError naming the argument (`where`) or the part (`t.struct main.P: field X: ...`).
 */
export function checkSchemaDeep(s: unknown, where: string, seen: Set<Schema> = new Set()): void {
  checkSchema(s, where);
  if (seen.has(s)) return;
  seen.add(s);
  switch (s.kind) {
    case 'slice':
    case 'array':
    case 'ptr':
      checkSchemaDeep(s.elem, where, seen);
      break;
    case 'map':
      checkSchemaDeep(s.key, where, seen);
      checkSchemaDeep(s.elem, where, seen);
      break;
    case 'struct':
      for (const f of s.fields) checkSchemaDeep(f.schema, where, seen);
      break;
  }
}

/** {@link checkSchema}'s text when `s` is not a schema, else undefined (for layers with error classes of their own). */
export function schemaProblem(s: unknown, where: string): string | undefined {
  if (typeof s === 'object' && s !== null && KINDS.has((s as { kind?: unknown }).kind)) return undefined;
  return `${where}: want a schema (t.int, t.struct(...), ...), got ${describeArgument(s)}`;
}

function checkSliceElem(elem: Schema): void {
  checkSchema(elem, 't.slice: element');
  if (elem.kind === 'uint' && elem.bits === 8) throw new TypeError("t.slice: []uint8 is Go's []byte: use t.bytes");
}

function checkArrayLen(len: number): void {
  if (!Number.isSafeInteger(len) || len < 0) throw new TypeError(`array length must be a non-negative integer, got ${len}`);
}

/** Options shared by the composite constructors. */
export interface NameOption {
  /** Go's package-qualified name when the Go type is a named type (`type IntList []int` → "main.IntList"). */
  name?: string;
}

/** Options of {@link t.slice} for a slice of numbers held in a typed array. */
export interface SliceOptions<A extends NumericArray> extends NameOption {
  /**
   * The typed array values of the slice are: decoding makes one (an empty one for Go's nil or
   * empty slice), encoding takes one (or `null` for nil). Only arrays that hold every value of the
   * element exactly are accepted, plus Float64Array for 64-bit integers decoded as numbers (each
   * value range-checked as `t.int64` checks it):
   *
   * | element | arrays |
   * | --- | --- |
   * | `t.int8`, `t.int16`, `t.int32` | Int8Array (int8 only), Int16Array (up to int16), Int32Array, Float64Array |
   * | `t.uint16`, `t.uint32` | Uint16Array (uint16 only), Uint32Array, Float64Array |
   * | `t.int`, `t.int64`, `t.uint`, `t.uint64`, `t.uintptr` | Float64Array |
   * | `t.intn`, `t.int64n` / `t.uintn`, `t.uint64n` | BigInt64Array / BigUint64Array |
   * | `t.float32` | Float32Array, Float64Array |
   * | `t.float64` | Float64Array (NaN payloads kept bit for bit) |
   *
   * The Go type is the same `[]T` either way: the wire bytes do not change, only what the values
   * are on this side. A typed array is one block of memory, never a JavaScript array of numbers,
   * so large slices decode several times faster and hold less.
   */
  as: NumericArrayConstructor<A>;
}

/** The typed arrays each numeric element may be held in (see {@link SliceOptions.as}). */
const TYPED_ARRAYS: Record<string, readonly string[]> = {
  int8: ['Int8Array', 'Int16Array', 'Int32Array', 'Float64Array'],
  int16: ['Int16Array', 'Int32Array', 'Float64Array'],
  int32: ['Int32Array', 'Float64Array'],
  uint16: ['Uint16Array', 'Uint32Array', 'Float64Array'],
  uint32: ['Uint32Array', 'Float64Array'],
  number64: ['Float64Array'],
  int64n: ['BigInt64Array'],
  uint64n: ['BigUint64Array'],
  float32: ['Float32Array', 'Float64Array'],
  float64: ['Float64Array'],
};

/** The Float64Array, Int32Array, ... constructors: `as` must be one of these, not a look-alike. */
const NUMERIC_ARRAYS: ReadonlySet<unknown> = new Set([
  Int8Array,
  Int16Array,
  Int32Array,
  Uint16Array,
  Uint32Array,
  Float32Array,
  Float64Array,
  BigInt64Array,
  BigUint64Array,
]);

/** The element whose values an integer typed array holds exactly, by the array's name. */
const NARROWER_ELEMENT: Record<string, string> = {
  Int8Array: 'int8',
  Int16Array: 'int16',
  Int32Array: 'int32',
  Uint16Array: 'uint16',
  Uint32Array: 'uint32',
};

/** Checks that a slice of `elem` may be held in typed arrays made by `as` ({@link SliceOptions.as}). */
function checkTypedSlice(elem: Schema, as: unknown): asserts as is NumericArrayConstructor {
  if (!NUMERIC_ARRAYS.has(as)) {
    const name = typeof as === 'function' ? as.name : undefined;
    const got =
      name === 'Uint8Array' || name === 'Uint8ClampedArray'
        ? `${name}, which only []byte fits (t.bytes)`
        : typeof as === 'function'
          ? `the function ${name || '(anonymous)'}`
          : as === null
            ? 'null'
            : `a value of type ${typeof as}`;
    throw new TypeError(`t.slice: option as: want a typed array constructor (Float64Array, Int32Array, ...), got ${got}`);
  }
  const name = (as as NumericArrayConstructor).name;
  const e = baseOf(elem);
  let key: string | undefined;
  if (e.kind === 'float') key = `float${e.bits}`;
  else if (e.kind === 'int' || e.kind === 'uint') {
    if (e.mode === 'bigint') key = e.kind === 'int' ? 'int64n' : 'uint64n';
    else if (e.mode === 'number') key = e.bits === 64 ? 'number64' : `${e.kind}${e.bits}`;
  }
  const fits = key === undefined ? undefined : TYPED_ARRAYS[key];
  if (!fits?.includes(name)) {
    if (e.kind !== 'float' && 'mode' in e && e.mode === 'auto') {
      throw new TypeError(
        `t.slice: ${name} cannot hold every value of []${goString(elem)} decoded as number or bigint (t.intAuto, t.uintAuto): use t.int with Float64Array, or t.intn with BigInt64Array`,
      );
    }
    let why = fits
      ? `use ${fits.join(' or ')}`
      : 'only floats and integers decoded as number (t.int32, t.int, ...) or bigint (t.int64n, ...) can be';
    // A narrower element decodes Go's wider ints into this array, each value range-checked (as Go's []int into []int32).
    const narrower = NARROWER_ELEMENT[name];
    if (fits && narrower && (e.kind === 'int') === narrower.startsWith('int'))
      why += `, or t.${narrower} as the element (each value range-checked)`;
    throw new TypeError(`t.slice: ${name} cannot hold every value of []${goString(elem)}: ${why}`);
  }
}

/**
 * A Go slice `[]T`. `elem` may be a function returning the element's schema, for types that
 * contain themselves with no struct in between (`type R []R`: `const R: Schema<R> =
 * t.slice(() => R, { name: 'main.R' })` with `type R = R[]`); give the constant its type then.
 */
function slice<T>(elem: SchemaRef<T>, opts?: NameOption): Schema<T[]>;
/**
 * A Go slice of numbers held in a typed array, `t.slice(t.float64, { as: Float64Array })`:
 * the same Go type `[]T` on the wire, values of type `A` on this side; see
 * {@link SliceOptions.as} for which array suits which element.
 *
 * @throws TypeError when `as` is not a typed array constructor that holds every value of `elem`.
 */
function slice<A extends NumericArray>(elem: Schema<number> | Schema<bigint>, opts: SliceOptions<A>): Schema<A>;
function slice<T>(elem: SchemaRef<T>, opts: NameOption & { as?: unknown } = {}): Schema<T[]> {
  const named = opts.name ? { name: opts.name } : {};
  if (opts.as !== undefined) {
    if (typeof elem === 'function') throw new TypeError('t.slice: option as takes the element schema itself, not a function');
    checkSliceElem(elem);
    checkTypedSlice(elem, opts.as);
    return Object.freeze({ kind: 'slice', elem, as: opts.as, ...named }) as Schema<T[]>;
  }
  if (typeof elem === 'function') return new LazyComposite('slice', elem, undefined, undefined, opts) as unknown as Schema<T[]>;
  checkSliceElem(elem);
  return Object.freeze({ kind: 'slice', elem, ...named }) as Schema<T[]>;
}

/**
 * Constructors of schemas, one per Go type. Integers decode to `number` with a range check;
 * the `n`-suffixed variants (`int64n`, `uint64n`, ...) decode to `bigint`, exact over 64 bits.
 */
export const t = {
  bool: Object.freeze({ kind: 'bool' }) as Schema<boolean>,
  int: intOf<number>('int', 'int', 64, 'number'),
  int8: intOf<number>('int', 'int8', 8, 'number'),
  int16: intOf<number>('int', 'int16', 16, 'number'),
  int32: intOf<number>('int', 'int32', 32, 'number'),
  int64: intOf<number>('int', 'int64', 64, 'number'),
  uint: intOf<number>('uint', 'uint', 64, 'number'),
  uint8: intOf<number>('uint', 'uint8', 8, 'number'),
  uint16: intOf<number>('uint', 'uint16', 16, 'number'),
  uint32: intOf<number>('uint', 'uint32', 32, 'number'),
  uint64: intOf<number>('uint', 'uint64', 64, 'number'),
  uintptr: intOf<number>('uint', 'uintptr', 64, 'number'),
  intn: intOf<bigint>('int', 'int', 64, 'bigint'),
  int64n: intOf<bigint>('int', 'int64', 64, 'bigint'),
  uintn: intOf<bigint>('uint', 'uint', 64, 'bigint'),
  uint64n: intOf<bigint>('uint', 'uint64', 64, 'bigint'),
  /** Go int decoded as a number when it is a safe integer, else a bigint (the schema-less choice). */
  intAuto: intOf<number | bigint>('int', 'int', 64, 'auto'),
  uintAuto: intOf<number | bigint>('uint', 'uint', 64, 'auto'),
  float32: Object.freeze({ kind: 'float', bits: 32 }) as Schema<number>,
  float64: Object.freeze({ kind: 'float', bits: 64 }) as Schema<number>,
  complex64: Object.freeze({ kind: 'complex', bits: 64 }) as Schema<Complex>,
  complex128: Object.freeze({ kind: 'complex', bits: 128 }) as Schema<Complex>,
  string: Object.freeze({ kind: 'string' }) as Schema<string>,
  /** Go []byte. */
  bytes: Object.freeze({ kind: 'bytes' }) as Schema<Uint8Array>,
  /** Go interface{} (any interface type: gob treats them all alike). */
  any: Object.freeze({ kind: 'interface' }) as Schema<GoInterface | null>,

  /** A Go named type over a basic type, e.g. `t.named('main.Celsius', t.float64)`. */
  named<T>(name: string, base: Schema<T>): Schema<T> {
    checkSchema(base, 't.named: base');
    return renamed(base, { name });
  },
  slice,
  /** A Go array `[len]T`; `elem` may be a function, as for {@link t.slice}. */
  array<T>(elem: SchemaRef<T>, len: number, opts: NameOption = {}): Schema<T[]> {
    checkArrayLen(len);
    if (typeof elem === 'function') return new LazyComposite('array', elem, undefined, len, opts) as unknown as Schema<T[]>;
    checkSchema(elem, 't.array: element');
    return Object.freeze({ kind: 'array', elem, len, ...(opts.name ? { name: opts.name } : {}) }) as Schema<T[]>;
  },
  /**
   * A Go map `map[K]V`. Either schema may be a function, as for {@link t.slice}
   * (`type M map[string]M`: `const M: Schema<M> = t.map(t.string, () => M, { name: 'main.M' })`
   * with `type M = Map<string, M>`).
   */
  map<K, V>(key: SchemaRef<K>, elem: SchemaRef<V>, opts: NameOption = {}): Schema<Map<K, V>> {
    if (typeof key === 'function' || typeof elem === 'function') {
      return new LazyComposite('map', thunkOf(elem), thunkOf(key), undefined, opts) as unknown as Schema<Map<K, V>>;
    }
    checkSchema(key, 't.map: key');
    checkSchema(elem, 't.map: element');
    return Object.freeze({ kind: 'map', key, elem, ...(opts.name ? { name: opts.name } : {}) }) as Schema<Map<K, V>>;
  },
  /**
   * A Go struct. `name` is Go's package-qualified name ("main.Point"), or "" for an anonymous
   * struct. Fields are exported Go names in declaration order; pass a function for types that
   * refer to themselves (give the constant an explicit `Schema<T>` type then).
   */
  struct<F extends FieldMap>(name: string, fields: F | (() => F)): Schema<StructValue<F>> {
    const thunk = typeof fields === 'function' ? fields : () => fields;
    return new LazyStruct(name, thunk) as unknown as Schema<StructValue<F>>;
  },
  /** A Go pointer: flattened on the wire; a nil pointer is `null`. */
  ptr<T>(elem: Schema<T>): Schema<T | null> {
    checkSchema(elem, 't.ptr: element');
    return Object.freeze({ kind: 'ptr', elem }) as Schema<T | null>;
  },
  /** A type implementing GobEncoder/GobDecoder. Without a codec, values are the raw bytes. */
  gobEncoder<T = Uint8Array>(name: string, codec?: MarshalCodec<T>): Schema<T> {
    return Object.freeze({ kind: 'external', marshal: 'gob', name, codec }) as Schema<T>;
  },
  /** A type implementing encoding.BinaryMarshaler/Unmarshaler. Without a codec, the raw bytes. */
  binaryMarshaler<T = Uint8Array>(name: string, codec?: MarshalCodec<T>): Schema<T> {
    return Object.freeze({ kind: 'external', marshal: 'binary', name, codec }) as Schema<T>;
  },
  /** A type implementing encoding.TextMarshaler/Unmarshaler. Without a codec, the text. */
  textMarshaler<T = string>(name: string, codec?: MarshalCodec<T, string>): Schema<T> {
    return Object.freeze({ kind: 'external', marshal: 'text', name, codec }) as Schema<T>;
  },
};

/** Builds a struct schema from resolved fields (used for schemas derived from a stream). */
export function structFrom(name: string, fields: () => readonly Field[], wireName?: string): Schema {
  return new LazyStruct(name, fields, wireName) as unknown as Schema;
}

/** Returns a copy of `s` that sends `wireName` as its CommonType.Name. */
export function withWireName<T>(s: Schema<T>, wireName: string): Schema<T> {
  return renamed(s, { wireName });
}

/**
 * A copy of `s` under other names. Structs and lazily resolved composites keep resolving
 * lazily (a spread would call their getters, which may name a schema not yet initialised).
 */
function renamed<T>(s: Schema<T>, names: { name?: string; wireName?: string }): Schema<T> {
  if (s instanceof LazyComposite) return s.renamed(names) as unknown as Schema<T>;
  if (s.kind === 'struct') return structFrom(names.name ?? s.name ?? '', () => s.fields, names.wireName) as Schema<T>;
  return Object.freeze({ ...s, ...names }) as Schema<T>;
}

/**
 * Go's range for an integer of `bits` bits: [-2^(bits-1), 2^(bits-1)-1] signed, [0, 2^bits-1]
 * unsigned. For compile time; codecs keep the bounds they need in their closures.
 */
export function intRange(signed: boolean, bits: number): readonly [bigint, bigint] {
  const b = BigInt(bits);
  return signed ? [-(1n << (b - 1n)), (1n << (b - 1n)) - 1n] : [0n, (1n << b) - 1n];
}

/**
 * The first element of an error's path for a top-level value of schema `s`: a named type's
 * name without its package (`Args` for `main.Args`, through pointers), else Go's spelling of
 * the type (`[]int`).
 */
export function pathRoot(s: Schema): string {
  const b = baseOf(s);
  if (b.name) return b.name.slice(b.name.lastIndexOf('.') + 1);
  return goString(b);
}

/** Strips pointers: the type gob actually sends (Go's userTypeInfo.base). */
export function baseOf(s: Schema): Schema {
  while (s.kind === 'ptr') s = s.elem;
  return s;
}

const BASIC_NAMES: Record<string, string> = { bool: 'bool', string: 'string', bytes: '[]uint8', interface: 'interface {}' };

/**
 * Go's reflect.Type.String() for the type `s` describes ("[]main.Point", "map[string]int").
 * A type reached again inside itself prints as its wire name, as type.go's safeString does:
 * Go's recursive types are always named, but a schema built from a stream may lack the
 * package-qualified name, and a hostile stream may define an unnamed cycle.
 */
export function goString(s: Schema): string {
  return typeString(s, undefined);
}

/** goString for `s` met while printing the types in `inProgress`. */
function typeString(s: Schema, inProgress: Set<Schema> | undefined): string {
  if (s.kind === 'external' && s.pointerReceiver) return '*' + s.name;
  if (s.name) return s.name;
  if (s.kind === 'slice' || s.kind === 'array' || s.kind === 'map' || s.kind === 'ptr' || s.kind === 'struct') {
    if (inProgress?.has(s)) return s.wireName || '...';
    inProgress ??= new Set();
    inProgress.add(s);
    try {
      return compositeString(s, inProgress);
    } finally {
      inProgress.delete(s);
    }
  }
  switch (s.kind) {
    case 'int':
    case 'uint':
      return s.goName;
    case 'float':
      return s.bits === 32 ? 'float32' : 'float64';
    case 'complex':
      return s.bits === 64 ? 'complex64' : 'complex128';
    default:
      return BASIC_NAMES[s.kind] ?? s.kind;
  }
}

function compositeString(s: Schema & { kind: 'slice' | 'array' | 'map' | 'ptr' | 'struct' }, inProgress: Set<Schema>): string {
  switch (s.kind) {
    case 'slice':
      return '[]' + typeString(s.elem, inProgress);
    case 'array':
      return `[${s.len}]` + typeString(s.elem, inProgress);
    case 'map':
      return `map[${typeString(s.key, inProgress)}]${typeString(s.elem, inProgress)}`;
    case 'ptr':
      return '*' + typeString(s.elem, inProgress);
    case 'struct':
      return s.fields.length === 0
        ? 'struct {}'
        : `struct { ${s.fields.map((f) => `${f.name} ${typeString(f.schema, inProgress)}`).join('; ')} }`;
  }
}

/** Go's reflect.Type.Name(): the unqualified name of a named type, "" for unnamed types. */
export function goName(s: Schema): string {
  if (s.kind === 'ptr' || !s.name) return '';
  const i = s.name.lastIndexOf('.');
  return i < 0 ? s.name : s.name.slice(i + 1);
}

/**
 * Go's Register naming for a concrete type sent in an interface: a named type is
 * "pkg.Name", a pointer to a named type "*pkg.Name", anything else its String().
 */
export function registerName(s: Schema): string {
  let star = '';
  let rt = s;
  if (goName(rt) === '' && rt.kind === 'ptr') {
    star = '*';
    rt = rt.elem;
  }
  if (goName(rt) !== '') return star + rt.name!;
  return goString(s);
}

/**
 * How a codec reports a schema whose zero value would be infinite: it throws its own error
 * class with its own prefix around `text`, which speaks for no layer
 * (`invalid recursive type main.T: its zero value would be infinite`).
 */
export type InfiniteZero = (text: string) => never;

/**
 * The value a field of this schema has when the stream did not send it: Go's zero value,
 * as a fresh object for composite types.
 * @throws whatever `infinite` throws when the zero value would be infinite (an array or
 * struct that contains itself with no pointer, slice or map in between).
 */
export function zeroValue(s: Schema, infinite: InfiniteZero): unknown {
  if ((s.kind === 'array' || s.kind === 'struct') && !(FINITE_ZERO.get(s) ?? hasFiniteZero(s, new Set()))) {
    infinite(`invalid recursive type ${goString(s)}: its zero value would be infinite`);
  }
  return zeroOf(s);
}

function zeroOf(s: Schema): unknown {
  switch (s.kind) {
    case 'bool':
      return false;
    case 'int':
    case 'uint':
      return s.mode === 'bigint' ? 0n : 0;
    case 'float':
      return 0;
    case 'complex':
      return { real: 0, imag: 0 };
    case 'string':
      return '';
    case 'bytes':
      return nilBytes();
    case 'slice':
      return s.as ? new s.as(0) : nilSlice();
    case 'array': {
      const a = new Array(s.len);
      for (let i = 0; i < s.len; i++) a[i] = zeroOf(s.elem);
      return a;
    }
    case 'map':
      return nilMap();
    case 'struct': {
      const o: Record<string, unknown> = {};
      for (const f of s.fields) defineField(o, f.name, zeroOf(f.schema));
      return o;
    }
    case 'ptr':
    case 'interface':
      return null;
    case 'external':
      if (s.codec?.zero) return s.codec.zero();
      return s.codec ? null : s.marshal === 'text' ? '' : new Uint8Array(0);
  }
}

/**
 * Whether each schema's zero value is finite, computed once per schema (schemas are
 * immutable, so this is a memo, not codec state). Only arrays and structs hold their parts'
 * zero values; one that reaches itself through them alone is infinite. Go rejects such a
 * type at compile time (`type T [2]T`), but a stream can define one and a schema can state one.
 */
const FINITE_ZERO = new WeakMap<Schema, boolean>();

function hasFiniteZero(s: Schema, path: Set<Schema>): boolean {
  if (s.kind !== 'array' && s.kind !== 'struct') return true;
  const known = FINITE_ZERO.get(s);
  if (known !== undefined) return known;
  if (path.has(s)) return false;
  path.add(s);
  const finite = s.kind === 'array' ? hasFiniteZero(s.elem, path) : s.fields.every((f) => hasFiniteZero(f.schema, path));
  path.delete(s);
  // A result reached while an enclosing type is still open is final too: false means a cycle
  // was found below, true means none was.
  FINITE_ZERO.set(s, finite);
  return finite;
}

/** Sets an own data property, safe for names such as `__proto__` that come off the wire. */
export function defineField(o: Record<string, unknown>, name: string, value: unknown): void {
  if (name === '__proto__') Object.defineProperty(o, name, { value, writable: true, enumerable: true, configurable: true });
  else o[name] = value;
}

/**
 * Empty maps that stand for a Go nil map (a map field the stream did not send). They behave
 * as ordinary empty Maps; the encoder omits them while they are empty, as Go omits a nil map
 * but sends an empty one. Identity marks only: no codec state lives here.
 */
const NIL_MAPS = new WeakSet<Map<unknown, unknown>>();

/**
 * A new empty Map standing for Go's nil map while it stays empty: gob omits it where Go omits
 * a nil map, and encoding/json writes it as `null` (an ordinary empty Map as `{}`). Decoding
 * gives one for an absent map field and for JSON `null`. Copies do not carry the mark.
 */
export function nilMap<K, V>(): Map<K, V> {
  const m = new Map<K, V>();
  NIL_MAPS.add(m);
  return m;
}

/** Whether `m` is an empty map standing for Go's nil map. */
export function isNilMap(m: unknown): boolean {
  return m instanceof Map && m.size === 0 && NIL_MAPS.has(m);
}

/**
 * Empty arrays and Uint8Arrays that stand for a Go nil slice or nil []byte, as NIL_MAPS for
 * maps. Gob sends nil and empty slices alike, but encoding/json writes `null` for nil and `[]`
 * or `""` for empty, so the JSON codec needs to know which one a value stands for.
 */
const NIL_SLICES = new WeakSet<object>();

/**
 * A new empty array standing for Go's nil slice while it stays empty: encoding/json writes it as
 * `null` (an ordinary `[]` as `[]`); gob sends it as any empty slice, since Go does. Decoding
 * gives one for an absent slice field and for JSON `null`. Copies do not carry the mark.
 */
export function nilSlice<T>(): T[] {
  const a: T[] = [];
  NIL_SLICES.add(a);
  return a;
}

/**
 * A new empty Uint8Array standing for Go's nil []byte: encoding/json writes it as `null` (an
 * ordinary empty Uint8Array as `""`); gob sends it as any empty []byte. Decoding gives one for
 * an absent []byte field and for JSON `null`.
 */
export function nilBytes(): Uint8Array {
  const b = new Uint8Array(0);
  NIL_SLICES.add(b);
  return b;
}

/**
 * Whether `v` is Go's nil for its type: `null` or `undefined` (a nil pointer, interface, slice or
 * map), or an empty array, Uint8Array or Map standing for a nil slice, []byte or map (made by
 * {@link nilSlice}, {@link nilBytes}, {@link nilMap}, or by decoding a nil value).
 */
export function isNil(v: unknown): boolean {
  return v == null || isNilSlice(v) || isNilMap(v);
}

/** Whether `v` is an empty array or Uint8Array standing for Go's nil slice or []byte. */
export function isNilSlice(v: unknown): boolean {
  return (Array.isArray(v) || v instanceof Uint8Array) && v.length === 0 && NIL_SLICES.has(v);
}
