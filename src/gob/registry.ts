// Names of concrete types sent inside interface values, as type.go's Register/RegisterName,
// but owned by each encoder/decoder rather than global.
import { registerName, type Schema } from './schema.js';

/**
 * Maps interface type names ("main.Point", "*main.Inner", "[]int") to schemas, both ways.
 * Pass one to an Encoder/Decoder (option `registry`); Go keeps this table global.
 */
export class TypeRegistry {
  private readonly byName = new Map<string, Schema>();

  /**
   * Registers `schema` under `name` (Go's RegisterName), or under the name Go's Register
   * would choose when `name` is omitted. Throws on a conflicting registration, as Go panics.
   */
  register(schema: Schema, name: string = registerName(schema)): this {
    if (name === '') throw new TypeError('gob: attempt to register empty name');
    const prev = this.byName.get(name);
    if (prev && prev !== schema) throw new TypeError(`gob: registering duplicate types for ${JSON.stringify(name)}`);
    this.byName.set(name, schema);
    return this;
  }

  /** The schema registered under `name`, if any. */
  lookup(name: string): Schema | undefined {
    return this.byName.get(name);
  }

  /** A registry with the same entries, to extend without changing this one. */
  clone(): TypeRegistry {
    const r = new TypeRegistry();
    for (const [k, v] of this.byName) r.byName.set(k, v);
    return r;
  }
}
