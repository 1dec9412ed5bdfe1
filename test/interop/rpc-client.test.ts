// The TypeScript client against real Go net/rpc servers (interop/arith, calc, hello, matrix):
// over HTTP CONNECT, TCP and TLS; Go's error texts; the whole type matrix; 1,000 calls in
// flight; and the bytes on the wire compared with what Go's own client and server send.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { stringFromBytes, t } from '../../src/gob/index.js';
import { type Client, createHTTPServer, defineService, dial, dialHTTP, dialTLS, isServerError, Server } from '../../src/rpc/index.js';
import {
  Arith,
  arithImpl,
  ArgsSchema,
  CalcService,
  connectRaw,
  HelloService,
  makePayload,
  Matrix,
  matrixRegistry,
  runGo,
  startGo,
  suiteCleanup,
} from '../helpers/goproc.js';
import { rejection } from '../helpers/assert.js';

/** Go's services.Bytes, which the bench servers register (arith -bytes). */
const BytesEcho = defineService('Bytes', { Echo: { args: t.bytes, reply: t.bytes } });

/** The checks every Arith transport must pass, with Go's exact texts. */
async function checkArith(c: Client): Promise<void> {
  const arith = c.service(Arith);
  assert.equal(await arith.Multiply({ A: 7, B: 8 }), 56);
  assert.deepEqual(await arith.Divide({ A: 7, B: 8 }), { Quo: 0, Rem: 7 });
  await assert.rejects(arith.Divide({ A: 1, B: 0 }), { name: 'ServerError', code: 'SERVER', message: 'divide by zero' });
  const texts: Array<[string, string]> = [
    ['Arith.Nope', "rpc: can't find method Arith.Nope"],
    ['Nope.Multiply', "rpc: can't find service Nope.Multiply"],
    ['Multiply', 'rpc: service/method request ill-formed: Multiply'],
  ];
  for (const [sm, want] of texts) {
    assert.equal((await rejection(c.call(sm, { A: 1, B: 2 }, { argSchema: ArgsSchema }))).message, want);
  }
  assert.equal(await arith.Multiply({ A: -12, B: 12 }), -144);
}

describe('TypeScript client, Go Arith server', () => {
  test('over HTTP CONNECT (rpc.HandleHTTP), with the debug page and 405 of Go', async (ctx) => {
    const go = await startGo('arith', ['-mode', 'http'], ctx.after.bind(ctx));
    const ts = new Server().register(Arith, arithImpl);
    const hs = createHTTPServer(ts);
    await new Promise<void>((res) => hs.listen(0, '127.0.0.1', res));
    ctx.after(async () => {
      await ts.close();
      hs.closeAllConnections();
      hs.close();
    });
    const pages = [];
    for (const addr of [go.addr, `127.0.0.1:${(hs.address() as net.AddressInfo).port}`]) {
      const c = await dialHTTP(addr);
      await checkArith(c);
      await c.close();
      const debug = await fetch(`http://${addr}/debug/rpc`);
      const wrongMethod = await fetch(`http://${addr}/_goRPC_`);
      pages.push({
        debug: [debug.status, debug.headers.get('content-type'), await debug.text()],
        wrongMethod: [
          wrongMethod.status,
          wrongMethod.headers.get('content-type'),
          wrongMethod.headers.get('content-length'),
          await wrongMethod.text(),
        ],
      });
    }
    assert.match(String(pages[0]!.debug[2]), /Multiply\(\*services\.Args, \*int\) error<\/td>\n\t\t\t<td align=center>2</);
    assert.deepEqual(pages[1], pages[0]);
  });

  test('over TCP (rpc.Accept), and 1,000 calls in flight on one connection', async (ctx) => {
    const go = await startGo('arith', ['-mode', 'tcp'], ctx.after.bind(ctx));
    const c = await dial(go.addr);
    await checkArith(c);
    const arith = c.service(Arith);
    const calls = [];
    for (let i = 0; i < 1000; i++) calls.push(arith.Multiply({ A: i, B: 1000 - i }));
    const results = await Promise.all(calls);
    results.forEach((r, i) => assert.equal(r, i * (1000 - i)));
    await c.close();
  });

  test('40 connections each calling as its last reply arrives: requests written in groups and at the turn end all answered', async (ctx) => {
    // More connections than a write group (16), each making its next call from the reply to its
    // last: the requests of one turn go out in groups and the rest at the end of the turn, and a
    // request left unwritten would leave its chain waiting until the test's timeout.
    const go = await startGo('arith', ['-mode', 'tcp'], ctx.after.bind(ctx));
    const clients = await Promise.all(Array.from({ length: 40 }, () => dial(go.addr)));
    ctx.after(() => Promise.all(clients.map((c) => c.close())));
    const products = await Promise.all(
      clients.map(async (c, k) => {
        const arith = c.service(Arith);
        const got: number[] = [];
        for (let i = 0; i < 50; i++) got.push(await arith.Multiply({ A: k, B: i }));
        return got;
      }),
    );
    assert.deepEqual(
      products,
      clients.map((_, k) => Array.from({ length: 50 }, (_, i) => k * i)),
    );
  });

  test('over TLS (tls.Listen), trusting the certificate the server wrote', async (ctx) => {
    const certFile = join(mkdtempSync(join(tmpdir(), 'gobrpc-')), 'cert.pem');
    const go = await startGo('arith', ['-mode', 'tls', '-certout', certFile], ctx.after.bind(ctx));
    const c = await dialTLS(go.addr, { ca: readFileSync(certFile) });
    await checkArith(c);
    await c.close();
  });

  test('a request body of the wrong type gets the same error text from Go and from us', async (ctx) => {
    const go = await startGo('arith', ['-mode', 'tcp'], ctx.after.bind(ctx));
    const ts = new Server().register(Arith, arithImpl);
    const l = await ts.listen();
    ctx.after(() => ts.close());
    const messages = [];
    for (const addr of [go.addr, `127.0.0.1:${(l.address() as net.AddressInfo).port}`]) {
      const c = await dial(addr);
      const e = await rejection(c.call('Arith.Multiply', 'seven', { argSchema: t.string, replySchema: t.int }));
      assert.ok(isServerError(e));
      messages.push(e.message);
      assert.equal(await c.service(Arith).Multiply({ A: 2, B: 2 }), 4);
      await c.close();
    }
    assert.equal(messages[1], messages[0]);
  });
});

