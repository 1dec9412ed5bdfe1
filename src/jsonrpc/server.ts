// The server half of net/rpc/jsonrpc, as server.go: each request gets the codec's own sequence
// number for the Server, and its JSON id (any JSON value, null when absent) is kept raw and
// echoed in the response, compacted and HTML-escaped as json.Encoder re-emits a RawMessage.
// Responses are `{"id":..,"result":..,"error":null}` or `{"id":..,"result":null,"error":"..."}`,
// each followed by a newline.
import * as net from 'node:net';
import type { Duplex } from 'node:stream';
import {
  DISCARD,
  type RequestHeader,
  type ResponseHeader,
  RpcError,
  RpcErrorCode,
  type Server,
  type ServerCodec,
  type ServerCodecHandler,
  readDirectly,
  STREAM_CONN,
  type StreamConn,
} from '../rpc/index.js';
import type { JsonCodecOptions } from './client.js';
import { DecCompiler, type DecFn } from './decode.js';
import { compactHTML, EncCompiler, quote } from './encode.js';
import { type Raw, readRequest, type ServerRequest } from './envelope.js';
import { isJsonError, limitError, typeError, zeroValue } from './error.js';
import { Cursor } from './reader.js';
import { scannerLimits } from './scanner.js';
import { type Schema, withCall } from '../schema/index.js';
import { JsonStream, protocolError } from './stream.js';
import { leastEncodedSize } from '../rpc/codec.js';

/** Go's errMissingParams text. */
export const ERR_MISSING_PARAMS = 'jsonrpc: request body missing params';

const text = new TextDecoder();

/**
 * The JSON-RPC server codec over a connected duplex stream: Go's `jsonrpc.NewServerCodec`.
 * Arguments are decoded with each method's argument schema; replies encoded with its reply
 * schema.
 */
export class JsonServerCodec implements ServerCodec {
  private readonly stream: JsonStream;
  private readonly enc = new EncCompiler();
  private readonly dec = new DecCompiler();
  private seq = 0;
  /** @internal Responses queued so far (the HTTP handler answers 400 when there is none). */
  responses = 0;
  /** Sequence numbers to the ids to echo, as JSON text (server.go's pending). */
  private readonly pending = new Map<number | bigint, string>();

  constructor(stream: Duplex, options: JsonCodecOptions = {}) {
    if (stream instanceof net.Socket) stream.setNoDelay(true);
    this.stream = new JsonStream(stream, options);
  }

  /** @internal */
  get [STREAM_CONN](): StreamConn {
    return this.stream;
  }

  start(handler: ServerCodecHandler): void {
    this.stream.start(
      (bytes) => this.onValue(bytes, handler),
      (e) => handler.closed(e),
    );
  }

  pause(): void {
    this.stream.pause();
  }

  /** server.go's ReadRequestHeader then ReadRequestBody, on one whole request. */
  private onValue(bytes: Uint8Array, handler: ServerCodecHandler): void {
    let req: ServerRequest;
    try {
      req = readRequest(bytes, this.dec);
    } catch (e) {
      this.stream.fail(protocolError(e));
      return;
    }
    const seq = ++this.seq;
    this.pending.set(seq, req.id ? idText(req.id) : 'null');
    const header: RequestHeader = { serviceMethod: req.method, seq };
    const plan = handler.requestHeader(header);
    if (plan === DISCARD) {
      handler.requestBody(header, undefined, undefined);
      return;
    }
    let value: unknown;
    try {
      value = readParams(req.params, this.dec, plan);
    } catch (thrown) {
      const e = limitError(thrown);
      if (!isJsonError(e) && !(e instanceof RpcError)) throw e;
      // The call goes in `call` only: the message stays Go's, as the server sends it back (as gob's codec).
      handler.requestBody(header, undefined, withCall(e, req.method, false) as typeof e);
      return;
    }
    handler.requestBody(header, value, undefined);
  }

  writeResponse(header: ResponseHeader, body: unknown, replySchema: Schema | undefined): void {
    const id = this.pending.get(header.seq);
    if (id === undefined) throw new RpcError(RpcErrorCode.Protocol, 'invalid sequence number in response');
    if (!this.stream.writable) {
      // The connection is gone or closing: the reply would be dropped, so it is not encoded.
      this.pending.delete(header.seq);
      return;
    }
    // A reply plainly too big for the room the server's bounds leave is not encoded yet.
    const retry = () => this.writeResponse(header, body, replySchema);
    if (header.error === '' && replySchema && !this.stream.mayFit(leastEncodedSize(replySchema, body), retry)) return;
    // Encode first: a reply that cannot be encoded leaves the id for the error response.
    const out =
      header.error === ''
        ? `{"id":${id},"result":${this.enc.encode(replySchema, body, header.serviceMethod)},"error":null}\n`
        : `{"id":${id},"result":null,"error":${quote(header.error)}}\n`;
    // A reply the server's bounds have no room for yet keeps its id and is encoded again later.
    if (!this.stream.writeReply(out, retry)) return;
    this.pending.delete(header.seq);
    this.responses++;
  }

