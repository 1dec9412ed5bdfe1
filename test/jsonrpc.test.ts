// JSON-RPC on the shared Client and Server over real sockets on 127.0.0.1:0: typed values
// exact (bigint, []byte, time.Time, maps), Go's wire bytes and error texts, the raw id echoed,
// a stream of requests split anywhere, bad JSON closing one connection only, the size limit,
// and JSON-RPC over HTTP POST both ways. The interop tests hold the same texts against Go.
import { deepStrictEqual, rejects, strictEqual, throws } from 'node:assert/strict';
import { once } from 'node:events';
import type http from 'node:http';
import net from 'node:net';
import { after, before, describe, test } from 'node:test';
import { GoTime, t } from '../src/gob/index.js';
import { defineService, Server } from '../src/rpc/index.js';
import { createHTTPClient, createHTTPServer, dial, listen, newClient } from '../src/jsonrpc/index.js';
import { rejection } from './helpers/assert.js';

const Hello = defineService('HelloService', { Hello: { args: t.string, reply: t.string } });

const Record = t.struct('main.Record', {
  ID: t.uint64n,
  Neg: t.int64n,
  Small: t.int,
  Data: t.bytes,
  When: t.time,
  Tags: t.map(t.string, t.int64n),
  Nums: t.slice(t.float64),
  Next: t.ptr(t.struct('main.Leaf', { Name: t.string })),
  Any: t.any,
});
const Store = defineService('Store', {
  Echo: { args: Record, reply: Record },
  Sum: { args: t.slice(t.int64n), reply: t.int64n },
  Fail: { args: t.string, reply: t.int },
  Slow: { args: t.int, reply: t.int },
  Nil: { args: t.int, reply: t.slice(t.int) },
});

function newServer(): Server {
  return new Server().register(Hello, { Hello: (s) => 'Hello, ' + s }).register(Store, {
    Echo: (r) => r,
    Sum: (xs) => xs.reduce((a, b) => a + b, 0n),
    Fail: (msg) => {
      throw new Error(msg);
    },
    Slow: (ms) => new Promise((res) => setTimeout(() => res(ms), ms)),
    Nil: () => null as unknown as number[],
  });
}

function portOf(s: net.Server | http.Server): number {
  return (s.address() as net.AddressInfo).port;
}

/**
 * Writes `chunks` to a fresh connection (each as its own write) and collects what comes back
 * until `lines` newline-terminated values have arrived (then hangs up), or the server closes.
 */
async function exchange(
  port: number,
  chunks: Array<string | Uint8Array>,
  lines = Infinity,
): Promise<{ text: string; closedByServer: boolean }> {
  const sock = net.connect(port, '127.0.0.1');
  await once(sock, 'connect');
  let text = '';
  let closedByServer = false;
  const done = new Promise<void>((resolve) => {
    sock.on('data', (d: Buffer) => {
      text += d.toString('utf8');
      if (text.split('\n').length - 1 >= lines) {
        sock.destroy();
        resolve();
      }
    });
    sock.on('end', () => {
      closedByServer = true;
      sock.destroy();
      resolve();
    });
    sock.on('close', () => resolve());
  });
  for (const c of chunks) {
    sock.write(c);
    await new Promise((r) => setImmediate(r));
  }
  await done;
  return { text, closedByServer };
}

