// Every request to an RPC HTTP server gets the answer Go's ServeMux gives it: the same raw
// requests go to Go's HandleHTTP server (interop/arith -mode http) and to ours (createHTTPServer,
// and handleHTTP on a server with its own routes), with bare LF and CRLF line ends, HTTP/1.0
// and 1.1, and the answers are compared byte for byte where Go's bytes are reachable.
import assert from 'node:assert/strict';
import http from 'node:http';
import type net from 'node:net';
import { connect as netConnect } from 'node:net';
import { after, before, describe, test } from 'node:test';
import { createHTTPServer as createJsonHTTPServer } from '../../src/jsonrpc/index.js';
import { createHTTPServer, dialHTTP, isRpcError, Server } from '../../src/rpc/index.js';
import { rejection } from '../helpers/assert.js';
import { Arith, arithImpl, type Peer, runGo, startGo, suiteCleanup } from '../helpers/goproc.js';
import { HTTP_DATE, rawExchange, type RawResponse } from '../helpers/rawhttp.js';

const NOT_FOUND_1_0 =
  'HTTP/1.0 404 Not Found\r\nContent-Type: text/plain; charset=utf-8\r\n' +
  'X-Content-Type-Options: nosniff\r\nDate: <date>\r\nContent-Length: 19\r\n\r\n404 page not found\n';

/** The response's bytes with its Date value replaced by `<date>`, after checking its format. */
function undated(r: RawResponse): string {
  if (r.date !== undefined) assert.match(r.date, HTTP_DATE);
  return r.date === undefined ? r.bytes : r.bytes.replace(`Date: ${r.date}\r\n`, 'Date: <date>\r\n');
}

/**
 * The first bytes answered to `request` once they hold a whole head: a connected RPC connection
 * stays open, so its answer has no end to wait for.
 */
function connectedAnswer(addr: string, request: string): Promise<string> {
  const i = addr.lastIndexOf(':');
  const s = netConnect({ host: addr.slice(0, i), port: Number(addr.slice(i + 1)) });
  s.write(Buffer.from(request, 'latin1'));
  let got = '';
  return new Promise<string>((resolve, reject) => {
    s.on('data', (d: Buffer) => {
      got += d.toString('latin1');
      if (/\n\r?\n/.test(got)) {
        s.destroy();
        resolve(got);
      }
    });
    s.on('error', reject);
    s.on('close', () => reject(new Error(`closed after ${JSON.stringify(got)}`)));
  });
}

async function listen(s: http.Server): Promise<string> {
  await new Promise<void>((res) => s.listen(0, '127.0.0.1', res));
  return `127.0.0.1:${(s.address() as net.AddressInfo).port}`;
}

async function shut(s: http.Server): Promise<void> {
  s.closeAllConnections();
  await new Promise((res) => s.close(res));
}

