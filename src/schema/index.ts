// The schema layer both codecs share: the schema DSL (`t`, Infer, SchemaRef), Go's zero values
// and nil markers, Go's type names, Go strings as JavaScript strings, time.Time and the other
// standard library types, compiling a codec once per type, and the error paths and value
// descriptions both codecs put in their messages. Pure: imports nothing from Node.
//
// This is the surface src/gob, src/rpc and src/jsonrpc import (as Go's encoding/gob and
// encoding/json both build on reflect); the package's users reach it through `gobrpc` and
// `gobrpc/gob`, which re-export the public part.
import { bigIntSchema, durationBigSchema, durationSchema, timeSchema } from './builtins.js';
import { t as basic } from './schema.js';

/**
 * Schema constructors, one per Go type, plus exact codecs for `time.Time` (`t.time`),
 * `time.Duration` (`t.duration`, `t.durationn`) and `*big.Int` (`t.bigInt`).
 */
export const t = { ...basic, time: timeSchema, duration: durationSchema, durationn: durationBigSchema, bigInt: bigIntSchema };

export type {
  Complex,
  ExternalSchema,
  Field,
  GoInterface,
  Infer,
  InfiniteZero,
  MarshalCodec,
  NameOption,
  NumericArray,
  NumericArrayConstructor,
  Schema,
  SchemaNode,
  SchemaRef,
  SliceOptions,
  StructSchema,
} from './schema.js';
export {
  baseOf,
  checkSchema,
  checkSchemaDeep,
  decodedInterface,
  defineField,
  describeArgument,
  goName,
  goString,
  interfaceSchema,
  intRange,
  isNil,
  isNilMap,
  isNumericArray,
  typedArrayName,
  isNilSlice,
  nilBytes,
  nilMap,
  nilSlice,
  pathRoot,
  registerName,
  schemaProblem,
  structFrom,
  withWireName,
  zeroValue,
} from './schema.js';
export { GoTime, keepsNoBytes } from './builtins.js';
export { DAYS_TO_UNIX, formatRFC3339Nano, SECONDS_PER_DAY, type TimeFields } from './timefmt.js';
export { decodeGoString, encodeGoStringInto, isUtf8, isWellFormed, SHORT_ASCII, shortAscii, stringBytes, stringFromBytes } from './utf8.js';
export { compileOnce } from './compile.js';
export {
  addPath,
  CodedError,
  describeValue,
  finishPath,
  goQuote,
  goText,
  hasErrorShape,
  keySegment,
  limitOption,
  withCall,
  withGoText,
} from './error.js';
