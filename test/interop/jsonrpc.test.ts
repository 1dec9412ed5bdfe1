// JSON-RPC against Go's net/rpc/jsonrpc: the TypeScript client calls Go's jsonrpc.ServeConn,
// Go's jsonrpc.Dial client calls the TypeScript server, the raw exchange of the reference
// examples, and JSON-RPC over HTTP POST both ways. Raw requests are sent to the Go server and
// the TypeScript server alike, and their answers must be the same bytes; floats marshal with
// Go's digits.
import { deepStrictEqual, rejects, strictEqual } from 'node:assert/strict';
import { once } from 'node:events';
import type http from 'node:http';
import type net from 'node:net';
import { after, before, describe, test } from 'node:test';
import { stringFromBytes, t } from '../../src/gob/index.js';
import { Server } from '../../src/rpc/index.js';
import { createHTTPClient, createHTTPServer, dial, listen, marshal } from '../../src/jsonrpc/index.js';
import { HelloService, type Peer, runGo, startGo, suiteCleanup } from '../helpers/goproc.js';
import { exchangeLine } from '../helpers/rawline.js';

function helloServer(): Server {
  return new Server().register(HelloService, { Hello: (s) => 'Hello, ' + s });
}

function portOf(s: net.Server | http.Server): number {
  return (s.address() as net.AddressInfo).port;
}

