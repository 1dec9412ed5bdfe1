// The codec seam, as client.go's ClientCodec and server.go's ServerCodec, turned push-based for
// Node: a codec owns a connection, decodes its bytes into (header, body) events for the Client or
// Server, and writes a header and its body as one unit. The Client and Server know nothing of
// gob; the gob codecs below and the JSON-RPC codec plug into the same seam. Method argument and
// reply schemas travel through the seam, and each codec decides how to use them.
import type { Duplex } from 'node:stream';
import {
  DEFAULT_MAX_MESSAGE_SIZE,
  Decoder,
  type DecoderOptions,
  Encoder,
  GobError,
  GobErrorCode,
  goString,
  isGobError,
  NEED_MORE,
  type Schema,
  t,
  type TypeRegistry,
  Writer,
} from '../gob/index.js';
import type { Reader } from '../gob/reader.js';
import { TypeId, type WireType } from '../gob/wire.js';
import { pathRoot, withCall } from '../schema/index.js';
import { LARGE_OUTPUT, STREAM_CONN, StreamConn } from './conn.js';

/** The header of a request (Go's `rpc.Request`). */
export interface RequestHeader {
  /** "Service.Method". */
  serviceMethod: string;
  /**
   * The sequence number the client chose; the response echoes it. Go's is a uint64 and a Go
   * client may send any: it is a number up to 2^53 − 1 and a bigint past that, so every value
   * has one spelling (`Map` keys work). This package's Client numbers calls from 0, as Go's.
   */
  seq: number | bigint;
}

/** The header of a response (Go's `rpc.Response`). */
export interface ResponseHeader {
  /** Echoes the request's. */
  serviceMethod: string;
  /** Echoes the request's: a number up to 2^53 − 1, a bigint past that (see {@link RequestHeader.seq}). */
  seq: number | bigint;
  /** The error the method returned, or "" for success (then the body is the reply). */
  error: string;
}

/**
 * Returned by a handler's header callback to have the codec read the body and throw it away
 * (Go: `ReadRequestBody(nil)` / `ReadResponseBody(nil)`).
 */
export const DISCARD: unique symbol = Symbol('gobrpc.discard');

/**
 * How a codec reads a body: with a schema, schema-less (`undefined`: the stream's own types
 * decide, as gob's `Decode` into an `interface{}`), or {@link DISCARD}ed.
 */
export type BodyPlan = Schema | undefined | typeof DISCARD;

/** What a {@link ClientCodec} reports to its Client. */
export interface ClientCodecHandler {
  /**
   * A response header was read. Returns how to read its body: the pending call's reply schema,
   * or {@link DISCARD} when no call waits for it or the header carries an error.
   */
  responseHeader(header: ResponseHeader): BodyPlan;
  /**
   * The body of the response whose header came last was read: `value` is the decoded reply
   * (`undefined` when discarded), or `error` says why it could not be decoded. The codec goes on
   * with the next response either way.
   */
  responseBody(header: ResponseHeader, value: unknown, error: Error | undefined): void;
  /**
   * Input ended: `null` for a clean end between messages (Go's `io.EOF`), else why (a header
   * that failed to decode, a socket error, a stream cut inside a message). Called once, last.
   */
  closed(error: Error | null): void;
}

/**
 * The client side of a connection (Go's `ClientCodec`, push-based). The Client calls
 * {@link start} once, then {@link writeRequest} for each call, and {@link close} at the end.
 */
export interface ClientCodec {
  /** Starts delivering responses to `handler`. */
  start(handler: ClientCodecHandler): void;
  /**
   * Queues a request: its header and body go out together, and requests queued in the same tick
   * share one write. Throws (and queues nothing) when `args` cannot be encoded.
   * `argSchema` is the method's argument schema, if the caller gave one.
   */
  writeRequest(header: RequestHeader, args: unknown, argSchema: Schema | undefined): void;
  /** Flushes queued requests and closes the connection. Idempotent. */
  close(): void;
  /**
   * Optional: the Client gave up call `seq` (its timeout expired or its signal fired) and will
   * drop any answer. A codec that holds something per call releases it here (the JSON-RPC HTTP
   * codec aborts the call's POST); a stream codec needs nothing, as the answer is read and dropped.
   */
  cancel?(seq: number): void;
}

