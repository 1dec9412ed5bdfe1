// The bound on calls in flight per connection, in one process over real sockets on 127.0.0.1:
// a raw socket that pipelines requests for slow asynchronous handlers and never reads starts at
// most maxCallsInFlight of them (replies waiting as values count), a client on another connection
// is served meanwhile, and once the peer reads every reply arrives in order. Handlers finish only
// when the test releases them, so the counts asserted are exact and no timer is involved.
import assert from 'node:assert/strict';
import { once } from 'node:events';
import net from 'node:net';
import { describe, test } from 'node:test';
import { t } from '../src/gob/index.js';
import { DEFAULT_MAX_CALLS_IN_FLIGHT } from '../src/rpc/conn.js';
import { defineService, dial, Server } from '../src/rpc/index.js';
import { Arith, arithImpl } from './helpers/goproc.js';
import { pipelinedRequests, portOf, readResponses, until } from './helpers/rawgob.js';

const KIB = 1 << 10;
const REPLY = 64 * KIB;
const BIG = new Uint8Array(REPLY).fill(0x5a);
const Slow = defineService('Slow', { Big: { args: t.int, reply: t.bytes } });

function turn(): Promise<void> {
  return new Promise<void>((res) => setImmediate(res));
}

/**
 * A Slow service whose handlers wait until the test releases them (all at once with
 * `releaseAll`, or, after `autoRelease`, each a turn after it starts), counting how many run at once.
 */
function slowService() {
  const pending: Array<() => void> = [];
  const state = { started: 0, running: 0, peakRunning: 0, auto: false };
  const impl = {
    Big: (n: number) => {
      state.started++;
      state.running++;
      state.peakRunning = Math.max(state.peakRunning, state.running);
      return new Promise<Uint8Array>((resolve) => {
        const release = () => {
          state.running--;
          resolve(BIG.subarray(0, n));
        };
        if (state.auto) setImmediate(release);
        else pending.push(release);
      });
    },
  };
  return {
    impl,
    state,
    pending,
    releaseAll(): void {
      for (const r of pending.splice(0)) r();
    },
    autoRelease(): void {
      state.auto = true;
      this.releaseAll();
    },
  };
}

describe('calls in flight on one connection', () => {
  test('a non-reading peer starts at most maxCallsInFlight handlers; others are served; all replies come in order', async (tc) => {
    const LIMIT = 8;
    const CALLS = 300;
    const slow = slowService();
    const server = new Server({ maxCallsInFlight: LIMIT, maxUnsentBytes: 256 * KIB }).register(Arith, arithImpl).register(Slow, slow.impl);
    const port = portOf(await server.listen());
    const bad = net.connect(port, '127.0.0.1');
    tc.after(async () => {
      bad.destroy();
      await server.close();
    });
    await once(bad, 'connect');
    bad.pause();
    const replies = readResponses(bad, CALLS);
    bad.write(pipelinedRequests('Slow.Big', CALLS, REPLY));

    // The first LIMIT requests start; the rest stay queued, unread or undecoded.
    await until(() => slow.state.started === LIMIT);
    const good = await dial(`127.0.0.1:${port}`);
    for (let i = 0; i < 100; i++) assert.equal(await good.service(Arith).Multiply({ A: i, B: 5 }), 5 * i);
    await good.close();
    assert.equal(slow.state.started, LIMIT, 'no request started beyond the bound');
    let [flood] = server.stats().connections;
    assert.equal(flood!.callsInFlight, LIMIT);
    assert.equal(flood!.backedUp, false, 'nothing is unsent yet');

    // Handlers released one batch at a time: each reply written lets the next request start,
    // until the unsent bytes back the connection up; from then on released replies wait as
    // values and still count, so the number of replies held never passes the bound.
    while (slow.pending.length > 0) {
      slow.releaseAll();
      // Settled again once LIMIT calls are in flight, or the connection backed up with fewer,
      // each a running handler or a deferred reply.
      await until(() => {
        const c = server.stats().connections[0]!;
        return (c.callsInFlight === LIMIT || c.backedUp) && slow.state.running + c.deferredReplies === c.callsInFlight;
      });
      assert.equal(slow.state.running, slow.pending.length);
    }
    [flood] = server.stats().connections;
    assert.equal(flood!.backedUp, true);
    assert.ok(flood!.callsInFlight <= LIMIT);
    assert.equal(flood!.deferredReplies, flood!.callsInFlight, 'every call in flight is a reply waiting for the drain');
    assert.equal(flood!.peakCallsInFlight, LIMIT);
    assert.equal(slow.state.peakRunning, LIMIT);
    assert.ok(slow.state.started < CALLS, `${slow.state.started} of ${CALLS} started`);

    // Still a good client is served while this connection holds its bound.
    const good2 = await dial(`127.0.0.1:${port}`);
    assert.equal(await good2.service(Arith).Multiply({ A: 6, B: 7 }), 42);
    await good2.close();

    // The peer reads: every request is served, in the order sent, never more than LIMIT at once.
    slow.autoRelease();
    bad.resume();
    assert.deepEqual(
      await replies,
      Array.from({ length: CALLS }, (_, i) => [i, REPLY]),
    );
    assert.equal(slow.state.started, CALLS);
    assert.equal(slow.state.peakRunning, LIMIT);
    const after = server.stats().connections[0]!;
    assert.equal(after.peakCallsInFlight, LIMIT);
    assert.equal(after.callsInFlight, 0);
    assert.equal(after.deferredReplies, 0);
  });

  test('the default lets a client pipeline 1,000 calls: queued, never refused', async (tc) => {
    const slow = slowService();
    const server = new Server().register(Slow, slow.impl);
    const port = portOf(await server.listen());
    const client = await dial(`127.0.0.1:${port}`);
    tc.after(async () => {
      await client.close();
      await server.close();
    });
    const svc = client.service(Slow);
    const calls = Array.from({ length: 1000 }, (_, i) => svc.Big(i));
    await until(() => slow.state.started === DEFAULT_MAX_CALLS_IN_FLIGHT);
    await turn();
    assert.equal(slow.state.started, DEFAULT_MAX_CALLS_IN_FLIGHT);
    assert.equal(server.stats().connections[0]!.callsInFlight, DEFAULT_MAX_CALLS_IN_FLIGHT);
    slow.autoRelease();
    const got = await Promise.all(calls);
    assert.deepEqual(
      got.map((b) => b.length),
      Array.from({ length: 1000 }, (_, i) => i),
    );
    assert.equal(slow.state.peakRunning, DEFAULT_MAX_CALLS_IN_FLIGHT);
    assert.equal(server.stats().connections[0]!.peakCallsInFlight, DEFAULT_MAX_CALLS_IN_FLIGHT);
  });
});

describe('maxCallsInFlight option', () => {
  test('default 128; Infinity lifts it', () => {
    assert.equal(DEFAULT_MAX_CALLS_IN_FLIGHT, 128);
    new Server({ maxCallsInFlight: Infinity });
    new Server({ maxCallsInFlight: 1 });
  });
  for (const value of [0, -1, 1.5, NaN, '4' as unknown as number]) {
    test(`${String(value)} is refused`, () => {
      assert.throws(() => new Server({ maxCallsInFlight: value }), {
        name: 'RangeError',
        message: `gobrpc: maxCallsInFlight must be a positive integer, got ${String(value)}`,
      });
    });
  }
});
