// Requests a connection holds while it is at maxCallsInFlight, against real Go net/rpc clients
// (interop/scriptclient): a `_goRPC_.Cancel` is read and answered while the calls are at the
// limit, and the call it names never starts; a drain answers the held requests, and those the
// limit left unread, with ERR_SHUTTING_DOWN instead of cutting them; a hard close() during a
// drain ends the drain's promise too; and a CONNECT that arrives during a drain is refused with
// 503, which Go's DialHTTP reports, rather than accepted and cut.
import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { test } from 'node:test';
import {
  type CallContext,
  createHTTPServer,
  ERR_SHUTTING_DOWN,
  loggingInterceptor,
  Server,
  type ServiceImpl,
} from '../../src/rpc/index.js';
import { goBin, runGo } from '../helpers/goproc.js';
import { until } from '../helpers/rawgob.js';
import { Gate, Gates, startScript } from '../helpers/script.js';

/** A Gate server with maxCallsInFlight 1 that records which Gate.Wait calls started. */
async function limitedServer(t0: { after(fn: () => unknown): void }) {
  const gates = new Gates();
  const started: string[] = [];
  const impl: ServiceImpl<typeof Gate> = {
    Wait: (name: string, ctx: CallContext) => {
      started.push(name);
      return gates.impl.Wait(name, ctx);
    },
    Echo: gates.impl.Echo,
  };
  const server = new Server({ maxCallsInFlight: 1 }).register(Gate, impl);
  const listener = await server.listen();
  t0.after(() => server.close());
  const { port } = listener.address() as AddressInfo;
  return { gates, started, server, addr: `127.0.0.1:${port}` };
}

test('at maxCallsInFlight, a Cancel is answered at once and the held call it names never starts', async (t0) => {
  const { gates, started, server, addr } = await limitedServer(t0);
  const go = await startScript(goBin('scriptclient'), ['-addr', addr], t0.after.bind(t0));
  go.send('call 1 Gate.Wait a');
  await gates.whenStarted('a');
  go.send('call 2 Gate.Wait b');
  go.send('cancel 2');
  // Answered while call 1 still holds the only slot: the Cancel did not wait behind the limit.
  assert.equal(await go.line(/^2 cancel /), '2 cancel reply false');
  assert.equal(server.stats().connections[0]!.heldRequests, 1);
  go.send('call 3 Gate.Echo after');
  gates.open('a', 'A');
  assert.equal(await go.line(/^1 (reply|server error|error) /), '1 reply "A"');
  // Go's net/rpc client still waits for call 2: it gets the text a handler returning ctx.Err() sends.
  assert.equal(await go.line(/^2 (reply|server error|error) /), '2 server error "context canceled"');
  assert.equal(await go.line(/^3 (reply|server error|error) /), '3 reply "after"');
  assert.deepEqual(started, ['a']);
  assert.equal(await go.end(), 0);
});

test('a drain answers requests held or left unread by maxCallsInFlight with ERR_SHUTTING_DOWN', async (t0) => {
  const { gates, started, server, addr } = await limitedServer(t0);
  const go = await startScript(goBin('scriptclient'), ['-addr', addr], t0.after.bind(t0));
  go.send('call 1 Gate.Wait a');
  await gates.whenStarted('a');
  // More than the connection holds (16 at least), so that some stay unread in the socket.
  const ids = Array.from({ length: 40 }, (_, i) => i + 2);
  for (const id of ids) go.send(`call ${id} Gate.Wait r${id}`);
  await go.line(/^41 started$/);
  const closed = server.close({ grace: 120_000 });
  for (const id of ids) {
    assert.equal(
      await go.line(new RegExp(`^${id} (reply|server error|error) `)),
      `${id} server error ${JSON.stringify(ERR_SHUTTING_DOWN)}`,
    );
  }
  gates.open('a', 'A');
  assert.equal(await go.line(/^1 (reply|server error|error) /), '1 reply "A"');
  await closed;
  assert.deepEqual(started, ['a']);
  assert.equal(await go.end(), 0);
});