/** What a {@link ServerCodec} reports to its Server. */
export interface ServerCodecHandler {
  /**
   * A request header was read. Returns how to read its body: the method's argument schema, or
   * {@link DISCARD} when the request cannot be served (unknown service or method).
   */
  requestHeader(header: RequestHeader): BodyPlan;
  /** The body of the request whose header came last: its value, or why it failed to decode. */
  requestBody(header: RequestHeader, value: unknown, error: Error | undefined): void;
  /**
   * Input ended: `null` for a clean end between requests, else why (for example a header that
   * failed to decode). Called once, last; responses can still be written until {@link ServerCodec.close}.
   */
  closed(error: Error | null): void;
}

/** The server side of a connection (Go's `ServerCodec`, push-based). */
export interface ServerCodec {
  /**
   * Starts (or, after {@link pause}, resumes) delivering requests to `handler`, which replaces
   * any earlier one.
   */
  start(handler: ServerCodecHandler): void;
  /** Stops delivering requests after the current one, until {@link start} is called again. */
  pause(): void;
  /**
   * Queues a response: header and body together, responses of one tick in one write. `body` is
   * encoded with `replySchema`; with `header.error` set the body is Go's empty `invalidRequest`
   * struct and `replySchema` is ignored. Throws (and queues nothing) when the body cannot be encoded.
   */
  writeResponse(header: ResponseHeader, body: unknown, replySchema: Schema | undefined): void;
  /** Flushes queued responses and closes the connection. Idempotent. */
  close(): void;
  /**
   * For a codec that numbers requests itself (JSON-RPC keeps the client's id aside and gives the
   * server its own seq): the header seq of the unanswered request the client numbered
   * `clientSeq`, or undefined when there is none. The server uses it to find the call a
   * `_goRPC_.Cancel{Seq}` names. Without it, header seqs are the client's own numbers (gob).
   */
  requestSeq?(clientSeq: number): number | bigint | undefined;
}

/** Options of the gob codecs: limits and interface-type names for both directions. */
export interface GobCodecOptions extends DecoderOptions {
  /** Concrete types sent inside interface values, for the encoder and the decoder. */
  registry?: TypeRegistry;
}

/**
 * Go's uint64 `Seq`, decoded as a number up to 2^53 − 1 and a bigint past that: a Go peer may
 * send any uint64, and Go's server echoes it, so no value may be a range error here.
 */
const seqSchema = Object.freeze({ ...t.uint64, mode: 'auto' }) as Schema<number | bigint>;
/**
 * Go's `rpc.Request` as gob sees it (the unexported `next` field is not sent). `Seq` decodes to a
 * number, or a bigint past 2^53 − 1; either encodes.
 */
export const requestSchema = t.struct('rpc.Request', { ServiceMethod: t.string, Seq: seqSchema });
/** Go's `rpc.Response` as gob sees it; `Seq` as in {@link requestSchema}. */
export const responseSchema = t.struct('rpc.Response', { ServiceMethod: t.string, Seq: seqSchema, Error: t.string });
/** Argument kinds for which `null` can only be Go's untyped nil (see writeRequest). */
const NIL_VALUE_KINDS = new Set<string>(['bool', 'int', 'uint', 'float', 'complex', 'string', 'struct', 'array', 'external']);

/** server.go's `invalidRequest = struct{}{}`, the body of every error response. */
export const invalidRequestSchema = t.struct('', {});
const INVALID_REQUEST = {};

/**
 * Writes the field part of a header message (each non-zero field as its delta and value, then
 * the 0 that ends the struct: encode.go's encodeStruct), or returns false, having written
 * nothing, for a value the generic encoder must handle (a bigint or unusual Seq, a non-string).
 */
type HeaderFields<H> = (w: Writer, h: H) => boolean;

/** A Seq the fast header path writes as a plain gob uint: a safe non-negative integer. */
function plainSeq(seq: unknown): seq is number {
  return typeof seq === 'number' && seq >= 0 && seq <= Number.MAX_SAFE_INTEGER && Number.isInteger(seq);
}

/**
 * The fields rpc.Request and rpc.Response share, in their order: ServiceMethod (field 0), Seq (1),
 * then Error (2, Response only: a request passes ''); zero values are left out, as Go does.
 */
function writeHeaderFields(w: Writer, sm: unknown, seq: unknown, error: unknown): boolean {
  if (typeof sm !== 'string' || typeof error !== 'string' || !plainSeq(seq)) return false;
  let last = -1;
  if (sm !== '') {
    w.byte(1);
    w.string(sm);
    last = 0;
  }
  if (seq !== 0) {
    w.byte(1 - last);
    w.uint(seq);
    last = 1;
  }
  if (error !== '') {
    w.byte(2 - last);
    w.string(error);
  }
  w.byte(0);
  return true;
}

