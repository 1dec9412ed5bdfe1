// Issue 12 point 3: handler failures are visible. A Go client calls a TypeScript server whose
// handlers throw (or reject with) every kind of JavaScript value, and prints the error text it
// receives; the server's onHandlerError hook and NODE_DEBUG=gobrpc log see each failure.
import { deepStrictEqual, strictEqual } from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { test } from 'node:test';
import type { HandlerFailure } from '../../src/rpc/index.js';
import { serveConn as serveJson } from '../../src/jsonrpc/index.js';
import { FAILURES, failingServer } from '../helpers/failing.js';
import { ROOT } from '../helpers/fixtures.js';
import { runGo, startProcess } from '../helpers/goproc.js';

const METHODS = FAILURES.flatMap(([name]) => [`Fail.${name}`, `Fail.Async${name}`]);
const EXPECTED = FAILURES.flatMap(([, , text]) => [`${JSON.stringify(text)} (ServerError)`, `${JSON.stringify(text)} (ServerError)`]);

for (const mode of ['tcp', 'jsonrpc'] as const) {
  test(`a Go client (${mode}) receives the documented text for every kind of thrown value`, async (t) => {
    const seen: HandlerFailure[] = [];
    const server = failingServer((f) => seen.push(f));
    const listener = await server.listen(0, '127.0.0.1', mode === 'jsonrpc' ? (s) => serveJson(server, s) : undefined);
    t.after(() => server.close());
    const { port } = listener.address() as AddressInfo;
    const r = await runGo('callerr', ['-addr', `127.0.0.1:${port}`, '-mode', mode, ...METHODS, 'Fail.BadReply', 'Fail.Ok']);
    strictEqual(r.code, 0, r.stderr);
    // Go's %q and JSON agree on these texts (ASCII, no control characters).
    const badReply =
      'rpc: error encoding reply: ' +
      (mode === 'tcp' ? 'Fail.BadReply: gob: cannot encode string as int' : 'Fail.BadReply: json: cannot encode string as int');
    deepStrictEqual(r.lines, [...EXPECTED, `${JSON.stringify(badReply)} (ServerError)`, 'ok 2']);
    // The hook saw every failure once, in call order, with the thrown value itself and the
    // server's sequence number (Go's jsonrpc server codec numbers requests from 1).
    const first = mode === 'jsonrpc' ? 1 : 0;
    deepStrictEqual(
      seen.map((f) => [f.serviceMethod, f.seq, f.message]),
      [
        ...METHODS.map((m, i) => [m, first + i, JSON.parse(EXPECTED[i]!.replace(/ \(ServerError\)$/, ''))]),
        ['Fail.BadReply', first + METHODS.length, badReply],
      ],
    );
    const cycleFailure = seen.find((f) => f.serviceMethod === 'Fail.Cycle')!;
    strictEqual((cycleFailure.error as { self: unknown }).self, cycleFailure.error);
    strictEqual(seen.find((f) => f.serviceMethod === 'Fail.AsyncUndefined')!.error, undefined);
  });
}

test('a hook that throws does not disturb the reply or the server', async (t) => {
  const server = failingServer(() => {
    throw new Error('hook failed');
  });
  const listener = await server.listen(0);
  t.after(() => server.close());
  const { port } = listener.address() as AddressInfo;
  const r = await runGo('callerr', ['-addr', `127.0.0.1:${port}`, 'Fail.CodeObject', 'Fail.AsyncError', 'Fail.Ok']);
  strictEqual(r.code, 0, r.stderr);
  deepStrictEqual(r.lines, [
    '"rpc: method threw a non-Error value: {\\"code\\":42}" (ServerError)',
    '"divide by zero" (ServerError)',
    'ok 2',
  ]);
});

test('an async hook that rejects is caught: no unhandled rejection, the server keeps serving', async (t) => {
  const unhandled: unknown[] = [];
  const onUnhandled = (reason: unknown) => unhandled.push(reason);
  process.on('unhandledRejection', onUnhandled);
  t.after(() => process.off('unhandledRejection', onUnhandled));
  let calls = 0;
  const server = failingServer(async () => {
    calls++;
    throw new Error('async hook failed');
  });
  const listener = await server.listen(0);
  t.after(() => server.close());
  const { port } = listener.address() as AddressInfo;
  const r = await runGo('callerr', ['-addr', `127.0.0.1:${port}`, 'Fail.AsyncError', 'Fail.Error', 'Fail.Ok']);
  strictEqual(r.code, 0, r.stderr);
  deepStrictEqual(r.lines, ['"divide by zero" (ServerError)', '"divide by zero" (ServerError)', 'ok 2']);
  // Rejections are reported once the microtask queue drains; a macrotask later they would have been.
  await new Promise((resolve) => setImmediate(resolve));
  deepStrictEqual([calls, unhandled], [2, []]);
});

test('NODE_DEBUG=gobrpc logs every handler failure once, one line with its call', async (t) => {
  const peer = await startProcess(process.execPath, [join(ROOT, 'build', 'test', 'helpers', 'failing-server.js')], t.after.bind(t), {
    NODE_DEBUG: 'gobrpc',
  });
  const r = await runGo('callerr', ['-addr', peer.addr, 'Fail.CodeObject', 'Fail.AsyncError', 'Fail.Undefined']);
  strictEqual(r.code, 0, r.stderr);
  // The server logs before it replies; wait for the pipe to deliver what was written.
  const want = [`failed in`, ': divide by zero\n', ': rpc: method threw a non-Error value: undefined\n'];
  const has = () => want.every((w) => peer.stderr().includes(w));
  if (!has()) {
    await new Promise<void>((resolve) => {
      const onData = () => {
        if (!has()) return;
        peer.proc.stderr!.off('data', onData);
        resolve();
      };
      peer.proc.stderr!.on('data', onData);
    });
  }
  const logged = peer
    .stderr()
    .split('\n')
    .filter((l) => l.startsWith('GOBRPC '));
  // Each failure is logged once, by the logging interceptor a server installs under
  // NODE_DEBUG=gobrpc (its port and time normalised here).
  const norm = (l: string) =>
    l.replace(/^GOBRPC \d+: /, '').replace(/from 127\.0\.0\.1:\d+: failed in \d+\.\d\d ms/, 'from PEER: failed in T ms');
  deepStrictEqual(logged.map(norm), [
    'rpc: Fail.CodeObject seq 0 from PEER: failed in T ms: rpc: method threw a non-Error value: {"code":42}',
    'rpc: Fail.AsyncError seq 1 from PEER: failed in T ms: divide by zero',
    'rpc: Fail.Undefined seq 2 from PEER: failed in T ms: rpc: method threw a non-Error value: undefined',
  ]);
});
