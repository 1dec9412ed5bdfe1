// Hostile peers against the TypeScript server while a good Go client keeps calling it
// (interop/goodclient, driven one call at a time): huge declared lengths, slowloris, resets
// mid-message and while a reply is pending, and a long type stream. Every good call must
// succeed with its exact value, in between each step of the bad peer; no sleeps and no timing
// bounds, the steps interleave by waiting for answers. (A client that never reads its replies
// is the backpressure tests' subject.)
import assert from 'node:assert/strict';
import type net from 'node:net';
import { after, before, describe, test } from 'node:test';
import { Decoder, Encoder, NEED_MORE, t } from '../../src/gob/index.js';
import { makeWire, TypeId, writeWireType } from '../../src/gob/wire.js';
import { Writer } from '../../src/gob/writer.js';
import { requestSchema, responseSchema } from '../../src/rpc/codec.js';
import { listen as listenJson } from '../../src/jsonrpc/index.js';
import { defineService, Server } from '../../src/rpc/index.js';
import { Args, Arith, arithImpl } from '../../examples/arith.js';
import { connectRaw, type Proc, readToClose, startGoClient } from '../helpers/goproc.js';

/** interop/goodclient: one Arith.Multiply per line written, one answer line per call. */
class GoodClient {
  private constructor(private readonly p: Proc) {}

  static async start(port: number, mode: 'tcp' | 'jsonrpc' = 'tcp'): Promise<GoodClient> {
    // The suite ends it with close(), which checks its exit; one a failure leaves behind is
    // killed when this process exits.
    return new GoodClient(await startGoClient('goodclient', ['-addr', `127.0.0.1:${port}`, '-mode', mode], () => {}, 'connected'));
  }

  /** Calls Arith.Multiply(a, b) and returns the client's answer line. */
  call(a: number, b: number): Promise<string> {
    this.p.proc.stdin!.write(`${a} ${b}\n`);
    return this.p.nextLine();
  }

  async close(): Promise<number | null> {
    this.p.proc.stdin!.end();
    return (await this.p.exited).code;
  }
}

function send(s: net.Socket, b: Uint8Array): Promise<void> {
  return new Promise((res, rej) => s.write(b, (e) => (e ? rej(e) : res())));
}

/** Sends `whole` cut short at every third offset, each on its own connection reset after it, with a good call after each. */
async function resetsAtEveryOffset(port: number, whole: Uint8Array, goodCall: () => Promise<void>): Promise<void> {
  for (let cut = 1; cut < whole.length; cut += 3) {
    const bad = await connectRaw(port);
    bad.on('error', () => {});
    await send(bad, whole.subarray(0, cut));
    bad.resetAndDestroy();
    await goodCall();
  }
}

/** A whole request (header and body) for Arith.Multiply(a, b) as Go's client sends it, on a fresh stream. */
function request(seq: number, a: number, b: number, enc = new Encoder()): Uint8Array {
  const h = enc.encode(requestSchema, { ServiceMethod: 'Arith.Multiply', Seq: seq });
  const body = enc.encode(Args, { A: a, B: b });
  return Buffer.concat([h, body]);
}

/** Collects a connection's bytes and reads replies (header, then an int) from them. */
function replies(s: net.Socket): () => Promise<{ seq: number; error: string; value: number }> {
  const d = new Decoder();
  const wake: Array<() => void> = [];
  s.on('data', (b: Buffer) => {
    d.write(new Uint8Array(b));
    for (const w of wake.splice(0)) w();
  });
  return async () => {
    for (;;) {
      const h = d.next(responseSchema);
      if (h !== NEED_MORE) {
        let v = d.next(t.int);
        while (v === NEED_MORE) {
          await new Promise<void>((res) => wake.push(res));
          v = d.next(t.int);
        }
        return { seq: Number(h.Seq), error: h.Error, value: v };
      }
      await new Promise<void>((res) => wake.push(res));
    }
  };
}

/** The bytes of one gob message with `body` written by `fill`. */
function message(fill: (w: Writer) => void): Uint8Array {
  const w = new Writer();
  w.fork();
  fill(w);
  w.join(1 << 30);
  return w.take();
}

