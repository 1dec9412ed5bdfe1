// net/rpc over HTTP, as client.go's DialHTTPPath and server.go's ServeHTTP/HandleHTTP: the
// client sends `CONNECT /_goRPC_ HTTP/1.0` with bare LF line ends and expects
// `HTTP/1.0 200 Connected to Go RPC`; from then on the connection speaks gob RPC.
//
// Node's HTTP parser refuses bare LF line ends, so a Go client's CONNECT never reaches the
// server's 'connect' event. The server side therefore looks at the first bytes of every
// connection before Node's parser does: a CONNECT for the RPC path is answered here, and
// anything else is handed to the HTTP server unchanged.
import * as http from 'node:http';
import type * as net from 'node:net';
import type { Duplex } from 'node:stream';
import * as tls from 'node:tls';
import { debuglog } from 'node:util';
import { DEFAULT_DEBUG_PATH, renderDebugPage } from './debug.js';
import { RpcError, RpcErrorCode } from './error.js';
import type { Server } from './server.js';

const debug = debuglog('gobrpc');

/** Go's `DefaultRPCPath`. */
export const DEFAULT_RPC_PATH = '/_goRPC_';
/** The status Go's server answers a CONNECT with, and the only one Go's client accepts. */
export const CONNECTED = '200 Connected to Go RPC';

/** Largest HTTP head read during the handshake, either side. */
const MAX_HEAD = 64 * 1024;

/**
 * The offset just after the empty line that ends an HTTP head, or -1 if it has not arrived.
 * Lines end with LF, optionally preceded by CR (Go's textproto reader accepts both).
 */
function headEnd(b: Uint8Array): number {
  let lineStart = 0;
  for (let i = 0; i < b.length; i++) {
    if (b[i] !== 0x0a) continue;
    const len = i - lineStart;
    if (len === 0 || (len === 1 && b[lineStart] === 0x0d)) return i + 1;
    lineStart = i + 1;
  }
  return -1;
}

function firstLine(b: Uint8Array): string {
  const s = Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString('latin1');
  const nl = s.indexOf('\n');
  const line = nl < 0 ? s : s.slice(0, nl);
  return line.endsWith('\r') ? line.slice(0, -1) : line;
}

/**
 * The status of an HTTP response line as Go's http.ReadResponse takes it ("200 Connected to Go
 * RPC"), or Go's error text for a malformed line.
 */
function parseStatus(line: string): { status: string } | { error: string } {
  const sp = line.indexOf(' ');
  if (sp < 0) return { error: `malformed HTTP response ${JSON.stringify(line)}` };
  const proto = line.slice(0, sp);
  const status = line.slice(sp + 1).replace(/^ +/, '');
  const code = status.split(' ')[0]!;
  if (code.length !== 3) return { error: `malformed HTTP status code ${JSON.stringify(code)}` };
  if (!/^HTTP\/\d\.\d$/.test(proto)) return { error: `malformed HTTP version ${JSON.stringify(proto)}` };
  return { status };
}

/**
 * The client half of the handshake, on a connected stream: client.go's DialHTTPPath after
 * net.Dial. Bytes that follow the response head are put back on the stream for the codec.
 * `netDesc` ("tcp 127.0.0.1:1234") goes into Go's error text.
 */
export function connectHTTP(socket: Duplex, path: string, netDesc: string): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    let buf: Buffer = Buffer.alloc(0);
    const cleanup = () => {
      socket.removeListener('data', onData);
      socket.removeListener('end', onEnd);
      socket.removeListener('error', onError);
      socket.removeListener('close', onEnd);
    };
    const fail = (msg: string, cause?: unknown) => {
      cleanup();
      reject(new RpcError(RpcErrorCode.Http, `dial-http ${netDesc}: ${msg}`, { cause }));
    };
    const onData = (chunk: Buffer) => {
      buf = buf.length === 0 ? chunk : Buffer.concat([buf, chunk]);
      const end = headEnd(buf);
      if (end < 0) {
        if (buf.length > MAX_HEAD) fail('HTTP response head too long');
        return;
      }
      cleanup();
      socket.pause();
      if (end < buf.length) socket.unshift(buf.subarray(end));
      const st = parseStatus(firstLine(buf));
      if ('error' in st) fail(st.error);
      else if (st.status !== CONNECTED) fail('unexpected HTTP response: ' + st.status);
      else resolve();
    };
    const onEnd = () => fail('unexpected EOF');
    const onError = (e: Error) => fail(e.message, e);
    socket.on('data', onData);
    socket.once('end', onEnd);
    socket.once('close', onEnd);
    socket.once('error', onError);
    socket.write(`CONNECT ${path} HTTP/1.0\n\n`);
  });
}

/** Options of {@link handleHTTP}. */
export interface HandleHTTPOptions {
  /** Where clients CONNECT. Default `/_goRPC_` (Go's `DefaultRPCPath`). */
  rpcPath?: string;
  /** Where the debug page is served. Default `/debug/rpc` (Go's `DefaultDebugPath`). */
  debugPath?: string;
}

function pathOf(target: string | undefined): string {
  if (target === undefined) return '';
  const q = target.indexOf('?');
  return q < 0 ? target : target.slice(0, q);
}

const WAIT = -1;
const NOT_OURS = -2;

/**
 * Looks at the first bytes of a connection: WAIT until they decide, NOT_OURS for anything but
 * a CONNECT to `rpcPath`, else the offset where that request's head ends.
 */