describe("CONNECT and other requests off the RPC path, answered as Go's ServeMux", () => {
  let go: Peer;
  let goJson: Peer;
  const rpc = new Server().register(Arith, arithImpl);
  const ours = createHTTPServer(rpc);
  // A user's server with its own route, and Go's two paths added by handleHTTP.
  const user = http.createServer((req, res) => res.end(`user route ${req.method} ${req.url}`));
  rpc.handleHTTP(user);
  const json = createJsonHTTPServer(rpc);
  let oursAddr = '';
  let userAddr = '';
  let jsonAddr = '';
  const cleanup = suiteCleanup();

  before(async () => {
    [go, goJson] = await Promise.all([startGo('arith', ['-mode', 'http'], cleanup), startGo('hello', ['-mode', 'httpjsonrpc'], cleanup)]);
    [oursAddr, userAddr, jsonAddr] = await Promise.all([listen(ours), listen(user), listen(json)]);
  });
  after(async () => {
    await Promise.all([shut(ours), shut(user), shut(json)]);
  });

  // CONNECTs are answered on the raw socket, so the bytes are Go's own but for the Date value
  // and, for HTTP/1.1, `Connection: close` (Go keeps that connection open; we close it).
  const connects: Array<{ request: string; path: string }> = [
    { request: 'CONNECT /nowhere HTTP/1.0\n\n', path: '/nowhere' },
    { request: 'CONNECT /nowhere HTTP/1.0\r\n\r\n', path: '/nowhere' },
    { request: 'CONNECT /nowhere HTTP/1.1\n\n', path: '/nowhere' },
    { request: 'CONNECT /nowhere HTTP/1.1\r\nHost: x\r\n\r\n', path: '/nowhere' },
    { request: 'CONNECT /wrong_path HTTP/1.0\nUser-Agent: x\r\n\n', path: '/wrong_path' },
    { request: 'CONNECT /wrong_path HTTP/1.1\r\nHost: x\n\n', path: '/wrong_path' },
    { request: 'CONNECT /_goRPC_/ HTTP/1.0\n\n', path: '/_goRPC_/' },
    { request: 'CONNECT /a/../_goRPC_ HTTP/1.0\n\n', path: '/a/../_goRPC_' },
    { request: 'CONNECT 127.0.0.1:80 HTTP/1.1\r\nHost: 127.0.0.1:80\r\n\r\n', path: '127.0.0.1:80' },
    { request: 'CONNECT /debug/rpc HTTP/1.0\n\n', path: '/debug/rpc' },
    { request: 'CONNECT /debug/rpc HTTP/1.1\r\nHost: x\r\n\r\n', path: '/debug/rpc' },
  ];
  for (const { request } of connects) {
    test(`${JSON.stringify(request)}: Go's answer, byte for byte`, async () => {
      const goAnswer = undated(await rawExchange(go.addr, request));
      const want = request.includes('HTTP/1.1') ? goAnswer.replace('\r\n\r\n', '\r\nConnection: close\r\n\r\n') : goAnswer;
      if (request.includes('/debug/rpc'))
        assert.match(
          goAnswer,
          /^HTTP\/1\.[01] 200 OK\r\nDate: <date>\r\nContent-Length: 418\r\nContent-Type: text\/html; charset=utf-8\r\n\r\n<html>/,
        );
      else assert.match(goAnswer, /^HTTP\/1\.[01] 404 Not Found\r\n[\s\S]*\r\n\r\n404 page not found\n$/);
      assert.equal(undated(await rawExchange(oursAddr, request)), want, 'createHTTPServer');
      assert.equal(undated(await rawExchange(userAddr, request)), want, 'handleHTTP on a server with its own routes');
    });
  }

  test("the issue's input: Go's exact 404 to a bare-LF CONNECT elsewhere", async () => {
    for (const addr of [go.addr, oursAddr, userAddr, jsonAddr, goJson.addr]) {
      assert.equal(undated(await rawExchange(addr, 'CONNECT /nowhere HTTP/1.0\n\n')), NOT_FOUND_1_0, addr);
    }
  });

  // Other methods reach Node's HTTP server (their bare LFs made CRLF first): the same status,
  // headers Go sets and body; Node writes `HTTP/1.1` for an HTTP/1.0 request, orders Date and
  // Content-Length its own way for our paths, and adds Connection/Keep-Alive.
  const others = [
    'GET /nowhere HTTP/1.0\n\n',
    'GET /nowhere HTTP/1.0\r\n\r\n',
    'GET /nowhere HTTP/1.1\nHost: x\n\n',
    'GET /nowhere HTTP/1.1\r\nHost: x\r\n\r\n',
    'GET /nowhere HTTP/1.1\r\nHost: x\n\r\n',
    'POST /nowhere HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\n\r\nabc',
    'POST /nowhere HTTP/1.0\nContent-Length: 3\n\nabc',
    'HEAD /nowhere HTTP/1.0\n\n',
    'GET /_goRPC_ HTTP/1.0\n\n',
    'POST /_goRPC_ HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n\r\n',
    'GET /debug/rpc HTTP/1.0\n\n',
    // Paths that are not clean: Go's mux redirects them (307) to the cleaned path.
    'GET //_goRPC_ HTTP/1.0\n\n',
    'GET /a/../debug/rpc?x=1&y=<2> HTTP/1.1\r\nHost: x\r\n\r\n',
    'GET /x/.. HTTP/1.0\n\n',
    'GET /a//b/./c/ HTTP/1.1\nHost: x\n\n',
    'POST /a/./b HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n\r\n',
    'HEAD //nowhere HTTP/1.0\n\n',
  ];
  for (const request of others) {
    test(`${JSON.stringify(request)}: Go's status, headers and body`, async () => {
      const want = await rawExchange(go.addr, request);
      const got = await rawExchange(oursAddr, request);
      assert.equal(got.statusLine.replace(/^HTTP\/1\.1 /, ''), want.statusLine.replace(/^HTTP\/1\.[01] /, ''));
      assert.equal(got.body, want.body);
      const goHeaders = want.headers.filter((h) => !h.startsWith('Date: '));
      assert.deepEqual(
        got.headers.filter((h) => goHeaders.includes(h)),
        goHeaders,
      );
    });
  }

  // Heads Go's net/http refuses (readRequest, textproto, server.go's checks): the first head of a
  // connection is checked before any of it is served, and answered with Go's bytes, which have
  // no Date. A malformed CONNECT to the RPC path must never become an RPC connection.
  const malformed = [
    'CONNECT /_goRPC_ HTTP/1.0\nX-Bad Header\n\n',
    'CONNECT /_goRPC_ HTTP/1.0\nHost: a\nHost: b\n\n',
    'CONNECT  /_goRPC_ HTTP/1.0\n\n',
    'CONNECT /_goRPC_ HTTP/2.0\n\n',
    'CONNECT /_goRPC_ HTTP/0.9\n\n',
    'CONNECT /_goRPC_ HTTP/1.10\n\n',
    'CONNECT /_goRPC_ HTTP/1\n\n',
    'CONNECT /_goRPC_ HTTP/1.0 \n\n',
    'CONNECT /_goRPC_ HTTP/1.1\r\nX-Bad Header\r\n\r\n',
    'CONNECT /_goRPC_ HTTP/1.0\n: x\n\n',
    'CONNECT /_goRPC_ HTTP/1.0\nA b: x\n\n',
    'CONNECT /_goRPC_ HTTP/1.0\nX : a\n\n',
    'CONNECT /_goRPC_ HTTP/1.0\n x: y\n\n',
    'CONNECT /_goRPC_ HTTP/1.0\nX: a\x01b\n\n',
    'CONNECT /_goRPC_ HTTP/1.0\nX: a\x7fb\n\n',
    'CONNECT /_goRPC_ HTTP/1.0\nX\x01: a\n\n',
    'CONNECT /_goRPC_ HTTP/1.0\nHost: a b\n\n',
    'CONNECT /_goRPC_ HTTP/1.0\nContent-Length: 1\nContent-Length: 2\n\n',
    'CONNECT /_goRPC_ HTTP/1.0\nContent-Length: x\n\n',
    'CONNECT /nowhere HTTP/1.0\nHost: a\nHost: b\n\n',
    'CONNECT /debug/rpc HTTP/2.0\n\n',
    'FOO\n\n',
    'GET /nowhere HTTP/1.1\n\n',
    'GET /nowhere HTTP/1.0\nX-Bad Header\n\n',
    'GET /_goRPC_ HTTP/3.0\r\n\r\n',
  ];
  for (const request of malformed) {
    test(`${JSON.stringify(request)}: refused with Go's bytes`, async () => {
      const want = (await rawExchange(go.addr, request)).bytes;
      assert.match(want, /^HTTP\/1\.1 (400|505) /);
      for (const addr of [oursAddr, userAddr, jsonAddr]) assert.equal((await rawExchange(addr, request)).bytes, want, addr);
    });
  }

  // Heads Go reads: the RPC connection as Go makes it.
  for (const request of [
    'CONNECT /_goRPC_ HTTP/1.0\nX: a\n b\n\n',
    'CONNECT /_goRPC_ HTTP/1.1\n\n',
    'CONNECT /_goRPC_ HTTP/1.0\nX:\n\n',
    'CONNECT /_goRPC_ HTTP/1.0\nX: a\tb\xe9\n\n',
    'CONNECT /_goRPC_ HTTP/1.0\nContent-Length: 0\nContent-Length: 0\n\n',
  ]) {
    test(`${JSON.stringify(request)}: connected, as by Go`, async () => {
      for (const addr of [go.addr, oursAddr, userAddr])
        assert.equal(await connectedAnswer(addr, request), 'HTTP/1.0 200 Connected to Go RPC\n\n', addr);
    });
  }

  // Node's parser refuses what it cannot read before any listener sees it; createHTTPServer
  // answers with Go's 400 or 431 bytes (a server of your own answers as Node's does).
  test("a lowercase method and an oversized head: Go's 400 and 431 bytes (Go answers the first 405)", async () => {
    assert.equal((await rawExchange(go.addr, 'connect /_goRPC_ HTTP/1.0\n\n')).statusLine, 'HTTP/1.0 405 Method Not Allowed');
    const bad = (await rawExchange(go.addr, 'FOO\n\n')).bytes;
    for (const addr of [oursAddr, jsonAddr]) assert.equal((await rawExchange(addr, 'connect /_goRPC_ HTTP/1.0\n\n')).bytes, bad, addr);
    const big = 'GET /nowhere HTTP/1.0\r\n' + 'X: '.padEnd(1100 * 1024, 'a') + '\r\n\r\n';
    const want = (await rawExchange(go.addr, big)).bytes;
    assert.equal(
      want,
      'HTTP/1.1 431 Request Header Fields Too Large\r\nContent-Type: text/plain; charset=utf-8\r\nConnection: close\r\n\r\n431 Request Header Fields Too Large',
    );
    for (const addr of [oursAddr, jsonAddr]) assert.equal((await rawExchange(addr, big)).bytes, want, addr);
  });

  test("bare-LF requests reach a user's own routes", async () => {
    for (const [request, body] of [
      ['GET /hello?x=1 HTTP/1.0\n\n', 'user route GET /hello?x=1'],
      ['GET /hello HTTP/1.1\nHost: x\nConnection: close\n\n', 'user route GET /hello'],
      ['POST /form HTTP/1.0\nContent-Length: 3\n\nabc', 'user route POST /form'],
      ['GET /mixed HTTP/1.1\r\nHost: x\nConnection: close\r\n\n', 'user route GET /mixed'],
    ] as const) {
      const r = await rawExchange(userAddr, request);
      assert.equal(r.statusLine, 'HTTP/1.1 200 OK');
      assert.equal(r.body, body);
    }
  });

  test("Go's DialHTTPPath to another path: Go's error from our servers as from Go's", async () => {
    for (const addr of [go.addr, oursAddr, userAddr]) {
      const r = await runGo('dialhttp', ['-addr', addr, '-path', '/wrong_path']);
      assert.equal(r.stdout, `error: dial-http tcp ${addr}: unexpected HTTP response: 404 Not Found\n`, addr);
      const ok = await runGo('dialhttp', ['-addr', addr]);
      assert.equal(ok.stdout, 'connected: 6*7=42\n', addr);
    }
  });

  test("dialHTTP to another path: Go's words, from our servers as from Go's", async () => {
    for (const addr of [go.addr, oursAddr, userAddr]) {
      const e = await rejection(dialHTTP(addr, { path: '/wrong_path' }));
      assert.ok(isRpcError(e));
      assert.deepEqual(
        { code: e.code, message: e.message },
        { code: 'HTTP', message: `dial-http tcp ${addr}: unexpected HTTP response: 404 Not Found` },
      );
    }
  });

  test("jsonrpc over HTTP: requests elsewhere get Go's 404, bare LF or CRLF, and unclean paths Go's 307", async () => {
    for (const request of [
      'GET //jsonrpc HTTP/1.0\n\n',
      'GET /nowhere HTTP/1.0\n\n',
      'POST /nowhere HTTP/1.1\nHost: x\nContent-Length: 2\n\n{}',
      'CONNECT /nowhere HTTP/1.1\r\nHost: x\r\n\r\n',
    ]) {
      const want = await rawExchange(goJson.addr, request);
      const got = await rawExchange(jsonAddr, request);
      assert.equal(got.statusLine.replace(/^HTTP\/1\.1 /, ''), want.statusLine.replace(/^HTTP\/1\.[01] /, ''), request);
      assert.equal(got.body, want.body, request);
    }
  });
});

