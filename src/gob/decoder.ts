// The Decoder stream object, as decoder.go: framing into whole messages, the type sequence
// before each value, and the per-stream caches of wire types and compiled decoders.
import { DecCompiler, type DecodeContext } from './decode.js';
import type { DecFn } from './decode-basic.js';
import { boundaryError, fail, GobErrorCode, isGobError } from './error.js';
import { Framer } from './framer.js';
import { Reader } from './reader.js';
import type { TypeRegistry } from './registry.js';
import { checkSchema, limitOption, type Schema } from '../schema/index.js';
import { reachesInterface, ValueScan } from './scan.js';
import { DEFAULT_MAX_MESSAGE_SIZE, FIRST_USER_ID, readTypeId, readWireType, type WireType } from './wire.js';

/**
 * Thrown (not an Error: no stack is captured, and the path machinery passes it through) when a
 * direct decode needs a message that has not arrived, and returned by decodeDirect then: once per
 * run of values that wait on their messages, as the values after one that waited are walked first
 * (see Decoder.walkFirst).
 */
const SPANS = Object.freeze({ spans: true });
/** The schema the waiting value was last prepared with when preparing it failed: none will match. */
const NOT_PREPARED = Object.freeze({ kind: 'interface' }) as Schema;

/** Returned by {@link Decoder.next} when the bytes written so far do not hold a whole value. */
export const NEED_MORE: unique symbol = Symbol('gobrpc.needMore');
export type NeedMore = typeof NEED_MORE;

/**
 * Options of a {@link Decoder}; every limit protects against hostile or corrupt input. Each limit
 * is a positive integer or Infinity (no limit); anything else (NaN, zero, a negative number, a
 * fraction) makes the constructor throw a RangeError naming it
 * (`gobrpc: maxMessageSize must be a positive integer or Infinity, got NaN`).
 */
export interface DecoderOptions {
  /** Schemas for interface type names. With a registry, unknown names are an error, as in Go. */
  registry?: TypeRegistry;
  /**
   * Largest message accepted, in bytes. Default 1 GiB (1 << 30). A positive integer or Infinity,
   * else a RangeError.
   */
  maxMessageSize?: number;
  /** Deepest nesting of composite values. Default 10,000 (Go's limit for skipped values). */
  maxDepth?: number;
  /** Longest interface type name. Default 1,024 bytes, as Go. */
  maxInterfaceNameLength?: number;
  /**
   * Whether decoders may be generated as JavaScript source (`new Function`), the fastest path.
   * Default true; false keeps to closures, for hosts whose Content Security Policy refuses eval.
   * Both decode the same values and fail with the same errors.
   */
  codegen?: boolean;
  /**
   * @internal Allocates the buffer of a message that arrived in several chunks, `n` bytes.
   * Every byte of it is written before any is read, so it need not be zeroed: the RPC codecs
   * pass Node's uninitialised memory, which saves zeroing each large message. Default
   * `new Uint8Array(n)`.
   */
  allocate?: (n: number) => Uint8Array;
}

/**
 * The limits of `options`, the defaults filled in. Throws the RangeError {@link DecoderOptions}
 * documents; the RPC server calls it when it is made, before any connection makes a Decoder.
 * @internal
 */
export function decoderLimits(options: DecoderOptions): { maxMessageSize: number; maxDepth: number; maxInterfaceNameLength: number } {
  return {
    maxMessageSize: limitOption('maxMessageSize', options.maxMessageSize, DEFAULT_MAX_MESSAGE_SIZE),
    maxDepth: limitOption('maxDepth', options.maxDepth, 10_000),
    maxInterfaceNameLength: limitOption('maxInterfaceNameLength', options.maxInterfaceNameLength, 1024),
  };
}

/**
 * Reads gob streams. Write bytes as they arrive ({@link write}, split anywhere), then take
 * values with {@link next}, with a schema or without one. Go: `gob.NewDecoder` and `Decode`.
 *
 * Framing comes first, as decoder.go's recvMessage: only whole messages are read. Type
 * definitions before a value are received once each, as their messages arrive. A value whose
 * wire type can hold an interface may span messages (see scan.ts). It is first decoded
 * directly, reading ahead into the messages that have arrived; if it needs one that has not (or
 * fails), that attempt is undone and the value is walked, resumably, until all of it has
 * arrived, and only then decoded. So every byte is read a bounded number of times however the
 * input is split, and "more is needed" is thrown at most once per value, and only for a value
 * that spans messages not yet written.
 */
