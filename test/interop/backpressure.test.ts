// Back-pressure against hostile peers (issue 9, kind 3): Go programs (interop/flood) pipeline
// requests for 1 MiB replies on two connections and never read one, while Go's own client
// (interop/stress) makes calls on another connection. The good client's calls must all succeed,
// the flooding connections must stay paused with their unsent bytes under the bounds, and the
// process's memory must stay in proportion to the bounds, not to what was asked for. Gob and
// JSON-RPC, over TCP and HTTP CONNECT, synchronous and asynchronous handlers, per-connection
// and server-wide bounds.
import assert from 'node:assert/strict';
import { once } from 'node:events';
import type http from 'node:http';
import type net from 'node:net';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { describe, test, type TestContext } from 'node:test';
import { t } from '../../src/gob/index.js';
import { listen as jsonListen } from '../../src/jsonrpc/index.js';
import { createHTTPServer, defineService, Server, type ServerOptions, type ServiceImpl } from '../../src/rpc/index.js';
import { Arith, arithImpl, type Cleanup, type Proc, runGo, startGoClient } from '../helpers/goproc.js';
import { until } from '../helpers/rawgob.js';

const MIB = 1 << 20;
/** Every reply of Flood.Big is this buffer (or a view of it), so handlers allocate nothing. */
const BIG = new Uint8Array(MIB).fill(0x5a);
const CONNS = 2;

const Flood = defineService('Flood', { Big: { args: t.int, reply: t.bytes } });

/** Runs a full garbage collection, so that memory figures count live bytes only. */
const gc: () => void = (() => {
  setFlagsFromString('--expose-gc');
  return runInNewContext('gc') as () => void;
})();

/** Bytes held by ArrayBuffers (Buffers included) after a collection. */
function liveBuffers(): number {
  gc();
  return process.memoryUsage().arrayBuffers;
}

/**
 * Starts interop/flood against `port` and resolves once its connections are up. When the test
 * ends, `server` is closed first (which must not wait on the flooding connections), then the
 * program is killed.
 */
async function startFlood(t: TestContext, server: Server, port: number, c: Case, httpServer?: http.Server): Promise<Proc> {
  const args = ['-addr', `127.0.0.1:${port}`, '-mode', c.mode, '-conns', String(CONNS), '-calls', String(c.calls), '-arg', String(c.reply)];
  const cleanup: Cleanup = (kill) =>
    t.after(async () => {
      await server.close();
      await kill();
      if (httpServer) await new Promise((res) => httpServer.close(res));
    });
  return startGoClient('flood', args, cleanup, `connected ${CONNS}`);
}

interface Case {
  name: string;
  mode: 'tcp' | 'http' | 'jsonrpc';
  options: ServerOptions;
  handler: ServiceImpl<typeof Flood>['Big'];
  /** Bytes in each reply. */
  reply: number;
  /** Requests per flooding connection. */
  calls: number;
  /** The bound each flooding connection's unsent bytes must respect. */
  perConn: number;
  /** The bound the server's total must respect, when the budget is what limits it. */
  total?: number;
}

const syncBig = (n: number) => BIG.subarray(0, n);
const asyncBig = async (n: number) => BIG.subarray(0, n);
const laterBig = (n: number) => new Promise<Uint8Array>((res) => setImmediate(() => res(BIG.subarray(0, n))));

// A reply of n bytes is about n bytes in gob and 4n/3 in JSON (base64); the header and framing
// add less than 1 KiB. A connection may exceed its bound by one reply.
const gobReply = (n: number) => n + 1024;
const jsonReply = (n: number) => Math.ceil((n * 4) / 3) + 1024;
const KIB64 = 64 << 10;