// A request listener added to createHTTPServer's server is the user's route for every other
// path: the library must not answer there too (the user's `res.end` would then be a write after
// the end, an uncaught error that crashed the process), and its own paths stay its own.
describe("request listeners added to createHTTPServer's server", () => {
  const rpc = new Server().register(Arith, arithImpl);
  const ours = createHTTPServer(rpc).on('request', (_req: http.IncomingMessage, res: http.ServerResponse) => res.end('x'));
  const json = createJsonHTTPServer(rpc).on('request', (_req: http.IncomingMessage, res: http.ServerResponse) => res.end('x'));
  let oursAddr = '';
  let jsonAddr = '';
  before(async () => {
    [oursAddr, jsonAddr] = await Promise.all([listen(ours), listen(json)]);
  });
  after(async () => {
    await Promise.all([shut(ours), shut(json)]);
  });

  for (const request of [
    'GET /nope HTTP/1.0\n\n',
    'GET /nope HTTP/1.1\r\nHost: x\r\n\r\n',
    'GET //x HTTP/1.0\n\n',
    'POST /a/../b HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n\r\n',
  ]) {
    test(`${JSON.stringify(request)}: the listener's answer, no 404 or 307 of the library's`, async () => {
      for (const addr of [oursAddr, jsonAddr]) {
        const r = await rawExchange(addr, request);
        assert.equal(r.statusLine, 'HTTP/1.1 200 OK', addr);
        assert.equal(r.body, 'x', addr);
      }
    });
  }

  test("the library's own paths keep Go's answers, and the listener's late write is dropped", async () => {
    const r = await rawExchange(oursAddr, 'GET /_goRPC_ HTTP/1.0\n\n');
    assert.deepEqual([r.statusLine, r.body], ['HTTP/1.1 405 Method Not Allowed', '405 must CONNECT\n']);
    const d = await rawExchange(oursAddr, 'GET /debug/rpc HTTP/1.1\r\nHost: x\r\n\r\n');
    assert.equal(d.statusLine, 'HTTP/1.1 200 OK');
    assert.match(d.body, /^<html>/);
    const j = await rawExchange(jsonAddr, 'GET /jsonrpc HTTP/1.0\n\n');
    assert.equal(j.statusLine, 'HTTP/1.1 405 Method Not Allowed');
    assert.equal(j.body, '405 method not allowed: JSON-RPC requests are POSTed\n');
    // The server still serves RPC after them: the process did not crash.
    const c = await dialHTTP(oursAddr);
    assert.equal(await c.service(Arith).Multiply({ A: 6, B: 7 }), 42);
    c.close();
  });
});