describe('jsonrpc over TCP', () => {
  const server = newServer();
  let listener: net.Server;
  let port = 0;

  before(async () => {
    listener = await listen(server);
    port = portOf(listener);
  });
  after(async () => {
    listener.close();
    await server.close();
  });

  test('typed calls: 64-bit integers, bytes, time and maps come back exactly', async () => {
    const c = await dial(`127.0.0.1:${port}`);
    const store = c.service(Store);
    const rec = {
      ID: 2n ** 64n - 1n,
      Neg: -(2n ** 63n),
      Small: -7,
      Data: Uint8Array.of(0, 1, 254, 255),
      When: GoTime.fromUnix(1_700_000_000, 123_456_789, 19_800),
      Tags: new Map([
        ['b', 2n ** 62n],
        ['a', -1n],
      ]),
      Nums: [0.1, -0, 1e21],
      Next: { Name: 'leaf' },
      Any: { k: [1, 'two', 12345678901234567890n] },
    };
    deepStrictEqual(await store.Echo(rec as never), rec);
    strictEqual(await store.Sum([2n ** 62n, 2n ** 62n, -1n]), 2n ** 63n - 1n);
    await c.close();
  });

  test('many calls in flight, answered in any order, matched by id', async () => {
    const c = await dial(`127.0.0.1:${port}`);
    const calls = Array.from({ length: 200 }, (_, i) => c.call('Store.Slow', (i * 7) % 13, { replySchema: t.int }));
    deepStrictEqual(
      await Promise.all(calls),
      Array.from({ length: 200 }, (_, i) => (i * 7) % 13),
    );
    await c.close();
  });

  test('schema-less calls: arguments and replies as plain JSON', async () => {
    const c = await dial(`127.0.0.1:${port}`);
    strictEqual(await c.call('HelloService.Hello', 'world'), 'Hello, world');
    deepStrictEqual(await c.call('Store.Sum', [1, 2n ** 60n]), 2n ** 60n + 1n);
    await c.close();
  });

  test("server errors reach the caller as ServerError with Go's texts", async () => {
    const c = await dial(`127.0.0.1:${port}`);
    const cases: Array<[string, unknown, string]> = [
      ['Store.Fail', 'boom', 'boom'],
      ['Store.Nope', 1, "rpc: can't find method Store.Nope"],
      ['Nope.X', 1, "rpc: can't find service Nope.X"],
      ['nomethod', 1, 'rpc: service/method request ill-formed: nomethod'],
      ['HelloService.Hello', 5, 'json: cannot unmarshal number into Go value of type string'],
    ];
    for (const [method, args, message] of cases) {
      await rejects(c.call(method, args), { name: 'ServerError', code: 'SERVER', message });
    }
    // The connection is still good.
    strictEqual(await c.call('HelloService.Hello', 'again'), 'Hello, again');
    await c.close();
  });

  test("a reply Go would send as null fails the call as Go's client does: invalid error <nil>", async () => {
    const c = await dial(`127.0.0.1:${port}`);
    await rejects(c.call('Store.Nil', 1), { name: 'RpcError', code: 'PROTOCOL', message: 'invalid error <nil>' });
    await c.close();
  });

  test("the raw exchange: Go's bytes, the id echoed raw (compacted, HTML-escaped), Go's body errors", async () => {
    const cases: Array<[string, string]> = [
      ['{"method":"HelloService.Hello","params":["JSON-RPC"],"id":1}', '{"id":1,"result":"Hello, JSON-RPC","error":null}'],
      ['{"method":"HelloService.Hello","params":["x"],"id":"abc"}', '{"id":"abc","result":"Hello, x","error":null}'],
      ['{"method":"HelloService.Hello","params":["x"],"id":null}', '{"id":null,"result":"Hello, x","error":null}'],
      ['{"method":"HelloService.Hello","params":["x"]}', '{"id":null,"result":"Hello, x","error":null}'],
      [
        '{"method":"HelloService.Hello","params":["x"],"id": { "a" : [1, 2], "<&>":"\\u003c" } }',
        '{"id":{"a":[1,2],"\\u003c\\u0026\\u003e":"\\u003c"},"result":"Hello, x","error":null}',
      ],
      [
        '{"method":"HelloService.Hello","params":["x"],"id":123456789012345678901234567890}',
        '{"id":123456789012345678901234567890,"result":"Hello, x","error":null}',
      ],
      ['{"method":"HelloService.Hello","params":["x"],"id":1.5e3}', '{"id":1.5e3,"result":"Hello, x","error":null}'],
      ['{"Method":"HelloService.Hello","PARAMS":["caps"],"iD":7}', '{"id":7,"result":"Hello, caps","error":null}'],
      [
        '{"\\u006dethod":"HelloService.Hello","x":{"method":"no"},"Params":["esc"],"ids":1,"\\u00e9":2,"ID":8}',
        '{"id":8,"result":"Hello, esc","error":null}',
      ],
      ['{"method":"HelloService.Hello","params":["<b>&"],"id":2}', '{"id":2,"result":"Hello, \\u003cb\\u003e\\u0026","error":null}'],
      ['{"method":"HelloService.Hello","params":[],"id":3}', '{"id":3,"result":"Hello, ","error":null}'],
      ['{"method":"HelloService.Hello","params":[null],"id":3}', '{"id":3,"result":"Hello, ","error":null}'],
      ['{"method":"HelloService.Hello","params":["a","b"],"id":4}', '{"id":4,"result":"Hello, a","error":null}'],
      ['{"method":"HelloService.Hello","id":5}', '{"id":5,"result":null,"error":"jsonrpc: request body missing params"}'],
      ['{"method":"HelloService.Hello","params":null,"id":5}', '{"id":5,"result":null,"error":"jsonrpc: request body missing params"}'],
      [
        '{"method":"HelloService.Hello","params":{"a":1},"id":6}',
        '{"id":6,"result":null,"error":"json: cannot unmarshal object into Go value of type [1]interface {}"}',
      ],
      [
        '{"method":"HelloService.Hello","params":[5],"id":7}',
        '{"id":7,"result":null,"error":"json: cannot unmarshal number into Go value of type string"}',
      ],
      ['{"method":"HelloService.Nope","id":8}', '{"id":8,"result":null,"error":"rpc: can\'t find method HelloService.Nope"}'],
      ['{"params":["x"],"id":9}', '{"id":9,"result":null,"error":"rpc: service/method request ill-formed: "}'],
      ['null', '{"id":null,"result":null,"error":"rpc: service/method request ill-formed: "}'],
      ['{"method":"Store.Fail","params":["bad \\"quote\\""],"id":10}', '{"id":10,"result":null,"error":"bad \\"quote\\""}'],
    ];
    for (const [request, response] of cases) {
      const { text } = await exchange(port, [request], 1);
      strictEqual(text, response + '\n', request);
    }
  });

  test('requests back to back, split at every offset, get the same answers', async () => {
    const stream =
      '{"method":"HelloService.Hello","params":["a"],"id":1}{"method":"HelloService.Hello","params":["}{"],"id":"two"}\n' +
      ' [1] '.slice(0, 0) +
      '\t{"id":3,"params":["\\u0063"],"method":"HelloService.Hello"}';
    const want =
      '{"id":1,"result":"Hello, a","error":null}\n{"id":"two","result":"Hello, }{","error":null}\n{"id":3,"result":"Hello, c","error":null}\n';
    const bytes = new TextEncoder().encode(stream);
    for (let i = 0; i <= bytes.length; i++) {
      const { text } = await exchange(port, [bytes.subarray(0, i), bytes.subarray(i)], 3);
      strictEqual(text, want, `split at ${i}`);
    }
  });

  test('bad JSON closes that connection after answering what came before; others go on', async () => {
    const other = await dial(`127.0.0.1:${port}`);
    const bad = await exchange(port, ['{"method":"HelloService.Hello","params":["ok"],"id":1}{"method":}']);
    strictEqual(bad.text, '{"id":1,"result":"Hello, ok","error":null}\n');
    strictEqual(bad.closedByServer, true);
    const typeErr = await exchange(port, ['{"method":5,"params":[],"id":1}']);
    strictEqual(typeErr.text, '');
    strictEqual(typeErr.closedByServer, true);
    strictEqual(await other.call('HelloService.Hello', 'still here'), 'Hello, still here');
    await other.close();
  });

  test('the server closes a connection whose request passes maxMessageSize', async () => {
    const small = newServer();
    const l = await listen(small, 0, '127.0.0.1', { maxMessageSize: 100 });
    const ok1 = await exchange(portOf(l), ['{"method":"HelloService.Hello","params":["short"],"id":1}'], 1);
    strictEqual(ok1.text, '{"id":1,"result":"Hello, short","error":null}\n');
    const big = await exchange(portOf(l), ['{"method":"HelloService.Hello","params":["' + 'x'.repeat(200)]);
    strictEqual(big.text, '');
    strictEqual(big.closedByServer, true);
    l.close();
    await small.close();
  });

  test('Server.close closes JSON-RPC connections too', async () => {
    const s = newServer();
    const l = await listen(s);
    const c = await dial(`127.0.0.1:${portOf(l)}`);
    strictEqual(await c.call('HelloService.Hello', 'x'), 'Hello, x');
    const pending = c.call('Store.Slow', 60_000);
    l.close();
    await s.close();
    await rejects(pending, { name: 'RpcError', code: 'UNEXPECTED_EOF', message: 'unexpected EOF' });
  });
});

