// serveCluster: Arith on two node:cluster workers sharing one port (examples/cluster.ts), called
// by Go's net/rpc client over many connections; every call answered, the calls counted across
// the workers, and a clean shutdown when the primary's stdin ends.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type AddressInfo } from 'node:net';
import { once } from 'node:events';
import { join } from 'node:path';
import { ROOT } from '../helpers/fixtures.js';
import { runGo, startProcess } from '../helpers/goproc.js';
import { serveCluster, Server } from '../../src/rpc/index.js';

const EXAMPLE = join(ROOT, 'build', 'examples', 'cluster.js');

test('Go clients on 64 connections to a two-worker cluster: all 3,200 calls answered, counted, clean exit', async (ctx) => {
  const primary = await startProcess(process.execPath, [EXAMPLE, '--workers', '2'], ctx.after.bind(ctx));
  const r = await runGo('stress', ['-addr', primary.addr, '-goroutines', '64', '-calls', '50', '-clients', '64']);
  assert.deepEqual({ code: r.code, stdout: r.stdout, stderr: r.stderr }, { code: 0, stdout: 'stress: 3200 calls ok\n', stderr: '' });
  primary.proc.stdin!.end();
  assert.deepEqual(await primary.exited, { code: 0, signal: null });
  assert.deepEqual(primary.lines, ['calls Arith.Divide 0', 'calls Arith.Multiply 3200', 'closed']);
  assert.equal(primary.stderr(), '');
});

test('Go clients over JSON-RPC on 16 connections to a two-worker cluster: all 1,600 calls answered', async (ctx) => {
  // --grace Infinity: the primary sends it as -1 (the IPC channel's JSON has no Infinity).
  const primary = await startProcess(
    process.execPath,
    [EXAMPLE, '--workers', '2', '--mode', 'jsonrpc', '--grace', 'Infinity'],
    ctx.after.bind(ctx),
  );
  const r = await runGo('stress', ['-addr', primary.addr, '-mode', 'jsonrpc', '-goroutines', '16', '-calls', '100', '-clients', '16']);
  assert.deepEqual({ code: r.code, stdout: r.stdout, stderr: r.stderr }, { code: 0, stdout: 'stress: 1600 calls ok\n', stderr: '' });
  primary.proc.stdin!.end();
  assert.deepEqual(await primary.exited, { code: 0, signal: null });
  assert.deepEqual(primary.lines, ['calls Arith.Divide 0', 'calls Arith.Multiply 1600', 'closed']);
  // The workers write to the primary's stderr: a close they could not read would show here.
  assert.equal(primary.stderr(), '');
});

test('a worker that cannot listen fails the start, naming the worker and the cause', async (ctx) => {
  const taken = createServer().listen(0, '127.0.0.1');
  await once(taken, 'listening');
  ctx.after(() => taken.close());
  const port = (taken.address() as AddressInfo).port;
  const { spawn } = await import('node:child_process');
  const child = spawn(process.execPath, [EXAMPLE, '--workers', '2', '--port', String(port)], { stdio: ['pipe', 'pipe', 'pipe'] });
  ctx.after(() => child.kill('SIGKILL'));
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  const [code] = (await once(child, 'exit')) as [number | null];
  assert.equal(code, 1);
  // The primary's error (the workers print the one each got, too); the pid varies.
  assert.match(stderr, new RegExp(`\\nError: gobrpc: cluster worker \\d+ failed to start: bind EADDRINUSE 127\\.0\\.0\\.1:${port}\\n`));
});

test('serveCluster refuses a worker count that is not a positive integer', () => {
  for (const workers of [0, -1, 1.5, Number.NaN]) {
    assert.throws(() => serveCluster(() => new Server(), { workers }), {
      name: 'RangeError',
      message: `gobrpc: workers must be a positive integer, got ${String(workers)}`,
    });
  }
});