const Hold = defineService('Hold', { Wait: { args: t.int, reply: t.int } });

describe('hostile peers against the TypeScript server, a good Go client calling throughout', () => {
  let listener: net.Server;
  let port = 0;
  let good: GoodClient;
  let calls = 0;
  /** Serves Hold.Wait once the test resolves it, telling the test when the call began. */
  let holdStarted: () => void = () => {};
  let holdRelease: (v: number) => void = () => {};
  const serverSockets: net.Socket[] = [];

  /** One good call with fresh arguments; asserts its exact answer. */
  async function goodCall(): Promise<void> {
    const a = ++calls;
    assert.equal(await good.call(a, a + 1), `${a}*${a + 1}=${a * (a + 1)}`);
  }

  before(async () => {
    const server = new Server().register(Arith, arithImpl).register(Hold, {
      Wait: (n) =>
        new Promise<number>((res) => {
          holdRelease = res;
          holdStarted();
          void n;
        }),
    });
    listener = await server.listen();
    listener.on('connection', (s: net.Socket) => serverSockets.push(s));
    port = (listener.address() as net.AddressInfo).port;
    good = await GoodClient.start(port);
    await goodCall();
  });

  after(async () => {
    // The client exits 0 when its stdin closes (its own watchdog guards against a hang).
    assert.equal(await good.close(), 0);
    for (const s of serverSockets) s.destroy();
    await new Promise((res) => listener.close(res));
  });

  test('a message length just under the 1 GiB limit, then a dribble: memory follows the bytes received', async () => {
    const bad = await connectRaw(port);
    const done = readToClose(bad);
    const before = process.memoryUsage().arrayBuffers;
    const prefix = new Uint8Array([0xfc, 0x3f, 0xff, 0xff, 0xff]); // uint 2^30 - 1
    await send(bad, prefix);
    for (let i = 0; i < 16; i++) {
      await send(bad, new Uint8Array(64 << 10));
      await goodCall();
    }
    // 1 MiB received of a declared 1 GiB: nothing near the declared size was allocated.
    const grew = process.memoryUsage().arrayBuffers - before;
    assert.ok(grew < 256 << 20, `arrayBuffers grew ${grew} bytes`);
    bad.end();
    assert.equal((await done).length, 0);
    await goodCall();
  });

  test('a message length over the limit closes that connection only', async () => {
    for (const prefix of [
      [0xf8, 0x40, 0, 0, 0, 0, 0, 0, 0],
      [0xfc, 0x40, 0, 0, 0],
      [0xf7, 1, 0, 0, 0, 0, 0, 0, 0, 0],
    ]) {
      const bad = await connectRaw(port);
      const done = readToClose(bad);
      await send(bad, new Uint8Array(prefix));
      await goodCall();
      assert.equal((await done).length, 0);
      await goodCall();
    }
  });

  test('huge lengths inside a message: a method name of 2^60 bytes, a type of 2^53 fields, a slice of 2^62', async () => {
    // Go's server closes the connection when a request header fails to decode; what it does
    // with a body that fails is the RPC server's own tests' subject, so here the peer hangs up.
    const streams: Array<{ closes: boolean; parts: Uint8Array[] }> = [
      // The request header with ServiceMethod's length 2^60 and 3 bytes behind it.
      {
        closes: true,
        parts: [
          message((w) => {
            w.int(-65);
            writeWireType(
              w,
              makeWire('struct', 'Request', 65, {
                fields: [
                  { name: 'ServiceMethod', id: TypeId.string },
                  { name: 'Seq', id: TypeId.uint },
                ],
              }),
            );
          }),
          message((w) => {
            w.int(65);
            w.uint(1);
            w.uintBig(1n << 60n);
            w.raw(new Uint8Array([0x41, 0x42, 0x43]));
          }),
        ],
      },
      // A struct type declaring 2^53 fields.
      {
        closes: true,
        parts: [
          message((w) => {
            w.int(-65);
            w.uint(3);
            w.uint(1);
            w.uint(1);
            w.string('S');
            w.uint(1);
            w.int(65);
            w.uint(0);
            w.uint(1);
            w.uintBig(1n << 53n);
          }),
        ],
      },
      // A good header, then a body of type []int declaring 2^62 elements.
      {
        closes: false,
        parts: [
          new Encoder().encode(requestSchema, { ServiceMethod: 'Arith.Multiply', Seq: 1 }),
          message((w) => {
            w.int(-66);
            writeWireType(w, makeWire('slice', '', 66, { elem: TypeId.int }));
          }),
          message((w) => {
            w.int(66);
            w.uint(0);
            w.uintBig(1n << 62n);
            w.int(7);
          }),
        ],
      },
    ];
    for (const { closes, parts } of streams) {
      const bad = await connectRaw(port);
      const done = readToClose(bad);
      for (const p of parts) await send(bad, p);
      await goodCall();
      if (closes) assert.equal((await done).length, 0);
      else bad.end();
      await done;
      await goodCall();
    }
  });

  test('slowloris: ten connections dribble whole requests a byte at a time, then get exact replies', async () => {
    const peers = await Promise.all(Array.from({ length: 10 }, () => connectRaw(port)));
    const reads = peers.map(replies);
    const bytes = peers.map((_, k) => request(k + 1, 6, 7 + k));
    const longest = Math.max(...bytes.map((b) => b.length));
    for (let i = 0; i < longest; i++) {
      for (let k = 0; k < peers.length; k++) if (i < bytes[k]!.length) await send(peers[k]!, bytes[k]!.subarray(i, i + 1));
      if (i % 4 === 0) await goodCall();
    }
    for (let k = 0; k < peers.length; k++) {
      assert.deepEqual(await reads[k]!(), { seq: k + 1, error: '', value: 6 * (7 + k) });
      peers[k]!.destroy();
    }
    await goodCall();
  });

  test('resets in the middle of a request, at every offset', async () => {
    const whole = request(1, 3, 4);
    await resetsAtEveryOffset(port, whole, goodCall);
  });

  test('a reset while the reply is pending: the late reply goes nowhere, nothing crashes', async () => {
    const bad = await connectRaw(port);
    bad.on('error', () => {});
    const started = new Promise<void>((res) => (holdStarted = res));
    const enc = new Encoder();
    await send(bad, Buffer.concat([enc.encode(requestSchema, { ServiceMethod: 'Hold.Wait', Seq: 1 }), enc.encode(t.int, 5)]));
    await started;
    const serverSide = serverSockets[serverSockets.length - 1]!;
    const serverClosed = new Promise((res) => (serverSide.closed ? res(null) : serverSide.once('close', res)));
    bad.resetAndDestroy();
    await serverClosed;
    holdRelease(5);
    await goodCall();
    await goodCall();
  });

  test('a long type stream in 256-byte chunks, then a request using the last types: an exact reply', async () => {
    const TYPES = 8000; // the case: 8,000 definitions fed as a socket delivers them
    const parts: Uint8Array[] = [];
    for (let i = 0; i < TYPES; i++) {
      const id = 65 + i;
      parts.push(
        message((w) => {
          w.int(-id);
          writeWireType(w, makeWire('slice', `T${i}`, id, { elem: i === 0 ? TypeId.int : id - 1 }));
        }),
      );
    }
    const req = 65 + TYPES;
    const args = req + 1;
    parts.push(
      message((w) => {
        w.int(-req);
        writeWireType(
          w,
          makeWire('struct', 'Request', req, {
            fields: [
              { name: 'ServiceMethod', id: TypeId.string },
              { name: 'Seq', id: TypeId.uint },
            ],
          }),
        );
      }),
      message((w) => {
        w.int(req);
        w.uint(1);
        w.string('Arith.Multiply');
        w.uint(1);
        w.uint(77);
        w.uint(0);
      }),
      message((w) => {
        w.int(-args);
        writeWireType(
          w,
          makeWire('struct', 'Args', args, {
            fields: [
              { name: 'A', id: TypeId.int },
              { name: 'B', id: TypeId.int },
            ],
          }),
        );
      }),
      message((w) => {
        w.int(args);
        w.uint(1);
        w.int(11);
        w.uint(1);
        w.int(13);
        w.uint(0);
      }),
    );
    const stream = Buffer.concat(parts);
    const bad = await connectRaw(port);
    const read = replies(bad);
    for (let at = 0, n = 0; at < stream.length; at += 256, n++) {
      await send(bad, stream.subarray(at, at + 256));
      if (n % 16 === 0) await goodCall();
    }
    assert.deepEqual(await read(), { seq: 77, error: '', value: 143 });
    bad.destroy();
    await goodCall();
  });
});

