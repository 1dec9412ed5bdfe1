// TypeScript client against TypeScript server over real sockets on 127.0.0.1:0: results, Go's
// exact error texts, ordering, bursts, timeouts and cancellation, and a peer's failures.
import assert from 'node:assert/strict';
import net from 'node:net';
import { after, before, describe, test } from 'node:test';
import { Encoder, GobError, isGobError, t, Writer } from '../src/gob/index.js';
import {
  Client,
  type ClientCodec,
  type ClientCodecHandler,
  defineService,
  dial,
  GobServerCodec,
  isRpcError,
  isServerError,
  requestSchema,
  responseSchema,
  type RpcError,
  Server,
  ServerError,
  type ServiceImpl,
} from '../src/rpc/index.js';
import { Arith, arithImpl, ArgsSchema } from './helpers/goproc.js';
import { rejection } from './helpers/assert.js';
import { DIRECT_READS, DirectReads } from '../src/rpc/conn.js';

/** Calls to Slow.Wait in progress, by argument: calling the function lets that call finish. */
const waiting = new Map<number, () => void>();
/** Who waits for a Slow.Wait call to start, by argument. */
const started = new Map<number, () => void>();

/** Resolves once the server is inside Slow.Wait(n). */
function whenStarted(n: number): Promise<void> {
  return waiting.has(n) ? Promise.resolve() : new Promise((res) => started.set(n, res));
}

/** A service whose calls finish when the test says so, for ordering and failure tests. */
const Slow = defineService('Slow', {
  Sleep: { args: t.int, reply: t.int },
  Wait: { args: t.int, reply: t.int },
  Hang: { args: t.int, reply: t.int },
  BadReply: { args: t.int, reply: t.int },
  Fail: { args: t.string, reply: t.int },
});
const slowImpl: ServiceImpl<typeof Slow> = {
  Sleep: (ms) => new Promise((res) => setTimeout(() => res(ms), ms)),
  Wait: (n) =>
    new Promise<number>((res) => {
      waiting.set(n, () => res(n));
      started.get(n)?.();
    }),
  Hang: () => new Promise<number>(() => {}),
  BadReply: () => 'not a number' as unknown as number,
  Fail: (msg) => {
    throw new Error(msg);
  },
};

function addressOf(l: net.Server): string {
  const a = l.address() as net.AddressInfo;
  return `127.0.0.1:${a.port}`;
}

