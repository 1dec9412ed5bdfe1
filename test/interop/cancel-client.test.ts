// Cancellation that reaches the server: with cancelOnServer, a timed-out or aborted call sends
// "_goRPC_.Cancel" { Seq }, and a Go server built on github.com/keegancsmith/rpc
// (interop/cancelserver) cancels the handler's context, which prints "cancelled ID: context canceled".
import assert from 'node:assert/strict';
import { after, before, describe, test, type TestContext } from 'node:test';
import { t } from '../../src/gob/index.js';
import { CANCEL_METHOD, type Client, dial, type RpcError } from '../../src/rpc/index.js';
import { Matrix, type Peer, startGo } from '../helpers/goproc.js';
import { rejection } from '../helpers/assert.js';

let slow: Peer;
const cleanups: Array<() => unknown> = [];
before(async () => {
  slow = await startGo('cancelserver', [], (fn) => void cleanups.push(fn));
});
after(() => Promise.all(cleanups.map((fn) => fn())));

async function client(addr: string, cancelOnServer: boolean): Promise<Client> {
  const c = await dial(addr, { cancelOnServer });
  cleanups.unshift(() => c.close());
  return c;
}

const wait = (c: Client, id: string, options: { timeout?: number; signal?: AbortSignal; cancelOnServer?: boolean }) =>
  c.call('Slow.Wait', id, { argSchema: t.string, replySchema: t.string, ...options });
const echo = (c: Client, s: string) => c.call('Slow.Echo', s, { argSchema: t.string, replySchema: t.string });
const codeAndMessage = (e: Error) => ({ code: (e as RpcError).code, message: e.message });

/** Mocks setTimeout for the rest of test `t` (Node 20.11 takes an options object, 20.4 to 20.10 a list). */
function mockTimeouts(t: TestContext): void {
  try {
    t.mock.timers.enable({ apis: ['setTimeout'] });
  } catch {
    (t.mock.timers.enable as unknown as (apis: string[]) => void)(['setTimeout']);
  }
}

describe('cancelOnServer against github.com/keegancsmith/rpc', () => {
  test('an abort cancels the handler context; the connection goes on', async () => {
    const c = await client(slow.addr, true);
    const ac = new AbortController();
    const p = wait(c, 'a', { signal: ac.signal });
    await slow.waitForLine(/^waiting a$/);
    ac.abort();
    assert.deepEqual(codeAndMessage(await rejection(p)), { code: 'ABORTED', message: 'rpc: call Slow.Wait aborted' });
    assert.equal(await slow.waitForLine(/^cancelled a:/), 'cancelled a: context canceled');
    assert.equal(await echo(c, 'still here'), 'still here');
  });

  test('a timeout cancels the handler context', async (t) => {
    const c = await client(slow.addr, false);
    // The call's timer is a mock one, fired once the handler runs. keegancsmith/rpc's server
    // registers a call's context in the goroutine that runs the call, so a Cancel that overtakes
    // that goroutine (a real timer firing while the server is slow to start the handler) cancels
    // nothing, and the handler would wait forever: the abort test above waits the same way.
    mockTimeouts(t);
    // The per-call option turns it on for this call alone.
    const p = wait(c, 'b', { timeout: 300, cancelOnServer: true });
    await slow.waitForLine(/^waiting b$/);
    t.mock.timers.tick(300);
    const e = await rejection(p);
    assert.deepEqual(codeAndMessage(e), { code: 'TIMEOUT', message: 'rpc: call Slow.Wait timed out after 300 ms' });
    assert.equal(await slow.waitForLine(/^cancelled b:/), 'cancelled b: context canceled');
    assert.equal(await echo(c, 'after b'), 'after b');
  });

  test('the server answers _goRPC_.Cancel itself with a gob false and no error', async () => {
    const c = await client(slow.addr, false);
    const reply = await c.call(
      CANCEL_METHOD,
      { Seq: 12345 },
      { argSchema: t.struct('CancelArgs', { Seq: t.uint64 }), replySchema: t.bool },
    );
    assert.equal(reply, false);
  });
});

describe('cancelOnServer against Go net/rpc', () => {
  test("the server's `can't find service` answer to the Cancel is dropped; the connection goes on", async () => {
    const matrix = await startGo('matrix', [], (fn) => void cleanups.push(fn));
    const c = await client(matrix.addr, true);
    const m = c.service(Matrix);
    const ac = new AbortController();
    const p = m.Sleep(300, { signal: ac.signal });
    ac.abort();
    assert.deepEqual(codeAndMessage(await rejection(p)), { code: 'ABORTED', message: 'rpc: call Matrix.Sleep aborted' });
    // Go answers the Cancel with an error; a call made next on the same connection still works.
    const e = await rejection(c.call(CANCEL_METHOD, { Seq: 0 }, { argSchema: t.struct('CancelArgs', { Seq: t.uint64 }) }));
    assert.equal(e.message, "rpc: can't find service _goRPC_.Cancel");
    assert.equal(await m.Sleep(1), 1);
    assert.equal(c.pendingCount, 0);
  });
});
