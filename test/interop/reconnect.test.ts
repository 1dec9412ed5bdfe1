// The reconnecting client against Go net/rpc servers (interop/matrix) that are killed and
// started again on the same port: in-flight calls fail as on a plain client, calls made while
// down wait (or fail at once), events mark every step, and close() stops it all.
import assert from 'node:assert/strict';
import { once } from 'node:events';
import * as net from 'node:net';
import { after, describe, test } from 'node:test';
import { backoffDelay, dial, ReconnectingClient, type ReconnectOptions, type RpcError } from '../../src/rpc/index.js';
import { Matrix, type Peer, startGo } from '../helpers/goproc.js';
import { rejection } from '../helpers/assert.js';

const cleanups: Array<() => unknown> = [];
after(() => Promise.all(cleanups.map((fn) => fn())));
const cleanup = (fn: () => unknown) => void cleanups.push(fn);
const codeAndMessage = (e: Error) => ({ code: (e as RpcError).code, message: e.message });

function reconnecting(addr: string, options: ReconnectOptions = {}): ReconnectingClient {
  const rc = new ReconnectingClient((signal) => dial(addr, { signal }), { initialDelay: 5, maxDelay: 40, ...options });
  cleanups.unshift(() => rc.close());
  return rc;
}

describe('backoffDelay', () => {
  test('doubles from initialDelay up to maxDelay, less up to jitter of it', () => {
    const table: Array<[ReconnectOptions, number[]]> = [
      [{ random: () => 0 }, [100, 200, 400, 800, 1600, 3200, 5000, 5000]],
      [{ random: () => 0.5 }, [75, 150, 300, 600, 1200, 2400, 3750, 3750]],
      [{ random: () => 0.5, jitter: 0, initialDelay: 10, factor: 3, maxDelay: 200 }, [10, 30, 90, 200, 200, 200, 200, 200]],
      [{ random: () => 0.999, jitter: 1, initialDelay: 1000 }, [1, 2, 4, 5, 5, 5, 5, 5].map((k) => k * 1000 * (1 - 0.999))],
    ];
    for (const [options, want] of table) {
      assert.deepEqual(
        [1, 2, 3, 4, 5, 6, 7, 8].map((a) => backoffDelay(a, options)),
        want,
        JSON.stringify(options),
      );
    }
  });

  test('an attempt or option out of range is a RangeError, in backoffDelay and in the constructor', () => {
    const table: Array<[number, ReconnectOptions, string]> = [
      [0, {}, 'gobrpc: attempt must be a positive integer, got 0'],
      [-1, {}, 'gobrpc: attempt must be a positive integer, got -1'],
      [NaN, {}, 'gobrpc: attempt must be a positive integer, got NaN'],
      [1.5, {}, 'gobrpc: attempt must be a positive integer, got 1.5'],
      [1, { initialDelay: -1 }, 'gobrpc: initialDelay must be a finite number of milliseconds >= 0, got -1'],
      [1, { maxDelay: NaN }, 'gobrpc: maxDelay must be a number of milliseconds >= 0, got NaN'],
      [1, { factor: 0.5 }, 'gobrpc: factor must be a finite number >= 1, got 0.5'],
      [1, { jitter: 2 }, 'gobrpc: jitter must be a number from 0 to 1, got 2'],
      [1, { maxAttempts: 0 }, 'gobrpc: maxAttempts must be a positive integer or Infinity, got 0'],
      [1, { maxQueued: -1 }, 'gobrpc: maxQueued must be an integer >= 0 or Infinity, got -1'],
      [1, { minUptime: NaN }, 'gobrpc: minUptime must be a number of milliseconds >= 0, got NaN'],
    ];
    for (const [attempt, options, message] of table) {
      assert.throws(() => backoffDelay(attempt, options), { name: 'RangeError', message });
      if (attempt === 1) {
        assert.throws(() => new ReconnectingClient(() => Promise.reject(new Error('unused')), options), { name: 'RangeError', message });
      }
    }
  });
});

