// Framing for JSON: values follow one another on a connection with optional whitespace between
// them (never one per line by rule), so the only way to find where one ends is to scan it. This
// is encoding/json's scanner.go state machine together with stream.go's readValue, made
// resumable: chunks may split a value anywhere (inside a string, an escape, a number), and
// scanning picks up where it stopped, so every byte is looked at once. The scanner validates as
// it goes, with Go's error texts; decode.ts then reads only values that are known to be valid.
//
// JSON grammar (RFC 8259), as the states below follow it:
//
//	value  = object / array / string / number / "true" / "false" / "null"
//	object = "{" [ string ":" value *( "," string ":" value ) ] "}"
//	array  = "[" [ value *( "," value ) ] "]"
//	number = [ "-" ] ( "0" / [1-9] *DIGIT ) [ "." 1*DIGIT ] [ ( "e" / "E" ) [ "+" / "-" ] 1*DIGIT ]
//	string = '"' *( unescaped / "\" ( ["\/bfnrt] / "u" 4HEXDIG ) ) '"'   ; unescaped: any byte >= 0x20 but '"' and '\'
//	ws     = *( " " / "\t" / "\n" / "\r" )
import { limitOption } from '../schema/index.js';
import { JsonError, JsonErrorCode, quoteChar } from './error.js';

/** Go's maxNestingDepth (scanner.go). */
export const DEFAULT_MAX_DEPTH = 10_000;
/** Largest JSON value accepted by default: 64 MiB. */
export const DEFAULT_MAX_MESSAGE_SIZE = 64 << 20;
/**
 * Longest JSON number accepted by default: 64 KiB. Go sets no limit, but nothing Go encodes comes
 * near it (a float64 or 64-bit integer takes at most 24 bytes; a `*big.Int` of 64 KiB digits has
 * some 217,000 bits), and it bounds the one conversion whose cost grows faster than the number's
 * length: decimal text to a `bigint` (`t.bigInt`), as Go's math/big.
 */
export const DEFAULT_MAX_NUMBER_LENGTH = 64 << 10;

/**
 * Limits of a {@link JsonScanner}. Each is a positive integer or Infinity (no limit); anything
 * else (NaN, zero, a negative number, a fraction) makes the scanner's constructor, and so the
 * codec, client or `unmarshal` given it, throw a RangeError naming it
 * (`gobrpc: maxMessageSize must be a positive integer or Infinity, got NaN`).
 */
export interface ScannerOptions {
  /** Largest value accepted, in bytes (whitespace between values not counted). Default 64 MiB. */
  maxMessageSize?: number;
  /** Deepest nesting of objects and arrays. Default 10,000, as Go. */
  maxDepth?: number;
  /**
   * Longest number, in bytes (sign, digits, point and exponent). Default 64 KiB
   * ({@link DEFAULT_MAX_NUMBER_LENGTH}); a longer one fails with a LIMIT JsonError as soon as
   * that many bytes of it have arrived. Go has no such limit.
   */
  maxNumberLength?: number;
  /**
   * Longest string (object keys included), in bytes as sent between the quotes, escapes
   * counted as written. Default: no limit but `maxMessageSize`, as Go, since reading a string
   * costs time in proportion to its length. A longer one fails with a LIMIT JsonError.
   */
  maxStringLength?: number;
}

/**
 * The limits of `options`, the defaults filled in. Throws the RangeError {@link ScannerOptions}
 * documents; the servers and the HTTP client call it when they are made, before any connection
 * or response makes a scanner.
 * @internal
 */
export function scannerLimits(options: ScannerOptions): Required<ScannerOptions> {
  return {
    maxMessageSize: limitOption('maxMessageSize', options.maxMessageSize, DEFAULT_MAX_MESSAGE_SIZE),
    maxDepth: limitOption('maxDepth', options.maxDepth, DEFAULT_MAX_DEPTH),
    maxNumberLength: limitOption('maxNumberLength', options.maxNumberLength, DEFAULT_MAX_NUMBER_LENGTH),
    maxStringLength: limitOption('maxStringLength', options.maxStringLength, Infinity),
  };
}