describe('rpc client and server', () => {
  const server = new Server().register(Arith, arithImpl).register(Slow, slowImpl);
  let addr = '';
  let client: Client;

  before(async () => {
    addr = addressOf(await server.listen());
    client = await dial(addr);
  });
  after(async () => {
    await client.close();
    await server.close();
  });

  test('calls resolve with the decoded reply, by name, by stub and schema-less', async () => {
    assert.equal(await client.call('Arith.Multiply', { A: 7, B: 8 }, { argSchema: ArgsSchema, replySchema: t.int }), 56);
    const arith = client.service(Arith);
    assert.equal(await arith.Multiply({ A: -3, B: 5 }), -15);
    assert.deepEqual(await arith.Divide({ A: 7, B: 8 }), { Quo: 0, Rem: 7 });
    // Without a reply schema the stream's own type definitions decide.
    assert.deepEqual(await client.call('Arith.Divide', { A: 17, B: 5 }, { argSchema: ArgsSchema }), { Quo: 3, Rem: 2 });
  });

  test('errors carry the exact strings a Go server sends', async () => {
    const cases: Array<[string, string]> = [
      ['Arith.Nope', "rpc: can't find method Arith.Nope"],
      ['Nope.Multiply', "rpc: can't find service Nope.Multiply"],
      ['Multiply', 'rpc: service/method request ill-formed: Multiply'],
      ['', 'rpc: service/method request ill-formed: '],
      ['.Multiply', "rpc: can't find service .Multiply"],
    ];
    for (const [sm, want] of cases) {
      const e = await rejection(client.call(sm, { A: 1, B: 2 }, { argSchema: ArgsSchema }));
      assert.ok(e instanceof ServerError, `${sm}: ${e}`);
      assert.ok(isServerError(e) && isRpcError(e));
      assert.equal(e.message, want);
      assert.equal((e as ServerError).code, 'SERVER');
    }
    await assert.rejects(client.service(Arith).Divide({ A: 1, B: 0 }), { name: 'ServerError', code: 'SERVER', message: 'divide by zero' });
    await assert.rejects(client.service(Slow).Fail('boom: exact text'), {
      name: 'ServerError',
      code: 'SERVER',
      message: 'boom: exact text',
    });
    // The connection is still usable after every error.
    assert.equal(await client.service(Arith).Multiply({ A: 6, B: 7 }), 42);
  });

  test('a body that fails to decode gets an error reply and the connection goes on', async () => {
    const e = await rejection(client.call('Arith.Multiply', 'not args', { argSchema: t.string, replySchema: t.int }));
    assert.ok(e instanceof ServerError);
    assert.deepEqual(
      { code: (e as ServerError).code, message: e.message },
      { code: 'SERVER', message: 'gob: type mismatch in decoder: want struct type services.Args; got non-struct' },
    );
    assert.equal(await client.service(Arith).Multiply({ A: 2, B: 3 }), 6);
  });

  test('a reply that does not fit its schema becomes an error response', async () => {
    const e = await rejection(client.service(Slow).BadReply(1));
    assert.ok(e instanceof ServerError);
    assert.deepEqual(
      { code: (e as ServerError).code, message: e.message },
      { code: 'SERVER', message: 'rpc: error encoding reply: Slow.BadReply: gob: cannot encode string as int' },
    );
    assert.equal(await client.service(Arith).Multiply({ A: 2, B: 5 }), 10);
  });

  test('replies are matched by Seq in whatever order they come', async () => {
    // The server finishes the calls in the order 4, 2, 3, 1: each reply resolves its own call.
    const slow = client.service(Slow);
    const order: number[] = [];
    const calls = [1, 2, 3, 4].map((n) =>
      slow.Wait(n).then((r) => {
        order.push(r);
        return r;
      }),
    );
    for (const n of [1, 2, 3, 4]) await whenStarted(n);
    for (const n of [4, 2, 3, 1]) {
      waiting.get(n)!();
      await calls[n - 1];
    }
    assert.deepEqual(await Promise.all(calls), [1, 2, 3, 4]);
    assert.deepEqual(order, [4, 2, 3, 1]);
  });

  test('1,000 calls in flight on one connection, sent in one write', async () => {
    const socket = net.connect({ host: '127.0.0.1', port: Number(addr.split(':')[1]) });
    await new Promise((res) => socket.once('connect', res));
    let writes = 0;
    const write = socket.write.bind(socket);
    socket.write = ((chunk: Uint8Array, ...rest: never[]) => {
      writes++;
      return write(chunk, ...rest);
    }) as typeof socket.write;
    const c = new Client(socket);
    const arith = c.service(Arith);
    const calls = [];
    for (let i = 0; i < 1000; i++) calls.push(arith.Multiply({ A: i, B: i + 1 }));
    assert.equal(c.pendingCount, 1000);
    const results = await Promise.all(calls);
    results.forEach((r, i) => assert.equal(r, i * (i + 1)));
    assert.equal(writes, 1);
    assert.equal(c.pendingCount, 0);
    await c.close();
  });

  test('a timed-out call rejects, its late reply is dropped, the connection stays usable', async () => {
    const slow = client.service(Slow);
    await assert.rejects(slow.Sleep(200, { timeout: 20 }), {
      name: 'RpcError',
      code: 'TIMEOUT',
      message: 'rpc: call Slow.Sleep timed out after 20 ms',
    });
    assert.equal(client.pendingCount, 0);
    // The late reply arrives while this call is pending and must not be taken for it.
    assert.equal(await slow.Sleep(300), 300);
    assert.equal(await client.service(Arith).Multiply({ A: 4, B: 4 }), 16);
  });

  test('an aborted call rejects at once, and an already aborted signal sends nothing', async () => {
    const slow = client.service(Slow);
    const ac = new AbortController();
    const p = slow.Sleep(100, { signal: ac.signal });
    ac.abort(new Error('user gave up'));
    await assert.rejects(p, {
      name: 'RpcError',
      code: 'ABORTED',
      message: 'rpc: call Slow.Sleep aborted',
      cause: new Error('user gave up'),
    });
    await assert.rejects(client.call('Arith.Multiply', { A: 1, B: 1 }, { argSchema: ArgsSchema, signal: AbortSignal.abort() }), {
      name: 'RpcError',
      code: 'ABORTED',
      message: 'rpc: call Arith.Multiply aborted',
    });
    assert.equal(await slow.Sleep(120), 120);
  });

  test('arguments that cannot be encoded reject the call only, even the first call on a connection', async () => {
    const c = await dial(addr);
    const arith = c.service(Arith);
    const e = await rejection(arith.Multiply({ A: 'seven', B: 8 } as never));
    assert.ok(isGobError(e), String(e));
    assert.ok(e instanceof GobError);
    assert.deepEqual(
      { code: e.code, message: e.message },
      { code: 'INVALID_VALUE', message: 'Arith.Multiply: Args.A: gob: cannot encode string as int' },
    );
    // The request header's type definition went out with nothing else; the stream is intact.
    assert.equal(await arith.Multiply({ A: 7, B: 8 }), 56);
    const e2 = await rejection(arith.Divide({ A: 1.5, B: 1 }));
    assert.ok(isGobError(e2));
    assert.deepEqual(
      { code: e2.code, message: e2.message },
      { code: 'INVALID_VALUE', message: 'Arith.Divide: Args.A: gob: cannot encode number 1.5 as int: not an integer' },
    );
    assert.deepEqual(await arith.Divide({ A: 9, B: 2 }), { Quo: 4, Rem: 1 });
    await c.close();
  });

  test('a go() handle nobody awaits does not become an unhandled rejection', async () => {
    const unhandled: unknown[] = [];
    const onUnhandled = (e: unknown) => unhandled.push(e);
    process.on('unhandledRejection', onUnhandled);
    const c = await dial(addr);
    const call = c.go('Slow.Hang', 1, { argSchema: t.int });
    assert.equal(call.seq, 0);
    assert.equal(call.serviceMethod, 'Slow.Hang');
    await c.close();
    await new Promise((res) => setImmediate(res));
    await new Promise((res) => setTimeout(res, 10));
    process.off('unhandledRejection', onUnhandled);
    assert.deepEqual(unhandled, []);
    assert.equal(call.isDone, true);
    assert.equal(call.error?.message, 'connection is shut down');
  });

  test("close() rejects pending and later calls with Go's ErrShutdown text", async () => {
    const c = await dial(addr);
    const slow = c.service(Slow);
    const pending = [slow.Hang(1), slow.Hang(2), slow.Sleep(50)];
    await c.close();
    for (const p of pending) {
      const e = await rejection(p);
      assert.equal(e.message, 'connection is shut down');
      assert.equal((e as RpcError).code, 'SHUTDOWN');
    }
    const e = await rejection(slow.Sleep(1));
    assert.equal(e.message, 'connection is shut down');
    assert.equal(c.closed, true);
    await c.close(); // harmless
  });
});