/** rpc.Request's fields: ServiceMethod and Seq. */
function requestFields(w: Writer, h: RequestHeader): boolean {
  return writeHeaderFields(w, h.serviceMethod, h.seq, '');
}

/** rpc.Response's fields: ServiceMethod, Seq and Error. */
function responseFields(w: Writer, h: ResponseHeader): boolean {
  return writeHeaderFields(w, h.serviceMethod, h.seq, h.error);
}

/**
 * Reads the field part of a header message (after its type id) whose type is exactly Go's, into
 * the header, or returns undefined for what the generic decoder must read: a field out of order
 * or past the last, a Seq past 2^53 − 1 (a bigint there), a length past the message. A GobError
 * it throws (a bad uint) sends the message to the generic decoder too, which reports it.
 */
type HeaderReader<H> = (r: Reader) => H | undefined;

/** Go's `rpc.Request` and `rpc.Response` fields, by name and type id, in the order Go sends them. */
const REQUEST_FIELDS: readonly (readonly [string, number])[] = [
  ['ServiceMethod', TypeId.string],
  ['Seq', TypeId.uint],
];
const RESPONSE_FIELDS: readonly (readonly [string, number])[] = [...REQUEST_FIELDS, ['Error', TypeId.string]];

/** Whether `w` is a struct with exactly `fields`, as Go defines rpc.Request or rpc.Response. */
function isGoHeader(w: WireType | undefined, fields: readonly (readonly [string, number])[]): boolean {
  if (w === undefined || w.kind !== 'struct' || w.others !== undefined || w.fields.length !== fields.length) return false;
  return fields.every(([name, id], i) => w.fields[i]!.name === name && w.fields[i]!.id === id);
}

/** A string field's value: undefined when its length passes the message (the generic path's error). */
function readString(r: Reader): string | undefined {
  const n = r.uint();
  return n > r.remaining ? undefined : r.string(n);
}

/**
 * Reads the fields rpc.Request and rpc.Response share, and Error when `response`, into the
 * header: each field present as its delta and value, ending at a 0 delta (decode.go's
 * decodeStruct). Undefined for a Seq that would be a bigint, a field out of range or a bad length.
 */
function readHeader(r: Reader, response: boolean): RequestHeader | ResponseHeader | undefined {
  let serviceMethod = '';
  let seq = 0;
  let error = '';
  let field = -1;
  for (;;) {
    const delta = r.uint();
    if (delta === 0) break;
    field += delta;
    if (field === 0) {
      const s = readString(r);
      if (s === undefined) return undefined;
      serviceMethod = s;
    } else if (field === 1) {
      const x = r.uintAuto();
      if (typeof x !== 'number') return undefined;
      seq = x;
    } else if (field === 2 && response) {
      const s = readString(r);
      if (s === undefined) return undefined;
      error = s;
    } else return undefined;
  }
  // The same shapes as the generic path's headers (GobClientCodec's and GobServerCodec's toIn).
  return response ? { serviceMethod, seq, error } : { serviceMethod, seq };
}

/** rpc.Request's fields, into a RequestHeader. */
const readRequest = (r: Reader) => readHeader(r, false) as RequestHeader | undefined;
/** rpc.Response's fields, into a ResponseHeader. */
const readResponse = (r: Reader) => readHeader(r, true) as ResponseHeader | undefined;

/**
 * Memory for a message the Decoder collects from several socket reads, not zeroed (the framer
 * writes every byte before any is read: DecoderOptions.allocate): zeroing a 1 MiB reply cost
 * more than reading it. A plain Uint8Array over it, not the Buffer, so that what the decoder
 * slices off it (Buffer's slice is a view) is a copy, as from any Uint8Array.
 */
function uninitialised(n: number): Uint8Array {
  const b = Buffer.allocUnsafeSlow(n);
  return new Uint8Array(b.buffer, b.byteOffset, n);
}

interface Events<H> {
  header(h: H): BodyPlan;
  body(h: H, value: unknown, error: Error | undefined): void;
  closed(error: Error | null): void;
}

/**
 * One gob connection: a Decoder fed by the stream's chunks and read header, body, header, ...;
 * an Encoder whose output is queued for {@link StreamConn} to write. Shared by both codecs
 * (gobClientCodec and gobServerCodec in Go differ only in which header comes first).
 */
