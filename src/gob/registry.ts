// Names of concrete types sent inside interface values, as type.go's Register/RegisterName,
// but owned by each encoder/decoder rather than global.
import { GobError, GobErrorCode, goQuote } from './error.js';
import { baseOf, goString, registerName, type Schema, t } from '../schema/index.js';

/** A 64-bit integer schema decoding to a number when safe, else a bigint (lossless, as schema-less). */
function auto(s: Schema): Schema {
  return Object.freeze({ ...s, mode: 'auto' }) as Schema;
}

/**
 * The basic types Go's gob registers itself (type.go's registerBasics), so every Go program can
 * send them in interfaces without a Register call. 64-bit integers decode losslessly (a number
 * when safe, else a bigint); the narrower ones as numbers. `[]uint8` is Go's `[]byte`.
 */
const BASICS: ReadonlyMap<string, Schema> = (() => {
  const scalars: Schema[] = [
    auto(t.int),
    t.int8,
    t.int16,
    t.int32,
    auto(t.int64),
    auto(t.uint),
    t.uint8,
    t.uint16,
    t.uint32,
    auto(t.uint64),
    t.float32,
    t.float64,
    t.complex64,
    t.complex128,
    auto(t.uintptr),
    t.bool,
    t.string,
  ];
  const slices = scalars.map((s) => (s.kind === 'uint' && s.bits === 8 ? t.bytes : t.slice(s)));
  return new Map([...scalars, ...slices].map((s) => [goString(s), s]));
})();

/** The names every {@link TypeRegistry} starts with: Go's pre-registered basic types, then a slice of each. */
export const PREREGISTERED_NAMES: readonly string[] = Object.freeze([...BASICS.keys()]);

/**
 * Whether `a` and `b` describe the same Go type (Go's type identity, which RegisterName compares
 * with `!=` on reflect.Type): the same kind, name, lengths and bit sizes, and the same types
 * inside, compared to any depth. How values are represented is not part of the type, so
 * `t.int`, `t.intn` and `t.intAuto` are all Go's `int`, and marshaler codecs and wire names are
 * ignored. A pair met again inside itself counts as the same, so recursive types compare.
 */
function sameGoType(a: Schema, b: Schema, seen: Map<Schema, Set<Schema>> = new Map()): boolean {
  if (a === b) return true;
  if (a.kind !== b.kind || (a.name ?? '') !== (b.name ?? '')) return false;
  const met = seen.get(a);
  if (met?.has(b)) return true;
  if (met) met.add(b);
  else seen.set(a, new Set([b]));
  switch (a.kind) {
    case 'int':
    case 'uint':
      return a.goName === (b as typeof a).goName;
    case 'float':
    case 'complex':
      return a.bits === (b as typeof a).bits;
    case 'slice':
    case 'ptr':
      return sameGoType(a.elem, (b as typeof a).elem, seen);
    case 'array':
      return a.len === (b as typeof a).len && sameGoType(a.elem, (b as typeof a).elem, seen);
    case 'map':
      return sameGoType(a.key, (b as typeof a).key, seen) && sameGoType(a.elem, (b as typeof a).elem, seen);
    case 'struct': {
      const fa = a.fields;
      const fb = (b as typeof a).fields;
      return fa.length === fb.length && fa.every((f, i) => f.name === fb[i]!.name && sameGoType(f.schema, fb[i]!.schema, seen));
    }
    case 'external':
      return a.marshal === (b as typeof a).marshal && Boolean(a.pointerReceiver) === Boolean((b as typeof a).pointerReceiver);
    default:
      return true;
  }
}

/**
 * Maps interface type names ("main.Point", "*main.Inner", "[]int") to schemas, both ways.
 * Pass one to an Encoder/Decoder (option `registry`); Go keeps this table global.
 *
 * Every registry starts with the names Go registers itself (type.go's registerBasics; see
 * {@link PREREGISTERED_NAMES}): the integer, float, complex, bool and string types and a slice
 * of each, with `[]byte` as "[]uint8". As in Go, names and types are a bijection: a name
 * names one Go type and a Go type (with its pointers stripped, as Go's userTypeInfo.base) has
 * one name. Registering a name again with a schema of the same Go type (say `t.int` for "int",
 * to decode as a number only) replaces the schema, as Go accepts registering a type again.
 */
export class TypeRegistry {
  private readonly byName = new Map<string, Schema>();
  /** Names by Go type, keyed by Go's spelling of the pointer-free type (Go's concreteTypeToName). */
  private readonly byType = new Map<string, string>();
  /** A true private field: registries compare equal (deepStrictEqual) by their entries alone. */
  #changes = 0;

  /** A number that changes with every registration: lookups cached under it stay valid while it does not. */
  get generation(): number {
    return this.#changes;
  }

  /**
   * Registers `schema` under `name` (Go's RegisterName), or under the name Go's Register
   * would choose when `name` is omitted (Go's Register).
   *
   * @throws GobError `REGISTRATION` with Go's panic text where Go's RegisterName panics: an
   *   empty name (`attempt to register empty name`), a name registered for another Go type
   *   (`gob: registering duplicate types for "int": int != string`), or a Go type registered
   *   under another name (`gob: registering duplicate names for int: "int" != "myint"`, since
   *   every registry holds Go's basic types under their own names). The registry is unchanged.
   */
  register(schema: Schema, name: string = registerName(schema)): this {
    // Go's text has no "gob: " prefix here.
    if (name === '') throw new GobError(GobErrorCode.Registration, 'attempt to register empty name');
    const prev = this.lookup(name);
    if (prev !== undefined && !sameGoType(prev, schema)) {
      throw new GobError(
        GobErrorCode.Registration,
        `gob: registering duplicate types for ${goQuote(name)}: ${goString(prev)} != ${goString(schema)}`,
      );
    }
    const key = goString(baseOf(schema));
    const named = this.nameOf(key);
    if (named !== undefined && named !== name) {
      throw new GobError(
        GobErrorCode.Registration,
        `gob: registering duplicate names for ${goString(schema)}: ${goQuote(named)} != ${goQuote(name)}`,
      );
    }
    this.byName.set(name, schema);
    this.byType.set(key, name);
    this.#changes++;
    return this;
  }

  /** The schema registered under `name`, if any (Go's pre-registered basic types included). */
  lookup(name: string): Schema | undefined {
    return this.byName.get(name) ?? BASICS.get(name);
  }

  /** The name the Go type spelled `key` (pointers stripped) is registered under, if any. */
  private nameOf(key: string): string | undefined {
    // A basic type's name is its spelling (Register names unnamed types by reflect's String()).
    return this.byType.get(key) ?? (BASICS.has(key) ? key : undefined);
  }

  /** A registry with the same entries, to extend without changing this one. */
  clone(): TypeRegistry {
    const r = new TypeRegistry();
    for (const [k, v] of this.byName) r.byName.set(k, v);
    for (const [k, v] of this.byType) r.byType.set(k, v);
    return r;
  }
}
