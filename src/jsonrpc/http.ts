// JSON-RPC over HTTP POST, as the reference examples build it in Go: every POST body holds one
// request, served with `rpc.ServeRequest(jsonrpc.NewServerCodec(conn))` where conn reads the
// body and writes the response; the response body is the codec's output, one JSON value and a
// newline. The client side sends each call as its own POST and reads its answer from the
// response body, through the same Client as the socket codecs.
import * as http from 'node:http';
import * as https from 'node:https';
import { Duplex } from 'node:stream';
import { debuglog } from 'node:util';
import type { Schema } from '../schema/index.js';
import {
  acceptGoRequests,
  answerClientError,
  answerConnect,
  Client,
  type ClientCodec,
  type ClientCodecHandler,
  DISCARD,
  dropLateWrites,
  hasLaterListeners,
  NOT_FOUND,
  redirectUncleanPath,
  reply,
  type RequestHeader,
  RpcError,
  RpcErrorCode,
  type Server,
} from '../rpc/index.js';
import { deliver, type JsonClientOptions, type JsonCodecOptions, requestText, responseHeader } from './client.js';
import { DecCompiler } from './decode.js';
import { EncCompiler } from './encode.js';
import { readResponse } from './envelope.js';
import { JsonScanner, scannerLimits } from './scanner.js';
import { JsonServerCodec } from './server.js';
import { protocolError } from './stream.js';

const debug = debuglog('gobrpc');

/** The path the reference examples serve JSON-RPC on. */
export const DEFAULT_JSONRPC_PATH = '/jsonrpc';

/**
 * A request body and its response as one duplex stream (the Go example's bodyConn). Ending it
 * ends the response; destroying it leaves the connection alone (it may be kept alive) and
 * drains whatever of the body was not read.
 */
class BodyConn extends Duplex {
  constructor(
    private readonly req: http.IncomingMessage,
    private readonly res: http.ServerResponse,
  ) {
    super({ allowHalfOpen: true });
    req.on('data', (chunk: Buffer) => {
      if (!this.push(chunk)) req.pause();
    });
    req.once('end', () => this.push(null));
    req.once('error', (e) => this.destroy(e));
  }

  /** The peer's address, as a socket's: what a call's `ctx.remoteAddress` shows. */
  get remoteAddress(): string | undefined {
    return this.req.socket.remoteAddress;
  }

  get remotePort(): number | undefined {
    return this.req.socket.remotePort;
  }

  override _read(): void {
    this.req.resume();
  }

  override _write(chunk: Buffer, _enc: BufferEncoding, cb: (e?: Error | null) => void): void {
    this.res.write(chunk, cb);
  }

  override _final(cb: (e?: Error | null) => void): void {
    this.res.end(() => cb());
  }

  override _destroy(err: Error | null, cb: (e?: Error | null) => void): void {
    this.req.resume();
    cb(err);
  }
}

/** Options of {@link httpHandler} and {@link createHTTPServer}. */
export interface JsonHTTPOptions extends JsonCodecOptions {
  /** Where {@link createHTTPServer} serves JSON-RPC. Default `/jsonrpc`. */
  path?: string;
}

/**
 * A `node:http` request listener that serves one JSON-RPC request per POST (the Go example's
 * handler: `rpc.ServeRequest(jsonrpc.NewServerCodec(bodyConn))`). The response is
 * `Content-Type: application/json` with the codec's output: `{"id":0,"result":"Hello, world","error":null}\n`.
 * Unlike the Go example, methods other than POST get `405 Method Not Allowed`, and a body
 * holding no readable request gets `400 Bad Request` with the reason rather than an empty 200.
 * Throws a RangeError when a limit of `options` is out of range ({@link ScannerOptions}).
 */
export function httpHandler(server: Server, options: JsonCodecOptions = {}): (req: http.IncomingMessage, res: http.ServerResponse) => void {
  scannerLimits(options);
  return (req, res) => {
    if (req.method !== 'POST') {
      req.resume();
      reply(res, 405, METHOD_NOT_ALLOWED.headers, METHOD_NOT_ALLOWED.body);
      return;
    }
    res.setHeader('Content-Type', 'application/json');
    const conn = new BodyConn(req, res);
    const codec = new JsonServerCodec(conn, options);
    server.serveRequest(codec).then(
      () => codec.close(),
      (e: Error) => {
        debug('jsonrpc over http: %s', e.message);
        if (codec.responses === 0 && !res.headersSent) {
          res.writeHead(400, { 'Content-Type': 'text/plain; charset=utf-8' });
          res.end(`jsonrpc: ${e.message}\n`);
          conn.destroy();
          return;
        }
        codec.close();
      },
    );
  };
}

