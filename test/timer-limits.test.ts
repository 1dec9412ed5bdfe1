// Every timer option against Node's limit: setTimeout keeps at most 2^31 - 1 ms and fires a
// longer delay after 1 ms, so a grace period, timeout or backoff past it is refused with a
// RangeError naming the option (Infinity, where it means none, still does), and a computed
// backoff delay stops at the limit.
import assert from 'node:assert/strict';
import type net from 'node:net';
import { after, before, describe, test } from 'node:test';
import { backoffDelay, Client, dial, ReconnectingClient, type RpcError, Server } from '../src/rpc/index.js';
import { Arith, arithImpl } from './helpers/goproc.js';
import { rejection } from './helpers/assert.js';

const big = 3e9;
const tooLong = (name: string) => ({
  name: 'RangeError',
  message: `gobrpc: ${name} must be at most 2147483647 ms (Node's timer limit) or Infinity, got 3000000000`,
});

describe('timer options beyond 2^31 - 1 ms', () => {
  const server = new Server().register(Arith, arithImpl);
  let addr = '';
  before(async () => {
    const a = (await server.listen()).address() as net.AddressInfo;
    addr = `127.0.0.1:${a.port}`;
  });
  after(() => server.close());

  test('server.close({ grace }) throws before closing anything', async () => {
    const s = new Server().register(Arith, arithImpl);
    await s.listen();
    await assert.rejects(s.close({ grace: big }), tooLong('grace'));
    await s.close();
  });

  test('the client default timeout, connectTimeout and per-call timeout', async () => {
    await assert.rejects(dial(addr, { timeout: big }), tooLong('timeout'));
    await assert.rejects(dial(addr, { connectTimeout: big }), tooLong('connectTimeout'));
    const c = await dial(addr, { connectTimeout: Infinity, timeout: Infinity });
    try {
      assert.throws(() => new Client({} as never, { timeout: big }), tooLong('timeout'));
      const arith = c.service(Arith);
      await assert.rejects(arith.Multiply({ A: 2, B: 3 }, { timeout: big }), tooLong('timeout'));
      assert.equal(c.pendingCount, 0);
      assert.equal(await arith.Multiply({ A: 2, B: 3 }, { timeout: Infinity }), 6);
      assert.equal(await arith.Multiply({ A: 4, B: 3 }), 12);
    } finally {
      await c.close();
    }
  });

  test('backoff options: initialDelay and maxDelay refused, a delay under maxDelay: Infinity clamped', () => {
    assert.throws(() => backoffDelay(1, { initialDelay: big }), {
      name: 'RangeError',
      message: "gobrpc: initialDelay must be at most 2147483647 ms (Node's timer limit), got 3000000000",
    });
    assert.throws(() => backoffDelay(1, { maxDelay: big }), tooLong('maxDelay'));
    assert.throws(() => new ReconnectingClient(() => dial(addr), { maxDelay: big }), tooLong('maxDelay'));
    const opts = { maxDelay: Infinity, random: () => 0 };
    assert.deepEqual(
      [25, 26, 27, 60].map((a) => backoffDelay(a, opts)),
      [1677721600, 2147483647, 2147483647, 2147483647],
    );
    assert.equal(backoffDelay(60, { ...opts, random: () => 0.5 }), 2147483647 * 0.75);
  });

  test('a ReconnectingClient call queued while down: its timeout is checked, and its expiry says it was never sent', async () => {
    const refused = new Error('dial refused');
    const rc = new ReconnectingClient(() => Promise.reject(refused), { initialDelay: 60_000 });
    try {
      const arith = rc.service(Arith);
      await assert.rejects(arith.Multiply({ A: 1, B: 1 }, { timeout: big }), tooLong('timeout'));
      const e = (await rejection(arith.Multiply({ A: 1, B: 1 }, { timeout: 20 }))) as RpcError;
      const cause = e.cause as RpcError;
      assert.deepEqual(
        [e.code, e.message, cause.code, cause.message, cause.cause],
        [
          'TIMEOUT',
          'rpc: call Arith.Multiply timed out after 20 ms',
          'SHUTDOWN',
          'rpc: call Arith.Multiply was never sent: no connection came up',
          refused,
        ],
      );
    } finally {
      await rc.close();
    }
  });
});
