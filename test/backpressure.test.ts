// Back-pressure in one process, over real sockets on 127.0.0.1: a raw socket that pipelines gob
// requests and stops reading backs its connection up without starving a client on another
// connection, and gets every reply, in order, once it reads again; closed connections give back
// their share of the server-wide budget; the options are checked; and a client whose server
// never reads keeps its requests queued instead of piling them into the socket.
import assert from 'node:assert/strict';
import { once } from 'node:events';
import net from 'node:net';
import { describe, test } from 'node:test';
import { Encoder, t } from '../src/gob/index.js';
import {
  Client,
  DEFAULT_MAX_TOTAL_UNSENT_BYTES,
  DEFAULT_MAX_UNSENT_BYTES,
  DEFAULT_UNSENT_ALLOWANCE,
  defineService,
  dial,
  requestSchema,
  Server,
  type ServiceImpl,
} from '../src/rpc/index.js';
import { Arith, arithImpl } from './helpers/goproc.js';
import { pipelinedRequests, portOf, readResponses, until } from './helpers/rawgob.js';

const KIB = 1 << 10;
const REPLY = 64 * KIB;
const BIG = new Uint8Array(REPLY).fill(0xa5);
const Flood = defineService('Flood', { Big: { args: t.int, reply: t.bytes }, Echo: { args: t.bytes, reply: t.bytes } });
const Sink = defineService('Sink', { Put: { args: t.bytes, reply: t.int } });

const handlers: Array<[string, ServiceImpl<typeof Flood>['Big']]> = [
  ['synchronous', (n) => BIG.subarray(0, n)],
  ['asynchronous', async (n) => BIG.subarray(0, n)],
  ['finishing a macrotask later', (n) => new Promise((res) => setImmediate(() => res(BIG.subarray(0, n))))],
];

describe('a connection whose replies are not read', () => {
  for (const [name, handler] of handlers) {
    test(`pauses, lets others be served, and resumes in order on drain (${name} handler)`, async (t) => {
      const LIMIT = 256 * KIB;
      const CALLS = 400; // 25 MiB of replies
      let started = 0;
      const server = new Server({ maxUnsentBytes: LIMIT }).register(Arith, arithImpl).register(Flood, {
        Big: (n, ctx) => {
          started++;
          return handler(n, ctx);
        },
        Echo: (b) => b,
      });
      const port = portOf(await server.listen());
      const bad = net.connect(port, '127.0.0.1');
      t.after(async () => {
        bad.destroy();
        await server.close();
      });
      await once(bad, 'connect');
      bad.pause();
      const replies = readResponses(bad, CALLS);
      bad.write(pipelinedRequests('Flood.Big', CALLS, REPLY));
      await until(() => server.stats().connections[0]?.backedUp === true);
      const startedWhenPaused = started;

      const good = await dial(`127.0.0.1:${port}`);
      const arith = good.service(Arith);
      for (let i = 0; i < 100; i++) assert.equal(await arith.Multiply({ A: i, B: 3 }), 3 * i);
      await good.close();

      const [flood] = server.stats().connections;
      assert.equal(flood!.backedUp, true);
      assert.equal(started, startedWhenPaused, 'no request started while paused');
      assert.ok(started < CALLS, `${started} of ${CALLS} started`);
      assert.ok(flood!.peakUnsentBytes <= LIMIT + REPLY + KIB, `peak ${flood!.peakUnsentBytes}`);

      // Reading again drains the socket: every request is served, in the order sent.
      bad.resume();
      const got = await replies;
      assert.deepEqual(
        got,
        Array.from({ length: CALLS }, (_, i) => [i, REPLY]),
      );
      assert.equal(started, CALLS);
      const after = server.stats().connections[0]!;
      assert.ok(after.peakUnsentBytes <= LIMIT + REPLY + KIB, `peak ${after.peakUnsentBytes}`);
      assert.equal(after.deferredReplies, 0);
    });
  }

  test('a closed connection gives its bytes back to the server-wide budget', async (t) => {
    const server = new Server({ maxUnsentBytes: 8 << 20, maxTotalUnsentBytes: 512 * KIB })
      .register(Arith, arithImpl)
      .register(Flood, { Big: (n) => BIG.subarray(0, n), Echo: (b) => b });
    const port = portOf(await server.listen());
    t.after(() => server.close());
    const bads: net.Socket[] = [];
    for (let i = 0; i < 2; i++) {
      const bad = net.connect(port, '127.0.0.1');
      await once(bad, 'connect');
      bad.pause();
      bad.write(pipelinedRequests('Flood.Big', 400, REPLY));
      bads.push(bad);
    }
    t.after(() => bads.forEach((b) => b.destroy()));
    await until(() => server.stats().connections.filter((c) => c.backedUp).length === 2);
    const spent = server.stats();
    assert.ok(spent.unsentBytes >= 512 * KIB, `${spent.unsentBytes} unsent`);
    assert.ok(spent.peakUnsentBytes <= 512 * KIB + 2 * (REPLY + KIB), `peak ${spent.peakUnsentBytes}`);

    // The budget is spent, yet a client holding none of it is served.
    const good = await dial(`127.0.0.1:${port}`);
    assert.equal(await good.service(Arith).Multiply({ A: 6, B: 7 }), 42);
    await good.close();

    for (const b of bads) b.destroy();
    await until(() => server.stats().connections.length === 0);
    assert.equal(server.stats().unsentBytes, 0);
  });
});