/**
 * An HTTP server that serves JSON-RPC on `options.path` (default `/jsonrpc`) and answers `404
 * page not found` elsewhere, as Go's ServeMux: a CONNECT included (Node's own server would drop
 * it unanswered), and requests with bare LF line ends too (which Node's parser refuses); a
 * CONNECT to `path` gets the handler's `405`, and a path that is not clean (`//jsonrpc`) Go's
 * `307` to the cleaned one. Listen on it as on any `node:http` server. Request listeners added
 * to it later serve every path but `path` (which stays the library's): with any, other paths get
 * no 404 from the library.
 *
 * `Server.close()` does not close it (its owner does): on shutdown call its `close()` (no new
 * connections) and then `await rpc.close({ grace })` (the calls under way are answered), or it
 * keeps listening, and the process alive, after the drain.
 */
export function createHTTPServer(server: Server, options: JsonHTTPOptions = {}): http.Server {
  const path = options.path ?? DEFAULT_JSONRPC_PATH;
  const handler = httpHandler(server, options);
  // Request listeners added to the server later are the user's routes for every other path,
  // which the server calls after this one: only with none is a request elsewhere Go's 404 (and
  // an unclean path Go's 307), else the response would be ended twice.
  const httpServer = http.createServer((req, res) => {
    const later = hasLaterListeners(httpServer);
    if (!later && redirectUncleanPath(req, res)) return;
    if (pathOf(req.url) === path) {
      handler(req, res);
      if (later) dropLateWrites(res);
      return;
    }
    if (later) return;
    req.resume();
    reply(res, 404, NOT_FOUND.headers, NOT_FOUND.body);
  });
  httpServer.on('clientError', answerClientError);
  acceptGoRequests(httpServer);
  httpServer.on('connect', (req: http.IncomingMessage, socket: Duplex) => {
    const version = req.httpVersion === '1.0' ? 'HTTP/1.0' : 'HTTP/1.1';
    if (pathOf(req.url) === path) answerConnect(version, socket, 405, METHOD_NOT_ALLOWED.headers, METHOD_NOT_ALLOWED.body);
    else answerConnect(version, socket, 404, NOT_FOUND.headers, NOT_FOUND.body);
  });
  return httpServer;
}

/** What {@link httpHandler} answers a method other than POST. */
const METHOD_NOT_ALLOWED = {
  headers: [
    ['Allow', 'POST'],
    ['Content-Type', 'text/plain; charset=utf-8'],
  ] as Array<[string, string]>,
  body: '405 method not allowed: JSON-RPC requests are POSTed\n',
};

/** The path of a request target, without its query. */
function pathOf(target: string | undefined): string {
  if (target === undefined) return '';
  const q = target.indexOf('?');
  return q < 0 ? target : target.slice(0, q);
}

/** Options of {@link createHTTPClient}. */
export interface JsonHTTPClientOptions extends JsonClientOptions {
  /** Extra request headers (authorization, say). */
  headers?: Record<string, string>;
  /** The agent for the POSTs. Default: a keep-alive agent owned (and destroyed) by the client. */
  agent?: http.Agent;
}

/**
 * The client codec of JSON-RPC over HTTP: each request is POSTed on its own and its answer read
 * from the response body (the first JSON value in it). The answer is matched to the call by the
 * POST it came back on, whatever id it carries. A call whose POST fails (network error, a
 * status other than 200, a body that is not a JSON-RPC response) rejects with a BODY RpcError
 * (`reading body jsonrpc over http: ...`); other calls go on.
 */
export class HTTPClientCodec implements ClientCodec {
  private handler: ClientCodecHandler | undefined;
  private readonly enc = new EncCompiler();
  private readonly dec = new DecCompiler();
  private readonly url: URL;
  private readonly agent: http.Agent;
  private readonly ownAgent: boolean;
  /** The POST of each call in flight, by Seq. */
  private readonly inFlight = new Map<number | bigint, http.ClientRequest>();
  private closed = false;
  private readonly maxMessageSize: number;

  constructor(
    url: string | URL,
    private readonly options: JsonHTTPClientOptions = {},
  ) {
    this.url = new URL(url);
    if (this.url.protocol !== 'http:' && this.url.protocol !== 'https:')
      throw new TypeError(`jsonrpc: ${this.url.href}: want an http or https URL`);
    this.ownAgent = options.agent === undefined;
    this.agent = options.agent ?? new (this.url.protocol === 'https:' ? https.Agent : http.Agent)({ keepAlive: true });
    // A scanner is made per response: its limits are checked now (a RangeError, from
    // createHTTPClient), not in the first response's handler, where the throw would be uncaught.
    this.maxMessageSize = scannerLimits(options).maxMessageSize;
  }

  start(handler: ClientCodecHandler): void {
    this.handler = handler;
  }

