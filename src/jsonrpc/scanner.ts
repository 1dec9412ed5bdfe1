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

/** Limits of a {@link JsonScanner}. */
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

function isSpace(c: number): boolean {
  return c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d;
}

function isHex(c: number): boolean {
  return (c >= 0x30 && c <= 0x39) || (c >= 0x61 && c <= 0x66) || (c >= 0x41 && c <= 0x46);
}

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
  private literal = '';
  private literalPos = 0;
  /** Where the number or string being scanned starts (its first byte, or its opening quote). */
  private token = 0;
  /** Where the scan in progress stops (see {@link next}). */
  private stop = 0;
  private error: JsonError | undefined;
  private readonly maxMessageSize: number;
  private readonly maxDepth: number;
  private readonly maxNumberLength: number;
  private readonly maxStringLength: number;

  constructor(options: ScannerOptions = {}) {
    this.maxMessageSize = options.maxMessageSize ?? DEFAULT_MAX_MESSAGE_SIZE;
    this.maxDepth = options.maxDepth ?? DEFAULT_MAX_DEPTH;
    this.maxNumberLength = options.maxNumberLength ?? DEFAULT_MAX_NUMBER_LENGTH;
    this.maxStringLength = options.maxStringLength ?? Infinity;
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
    // The scan stops one byte past the size limit of the value in progress: a value still open
    // after that byte is too large whatever follows, so the LIMIT error belongs to that byte and
    // a syntax error later in the buffer must not win over it. Where the scan stops must not
    // depend on how much has been buffered, or the error would depend on how the input was
    // chunked. (The one byte past the limit is looked at because it may end a top-level number
    // of exactly maxMessageSize bytes, or hold a syntax error that comes first.)
    let stop = (this.stop = this.inValue ? this.stopAt(this.start) : this.end);
    while (i < stop) {
      const c = b[i]!;
      const state = this.state;
      // Whitespace between tokens (every state before STRING) is skipped here, for all of them,
      // a run at a time. (Every whitespace byte is <= ' ', which most bytes are not.)
      if (c <= 0x20 && state < STRING && isSpace(c)) {
        i++;
        while (i < stop && isSpace(b[i]!)) i++;
        if (!this.inValue) this.start = i;
        continue;
      }
      // One state function per state, as scanner.go's step. Each returns the position after
      // what it consumed (`i` itself when the byte belongs to the next state), or `~end` when a
      // top-level value ended just before `end`. Unlike scanner.go's, the functions of the
      // states inside a token (string, number, literal) go on to the token's end or the end of
      // the input themselves, so this dispatch runs once per token (and per string escape)
      // rather than once per byte: V8 does not inline every state function into this loop, and
      // a call per byte costs (10-30% of the scan, measured).
      switch (state) {
        // Just after '[' or '{', a closing bracket may come first (scanner.go's
        // stateBeginValueOrEmpty and stateBeginStringOrEmpty); otherwise these states read
        // what VALUE and OBJECT_KEY read. (One call site per state function keeps each inlined.)
        case VALUE:
        case ARRAY_FIRST:
          if (c === 0x5d && state === ARRAY_FIRST) i = this.closed(i);
          else {
            i = this.beginValue(c, i);
            stop = this.stop;
          }
          break;
        case OBJECT_FIRST:
        case OBJECT_KEY:
          i = c === 0x7d && state === OBJECT_FIRST ? this.closed(i) : this.beginKey(c, i);
          break;
        case AFTER_KEY:
          i = this.afterKey(c, i);
          break;
        case END_VALUE:
          i = this.endValue(c, i);
          break;
        case LITERAL:
          i = this.inLiteral(i);
          break;
        case STRING:
          i = this.inString(i);
          break;
        default:
          // An escape (ESCAPE..HEX4) or a number (NEG..EXPONENT).
          i = state <= HEX4 ? this.inEscape(i) : this.inNumber(i);
      }
      if (i < 0) return this.complete(~i);
    }
    this.pos = i;
    if (this.inValue && i - this.start > this.maxMessageSize) return this.tooLarge();
    return undefined;
  }

  /** A value has ended before `i`: the whole value if it was top-level, else what follows it. */
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

  /** value: whitespace, or the first byte of a value (scanner.go's stateBeginValue). */
  private beginValue(c: number, i: number): number {
    if (!this.inValue) {
      this.inValue = true;
      this.start = i;
      this.stop = this.stopAt(i);
    }
    const state = BEGIN[c]!;
    if (state === ARRAY_FIRST || state === OBJECT_FIRST) {
      if (!this.push(state === OBJECT_FIRST ? OBJECT : ARRAY)) return this.fail(c, 'exceeded max depth', i);
    } else if (state === LITERAL) {
      this.literal = c === 0x74 ? 'true' : c === 0x66 ? 'false' : 'null';
      this.literalPos = 1;
    } else if (state === VALUE) {
      return this.fail(c, 'looking for beginning of value', i);
    }
    // Where a string or number starts (for the length limits); a string here is a value, not a key.
    this.token = i;
    this.inKey = false;
    this.state = state;
    return i + 1;
  }

  /** The closing bracket at `i` of the innermost container. */
  private closed(i: number): number {
    this.depth--;
    return this.valueEnded(i + 1);
  }

  /** After ',' in an object: whitespace or a key string (scanner.go's stateBeginString). */
  private beginKey(c: number, i: number): number {
    if (c !== 0x22) return this.fail(c, 'looking for beginning of object key string', i);
    this.inKey = true;
    this.token = i;
    this.state = STRING;
    return i + 1;
  }

  /** After a key string: whitespace or ':' (scanner.go's stateEndValue, parseObjectKey). */
  private afterKey(c: number, i: number): number {
    if (c !== 0x3a) return this.fail(c, 'after object key', i);
    this.state = VALUE;
    return i + 1;
  }

  /**
   * After a value inside a container: whitespace, ',' or the container's closing bracket
   * (scanner.go's stateEndValue, parseObjectValue and parseArrayValue).
   */
  private endValue(c: number, i: number): number {
    const inObject = this.stack[this.depth - 1] === OBJECT;
    if (c === 0x2c) {
      this.state = inObject ? OBJECT_KEY : VALUE;
      return i + 1;
    }
    if (c !== (inObject ? 0x7d : 0x5d)) return this.fail(c, inObject ? 'after object key:value pair' : 'after array element', i);
    return this.closed(i);
  }

  /**
   * Inside a string (scanner.go's stateInString): plain bytes in one tight loop, up to the
   * closing quote, a '\' (after which the dispatch goes to {@link inEscape}) or the end of input.
   */
  private inString(i: number): number {
    const b = this.buf;
    const stop = this.stop;
    while (i < stop) {
      const d = b[i]!;
      if (d === 0x22 || d === 0x5c || d < 0x20) break;
      i++;
    }
    this.stringByte(i);
    if (i === stop) return i;
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
   * An escape in a string (ESCAPE..HEX4), each byte through its state function, on to the end
   * of input or the escape's end, where the string goes on in {@link inString}.
   */
  private inEscape(i: number): number {
    const b = this.buf;
    const stop = this.stop;
    while (i < stop) {
      i = this.state === ESCAPE ? this.inStringEsc(b[i]!, i) : this.inStringEscU(b[i]!, i);
      if (this.state === STRING) return this.inString(i);
    }
    return i;
  }

  /** After '\' in a string (scanner.go's stateInStringEsc). */
  private inStringEsc(c: number, i: number): number {
    if (c === 0x75) this.state = HEX1;
    else if (c === 0x22 || c === 0x5c || c === 0x2f || c === 0x62 || c === 0x66 || c === 0x6e || c === 0x72 || c === 0x74)
      this.state = STRING;
    else return this.fail(c, 'in string escape code', i);
    return this.stringByte(i + 1);
  }

  /** The four hex digits of a \u escape (scanner.go's stateInStringEscU1..U1234). */
  private inStringEscU(c: number, i: number): number {
    if (!isHex(c)) return this.fail(c, 'in \\u hexadecimal character escape', i);
    this.state = this.state === HEX4 ? STRING : this.state + 1;
    return this.stringByte(i + 1);
  }

  /**
   * A number, from whichever of its states the scan is in (NEG..EXPONENT) on to its end or the
   * end of input, each byte through the state function of the state it is read in.
   */
  private inNumber(i: number): number {
    const b = this.buf;
    const stop = this.stop;
    while (i < stop) {
      const c = b[i]!;
      const state = this.state;
      if (state === NEG) i = this.neg(c, i);
      else if (state === DOT) i = this.dot(c, i);
      else if (state === EXP_START || state === EXP_SIGN) i = this.exponent(c, i);
      else {
        const at = i;
        i = this.numberEnd(c, i);
        if (i === at || i < 0) return i;
      }
    }
    return i;
  }

  /** After '-': the first digit (scanner.go's stateNeg). */
  private neg(c: number, i: number): number {
    if (c === 0x30) this.state = ZERO;
    else if (c >= 0x31 && c <= 0x39) this.state = DIGITS;
    else return this.fail(c, 'in numeric literal', i);
    return this.numberByte(i + 1);
  }

  /**
   * Where a number may end: after its leading 0, its integer digits, its fraction or its
   * exponent (scanner.go's state0, state1, stateDot0, stateE0): more digits (not after a
   * leading 0), '.' (in the integer part), 'e' (before the exponent), or the end, where it
   * returns `i` itself (or `~i` at the top level).
   */
  private numberEnd(c: number, i: number): number {
    const state = this.state;
    if (c >= 0x30 && c <= 0x39 && state !== ZERO) {
      // A run of digits, in one tight loop: long numbers cost what their bytes do.
      const b = this.buf;
      const stop = this.stop;
      i++;
      while (i < stop) {
        const d = b[i]!;
        if (d < 0x30 || d > 0x39) break;
        i++;
      }
    } else if (c === 0x2e && state <= DIGITS) {
      this.state = DOT;
      i++;
    } else if ((c === 0x65 || c === 0x45) && state !== EXPONENT) {
      this.state = EXP_START;
      i++;
    } else {
      // The number ended before this byte, which belongs to what follows.
      return this.valueEnded(i);
    }
    // The point and the 'e' count as the digits do: the limit holds at every byte, so
    // "12345678.9" cannot pass a limit of 8 by ending in bytes scanned one at a time.
    return this.numberByte(i);
  }

  /** After '.': the first fraction digit (scanner.go's stateDot). */
  private dot(c: number, i: number): number {
    if (c < 0x30 || c > 0x39) return this.fail(c, 'after decimal point in numeric literal', i);
    this.state = FRACTION;
    return this.numberByte(i + 1);
  }

  /** After 'e', or after its sign: a sign (after 'e' only) or a digit (scanner.go's stateE, stateESign). */
  private exponent(c: number, i: number): number {
    if (this.state === EXP_START && (c === 0x2b || c === 0x2d)) {
      this.state = EXP_SIGN;
      return this.numberByte(i + 1);
    }
    if (c < 0x30 || c > 0x39) return this.fail(c, 'in exponent of numeric literal', i);
    this.state = EXPONENT;
    return this.numberByte(i + 1);
  }

  /** The rest of true, false or null (scanner.go's stateT, stateTr, ..., stateNul), on to its end or the end of input. */
  private inLiteral(i: number): number {
    const b = this.buf;
    const stop = this.stop;
    const literal = this.literal;
    while (i < stop) {
      const c = b[i]!;
      if (c !== literal.charCodeAt(this.literalPos)) return this.literalError(c, i);
      i++;
      if (++this.literalPos === literal.length) return this.valueEnded(i);
    }
    return i;
  }

  private literalError(c: number, i: number): never {
    return this.fail(c, `in literal ${this.literal} (expecting '${this.literal[this.literalPos]}')`, i);
  }

  /** Where the scan of a value starting at `from` stops: one byte past the size limit, or the end of input. */
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