describe('the server-wide budget', () => {
  test('is a true bound, and connections waiting for it get it in turn as bytes drain', async (t) => {
    // Room for one reply: a connection holds at most one unsent beyond what its kernel buffers
    // took; its next reply, and the others', wait (parked as values), in the order they came.
    const BUDGET = 100 * KIB;
    const server = new Server({ maxTotalUnsentBytes: BUDGET, unsentAllowance: 0 })
      .register(Arith, arithImpl)
      .register(Flood, { Big: (n) => BIG.subarray(0, n), Echo: (b) => b });
    const port = portOf(await server.listen());
    const bads: net.Socket[] = [];
    t.after(async () => {
      for (const b of bads) b.destroy();
      await server.close();
    });
    const conns = () => server.stats().connections;
    for (let i = 0; i < 3; i++) {
      const bad = net.connect(port, '127.0.0.1');
      await once(bad, 'connect');
      bad.pause();
      bad.write(pipelinedRequests('Flood.Big', 400, REPLY));
      bads.push(bad);
      // The first holds the budget, then waits for more; the others wait behind it.
      await until(() => (conns()[i]?.waitingForRoom ?? 0) > 0);
    }
    const [first, second, third] = conns();
    assert.ok(first!.unsentBytes > 0 && first!.unsentBytes <= BUDGET, `${first!.unsentBytes} unsent`);
    // Of their first reply, only the definition of rpc.Response's type is queued (58 bytes).
    assert.deepEqual([second!.unsentBytes, second!.peakUnsentBytes, third!.unsentBytes, third!.peakUnsentBytes], [58, 58, 58, 58]);
    assert.equal(server.stats().waitingForRoom, 3);

    // The first goes away: the others get the budget in turn, a reply each while their kernel
    // buffers take them (the budget frees as each is written), until one holds the budget again
    // and both wait.
    bads[0]!.destroy();
    await until(() => {
      const cs = conns();
      // Settled: one holds bytes its kernel did not take (they stay, unread), both wait.
      return cs.length === 2 && cs.every((c) => c.peakUnsentBytes > 58 && c.waitingForRoom > 0) && cs.some((c) => c.unsentBytes > 58);
    });
    const held = conns().map((c) => c.unsentBytes);
    assert.ok(held.some((n) => n > 58) && held.every((n) => n <= BUDGET), `unsent ${held.join(', ')}`);
    assert.equal(server.stats().waitingForRoom, 2);
    const stats = server.stats();
    assert.ok(stats.peakSharedUnsentBytes <= BUDGET, `peak ${stats.peakSharedUnsentBytes} > ${BUDGET}`);
    assert.ok(stats.peakUnsentBytes <= BUDGET, `peak ${stats.peakUnsentBytes} > ${BUDGET}`);
  });
});

describe('a connection whose requests keep coming while it is backed up', () => {
  test('is not read further: the bytes read and not yet served stay bounded', async (tc) => {
    const CALLS = 768; // 48 MiB of requests, more than the kernel's buffers hold
    let started = 0;
    const server = new Server({ maxUnsentBytes: 256 * KIB }).register(Arith, arithImpl).register(Flood, {
      Big: (n) => BIG.subarray(0, n),
      Echo: (b) => {
        started++;
        return b;
      },
    });
    const listener = net.createServer({ allowHalfOpen: true });
    let served: net.Socket | undefined;
    server.accept(listener, (s) => {
      served ??= s;
      return server.serveConn(s);
    });
    listener.listen(0, '127.0.0.1');
    await once(listener, 'listening');
    const port = portOf(listener);
    const bad = net.connect(port, '127.0.0.1');
    tc.after(async () => {
      await server.close();
      bad.destroy();
    });
    await once(bad, 'connect');
    bad.pause();
    const enc = new Encoder();
    const first = Buffer.concat([enc.encode(requestSchema, { ServiceMethod: 'Flood.Echo', Seq: 0 }), enc.encode(t.bytes, BIG)]);
    const next = Buffer.concat([enc.encode(requestSchema, { ServiceMethod: 'Flood.Echo', Seq: 1 }), enc.encode(t.bytes, BIG)]);
    bad.write(first);
    for (let i = 1; i < CALLS; i++) bad.write(next);
    await until(() => server.stats().connections[0]?.backedUp === true);

    const good = await dial(`127.0.0.1:${port}`);
    for (let i = 0; i < 100; i++) assert.equal(await good.service(Arith).Multiply({ A: i, B: 2 }), 2 * i);
    await good.close();

    // What the server read beyond the requests it started is at most a chunk or two in the
    // socket's and the decoder's buffers, not the rest of the 48 MiB.
    const readAhead = served!.bytesRead - (first.length + (started - 1) * next.length);
    assert.ok(started < CALLS, `${started} of ${CALLS} started`);
    assert.ok(readAhead <= 256 * KIB, `${readAhead} bytes read and not started`);
    assert.ok(bad.writableLength > 0, 'the peer could write everything');
  });
});

