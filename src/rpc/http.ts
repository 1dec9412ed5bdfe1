// net/rpc over HTTP, as client.go's DialHTTPPath and server.go's ServeHTTP/HandleHTTP: the
// client sends `CONNECT /_goRPC_ HTTP/1.0` with bare LF line ends and expects
// `HTTP/1.0 200 Connected to Go RPC`; from then on the connection speaks gob RPC.
//
// Node's HTTP parser refuses bare LF line ends, so a Go client's CONNECT never reaches the
// server's 'connect' event. The server side therefore looks at the first request head of every
// connection before Node's parser does: a CONNECT for the RPC path is answered here, a head
// with bare LF line ends is handed on with CRLF ones (Go's textproto reader accepts both), and
// anything else is handed to the HTTP server unchanged. Every other CONNECT is answered as Go's
// ServeMux would: the debug page on the debug path, else `404 page not found`.
import * as http from 'node:http';
import type * as net from 'node:net';
import type { Duplex } from 'node:stream';
import * as tls from 'node:tls';
import { debuglog } from 'node:util';
import { DIRECT_READS, type DirectReads } from './conn.js';
import { DEFAULT_DEBUG_PATH, renderDebugPage, type ServiceInfo } from './debug.js';
import { ERR_SHUTTING_DOWN, RpcError, RpcErrorCode } from './error.js';
import { MAX_TIMER_MS } from './timer.js';

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
 * `netDesc` ("tcp 127.0.0.1:1234") goes into Go's error text. It has no deadline of its own
 * (dialHTTP puts its own around it): destroying the stream rejects it with `unexpected EOF`.
 */
export function connectHTTP(socket: Duplex, path: string, netDesc: string): Promise<void> {
  // A socket that reads into memory of its own (see DirectReads) emits no 'data': its chunks
  // come from the reads, and the bytes after the head go back to them for the Client.
  const reads = (socket as { [DIRECT_READS]?: DirectReads })[DIRECT_READS];
  return new Promise<void>((resolve, reject) => {
    let buf: Buffer = Buffer.alloc(0);
    let rest: Uint8Array | undefined;
    const cleanup = () => {
      if (reads) {
        reads.detach(rest);
        rest = undefined;
      } else socket.removeListener('data', onData);
      socket.removeListener('end', onEnd);
      socket.removeListener('error', onError);
      socket.removeListener('close', onEnd);
    };
    const fail = (msg: string, cause?: unknown) => {
      cleanup();
      reject(new RpcError(RpcErrorCode.Http, `dial-http ${netDesc}: ${msg}`, { cause }));
    };
    const onData = (chunk: Uint8Array) => {
      buf = buf.length === 0 ? Buffer.from(chunk.buffer, chunk.byteOffset, chunk.length) : Buffer.concat([buf, chunk]);
      const end = headEnd(buf);
      if (end < 0) {
        if (buf.length > MAX_HEAD) fail('HTTP response head too long');
        return;
      }
      if (reads) rest = buf.subarray(end);
      cleanup();
      socket.pause();
      if (!reads && end < buf.length) socket.unshift(buf.subarray(end));
      const st = parseStatus(firstLine(buf));
      if ('error' in st) fail(st.error);
      else if (st.status !== CONNECTED) fail('unexpected HTTP response: ' + st.status);
      else resolve();
    };
    const onEnd = () => fail('unexpected EOF');
    const onError = (e: Error) => fail(e.message, e);
    if (reads) reads.attach(onData);
    else socket.on('data', onData);
    socket.once('end', onEnd);
    socket.once('close', onEnd);
    socket.once('error', onError);
    socket.write(`CONNECT ${path} HTTP/1.0\n\n`);
  });
}

/** Options of `handleHTTP` and `createHTTPServer`. */
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

/** What the first bytes of a connection decide: wait for more, serve RPC, or hand them on. */
type Sniffed =
  | { kind: 'wait' }
  | { kind: 'ours'; end: number; path: string; version: string }
  | { kind: 'http'; bytes: Buffer }
  | { kind: 'refuse'; bytes: string };