// Unbounded, each case would hold CONNS * calls * reply bytes: 1 GiB or 512 MiB.
const cases: Case[] = [
  {
    name: 'gob, synchronous handler, default bounds',
    mode: 'tcp',
    options: {},
    handler: syncBig,
    reply: MIB,
    calls: 512,
    perConn: MIB + gobReply(MIB),
  },
  {
    name: 'gob, async handler, default bounds',
    mode: 'tcp',
    options: {},
    handler: asyncBig,
    reply: MIB,
    calls: 512,
    perConn: MIB + gobReply(MIB),
  },
  {
    name: 'gob, handler finishing a macrotask later',
    mode: 'tcp',
    options: {},
    handler: laterBig,
    reply: MIB,
    calls: 512,
    perConn: MIB + gobReply(MIB),
  },
  // Replies smaller than the bound: several accumulate before the connection pauses.
  {
    name: 'gob, 64 KiB replies, default bounds',
    mode: 'tcp',
    options: {},
    handler: syncBig,
    reply: KIB64,
    calls: 4096,
    perConn: MIB + gobReply(KIB64),
  },
  {
    name: 'gob, 64 KiB replies, async, 256 KiB per connection',
    mode: 'tcp',
    options: { maxUnsentBytes: 256 << 10 },
    handler: asyncBig,
    reply: KIB64,
    calls: 4096,
    perConn: (256 << 10) + gobReply(KIB64),
  },
  {
    name: 'gob, 64 KiB replies, server-wide budget of 1 MiB',
    mode: 'tcp',
    options: { maxUnsentBytes: 8 * MIB, maxTotalUnsentBytes: MIB },
    handler: syncBig,
    reply: KIB64,
    calls: 4096,
    perConn: MIB + gobReply(KIB64),
    total: MIB + CONNS * gobReply(KIB64),
  },
  {
    name: 'gob, 1 MiB replies, server-wide budget of 1 MiB',
    mode: 'tcp',
    options: { maxUnsentBytes: 8 * MIB, maxTotalUnsentBytes: MIB },
    handler: asyncBig,
    reply: MIB,
    calls: 512,
    perConn: MIB + gobReply(MIB),
    total: MIB + CONNS * gobReply(MIB),
  },
  {
    name: 'gob over HTTP CONNECT, async handler, default bounds',
    mode: 'http',
    options: {},
    handler: asyncBig,
    reply: MIB,
    calls: 512,
    perConn: MIB + gobReply(MIB),
  },
  {
    name: 'JSON-RPC, synchronous handler, default bounds',
    mode: 'jsonrpc',
    options: {},
    handler: syncBig,
    reply: MIB,
    calls: 512,
    perConn: MIB + jsonReply(MIB),
  },
  {
    name: 'JSON-RPC, async handler, default bounds',
    mode: 'jsonrpc',
    options: {},
    handler: asyncBig,
    reply: MIB,
    calls: 512,
    perConn: MIB + jsonReply(MIB),
  },
  {
    name: 'JSON-RPC, async handler, 64 KiB replies',
    mode: 'jsonrpc',
    options: {},
    handler: asyncBig,
    reply: KIB64,
    calls: 4096,
    perConn: MIB + jsonReply(KIB64),
  },
];

describe('a peer that never reads its replies', () => {
  for (const c of cases) {
    test(c.name, async (t) => {
      let started = 0;
      const server = new Server(c.options).register(Arith, arithImpl).register(Flood, {
        Big: (n, ctx) => {
          started++;
          return c.handler(n, ctx);
        },
      });
      let httpServer: http.Server | undefined;
      let listener: net.Server;
      if (c.mode === 'tcp') listener = await server.listen();
      else if (c.mode === 'jsonrpc') listener = await jsonListen(server);
      else {
        listener = httpServer = createHTTPServer(server).listen(0, '127.0.0.1');
        await once(httpServer, 'listening');
      }
      const port = (listener.address() as net.AddressInfo).port;
      const before = liveBuffers();

      await startFlood(t, server, port, c, httpServer);
      // Both flooding connections fill the kernel's buffers, then their unsent bytes pass the
      // bound: that holds for as long as the peer keeps them open and unread, so a connection
      // that closes first (the peer reset it, or exited) ends the wait as a failure, not a hang.
      let most = 0;
      await until(() => {
        const conns = server.stats().connections;
        most = Math.max(most, conns.length);
        return conns.filter((s) => s.backedUp).length === CONNS || conns.length < most;
      });
      assert.equal(server.stats().connections.filter((s) => s.backedUp).length, CONNS, 'a flooding connection closed before it backed up');
      const startedWhenPaused = started;

      // Go's client on a third connection: every call succeeds while the others stay paused.
      const good = await runGo('stress', ['-addr', `127.0.0.1:${port}`, '-mode', c.mode, '-goroutines', '4', '-calls', '50']);
      assert.equal(good.stderr, '');
      assert.deepEqual({ code: good.code, lines: good.lines }, { code: 0, lines: ['stress: 200 calls ok'] });

      const stats = server.stats();
      const flooding = stats.connections.filter((s) => s.backedUp);
      assert.equal(flooding.length, CONNS, 'the flooding connections are still paused');
      assert.equal(started, startedWhenPaused, 'no handler started on a paused connection');
      assert.ok(started < (CONNS * c.calls) / 4, `${started} of ${CONNS * c.calls} requests were started`);
      for (const s of flooding) {
        assert.ok(s.peakUnsentBytes <= c.perConn, `peak ${s.peakUnsentBytes} > ${c.perConn} unsent bytes on one connection`);
        // Paused with bytes the peer does not take, or with a reply waiting for room in the budget.
        assert.ok(s.unsentBytes > 0 || s.waitingForRoom > 0);
      }
      if (c.total !== undefined) {
        assert.ok(stats.peakUnsentBytes <= c.total, `peak ${stats.peakUnsentBytes} > ${c.total} unsent bytes in all`);
        const budget = c.options.maxTotalUnsentBytes!;
        assert.ok(stats.peakSharedUnsentBytes <= budget, `peak ${stats.peakSharedUnsentBytes} > ${budget} bytes of the budget`);
      }
      // What is held is in proportion to the bounds (each connection's unsent bytes and writer
      // buffer), not to the replies asked for.
      const grown = liveBuffers() - before;
      assert.ok(grown < 48 * MIB, `ArrayBuffers grew by ${(grown / MIB).toFixed(1)} MiB`);
    });
  }
});
