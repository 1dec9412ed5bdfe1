// serveCluster: Arith on two node:cluster workers sharing one port (examples/cluster.ts), called
// by Go's net/rpc client over many connections; every call answered, the calls counted across
// the workers, and a clean shutdown when the primary's stdin ends (--stop-on-stdin-end), on
// SIGTERM, and on a terminal's Ctrl-C (SIGINT to every process of the group); a start that fails
// (a port that is taken, a setup that throws) rejects in the primary and leaves no worker behind.
import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createServer, type AddressInfo } from 'node:net';
import { once } from 'node:events';
import { constants } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { ROOT } from '../helpers/fixtures.js';
import { runGo, startProcess } from '../helpers/goproc.js';
import { dial, serveCluster, Server } from '../../src/rpc/index.js';
import { Arith } from '../../examples/arith.js';

const EXAMPLE = join(ROOT, 'build', 'examples', 'cluster.js');
const START = join(ROOT, 'build', 'test', 'helpers', 'cluster-start.js');
/** A hang guard of the tests below, so that one that hangs still kills its processes (its `after` hooks run). */
const HANG_MS = 30_000;

/** How a program started by {@link run} ended: its exit, and what it printed after its `listening on` line. */
interface Ended {
  code: number | null;
  signal: NodeJS.Signals | null;
  lines: string[];
  stderr: string;
}

/**
 * Runs `node file args` with stdin on /dev/null, in a process group of its own (so that a test
 * can signal the group, as a terminal's Ctrl-C does); the group is killed when the test ends.
 * `listening` resolves with the address once the program prints it (never, if it does not).
 */
function run(ctx: TestContext, file: string, args: readonly string[]): { pid: number; listening: Promise<string>; ended: Promise<Ended> } {
  const env = { ...process.env };
  delete env.NODE_TEST_CONTEXT;
  const proc = spawn(process.execPath, [file, ...args], { stdio: ['ignore', 'pipe', 'pipe'], detached: true, env });
  const pid = proc.pid!;
  ctx.after(() => {
    try {
      process.kill(-pid, 'SIGKILL');
    } catch {
      // The group has ended.
    }
  });
  let stderr = '';
  proc.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  const lines: string[] = [];
  let listened: (addr: string) => void;
  const listening = new Promise<string>((resolve) => (listened = resolve));
  createInterface({ input: proc.stdout }).on('line', (line) => {
    const m = /^listening on (.+)$/.exec(line);
    if (m && lines.length === 0) listened(m[1]!);
    else lines.push(line);
  });
  const ended = Promise.all([once(proc, 'exit'), once(proc.stdout, 'close'), once(proc.stderr, 'close')]).then(([[code, signal]]) => ({
    code: code as number | null,
    signal: signal as NodeJS.Signals | null,
    lines,
    stderr,
  }));
  return { pid, listening, ended };
}

/** Throws unless no process has the id `pid` any more. */
function assertGone(pid: number): void {
  assert.throws(() => process.kill(pid, 0), { code: 'ESRCH' });
}

