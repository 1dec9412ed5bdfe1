// Issue 12 point 6 on the server side: a call whose arguments do not decode. A Go client
// (interop/argrange) sends numbers that fit Go's int but not the TypeScript server's types. It
// must receive Go's text, as from a Go server whose fields were that narrow (`value for "B" out of
// range`; over JSON-RPC Go's UnmarshalTypeError text), also for an int64 past 2^53, which a
// `number` schema cannot hold: the hint naming the bigint schemas is for the server's log and
// onHandlerError, which get the call, its seq, the peer and the field's path.
import { deepStrictEqual, match, strictEqual } from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { test } from 'node:test';
import type { HandlerFailure } from '../../src/rpc/index.js';
import { ROOT } from '../helpers/fixtures.js';
import { runGo, startProcess } from '../helpers/goproc.js';
import { listenRange, rangeServer } from '../helpers/range-server.js';

const HINT = ': not exact beyond 2^53 as a number, decode it with a bigint schema (t.int64n, t.uint64n, t.intn, t.uintn)';
const A_TOO_BIG = {
  gob: 'value for "A" out of range',
  jsonrpc: 'json: cannot unmarshal number 1152921504606846976 into Go struct field Args.A of type int',
};
const B_TOO_BIG = {
  gob: 'value for "B" out of range',
  jsonrpc: 'json: cannot unmarshal number 1099511627776 into Go struct field Args.B of type int32',
};
// Go's json names the innermost struct, then the field's path from the top (encoding/json's UnmarshalTypeError).
const COUNT_TOO_BIG = {
  gob: 'value for "Count" out of range',
  jsonrpc: 'json: cannot unmarshal number 1099511627776 into Go struct field Item.Items.Count of type int32',
};

for (const codec of ['gob', 'jsonrpc'] as const) {
  test(`a Go client (${codec}) gets Go's text for arguments that do not decode; onHandlerError gets the call, peer and path`, async (t) => {
    const seen: HandlerFailure[] = [];
    const server = rangeServer((f) => seen.push(f));
    const listener = await listenRange(server, codec);
    t.after(() => server.close());
    const { port } = listener.address() as AddressInfo;
    const r = await runGo('argrange', ['-addr', `127.0.0.1:${port}`, '-mode', codec === 'gob' ? 'tcp' : 'jsonrpc']);
    strictEqual(r.code, 0, r.stderr);
    deepStrictEqual(r.lines, [
      `${JSON.stringify(A_TOO_BIG[codec])} (ServerError)`,
      `${JSON.stringify(B_TOO_BIG[codec])} (ServerError)`,
      `${JSON.stringify(COUNT_TOO_BIG[codec])} (ServerError)`,
      'ok 12',
    ]);
    // Go's jsonrpc server codec numbers requests from 1, net/rpc's client from 0.
    const first = codec === 'jsonrpc' ? 1 : 0;
    const peer = seen[0]?.remoteAddress;
    match(peer ?? '', /^127\.0\.0\.1:\d+$/);
    deepStrictEqual(
      seen.map((f) => ({
        serviceMethod: f.serviceMethod,
        seq: f.seq,
        message: f.message,
        stage: f.stage,
        remoteAddress: f.remoteAddress,
        error: [
          (f.error as Error).name,
          (f.error as Error).message,
          (f.error as { path?: string }).path,
          (f.error as { call?: string }).call,
        ],
      })),
      [
        ['Range.Args', A_TOO_BIG[codec] + HINT, 'Args.A'],
        ['Range.Args', B_TOO_BIG[codec], 'Args.B'],
        ['Range.Batch', COUNT_TOO_BIG[codec], 'Batch.Items[1].Count'],
      ].map(([call, local, path], i) => ({
        serviceMethod: call,
        seq: first + i,
        message: [A_TOO_BIG, B_TOO_BIG, COUNT_TOO_BIG][i]![codec],
        stage: 'arguments',
        remoteAddress: peer,
        // JSON errors name the field in Go's text and carry no path.
        error: codec === 'gob' ? ['GobError', local, path, call] : ['JsonError', local, undefined, call],
      })),
    );
  });
}

test('NODE_DEBUG=gobrpc logs arguments that failed to decode with the call, seq, peer, path and hint', async (t) => {
  const server = await startProcess(process.execPath, [join(ROOT, 'build', 'test', 'helpers', 'range-server.js'), 'gob'], t.after.bind(t), {
    NODE_DEBUG: 'gobrpc',
  });
  const r = await runGo('argrange', ['-addr', server.addr, '-mode', 'tcp']);
  strictEqual(r.code, 0, r.stderr);
  // The server logs before it replies, and the last call's line comes from the logging
  // interceptor once its reply is written: wait for the pipe to deliver it.
  const done = () => server.stderr().includes('rpc: Range.Args seq 3 from');
  if (!done()) {
    await new Promise<void>((resolve) => {
      const onData = () => {
        if (!done()) return;
        server.proc.stderr!.off('data', onData);
        resolve();
      };
      server.proc.stderr!.on('data', onData);
    });
  }
  const logged = server
    .stderr()
    .split('\n')
    .filter((l) => l.startsWith('GOBRPC '))
    .map((l) =>
      l
        .replace(/^GOBRPC \d+: /, '')
        .replace(/from 127\.0\.0\.1:\d+: /, 'from PEER: ')
        .replace(/ok in \d+\.\d\d ms/, 'ok in T ms'),
    );
  deepStrictEqual(logged, [
    `rpc: Range.Args seq 0 from PEER: arguments failed to decode at Args.A: value for "A" out of range${HINT}`,
    'rpc: Range.Args seq 1 from PEER: arguments failed to decode at Args.B: value for "B" out of range',
    'rpc: Range.Batch seq 2 from PEER: arguments failed to decode at Batch.Items[1].Count: value for "Count" out of range',
    'rpc: Range.Args seq 3 from PEER: ok in T ms',
  ]);
});
