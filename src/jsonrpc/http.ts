// JSON-RPC over HTTP POST, as the reference examples build it in Go: every POST body holds one
// request, served with `rpc.ServeRequest(jsonrpc.NewServerCodec(conn))` where conn reads the
// body and writes the response; the response body is the codec's output, one JSON value and a
// newline. The client side sends each call as its own POST and reads its answer from the
// response body, through the same Client as the socket codecs.
import * as http from 'node:http';
import * as https from 'node:https';
import { Duplex } from 'node:stream';
import { debuglog } from 'node:util';
import type { Schema } from '../gob/index.js';
import {
  Client, type ClientCodec, type ClientCodecHandler, DISCARD, type RequestHeader, RpcError, RpcErrorCode, type Server,
} from '../rpc/index.js';
import { deliver, type JsonClientOptions, type JsonCodecOptions, requestText, responseHeader } from './client.js';
import { DecCompiler } from './decode.js';
import { EncCompiler } from './encode.js';
import { readResponse } from './envelope.js';
import { JsonScanner, DEFAULT_MAX_MESSAGE_SIZE } from './scanner.js';
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
  constructor(private readonly req: http.IncomingMessage, private readonly res: http.ServerResponse) {
    super({ allowHalfOpen: true });
    req.on('data', (chunk: Buffer) => {
      if (!this.push(chunk)) req.pause();
    });
    req.once('end', () => this.push(null));
    req.once('error', (e) => this.destroy(e));
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
 */
export function httpHandler(server: Server, options: JsonCodecOptions = {}): (req: http.IncomingMessage, res: http.ServerResponse) => void {
  return (req, res) => {
    if (req.method !== 'POST') {
      req.resume();
      res.writeHead(405, { 'Content-Type': 'text/plain; charset=utf-8', Allow: 'POST' });
      res.end('405 method not allowed: JSON-RPC requests are POSTed\n');
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
 * page not found` elsewhere. Listen on it as on any `node:http` server.
 */
export function createHTTPServer(server: Server, options: JsonHTTPOptions = {}): http.Server {
  const path = options.path ?? DEFAULT_JSONRPC_PATH;
  const handler = httpHandler(server, options);
  return http.createServer((req, res) => {
    const q = req.url?.indexOf('?') ?? -1;
    const p = q < 0 ? req.url : req.url!.slice(0, q);
    if (p === path) {
      handler(req, res);
      return;
    }
    req.resume();
    res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8', 'X-Content-Type-Options': 'nosniff' });
    res.end('404 page not found\n');
  });
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
  private readonly inFlight = new Set<http.ClientRequest>();
  private closed = false;
  private readonly maxMessageSize: number;

  constructor(url: string | URL, private readonly options: JsonHTTPClientOptions = {}) {
    this.url = new URL(url);
    if (this.url.protocol !== 'http:' && this.url.protocol !== 'https:') throw new TypeError(`jsonrpc: ${this.url.href}: want an http or https URL`);
    this.ownAgent = options.agent === undefined;
    this.agent = options.agent ?? new (this.url.protocol === 'https:' ? https.Agent : http.Agent)({ keepAlive: true });
    this.maxMessageSize = options.maxMessageSize ?? DEFAULT_MAX_MESSAGE_SIZE;
  }

  start(handler: ClientCodecHandler): void {
    this.handler = handler;
  }

  writeRequest(header: RequestHeader, args: unknown, argSchema: Schema | undefined): void {
    if (this.closed) return;
    const body = Buffer.from(requestText(header.serviceMethod, this.enc.get(argSchema)(args), header.seq), 'utf8');
    const send = this.url.protocol === 'https:' ? https.request : http.request;
    const req = send(this.url, {
      method: 'POST',
      agent: this.agent,
      headers: { ...this.options.headers, 'Content-Type': 'application/json', 'Content-Length': String(body.length) },
    });
    this.inFlight.add(req);
    let settled = false;
    const finish = (error: Error | undefined, bytes?: Uint8Array) => {
      if (settled) return;
      settled = true;
      this.inFlight.delete(req);
      if (this.closed) return;
      this.answer(header, error, bytes);
    };
    req.on('error', (e) => finish(new RpcError(RpcErrorCode.Http, `jsonrpc over http: POST ${this.url.href}: ${e.message}`, { cause: e })));
    req.on('response', (res) => {
      if (res.statusCode !== 200) {
        res.resume();
        finish(new RpcError(RpcErrorCode.Http, `jsonrpc over http: POST ${this.url.href}: unexpected HTTP response: ${res.statusCode} ${res.statusMessage ?? ''}`.trimEnd()));
        return;
      }
      const scanner = new JsonScanner({ maxMessageSize: this.maxMessageSize, maxDepth: this.options.maxDepth });
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

  close(): void {
    if (this.closed) return;
    this.closed = true;
    for (const r of this.inFlight) r.destroy();
    this.inFlight.clear();
    if (this.ownAgent) this.agent.destroy();
    this.handler?.closed(null);
  }
}

/**
 * A JSON-RPC client that POSTs each call to `url` (a Go server set up as the reference examples
 * do: `rpc.ServeRequest(jsonrpc.NewServerCodec(...))` on `/jsonrpc`). Nothing connects until the
 * first call. Calls fail independently; {@link Client.close} aborts those in flight.
 */
export function createHTTPClient(url: string | URL, options: JsonHTTPClientOptions = {}): Client {
  return Client.withCodec(new HTTPClientCodec(url, options), { timeout: options.timeout });
}
