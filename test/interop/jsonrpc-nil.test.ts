// Nil and empty slices over JSON-RPC against Go (interop/jsonecho): Go's client gets the same
// echoes from Go's server and from ours, raw requests get the same bytes from both, and the
// TypeScript client sees Go's server keep null and [] apart as it does itself.
import { deepStrictEqual, rejects, strictEqual } from 'node:assert/strict';
import net from 'node:net';
import { after, before, describe, test } from 'node:test';
import { isNil, nilBytes, nilMap, nilSlice, t } from '../../src/gob/index.js';
import { defineService, Server } from '../../src/rpc/index.js';
import { dial, listen, marshal } from '../../src/jsonrpc/index.js';
import { type Peer, runGo, startGo, suiteCleanup } from '../helpers/goproc.js';
import { exchangeLine } from '../helpers/rawline.js';

const Slices = t.struct('main.Slices', { Ints: t.slice(t.int), B: t.bytes, M: t.map(t.string, t.int) });
const Nested = t.struct('main.Nested', {
  A: t.array(t.slice(t.int), 2),
  SS: t.slice(t.slice(t.int)),
  MS: t.map(t.string, t.slice(t.int)),
  BS: t.slice(t.bytes),
  P: t.ptr(t.slice(t.int)),
});
const EchoService = defineService('EchoService', {
  Slices: { args: Slices, reply: Slices },
  Nested: { args: Nested, reply: Nested },
  Ints: { args: t.slice(t.int), reply: t.slice(t.int) },
  Bytes: { args: t.bytes, reply: t.bytes },
});

/** What `jsonecho -mode client` prints against Go's own server. */
const GO_CLIENT_LINES = [
  'Slices {"Ints":null,"B":null,"M":null} -> {"Ints":null,"B":null,"M":null}',
  'Slices {"Ints":[],"B":"","M":{}} -> {"Ints":[],"B":"","M":{}}',
  'Slices {"Ints":[1,2],"B":"AP8=","M":{"a":1}} -> {"Ints":[1,2],"B":"AP8=","M":{"a":1}}',
  'Nested {"A":[null,null],"SS":null,"MS":null,"BS":null,"P":null} -> {"A":[null,null],"SS":null,"MS":null,"BS":null,"P":null}',
  'Nested {"A":[null,[]],"SS":[null,[],[1]],"MS":{"a":null,"b":[]},"BS":[null,"","AQ=="],"P":[]} -> {"A":[null,[]],"SS":[null,[],[1]],"MS":{"a":null,"b":[]},"BS":[null,"","AQ=="],"P":[]}',
  'Ints [] -> []',
  'Bytes "" -> ""',
  // A nil reply is "result":null, which Go's client takes for a response with no error.
  'Ints null -> error: invalid error <nil>',
];