/** A fake server: records what the client sends, answers with `reply(requestText)`. */
async function fakeServer(
  reply: (request: string, sock: net.Socket) => void,
): Promise<{ port: number; requests: string[]; close(): void }> {
  const requests: string[] = [];
  const l = net.createServer((sock) => {
    let buf = '';
    sock.on('data', (d: Buffer) => {
      buf += d.toString();
      let nl: number;
      while ((nl = buf.indexOf('\n')) >= 0) {
        const line = buf.slice(0, nl);
        buf = buf.slice(nl + 1);
        requests.push(line);
        reply(line, sock);
      }
    });
    sock.on('error', () => {});
  });
  l.listen(0, '127.0.0.1');
  await once(l, 'listening');
  return { port: portOf(l), requests, close: () => l.close() };
}

describe('jsonrpc client against a hand-written peer', () => {
  test("requests are Go's bytes: method, params as a one-element array, numeric id, newline", async () => {
    const peer = await fakeServer((req, sock) => {
      const id = (JSON.parse(req) as { id: number }).id;
      sock.write(`{"id":${id},"result":"ok","error":null}`);
    });
    const c = await dial(`127.0.0.1:${peer.port}`);
    await c.call('HelloService.Hello', 'x<&>');
    await c.call('Store.Sum', [2n ** 64n - 1n], { argSchema: t.slice(t.uint64n) });
    deepStrictEqual(peer.requests, [
      '{"method":"HelloService.Hello","params":["x\\u003c\\u0026\\u003e"],"id":0}',
      '{"method":"Store.Sum","params":[[18446744073709551615]],"id":1}',
    ]);
    await c.close();
    peer.close();
  });

  test("responses: Go's error rules, case-insensitive members, whitespace anywhere", async () => {
    const answers: string[] = [
      '{"id":0,"error":""}',
      ' \n{"id":1,"result":"x","error":""}',
      '{"ID":2,"Result":"ok","Error":null}',
      '{"id":3,"result":5,"error":null}',
      '{"id":4,"result":"fine","error":"it broke"}',
    ];
    let n = 0;
    const peer = await fakeServer((_req, sock) => sock.write(answers[n++]!));
    const c = await dial(`127.0.0.1:${peer.port}`);
    const s = { replySchema: t.string };
    await rejects(c.call('A.B', 1, s), { name: 'ServerError', code: 'SERVER', message: 'unspecified error' });
    await rejects(c.call('A.B', 1, s), { name: 'ServerError', code: 'SERVER', message: 'unspecified error' });
    strictEqual(await c.call('A.B', 1, s), 'ok');
    await rejects(c.call('A.B', 1, s), {
      name: 'RpcError',
      code: 'BODY',
      message: 'A.B: reading body json: cannot unmarshal number into Go value of type string',
    });
    await rejects(c.call('A.B', 1, s), { name: 'ServerError', code: 'SERVER', message: 'it broke' });
    await c.close();
    peer.close();
  });

  test("a response Go's client cannot read ends the connection with Go's text for every pending call", async () => {
    const cases: Array<[string, string]> = [
      ['{"id":0,"result":null,"error":null}', 'invalid error <nil>'],
      ['{"id":0,"error":{"code":-32601,"message":"x"}}', 'invalid error map[code:-32601 message:x]'],
      ['{"id":0,"error":5}', 'invalid error 5'],
      ['{"id":"a","result":1}', 'json: cannot unmarshal string into Go struct field clientResponse.id of type uint64'],
      ['{"id":-1,"result":1}', 'json: cannot unmarshal number -1 into Go struct field clientResponse.id of type uint64'],
      [
        '{"id":18446744073709551616,"result":1}',
        'json: cannot unmarshal number 18446744073709551616 into Go struct field clientResponse.id of type uint64',
      ],
      ['[1]', 'json: cannot unmarshal array into Go value of type jsonrpc.clientResponse'],
      ['{"id":0,"result":tru}', "invalid character '}' in literal true (expecting 'e')"],
    ];
    for (const [answer, message] of cases) {
      const peer = await fakeServer((req, sock) => {
        if (req.includes('"id":0')) sock.write(answer);
      });
      const c = await dial(`127.0.0.1:${peer.port}`);
      const calls = [c.call('A.B', 1), c.call('A.B', 2)];
      for (const call of calls) {
        await rejects(call, { name: 'RpcError', code: 'PROTOCOL', message }, answer);
      }
      strictEqual(c.closed, true);
      peer.close();
    }
  });

  test('a syntax error carries the JsonError as cause; a response cut short is unexpected EOF', async () => {
    const peer = await fakeServer((_req, sock) => sock.write('{"id":0,"result":"x"]'));
    const c = await dial(`127.0.0.1:${peer.port}`);
    const syntax = await rejection(c.call('A.B', 1));
    const message = "invalid character ']' after object key:value pair";
    throws(
      () => {
        throw syntax;
      },
      { name: 'RpcError', code: 'PROTOCOL', message },
    );
    throws(
      () => {
        throw syntax.cause;
      },
      { name: 'JsonError', code: 'SYNTAX', message },
    );
    peer.close();
    const cut = await fakeServer((_req, sock) => sock.end('{"id":0,"res'));
    const c2 = newClient(net.connect(cut.port, '127.0.0.1'));
    await rejects(c2.call('A.B', 1), { name: 'RpcError', code: 'UNEXPECTED_EOF', message: 'unexpected EOF' });
    cut.close();
  });
});