describe('jsonrpc interop with Go', () => {
  let goTcp: Peer;
  let goHttp: Peer;
  const server = helloServer();
  let tsTcp: net.Server;
  let tsHttp: http.Server;
  // The Go servers live as long as the suite.
  const cleanup = suiteCleanup();

  before(async () => {
    [goTcp, goHttp] = await Promise.all([
      startGo('hello', ['-mode', 'jsonrpc'], cleanup),
      startGo('hello', ['-mode', 'httpjsonrpc'], cleanup),
    ]);
    tsTcp = await listen(server);
    tsHttp = createHTTPServer(server);
    tsHttp.listen(0, '127.0.0.1');
    await once(tsHttp, 'listening');
  });
  after(async () => {
    tsTcp.close();
    tsHttp.closeAllConnections();
    tsHttp.close();
    await server.close();
  });

  test("the TypeScript client calls Go's jsonrpc.ServeConn", async () => {
    const c = await dial(goTcp.addr);
    const hello = c.service(HelloService);
    strictEqual(await hello.Hello('JSON-RPC'), 'Hello, JSON-RPC');
    strictEqual(await c.call('HelloService.Hello', 'schema-less'), 'Hello, schema-less');
    deepStrictEqual(
      await Promise.all(Array.from({ length: 100 }, (_, i) => hello.Hello(String(i)))),
      Array.from({ length: 100 }, (_, i) => 'Hello, ' + i),
    );
    await rejects(c.call('HelloService.Nope', 'x'), {
      name: 'ServerError',
      code: 'SERVER',
      message: "rpc: can't find method HelloService.Nope",
    });
    await rejects(c.call('HelloService.Hello', 5), {
      name: 'ServerError',
      code: 'SERVER',
      message: 'json: cannot unmarshal number into Go value of type string',
    });
    await rejects(c.call('HelloService.Hello', 'x', { replySchema: t.int }), {
      name: 'RpcError',
      code: 'BODY',
      message: 'HelloService.Hello: reading body json: cannot unmarshal string into Go value of type int',
    });
    strictEqual(await hello.Hello('<still & open>'), 'Hello, <still & open>');
    // A string holding bytes that are not UTF-8 is sent as encoding/json sends it: \ufffd per byte.
    strictEqual(await hello.Hello(stringFromBytes(Uint8Array.of(0x61, 0xff, 0xe2, 0x82))), 'Hello, a\ufffd\ufffd\ufffd');
    await c.close();
  });

  test("Go's jsonrpc.Dial client calls the TypeScript server", async () => {
    const r = await runGo('helloclient', ['-mode', 'jsonrpc', '-addr', `127.0.0.1:${portOf(tsTcp)}`]);
    strictEqual(r.stderr, '');
    strictEqual(r.code, 0);
    deepStrictEqual(r.lines, ['Hello, world', 'Hello, async']);
  });

  test('the raw exchange of the reference examples, on a plain TCP socket', async () => {
    const request = '{"method":"HelloService.Hello","params":["JSON-RPC"],"id":1}';
    const want = '{"id":1,"result":"Hello, JSON-RPC","error":null}\n';
    strictEqual(await exchangeLine(portOf(tsTcp), request), want);
    strictEqual(await exchangeLine(goTcp.port, request), want);
  });

  test("raw requests get the same bytes from Go's server and ours", async () => {
    const requests = [
      '{"method":"HelloService.Hello","params":["x"],"id":"abc"}',
      '{"method":"HelloService.Hello","params":["x"],"id":null}',
      '{"method":"HelloService.Hello","params":["x"]}',
      '{"method":"HelloService.Hello","params":["x"],"id": { "a" : [1, 2], "<&>":"\\u003c\\u2028" } }',
      '{"method":"HelloService.Hello","params":["x"],"id":123456789012345678901234567890}',
      '{"method":"HelloService.Hello","params":["x"],"id":-1.5e3}',
      '{"method":"HelloService.Hello","params":["x"],"id":[true,false,null,"\\/"]}',
      '{"Method":"HelloService.Hello","PARAMS":["caps"],"iD":7}',
      '{"method":"HelloService.Hello","params":["a"],"params":["b"],"id":1,"id":2}',
      '{"method":"HelloService.Hello","params":["<b>&\\u2028\\u0001 é\\ud83d\\ude00\\ud800"],"id":2}',
      // Bytes that are not UTF-8 inside a JSON string, and an escaped lone surrogate: U+FFFD each.
      Buffer.concat([
        Buffer.from('{"method":"HelloService.Hello","params":["a'),
        Buffer.from([0xff, 0xe2, 0x82]),
        Buffer.from('b\\udcff"],"id":11}'),
      ]),
      '{"method":"HelloService.Hello","params":[],"id":3}',
      '{"method":"HelloService.Hello","params":[null],"id":3}',
      '{"method":"HelloService.Hello","params":["a","b"],"id":4}',
      '{"method":"HelloService.Hello","id":5}',
      '{"method":"HelloService.Hello","params":null,"id":5}',
      '{"method":"HelloService.Hello","params":{"a":1},"id":6}',
      '{"method":"HelloService.Hello","params":"x","id":6}',
      '{"method":"HelloService.Hello","params":[5],"id":7}',
      '{"method":"HelloService.Hello","params":[{"a":1}],"id":7}',
      '{"method":"HelloService.Nope","id":8}',
      '{"method":"Nope.Hello","params":[1],"id":8}',
      '{"params":["x"],"id":9}',
      'null',
      ' \n\t{"method":"HelloService.Hello","params":["ws"],"id":10} ',
      // Input that ends the connection: both servers close it without answering.
      '{"method":5,"params":[],"id":1}',
      '[1,2]',
      '{"method":"HelloService.Hello","params":["x"],"id":1',
      '{"method":}',
      'garbage',
    ];
    let answered = 0;
    for (const r of requests) {
      const [go, ours] = await Promise.all([exchangeLine(goTcp.port, r), exchangeLine(portOf(tsTcp), r)]);
      strictEqual(ours, go, String(r));
      if (go !== '') answered++;
    }
    strictEqual(answered, requests.length - 5);
  });

  test("HTTP POST: our server answers as Go's, and our client calls Go's", async () => {
    const bodies = [
      '{"method":"HelloService.Hello","params":["world"],"id":0}',
      '{"method":"HelloService.Hello","params":["x"],"id":"s"}',
      '{"method":"HelloService.Hello","id":1}',
      '{"method":"HelloService.Nope","params":["x"],"id":2}',
    ];
    for (const body of bodies) {
      const post = async (addr: string) => {
        const res = await fetch(`http://${addr}/jsonrpc`, { method: 'POST', body });
        return [res.status, res.headers.get('content-type'), await res.text()];
      };
      deepStrictEqual(await post(`127.0.0.1:${portOf(tsHttp)}`), await post(goHttp.addr), body);
    }
    strictEqual(
      await (await fetch(`http://127.0.0.1:${portOf(tsHttp)}/jsonrpc`, { method: 'POST', body: bodies[0] })).text(),
      '{"id":0,"result":"Hello, world","error":null}\n',
    );

    const c = createHTTPClient(`http://${goHttp.addr}/jsonrpc`);
    const hello = c.service(HelloService);
    strictEqual(await hello.Hello('world'), 'Hello, world');
    deepStrictEqual(await Promise.all(['a', 'b', 'c'].map((s) => hello.Hello(s))), ['Hello, a', 'Hello, b', 'Hello, c']);
    await rejects(c.call('HelloService.Nope', 'x'), {
      name: 'ServerError',
      code: 'SERVER',
      message: "rpc: can't find method HelloService.Nope",
    });
    await c.close();
  });
});

test("floats marshal as Go's json.Marshal writes them: 6,000 float32s and 3,000 float64s from Go", async () => {
  // floattext prints "f32|f64 <bits in hex> <fmt %v> <json.Marshal>": every normal power of two
  // with its neighbours, ties such as 2097152.25, and seeded random bit patterns.
  const r = await runGo('floattext', []);
  strictEqual(r.code, 0, r.stderr);
  const rows = r.stdout
    .toString()
    .trim()
    .split('\n')
    .map((l) => l.split(' '));
  const single = new Float32Array(1);
  const singleBits = new Uint32Array(single.buffer);
  const double = new Float64Array(1);
  const doubleBits = new BigUint64Array(double.buffer);
  const got: string[] = [];
  for (const [kind, hex] of rows) {
    if (kind === 'f32') {
      singleBits[0] = Number.parseInt(hex!, 16);
      got.push(marshal(single[0], t.float32));
    } else {
      doubleBits[0] = BigInt(`0x${hex}`);
      got.push(marshal(double[0], t.float64));
    }
  }
  strictEqual(rows.length, 9000);
  deepStrictEqual(
    got,
    rows.map((x) => x[3]),
  );
});