test('Go clients on 64 connections to a two-worker cluster: all 3,200 calls answered, counted, clean exit', async (ctx) => {
  const primary = await startProcess(process.execPath, [EXAMPLE, '--workers', '2', '--stop-on-stdin-end'], ctx.after.bind(ctx));
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
    [EXAMPLE, '--workers', '2', '--mode', 'jsonrpc', '--grace', 'Infinity', '--stop-on-stdin-end'],
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

test('by default the example serves with stdin closed, until SIGTERM, then closes and exits with 0', { timeout: HANG_MS }, async (ctx) => {
  // Stdin on /dev/null: it ends at once, which must not stop the server (nor may reading it, as
  // a background job of a terminal is stopped when it reads).
  const primary = run(ctx, EXAMPLE, ['--workers', '2']);
  const client = await dial(await primary.listening);
  ctx.after(() => client.close());
  assert.equal(await client.service(Arith).Multiply({ A: 6, B: 7 }), 42);
  process.kill(primary.pid, 'SIGTERM');
  assert.deepEqual(await primary.ended, {
    code: 0,
    signal: null,
    lines: ['calls Arith.Divide 0', 'calls Arith.Multiply 1', 'closed'],
    stderr: '',
  });
});

test('Ctrl-C (SIGINT to the primary and its workers alike) closes the cluster through the primary, exit code 0', {
  timeout: HANG_MS,
}, async (ctx) => {
  const primary = run(ctx, EXAMPLE, ['--workers', '2']);
  const client = await dial(await primary.listening);
  ctx.after(() => client.close());
  assert.equal(await client.service(Arith).Multiply({ A: 6, B: 7 }), 42);
  // What a terminal does: the signal goes to every process of the foreground group. The workers
  // leave it to the primary, which still counts their calls and closes them.
  process.kill(-primary.pid, 'SIGINT');
  assert.deepEqual(await primary.ended, {
    code: 0,
    signal: null,
    lines: ['calls Arith.Divide 0', 'calls Arith.Multiply 1', 'closed'],
    stderr: '',
  });
});

test('the example on a port that is taken prints the error once, on stderr, and exits with 1', { timeout: HANG_MS }, async (ctx) => {
  const taken = createServer().listen(0, '127.0.0.1');
  await once(taken, 'listening');
  ctx.after(() => taken.close());
  const port = (taken.address() as AddressInfo).port;
  const primary = run(ctx, EXAMPLE, ['--workers', '2', '--port', String(port)]);
  // No stack from the workers (each used to throw its own EADDRINUSE), nor from the primary.
  assert.deepEqual(await primary.ended, { code: 1, signal: null, lines: [], stderr: `cluster: bind EADDRINUSE 127.0.0.1:${port}\n` });
});

test("serveCluster on a port that is taken rejects with Node's EADDRINUSE error, as Server.listen does; the workers exit", {
  timeout: HANG_MS,
}, async (ctx) => {
  const taken = createServer().listen(0, '127.0.0.1');
  await once(taken, 'listening');
  ctx.after(() => taken.close());
  const port = (taken.address() as AddressInfo).port;
  const r = await run(ctx, START, ['taken', String(port)]).ended;
  assert.deepEqual(
    { code: r.code, signal: r.signal, stderr: r.stderr, lines: r.lines.length },
    { code: 0, signal: null, stderr: '', lines: 1 },
  );
  const out = JSON.parse(r.lines[0]!);
  assert.deepEqual(out, {
    plainError: true,
    name: 'Error',
    message: `bind EADDRINUSE 127.0.0.1:${port}`,
    fields: { errno: -constants.errno.EADDRINUSE, code: 'EADDRINUSE', syscall: 'bind', address: '127.0.0.1', port },
    exits: [
      { pid: out.exits[0].pid, code: 1, signal: null },
      { pid: out.exits[1].pid, code: 1, signal: null },
    ],
  });
  for (const e of out.exits) assertGone(e.pid);
});

test('a setup that throws rejects naming the worker, its error as the cause; a worker still starting is closed too', {
  timeout: HANG_MS,
}, async (ctx) => {
  // Worker 2 starts only once the primary, after worker 1 failed, has asked it to close: it must
  // close once it listens, or the primary would wait for it for ever.
  const r = await run(ctx, START, ['setup']).ended;
  assert.deepEqual(
    { code: r.code, signal: r.signal, stderr: r.stderr, lines: r.lines.length },
    { code: 0, signal: null, stderr: '', lines: 1 },
  );
  const out = JSON.parse(r.lines[0]!);
  const failed = out.exits[1];
  assert.deepEqual(out, {
    plainError: true,
    name: 'Error',
    message: `gobrpc: cluster worker ${failed.pid} failed to start: setup failed on purpose`,
    fields: {},
    cause: { name: 'TypeError', message: 'setup failed on purpose', stackFromSetup: true },
    exits: [
      { pid: out.exits[0].pid, code: 0, signal: null },
      { pid: failed.pid, code: 1, signal: null },
    ],
  });
  for (const e of out.exits) assertGone(e.pid);
});

test('serveCluster refuses a worker count that is not a positive integer', () => {
  for (const workers of [0, -1, 1.5, Number.NaN]) {
    assert.throws(() => serveCluster(() => new Server(), { workers }), {
      name: 'RangeError',
      message: `gobrpc: workers must be a positive integer, got ${String(workers)}`,
    });
  }
});