export class Decoder {
  private readonly framer: Framer;
  private readonly reader = new Reader();
  private readonly wireTypes = new Map<number, WireType>();
  private readonly compiler: DecCompiler;
  private readonly scan: ValueScan;
  private readonly maxNameLength: number;
  private lastSchemaValue: Schema | undefined;
  /** Whether a type id reaches the interface type (so its values may span messages). */
  private readonly reach = new Map<number, boolean>();
  /** Type definitions received since the last value: at the end of input they need their value. */
  private typesSinceValue = 0;
  // The value whose first message has been taken: that message, where its bytes start after the
  // type id, the id, and how it is being read. `first` is undefined between values.
  private first: Uint8Array | undefined;
  private firstPos = 0;
  private firstEnd = 0;
  private id = 0;
  private schema: Schema | undefined;
  private discarding = false;
  private fn: DecFn | undefined;
  private scanning = false;
  /**
   * The typed values prepared last, when they hold no interface: schema, type id and decoder of
   * the last and of the one before it (RPC streams alternate a header type and a body type).
   */
  private lastPrepared: Schema | undefined;
  private lastPreparedId = -1;
  private lastPreparedFn: DecFn | undefined;
  private prevPrepared: Schema | undefined;
  private prevPreparedId = -1;
  private prevPreparedFn: DecFn | undefined;
  /**
   * The error of a concrete type id that could not be read inside an interface, which Go keeps
   * in dec.err while it goes on with id 0 (see valueTypeSequence); the value ends with it.
   */
  private typeIdError: unknown;
  /** The next of scan.defs the decoder meets (and skips: the scan received it). */
  private replay = 0;
  /** The local schema the value is read into (null: discarded), for a scan begun after all. */
  private local: Schema | null = null;
  /**
   * Whether the value, which may span messages, is to be decoded directly first (see
   * {@link decodeDirect}), and while that runs, the messages it read ahead and the definitions it
   * received (to forget if it is undone).
   */
  private direct = false;
  private taken = 0;
  /** Whether the value may span messages (its type reaches an interface). */
  private mayspan = false;
  /** Whether the value's walk has waited for a message (returned NEED_MORE) since it was prepared. */
  private waited = false;
  /**
   * How many more values that may span messages are walked first instead of decoded directly: 2
   * after one that waited for a message, one less after each that arrived whole. Once values wait,
   * their messages are most likely arriving in pieces (a stream fed in small chunks), and a direct
   * decode would be undone by the exception that unwinds it; a stream whose values that bring a
   * new type wait and the others do not (one in two, say) so stays walked, and two values in a row
   * that arrive whole bring the direct decode back.
   */
  private walkFirst = 0;
  private readonly directDefs: number[] = [];
  /**
   * Operation counters, for tests that prove the cost linear without a clock: type definitions
   * parsed, message bytes handed to a reader (the scan and the decoder each count theirs), and
   * those read by direct decodes that were undone (at most each value's bytes once; their
   * definitions are not counted, being received again).
   * @internal
   */
  readonly counters = { typeDefinitions: 0, bytesRead: 0, abandonedBytes: 0 };

  constructor(options: DecoderOptions = {}) {
    const { maxMessageSize, maxDepth, maxInterfaceNameLength } = decoderLimits(options);
    this.framer = new Framer(maxMessageSize, options.allocate);
    this.maxNameLength = maxInterfaceNameLength;
    const ctx: DecodeContext = {
      wireTypes: this.wireTypes,
      registry: options.registry,
      maxDepth,
      maxInterfaceNameLength: this.maxNameLength,
      codegen: options.codegen ?? true,
      typeSequence: (r) => this.valueTypeSequence(r),
    };
    this.compiler = new DecCompiler(ctx);
    this.scan = new ValueScan({
      wireTypes: this.wireTypes,
      registry: options.registry,
      maxDepth,
      maxInterfaceNameLength: this.maxNameLength,
      names: this.compiler.names,
      schemaLess: () => this.compiler.schemaLess,
      peek: (k) => this.framer.peek(k),
      failed: () => this.framer.failed,
      recvType: (r, id) => this.recvType(r, id),
      derive: (id) => this.compiler.deriveTop(id),
      compileTop: (local, id) => {
        this.compiler.top(local, id);
      },
      loaded: (n) => {
        this.counters.bytesRead += n;
      },
      reaches: (id) => this.reach.get(id) ?? reachesInterface(id, this.wireTypes, this.reach),
      skipper: (id, top) => (top ? this.compiler.ignoreTop(id) : this.compiler.ignore(id)),
    });
  }