// Scanner states. The comment says what the scanner expects next.
const VALUE = 0; //         the beginning of a value
const ARRAY_FIRST = 1; //   a value or ']' (just after '[')
const OBJECT_FIRST = 2; //  a key string or '}' (just after '{')
const OBJECT_KEY = 3; //    a key string (after ',' in an object)
const AFTER_KEY = 4; //     ':'
const END_VALUE = 5; //     ',' or the closing bracket of the innermost container
const STRING = 6; //        string bytes, '"' or '\'
const ESCAPE = 7; //        the character after '\'
const HEX1 = 8; //          first hex digit of \uXXXX (HEX2..HEX4 follow)
const HEX4 = 11;
const NEG = 12; //          a digit after '-'
const ZERO = 13; //         '.', 'e' or the end of the number, after a leading 0
const DIGITS = 14; //       more digits, '.', 'e' or the end
const DOT = 15; //          a digit after '.'
const FRACTION = 16; //     more digits, 'e' or the end
const EXP_START = 17; //    a sign or digit after 'e'
const EXP_SIGN = 18; //     a digit after the exponent's sign
const EXPONENT = 19; //     more digits or the end
const LITERAL = 20; //      the rest of true, false or null
// Not states: what a state function returns for a byte no state takes, and when a top-level value ended.
const FAIL = 21;
const DONE = 22;

const ARRAY = 0;
const OBJECT = 1;

/**
 * The state after the first byte of a value, by that byte (VALUE: no value starts with it), as
 * scanner.go's stateBeginValue switches on it.
 */
const BEGIN = new Uint8Array(256);
BEGIN[0x7b] = OBJECT_FIRST; // {
BEGIN[0x5b] = ARRAY_FIRST; // [
BEGIN[0x22] = STRING; // "
BEGIN[0x2d] = NEG; // -
BEGIN[0x30] = ZERO;
BEGIN.fill(DIGITS, 0x31, 0x3a); // 1-9
BEGIN[0x74] = LITERAL; // true
BEGIN[0x66] = LITERAL; // false
BEGIN[0x6e] = LITERAL; // null

/** The literals by their first byte. */
const LITERALS: Record<number, string> = { 0x74: 'true', 0x66: 'false', 0x6e: 'null' };

function isSpace(c: number): boolean {
  return c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d;
}

function isHex(c: number): boolean {
  return (c >= 0x30 && c <= 0x39) || (c >= 0x61 && c <= 0x66) || (c >= 0x41 && c <= 0x46);
}

function isDigit(c: number): boolean {
  return c >= 0x30 && c <= 0x39;
}

// The states inside an escape or a number, one function each as in scanner.go: given the byte
// read in that state, each returns the state it leads to, or FAIL (the error text is the
// state's own: STEP_ERRORS).

/** After '\' in a string (scanner.go's stateInStringEsc). */
function stringEsc(c: number): number {
  if (c === 0x75) return HEX1;
  return c === 0x22 || c === 0x5c || c === 0x2f || c === 0x62 || c === 0x66 || c === 0x6e || c === 0x72 || c === 0x74 ? STRING : FAIL;
}

/** The four hex digits of a \u escape, HEX1..HEX4 (scanner.go's stateInStringEscU1..U1234). */
function stringEscU(state: number, c: number): number {
  if (!isHex(c)) return FAIL;
  return state === HEX4 ? STRING : state + 1;
}

/** After '-': the first digit (scanner.go's stateNeg). */
function neg(c: number): number {
  return c === 0x30 ? ZERO : isDigit(c) ? DIGITS : FAIL;
}

/**
 * After a number's integer part, its leading 0 or its last digit (scanner.go's state0 and
 * state1 past the digits): '.', 'e', or the end of the number (END_VALUE: the byte belongs to
 * what follows).
 */