class GobConn<In, Out> extends StreamConn {
  private readonly dec: Decoder;
  private readonly enc: Encoder;
  private out = new Writer(4096);
  /** A Writer buffer the socket has finished with (see takeOutput). */
  private spare: Uint8Array | undefined;
  private events: Events<In> | undefined;
  /**
   * The type id the output header type was given, once the encoder has sent its definition:
   * later headers are written by `outFields` directly, skipping the generic encoder and the wire
   * object it needs (the bytes are the same). -1 until then.
   */
  private outId = -1;
  /**
   * The type id of the input header type, once the first header has come with exactly Go's
   * definition of it: later headers of that id are read by `inFields` directly (see
   * Decoder.nextFast), anything else by the generic decoder. -1 until then, -2 for a stream
   * whose definition differs.
   */
  private inId = -1;
  private readonly maxMessageSize: number;
  private header: In | undefined;
  private plan: BodyPlan;
  /** The input ended inside a body, which was reported: nothing more is read. */
  private drained = false;

  constructor(
    stream: Duplex,
    private readonly inSchema: Schema,
    private readonly toIn: (wire: any) => In,
    private readonly inFields: HeaderReader<In>,
    private readonly inGoFields: readonly (readonly [string, number])[],
    private readonly outSchema: Schema,
    private readonly fromOut: (h: Out) => unknown,
    private readonly outFields: HeaderFields<Out>,
    options: GobCodecOptions,
  ) {
    super(stream);
    this.maxMessageSize = options.maxMessageSize ?? DEFAULT_MAX_MESSAGE_SIZE;
    this.dec = new Decoder({ ...options, allocate: uninitialised });
    this.enc = new Encoder({ registry: options.registry, maxMessageSize: options.maxMessageSize });
  }

  start(events: Events<In>): void {
    this.events = events;
    this.startInput((e) => events.closed(e));
  }

  protected feed(chunk: Uint8Array): void {
    this.dec.write(chunk);
  }

  protected override readTarget(): Uint8Array | undefined {
    return this.dec.readTarget();
  }

  protected midUnit(): boolean {
    return !this.drained && (this.dec.pending || this.header !== undefined);
  }

  /**
   * Reads a header, or the body that follows it. A body that fails to decode is reported and
   * skipped (the decoder is positioned after it); a header that fails to decode ends the input,
   * as Go's server and client both stop reading then.
   */
  protected step(): boolean {
    const events = this.events!;
    if (this.drained) return false;
    if (this.header === undefined) {
      const dec = this.dec;
      const id = this.inId;
      let header = id >= 0 ? dec.nextFast(id, this.inSchema, this.inFields) : undefined;
      if (header === undefined) {
        const wire = dec.next(this.inSchema);
        if (wire === NEED_MORE) return false;
        header = this.toIn(wire);
        if (id === -1) this.inId = isGoHeader(dec.wireTypeOf(dec.lastTypeId), this.inGoFields) ? dec.lastTypeId : -2;
      }
      this.header = header;
      this.plan = events.header(header);
      return true;
    }
    const plan = this.plan;
    let value: unknown;
    try {
      value = plan === DISCARD ? this.dec.discard() : plan === undefined ? this.dec.next() : this.dec.next(plan);
    } catch (e) {
      if (!isGobError(e)) throw e;
      const h = this.header;
      this.header = undefined;
      // The call goes in `call` only: the message stays Go's, as the server sends it back.
      events.body(h, undefined, withCall(e, (h as { serviceMethod: string }).serviceMethod, false) as typeof e);
      return true;
    }
    if (value === NEED_MORE) {
      if (!this.ended || this.streamFailed) return false;
      // The stream ended before the body did. Go's ReadRequestBody (and ReadResponseBody) then
      // fails with io.EOF when no byte of the body came, else with io.ErrUnexpectedEOF; Go's
      // server answers the call with that text, and its next read meets the clean end.
      const h = this.header;
      this.header = undefined;
      this.drained = true;
      const e = new GobError(GobErrorCode.UnexpectedEof, this.dec.pending ? 'unexpected EOF' : 'EOF');
      events.body(h, undefined, withCall(e, (h as { serviceMethod: string }).serviceMethod, false) as typeof e);
      return true;
    }
    const h = this.header;
    this.header = undefined;
    events.body(h, plan === DISCARD ? undefined : value, undefined);
    return true;
  }