  /**
   * Adds received bytes. The array must not be changed afterwards (messages are read from it
   * without copying). A bad or over-long message length is reported by the {@link next} that
   * reaches it, after the values before it; `write` throws only a {@link GobError}
   * `INVALID_VALUE` when `chunk` is not a Uint8Array (a schema passed where the bytes go, say).
   */
  write(chunk: Uint8Array): void {
    if (!(chunk instanceof Uint8Array)) {
      const what = chunk === null ? 'null' : typeof chunk === 'object' ? 'an object' : typeof chunk;
      fail(GobErrorCode.InvalidValue, `gob: bytes to decode must be a Uint8Array, got ${what}`);
    }
    this.framer.push(chunk);
  }

  /**
   * @internal Where the next bytes of the input may be read straight into (a socket reading
   * into memory of its own), or undefined; what was read there is then passed to {@link write}
   * as a view of it, as any chunk. See Framer.readTarget.
   */
  readTarget(): Uint8Array | undefined {
    return this.framer.readTarget();
  }

  /** The schema of the last value returned by {@link next}: the one given, or the one built from the stream. */
  get lastSchema(): Schema | undefined {
    return this.lastSchemaValue;
  }

  /** The schema the stream's type definitions describe for type id `id`. */
  schemaOf(id: number): Schema {
    return this.compiler.deriveTop(id);
  }

  /**
   * The next value, decoded into `schema`, or by the stream's own type definitions when no
   * schema is given. Returns {@link NEED_MORE} when the value has not fully arrived (call
   * again after more {@link write}s). Throws {@link GobError} for bad data; the stream then
   * continues with the next message, as Go's Decoder does. Throws TypeError, having read
   * nothing, when `schema` is not a schema (`gob: decode: schema: want a schema ...`).
   */
  next<T>(schema: Schema<T>): T | NeedMore;
  next(): unknown;
  next(schema?: Schema): unknown {
    return this.attempt(schema, false);
  }

  /**
   * @internal The next value when it is one message of type `id`, with no type definition
   * before it, that `read` reads to its last byte (`read` returns undefined, or throws a
   * GobError, for anything it leaves to the generic path); else undefined, having taken nothing,
   * and {@link next} then reads the same bytes. The RPC codecs read their headers so, skipping
   * the decoder's preparation and the wire object a struct decodes into.
   */
  nextFast<T>(id: number, schema: Schema, read: (r: Reader) => T | undefined): T | undefined {
    if (this.first !== undefined || this.typesSinceValue > 0) return undefined;
    const framer = this.framer;
    framer.compact();
    const r = this.reader;
    if (!framer.peekNext(r)) return undefined;
    const start = r.pos;
    let fields = start;
    let value: T | undefined;
    try {
      if (readTypeId(r) === id) {
        fields = r.pos;
        value = read(r);
      }
    } catch (e) {
      if (!isGobError(e)) {
        framer.leavePeeked();
        throw e;
      }
    }
    if (value === undefined || r.pos !== r.end) {
      framer.leavePeeked();
      return undefined;
    }
    framer.takePeeked();
    // As typeSequence and decodeValue count the message: whole, then after its type id.
    this.counters.bytesRead += r.end - start + (r.end - fields);
    this.lastSchemaValue = schema;
    return value;
  }

  /** @internal The type id of the last value read (or being read). */
  get lastTypeId(): number {
    return this.id;
  }

  /** @internal The definition the stream gave type id `id`, if any. */
  wireTypeOf(id: number): WireType | undefined {
    return this.wireTypes.get(id);
  }