function afterInteger(c: number): number {
  return c === 0x2e ? DOT : c === 0x65 || c === 0x45 ? EXP_START : END_VALUE;
}

/** After '.': the first fraction digit (scanner.go's stateDot). */
function dot(c: number): number {
  return isDigit(c) ? FRACTION : FAIL;
}

/** After the fraction's last digit (scanner.go's stateDot0 past the digits): 'e' or the end. */
function afterFraction(c: number): number {
  return c === 0x65 || c === 0x45 ? EXP_START : END_VALUE;
}

/** After 'e': a sign or the exponent's first digit (scanner.go's stateE). */
function exponent(c: number): number {
  return c === 0x2b || c === 0x2d ? EXP_SIGN : exponentSign(c);
}

/** After the exponent's sign: its first digit (scanner.go's stateESign). */
function exponentSign(c: number): number {
  return isDigit(c) ? EXPONENT : FAIL;
}

/** A byte of a number through the function of the state it is read in (scanner.go's `s.step(s, c)`). */
function numberStep(state: number, c: number): number {
  switch (state) {
    case NEG:
      return neg(c);
    case ZERO:
    case DIGITS:
      return afterInteger(c);
    case DOT:
      return dot(c);
    case FRACTION:
      return afterFraction(c);
    case EXP_START:
      return exponent(c);
    case EXP_SIGN:
      return exponentSign(c);
    default:
      return END_VALUE; // after the exponent's last digit (scanner.go's stateE0)
  }
}

/** A byte of an escape through the function of the state it is read in. */
function escapeStep(state: number, c: number): number {
  return state === ESCAPE ? stringEsc(c) : stringEscU(state, c);
}

/**
 * The step functions above as tables, computed from them once: `NUMBER_STEP[(state - NEG) << 8
 * | c]` is `numberStep(state, c)`, `ESCAPE_STEP[(state - ESCAPE) << 8 | c]` is `escapeStep(state,
 * c)`. A lookup keeps the scanning functions small enough for V8 to inline into next().
 */
const NUMBER_STEP = stepTable(NEG, EXPONENT, numberStep);
const ESCAPE_STEP = stepTable(ESCAPE, HEX4, escapeStep);

function stepTable(first: number, last: number, step: (state: number, c: number) => number): Uint8Array {
  const table = new Uint8Array((last - first + 1) << 8);
  for (let state = first; state <= last; state++) for (let c = 0; c < 256; c++) table[((state - first) << 8) | c] = step(state, c);
  return table;
}

/** The error context of a byte a step function refuses, by state. */
const STEP_ERRORS: Record<number, string> = {
  [ESCAPE]: 'in string escape code',
  [HEX1]: 'in \\u hexadecimal character escape',
  [HEX1 + 1]: 'in \\u hexadecimal character escape',
  [HEX1 + 2]: 'in \\u hexadecimal character escape',
  [HEX4]: 'in \\u hexadecimal character escape',
  [NEG]: 'in numeric literal',
  [DOT]: 'after decimal point in numeric literal',
  [EXP_START]: 'in exponent of numeric literal',
  [EXP_SIGN]: 'in exponent of numeric literal',
};

/** States in which a number may end: the byte that ends it belongs to what follows. */
function inNumberEnd(state: number): boolean {
  return state === ZERO || state === DIGITS || state === FRACTION || state === EXPONENT;
}

/**
 * Splits a byte stream into whole JSON values. Feed chunks with {@link write}; take values with
 * {@link next}, which returns `undefined` when the value in progress needs more bytes. At the end
 * of input, {@link finish} returns a last top-level number (the only value whose end cannot be
 * seen before more input or EOF). Objects, arrays, strings and literals are returned as soon as
 * their last byte arrives.
 */