  /**
   * Appends a header and a body to the output queue, or nothing if the body cannot be encoded.
   * The header's own type definitions (sent once, before the first header) are kept in that
   * case, since the encoder now counts them as sent.
   */
  write(header: Out, body: unknown, schema: Schema): void {
    if (!this.writable) return;
    const out = this.out;
    // A served connection encodes a reply only into the room its bounds leave (see outputRoom).
    const room = this.outputRoom();
    let headerValue: number;
    const id = this.outId;
    if (id >= 0 && this.fastHeader(out, id, header)) headerValue = out.lastMessageStart();
    else {
      this.enc.encodeTo(out, this.outSchema, this.fromOut(header));
      headerValue = out.lastMessageStart();
      if (id < 0) this.outId = this.enc.typeIdOf(this.outSchema) ?? -1;
    }
    const headerBytes = out.length - headerValue;
    if (room !== Infinity) {
      // A reply plainly too big is not encoded only to be dropped (300 peers asking for 1 MiB
      // each would cost 300 MiB of copying); it waits for at least that much room.
      const least = headerBytes + leastEncodedSize(schema, body);
      if (least > room) {
        out.rollback(headerValue);
        this.parkOutput(least, () => this.write(header, body, schema));
        return;
      }
    }
    let size: number;
    try {
      size = this.enc.encodeTo(out, schema, body, room - headerBytes);
    } catch (e) {
      out.rollback(headerValue);
      // Name the call in the error, whose message is ours (Go's peer never sees an encode error).
      throw withCall(e, (header as { serviceMethod: string }).serviceMethod, true);
    }
    if (size > room - headerBytes) {
      // Too big for now: nothing of it stays (a header's type definition may), and it is encoded
      // again in its turn. The Writer grew to hold it: outputStalled gives that buffer up.
      out.rollback(headerValue);
      this.parkOutput(headerBytes + size, () => this.write(header, body, schema));
      return;
    }
    this.queued();
  }

  protected override outputStalled(): void {
    // A peer that does not read could leave every connection of a server holding a Writer
    // grown for a large reply, and the spare buffer: give both up (the Writer keeps what it holds).
    this.spare = undefined;
    const out = this.out;
    if (out.length < LARGE_OUTPUT) {
      const small = new Writer(4096);
      small.raw(out.view());
      this.out = small;
    }
  }

  /** Writes `header` as one message of type `id`, or nothing and false (see {@link HeaderFields}). */
  private fastHeader(out: Writer, id: number, header: Out): boolean {
    const start = out.mark();
    out.fork();
    out.int(id);
    try {
      if (this.outFields(out, header)) {
        out.join(this.maxMessageSize);
        return true;
      }
    } catch (e) {
      // Too big a message: the generic encoder says so with its own error.
      if (!isGobError(e) || e.code !== GobErrorCode.Limit) throw e;
    }
    out.rollback(start);
    return false;
  }

  protected queuedBytes(): number {
    return this.out.length;
  }

  protected override outputReleased(bytes: Uint8Array): void {
    // Every output this large came from Writer.handOver: a view from the start of its buffer.
    const full = new Uint8Array(bytes.buffer);
    if (this.spare === undefined || full.length > this.spare.length) this.spare = full;
  }

  /**
   * The queued bytes, copied into a Buffer of their own (the socket may hold it after write()
   * returns). A Buffer, not the Writer's `take()`: a small Uint8Array lives on V8's heap, and
   * the stream's Uint8Array-to-Buffer conversion would then move it out, which costs more than
   * the copy.
   */
  protected takeOutput(): Uint8Array | undefined {
    const out = this.out;
    const n = out.length;
    if (n === 0) return undefined;
    if (n >= LARGE_OUTPUT) {
      // Too big to copy cheaply: the socket takes the Writer's buffer itself, and the Writer
      // goes on in the one the socket last gave back (or a new one as large).
      const spare = this.spare;
      this.spare = undefined;
      return out.handOver(spare);
    }
    // Buffer.allocUnsafe carves small buffers from Node's shared slab, never rewritten while
    // the socket holds them. A call's few dozen bytes copy faster in a loop than through the
    // view set() needs (one allocation less per write).
    const bytes = Buffer.allocUnsafe(n);
    if (n <= SMALL_COPY) {
      const from = out.buf;
      for (let i = 0; i < n; i++) bytes[i] = from[i]!;
    } else bytes.set(out.view());
    out.reset();
    return bytes;
  }
}

/** Output up to this many bytes is copied byte by byte (see GobConn.takeOutput). */
const SMALL_COPY = 48;

/**
 * @internal A quick lower bound on the bytes `value` takes when encoded with `schema`, in gob or
 * in JSON: the length of a byte slice, string, slice or array (every element takes a byte at
 * least), else 0. The RPC server's codecs check it against the room left before encoding.
 */