  /** Reads and discards the next value (Go: `Decode(nil)`). */
  discard(): true | NeedMore {
    return this.attempt(undefined, true) as true | NeedMore;
  }

  /**
   * Declares the end of the input: throws `unexpected EOF` if a partial message or an
   * unread message remains.
   */
  end(): void {
    // A bad length prefix next in line is its own error, as from Go's next Decode.
    if (this.first === undefined && this.typesSinceValue === 0) this.framer.throwBadHead();
    if (this.framer.ready || this.framer.partial || this.first !== undefined || this.typesSinceValue > 0) {
      fail(GobErrorCode.UnexpectedEof, 'unexpected EOF');
    }
    this.framer.check();
  }

  /** Whether bytes are buffered that no value has consumed yet. */
  get pending(): boolean {
    return this.framer.partial || this.framer.ready || this.framer.failed || this.first !== undefined || this.typesSinceValue > 0;
  }

  private attempt(schema: Schema | undefined, discard: boolean): unknown {
    // Before anything is read: a value given where the schema goes must not cost the stream a value.
    if (schema !== undefined && schema !== this.lastPrepared && schema !== this.prevPrepared) checkSchema(schema, 'gob: decode: schema');
    let preparing = false;
    try {
      if (this.first === undefined) {
        this.framer.compact();
        if (!this.typeSequence()) return NEED_MORE;
        preparing = true;
        this.prepare(schema, discard);
        preparing = false;
      } else if (schema !== this.schema || discard !== this.discarding) {
        // Asked for the waiting value another way: walk it again for the new reading.
        this.endScan(0);
        preparing = true;
        this.prepare(schema, discard);
        preparing = false;
      }
      this.compiler.schemaLess = schema === undefined;
      if (this.direct) {
        const value = this.decodeDirect();
        if (value !== SPANS) return value;
      }
      if (this.scanning && !this.scan.run()) {
        this.waited = true;
        return NEED_MORE;
      }
      return this.decodeValue();
    } catch (e) {
      if (preparing && e instanceof TypeError) {
        // A schema found not to be one while compiling (a struct field given a value): the value
        // waits for a right one, as for a schema argument that is not one, and is prepared again.
        this.schema = NOT_PREPARED;
        throw e;
      }
      this.abandon();
      throw boundaryError(e);
    }
  }

  /**
   * decoder.go's decodeTypeSequence at the top level: type definitions, each in its own message,
   * received as they arrive, then the message that starts the value. False when it has not arrived.
   */
  private typeSequence(): boolean {
    const r = this.reader;
    for (;;) {
      if (!this.framer.shiftInto(r)) return false;
      this.counters.bytesRead += r.end - r.pos;
      const id = readTypeId(r);
      if (id >= 0) {
        this.first = r.buf;
        this.firstPos = r.pos;
        this.firstEnd = r.end;
        this.id = id;
        return true;
      }
      this.typesSinceValue++;
      this.recvType(r, -id);
      if (r.remaining > 0) fail(GobErrorCode.BadData, 'extra data in buffer');
    }
  }

  /** Compiles the value's decoder and, if the value may span messages, starts walking it. */
  private prepare(schema: Schema | undefined, discard: boolean): void {
    this.schema = schema;
    this.discarding = discard;
    this.compiler.schemaLess = schema === undefined;
    const id = this.id;
    if (schema !== undefined && !discard) {
      // The same reading of the same type as the value before (a stream of one type of
      // message) or the one before that (RPC headers and bodies): its decoder, which holds no
      // interface, is known.
      let fn: DecFn | undefined;
      if (schema === this.lastPrepared && id === this.lastPreparedId) fn = this.lastPreparedFn;
      else if (schema === this.prevPrepared && id === this.prevPreparedId) {
        fn = this.prevPreparedFn;
        this.remember(schema, id, fn!);
      }
      if (fn !== undefined) {
        this.fn = fn;
        this.replay = 0;
        this.scanning = false;
        this.direct = false;
        this.mayspan = false;
        return;
      }
    }
    let local: Schema | null = null;
    if (discard) this.fn = this.compiler.ignoreTop(id);
    else {
      local = schema ?? this.compiler.deriveTop(id);
      this.fn = this.compiler.top(local, id);
    }
    this.replay = 0;
    this.scanning = false;
    this.local = local;
    // A value that may span messages is decoded directly first: nearly always all of it has
    // arrived (Go's encoder writes a value's messages together), and the walk would read it twice;
    // unless such values have been waiting for their messages (see walkFirst).
    this.mayspan = this.reach.get(id) ?? reachesInterface(id, this.wireTypes, this.reach);
    this.direct = this.mayspan && this.walkFirst === 0;
    if (this.mayspan && !this.direct) {
      this.scanning = true;
      this.scan.begin(this.first!, this.firstPos, this.firstEnd, local, id);
    }
    if (!this.mayspan && schema !== undefined && !discard) this.remember(schema, id, this.fn);
  }