test('close() during close({ grace }) resolves both', async (t0) => {
  const gates = new Gates();
  const server = new Server().register(Gate, gates.impl);
  const listener = await server.listen();
  const go = await startScript(
    goBin('scriptclient'),
    ['-addr', `127.0.0.1:${(listener.address() as AddressInfo).port}`],
    t0.after.bind(t0),
  );
  go.send('call 1 Gate.Wait never');
  const ctx = await gates.whenStarted('never');
  const graceful = server.close({ grace: Infinity });
  await server.close();
  await graceful;
  assert.equal(ctx.signal.aborted, true);
  assert.equal(await go.line(/^1 (reply|server error|error) /), '1 error "unexpected EOF"');
  assert.equal(await go.end(), 0);
});

test('a Go DialHTTP during a drain is refused with 503; the call in flight still gets its reply', async (t0) => {
  const gates = new Gates();
  const server = new Server().register(Gate, gates.impl);
  const http = createHTTPServer(server);
  await new Promise<void>((res) => http.listen(0, '127.0.0.1', res));
  t0.after(() => new Promise((res) => http.close(res)));
  t0.after(() => server.close());
  const addr = `127.0.0.1:${(http.address() as AddressInfo).port}`;
  const first = await startScript(goBin('scriptclient'), ['-addr', addr, '-codec', 'http'], t0.after.bind(t0));
  first.send('call 1 Gate.Wait slow');
  await gates.whenStarted('slow');
  const closed = server.close({ grace: 120_000 });
  const late = await runGo('scriptclient', ['-addr', addr, '-codec', 'http']);
  assert.deepEqual([late.code, late.lines], [1, [`dial error "dial-http tcp ${addr}: unexpected HTTP response: 503 Service Unavailable"`]]);
  gates.open('slow', 'done');
  assert.equal(await first.line(/^1 (reply|server error|error) /), '1 reply "done"');
  await closed;
  assert.equal(await first.end(), 0);
});

test('loggingInterceptor tells a handler that finished after its call was cancelled from a plain ok', async (t0) => {
  const gates = new Gates();
  const lines: string[] = [];
  const server = new Server({
    interceptors: [loggingInterceptor({ log: (line) => lines.push(line), now: () => 0 })],
  }).register(Gate, gates.impl);
  const listener = await server.listen();
  t0.after(() => server.close());
  const go = await startScript(
    goBin('scriptclient'),
    ['-addr', `127.0.0.1:${(listener.address() as AddressInfo).port}`],
    t0.after.bind(t0),
  );
  go.send('call 1 Gate.Wait a');
  await gates.whenStarted('a');
  go.send('cancel 1');
  assert.equal(await go.line(/^1 cancel /), '1 cancel reply false');
  gates.open('a', 'A');
  assert.equal(await go.line(/^1 (reply|server error|error) /), '1 reply "A"');
  go.send('call 2 Gate.Echo b');
  assert.equal(await go.line(/^2 (reply|server error|error) /), '2 reply "b"');
  assert.deepEqual(
    lines.map((l) => l.replace(/from 127\.0\.0\.1:\d+/, 'from PEER')),
    ['rpc: Gate.Wait seq 0 from PEER: ok after abort (context canceled) in 0.00 ms', 'rpc: Gate.Echo seq 2 from PEER: ok in 0.00 ms'],
  );
  assert.equal(await go.end(), 0);
});

test('close() without grace never starts a held request', async (t0) => {
  const { gates, started, server, addr } = await limitedServer(t0);
  const go = await startScript(goBin('scriptclient'), ['-addr', addr], t0.after.bind(t0));
  go.send('call 1 Gate.Wait a');
  await gates.whenStarted('a');
  go.send('call 2 Gate.Wait b');
  await until(() => server.stats().connections[0]?.heldRequests === 1);
  await server.close();
  assert.equal(await go.line(/^1 (reply|server error|error) /), '1 error "unexpected EOF"');
  assert.equal(await go.line(/^2 (reply|server error|error) /), '2 error "unexpected EOF"');
  // The running call finishing after the close frees its slot: the held one still does not start.
  gates.open('a', 'late');
  await new Promise<void>((res) => setImmediate(res));
  assert.deepEqual(started, ['a']);
  assert.equal(await go.end(), 0);
});
