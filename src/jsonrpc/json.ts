// Go's json.Marshal and json.Unmarshal over schemas: the value codecs of the JSON-RPC codecs,
// for one value at a time.
import { checkSchema, describeArgument, type Schema, schemaProblem, typedArrayName } from '../schema/index.js';
import { DecCompiler } from './decode.js';
import { EncCompiler } from './encode.js';
import { limitError } from './error.js';
import { Cursor } from './reader.js';
import { checkValid, type ScannerOptions } from './scanner.js';

const utf8 = new TextEncoder();

/**
 * The JSON text Go's `json.Marshal` writes for `value` of the Go type `schema` describes, or
 * for a schema-less value (plain JSON, bigint, Uint8Array as base64, Map as an object). Go's
 * nil slices, []byte and maps (`null`, or the marked empty values of nilSlice, nilBytes and
 * nilMap) are `null`; empty ones are `[]`, `""` and `{}`. Throws a JsonError (INVALID_VALUE,
 * UNSUPPORTED, MARSHALER) when it cannot, and a TypeError when `schema` is given but is not
 * one (`marshal(t.int, 5)`, the arguments swapped).
 */
export function marshal<T>(value: T, schema?: Schema<T>): string {
  if (schema !== undefined) checkSchema(schema, 'json: marshal: schema');
  return new EncCompiler().encode(schema, value);
}

/**
 * Reads one JSON value (Go: `json.Unmarshal`): with a schema, into its shape, else as plain JSON
 * with bigint for integers beyond 2^53. With a schema, `null` and absent fields give Go's nil
 * slices, []byte and maps: empty values that `isNil` reports and `marshal` writes as `null`.
 * Throws a JsonError: SYNTAX for bad JSON (Go's texts), TYPE when the value does not fit
 * (`json: cannot unmarshal string into Go value of type int`); a TypeError when `json` is not a
 * string or Uint8Array, or `schema` is given but is not one.
 */
export function unmarshal<T>(json: string | Uint8Array, schema: Schema<T>, options?: ScannerOptions): T;
export function unmarshal(json: string | Uint8Array, schema?: undefined, options?: ScannerOptions): unknown;
export function unmarshal(json: string | Uint8Array, schema?: Schema, options: ScannerOptions = {}): unknown {
  // A Uint8Array by its name (typedArrayName), so one made in another realm is one too.
  if (typeof json !== 'string' && typedArrayName(json) !== 'Uint8Array') {
    const got =
      schemaProblem(json, '') === undefined
        ? 'a schema (the JSON text comes first)'
        : typeof json === 'object' && json !== null && !Array.isArray(json)
          ? `an object (${Object.prototype.toString.call(json).slice(8, -1)})`
          : describeArgument(json);
    throw new TypeError(`json: unmarshal: data: want a string or a Uint8Array, got ${got}`);
  }
  if (schema !== undefined) checkSchema(schema, 'json: unmarshal: schema');
  const bytes = typeof json === 'string' ? utf8.encode(json) : json;
  const value = checkValid(bytes, options);
  try {
    return new DecCompiler().get(schema)(new Cursor(value));
  } catch (e) {
    throw limitError(e);
  }
}
