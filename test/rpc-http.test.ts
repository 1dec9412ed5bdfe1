// net/rpc over HTTP between TypeScript peers: the CONNECT handshake byte for byte (Go's bare
// LFs included), Go's 405 and debug page, and a user's own routes left alone.
import assert from 'node:assert/strict';
import http from 'node:http';
import net from 'node:net';
import { after, before, describe, test } from 'node:test';
import { Encoder } from '../src/gob/index.js';
import { createHTTPServer, dialHTTP, responseSchema, Server } from '../src/rpc/index.js';
import type { Duplex } from 'node:stream';
import { Arith, arithImpl } from './helpers/goproc.js';
import { rawExchange } from './helpers/rawhttp.js';

async function listenOn(s: http.Server): Promise<string> {
  await new Promise<void>((res) => s.listen(0, '127.0.0.1', res));
  return `127.0.0.1:${(s.address() as net.AddressInfo).port}`;
}

/** Sends raw bytes (in pieces, to split the request anywhere) and collects the reply until `done`. */
async function exchange(port: number, pieces: Array<string | Uint8Array>, done: (got: Buffer) => boolean): Promise<Buffer> {
  const s = net.connect({ host: '127.0.0.1', port });
  await new Promise((res) => s.once('connect', res));
  let got = Buffer.alloc(0);
  const finished = new Promise<Buffer>((res, rej) => {
    s.on('data', (d: Buffer) => {
      got = Buffer.concat([got, d]);
      if (done(got)) res(got);
    });
    s.on('close', () => (done(got) ? res(got) : rej(new Error(`closed after ${JSON.stringify(got.toString('latin1'))}`))));
  });
  finished.catch(() => {});
  for (const p of pieces) {
    s.write(p);
    await new Promise((res) => setTimeout(res, 5));
  }
  const r = await finished;
  s.destroy();
  return r;
}

