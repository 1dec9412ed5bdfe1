// Encoders and decoders over streams and sockets. Structural types only (an async iterable of
// chunks, an object with write()), so this file needs nothing from Node and works with Node
// streams, sockets and web streams alike.
import { Decoder, type DecoderOptions, NEED_MORE } from './decoder.js';
import { Encoder, type EncoderOptions } from './encoder.js';
import type { Schema } from '../schema/index.js';

/** Anything with Node's `write(chunk)` (a socket, a file stream, a Writable). */
export interface ByteSink {
  write(chunk: Uint8Array): unknown;
}

/**
 * Encodes values onto a writable stream, one gob stream for its whole life (types are sent
 * once). Each value goes out in one `write` of a buffer the sink may keep.
 */
export class StreamEncoder {
  private readonly encoder: Encoder;
  constructor(
    private readonly sink: ByteSink,
    options?: EncoderOptions,
  ) {
    this.encoder = new Encoder(options);
  }

  /** Encodes and writes one value; returns what the sink's write returned (backpressure). */
  encode<T>(schema: Schema<T>, value: T): unknown {
    return this.sink.write(this.encoder.encode(schema, value));
  }
}

/**
 * Decodes values from a readable stream (any async iterable of byte chunks, such as a Node
 * Readable or socket). Chunks may split messages anywhere.
 */
export class StreamDecoder {
  private readonly decoder: Decoder;
  private readonly source: AsyncIterator<Uint8Array>;
  private done = false;

  constructor(source: AsyncIterable<Uint8Array>, options?: DecoderOptions) {
    this.decoder = new Decoder(options);
    this.source = source[Symbol.asyncIterator]();
  }

  /**
   * The next value, or `undefined` when the stream ended cleanly between values. Rejects with
   * GobError for bad data or a stream that ends inside a value (`unexpected EOF`).
   */
  async read<T>(schema?: Schema<T>): Promise<T | undefined> {
    for (;;) {
      const v = schema ? this.decoder.next(schema) : this.decoder.next();
      if (v !== NEED_MORE) return v as T;
      if (this.done) {
        this.decoder.end();
        return undefined;
      }
      const { value, done } = await this.source.next();
      if (done) this.done = true;
      else this.decoder.write(value);
    }
  }

  /** Every value until the end of the stream. */
  async *values<T>(schema?: Schema<T>): AsyncGenerator<T> {
    // read() returns undefined only at a clean end (it throws at any other).
    for (let v = await this.read(schema); v !== undefined; v = await this.read(schema)) yield v;
  }
}