describe('rpc peers that fail', () => {
  // Hang calls are never answered, so only the connection's death can settle them; the timeout
  // turns a hang into a failure.
  test('the server side destroyed mid-call rejects every pending call at once', { timeout: 30_000 }, async () => {
    let serverSocket: net.Socket | undefined;
    const rpc = new Server().register(Slow, slowImpl);
    const l = net.createServer((s) => {
      serverSocket = s;
      void rpc.serveConn(s);
    });
    await new Promise<void>((res) => l.listen(0, '127.0.0.1', res));
    const c = await dial(addressOf(l));
    const slow = c.service(Slow);
    assert.equal(await slow.Sleep(0), 0);
    const pending = Array.from({ length: 20 }, (_, i) => slow.Hang(i));
    await new Promise((res) => setImmediate(res));
    serverSocket!.destroy();
    const errors = await Promise.all(pending.map(rejection));
    for (const e of errors)
      assert.deepEqual({ code: (e as RpcError).code, message: e.message }, { code: 'UNEXPECTED_EOF', message: 'unexpected EOF' });
    assert.equal(c.pendingCount, 0);
    await assert.rejects(slow.Sleep(1), { name: 'RpcError', code: 'SHUTDOWN', message: 'connection is shut down' });
    l.close();
  });

  test('garbage from a client closes that connection only', async () => {
    const rpc = new Server().register(Arith, arithImpl);
    const l = await rpc.listen();
    const good = await dial(addressOf(l));
    const arith = good.service(Arith);
    assert.equal(await arith.Multiply({ A: 2, B: 21 }), 42);
    const port = (l.address() as net.AddressInfo).port;
    // Each is refused as soon as it arrives, except an HTTP request, which reads as the start
    // of a 71-byte gob message (Go's server would wait for the rest too) and is refused at EOF,
    // and an empty type definition, which Go's decoder stores and then waits for the header after.
    const garbage: Array<[Buffer, boolean]> = [
      [Buffer.from([0xf6, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]), false], // a length prefix over 8 bytes
      [Buffer.from([0x03, 0x0c, 0x00, 0x00]), false], // a string where the header should be
      [Buffer.from([0x02, 0x7f, 0x08]), false], // a type definition with a field number out of bounds
      [Buffer.from([0x02, 0x7f, 0x00]), true], // an empty type definition
      [Buffer.from('GET / HTTP/1.1\r\nHost: x\r\n\r\n'), true],
    ];
    for (const [bytes, end] of garbage) {
      const raw = net.connect({ host: '127.0.0.1', port });
      raw.on('error', () => {});
      await new Promise((res) => raw.once('connect', res));
      const closed = new Promise((res) => raw.once('close', res));
      raw.resume();
      if (end) raw.end(bytes);
      else raw.write(bytes);
      await closed;
      assert.equal(await arith.Multiply({ A: 3, B: 3 }), 9);
    }
    await good.close();
    await rpc.close();
  });

  test('a client cut inside a request is served no further, and the server goes on', async () => {
    const rpc = new Server().register(Arith, arithImpl);
    const l = await rpc.listen();
    const port = (l.address() as net.AddressInfo).port;
    const raw = net.connect({ host: '127.0.0.1', port });
    await new Promise((res) => raw.once('connect', res));
    raw.end(Buffer.from([0x40, 0x01, 0x02]));
    raw.resume();
    await new Promise((res) => raw.once('close', res));
    const c = await dial(addressOf(l));
    assert.equal(await c.service(Arith).Multiply({ A: 5, B: 5 }), 25);
    await c.close();
    await rpc.close();
  });
});