function fetchText(
  port: number,
  path: string,
  method = 'GET',
): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, path, method, agent: false }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (d: string) => (body += d));
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('rpc over HTTP', () => {
  const rpc = new Server().register(Arith, arithImpl);
  // The user's own server and route, to which handleHTTP adds Go's two paths.
  const httpServer = http.createServer((req, res) => {
    res.writeHead(200, { 'Content-Type': 'text/plain' });
    res.end(`user route ${req.method} ${req.url}`);
  });
  let port = 0;

  before(async () => {
    rpc.handleHTTP(httpServer);
    await new Promise<void>((res) => httpServer.listen(0, '127.0.0.1', res));
    port = (httpServer.address() as net.AddressInfo).port;
  });
  after(async () => {
    await rpc.close();
    httpServer.closeAllConnections();
    await new Promise((res) => httpServer.close(res));
  });

  test("Go's CONNECT, bare LFs and all, gets exactly Go's answer, split anywhere", async () => {
    const want = 'HTTP/1.0 200 Connected to Go RPC\n\n';
    for (const pieces of [
      ['CONNECT /_goRPC_ HTTP/1.0\n\n'],
      ['C', 'ONNECT /_go', 'RPC_ HTTP/1.0\n', '\n'],
      ['CONNECT /_goRPC_ HTTP/1.1\r\nHost: x\r\n\r\n'],
    ]) {
      const got = await exchange(port, pieces, (b) => b.length >= want.length);
      assert.equal(got.toString('latin1'), want);
    }
  });

  test('dialHTTP calls through the handshake', async () => {
    const c = await dialHTTP(`127.0.0.1:${port}`);
    const arith = c.service(Arith);
    assert.equal(await arith.Multiply({ A: 7, B: 8 }), 56);
    assert.deepEqual(await arith.Divide({ A: 7, B: 8 }), { Quo: 0, Rem: 7 });
    assert.equal(((await arith.Divide({ A: 1, B: 0 }).catch((e: Error) => e)) as Error).message, 'divide by zero');
    await c.close();
  });

  test("other methods on the RPC path get Go's 405", async () => {
    for (const method of ['GET', 'POST']) {
      const r = await fetchText(port, '/_goRPC_', method);
      assert.equal(r.status, 405);
      assert.equal(r.headers['content-type'], 'text/plain; charset=utf-8');
      assert.equal(r.headers['content-length'], '17');
      assert.equal(r.body, '405 must CONNECT\n');
    }
  });

  test("the debug page lists services, Go's type names and call counts", async () => {
    const r = await fetchText(port, '/debug/rpc');
    assert.equal(r.status, 200);
    assert.equal(r.headers['content-type'], 'text/html; charset=utf-8');
    const calls = rpc.describe()[0]!.methods.map((m) => m.numCalls);
    assert.equal(
      r.body,
      [
        '<html>',
        '\t<body>',
        '\t<title>Services</title>',
        '\t',
        '\t<hr>',
        '\tService Arith',
        '\t<hr>',
        '\t\t<table>',
        '\t\t<th align=center>Method</th><th align=center>Calls</th>',
        '\t\t',
        '\t\t\t<tr>',
        '\t\t\t<td align=left font=fixed>Divide(*services.Args, *services.Quotient) error</td>',
        `\t\t\t<td align=center>${calls[0]}</td>`,
        '\t\t\t</tr>',
        '\t\t',
        '\t\t\t<tr>',
        '\t\t\t<td align=left font=fixed>Multiply(*services.Args, *int) error</td>',
        `\t\t\t<td align=center>${calls[1]}</td>`,
        '\t\t\t</tr>',
        '\t\t',
        '\t\t</table>',
        '\t',
        '\t</body>',
        '\t</html>',
      ].join('\n'),
    );
    assert.deepEqual(calls, [2, 1]);
  });

  test("the user's routes are untouched, however the request is split", async () => {
    const r = await fetchText(port, '/hello?x=1');
    assert.equal(r.status, 200);
    assert.equal(r.body, 'user route GET /hello?x=1');
    const raw = await exchange(
      port,
      ['GE', 'T /a HTTP/1.1\r\nHost: x\r\n\r\n', 'GET /b HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n'],
      (b) => (b.toString().match(/user route/g) ?? []).length === 2,
    );
    assert.match(raw.toString(), /user route GET \/a[\s\S]*user route GET \/b/);
    // A CONNECT elsewhere is not ours either: with no 'connect' listener of the user's, Go's 404.
    const other = await rawExchange(`127.0.0.1:${port}`, 'CONNECT /elsewhere HTTP/1.0\n\n');
    assert.equal(other.statusLine, 'HTTP/1.0 404 Not Found');
    assert.equal(other.body, '404 page not found\n');
  });

  test("a user's own 'connect' listeners get the CONNECTs that are not ours, bare LF or CRLF", async () => {
    const seen: string[] = [];
    const tunnel = (req: http.IncomingMessage, socket: Duplex) => {
      seen.push(`${req.method} ${req.url}`);
      socket.end('HTTP/1.1 200 Tunnel\r\nContent-Length: 2\r\n\r\nok');
    };
    // One listener added before handleHTTP, one after: both are the user's.
    for (const when of ['before', 'after']) {
      const s = http.createServer();
      const r = new Server().register(Arith, arithImpl);
      if (when === 'before') s.on('connect', tunnel);
      r.handleHTTP(s);
      if (when === 'after') s.on('connect', tunnel);
      const addr = await listenOn(s);
      for (const request of ['CONNECT example.com:443 HTTP/1.1\r\nHost: example.com:443\r\n\r\n', 'CONNECT /mine HTTP/1.0\n\n']) {
        const got = await rawExchange(addr, request);
        assert.equal(got.statusLine, 'HTTP/1.1 200 Tunnel', `${when}: ${request}`);
        assert.equal(got.body, 'ok');
      }
      // Ours stay ours: the RPC path (dialHTTP) and the debug page.
      const c = await dialHTTP(addr);
      assert.equal(await c.service(Arith).Multiply({ A: 2, B: 21 }), 42);
      await c.close();
      const debugPage = await rawExchange(addr, 'CONNECT /debug/rpc HTTP/1.0\n\n');
      assert.equal(debugPage.statusLine, 'HTTP/1.0 200 OK');
      assert.match(debugPage.body, /Service Arith/);
      assert.deepEqual(seen.splice(0), ['CONNECT example.com:443', 'CONNECT /mine']);
      s.closeAllConnections();
      await new Promise((res) => s.close(res));
    }
  });

  test('a CONNECT to the RPC path after other requests on a kept-alive connection is served', async () => {
    const want = 'HTTP/1.0 200 Connected to Go RPC\n\n';
    const got = await exchange(port, ['GET /a HTTP/1.1\r\nHost: x\r\n\r\n', 'CONNECT /_goRPC_ HTTP/1.1\r\nHost: x\r\n\r\n'], (b) =>
      b.toString('latin1').endsWith(want),
    );
    assert.match(got.toString('latin1'), /user route GET \/a/);
  });

  test("dialHTTP reports any other answer in Go's words", async () => {
    await assert.rejects(dialHTTP(`127.0.0.1:${port}`, { path: '/elsewhere-rpc' }), {
      name: 'RpcError',
      code: 'HTTP',
      message: `dial-http tcp 127.0.0.1:${port}: unexpected HTTP response: 404 Not Found`,
    });
    // A server that answers the CONNECT with something else.
    const plain = net.createServer((socket) => socket.end('HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n'));
    await new Promise<void>((res) => plain.listen(0, '127.0.0.1', res));
    const p = (plain.address() as net.AddressInfo).port;
    await assert.rejects(dialHTTP(`127.0.0.1:${p}`), {
      name: 'RpcError',
      code: 'HTTP',
      message: `dial-http tcp 127.0.0.1:${p}: unexpected HTTP response: 404 Not Found`,
    });
    plain.close();
  });

  test("bytes that follow the CONNECT answer in the same segment are the start of the client's input", async () => {
    // A peer that sends the first part of its answer to call 0 with the head, and the rest once
    // the request arrives: the reply is 42 only if the first part was kept for the client.
    const enc = new Encoder();
    const answer = Buffer.concat([
      enc.encode(responseSchema, { ServiceMethod: 'Arith.Multiply', Seq: 0, Error: '' }),
      enc.encode(Arith.methods.Multiply.reply, 42),
    ]);
    const cut = 7;
    const peer = net.createServer((socket) => {
      let head = '';
      let answered = false;
      socket.on('data', (d: Buffer) => {
        if (!head.endsWith('\n\n')) {
          head += d.toString('latin1');
          if (head.endsWith('\n\n'))
            socket.write(Buffer.concat([Buffer.from('HTTP/1.0 200 Connected to Go RPC\n\n'), answer.subarray(0, cut)]));
        } else if (!answered) {
          answered = true;
          socket.write(answer.subarray(cut));
        }
      });
    });
    await new Promise<void>((res) => peer.listen(0, '127.0.0.1', res));
    const c = await dialHTTP(`127.0.0.1:${(peer.address() as net.AddressInfo).port}`);
    assert.equal(await c.service(Arith).Multiply({ A: 6, B: 7 }), 42);
    await c.close();
    peer.close();
  });

  test('createHTTPServer serves only RPC, with another path, and 404s the rest as Go', async () => {
    const s = createHTTPServer(rpc, { rpcPath: '/rpc', debugPath: '/dbg' });
    await new Promise<void>((res) => s.listen(0, '127.0.0.1', res));
    const p = (s.address() as net.AddressInfo).port;
    const c = await dialHTTP(`127.0.0.1:${p}`, { path: '/rpc' });
    assert.equal(await c.service(Arith).Multiply({ A: 3, B: 14 }), 42);
    await c.close();
    const r = await fetchText(p, '/nope');
    assert.equal(r.status, 404);
    assert.equal(r.body, '404 page not found\n');
    assert.match((await fetchText(p, '/dbg')).body, /Service Arith/);
    assert.equal((await fetchText(p, '/rpc')).status, 405);
    s.closeAllConnections();
    await new Promise((res) => s.close(res));
  });
});