  /**
   * Decodes the value, reading ahead into the messages that have arrived without taking them,
   * or returns SPANS having undone every effect when it needs a message that has not arrived or
   * fails: the walk then finds whether to wait, and the decoder reports a failure after it, with
   * the same outcome, order and texts as if the walk had come first. Run once per value.
   */
  private decodeDirect(): unknown {
    const r = this.reader;
    const c = this.counters;
    const bytesRead = c.bytesRead;
    const typeDefinitions = c.typeDefinitions;
    const owned = r.owned;
    this.taken = 0;
    let value: unknown;
    try {
      value = this.decodeValue();
    } catch {
      // Whatever was thrown, the walk and the decoder after it meet it again, or wait first.
      this.direct = false;
      r.owned = owned;
      c.abandonedBytes += c.bytesRead - bytesRead;
      c.bytesRead = bytesRead;
      c.typeDefinitions = typeDefinitions;
      const ids = this.directDefs;
      if (ids.length > 0) {
        this.forgetDefinitions(ids);
        ids.length = 0;
      }
      this.scanning = true;
      this.scan.begin(this.first!, this.firstPos, this.firstEnd, this.local, this.id);
      return SPANS;
    }
    this.direct = false;
    if (this.directDefs.length > 0) this.directDefs.length = 0;
    this.framer.drop(this.taken);
    return value;
  }

  /** Makes (schema, id, fn) the last prepared, the last becoming the one before. */
  private remember(schema: Schema, id: number, fn: DecFn): void {
    this.prevPrepared = this.lastPrepared;
    this.prevPreparedId = this.lastPreparedId;
    this.prevPreparedFn = this.lastPreparedFn;
    this.lastPrepared = schema;
    this.lastPreparedId = id;
    this.lastPreparedFn = fn;
  }

  /** Decodes the value whose messages have all arrived. */
  private decodeValue(): unknown {
    const r = this.reader;
    r.window(this.first!, this.firstPos, this.firstEnd);
    r.depth = 0;
    this.counters.bytesRead += r.remaining;
    this.replay = 0;
    this.typeIdError = undefined;
    const value = this.fn!(r);
    if (this.typeIdError !== undefined) throw this.typeIdError;
    const local = this.discarding ? undefined : (this.schema ?? this.compiler.deriveTop(this.id));
    this.endScan(this.replay);
    this.first = undefined;
    this.typesSinceValue = 0;
    if (this.mayspan) this.walkFirst = this.waited ? 2 : Math.max(0, this.walkFirst - 1);
    this.waited = false;
    if (this.discarding) return true;
    this.lastSchemaValue = local;
    return value;
  }

  /**
   * After a failure: the stream goes on after the messages the decoder consumed, and forgets
   * definitions only the scan had read, as a decoder reading them for the first time would.
   */
  private abandon(): void {
    this.endScan(this.replay);
    this.first = undefined;
    this.typesSinceValue = 0;
    this.waited = false;
  }

  /**
   * Ends the scan of the value. Definitions it received that the decoder did not meet (`met`
   * counts those it did) belong to messages the decoder has not consumed: they are forgotten,
   * to be received when those messages are read.
   */
  private endScan(met: number): void {
    if (!this.scanning) return;
    this.scanning = false;
    const defs = this.scan.defs;
    if (defs.length > met) this.forgetDefinitions(defs.slice(met).map((d) => d.id));
    if (defs.length > 0) defs.length = 0;
  }