function sniff(b: Buffer, rpcPath: string): number {
  const prefix = 'CONNECT ';
  const n = Math.min(b.length, 8192);
  const s = b.toString('latin1', 0, n);
  if (s.length < prefix.length) return prefix.startsWith(s) ? WAIT : NOT_OURS;
  if (!s.startsWith(prefix)) return NOT_OURS;
  const nl = s.indexOf('\n');
  if (nl < 0) return b.length >= 8192 ? NOT_OURS : WAIT;
  const parts = s.slice(0, nl).replace(/\r$/, '').split(' ');
  if (parts.length !== 3 || pathOf(parts[1]) !== rpcPath || !/^HTTP\/1\.\d$/.test(parts[2]!)) return NOT_OURS;
  const end = headEnd(b);
  if (end < 0) return b.length > MAX_HEAD ? NOT_OURS : WAIT;
  return end;
}

/** Answers a CONNECT as server.go's ServeHTTP does, then serves RPC on the connection. */
function serveConnected(rpc: Server, socket: Duplex, rest: Uint8Array | undefined): void {
  socket.write('HTTP/1.0 ' + CONNECTED + '\n\n');
  if (rest && rest.length > 0) {
    socket.pause();
    socket.unshift(rest);
  }
  void rpc.serveConn(socket);
}

type ConnectionListener = (socket: net.Socket) => void;
type RequestListener = (req: http.IncomingMessage, res: http.ServerResponse) => void;

/**
 * Serves net/rpc on an HTTP server (Go: `Server.HandleHTTP`, on the server's own routes rather
 * than a global mux). A CONNECT to `rpcPath` is answered `HTTP/1.0 200 Connected to Go RPC`
 * and the connection then speaks gob RPC; other methods on `rpcPath` get Go's `405 must
 * CONNECT`; `debugPath` serves Go's debug page. Every other request goes to the request
 * listeners the server had when this was called (or gets Go's `404 page not found` if it had
 * none). Call it after adding your own request handler.
 */
export function handleHTTP(rpc: Server, httpServer: http.Server, options: HandleHTTPOptions = {}): void {
  const rpcPath = options.rpcPath ?? DEFAULT_RPC_PATH;
  const debugPath = options.debugPath ?? DEFAULT_DEBUG_PATH;

  // Connections: take a CONNECT to rpcPath before Node's parser can refuse its bare LFs.
  const event = httpServer instanceof tls.Server ? 'secureConnection' : 'connection';
  const original = httpServer.listeners(event) as ConnectionListener[];
  httpServer.removeAllListeners(event);
  httpServer.on(event, (socket: net.Socket) => {
    let buf: Buffer = Buffer.alloc(0);
    const timer = setTimeout(() => socket.destroy(), httpServer.headersTimeout || 60_000);
    const cleanup = () => {
      clearTimeout(timer);
      socket.removeListener('data', onData);
      socket.removeListener('error', onError);
      socket.removeListener('end', onGone);
    };
    const onError = (e: Error) => {
      debug('rpc: http connection error before the first request: %s', e.message);
      cleanup();
      socket.destroy();
    };
    const onGone = () => {
      cleanup();
      socket.destroy();
    };
    const onData = (chunk: Buffer) => {
      buf = buf.length === 0 ? chunk : Buffer.concat([buf, chunk]);
      const end = sniff(buf, rpcPath);
      if (end === WAIT) return;
      cleanup();
      if (end !== NOT_OURS) {
        serveConnected(rpc, socket, buf.subarray(end));
        return;
      }
      // Not ours: give the bytes back and let the HTTP server have the connection.
      socket.unshift(buf);
      for (const l of original) l.call(httpServer, socket);
      // Node's server may read the socket natively, past the bytes just put back; a 'data'
      // listener makes it parse through stream events, in order.
      const noop = () => {};
      socket.on('data', noop);
      socket.removeListener('data', noop);
    };
    socket.on('data', onData);
    socket.on('error', onError);
    socket.on('end', onGone);
  });

  // A CONNECT that follows other requests on a kept-alive connection reaches Node's parser
  // (which accepts it only with CRLF line ends).
  httpServer.on('connect', (req: http.IncomingMessage, socket: Duplex, head: Buffer) => {
    if (pathOf(req.url) === rpcPath) serveConnected(rpc, socket, head);
    else if (httpServer.listenerCount('connect') === 1) socket.destroy();
  });

  // Requests: the two paths of Go's HandleHTTP; everything else to the server's own handlers.
  const handlers = httpServer.listeners('request') as RequestListener[];
  httpServer.removeAllListeners('request');
  httpServer.on('request', (req: http.IncomingMessage, res: http.ServerResponse) => {
    const path = pathOf(req.url);
    if (path === rpcPath) {
      reply(res, 405, { 'Content-Type': 'text/plain; charset=utf-8' }, '405 must CONNECT\n');
    } else if (path === debugPath) {
      reply(res, 200, { 'Content-Type': 'text/html; charset=utf-8' }, renderDebugPage(rpc.describe()));
    } else if (handlers.length === 0) {
      reply(res, 404, { 'Content-Type': 'text/plain; charset=utf-8', 'X-Content-Type-Options': 'nosniff' }, '404 page not found\n');
    } else {
      for (const h of handlers) h.call(httpServer, req, res);
    }
  });
}

/** A whole response with its length, as Go sends a short body (not chunked). */
function reply(res: http.ServerResponse, status: number, headers: http.OutgoingHttpHeaders, body: string): void {
  res.writeHead(status, { ...headers, 'Content-Length': Buffer.byteLength(body) });
  res.end(body);
}

/**
 * An HTTP server that serves only net/rpc (Go: `HandleHTTP` then `http.Serve` with the default
 * mux): listen on it as on any `node:http` server.
 */
export function createHTTPServer(rpc: Server, options: HandleHTTPOptions = {}): http.Server {
  const server = http.createServer();
  handleHTTP(rpc, server, options);
  return server;
}