describe('TypeScript client, Go Bytes.Echo: large messages', () => {
  test('replies of every size around the read paths come back exact, each in memory of its own', async (ctx) => {
    // Sizes around the thresholds: []byte views from 4 KiB, a message buffer allocated once an
    // eighth has arrived, reads straight into it for 16 KiB or more missing, 64 KiB slabs.
    const go = await startGo('arith', ['-mode', 'tcp', '-bytes'], ctx.after.bind(ctx));
    const c = await dial(go.addr);
    ctx.after(() => c.close());
    const echo = c.service(BytesEcho);
    const payload = (n: number, salt: number) => new Uint8Array(n).map((_, i) => (i * 7 + (i >> 8) + salt) & 0xff);
    const sizes = [0, 1, 4095, 4096, 16 << 10, (64 << 10) - 30, 64 << 10, 100_003, 1 << 20, (3 << 20) + 7];
    const args = sizes.map((n, i) => payload(n, i));
    const sequential = [];
    for (const a of args) sequential.push(await echo.Echo(a));
    // Four at a time too: replies follow each other on the socket, split anywhere.
    const concurrent = [];
    for (let i = 0; i < args.length; i += 4) concurrent.push(...(await Promise.all(args.slice(i, i + 4).map((a) => echo.Echo(a)))));
    for (const a of args) a.fill(0xee);
    for (const [name, got] of [
      ['sequential', sequential],
      ['concurrent', concurrent],
    ] as const) {
      got.forEach((r, i) => assert.deepEqual(r, payload(sizes[i]!, i), `${name}: ${sizes[i]} bytes`));
    }
    // No two replies share memory: each can be changed alone.
    for (const r of [...sequential, ...concurrent]) r.fill(0xaa);
    for (const r of [...sequential, ...concurrent]) assert.ok(r.every((b) => b === 0xaa));
  });
});