export class JsonScanner {
  private buf = new Uint8Array(4096);
  /** Start of the value being scanned, or of bytes not yet looked at. */
  private start = 0;
  /** Next byte to scan. */
  private pos = 0;
  /** End of buffered bytes. */
  private end = 0;
  private state = VALUE;
  /** Whether a value has begun at {@link start}. */
  private inValue = false;
  private depth = 0;
  private stack = new Uint8Array(32);
  /** Whether the string being scanned is an object key. */
  private inKey = false;
  /** Where the number, string or literal being scanned starts (its first byte, or its opening quote). */
  private token = 0;
  private error: JsonError | undefined;
  private readonly maxMessageSize: number;
  private readonly maxDepth: number;
  private readonly maxNumberLength: number;
  private readonly maxStringLength: number;

  constructor(options: ScannerOptions = {}) {
    const limits = scannerLimits(options);
    this.maxMessageSize = limits.maxMessageSize;
    this.maxDepth = limits.maxDepth;
    this.maxNumberLength = limits.maxNumberLength;
    this.maxStringLength = limits.maxStringLength;
  }

  /** Whether part of a value has arrived (input ending now would cut it). */
  get pending(): boolean {
    return this.inValue || (this.pos < this.end && this.hasNonSpace());
  }

  private hasNonSpace(): boolean {
    for (let i = this.pos; i < this.end; i++) if (!isSpace(this.buf[i]!)) return true;
    return false;
  }

  /** Bytes buffered after the last value returned (the value in progress, or whitespace). */
  get buffered(): number {
    return this.end - this.start;
  }

  /** Appends a chunk (copied: the caller may reuse it). */
  write(chunk: Uint8Array): void {
    if (chunk.length === 0) return;
    if (this.start === this.end && !this.inValue) {
      // Everything before was consumed: start over at the front of the buffer.
      this.start = this.pos = this.end = 0;
    }
    if (this.end + chunk.length > this.buf.length) {
      if (this.start > 0) {
        this.buf.copyWithin(0, this.start, this.end);
        this.pos -= this.start;
        this.end -= this.start;
        this.token -= this.start;
        this.start = 0;
      }
      if (this.end + chunk.length > this.buf.length) {
        const grown = new Uint8Array(Math.max(this.end + chunk.length, this.buf.length * 2));
        grown.set(this.buf.subarray(0, this.end));
        this.buf = grown;
      }
    }
    this.buf.set(chunk, this.end);
    this.end += chunk.length;
  }

  /**
   * The next whole value, as a view of the internal buffer that stays valid until the next
   * {@link write}; `undefined` if it has not fully arrived. Throws a JsonError (SYNTAX or LIMIT)
   * for bad input, and again on every later call.
   */
  next(): Uint8Array | undefined {
    if (this.error) throw this.error;
    const b = this.buf;
    let i = this.pos;
    // The state lives in this local while the scan runs (the functions of the states between
    // tokens return the next one), and in `this.state` across calls and where a token's state
    // function stops. Every function called here is small: V8 inlines callees into next() only
    // up to a budget of bytecode per function, and a call per token that is not inlined costs
    // (what split per-state functions cost at first: 15-30% of the scan, measured).
    let state = this.state;
    let stop = this.inValue ? this.stopAt(this.start) : this.end;
    while (i < stop) {
      if (state >= STRING) {
        // Inside a token (string, escape, number, literal): its state function goes on to the
        // token's end or the end of input, so this loop runs once per token rather than once
        // per byte. It returns the position after what it consumed, or `~end` when a top-level
        // value ended just before `end`, and leaves the state it stopped in in `this.state`.
        if (state === STRING) i = this.inString(i, stop);
        else if (state === LITERAL) i = this.inLiteral(i, stop);
        else if (state <= HEX4) i = this.inEscape(i, stop, state);
        else i = this.inNumber(i, stop, state);
        if (i >= 0) {
          state = this.state;
          continue;
        }
        i = ~i;
        state = DONE;
        break;
      }
      const c = b[i]!;
      // Whitespace between tokens, in every state before STRING, a run at a time. (Every
      // whitespace byte is <= ' ', which most bytes are not.)
      if (c <= 0x20 && isSpace(c)) {
        i++;
        while (i < stop && isSpace(b[i]!)) i++;
        if (!this.inValue) this.start = i;
        continue;
      }
      // One byte between tokens, through the function of its state (scanner.go's step), which
      // returns the next state, or DONE when a top-level value ended with this byte.
      switch (state) {
        // Just after '[' or '{', a closing bracket may come first (scanner.go's
        // stateBeginValueOrEmpty and stateBeginStringOrEmpty); otherwise these states read
        // what VALUE and OBJECT_KEY read.
        case VALUE:
        case ARRAY_FIRST:
          if (c === 0x5d && state === ARRAY_FIRST) state = this.closed();
          else {
            if (!this.inValue) {
              this.inValue = true;
              this.start = i;
              stop = this.stopAt(i);
            }
            state = this.beginValue(c, i);
          }
          break;
        case OBJECT_FIRST:
        case OBJECT_KEY:
          state = c === 0x7d && state === OBJECT_FIRST ? this.closed() : this.beginKey(c, i);
          break;
        case AFTER_KEY:
          state = this.afterKey(c, i);
          break;
        default:
          state = this.endValue(c, i);
      }
      i++;
      if (state === DONE) break;
    }
    if (state === DONE) return this.complete(i);
    this.pos = i;
    this.state = state;
    if (this.inValue && i - this.start > this.maxMessageSize) return this.tooLarge();
    return undefined;
  }

