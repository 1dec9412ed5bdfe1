// A replacer for JSON.stringify that lets every value the decoders produce print, for logs and
// debugging output. `marshal` writes Go's exact json.Marshal text but throws where Go's does (NaN,
// a map keyed by booleans); JSON.stringify with this replacer never throws on a decoded value
// and reads as Go's encoding/json would write it where JSON.stringify can say the same thing.
import { GoTime, isNilMap, isNilSlice, isNumericArray } from '../schema/index.js';
import { base64Encode } from './base64.js';
import { compareUtf8 } from './encode.js';

/**
 * A replacer for `JSON.stringify(value, jsonReplacer[, space])` that writes the values gob and
 * JSON-RPC decode as Go's encoding/json writes the same Go values, where JSON.stringify allows,
 * and never throws on them (a plain `JSON.stringify` throws on a bigint and writes a Map as
 * `{}` and a Uint8Array as `{"0":1,...}`):
 *
 * - `bigint` (int64 and uint64 decoded with `t.int64n` …, `*big.Int`, and integers past 2^53
 *   decoded without a schema): a number when it is a safe integer, else a string of its decimal
 *   digits (`"1152921504606846976"`, as Go's `,string` option writes it), since JSON.stringify
 *   cannot write a number it cannot hold; `jsonrpc.marshal` writes the exact number;
 * - `Uint8Array` ([]byte): its standard padded base64 (`"AQID"`), as encoding/json;
 * - `Map`: an object when every key is a string, an integer (number or bigint, written in
 *   decimal) or a {@link GoTime} (its RFC 3339 text, as Go's TextMarshaler keys), with keys in
 *   Go's order (sorted by UTF-8 bytes), except that a JavaScript object lists names that are
 *   array indices (`"0"`, `"10"`) first, in numeric order; a map with any other key (bool, float, struct) as an
 *   array of `[key, value]` pairs in insertion order, where encoding/json would refuse it;
 * - Go's nil slice, []byte and map (`nilSlice()`, `nilBytes()`, `nilMap()`, or decoded from an
 *   absent field): `null`, as encoding/json writes nil;
 * - a Float64Array, Int32Array or other typed array (a slice decoded with `t.slice`'s option
 *   `as`): an array of its elements, as encoding/json writes the slice;
 * - `NaN`, `Infinity`, `-Infinity`: the strings `"NaN"`, `"+Inf"`, `"-Inf"` (Go's strconv
 *   text; encoding/json refuses them, JSON.stringify would write `null`);
 * - everything else as JSON.stringify writes it: a {@link GoTime} through its `toJSON` (Go's
 *   `Time.MarshalJSON`), an interface value as `{"name": …, "value": …}` (its schema is not
 *   enumerable), a complex number as `{"real": …, "imag": …}`.
 *
 * Values are not changed; the replacer builds new objects for Maps and typed arrays only. For the
 * exact bytes Go would send (exact 64-bit numbers, a value encoded by its schema), use
 * `jsonrpc.marshal`.
 */
export function jsonReplacer(this: unknown, key: string, value: unknown): unknown {
  // JSON.stringify hands over the result of toJSON (a Buffer's {type, data}); the holder has the value itself.
  const raw = (this as Record<string, unknown>)[key];
  if (raw instanceof Uint8Array) return isNilSlice(raw) ? null : base64Encode(raw);
  switch (typeof value) {
    case 'bigint':
      return value >= -MAX_SAFE && value <= MAX_SAFE ? Number(value) : value.toString();
    case 'number':
      return Number.isFinite(value) ? value : Number.isNaN(value) ? 'NaN' : value > 0 ? '+Inf' : '-Inf';
    case 'object':
      if (value instanceof Map) return isNilMap(value) ? null : mapJSON(value);
      if (Array.isArray(value) && isNilSlice(value)) return null;
      // A slice held in a typed array (t.slice's option as): its elements, as the slice's.
      if (isNumericArray(value)) return Array.from(value as ArrayLike<number | bigint>);
      return value;
    default:
      return value;
  }
}

const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);

/** A key encoding/json writes as an object name, as that name; undefined for any other key. */
function keyName(k: unknown): string | undefined {
  if (typeof k === 'string') return k;
  if (typeof k === 'bigint' || (typeof k === 'number' && Number.isInteger(k))) return String(k);
  if (k instanceof GoTime) return k.toJSON();
  return undefined;
}

/** A Map as an object with Go's key order, or as `[key, value]` pairs when a key cannot be a name. */
function mapJSON(m: Map<unknown, unknown>): unknown {
  const named: Array<[string, unknown]> = [];
  for (const [k, v] of m) {
    const name = keyName(k);
    if (name === undefined) return [...m];
    named.push([name, v]);
  }
  named.sort((a, b) => compareUtf8(a[0], b[0]));
  // fromEntries defines own properties, so a key "__proto__" stays a key.
  return Object.fromEntries(named);
}
