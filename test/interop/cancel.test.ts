// Cancellation that reaches the server: github.com/keegancsmith/rpc's client (interop/cancel's
// cancelclient) cancels a call's context, sends `_goRPC_.Cancel{Seq}`, and the TypeScript
// handler's ctx.signal aborts. Also what the server answers to Cancel itself, as that module's
// server does: `false` and no error, for a running call or for any other seq.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { t } from '../../src/gob/index.js';
import { CANCEL_METHOD, dial, isRpcError, Server } from '../../src/rpc/index.js';
import { goBin } from '../helpers/goproc.js';
import { Gate, Gates, startScript } from '../helpers/script.js';

const CancelArgs = t.struct('svc.CancelArgs', { Seq: t.uint64 });

async function gateServer(t0: { after(fn: () => unknown): void }) {
  const gates = new Gates();
  const server = new Server().register(Gate, gates.impl);
  const listener = await server.listen();
  t0.after(() => server.close());
  const { port } = listener.address() as { port: number };
  return { gates, server, addr: `127.0.0.1:${port}`, port };
}

function aborted(signal: AbortSignal): Promise<unknown> {
  return new Promise((res) => signal.addEventListener('abort', () => res(signal.reason), { once: true }));
}

test("a keegancsmith/rpc client cancelling its context aborts the TypeScript handler's signal", async (t0) => {
  const { gates, addr } = await gateServer(t0);
  const go = await startScript(goBin('cancelclient'), ['-addr', addr], t0.after.bind(t0));
  go.send('call 1 Gate.Wait slow');
  const ctx = await gates.whenStarted('slow');
  assert.equal(ctx.signal.aborted, false);
  const reason = aborted(ctx.signal);
  go.send('cancel 1');
  // The module's Call returns ctx.Err() at once; the Cancel request follows on the connection.
  assert.equal(await go.line(/^1 (reply|server error|error) /), '1 error "context canceled", context.Canceled');
  const r = await reason;
  assert.ok(isRpcError(r));
  assert.deepEqual({ code: r.code, message: r.message }, { code: 'CANCELED', message: 'context canceled' });
  // The handler's late reply is dropped by the client, and the connection goes on.
  gates.open('slow', 'too late');
  go.send('call 2 Gate.Echo after');
  assert.equal(await go.line(/^2 (reply|server error|error) /), '2 reply "after"');
  assert.equal(await go.end(), 0);
});

test("a keegancsmith/rpc call that is not cancelled is served as by Go's net/rpc", async (t0) => {
  const { gates, addr } = await gateServer(t0);
  const go = await startScript(goBin('cancelclient'), ['-addr', addr], t0.after.bind(t0));
  go.send('call 1 Gate.Wait w');
  const ctx = await gates.whenStarted('w');
  gates.open('w', 'answered');
  assert.equal(await go.line(/^1 (reply|server error|error) /), '1 reply "answered"');
  assert.equal(ctx.signal.aborted, false);
  go.send('call 2 Nope.Method x');
  assert.equal(await go.line(/^2 (reply|server error|error) /), '2 server error "rpc: can\'t find service Nope.Method"');
  assert.equal(await go.end(), 0);
});

test('_goRPC_.Cancel is answered false with no error, for a running call and for an unknown seq', async (t0) => {
  const { gates, port } = await gateServer(t0);
  const client = await dial({ port });
  t0.after(() => client.close());
  const slow = client.call('Gate.Wait', 'x', { argSchema: Gate.methods.Wait.args, replySchema: Gate.methods.Wait.reply });
  const ctx = await gates.whenStarted('x');
  // The TypeScript client numbers calls from 0: the Wait call is seq 0.
  assert.equal(ctx.seq, 0);
  assert.equal(await client.call(CANCEL_METHOD, { Seq: 0 }, { argSchema: CancelArgs, replySchema: t.bool }), false);
  assert.equal(ctx.signal.aborted, true);
  assert.equal(await client.call(CANCEL_METHOD, { Seq: 12345 }, { argSchema: CancelArgs, replySchema: t.bool }), false);
  gates.open('x', 'still answered');
  assert.equal(await slow, 'still answered');
});

test('a service registered as _goRPC_ takes precedence over the built-in Cancel', async (t0) => {
  const server = new Server().register('_goRPC_', { Cancel: { args: CancelArgs, reply: t.bool, handler: () => true } });
  const l = await server.listen();
  t0.after(() => server.close());
  const client = await dial({ port: (l.address() as { port: number }).port });
  t0.after(() => client.close());
  assert.equal(await client.call(CANCEL_METHOD, { Seq: 1 }, { argSchema: CancelArgs, replySchema: t.bool }), true);
});