describe('TypeScript client, Go CalcService and HelloService', () => {
  test('CalcService over TCP', async (ctx) => {
    const go = await startGo('calc', ['-mode', 'tcp'], ctx.after.bind(ctx));
    const c = await dial(go.addr);
    const calc = c.service(CalcService);
    assert.equal(await calc.CalcTwoNumber({ Number1: 3, Number2: 4, Operator: '+' }), 7);
    assert.equal(await calc.CalcTwoNumber({ Number1: 10, Number2: 4, Operator: '/' }), 2.5);
    assert.equal(await calc.CalcTwoNumber({ Number1: 1, Number2: 0, Operator: '/' }), Infinity);
    assert.equal((await rejection(calc.CalcTwoNumber({ Number1: 3, Number2: 4, Operator: '%' }))).message, 'unsupported operator: %');
    assert.deepEqual(await calc.GetOperators({}), ['+', '-', '*', '/']);
    await c.close();
  });

  test('HelloService over TCP (rpc.ServeConn per connection) and over HTTP', async (ctx) => {
    for (const mode of ['tcp', 'http']) {
      const go = await startGo('hello', ['-mode', mode], ctx.after.bind(ctx));
      const c = mode === 'tcp' ? await dial(go.addr) : await dialHTTP(go.addr);
      const hello = c.service(HelloService);
      assert.equal(await hello.Hello('world'), 'Hello, world');
      const call = c.go('HelloService.Hello', 'async', { argSchema: t.string, replySchema: t.string });
      assert.equal(await call.done, 'Hello, async');
      assert.equal(call.reply, 'Hello, async');
      // Go's "Hello, " + request concatenates bytes: the reply holds ours unchanged.
      const raw = stringFromBytes(Uint8Array.of(0xff, 0x00, 0xc3));
      assert.equal(await hello.Hello(raw), 'Hello, ' + raw);
      await c.close();
    }
  });
});

/** Interface values compare by name and value (decoding may also attach the schema it used). */
function plain(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(plain);
  if (v instanceof Map) return new Map([...v].map(([k, x]) => [plain(k), plain(x)]));
  if (v instanceof Uint8Array) return new Uint8Array(v); // a Buffer when decoded from a socket's chunk
  if (v === null || typeof v !== 'object') return v;
  if (v.constructor !== Object) return v;
  const o = v as Record<string, unknown>;
  if ('name' in o && 'value' in o && Object.keys(o).every((k) => k === 'name' || k === 'value' || k === 'schema')) {
    return { name: o.name, value: plain(o.value) };
  }
  return Object.fromEntries(Object.entries(o).map(([k, x]) => [k, plain(x)]));
}

describe('TypeScript client, Go Matrix server: the whole type matrix', () => {
  let client: Client;
  const cleanup = suiteCleanup();
  before(async () => {
    const go = await startGo('matrix', ['-mode', 'tcp'], cleanup);
    client = await dial(go.addr, { registry: matrixRegistry() });
  });
  after(() => client.close());

  test('Echo returns every kind of value unchanged', async () => {
    const m = client.service(Matrix);
    const p = makePayload(7);
    p.Bytes = new Uint8Array(1 << 20).map((_, i) => (i * 7 + (i >> 8)) & 0xff);
    p.Anys.push({ name: 'main.Inner', value: { Label: 'in-slice', Weight: 1e-9 } } as never);
    p.Names = new Map([
      ['zero', 0n],
      ['min', -(2n ** 63n)],
      ['max', 2n ** 63n - 1n],
    ]);
    p.Num = 1267650600228229401496703205376123456789n;
    assert.deepEqual(plain(await m.Echo(p)), plain(p));
  });

  test('EchoMany decodes what Go builds', async () => {
    const list = await client.service(Matrix).EchoMany(5);
    assert.equal(list.length, 5);
    list.forEach((got, i) => assert.deepEqual(plain(got), plain(makePayload(i)), `payload ${i}`));
  });

  test('Big, Sum, Fail, Sleep', async () => {
    const m = client.service(Matrix);
    const blob = await m.Big(5 << 20);
    assert.equal(blob.length, 5 << 20);
    for (let i = 0; i < blob.length; i++) if (blob[i] !== i % 251) assert.fail(`byte ${i} is ${blob[i]}`);
    assert.equal(await m.Sum([1n, -2n, 3n, 1n << 40n, -(1n << 40n), (1n << 62n) + 5n]), (1n << 62n) + 7n);
    assert.equal(await m.Sum([2n ** 63n - 1n, 1n]), -(2n ** 63n));
    assert.equal((await rejection(m.Fail('boom'))).message, 'boom');
    assert.equal(await m.Sleep(20), 20);
    assert.equal((await rejection(m.EchoMany(-1))).message, 'negative count');
  });
});