const ERROR_HEADERS = '\r\nContent-Type: text/plain; charset=utf-8\r\nConnection: close\r\n\r\n';

/** Go's server.go answer to a request it could not read: `HTTP/1.1 <text>`, its headers, `<text>` as body. */
function goError(text: string): string {
  return 'HTTP/1.1 ' + text + ERROR_HEADERS + text;
}

/** What Go's server answers a request head net/http's readRequest refuses (server.go's readRequest error answers). */
const BAD_REQUEST = goError('400 Bad Request');
/** Go's answer to a head larger than its limit. */
const HEADER_TOO_LARGE = goError('431 Request Header Fields Too Large');
const VERSION_NOT_SUPPORTED = goError('505 HTTP Version Not Supported: unsupported protocol version');

const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
/** A header name as textproto takes it: token bytes, and spaces (which server.go refuses later). */
const MIME_KEY = /^[!#$%&'*+\-.^_`|~0-9A-Za-z ]+$/;
/** Bytes of a header value textproto refuses: controls but HTAB, and DEL. */
const BAD_VALUE = /[\x00-\x08\x0a-\x1f\x7f]/;
/** httpguts.ValidHostHeader's bytes. */
const HOST = /^[A-Za-z0-9!$%&'()*+,\-.:;=@[\]_~]*$/;

/**
 * Go's answer to a request head net/http refuses, or undefined if it reads it: readRequest's
 * request line (method, target, `HTTP/x.y`), textproto's header lines, then server.go's checks
 * (HTTP/1 only, one Host and a valid one, header names, Content-Length). Not every check of Go's
 * is here (the target's URL syntax is not); those that are answer with Go's exact bytes.
 */
function refusal(head: Buffer): string | undefined {
  const lines = head
    .toString('latin1')
    .split('\n')
    .map((l) => (l.endsWith('\r') ? l.slice(0, -1) : l));
  lines.length -= 2; // The empty line that ends the head, and what follows its LF.
  const line = lines[0]!;
  const sp1 = line.indexOf(' ');
  const sp2 = sp1 < 0 ? -1 : line.indexOf(' ', sp1 + 1);
  if (sp2 < 0) return BAD_REQUEST;
  const method = line.slice(0, sp1);
  const target = line.slice(sp1 + 1, sp2);
  const proto = line.slice(sp2 + 1);
  if (!TOKEN.test(method) || target === '') return BAD_REQUEST;
  const v = /^HTTP\/(\d)\.(\d)$/.exec(proto);
  if (v === null) return BAD_REQUEST;
  if (v[1] !== '1' && !(proto === 'HTTP/2.0' && method === 'PRI' && target === '*')) return VERSION_NOT_SUPPORTED;
  const hosts: string[] = [];
  const lengths: string[] = [];
  let badName = false;
  for (let i = 1; i < lines.length; i++) {
    const l = lines[i]!;
    // A continuation line folds into the previous header; it cannot start the headers.
    if (l[0] === ' ' || l[0] === '\t') {
      if (i === 1 || BAD_VALUE.test(l)) return BAD_REQUEST;
      continue;
    }
    const colon = l.indexOf(':');
    if (colon < 0) return BAD_REQUEST;
    const name = l.slice(0, colon);
    const value = l.slice(colon + 1).replace(/^[ \t]+|[ \t]+$/g, '');
    if (!MIME_KEY.test(name) || BAD_VALUE.test(value)) return BAD_REQUEST;
    if (name.includes(' ')) badName = true;
    const key = name.toLowerCase();
    if (key === 'host') hosts.push(value);
    if (key === 'content-length') lengths.push(value);
  }
  if (hosts.length > 1) return BAD_REQUEST;
  if (lengths.some((l) => !/^\d+$/.test(l) || l !== lengths[0])) return BAD_REQUEST;
  if (v[2] !== '0' && hosts.length === 0 && method !== 'CONNECT') return goError('400 Bad Request: missing required Host header');
  if (hosts.length === 1 && !HOST.test(hosts[0]!)) return goError('400 Bad Request: malformed Host header');
  if (badName) return goError('400 Bad Request: invalid header name');
  return undefined;
}

const WAIT: Sniffed = { kind: 'wait' };

/** Longest request line looked at; a longer one is left to Node's parser to refuse. */
const MAX_REQUEST_LINE = 8192;

/**
 * Looks at the first request head of a connection once it has arrived: a CONNECT to a path it
 * `claims` is ours; any other head is handed on, its bare LF line ends made CRLF. Bytes that
 * cannot be an HTTP head (no line end in the first 8 KiB, or no end of head in 64 KiB) are
 * handed on as they are, for Node's parser to refuse.
 */
function sniff(b: Buffer, claims: ((path: string) => boolean) | undefined): Sniffed {
  const nl = b.indexOf(0x0a);
  if (nl < 0) return b.length > MAX_REQUEST_LINE ? { kind: 'http', bytes: b } : WAIT;
  const end = headEnd(b);
  if (end < 0) return b.length > MAX_HEAD ? { kind: 'http', bytes: b } : WAIT;
  const refused = refusal(b.subarray(0, end));
  if (refused !== undefined) return { kind: 'refuse', bytes: refused };
  const parts = b.toString('latin1', 0, nl > 0 && b[nl - 1] === 0x0d ? nl - 1 : nl).split(' ');
  if (claims !== undefined && parts.length === 3 && parts[0] === 'CONNECT' && claims(pathOf(parts[1])) && /^HTTP\/1\.\d$/.test(parts[2]!)) {
    return { kind: 'ours', end, path: pathOf(parts[1]), version: parts[2]! };
  }
  const head = b.subarray(0, end);
  return { kind: 'http', bytes: hasBareLF(head) ? Buffer.concat([withCRLF(head), b.subarray(end)]) : b };
}

function hasBareLF(head: Buffer): boolean {
  for (let i = head.indexOf(0x0a); i >= 0; i = head.indexOf(0x0a, i + 1)) {
    if (i === 0 || head[i - 1] !== 0x0d) return true;
  }
  return false;
}

/** An HTTP head with every bare LF line end made CRLF (lines that have their CR keep it). */
function withCRLF(head: Buffer): Buffer {
  const out: number[] = [];
  for (let i = 0; i < head.length; i++) {
    if (head[i] === 0x0a && (i === 0 || head[i - 1] !== 0x0d)) out.push(0x0d);
    out.push(head[i]!);
  }
  return Buffer.from(out);
}

/**
 * Takes every new connection of `httpServer` before its request parser does (Go's client sends
 * bare LF line ends, which Node's parser refuses): a first request that is a CONNECT to a path
 * `claims` goes to `serve` with its path, its protocol version (`HTTP/1.0`) and the bytes that
 * followed its head, never reaching the server's 'connect' listeners; every other connection
 * goes to the server's own connection listeners, its first head rewritten with CRLF line ends
 * if it had bare LF ones. Only the first request of a connection is looked at: later ones on a
 * kept-alive connection meet Node's parser as they are. Internal: shared with the JSON-RPC
 * HTTP server, which claims nothing.
 */
export function acceptGoRequests(
  httpServer: http.Server,
  claims?: (path: string) => boolean,
  serve?: (socket: net.Socket, path: string, version: string, rest: Uint8Array) => void,
): void {
  const event = httpServer instanceof tls.Server ? 'secureConnection' : 'connection';
  const original = httpServer.listeners(event) as ConnectionListener[];
  httpServer.removeAllListeners(event);
  httpServer.on(event, (socket: net.Socket) => {
    let buf: Buffer = Buffer.alloc(0);
    const timer = setTimeout(() => socket.destroy(), Math.min(httpServer.headersTimeout || 60_000, MAX_TIMER_MS));
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
      const got = sniff(buf, claims);
      if (got.kind === 'wait') return;
      cleanup();
      if (got.kind === 'ours') {
        serve!(socket, got.path, got.version, buf.subarray(got.end));
        return;
      }
      if (got.kind === 'refuse') {
        closeAfter(socket, got.bytes);
        return;
      }
      // Not ours: give the bytes back and let the HTTP server have the connection.
      socket.unshift(got.bytes);
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
}

/** Go's `http.NotFound` body and the headers its `http.Error` sets, in the order Go writes them. */
export const NOT_FOUND = {
  headers: [
    ['Content-Type', 'text/plain; charset=utf-8'],
    ['X-Content-Type-Options', 'nosniff'],
  ] as Array<[string, string]>,
  body: '404 page not found\n',
};

/**
 * Answers a CONNECT request on its raw socket (Node hands CONNECTs over without a
 * ServerResponse), as Go's server writes a short response: `HTTP/1.0` to an HTTP/1.0 request,
 * else `HTTP/1.1`, the handler's headers, then `Date` and `Content-Length`, then a sniffed
 * `Content-Type` if the handler set none. The connection is closed after it, so an HTTP/1.1
 * request also gets `Connection: close` (where Go would keep the connection open).
 */
export function answerConnect(
  requestVersion: string,
  socket: Duplex,
  status: number,
  headers: Array<[string, string]>,
  body: string,
  sniffedType?: string,
): void {
  const version = requestVersion === 'HTTP/1.0' ? 'HTTP/1.0' : 'HTTP/1.1';
  const lines = [`${version} ${status} ${http.STATUS_CODES[status]}`, ...headers.map(([k, v]) => `${k}: ${v}`)];
  lines.push(`Date: ${new Date().toUTCString()}`, `Content-Length: ${Buffer.byteLength(body)}`);
  if (sniffedType !== undefined) lines.push(`Content-Type: ${sniffedType}`);
  if (version === 'HTTP/1.1') lines.push('Connection: close');
  closeAfter(socket, lines.join('\r\n') + '\r\n\r\n' + body);
}

/**
 * A 'clientError' listener answering a request Node's parser refuses with Go's bytes for one
 * net/http refuses: `431` for a head over the limit (Node's `maxHeaderSize`, 16 KiB by default,
 * where Go's is 1 MiB), else `400 Bad Request`. A connection that failed otherwise (reset, timed
 * out) is closed unanswered, as Go's server closes it. Internal: used by both createHTTPServers.
 */
export function answerClientError(err: Error & { code?: string }, socket: Duplex): void {
  if (!socket.writable || err.code === undefined || !err.code.startsWith('HPE_')) {
    socket.destroy();
    return;
  }
  closeAfter(socket, err.code === 'HPE_HEADER_OVERFLOW' ? HEADER_TOO_LARGE : BAD_REQUEST);
}

/** Writes `bytes` as the last thing on `socket` and closes it as Go's server does. */
function closeAfter(socket: Duplex, bytes: string): void {
  socket.end(bytes, 'latin1');
  // As Go's closeWriteAndWait: after the FIN, read and drop what the client still sends (closing
  // with unread input would reset the connection under the answer), then close for good.
  socket.resume();
  const timer = setTimeout(() => socket.destroy(), RST_AVOIDANCE_DELAY_MS);
  socket.once('close', () => clearTimeout(timer));
}

/** How long Go's server waits after its FIN before closing (net/http's rstAvoidanceDelay). */
const RST_AVOIDANCE_DELAY_MS = 500;

/**
 * Answers a CONNECT as server.go's ServeHTTP does, then serves RPC on the connection. While the
 * server drains, the CONNECT is refused with `503 Service Unavailable` instead (Go's DialHTTP
 * then fails with `unexpected HTTP response: 503 Service Unavailable`), so that the client knows
 * at once rather than having the connection cut after it was accepted.
 */
function serveConnected(rpc: RPCEndpoint, version: string, socket: Duplex, rest: Uint8Array | undefined): void {
  if (rpc.isDraining) {
    answerConnect(version, socket, 503, [['Content-Type', 'text/plain; charset=utf-8']], ERR_SHUTTING_DOWN + '\n');
    return;
  }
  socket.write('HTTP/1.0 ' + CONNECTED + '\n\n');
  if (rest && rest.length > 0) {
    socket.pause();
    socket.unshift(rest);
  }
  void rpc.serveConn(socket);
}

type ConnectionListener = (socket: net.Socket) => void;
type RequestListener = (req: http.IncomingMessage, res: http.ServerResponse) => void;
type ConnectListener = (req: http.IncomingMessage, socket: Duplex, head: Buffer) => void;

/**
 * What serving RPC over HTTP needs of the RPC server. server.ts's Server has it and passes
 * itself in (its handleHTTP): a structural type rather than an import of server.ts, which
 * imports this file, so that the two do not import each other.
 */
export interface RPCEndpoint {
  /** Whether the server drains: a CONNECT then gets `503 Service Unavailable`. */
  readonly isDraining: boolean;
  serveConn(stream: Duplex): Promise<void>;
  describe(): ServiceInfo[];
}

/**
 * Routes `httpServer`'s connections, CONNECTs and requests as Go's `Server.HandleHTTP` does
 * (server.ts's handleHTTP documents the routes). Internal: Server.handleHTTP calls it.
 */
export function routeHTTP(rpc: RPCEndpoint, httpServer: http.Server, options: HandleHTTPOptions = {}): void {
  const rpcPath = options.rpcPath ?? DEFAULT_RPC_PATH;
  const debugPath = options.debugPath ?? DEFAULT_DEBUG_PATH;

  // Go's ServeMux routes a CONNECT by its path, as is: RPC, the debug page, the server's own
  // 'connect' listeners, else 404.
  const serveConnect = (version: string, path: string, socket: Duplex, rest: Uint8Array) => {
    if (path === rpcPath) serveConnected(rpc, version, socket, rest);
    else answerConnect(version, socket, 200, [], renderDebugPage(rpc.describe()), 'text/html; charset=utf-8');
  };
  // Connections: take a CONNECT to our paths before Node's parser can refuse its bare LFs, and
  // before a 'connect' listener of the user's can see it.
  acceptGoRequests(
    httpServer,
    (path) => path === rpcPath || path === debugPath,
    (socket, path, version, rest) => serveConnect(version, path, socket, rest),
  );

  // Every other CONNECT reaches Node's parser (one to our paths too, when it follows other
  // requests on a kept-alive connection).
  const connectListeners = httpServer.listeners('connect') as ConnectListener[];
  httpServer.removeAllListeners('connect');
  httpServer.on('connect', (req: http.IncomingMessage, socket: Duplex, head: Buffer) => {
    const path = pathOf(req.url);
    const version = req.httpVersion === '1.0' ? 'HTTP/1.0' : 'HTTP/1.1';
    if (path === rpcPath || path === debugPath) serveConnect(version, path, socket, head);
    else if (connectListeners.length > 0) for (const l of connectListeners) l.call(httpServer, req, socket, head);
    else if (httpServer.listenerCount('connect') === 1) answerConnect(version, socket, 404, NOT_FOUND.headers, NOT_FOUND.body);
  });

  // Requests: the two paths of Go's HandleHTTP; everything else to the server's own handlers,
  // those it had when this was called and those added since (createHTTPServer(rpc).on('request',
  // ...)), which the server calls after this listener. Only a server with neither is Go's
  // ServeMux, answering 404 and cleaning paths: answering for a listener that answers too would
  // end the response twice.
  const handlers = httpServer.listeners('request') as RequestListener[];
  httpServer.removeAllListeners('request');
  httpServer.on('request', (req: http.IncomingMessage, res: http.ServerResponse) => {
    const later = hasLaterListeners(httpServer);
    const routes = handlers.length > 0 || later;
    if (!routes && redirectUncleanPath(req, res)) return;
    const path = pathOf(req.url);
    if (path === rpcPath) {
      reply(res, 405, [['Content-Type', 'text/plain; charset=utf-8']], '405 must CONNECT\n');
      if (later) dropLateWrites(res);
    } else if (path === debugPath) {
      reply(res, 200, [], renderDebugPage(rpc.describe()), 'text/html; charset=utf-8');
      if (later) dropLateWrites(res);
    } else if (!routes) {
      reply(res, 404, NOT_FOUND.headers, NOT_FOUND.body);
    } else {
      for (const h of handlers) h.call(httpServer, req, res);
    }
  });
}

/**
 * Whether `httpServer` has 'request' listeners besides the library's own (the first one), added
 * after it: the user's routes, which the server calls after the library's listener. Internal.
 */
export function hasLaterListeners(httpServer: http.Server): boolean {
  return httpServer.listenerCount('request') > 1;
}

/**
 * Keeps a response the library answered on one of its own paths from crashing the process when
 * a request listener added later writes to it too: Node reports a write after the end as an
 * 'error' event on the response, which with no listener is an uncaught exception. The write is
 * dropped and logged under NODE_DEBUG=gobrpc. Internal.
 */
export function dropLateWrites(res: http.ServerResponse): void {
  res.on('error', (e: Error) => debug('rpc: a request listener wrote to a response already answered on %s: %s', res.req?.url, e.message));
}

/**
 * Go's ServeMux cleanPath: the path rooted, `.` and `..` elements and repeated slashes removed
 * (path.Clean), a trailing slash kept.
 */
function cleanPath(p: string): string {
  if (p === '') return '/';
  const out: string[] = [];
  for (const seg of p.split('/')) {
    if (seg === '' || seg === '.') continue;
    if (seg === '..') out.pop();
    else out.push(seg);
  }
  const clean = '/' + out.join('/');
  return p.endsWith('/') && clean !== '/' ? clean + '/' : clean;
}

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&#34;', "'": '&#39;' };

/**
 * What Go's ServeMux does first with a request whose path is not clean (`//x`, `/a/../x`):
 * answers `307 Temporary Redirect` to the cleaned path, query kept, as http.Redirect writes it.
 * Returns whether it did. Paths with percent-escapes are left alone (Go cleans them unescaped).
 */
export function redirectUncleanPath(req: http.IncomingMessage, res: http.ServerResponse): boolean {
  const target = req.url ?? '';
  const q = target.indexOf('?');
  const path = q < 0 ? target : target.slice(0, q);
  if (!path.startsWith('/') || path.includes('%')) return false;
  const clean = cleanPath(path);
  if (clean === path) return false;
  const location = clean + (q < 0 ? '' : target.slice(q));
  const headers: Array<[string, string]> = [];
  if (req.method === 'GET' || req.method === 'HEAD') headers.push(['Content-Type', 'text/html; charset=utf-8']);
  headers.push(['Location', location]);
  const body = req.method === 'GET' ? `<a href="${location.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c]!)}">Temporary Redirect</a>.\n\n` : '';
  req.resume();
  reply(res, 307, headers, body);
  return true;
}

/**
 * A whole response with its length, as Go sends a short body (not chunked), its headers in
 * Go's order: the handler's, then `Date` and `Content-Length`, then a sniffed `Content-Type`.
 */
export function reply(
  res: http.ServerResponse,
  status: number,
  headers: Array<[string, string]>,
  body: string,
  sniffedType?: string,
): void {
  const all = [...headers, ['Date', new Date().toUTCString()], ['Content-Length', String(Buffer.byteLength(body))]];
  if (sniffedType !== undefined) all.push(['Content-Type', sniffedType]);
  res.writeHead(status, all.flat());
  res.end(body);
}