describe('hostile peers against the TypeScript JSON-RPC server, a good Go jsonrpc client calling throughout', () => {
  let listener: net.Server;
  let port = 0;
  let good: GoodClient;
  let calls = 0;

  async function goodCall(): Promise<void> {
    const a = ++calls;
    assert.equal(await good.call(a, a + 1), `${a}*${a + 1}=${a * (a + 1)}`);
  }

  before(async () => {
    const server = new Server().register(Arith, arithImpl);
    listener = await listenJson(server);
    port = (listener.address() as net.AddressInfo).port;
    good = await GoodClient.start(port, 'jsonrpc');
    await goodCall();
  });

  after(async () => {
    assert.equal(await good.close(), 0);
    await new Promise((res) => listener.close(res));
  });

  test("slowloris: ten connections dribble requests a byte at a time, then get Go's exact replies", async () => {
    const peers = await Promise.all(Array.from({ length: 10 }, () => connectRaw(port)));
    const texts = peers.map((p) => {
      let got = '';
      p.setEncoding('utf8');
      p.on('data', (d: string) => (got += d));
      return () => got;
    });
    const closed = peers.map((p) => new Promise((res) => p.once('end', res)));
    const bytes = peers.map((_, k) => Buffer.from(`{"method":"Arith.Multiply","params":[{"A":6,"B":${7 + k}}],"id":${k}}`));
    const longest = Math.max(...bytes.map((b) => b.length));
    for (let i = 0; i < longest; i++) {
      for (let k = 0; k < peers.length; k++) if (i < bytes[k]!.length) await send(peers[k]!, bytes[k]!.subarray(i, i + 1));
      if (i % 4 === 0) await goodCall();
    }
    for (let k = 0; k < peers.length; k++) {
      peers[k]!.end();
      await closed[k];
      assert.equal(texts[k]!(), `{"id":${k},"result":${6 * (7 + k)},"error":null}\n`);
    }
    await goodCall();
  });

  test('resets in the middle of a request, at every offset', async () => {
    const whole = Buffer.from('{"method":"Arith.Multiply","params":[{"A":3,"B":4}],"id":1}');
    await resetsAtEveryOffset(port, whole, goodCall);
  });

  test('nesting past the depth limit closes that connection only', async () => {
    const bad = await connectRaw(port);
    const done = readToClose(bad);
    const deep = '['.repeat(10_001);
    for (let at = 0; at < deep.length; at += 1000) {
      await send(bad, Buffer.from(deep.slice(at, at + 1000)));
      await goodCall();
    }
    assert.equal((await done).length, 0);
    await goodCall();
  });

  test('a number past maxNumberLength (64 KiB) ends its connection; the good client goes on', async () => {
    const bad = await connectRaw(port);
    const done = readToClose(bad);
    await send(bad, Buffer.from('{"method":"Arith.Multiply","params":[{"A":'));
    await send(bad, Buffer.alloc(64 << 10, '9'));
    await goodCall();
    // The 65,537th digit passes the limit; the write may meet a connection already closed.
    bad.write(Buffer.alloc(64 << 10, '9'));
    // The server closes without a word, as Go's does on a request it cannot read.
    assert.equal((await done).toString(), '');
    await goodCall();
  });

  test('a 1 MiB string, dribbled in 64 KiB chunks', async () => {
    for (const [open, fill, close] of [['{"method":"', 'x', '","params":[{}],"id":1}']] as const) {
      const bad = await connectRaw(port);
      const done = readToClose(bad);
      await send(bad, Buffer.from(open));
      for (let i = 0; i < 16; i++) {
        await send(bad, Buffer.alloc(64 << 10, fill));
        await goodCall();
      }
      await send(bad, Buffer.from(close));
      await goodCall();
      bad.end();
      await done;
      await goodCall();
    }
  });
});