/** The first `n` bytes a client sends to a server that never answers. */
function captureRequest(run: (addr: string) => unknown, n: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const l = net.createServer((s) => {
      let got = Buffer.alloc(0);
      s.on('data', (d: Buffer) => {
        got = Buffer.concat([got, d]);
        if (got.length >= n) {
          s.destroy();
          l.close();
          resolve(got.subarray(0, n));
        }
      });
      s.on('error', () => {});
    });
    l.listen(0, '127.0.0.1', () => {
      const addr = `127.0.0.1:${(l.address() as net.AddressInfo).port}`;
      Promise.resolve(run(addr)).catch(reject);
    });
  });
}

describe("the bytes on the wire are Go's", () => {
  test("the first request is what Go's client sends for the same call", async () => {
    // Go's arithclient starts with Call("Arith.Multiply", &Args{7, 8}, &reply).
    let ours = Buffer.alloc(0);
    const tsLen = await new Promise<number>((resolve) => {
      const l = net.createServer((s) => {
        s.on('data', (d: Buffer) => {
          ours = Buffer.concat([ours, d]);
          resolve(ours.length);
          l.close();
        });
      });
      l.listen(0, '127.0.0.1', async () => {
        const c = await dial(`127.0.0.1:${(l.address() as net.AddressInfo).port}`);
        void c.service(Arith).Multiply({ A: 7, B: 8 });
        setTimeout(() => void c.close(), 200);
      });
    });
    const goBytes = await captureRequest((addr) => runGo('arithclient', ['-addr', addr, '-timeout', '10s']), tsLen);
    assert.equal(ours.toString('hex'), goBytes.toString('hex'));
  });

  test("responses (a reply, then an error with its empty body) are what Go's server sends", async (ctx) => {
    const go = await startGo('arith', ['-mode', 'tcp'], ctx.after.bind(ctx));
    const ts = new Server().register(Arith, arithImpl);
    const l = await ts.listen();
    ctx.after(() => ts.close());
    const seen: string[] = [];
    for (const addr of [go.addr, `127.0.0.1:${(l.address() as net.AddressInfo).port}`]) {
      const socket = await connectRaw(addr);
      let got = Buffer.alloc(0);
      socket.on('data', (d: Buffer) => (got = Buffer.concat([got, d])));
      const { Client } = await import('../../src/rpc/index.js');
      const c = new Client(socket);
      const arith = c.service(Arith);
      assert.equal(await arith.Multiply({ A: 7, B: 8 }), 56);
      await rejection(arith.Divide({ A: 1, B: 0 }));
      assert.deepEqual(await arith.Divide({ A: 9, B: 4 }), { Quo: 2, Rem: 1 });
      await rejection(c.call('Arith.Nope', { A: 1, B: 1 }, { argSchema: ArgsSchema }));
      seen.push(got.toString('hex'));
      await c.close();
    }
    assert.equal(seen[1], seen[0]);
  });
});

describe('Go server dying under the TypeScript client', () => {
  for (const how of ['Matrix.Crash(3)', 'SIGKILL']) {
    // The pending calls sleep for an hour, so only the server's death can settle them within the
    // test's timeout.
    test(`${how}: every pending call rejects at once with unexpected EOF`, { timeout: 60_000 }, async (ctx) => {
      const go = await startGo('matrix', ['-mode', 'tcp'], ctx.after.bind(ctx));
      const c = await dial(go.addr);
      const m = c.service(Matrix);
      assert.equal(await m.Sleep(1), 1);
      const pending = Array.from({ length: 50 }, () => m.Sleep(3_600_000));
      if (how === 'SIGKILL') {
        // The calls are on the wire once a later call has been answered.
        assert.equal(await m.Sleep(1), 1);
        void go.kill('SIGKILL');
      } else pending.push(m.Crash(3));
      const errors = await Promise.all(pending.map(rejection));
      for (const e of errors) {
        assert.equal(e.message, 'unexpected EOF');
        assert.equal((e as { code?: string }).code, 'UNEXPECTED_EOF');
      }
      const exit = await go.exited;
      if (how === 'SIGKILL') assert.equal(exit.signal, 'SIGKILL');
      else assert.equal(exit.code, 3);
      assert.equal((await rejection(m.Sleep(1))).message, 'connection is shut down');
      assert.equal(c.pendingCount, 0);
    });
  }
});
