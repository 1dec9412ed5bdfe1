// The gob codec: Go's encoding/gob in TypeScript. Pure: takes and returns Uint8Array, imports
// nothing from Node.
import { bigIntSchema, durationBigSchema, durationSchema, timeSchema } from './builtins.js';
import { t as basic } from './schema.js';

/**
 * Schema constructors, one per Go type, plus exact codecs for `time.Time` (`t.time`),
 * `time.Duration` (`t.duration`, `t.durationn`) and `*big.Int` (`t.bigInt`).
 */
export const t = { ...basic, time: timeSchema, duration: durationSchema, durationn: durationBigSchema, bigInt: bigIntSchema };

export type {
  Complex, ExternalSchema, Field, GoInterface, Infer, MarshalCodec, NameOption, Schema, SchemaNode, SchemaRef,
  StructSchema,
} from './schema.js';
export { goString, isNil, nilBytes, nilMap, nilSlice, registerName } from './schema.js';
export { GoTime } from './builtins.js';
export { stringBytes, stringFromBytes } from './utf8.js';
export { GobError, GobErrorCode, isGobError } from './error.js';
export { PREREGISTERED_NAMES, TypeRegistry } from './registry.js';
export { Encoder, type EncoderOptions, DEFAULT_MAX_MESSAGE_SIZE } from './encoder.js';
export { Decoder, type DecoderOptions, NEED_MORE, type NeedMore, decode, decodeAll } from './decoder.js';
export { Writer } from './writer.js';
export { StreamDecoder, StreamEncoder, type ByteSink } from './stream.js';
export { TypeId, type WireType } from './wire.js';

import { Encoder, type EncoderOptions } from './encoder.js';
import { GobError, GobErrorCode } from './error.js';
import { goString, pathRoot, type Schema } from './schema.js';

/** Schema kinds whose Go values cannot be nil, so that `null` at the top can only be Go's untyped nil. */
const NON_NIL_KINDS = new Set<string>(['bool', 'int', 'uint', 'float', 'complex', 'string', 'struct', 'array', 'external']);

/**
 * Encodes one value as a whole gob stream (type definitions, then the value). A top-level
 * `null` or `undefined` fails as Go's `Encode` does on nil, with a GobError `INVALID_VALUE`:
 * `gob: cannot encode nil pointer of type *T` for a pointer schema, else (unless the schema is a
 * slice, map, `[]byte` or interface, whose nil is a value) `gob: cannot encode nil value`.
 */
export function encode<T>(schema: Schema<T>, value: T, options?: EncoderOptions): Uint8Array {
  if (value == null && (schema.kind === 'ptr' || NON_NIL_KINDS.has(schema.kind))) {
    const e = new GobError(GobErrorCode.InvalidValue, schema.kind === 'ptr'
      ? `gob: cannot encode nil pointer of type ${goString(schema)}`
      : 'gob: cannot encode nil value');
    e.path = pathRoot(schema);
    throw e;
  }
  return new Encoder(options).encode(schema, value);
}