  /** A token ended before `i`: the whole value if it was top-level (`~i`), else `i`, with the state after a value. */
  private valueEnded(i: number): number {
    if (this.depth === 0) return ~i;
    this.state = END_VALUE;
    return i;
  }

  /** The end of a string byte at `i - 1`: `i`, or a LIMIT error past maxStringLength. */
  private stringByte(i: number): number {
    if (i - this.token - 1 > this.maxStringLength) return this.tokenTooLong('string');
    return i;
  }

  /** The end of a number byte at `i - 1`: `i`, or a LIMIT error past maxNumberLength. */
  private numberByte(i: number): number {
    if (i - this.token > this.maxNumberLength) return this.tokenTooLong('number');
    return i;
  }

  /** The first byte of a value (scanner.go's stateBeginValue); whitespace is skipped before. */
  private beginValue(c: number, i: number): number {
    const state = BEGIN[c]!;
    // Where a string or number starts (for the length limits); a string here is a value, not a key.
    this.token = i;
    this.inKey = false;
    if (state < STRING) this.open(c, i, state);
    return state;
  }

  /**
   * The first byte of an array or object, or of no value at all (VALUE). Out of line, which
   * keeps beginValue small enough for V8 to inline into next() together with the token
   * functions (its inlining budget is per function).
   */
  private open(c: number, i: number, state: number): void {
    if (state === VALUE) this.fail(c, 'looking for beginning of value', i);
    if (!this.push(state === OBJECT_FIRST ? OBJECT : ARRAY)) this.fail(c, 'exceeded max depth', i);
  }

  /** The closing bracket of the innermost container. */
  private closed(): number {
    return --this.depth ? END_VALUE : DONE;
  }

  /** After ',' in an object: a key string (scanner.go's stateBeginString). */
  private beginKey(c: number, i: number): number {
    if (c !== 0x22) return this.fail(c, 'looking for beginning of object key string', i);
    this.inKey = true;
    this.token = i;
    return STRING;
  }

  /** After a key string: ':' (scanner.go's stateEndValue, parseObjectKey). */
  private afterKey(c: number, i: number): number {
    if (c !== 0x3a) return this.fail(c, 'after object key', i);
    return VALUE;
  }