  close(): void {
    this.stream.close();
  }

  /**
   * The server seq of the unanswered request whose JSON id is the number `clientSeq`: a
   * `_goRPC_.Cancel{Seq}` names the call by the id its client sent (net/rpc's client sends its
   * own seq as the id), not by this codec's numbering. A scan, as cancels are rare.
   */
  requestSeq(clientSeq: number): number | bigint | undefined {
    const id = String(clientSeq);
    for (const [seq, text] of this.pending) if (text === id) return seq;
    return undefined;
  }
}

/**
 * A request id as json.Encoder re-emits a RawMessage: compacted, HTML characters in strings
 * escaped. A number (Go's client sends 0, 1, 2, ...) has nothing to change, so its bytes are
 * taken as they are, without decoding and scanning them as text.
 */
function idText(id: Raw): string {
  const { bytes, start, end } = id;
  let s = '';
  for (let i = start; i < end; i++) {
    const b = bytes[i]!;
    // Digits, sign, point, exponent: ASCII that compacting leaves alone.
    if ((b < 0x30 || b > 0x39) && b !== 0x2d && b !== 0x2b && b !== 0x2e && b !== 0x65 && b !== 0x45) {
      return compactHTML(text.decode(bytes.subarray(start, end)));
    }
    s += String.fromCharCode(b);
  }
  return s;
}

/**
 * server.go's ReadRequestBody: params must be present and an array (Go unmarshals it into a
 * `[1]interface{}` holding a pointer to the argument); its first element is the argument, a
 * missing or null one leaving the argument's zero value, and further elements are ignored.
 */
function readParams(params: Raw | undefined, dec: DecCompiler, schema: Schema | undefined): unknown {
  if (params === undefined) throw new RpcError(RpcErrorCode.Protocol, ERR_MISSING_PARAMS);
  const c = new Cursor(params.bytes, params.start);
  if (c.peek() !== 0x5b) throw typeError(c.what(), '[1]interface {}', undefined, []);
  // Go always decodes into a fresh value behind a non-nil pointer, so a pointer argument is
  // never nil: it points at the zero value when params hold null.
  const base = schema?.kind === 'ptr' ? schema.elem : schema;
  const fn: DecFn = dec.get(base);
  let value: unknown;
  let decoded = false;
  c.array((i) => {
    if (i > 0 || c.peek() === 0x6e) c.skip();
    else {
      value = fn(c);
      decoded = true;
    }
  });
  // The zero value only when no argument came: building it for every request cost as much as
  // decoding a small argument.
  if (decoded) return value;
  return base === undefined ? null : zeroValue(base);
}

/** Options of {@link serveConn}, {@link accept} and {@link listen}. */
export type JsonServeOptions = JsonCodecOptions;

/**
 * Serves JSON-RPC on a connected duplex stream until it ends (Go: `jsonrpc.ServeConn`, with
 * the given server instead of Go's DefaultServer). Resolves once the peer hung up and every
 * call in flight was answered; never rejects (bad input closes this connection only).
 */
export function serveConn(server: Server, stream: Duplex, options: JsonServeOptions = {}): Promise<void> {
  return server.serveCodec(new JsonServerCodec(stream, options));
}

/** Go's `jsonrpc.NewServerCodec`: the codec alone, for `Server.serveCodec` or `Server.serveRequest`. */
export function newServerCodec(stream: Duplex, options: JsonCodecOptions = {}): ServerCodec {
  return new JsonServerCodec(stream, options);
}

/**
 * Serves JSON-RPC on every connection `listener` accepts (Go's example: an accept loop calling
 * `jsonrpc.ServeConn`). Create the listener with `allowHalfOpen: true` so calls in flight are
 * still answered after the peer's FIN. `server.close()` closes the listener and the connections.
 * A plain (not TLS) socket is read into memory of the connection's own: it emits no `'data'`
 * events (`'end'`, `'close'` and `'error'` as usual), as with `Server.accept`. Throws a
 * RangeError when a limit of `options` is out of range ({@link ScannerOptions}).
 */
export function accept(server: Server, listener: net.Server, options: JsonServeOptions = {}): void {
  scannerLimits(options);
  server.accept(listener, (socket) => {
    readDirectly(socket);
    return serveConn(server, socket, options);
  });
}

/**
 * Listens on TCP and serves JSON-RPC on every connection. Default address 127.0.0.1, port 0
 * (read the port from the returned listener's `address()`); `server.close()` closes it. Its
 * sockets are read as {@link accept} says. Throws a RangeError when a limit of `options` is out
 * of range ({@link ScannerOptions}).
 */
export function listen(server: Server, port = 0, host = '127.0.0.1', options: JsonServeOptions = {}): Promise<net.Server> {
  scannerLimits(options);
  return server.listen(port, host, (socket) => {
    readDirectly(socket);
    return serveConn(server, socket, options);
  });
}