describe('ReconnectingClient', () => {
  test('kill and restart on the same port: in flight fails, queued waits, events fire', async () => {
    let go: Peer = await startGo('matrix', [], cleanup);
    const rc = reconnecting(go.addr);
    const events: string[] = [];
    rc.on('connect', () => events.push('connect'));
    rc.on('disconnect', (e: Error) => events.push(`disconnect: ${e.message}`));
    await once(rc, 'connect');
    assert.equal(rc.state, 'connected');
    const m = rc.service(Matrix);
    assert.equal(await m.Sleep(1), 1);

    const inFlight = m.Sleep(60_000);
    await go.kill();
    assert.deepEqual(codeAndMessage(await rejection(inFlight)), { code: 'UNEXPECTED_EOF', message: 'unexpected EOF' });
    // While the server is down, every dial is refused and retried.
    const [retry] = (await once(rc, 'retry')) as [{ attempt: number; delay: number; error: NodeJS.ErrnoException }];
    assert.equal(retry.error.code, 'ECONNREFUSED');
    assert.ok(retry.attempt >= 1);
    assert.equal(rc.state, 'connecting');
    const queued = m.Sleep(2);

    // The redial may connect before startGo has read the handshake line, so the queued call,
    // not a 'connect' listener added now, is what shows the reconnect.
    go = await startGo('matrix', ['-addr', go.addr], cleanup);
    assert.equal(await queued, 2);
    assert.equal(await m.Sleep(3), 3);
    assert.deepEqual(events, ['connect', 'disconnect: unexpected EOF', 'connect']);
  });

  test("whileDown 'reject' fails calls at once with Go's ErrShutdown text; a queued call's timeout and signal end its wait", async () => {
    const go = await startGo('matrix', [], cleanup);
    const rc = reconnecting(go.addr, { whileDown: 'reject' });
    await once(rc, 'connect');
    const lost = once(rc, 'disconnect');
    await go.kill();
    await lost;
    const m = rc.service(Matrix);
    assert.deepEqual(codeAndMessage(await rejection(m.Sleep(1))), { code: 'SHUTDOWN', message: 'connection is shut down' });

    const q = reconnecting(go.addr);
    const [, error] = await Promise.all([once(q, 'retry'), rejection(q.service(Matrix).Sleep(1, { timeout: 20 }))]);
    assert.deepEqual(codeAndMessage(error), { code: 'TIMEOUT', message: 'rpc: call Matrix.Sleep timed out after 20 ms' });
    const ac = new AbortController();
    const aborted = q.service(Matrix).Sleep(1, { signal: ac.signal });
    ac.abort();
    assert.deepEqual(codeAndMessage(await rejection(aborted)), { code: 'ABORTED', message: 'rpc: call Matrix.Sleep aborted' });
  });

  test('close({ wait: true }) refuses new calls, lets the calls made settle (queued ones included), then closes', async () => {
    let go: Peer = await startGo('matrix', [], cleanup);
    const rc = reconnecting(go.addr);
    await once(rc, 'connect');
    const m = rc.service(Matrix);
    const inFlight = m.Sleep(200);
    const closed = once(rc, 'close');
    const closing = rc.close({ wait: true });
    assert.equal(rc.state, 'closed');
    assert.deepEqual(codeAndMessage(await rejection(m.Sleep(1))), { code: 'SHUTDOWN', message: 'connection is shut down' });
    assert.equal(await inFlight, 200);
    await closing;
    await closed;
    assert.deepEqual(codeAndMessage(await rejection(m.Sleep(1))), { code: 'SHUTDOWN', message: 'connection is shut down' });

    // While down: the queued call still waits for a connection, and close resolves once it is answered.
    await go.kill();
    const down = reconnecting(go.addr);
    await once(down, 'retry');
    const queued = down.call('Matrix.Sleep', 3, { argSchema: Matrix.methods.Sleep.args });
    const waiting = down.close({ wait: true });
    go = await startGo('matrix', ['-addr', go.addr], cleanup);
    assert.equal(await queued, 3);
    await waiting;

    // A plain close() during the wait closes at once: the calls still pending fail as on close().
    const cut = reconnecting(go.addr);
    await once(cut, 'connect');
    const long = cut.service(Matrix).Sleep(60_000);
    const patient = cut.close({ wait: true });
    await cut.close();
    await patient;
    assert.deepEqual(codeAndMessage(await rejection(long)), { code: 'SHUTDOWN', message: 'connection is shut down' });
  });

  test('close() while down stops redialing and rejects queued calls; maxAttempts gives up', async () => {
    const go = await startGo('matrix', [], cleanup);
    await go.kill();
    const rc = reconnecting(go.addr);
    await once(rc, 'retry');
    const queued = rc.call('Matrix.Sleep', 1);
    const closed = once(rc, 'close');
    await rc.close();
    await closed;
    assert.equal(rc.state, 'closed');
    assert.deepEqual(codeAndMessage(await rejection(queued)), { code: 'SHUTDOWN', message: 'connection is shut down' });
    assert.deepEqual(codeAndMessage(await rejection(rc.call('Matrix.Sleep', 1))), { code: 'SHUTDOWN', message: 'connection is shut down' });

    const limited = reconnecting(go.addr, { maxAttempts: 3 });
    const attempts: number[] = [];
    limited.on('retry', (r: { attempt: number }) => attempts.push(r.attempt));
    const [e] = (await once(limited, 'giveup')) as [NodeJS.ErrnoException];
    assert.equal(e.code, 'ECONNREFUSED');
    assert.deepEqual(attempts, [1, 2]);
    assert.equal(limited.state, 'closed');
  });

  test('a server that accepts and closes at once is redialed with backoff, and maxAttempts gives up', async () => {
    // Not a Go peer: what matters is a TCP accept followed by a close, which no RPC server does on purpose.
    let accepts = 0;
    const hangUp = net.createServer((socket) => {
      accepts++;
      socket.destroy();
    });
    await new Promise<void>((res) => hangUp.listen(0, '127.0.0.1', res));
    cleanup(() => new Promise((res) => hangUp.close(res)));
    const addr = `127.0.0.1:${(hangUp.address() as net.AddressInfo).port}`;
    const rc = reconnecting(addr, { maxAttempts: 4, random: () => 0 });
    const events: string[] = [];
    rc.on('connect', () => events.push('connect'));
    rc.on('disconnect', (e: Error) => events.push(`disconnect: ${e.message}`));
    rc.on('retry', (r: { attempt: number; delay: number; error: Error }) =>
      events.push(`retry ${r.attempt} in ${r.delay} ms: ${r.error.message}`),
    );
    const queued = rc.call('Matrix.Sleep', 1, { argSchema: Matrix.methods.Sleep.args });
    const [gaveUp] = (await once(rc, 'giveup')) as [Error];
    assert.equal(gaveUp.message, 'unexpected EOF');
    assert.equal(accepts, 4);
    assert.deepEqual(events, [
      'connect',
      'disconnect: unexpected EOF',
      'retry 1 in 5 ms: unexpected EOF',
      'connect',
      'disconnect: unexpected EOF',
      'retry 2 in 10 ms: unexpected EOF',
      'connect',
      'disconnect: unexpected EOF',
      'retry 3 in 20 ms: unexpected EOF',
      'connect',
      'disconnect: unexpected EOF',
    ]);
    // The queued call was sent on the first connection, which died under it, as on a plain client.
    assert.deepEqual(codeAndMessage(await rejection(queued)), { code: 'UNEXPECTED_EOF', message: 'unexpected EOF' });
    // Calls after giving up say so, with the last failure as the cause.
    const after = await rejection(rc.call('Matrix.Sleep', 1));
    assert.deepEqual(codeAndMessage(after), {
      code: 'SHUTDOWN',
      message: 'rpc: gave up reconnecting after 4 failed attempts: unexpected EOF',
    });
    assert.equal(after.cause, gaveUp);
  });

  test('a connect that resolves to something else than a Client fails that dial with a typed error', async () => {
    // No peer: the dialer breaks its contract before any connection is made.
    for (const [value, what] of [
      [42, 'number'],
      [null, 'null'],
      [{}, 'an object ([object Object])'],
    ] as const) {
      const rc = new ReconnectingClient(async () => value as never, { maxAttempts: 2, initialDelay: 1, random: () => 0 });
      cleanups.unshift(() => rc.close());
      const retries: Array<{ code: string; message: string }> = [];
      rc.on('retry', (r: { error: Error }) => retries.push(codeAndMessage(r.error)));
      const queued = rc.call('X.Y', 1);
      const [gaveUp] = (await once(rc, 'giveup')) as [Error];
      const message = `rpc: connect resolved to ${what}, not a Client`;
      assert.deepEqual([retries, codeAndMessage(gaveUp)], [[{ code: 'PROTOCOL', message }], { code: 'PROTOCOL', message }]);
      assert.deepEqual(codeAndMessage(await rejection(queued)), {
        code: 'SHUTDOWN',
        message: `rpc: gave up reconnecting after 2 failed attempts: ${message}`,
      });
    }
  });

  test('rejections while down say why: giving up, the queue full, whileDown reject; each with the dial error as cause', async () => {
    const go = await startGo('matrix', [], cleanup);
    await go.kill();
    const full = reconnecting(go.addr, { maxQueued: 1 });
    await once(full, 'retry');
    const first = full.call('Matrix.Sleep', 1, { argSchema: Matrix.methods.Sleep.args });
    const second = await rejection(full.call('Matrix.Sleep', 2, { argSchema: Matrix.methods.Sleep.args }));
    assert.deepEqual(codeAndMessage(second), {
      code: 'SHUTDOWN',
      message: 'rpc: call Matrix.Sleep: 1 calls already wait for a connection',
    });
    assert.equal((second.cause as NodeJS.ErrnoException).code, 'ECONNREFUSED');
    await full.close();
    assert.deepEqual(codeAndMessage(await rejection(first)), { code: 'SHUTDOWN', message: 'connection is shut down' });

    const reject = reconnecting(go.addr, { whileDown: 'reject' });
    await once(reject, 'retry');
    const refused = await rejection(reject.call('Matrix.Sleep', 1));
    assert.deepEqual(codeAndMessage(refused), { code: 'SHUTDOWN', message: 'connection is shut down' });
    assert.equal((refused.cause as NodeJS.ErrnoException).code, 'ECONNREFUSED');

    const limited = reconnecting(go.addr, { maxAttempts: 1 });
    const queued = limited.call('Matrix.Sleep', 1);
    const [gaveUp] = (await once(limited, 'giveup')) as [NodeJS.ErrnoException];
    const e = await rejection(queued);
    assert.deepEqual(codeAndMessage(e), {
      code: 'SHUTDOWN',
      message: `rpc: gave up reconnecting after 1 failed attempt: ${gaveUp.message}`,
    });
    assert.equal(e.cause, gaveUp);
  });

  test('a call that waited for the connection times out with the timeout it was given, not what was left', async () => {
    const go = await startGo('matrix', [], cleanup);
    let open!: () => void;
    const gate = new Promise<void>((res) => (open = res));
    const rc = new ReconnectingClient(async (signal) => {
      await gate;
      return dial(go.addr, { signal });
    });
    cleanups.unshift(() => rc.close());
    const call = rc.service(Matrix).Sleep(60_000, { timeout: 50 });
    await new Promise((res) => setImmediate(res));
    open();
    assert.deepEqual(codeAndMessage(await rejection(call)), { code: 'TIMEOUT', message: 'rpc: call Matrix.Sleep timed out after 50 ms' });
  });

  test('an interceptor on the reconnecting client can retry a call after the reconnect', async () => {
    let go: Peer = await startGo('matrix', [], cleanup);
    const rc = reconnecting(go.addr, {
      interceptors: [
        async (ctx, next) => {
          try {
            return await next();
          } catch (e) {
            if ((e as RpcError).code !== 'UNEXPECTED_EOF' || ctx.attempt > 1) throw e;
            // Not resent blindly: this interceptor knows Sleep is safe to run again, and shortens it.
            // A redial may still reach the dying server's listen queue and be reset, so the retry
            // itself retries until it gets through.
            ctx.args = 4;
            for (;;) {
              try {
                return await next();
              } catch (again) {
                if ((again as RpcError).code !== 'UNEXPECTED_EOF' && (again as RpcError).code !== 'SHUTDOWN') throw again;
              }
            }
          }
        },
      ],
    });
    await once(rc, 'connect');
    const m = rc.service(Matrix);
    const p = m.Sleep(60_000);
    const lost = once(rc, 'disconnect');
    await go.kill();
    await lost;
    go = await startGo('matrix', ['-addr', go.addr], cleanup);
    assert.equal(await p, 4);
  });
});
