// Errors of the gob layer, as Go's error.go: one class, a stable code, and Go's message text
// wherever Go has one, so interop tests can compare strings. The class itself, and the path
// machinery (where in a value an error arose), live in src/schema/error.ts, because the schema
// layer below gob raises GobErrors too (a value that is not a time.Time, a non-byte in
// stringFromBytes); they are re-exported here for the codec files, so the dependency runs one
// way: gob imports schema, never the reverse.
import { fail, GobError, GobErrorCode } from '../schema/error.js';
import { type Schema, zeroValue as schemaZero } from '../schema/index.js';

export {
  addPath,
  fail,
  finishPath,
  GobError,
  GobErrorCode,
  goQuote,
  isGobError,
  keepPath,
  keySegment,
  withCall,
  withGoText,
} from '../schema/error.js';

/**
 * Converts an error thrown inside the codec into what the public boundary reports, as Go's
 * catchError: our own errors pass through, a blown stack becomes a nesting-depth error, and
 * anything else is a bug and propagates unchanged.
 */
export function boundaryError(e: unknown): unknown {
  if (e instanceof RangeError && /call stack/i.test(e.message)) {
    return new GobError(GobErrorCode.Limit, 'invalid nesting depth', { cause: e });
  }
  return e;
}

/**
 * The schema layer's zeroValue with gob's error for a type whose zero value would be infinite:
 * a GobError `INVALID_VALUE`, `gob: invalid recursive type main.T: its zero value would be
 * infinite` (Go cannot declare such a type, so it has no text of its own; a stream can define one).
 */
export function zeroValue(s: Schema): unknown {
  return schemaZero(s, infiniteZero);
}

function infiniteZero(text: string): never {
  return fail(GobErrorCode.InvalidValue, 'gob: ' + text);
}