describe('rpc server plumbing', () => {
  test('registration refuses what Go refuses', () => {
    const s = new Server().register(Arith, arithImpl);
    assert.throws(() => s.register(Arith, arithImpl), {
      name: 'RpcError',
      code: 'REGISTER',
      message: 'rpc: service already defined: Arith',
    });
    assert.throws(() => s.register('Empty', {}), {
      name: 'RpcError',
      code: 'REGISTER',
      message: 'rpc.Register: type Empty has no exported methods of suitable type',
    });
    assert.throws(() => s.register('', { M: { args: t.int, reply: t.int, handler: (x: number) => x } }), {
      name: 'RpcError',
      code: 'REGISTER',
      message: 'rpc.Register: no service name',
    });
    assert.throws(() => s.register('Lower', { m: { args: t.int, reply: t.int, handler: (x: number) => x } }), {
      name: 'TypeError',
      message: 'rpc: method "m" of Lower is not exported (Go method names start with an upper-case letter)',
    });
    assert.throws(() => defineService('X', { lower: { args: t.int, reply: t.int } }), {
      name: 'TypeError',
      message: 'rpc: method "lower" of X is not exported (Go method names start with an upper-case letter)',
    });
    assert.throws(() => s.registerName('Other', Arith, { Multiply: arithImpl.Multiply } as never), {
      name: 'RpcError',
      code: 'REGISTER',
      message: 'rpc.Register: Other.Divide has no handler',
    });
    s.registerName('Arith2', Arith, arithImpl);
    assert.deepEqual(
      s.describe().map((x) => x.name),
      ['Arith', 'Arith2'],
    );
    assert.deepEqual(s.describe()[0]!.methods, [
      { name: 'Divide', argType: '*services.Args', replyType: '*services.Quotient', numCalls: 0 },
      { name: 'Multiply', argType: '*services.Args', replyType: '*int', numCalls: 0 },
    ]);
  });

  test('register by name with handlers, and handlers see their context', async () => {
    const seen: string[] = [];
    const rpc = new Server().register('Echo', {
      Say: {
        args: t.string,
        reply: t.string,
        handler: (s: string, ctx) => {
          seen.push(`${ctx.serviceMethod}#${ctx.seq}:${ctx.signal.aborted}`);
          return s + s;
        },
      },
    });
    const l = await rpc.listen();
    const c = await dial(addressOf(l));
    assert.equal(await c.call('Echo.Say', 'ab', { argSchema: t.string, replySchema: t.string }), 'abab');
    assert.deepEqual(seen, ['Echo.Say#0:false']);
    assert.equal(rpc.describe()[0]!.methods[0]!.numCalls, 1);
    await c.close();
    await rpc.close();
  });

  test('serveRequest serves one request at a time from a codec', async () => {
    const rpc = new Server().register(Arith, arithImpl);
    const served = new Promise<net.Socket>((res) => {
      const l = net.createServer((s) => {
        l.close();
        res(s);
      });
      l.listen(0, '127.0.0.1', () => {
        void dial(addressOf(l)).then(async (c) => {
          const arith = c.service(Arith);
          const r = await Promise.all([
            arith.Multiply({ A: 2, B: 3 }),
            arith.Multiply({ A: 4, B: 5 }),
            rejection(arith.Divide({ A: 1, B: 0 })),
          ]);
          assert.deepEqual(r.slice(0, 2), [6, 20]);
          assert.equal((r[2] as Error).message, 'divide by zero');
          await c.close();
        });
      });
    });
    const socket = await served;
    const codec = new GobServerCodec(socket);
    await rpc.serveRequest(codec);
    await rpc.serveRequest(codec);
    await rpc.serveRequest(codec);
    const e = await rejection(rpc.serveRequest(codec));
    assert.equal(e.message, 'EOF');
    assert.equal(rpc.describe()[0]!.methods.find((m) => m.name === 'Multiply')!.numCalls, 2);
    codec.close();
  });

  test("a listener's sockets are read into memory of the connection's own; a custom serve's still get 'data'", async () => {
    const rpc = new Server().register(Arith, arithImpl);
    const l = await rpc.listen();
    const accepted = new Promise<net.Socket>((res) => l.once('connection', res));
    const c = await dial(addressOf(l));
    assert.equal(await c.service(Arith).Multiply({ A: 6, B: 7 }), 42);
    // Node's onread state, set by the server: a Node that renamed it would be served, more slowly, through 'data'.
    assert.ok(((await accepted) as net.Socket & { [DIRECT_READS]?: unknown })[DIRECT_READS] instanceof DirectReads);
    await c.close();
    const custom = net.createServer({ allowHalfOpen: true });
    const got = new Promise<number>((res) => {
      rpc.accept(custom, (socket) => {
        let n = 0;
        socket.on('data', (d: Buffer) => (n += d.length));
        socket.on('end', () => {
          socket.end();
          res(n);
        });
        return Promise.resolve();
      });
    });
    await new Promise<void>((res) => custom.listen(0, '127.0.0.1', res));
    const peer = net.connect((custom.address() as net.AddressInfo).port, '127.0.0.1');
    peer.end(new Uint8Array([1, 2, 3]));
    assert.equal(await got, 3);
    peer.destroy();
    await rpc.close();
  });

  test('Client.withCodec drives any codec through the seam', async () => {
    // A codec that answers in memory: what a JSON-RPC codec does over its own bytes.
    class EchoCodec implements ClientCodec {
      handler!: ClientCodecHandler;
      closed = false;
      start(h: ClientCodecHandler): void {
        this.handler = h;
      }
      writeRequest(header: { serviceMethod: string; seq: number }, args: unknown): void {
        queueMicrotask(() => {
          const error = header.serviceMethod === 'E.Fail' ? 'failed: ' + String(args) : '';
          const plan = this.handler.responseHeader({ serviceMethod: header.serviceMethod, seq: header.seq, error });
          this.handler.responseBody(
            { serviceMethod: header.serviceMethod, seq: header.seq, error },
            typeof plan === 'symbol' ? undefined : args,
            undefined,
          );
        });
      }
      close(): void {
        this.closed = true;
        this.handler.closed(null);
      }
    }
    const codec = new EchoCodec();
    const c = Client.withCodec(codec);
    assert.equal(await c.call('E.Echo', 'x'), 'x');
    assert.equal((await rejection(c.call('E.Fail', 'y'))).message, 'failed: y');
    await c.close();
    assert.equal(codec.closed, true);
  });
});