describe('jsonrpc nil and empty slices against Go', () => {
  let go: Peer;
  let ts: net.Server;
  const server = new Server().register(EchoService, {
    Slices: (v) => v,
    Nested: (v) => v,
    Ints: (v) => v,
    Bytes: (v) => v,
  });
  const cleanup = suiteCleanup();

  before(async () => {
    go = await startGo('jsonecho', ['-mode', 'server'], cleanup);
    ts = await listen(server);
  });
  after(async () => {
    ts.close();
    await server.close();
  });

  test("Go's client gets the same echoes from Go's server and from ours", async () => {
    for (const addr of [go.addr, `127.0.0.1:${(ts.address() as net.AddressInfo).port}`]) {
      const r = await runGo('jsonecho', ['-mode', 'client', '-addr', addr]);
      strictEqual(r.stderr, '', addr);
      strictEqual(r.code, 0);
      deepStrictEqual(r.lines, GO_CLIENT_LINES, addr);
    }
  });

  test("raw requests get the same bytes from Go's server and ours", async () => {
    const requests = [
      ['Slices', '{"Ints":null,"B":null,"M":null}', '{"Ints":null,"B":null,"M":null}'],
      ['Slices', '{"Ints":[],"B":"","M":{}}', '{"Ints":[],"B":"","M":{}}'],
      ['Slices', '{}', '{"Ints":null,"B":null,"M":null}'],
      ['Slices', '{"B":[],"ints":[1,2]}', '{"Ints":[1,2],"B":"","M":null}'],
      ['Slices', 'null', '{"Ints":null,"B":null,"M":null}'],
      [
        'Nested',
        '{"A":[null,[]],"SS":[null,[],[1]],"MS":{"a":null,"b":[]},"BS":[null,"",[]],"P":null}',
        '{"A":[null,[]],"SS":[null,[],[1]],"MS":{"a":null,"b":[]},"BS":[null,"",""],"P":null}',
      ],
      ['Nested', '{"A":null,"P":[]}', '{"A":[null,null],"SS":null,"MS":null,"BS":null,"P":[]}'],
      ['Ints', '[]', '[]'],
      ['Bytes', '""', '""'],
      ['Bytes', '[]', '""'],
    ];
    const tsPort = (ts.address() as net.AddressInfo).port;
    for (const [method, arg, result] of requests) {
      const request = `{"method":"EchoService.${method}","params":[${arg}],"id":1}`;
      const want = `{"id":1,"result":${result},"error":null}\n`;
      strictEqual(await exchangeLine(go.port, request), want, request);
      strictEqual(await exchangeLine(tsPort, request), want, request);
    }
    // A nil top-level reply is null, as Go writes it (and then its own client refuses it).
    for (const request of ['{"method":"EchoService.Ints","params":[null],"id":2}', '{"method":"EchoService.Bytes","params":[],"id":2}']) {
      strictEqual(await exchangeLine(go.port, request), '{"id":2,"result":null,"error":null}\n', request);
      strictEqual(await exchangeLine(tsPort, request), '{"id":2,"result":null,"error":null}\n', request);
    }
  });

  test("the TypeScript client sends nil and empty values to Go's server and reads them back apart", async () => {
    for (const addr of [go.addr, `127.0.0.1:${(ts.address() as net.AddressInfo).port}`]) {
      const c = await dial(addr);
      const echo = c.service(EchoService);
      const nil = await echo.Slices({ Ints: nilSlice(), B: nilBytes(), M: nilMap() });
      deepStrictEqual([isNil(nil.Ints), isNil(nil.B), isNil(nil.M)], [true, true, true], addr);
      strictEqual(marshal(nil, Slices), '{"Ints":null,"B":null,"M":null}');
      const empty = await echo.Slices({ Ints: [], B: new Uint8Array(0), M: new Map() });
      deepStrictEqual([isNil(empty.Ints), isNil(empty.B), isNil(empty.M)], [false, false, false], addr);
      strictEqual(marshal(empty, Slices), '{"Ints":[],"B":"","M":{}}');
      const nested = await echo.Nested({
        A: [nilSlice(), []],
        SS: [nilSlice(), [], [1]],
        MS: new Map([
          ['a', nilSlice<number>()],
          ['b', []],
        ]),
        BS: [nilBytes(), new Uint8Array(0)],
        P: [],
      });
      strictEqual(marshal(nested, Nested), '{"A":[null,[]],"SS":[null,[],[1]],"MS":{"a":null,"b":[]},"BS":[null,""],"P":[]}');
      // Schema-less, null and [] are themselves.
      deepStrictEqual(await c.call('EchoService.Slices', { Ints: null, B: null, M: null }), { Ints: null, B: null, M: null });
      deepStrictEqual(await c.call('EchoService.Slices', { Ints: [], B: '', M: {} }), { Ints: [], B: '', M: {} });
      strictEqual(isNil(await echo.Ints([])), false);
      // Go's client refuses a null result with no error, and so does this one.
      await rejects(echo.Ints(nilSlice()), { name: 'RpcError', code: 'PROTOCOL', message: 'invalid error <nil>' });
      await c.close();
    }
  });

  test("a null or undefined argument is sent as [null], as Go's client sends nil; both servers see the zero value", async () => {
    for (const addr of [go.addr, `127.0.0.1:${(ts.address() as net.AddressInfo).port}`]) {
      for (const nil of [null, undefined]) {
        const c = await dial(addr);
        const reply = await c.service(EchoService).Slices(nil as never);
        strictEqual(marshal(reply, Slices), '{"Ints":null,"B":null,"M":null}', `${addr} ${String(nil)}`);
        await c.close();
      }
    }
    // The bytes, as Go's jsonrpc client writes Call("EchoService.Slices", nil, &reply).
    const sent: string[] = [];
    const peer = net.createServer((s) =>
      s.once('data', (d: Buffer) => {
        sent.push(d.toString('utf8'));
        s.destroy();
      }),
    );
    await new Promise<void>((res) => peer.listen(0, '127.0.0.1', res));
    for (const nil of [null, undefined]) {
      const c = await dial(`127.0.0.1:${(peer.address() as net.AddressInfo).port}`);
      await c.call('EchoService.Slices', nil, { argSchema: Slices, replySchema: Slices }).catch(() => {});
      await c.close();
    }
    peer.close();
    deepStrictEqual(sent, Array(2).fill('{"method":"EchoService.Slices","params":[null],"id":0}\n'));
  });
});
