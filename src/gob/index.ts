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
import type { Schema } from './schema.js';

/** Encodes one value as a whole gob stream (type definitions, then the value). */
export function encode<T>(schema: Schema<T>, value: T, options?: EncoderOptions): Uint8Array {
  return new Encoder(options).encode(schema, value);
}