  /**
   * After a value inside a container: ',' or the container's closing bracket (scanner.go's
   * stateEndValue, parseObjectValue and parseArrayValue).
   */
  private endValue(c: number, i: number): number {
    const inObject = this.stack[this.depth - 1] === OBJECT;
    if (c === 0x2c) return inObject ? OBJECT_KEY : VALUE;
    if (c !== (inObject ? 0x7d : 0x5d)) return this.endValueError(c, i, inObject);
    return this.closed();
  }

  private endValueError(c: number, i: number, inObject: boolean): never {
    return this.fail(c, inObject ? 'after object key:value pair' : 'after array element', i);
  }

  /**
   * Inside a string (scanner.go's stateInString): plain bytes in one tight loop, up to the
   * closing quote, a '\' (after which the scan goes on in {@link inEscape}) or `stop`.
   */
  private inString(i: number, stop: number): number {
    const b = this.buf;
    while (i < stop) {
      const d = b[i]!;
      if (d === 0x22 || d === 0x5c || d < 0x20) break;
      i++;
    }
    this.stringByte(i);
    if (i === stop) {
      this.state = STRING;
      return i;
    }
    const d = b[i]!;
    i++;
    if (d === 0x5c) {
      // An escape's bytes count as they arrive, as plain bytes do, so a bad escape past the
      // limit cannot win over it.
      this.state = ESCAPE;
      return this.stringByte(i);
    }
    if (d !== 0x22) return this.fail(d, 'in string literal', i - 1);
    if (!this.inKey) return this.valueEnded(i);
    this.inKey = false;
    this.state = AFTER_KEY;
    return i;
  }

  /**
   * An escape in a string, from `state` (ESCAPE..HEX4), each byte through its state's
   * function, on to `stop` or the escape's end, where the string goes on in {@link inString}.
   */
  private inEscape(i: number, stop: number, state: number): number {
    const b = this.buf;
    while (i < stop) {
      const c = b[i]!;
      const next = ESCAPE_STEP[((state - ESCAPE) << 8) | c]!;
      if (next === FAIL) return this.fail(c, STEP_ERRORS[state]!, i);
      i = this.stringByte(i + 1);
      if (next === STRING) return this.inString(i, stop);
      state = next;
    }
    this.state = state;
    return i;
  }

  /**
   * A number, from `state` (NEG..EXPONENT) on to its end or `stop`: runs of digits in one tight
   * loop (long numbers cost what their bytes do), every other byte through the function of the
   * state it is read in. (Those functions are small enough for V8 to inline at any budget.)
   */
  private inNumber(i: number, stop: number, state: number): number {
    const b = this.buf;
    while (i < stop) {
      const c = b[i]!;
      if (isDigit(c) && (state === DIGITS || state === FRACTION || state === EXPONENT)) {
        i++;
        while (i < stop && isDigit(b[i]!)) i++;
        i = this.numberByte(i);
        continue;
      }
      const next = NUMBER_STEP[((state - NEG) << 8) | c]!;
      if (next === END_VALUE) return this.valueEnded(i);
      if (next === FAIL) return this.fail(c, STEP_ERRORS[state]!, i);
      // The point, the 'e' and the sign count as the digits do: the limit holds at every byte,
      // so "12345678.9" cannot pass a limit of 8 by ending in bytes scanned one at a time.
      i = this.numberByte(i + 1);
      state = next;
    }
    this.state = state;
    return i;
  }

  /**
   * The rest of true, false or null (scanner.go's stateT, stateTr, ..., stateNul), on to its end
   * or `stop`. Which literal, and how far into it, follow from its first byte at {@link token}.
   */
  private inLiteral(i: number, stop: number): number {
    const b = this.buf;
    const literal = LITERALS[b[this.token]!]!;
    for (; i < stop; i++) {
      const at = i - this.token;
      if (b[i] !== literal.charCodeAt(at)) return this.literalError(i, literal, at);
      if (at + 1 === literal.length) return this.valueEnded(i + 1);
    }
    this.state = LITERAL;
    return i;
  }