export function leastEncodedSize(schema: Schema, value: unknown): number {
  switch (schema.kind) {
    case 'bytes':
      return value instanceof Uint8Array ? value.length : 0;
    case 'string':
      return typeof value === 'string' ? value.length : 0;
    case 'slice':
    case 'array':
      return Array.isArray(value) || ArrayBuffer.isView(value) ? (value as ArrayLike<unknown>).length : 0;
    default:
      return 0;
  }
}

interface WireRequest {
  ServiceMethod: string;
  Seq: number | bigint;
}
interface WireResponse extends WireRequest {
  Error: string;
}

/**
 * The gob client codec over a duplex stream (a socket): Go's `gobClientCodec`. Requests are
 * `rpc.Request` then the arguments; responses `rpc.Response` then the reply.
 */
export class GobClientCodec implements ClientCodec {
  private readonly conn: GobConn<ResponseHeader, RequestHeader>;

  constructor(stream: Duplex, options: GobCodecOptions = {}) {
    this.conn = new GobConn<ResponseHeader, RequestHeader>(
      stream,
      responseSchema,
      (w: WireResponse) => ({ serviceMethod: w.ServiceMethod, seq: w.Seq, error: w.Error }),
      readResponse,
      RESPONSE_FIELDS,
      requestSchema,
      (h) => ({ ServiceMethod: h.serviceMethod, Seq: h.seq }),
      requestFields,
      options,
    );
  }

  start(handler: ClientCodecHandler): void {
    this.conn.start({
      header: (h) => handler.responseHeader(h),
      body: (h, v, e) => handler.responseBody(h, v, e),
      closed: (e) => handler.closed(e),
    });
  }

  writeRequest(header: RequestHeader, args: unknown, argSchema: Schema | undefined): void {
    if (argSchema === undefined) {
      throw new TypeError(`gobrpc: ${header.serviceMethod}: the gob codec needs argSchema to encode the arguments`);
    }
    if (args == null && (argSchema.kind === 'ptr' || NIL_VALUE_KINDS.has(argSchema.kind))) {
      // Go's client on a nil argument: Encode(nil) fails with `gob: cannot encode nil value` and
      // a nil *T panics with `gob: cannot encode nil pointer of type *T`; here both are errors
      // with Go's text, and nothing is sent. Nil slices, maps and interfaces are values, as in Go.
      const e = new GobError(
        GobErrorCode.InvalidValue,
        argSchema.kind === 'ptr' ? `gob: cannot encode nil pointer of type ${goString(argSchema)}` : 'gob: cannot encode nil value',
      );
      e.path = pathRoot(argSchema);
      throw withCall(e, header.serviceMethod, false);
    }
    this.conn.write(header, args, argSchema);
  }

  /** Closes the connection; requests the server is not taking are dropped (their calls have failed). */
  close(): void {
    this.conn.close(true);
  }
}

/** The gob server codec over a duplex stream (a socket): Go's `gobServerCodec`. */
export class GobServerCodec implements ServerCodec {
  private readonly conn: GobConn<RequestHeader, ResponseHeader>;

  constructor(stream: Duplex, options: GobCodecOptions = {}) {
    this.conn = new GobConn<RequestHeader, ResponseHeader>(
      stream,
      requestSchema,
      (w: WireRequest) => ({ serviceMethod: w.ServiceMethod, seq: w.Seq }),
      readRequest,
      REQUEST_FIELDS,
      responseSchema,
      (h) => ({ ServiceMethod: h.serviceMethod, Seq: h.seq, Error: h.error }),
      responseFields,
      options,
    );
  }

  /** @internal */
  get [STREAM_CONN](): StreamConn {
    return this.conn;
  }

  start(handler: ServerCodecHandler): void {
    this.conn.start({
      header: (h) => handler.requestHeader(h),
      body: (h, v, e) => handler.requestBody(h, v, e),
      closed: (e) => handler.closed(e),
    });
  }

  pause(): void {
    this.conn.pause();
  }

  writeResponse(header: ResponseHeader, body: unknown, replySchema: Schema | undefined): void {
    if (header.error !== '') {
      this.conn.write(header, INVALID_REQUEST, invalidRequestSchema);
      return;
    }
    if (replySchema === undefined) throw new TypeError(`gobrpc: ${header.serviceMethod}: the gob codec needs a reply schema`);
    this.conn.write(header, body, replySchema);
  }

  close(): void {
    this.conn.close();
  }
}