describe('rpc headers after the first', () => {
  // The codecs write every header after the first without the generic encoder (the type is
  // known by then): the bytes must be the Encoder's, which the golden corpus ties to Go's.
  const names = ['Arith.Multiply', '', 'Ünï.Cödé', `Long.${'x'.repeat(200)}`, 'Lone.\udc80', 'Arith.Multiply'];

  /** Every byte the server side of a connection receives while `run` uses a client on it. */
  async function received(run: (c: Client) => Promise<void>): Promise<Buffer> {
    const chunks: Buffer[] = [];
    const got = new Promise<void>((res) => {
      const l = net.createServer((s) => {
        s.on('data', (d: Buffer) => chunks.push(d));
        s.on('end', () => {
          l.close();
          res();
        });
      });
      l.listen(0, '127.0.0.1', async () => {
        const c = await dial(`127.0.0.1:${(l.address() as net.AddressInfo).port}`);
        await run(c);
        await c.close();
      });
    });
    await got;
    return Buffer.concat(chunks);
  }

  test("requests carry the generic encoder's bytes, Seq 0 and empty names included", async () => {
    const bytes = await received(async (c) => {
      for (const [i, name] of names.entries())
        void c.go(name, `arg ${i}`, { argSchema: t.string, replySchema: t.string }).done.catch(() => {});
      await new Promise((res) => setImmediate(res));
    });
    const enc = new Encoder();
    const out = new Writer();
    for (const [i, name] of names.entries()) {
      enc.encodeTo(out, requestSchema, { ServiceMethod: name, Seq: i });
      enc.encodeTo(out, t.string, `arg ${i}`);
    }
    assert.equal(bytes.toString('hex'), Buffer.from(out.take()).toString('hex'));
  });

  test("responses, errors included, carry the generic encoder's bytes", async () => {
    const server = new Server().register('Any', {
      Echo: {
        args: t.string,
        reply: t.string,
        handler: (s: string) => {
          if (s.startsWith('fail')) throw new Error(`failed: ${s} \udc80 ${'y'.repeat(150)}`);
          return s;
        },
      },
    });
    const l = await server.listen();
    const socket = net.connect({ host: '127.0.0.1', port: (l.address() as net.AddressInfo).port });
    await new Promise((res) => socket.once('connect', res));
    const chunks: Buffer[] = [];
    socket.on('data', (d: Buffer) => chunks.push(d));
    // Requests written by the generic encoder, so the server's replies are all that is tested.
    const enc = new Encoder();
    const req = new Writer();
    const args = ['a', 'fail 1', 'b', 'fail 2', 'c'];
    for (const [i, a] of args.entries()) {
      enc.encodeTo(req, requestSchema, { ServiceMethod: 'Any.Echo', Seq: i });
      enc.encodeTo(req, t.string, a);
    }
    socket.end(req.take());
    await new Promise((res) => socket.once('close', res));
    await server.close();
    const renc = new Encoder();
    const invalidRequest = t.struct('', {});
    const want = new Writer();
    for (const [i, a] of args.entries()) {
      const error = a.startsWith('fail') ? `failed: ${a} \udc80 ${'y'.repeat(150)}` : '';
      renc.encodeTo(want, responseSchema, { ServiceMethod: 'Any.Echo', Seq: i, Error: error });
      if (error === '') renc.encodeTo(want, t.string, a);
      else renc.encodeTo(want, invalidRequest, {});
    }
    assert.equal(Buffer.concat(chunks).toString('hex'), Buffer.from(want.take()).toString('hex'));
  });
});