  private literalError(i: number, literal: string, at: number): never {
    return this.fail(this.buf[i]!, `in literal ${literal} (expecting '${literal[at]}')`, i);
  }

  /**
   * Where the scan of a value starting at `from` stops: one byte past the size limit, or the end
   * of input. A value still open after that byte is too large whatever follows, so the LIMIT
   * error belongs to that byte and a syntax error later in the buffer must not win over it.
   * Where the scan stops must not depend on how much has been buffered, or the error would
   * depend on how the input was chunked. (The one byte past the limit is looked at because it
   * may end a top-level number of exactly maxMessageSize bytes, or hold a syntax error that
   * comes first.)
   */
  private stopAt(from: number): number {
    return Math.min(this.end, from + this.maxMessageSize + 1);
  }

  /**
   * At the end of input: a top-level number that was waiting for the byte after it, or
   * `undefined`. Whether anything else was cut short is {@link pending}.
   */
  finish(): Uint8Array | undefined {
    if (this.error) throw this.error;
    if (this.inValue && this.depth === 0 && inNumberEnd(this.state) && this.pos === this.end) return this.complete(this.end);
    return undefined;
  }

  private push(kind: number): boolean {
    if (this.depth === this.stack.length) this.growStack();
    this.stack[this.depth++] = kind;
    return this.depth <= this.maxDepth;
  }

  private growStack(): void {
    const grown = new Uint8Array(this.stack.length * 2);
    grown.set(this.stack);
    this.stack = grown;
  }

  private complete(to: number): Uint8Array | undefined {
    const from = this.start;
    if (to - from > this.maxMessageSize) return this.tooLarge();
    this.start = this.pos = to;
    this.state = VALUE;
    this.inValue = false;
    this.depth = 0;
    return this.buf.subarray(from, to);
  }

  private fail(c: number, context: string, at: number): never {
    this.error = new JsonError(JsonErrorCode.Syntax, `invalid character ${quoteChar(c)} ${context}`, { offset: at - this.start + 1 });
    throw this.error;
  }

  private tokenTooLong(what: 'number' | 'string'): never {
    const limit = what === 'number' ? this.maxNumberLength : this.maxStringLength;
    this.error = new JsonError(JsonErrorCode.Limit, `jsonrpc: JSON ${what} longer than the limit of ${limit} bytes`);
    throw this.error;
  }

  private tooLarge(): never {
    this.error = new JsonError(JsonErrorCode.Limit, `jsonrpc: JSON value larger than the limit of ${this.maxMessageSize} bytes`);
    throw this.error;
  }
}

const SPACE = new Uint8Array([0x20]);

/**
 * Checks that `bytes` hold exactly one JSON value, with whitespace around it (Go's checkValid
 * for json.Unmarshal). Returns the value's bytes. Throws a JsonError: SYNTAX for bad JSON
 * (`unexpected end of JSON input` when it stops short), LIMIT beyond the options' limits.
 */
export function checkValid(bytes: Uint8Array, options: ScannerOptions = {}): Uint8Array {
  const s = new JsonScanner({ ...options, maxMessageSize: options.maxMessageSize ?? Infinity });
  s.write(bytes);
  const v = s.next() ?? s.finish();
  if (v === undefined) {
    // As scanner.go's eof(): a space ends what may end there and shows what may not
    // (`invalid character ' ' in numeric literal` for "-").
    if (s.pending) {
      s.write(SPACE);
      s.next();
    }
    throw new JsonError(JsonErrorCode.Syntax, 'unexpected end of JSON input', { offset: bytes.length });
  }
  // The view is of the scanner's own copy, which nothing writes to again.
  for (let i = bytes.length - s.buffered; i < bytes.length; i++) {
    const c = bytes[i]!;
    if (!isSpace(c)) {
      throw new JsonError(JsonErrorCode.Syntax, `invalid character ${quoteChar(c)} after top-level value`, { offset: i + 1 });
    }
  }
  return v;
}
