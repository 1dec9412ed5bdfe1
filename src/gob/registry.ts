// Names of concrete types sent inside interface values, as type.go's Register/RegisterName,
// but owned by each encoder/decoder rather than global.
import { goString, registerName, type Schema, t } from './schema.js';

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
    auto(t.int), t.int8, t.int16, t.int32, auto(t.int64),
    auto(t.uint), t.uint8, t.uint16, t.uint32, auto(t.uint64),
    t.float32, t.float64, t.complex64, t.complex128, auto(t.uintptr), t.bool, t.string,
  ];
  const slices = scalars.map((s) => (s.kind === 'uint' && s.bits === 8 ? t.bytes : t.slice(s)));
  return new Map([...scalars, ...slices].map((s) => [goString(s), s]));
})();

/** The names every {@link TypeRegistry} starts with: Go's pre-registered basic types, then a slice of each. */
export const PREREGISTERED_NAMES: readonly string[] = Object.freeze([...BASICS.keys()]);

/**
 * Maps interface type names ("main.Point", "*main.Inner", "[]int") to schemas, both ways.
 * Pass one to an Encoder/Decoder (option `registry`); Go keeps this table global.
 *
 * Every registry starts with the names Go registers itself (type.go's registerBasics; see
 * {@link PREREGISTERED_NAMES}): the integer, float, complex, bool and string types and a slice
 * of each, with `[]byte` as "[]uint8". Registering one of those names again with a schema of the
 * same Go type (say `t.int` for "int", to decode as a number only) replaces the schema, as Go
 * accepts registering a type again; any other type under such a name throws, as Go panics.
 */
export class TypeRegistry {
  private readonly byName = new Map<string, Schema>();

  /**
   * Registers `schema` under `name` (Go's RegisterName), or under the name Go's Register
   * would choose when `name` is omitted. Throws on a conflicting registration, as Go panics.
   */
  register(schema: Schema, name: string = registerName(schema)): this {
    if (name === '') throw new TypeError('gob: attempt to register empty name');
    const prev = this.lookup(name);
    // Go accepts a type registered again under its own name; for the basic names that means any
    // schema of the same Go type, each a choice of representation (t.int, t.intn, ...).
    const replacesBasic = prev !== undefined && BASICS.has(name) && goString(prev) === goString(schema);
    if (prev && prev !== schema && !replacesBasic) throw new TypeError(`gob: registering duplicate types for ${JSON.stringify(name)}`);
    this.byName.set(name, schema);
    return this;
  }

  /** The schema registered under `name`, if any (Go's pre-registered basic types included). */
  lookup(name: string): Schema | undefined {
    return this.byName.get(name) ?? BASICS.get(name);
  }

  /** A registry with the same entries, to extend without changing this one. */
  clone(): TypeRegistry {
    const r = new TypeRegistry();
    for (const [k, v] of this.byName) r.byName.set(k, v);
    return r;
  }
}
