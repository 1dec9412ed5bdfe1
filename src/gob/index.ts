// The gob codec: Go's encoding/gob in TypeScript. Pure: takes and returns Uint8Array, imports
// nothing from Node. The schema DSL, GoTime and the Go string helpers come from the shared
// schema layer (src/schema), which the JSON codec uses too; they are re-exported here.
export {
  GoTime,
  goString,
  interfaceSchema,
  isNil,
  nilBytes,
  nilMap,
  nilSlice,
  registerName,
  stringBytes,
  stringFromBytes,
  t,
} from '../schema/index.js';
export type {
  Complex,
  ExternalSchema,
  Field,
  GoInterface,
  Infer,
  MarshalCodec,
  NameOption,
  NumericArray,
  NumericArrayConstructor,
  Schema,
  SchemaNode,
  SchemaRef,
  SliceOptions,
  StructSchema,
} from '../schema/index.js';
export { GobError, GobErrorCode, isGobError } from './error.js';
export { PREREGISTERED_NAMES, TypeRegistry } from './registry.js';
export { Encoder, type EncoderOptions, encode } from './encoder.js';
export { Decoder, type DecoderOptions, NEED_MORE, type NeedMore, decode, decodeAll } from './decoder.js';
export { Writer } from './writer.js';
export { StreamDecoder, StreamEncoder, type ByteSink } from './stream.js';
export { DEFAULT_MAX_MESSAGE_SIZE, TypeId, type WireType } from './wire.js';