describe('closing a server', () => {
  test('does not wait on a backed-up peer: its connection is destroyed', async () => {
    const server = new Server().register(Flood, { Big: (n) => BIG.subarray(0, n), Echo: (b) => b });
    const port = portOf(await server.listen());
    const bad = net.connect(port, '127.0.0.1');
    await once(bad, 'connect');
    bad.pause();
    bad.write(pipelinedRequests('Flood.Big', 400, REPLY));
    await until(() => server.stats().connections[0]?.backedUp === true);
    const closed = once(bad, 'close');
    bad.resume(); // reads again only now, to see the connection end
    await server.close();
    await closed;
    const after = server.stats();
    assert.deepEqual(after, {
      unsentBytes: 0,
      peakUnsentBytes: after.peakUnsentBytes,
      sharedUnsentBytes: 0,
      peakSharedUnsentBytes: after.peakSharedUnsentBytes,
      waitingForRoom: 0,
      connections: [],
    });
  });
});

describe('write limit options', () => {
  test('defaults, and what a fresh server reports', () => {
    assert.equal(DEFAULT_MAX_UNSENT_BYTES, 1 << 20);
    assert.equal(DEFAULT_MAX_TOTAL_UNSENT_BYTES, 64 << 20);
    assert.equal(DEFAULT_UNSENT_ALLOWANCE, 64 << 10);
    assert.deepEqual(new Server().stats(), {
      unsentBytes: 0,
      peakUnsentBytes: 0,
      sharedUnsentBytes: 0,
      peakSharedUnsentBytes: 0,
      waitingForRoom: 0,
      connections: [],
    });
    new Server({ maxUnsentBytes: Infinity, maxTotalUnsentBytes: Infinity, unsentAllowance: Infinity }); // no limit is allowed
    new Server({ unsentAllowance: 0 }); // every unsent byte then counts against the budget
  });

  const bad: Array<[string, number]> = [
    ['maxUnsentBytes', 0],
    ['maxUnsentBytes', -1],
    ['maxUnsentBytes', NaN],
    ['maxTotalUnsentBytes', 0],
    ['maxTotalUnsentBytes', '1' as unknown as number],
  ];
  for (const [name, value] of bad) {
    test(`${name}: ${String(value)} is refused`, () => {
      assert.throws(() => new Server({ [name]: value }), {
        name: 'RangeError',
        message: `gobrpc: ${name} must be a positive number of bytes, got ${String(value)}`,
      });
    });
  }
  for (const value of [-1, NaN, '1' as unknown as number]) {
    test(`unsentAllowance: ${String(value)} is refused`, () => {
      assert.throws(() => new Server({ unsentAllowance: value }), {
        name: 'RangeError',
        message: `gobrpc: unsentAllowance must be a non-negative number of bytes, got ${String(value)}`,
      });
    });
  }
});

describe('a client whose server never reads', () => {
  test('keeps its requests queued until drain instead of piling them into the socket', async (tc) => {
    const accepted: net.Socket[] = [];
    const listener = net.createServer((s) => {
      s.pause(); // never reads
      accepted.push(s);
    });
    listener.listen(0, '127.0.0.1');
    await once(listener, 'listening');
    const socket = net.connect(portOf(listener), '127.0.0.1');
    await once(socket, 'connect');
    const client = new Client(socket);
    tc.after(() => {
      socket.destroy();
      accepted.forEach((s) => s.destroy());
      listener.close();
    });
    const arg = new Uint8Array(256 * KIB);
    const calls = [];
    let peak = 0;
    for (let i = 0; i < 200; i++) {
      // 50 MiB of requests
      calls.push(client.go('Sink.Put', arg, { argSchema: Sink.methods.Put.args }));
      await new Promise<void>((res) => setImmediate(res));
      peak = Math.max(peak, socket.writableLength);
    }
    await until(() => socket.writableNeedDrain);
    // One write of up to the flush threshold (1 MiB) plus the request that crossed it is in the
    // socket; the rest waits in the client's queue.
    assert.ok(peak <= (1 << 20) + 256 * KIB + KIB, `socket held ${peak} bytes`);
    assert.equal(client.pendingCount, 200);
    await client.close();
    for (const c of calls) await assert.rejects(c.done, { name: 'RpcError', code: 'SHUTDOWN', message: 'connection is shut down' });
  });
});