describe('jsonrpc over HTTP POST', () => {
  const server = newServer();
  let httpServer: http.Server;
  let url = '';

  before(async () => {
    httpServer = createHTTPServer(server);
    httpServer.listen(0, '127.0.0.1');
    await once(httpServer, 'listening');
    url = `http://127.0.0.1:${portOf(httpServer)}/jsonrpc`;
  });
  after(async () => {
    httpServer.closeAllConnections();
    httpServer.close();
    await server.close();
  });

  test("a POST as curl sends it gets Go's response body", async () => {
    const res = await fetch(url, { method: 'POST', body: '{"method":"HelloService.Hello","params":["world"],"id":0}' });
    strictEqual(res.status, 200);
    strictEqual(res.headers.get('content-type'), 'application/json');
    strictEqual(await res.text(), '{"id":0,"result":"Hello, world","error":null}\n');
    const err = await fetch(url, { method: 'POST', body: '{"method":"HelloService.Hello","id":"q"}' });
    strictEqual(await err.text(), '{"id":"q","result":null,"error":"jsonrpc: request body missing params"}\n');
  });

  test('only POST, only the path, and a body without a request is a 400', async () => {
    strictEqual((await fetch(url)).status, 405);
    strictEqual((await fetch(url.replace('/jsonrpc', '/other'), { method: 'POST', body: '{}' })).status, 404);
    const bad = await fetch(url, { method: 'POST', body: '{"method":' });
    strictEqual(bad.status, 400);
    strictEqual(await bad.text(), 'jsonrpc: unexpected EOF\n');
    const junk = await fetch(url, { method: 'POST', body: 'junk' });
    strictEqual(junk.status, 400);
    strictEqual(await junk.text(), "jsonrpc: invalid character 'j' looking for beginning of value\n");
  });

  test('the HTTP client: typed calls, server errors, concurrency', async () => {
    const c = createHTTPClient(url);
    const store = c.service(Store);
    strictEqual(await store.Sum([2n ** 63n - 2n, 1n]), 2n ** 63n - 1n);
    await rejects(store.Fail('nope'), { name: 'ServerError', code: 'SERVER', message: 'nope' });
    const many = await Promise.all(Array.from({ length: 50 }, (_, i) => c.call('HelloService.Hello', String(i))));
    deepStrictEqual(
      many,
      Array.from({ length: 50 }, (_, i) => 'Hello, ' + i),
    );
    await c.close();
    await rejects(c.call('HelloService.Hello', 'x'), { name: 'RpcError', code: 'SHUTDOWN', message: 'connection is shut down' });
  });

  test('a failed POST fails its call only', async () => {
    const missing = url.replace('/jsonrpc', '/missing');
    const c = createHTTPClient(missing);
    await rejects(c.call('HelloService.Hello', 'x'), {
      name: 'RpcError',
      code: 'BODY',
      message: `HelloService.Hello: reading body jsonrpc over http: POST ${missing}: unexpected HTTP response: 404 Not Found`,
    });
    strictEqual(c.closed, false);
    await c.close();
    const refused = createHTTPClient('http://127.0.0.1:1/jsonrpc');
    await rejects(refused.call('HelloService.Hello', 'x'), {
      name: 'RpcError',
      code: 'BODY',
      message: 'HelloService.Hello: reading body jsonrpc over http: POST http://127.0.0.1:1/jsonrpc: connect ECONNREFUSED 127.0.0.1:1',
    });
    await refused.close();
  });
});

test('server.close() also closes listeners made by jsonrpc.listen', async () => {
  const server = new Server().register(defineService('Echo', { Say: { args: t.string, reply: t.string } }), { Say: (s) => s });
  const listener = await listen(server);
  const closed = new Promise<void>((res) => listener.once('close', () => res()));
  const client = await dial(listener.address() as net.AddressInfo);
  strictEqual(await client.call('Echo.Say', 'hi', { argSchema: t.string, replySchema: t.string }), 'hi');
  await server.close();
  await closed;
  strictEqual(listener.listening, false);
  await client.close();
});
