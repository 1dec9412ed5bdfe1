// The Decoder stream object, as decoder.go: framing into whole messages, the type sequence
// before each value, and the per-stream caches of wire types and compiled decoders.
import { DecCompiler, type DecodeContext } from './decode.js';
import { boundaryError, fail, GobErrorCode } from './error.js';
import { Framer } from './framer.js';
import { Reader } from './reader.js';
import type { TypeRegistry } from './registry.js';
import type { Schema } from './schema.js';
import { FIRST_USER_ID, readWireType, type WireType } from './wire.js';
import { DEFAULT_MAX_MESSAGE_SIZE } from './encoder.js';

/** Returned by {@link Decoder.next} when the bytes written so far do not hold a whole value. */
export const NEED_MORE: unique symbol = Symbol('gobrpc.needMore');
export type NeedMore = typeof NEED_MORE;

/** Options of a {@link Decoder}; every limit protects against hostile or corrupt input. */
export interface DecoderOptions {
  /** Schemas for interface type names. With a registry, unknown names are an error, as in Go. */
  registry?: TypeRegistry;
  /** Largest message accepted, in bytes. Default 1 GiB (1 << 30). */
  maxMessageSize?: number;
  /** Deepest nesting of composite values. Default 10,000 (Go's limit for skipped values). */
  maxDepth?: number;
  /** Longest interface type name. Default 1,024 bytes, as Go. */
  maxInterfaceNameLength?: number;
}

/** Thrown inside a decode when the value continues in a message that has not arrived. */
const INCOMPLETE = Symbol('incomplete');

/**
 * Reads gob streams. Write bytes as they arrive ({@link write}, split anywhere), then take
 * values with {@link next}, with a schema or without one. Go: `gob.NewDecoder` and `Decode`.
 */
export class Decoder {
  private readonly framer: Framer;
  private readonly reader = new Reader();
  private readonly wireTypes = new Map<number, WireType>();
  private readonly compiler: DecCompiler;
  private readonly maxNameLength: number;
  /** Type ids received during the value being decoded, forgotten if it must be retried. */
  private readonly added: number[] = [];
  private lastSchemaValue: Schema | undefined;

  constructor(options: DecoderOptions = {}) {
    this.framer = new Framer(options.maxMessageSize ?? DEFAULT_MAX_MESSAGE_SIZE);
    this.maxNameLength = options.maxInterfaceNameLength ?? 1024;
    const ctx: DecodeContext = {
      wireTypes: this.wireTypes,
      registry: options.registry,
      maxDepth: options.maxDepth ?? 10_000,
      maxInterfaceNameLength: this.maxNameLength,
      typeSequence: (r) => this.typeSequence(r, true),
    };
    this.compiler = new DecCompiler(ctx);
  }

  /**
   * Adds received bytes. The array must not be changed afterwards (messages are read from it
   * without copying). Never throws: a bad or over-long message length is reported by the
   * {@link next} that reaches it, after the values before it.
   */
  write(chunk: Uint8Array): void {
    this.framer.push(chunk);
  }

  /** The schema of the last value returned by {@link next}: the one given, or the one built from the stream. */
  get lastSchema(): Schema | undefined {
    return this.lastSchemaValue;
  }

  /** The schema the stream's type definitions describe for type id `id`. */
  schemaOf(id: number): Schema {
    return this.compiler.derive(id);
  }

  /**
   * The next value, decoded into `schema`, or by the stream's own type definitions when no
   * schema is given. Returns {@link NEED_MORE} when the value has not fully arrived (call
   * again after more {@link write}s). Throws {@link GobError} for bad data; the stream then
   * continues with the next message, as Go's Decoder does.
   */
  next<T>(schema: Schema<T>): T | NeedMore;
  next(): unknown;
  next(schema?: Schema): unknown {
    return this.attempt(schema, false);
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
    if (this.framer.ready || this.framer.partial) fail(GobErrorCode.UnexpectedEof, 'unexpected EOF');
    this.framer.check();
  }

  /** Whether bytes are buffered that no value has consumed yet. */
  get pending(): boolean {
    return this.framer.partial || this.framer.ready || this.framer.failed;
  }

  private attempt(schema: Schema | undefined, discard: boolean): unknown {
    const mark = this.framer.mark();
    this.added.length = 0;
    const r = this.reader;
    r.reset(EMPTY);
    r.depth = 0;
    this.compiler.schemaLess = schema === undefined;
    try {
      const id = this.typeSequence(r, false);
      if (discard) {
        this.compiler.ignoreTop(id)(r);
        return true;
      }
      const local = schema ?? this.compiler.derive(id);
      const value = this.compiler.top(local, id)(r);
      this.lastSchemaValue = local;
      return value;
    } catch (e) {
      if (e === INCOMPLETE) {
        // The value is not all here: forget what this attempt read, and read it again later.
        this.framer.rewind(mark);
        for (const id of this.added) this.wireTypes.delete(id);
        this.compiler.forget(this.added);
        return NEED_MORE;
      }
      throw boundaryError(e);
    }
  }

  private nextMessage(r: Reader): void {
    const m = this.framer.shift();
    if (m === undefined) throw INCOMPLETE;
    r.reset(m);
  }

  /**
   * decoder.go's decodeTypeSequence: type definitions, each in its own message (inside an
   * interface, each followed by the length of what follows), then the id of a value.
   */
  private typeSequence(r: Reader, isInterface: boolean): number {
    for (;;) {
      if (r.remaining === 0) this.nextMessage(r);
      const id = r.int();
      if (id >= 0) return id;
      this.recvType(r, -id);
      if (r.remaining > 0) {
        if (!isInterface) fail(GobErrorCode.BadData, 'extra data in buffer');
        r.uint();
      }
    }
  }

  /** decoder.go's recvType. */
  private recvType(r: Reader, id: number): void {
    if (id < FIRST_USER_ID || this.wireTypes.has(id)) fail(GobErrorCode.BadData, 'gob: duplicate type received');
    const wire = readWireType(r, this.maxNameLength);
    this.wireTypes.set(id, wire);
    this.added.push(id);
  }
}

const EMPTY = new Uint8Array(0);

/**
 * Decodes the single value in `bytes` (a whole stream holding exactly one value).
 * Throws {@link GobError} for bad data, a truncated stream or trailing bytes.
 */
export function decode<T>(bytes: Uint8Array, schema: Schema<T>, options?: DecoderOptions): T;
export function decode(bytes: Uint8Array, schema?: undefined, options?: DecoderOptions): unknown;
export function decode(bytes: Uint8Array, schema?: Schema, options?: DecoderOptions): unknown {
  const d = new Decoder(options);
  d.write(bytes);
  const v = schema ? d.next(schema) : d.next();
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
    const v = schema ? d.next(schema) : d.next();
    if (v === NEED_MORE) break;
    out.push(v);
  }
  d.end();
  return out;
}
