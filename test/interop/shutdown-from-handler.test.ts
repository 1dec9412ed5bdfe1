// A drain begun from inside a call (an admin Shutdown method whose handler calls
// close({ grace })), against real Go net/rpc clients (interop/scriptclient) over gob, JSON-RPC
// and gob over HTTP CONNECT: the call that began it is in flight, so its reply reaches its
// caller before the connection closes, and a request read during the drain gets
// ERR_SHUTTING_DOWN. The drain once counted a handler still running synchronously as no call,
// closed the connection under it, and its caller got `unexpected EOF`.
import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { test } from 'node:test';
import { listen as jsonListen } from '../../src/jsonrpc/index.js';
import { t } from '../../src/gob/index.js';
import { createHTTPServer, defineService, dial, ERR_SHUTTING_DOWN, Server } from '../../src/rpc/index.js';
import { goBin } from '../helpers/goproc.js';
import { Gate, Gates, startScript } from '../helpers/script.js';

const Admin = defineService('Admin', {
  /** Begins the drain, then answers "bye " + the argument at once. */
  Stop: { args: t.string, reply: t.string },
  /** Begins the drain, then answers "bye " + the argument once the test opens gate "stop". */
  StopLater: { args: t.string, reply: t.string },
});

type Codec = 'gob' | 'jsonrpc' | 'http';

/** A server of Gate and Admin on `codec`; `closing` is the promise of the close Admin began. */
async function adminServer(codec: Codec, after: (fn: () => unknown) => void) {
  const gates = new Gates();
  const state: { closing?: Promise<void> } = {};
  const server: Server = new Server().register(Gate, gates.impl).register(Admin, {
    Stop: (s) => {
      state.closing = server.close({ grace: 120_000 });
      return `bye ${s}`;
    },
    StopLater: async (s, ctx) => {
      state.closing = server.close({ grace: 120_000 });
      return `bye ${await gates.impl.Wait('stop', ctx)}${s}`;
    },
  });
  after(() => server.close());
  let port: number;
  if (codec === 'http') {
    const http = createHTTPServer(server);
    await new Promise<void>((res) => http.listen(0, '127.0.0.1', res));
    after(() => new Promise((res) => http.close(res)));
    port = (http.address() as AddressInfo).port;
  } else {
    const listener = codec === 'gob' ? await server.listen() : await jsonListen(server);
    port = (listener.address() as AddressInfo).port;
  }
  return { gates, state, addr: `127.0.0.1:${port}` };
}

for (const codec of ['gob', 'jsonrpc', 'http'] as const) {
  test(`${codec}: a handler that calls close({ grace }) and returns at once: its Go caller gets the reply`, async (t0) => {
    const { state, addr } = await adminServer(codec, t0.after.bind(t0));
    const go = await startScript(goBin('scriptclient'), ['-addr', addr, '-codec', codec], t0.after.bind(t0));
    go.send('call 1 Admin.Stop x');
    assert.equal(await go.line(/^1 (reply|server error|error) /), '1 reply "bye x"');
    await state.closing;
    assert.equal(await go.end(), 0);
  });

  test(`${codec}: a handler that calls close({ grace }) and answers later: a request meanwhile gets ERR_SHUTTING_DOWN, then the caller its reply`, async (t0) => {
    const { gates, state, addr } = await adminServer(codec, t0.after.bind(t0));
    const go = await startScript(goBin('scriptclient'), ['-addr', addr, '-codec', codec], t0.after.bind(t0));
    go.send('call 1 Admin.StopLater y');
    await gates.whenStarted('stop');
    go.send('call 2 Gate.Echo late');
    assert.equal(await go.line(/^2 (reply|server error|error) /), `2 server error ${JSON.stringify(ERR_SHUTTING_DOWN)}`);
    gates.open('stop', 'then ');
    assert.equal(await go.line(/^1 (reply|server error|error) /), '1 reply "bye then y"');
    await state.closing;
    assert.equal(await go.end(), 0);
  });
}

test('requests read with the one whose handler begins the drain: those before and it get replies, the one after ERR_SHUTTING_DOWN', async (t0) => {
  const { state, addr } = await adminServer('gob', t0.after.bind(t0));
  const client = await dial(addr);
  t0.after(() => client.close());
  const o = { argSchema: t.string, replySchema: t.string };
  // Made in one tick, the three requests go out in one write and are read together.
  const [a, stop, b] = await Promise.allSettled([
    client.call('Gate.Echo', 'a', o),
    client.call('Admin.Stop', 'x', o),
    client.call('Gate.Echo', 'b', o),
  ]);
  assert.deepEqual(a, { status: 'fulfilled', value: 'a' });
  assert.deepEqual(stop, { status: 'fulfilled', value: 'bye x' });
  assert.equal(b.status, 'rejected');
  const reason = (b as PromiseRejectedResult).reason as { name: string; code: string; message: string };
  assert.deepEqual([reason.name, reason.code, reason.message], ['ServerError', 'SERVER', ERR_SHUTTING_DOWN]);
  await state.closing;
});
