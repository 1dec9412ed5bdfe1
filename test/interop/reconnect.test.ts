// The reconnecting client against Go net/rpc servers (interop/matrix) that are killed and
// started again on the same port: in-flight calls fail as on a plain client, calls made while
// down wait (or fail at once), events mark every step, and close() stops it all.
import assert from 'node:assert/strict';
import { once } from 'node:events';
import { after, describe, test } from 'node:test';
import {
  backoffDelay, dial, ReconnectingClient, type ReconnectOptions, type RpcError,
} from '../../src/rpc/index.js';
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
      assert.deepEqual([1, 2, 3, 4, 5, 6, 7, 8].map((a) => backoffDelay(a, options)), want, JSON.stringify(options));
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