  /** Forgets received definitions, and all that was derived from them, to receive them again. */
  private forgetDefinitions(ids: readonly number[]): void {
    for (const id of ids) this.wireTypes.delete(id);
    this.compiler.forget(ids);
    this.lastPrepared = undefined;
    this.prevPrepared = undefined;
    this.reach.clear();
    this.scan.clear();
  }

  /**
   * decoder.go's decodeTypeSequence inside an interface: type definitions, each followed by the
   * length of what follows, then the concrete type id, pulling messages as needed. The scan has
   * seen them all arrive, and received the definitions, which are skipped here.
   */
  private valueTypeSequence(r: Reader): number {
    // Go's decodeTypeSequence loops only while dec.err is nil: after a failed read, every later
    // interface of the value fails at once with that error.
    if (this.typeIdError !== undefined) throw this.typeIdError;
    for (;;) {
      if (r.remaining === 0) {
        if (this.direct) {
          // Read ahead, taking the messages only if the value decodes (see decodeDirect).
          if (!this.framer.peekInto(r, this.taken)) throw SPANS;
          this.taken++;
        } else if (!this.framer.shiftInto(r)) {
          // Unreachable when the scan agrees with the decoder, which it is written to do.
          fail(GobErrorCode.UnexpectedEof, 'unexpected EOF');
        }
        this.counters.bytesRead += r.end - r.pos;
      }
      const start = r.pos;
      let id: number;
      try {
        id = readTypeId(r);
      } catch (e) {
        // Go's nextInt keeps the error in dec.err and decodeTypeSequence returns the 0 it read
        // as the concrete id; its decodeInterface then reads on (the byte count, a value of type
        // 0, which fails), its ignoreInterface skips the value. Decode returns the error then
        // unless a later one took its place.
        if (!isGobError(e)) throw e;
        this.typeIdError = e;
        return 0;
      }
      if (id >= 0) return id;
      const def = this.scan.defs[this.replay];
      if (def !== undefined && def.buf === r.buf && def.start === start) {
        r.pos = def.end;
        this.replay++;
      } else {
        this.recvType(r, -id);
        if (this.direct) this.directDefs.push(-id);
      }
      if (r.remaining > 0) r.uint();
    }
  }

  /** decoder.go's recvType. */
  private recvType(r: Reader, id: number): void {
    // -id of Go's int32 -2^31 is itself: below firstUserId there.
    if (id < FIRST_USER_ID || id > 0x7fffffff || this.wireTypes.has(id)) fail(GobErrorCode.BadData, 'gob: duplicate type received');
    this.counters.typeDefinitions++;
    const wire = readWireType(r, this.maxNameLength);
    this.wireTypes.set(id, wire);
  }
}

/**
 * Decodes the single value in `bytes` (a whole stream holding exactly one value).
 * Throws {@link GobError} for bad data, a truncated stream or trailing bytes, and TypeError when
 * `schema` is given but is not a schema.
 */
export function decode<T>(bytes: Uint8Array, schema: Schema<T>, options?: DecoderOptions): T;
export function decode(bytes: Uint8Array, schema?: undefined, options?: DecoderOptions): unknown;
export function decode(bytes: Uint8Array, schema?: Schema, options?: DecoderOptions): unknown {
  const d = new Decoder(options);
  d.write(bytes);
  const v = schema === undefined ? d.next() : d.next(schema);
  if (v === NEED_MORE) fail(GobErrorCode.UnexpectedEof, 'unexpected EOF');
  if (d.pending) fail(GobErrorCode.BadData, 'gob: extra data after the value');
  return v;
}

/** Decodes every value in `bytes`, in order. */
export function decodeAll<T>(bytes: Uint8Array, schema: Schema<T>, options?: DecoderOptions): T[];
export function decodeAll(bytes: Uint8Array, schema?: undefined, options?: DecoderOptions): unknown[];
export function decodeAll(bytes: Uint8Array, schema?: Schema, options?: DecoderOptions): unknown[] {
  const d = new Decoder(options);
  d.write(bytes);
  const out: unknown[] = [];
  for (;;) {
    const v = schema === undefined ? d.next() : d.next(schema);
    if (v === NEED_MORE) break;
    out.push(v);
  }
  d.end();
  return out;
}