  writeRequest(header: RequestHeader, args: unknown, argSchema: Schema | undefined): void {
    if (this.closed) return;
    // A nil argument is [null], as on the socket client (Go's client sends nil so).
    const params = args == null ? 'null' : this.enc.encode(argSchema, args, header.serviceMethod);
    const body = Buffer.from(requestText(header.serviceMethod, params, header.seq), 'utf8');
    const send = this.url.protocol === 'https:' ? https.request : http.request;
    const req = send(this.url, {
      method: 'POST',
      agent: this.agent,
      headers: { ...this.options.headers, 'Content-Type': 'application/json', 'Content-Length': String(body.length) },
    });
    this.inFlight.set(header.seq, req);
    let settled = false;
    const finish = (error: Error | undefined, bytes?: Uint8Array) => {
      if (settled) return;
      settled = true;
      // A POST no longer in flight was cancelled or closed: the Client wants no answer.
      if (this.inFlight.get(header.seq) !== req) return;
      this.inFlight.delete(header.seq);
      if (this.closed) return;
      this.answer(header, error, bytes);
    };
    req.on('error', (e) => finish(new RpcError(RpcErrorCode.Http, `jsonrpc over http: POST ${this.url.href}: ${e.message}`, { cause: e })));
    req.on('response', (res) => {
      if (res.statusCode !== 200) {
        res.resume();
        finish(
          new RpcError(
            RpcErrorCode.Http,
            `jsonrpc over http: POST ${this.url.href}: unexpected HTTP response: ${res.statusCode} ${res.statusMessage ?? ''}`.trimEnd(),
          ),
        );
        return;
      }
      const scanner = new JsonScanner({ ...this.options, maxMessageSize: this.maxMessageSize });
      const take = (): boolean => {
        let v: Uint8Array | undefined;
        try {
          v = scanner.next();
        } catch (e) {
          res.destroy();
          finish(protocolError(e));
          return true;
        }
        if (v === undefined) return false;
        // The view is only valid until the next write: copy it out.
        finish(undefined, v.slice());
        res.resume();
        return true;
      };
      res.on('data', (chunk: Buffer) => {
        if (settled) return;
        scanner.write(chunk);
        take();
      });
      res.on('end', () => {
        if (settled) return;
        let v: Uint8Array | undefined;
        try {
          v = scanner.finish();
        } catch (e) {
          finish(protocolError(e));
          return;
        }
        if (v !== undefined) finish(undefined, v.slice());
        else finish(new RpcError(RpcErrorCode.UnexpectedEof, scanner.pending ? 'unexpected EOF' : 'EOF'));
      });
      res.on('error', (e) => finish(new RpcError(RpcErrorCode.Http, `jsonrpc over http: ${e.message}`, { cause: e })));
    });
    req.end(body);
  }

  /** Hands the Client the answer to `request`, or the reason there is none. */
  private answer(request: RequestHeader, error: Error | undefined, bytes: Uint8Array | undefined): void {
    const handler = this.handler!;
    if (bytes !== undefined) {
      try {
        const resp = readResponse(bytes, this.dec);
        // The POST pairs request and response: the answer is for this call, whatever its id.
        resp.id = BigInt(request.seq);
        deliver(handler, responseHeader(resp, new Map([[request.seq, request.serviceMethod]])), resp, this.dec);
        return;
      } catch (e) {
        error = protocolError(e);
      }
    }
    const h = { serviceMethod: request.serviceMethod, seq: request.seq, error: '' };
    if (handler.responseHeader(h) !== DISCARD) handler.responseBody(h, undefined, error);
    else handler.responseBody(h, undefined, undefined);
  }

  /**
   * Aborts the POST of a call the Client gave up (timeout, signal), so that a server that never
   * answers does not keep its socket open; the Client has already failed the call.
   */
  cancel(seq: number): void {
    const req = this.inFlight.get(seq);
    if (req === undefined) return;
    this.inFlight.delete(seq);
    req.destroy();
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    for (const r of this.inFlight.values()) r.destroy();
    this.inFlight.clear();
    if (this.ownAgent) this.agent.destroy();
    this.handler?.closed(null);
  }
}

/**
 * A JSON-RPC client that POSTs each call to `url` (a Go server set up as the reference examples
 * do: `rpc.ServeRequest(jsonrpc.NewServerCodec(...))` on `/jsonrpc`). Nothing connects until the
 * first call. Calls fail independently; {@link Client.close} aborts those in flight, and a call
 * whose timeout expires or whose signal fires aborts its own POST. Throws a RangeError when a
 * limit of `options` is out of range ({@link ScannerOptions}).
 */
export function createHTTPClient(url: string | URL, options: JsonHTTPClientOptions = {}): Client {
  const { timeout, interceptors, busyPoll } = options;
  return Client.withCodec(new HTTPClientCodec(url, options), { timeout, interceptors, busyPoll });
}
