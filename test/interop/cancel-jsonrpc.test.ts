// `_goRPC_.Cancel` over JSON-RPC: its Seq names the call by the JSON id the client sent, which is
// how Go's net/rpc client numbers a call on any codec (jsonrpc sends its seq as the id). The
// TypeScript JSON-RPC server numbers requests itself (from 1, as Go's server codec), so it must
// map the id back, not take Seq as its own number: a Go net/rpc/jsonrpc client
// (interop/scriptclient -codec jsonrpc) and the TypeScript JSON-RPC client with cancelOnServer
// each cancel one of two running calls, and only that one aborts.
import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { test } from 'node:test';
import { t } from '../../src/gob/index.js';
import * as jsonrpc from '../../src/jsonrpc/index.js';
import { CANCEL_METHOD, type CallContext, type ClientInterceptor, dial, Server } from '../../src/rpc/index.js';
import { rejection } from '../helpers/assert.js';
import { goBin } from '../helpers/goproc.js';
import { exchangeLine } from '../helpers/rawline.js';
import { Gate, Gates, startScript } from '../helpers/script.js';

async function jsonGateServer(t0: { after(fn: () => unknown): void }) {
  const gates = new Gates();
  const server = new Server().register(Gate, gates.impl);
  const listener = await jsonrpc.listen(server, 0);
  t0.after(() => server.close());
  const { port } = listener.address() as { port: number };
  return { gates, addr: `127.0.0.1:${port}` };
}

function aborted(ctx: CallContext): Promise<string> {
  return new Promise((res) => ctx.signal.addEventListener('abort', () => res((ctx.signal.reason as Error).message), { once: true }));
}

test('a Go jsonrpc client cancelling its second call aborts that handler, not the first', async (t0) => {
  const { gates, addr } = await jsonGateServer(t0);
  const go = await startScript(goBin('scriptclient'), ['-addr', addr, '-codec', 'jsonrpc'], t0.after.bind(t0));
  go.send('call 1 Gate.Wait first');
  go.send('call 2 Gate.Wait second');
  const [first, second] = await Promise.all([gates.whenStarted('first'), gates.whenStarted('second')]);
  // Go's client sent ids 0 and 1; the server numbered the requests 1 and 2.
  assert.deepEqual([first.seq, second.seq], [1, 2]);
  const reason = aborted(second);
  go.send('cancel 2');
  assert.equal(await go.line(/^2 cancel /), '2 cancel reply false');
  assert.equal(await reason, 'context canceled');
  assert.equal(first.signal.aborted, false);
  gates.open('second', 'late');
  gates.open('first', 'answered');
  assert.equal(await go.line(/^1 (reply|server error|error) /), '1 reply "answered"');
  assert.equal(await go.line(/^2 (reply|server error|error) /), '2 reply "late"');
  assert.equal(await go.end(), 0);
});

test('jsonrpc.dial honours cancelOnServer and interceptors: a timed-out call cancels its own handler only', async (t0) => {
  const { gates, addr } = await jsonGateServer(t0);
  const seen: string[] = [];
  const tag: ClientInterceptor = (ctx, next) => {
    seen.push(ctx.serviceMethod);
    return next();
  };
  const c = await jsonrpc.dial(addr, { cancelOnServer: true, interceptors: [tag] });
  t0.after(() => c.close());
  const o = { argSchema: t.string, replySchema: t.string };
  const a = c.call('Gate.Wait', 'a', o);
  const b = c.call('Gate.Wait', 'b', { ...o, timeout: 20 });
  const [ctxA, ctxB] = await Promise.all([gates.whenStarted('a'), gates.whenStarted('b')]);
  assert.equal(await aborted(ctxB), 'context canceled');
  assert.equal((await rejection(b)).message, 'rpc: call Gate.Wait timed out after 20 ms');
  assert.equal(ctxA.signal.aborted, false);
  gates.open('a', 'A');
  assert.equal(await a, 'A');
  // The interceptor saw the calls, not the Cancel the client sent on its own.
  assert.deepEqual(seen, ['Gate.Wait', 'Gate.Wait']);
});

test('a Cancel naming any uint64 Seq is answered false with no error, over gob and JSON-RPC', async (t0) => {
  const server = new Server().register(Gate, new Gates().impl);
  const gobListener = await server.listen();
  const jsonListener = await jsonrpc.listen(server, 0);
  t0.after(() => server.close());
  const client = await dial({ port: (gobListener.address() as AddressInfo).port });
  t0.after(() => client.close());
  const WideCancel = t.struct('svc.CancelArgs', { Seq: t.uint64n });
  for (const Seq of [0n, 2n ** 53n + 1n, 2n ** 64n - 1n]) {
    assert.equal(await client.call(CANCEL_METHOD, { Seq }, { argSchema: WideCancel, replySchema: t.bool }), false);
  }
  const request = '{"method":"_goRPC_.Cancel","params":[{"Seq":18446744073709551615}],"id":3}';
  assert.equal(await exchangeLine((jsonListener.address() as AddressInfo).port, request), '{"id":3,"result":false,"error":null}\n');
});
