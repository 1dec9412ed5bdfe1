// A dial keeps its deadline through the whole handshake, and a call given up releases what it
// held: against peers that accept and then never answer (interop/silent, and Go's plain gob
// server for an HTTP CONNECT), the connect timeout and the AbortSignal end the TLS handshake and
// the CONNECT exchange with a typed error, a JSON-RPC POST ends with its call's timeout or
// signal, and the socket is destroyed (the peer sees it close; a process doing only that exits).
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { before, describe, test } from 'node:test';
import { t } from '../../src/gob/index.js';
import { createHTTPClient, dial as jsonDial } from '../../src/jsonrpc/index.js';
import { type Client, dial, dialHTTP, dialTLS, isRpcError } from '../../src/rpc/index.js';
import { rejection } from '../helpers/assert.js';
import { ROOT } from '../helpers/fixtures.js';
import { type Peer, startGo, suiteCleanup } from '../helpers/goproc.js';

const insecure = { rejectUnauthorized: false };
const CONNECT_REQUEST = JSON.stringify('CONNECT /_goRPC_ HTTP/1.0\n\n');

/** The error's `{ code, message }`, asserting it is an RpcError. */
function typed(e: Error): { code: string; message: string } {
  assert.ok(isRpcError(e), `not an RpcError: ${e.stack}`);
  return { code: e.code, message: e.message };
}

/** The connection number the silent peer gives the next connection it accepts. */
function nextConnection(peer: Peer): number {
  return peer.lines.filter((l) => l.startsWith('accepted ')).length + 1;
}

type DialFn = (addr: string, options: { connectTimeout?: number; signal?: AbortSignal }) => Promise<Client>;

/** Each dial and what the silent peer has read once the dial waits on it. */
const DIALS: Array<{ name: string; fn: DialFn; waitsAfter: (n: number) => RegExp }> = [
  { name: 'dialHTTP', fn: (a, o) => dialHTTP(a, o), waitsAfter: (n) => new RegExp(`^read ${n}: ${escapeRegExp(CONNECT_REQUEST)}$`) },
  { name: 'dialTLS', fn: (a, o) => dialTLS(a, insecure, o), waitsAfter: (n) => new RegExp(`^read ${n}: "\\\\x16\\\\x03`) },
  {
    name: 'dialHTTP over TLS',
    fn: (a, o) => dialHTTP(a, { ...o, tls: insecure }),
    waitsAfter: (n) => new RegExp(`^read ${n}: "\\\\x16\\\\x03`),
  },
];

/** What the silent peer prints on reading the head of a JSON-RPC POST (Go's %q of it). */
function postRead(n: number): RegExp {
  return new RegExp(`^read ${n}: ${escapeRegExp('"POST /jsonrpc HTTP/1.1\\r\\n')}`);
}

function escapeRegExp(s: string): string {
  return s.replace(/[\\^$.*+?()[\]{}|]/g, '\\$&');
}

describe('dial deadlines against a peer that accepts and never answers', () => {
  let silent: Peer;

  // The peer lives as long as the suite (a hook's own `after` would end it with the hook).
  // One that does not even read, so what is sent to it stays in the client's buffers.
  let mute: Peer;
  const cleanup = suiteCleanup();
  before(async () => {
    [silent, mute] = await Promise.all([startGo('silent', ['-read'], cleanup), startGo('silent', [], cleanup)]);
  });

  for (const d of DIALS) {
    test(`${d.name}: connectTimeout ends the handshake with TIMEOUT and closes the socket`, async () => {
      const n = nextConnection(silent);
      const e = await rejection(d.fn(silent.addr, { connectTimeout: 300 }));
      assert.deepEqual(typed(e), { code: 'TIMEOUT', message: 'rpc: dial timed out after 300 ms' });
      await silent.waitForLine(d.waitsAfter(n));
      await silent.waitForLine(new RegExp(`^closed ${n}$`));
    });

    test(`${d.name}: the signal ends the handshake with ABORTED (cause: its reason) and closes the socket`, async () => {
      const n = nextConnection(silent);
      const ac = new AbortController();
      const dialing = rejection(d.fn(silent.addr, { signal: ac.signal }));
      // Abort only once the peer holds what the dial sent, so the abort lands mid-handshake.
      await silent.waitForLine(d.waitsAfter(n));
      const reason = new Error('user gave up');
      ac.abort(reason);
      const e = await dialing;
      assert.deepEqual(typed(e), { code: 'ABORTED', message: 'rpc: dial aborted' });
      assert.equal(e.cause, reason);
      await silent.waitForLine(new RegExp(`^closed ${n}$`));
    });
  }

  test('an already aborted signal rejects before connecting, for every dialer', async () => {
    const before = nextConnection(silent);
    const reason = new Error('too late');
    const signal = AbortSignal.abort(reason);
    const dials: Array<() => Promise<Client>> = [
      () => dial(silent.addr, { signal }),
      () => dialTLS(silent.addr, insecure, { signal }),
      () => dialHTTP(silent.addr, { signal }),
      () => jsonDial(silent.addr, { signal }),
    ];
    for (const f of dials) {
      const e = await rejection(f());
      assert.deepEqual(typed(e), { code: 'ABORTED', message: 'rpc: dial aborted' });
      assert.equal(e.cause, reason);
    }
    assert.equal(nextConnection(silent), before);
  });

  test("dialHTTP against Go's plain gob server (it reads the CONNECT as gob and waits): TIMEOUT", async (t) => {
    const go = await startGo('arith', ['-mode', 'tcp'], (fn) => t.after(fn));
    const e = await rejection(dialHTTP(go.addr, { connectTimeout: 300 }));
    assert.deepEqual(typed(e), { code: 'TIMEOUT', message: 'rpc: dial timed out after 300 ms' });
    const ac = new AbortController();
    const dialing = rejection(dialHTTP(go.addr, { signal: ac.signal }));
    ac.abort();
    assert.deepEqual(typed(await dialing), { code: 'ABORTED', message: 'rpc: dial aborted' });
  });

  test('a JSON-RPC POST that gets no answer ends with its call: TIMEOUT or ABORTED, and its socket closed', async () => {
    const c = createHTTPClient(`http://${silent.addr}/jsonrpc`);
    const hello = { argSchema: t.string };
    let n = nextConnection(silent);
    const e = await rejection(c.call('HelloService.Hello', 'a', { ...hello, timeout: 300 }));
    assert.deepEqual(typed(e), { code: 'TIMEOUT', message: 'rpc: call HelloService.Hello timed out after 300 ms' });
    await silent.waitForLine(postRead(n));
    await silent.waitForLine(new RegExp(`^closed ${n}$`));
    n = nextConnection(silent);
    const ac = new AbortController();
    const calling = rejection(c.call('HelloService.Hello', 'b', { ...hello, signal: ac.signal }));
    await silent.waitForLine(postRead(n));
    ac.abort();
    assert.deepEqual(typed(await calling), { code: 'ABORTED', message: 'rpc: call HelloService.Hello aborted' });
    await silent.waitForLine(new RegExp(`^closed ${n}$`));
    // The client is still usable: a later call opens a new connection.
    n = nextConnection(silent);
    const third = rejection(c.call('HelloService.Hello', 'c', { ...hello, timeout: 300 }));
    assert.deepEqual(typed(await third), { code: 'TIMEOUT', message: 'rpc: call HelloService.Hello timed out after 300 ms' });
    await silent.waitForLine(new RegExp(`^closed ${n}$`));
    await c.close();
  });

  test('a gob call that gets no answer times out, and close() then releases the socket', async () => {
    const n = nextConnection(silent);
    const c = await dial(silent.addr);
    const e = await rejection(c.call('HelloService.Hello', 'x', { argSchema: t.string, timeout: 300 }));
    assert.deepEqual(typed(e), { code: 'TIMEOUT', message: 'rpc: call HelloService.Hello timed out after 300 ms' });
    await c.close();
    await silent.waitForLine(new RegExp(`^closed ${n}$`));
  });

  // The process-level check: a Node process that only dials must exit by itself once the dial
  // failed. A socket or timer left behind would keep it alive until the hang guard kills it.
  const jobs: Array<{
    fn: string;
    peer?: 'mute';
    options: Record<string, number>;
    call?: Record<string, number>;
    want: { code: string; message: string };
  }> = [
    { fn: 'dialHTTP', options: { connectTimeout: 200 }, want: { code: 'TIMEOUT', message: 'rpc: dial timed out after 200 ms' } },
    { fn: 'dialHTTP', options: { abortAfter: 200 }, want: { code: 'ABORTED', message: 'rpc: dial aborted' } },
    { fn: 'dialTLS', options: { connectTimeout: 200 }, want: { code: 'TIMEOUT', message: 'rpc: dial timed out after 200 ms' } },
    { fn: 'dialTLS', options: { abortAfter: 200 }, want: { code: 'ABORTED', message: 'rpc: dial aborted' } },
    { fn: 'dialHTTPS', options: { connectTimeout: 200 }, want: { code: 'TIMEOUT', message: 'rpc: dial timed out after 200 ms' } },
    {
      fn: 'jsonrpc.http',
      options: {},
      call: { timeout: 200 },
      want: { code: 'TIMEOUT', message: 'rpc: call HelloService.Hello timed out after 200 ms' },
    },
    {
      fn: 'jsonrpc.http',
      options: {},
      call: { abortAfter: 200 },
      want: { code: 'ABORTED', message: 'rpc: call HelloService.Hello aborted' },
    },
    {
      fn: 'dial',
      options: {},
      call: { timeout: 200 },
      want: { code: 'TIMEOUT', message: 'rpc: call HelloService.Hello timed out after 200 ms' },
    },
    {
      fn: 'jsonrpc.dial',
      options: {},
      call: { abortAfter: 200 },
      want: { code: 'ABORTED', message: 'rpc: call HelloService.Hello aborted' },
    },
    // close() with requests a peer that does not read never takes: the socket must not wait for them.
    { fn: 'dial', peer: 'mute', options: {}, call: { mebibytes: 64 }, want: { code: 'SHUTDOWN', message: 'connection is shut down' } },
    {
      fn: 'jsonrpc.dial',
      peer: 'mute',
      options: {},
      call: { mebibytes: 32 },
      want: { code: 'SHUTDOWN', message: 'connection is shut down' },
    },
  ];
  for (const job of jobs) {
    const what = job.call
      ? `${job.fn} and a call ${JSON.stringify(job.call)}${job.peer === 'mute' ? ' to a peer that does not read' : ''}`
      : `${job.fn} ${JSON.stringify(job.options)}`;
    test(`a process that only runs ${what} exits by itself`, async () => {
      const addr = job.peer === 'mute' ? mute.addr : silent.addr;
      const out = await runChild(JSON.stringify({ fn: job.fn, addr, options: job.options, call: job.call }));
      assert.deepEqual(out, { code: 0, signal: null, lines: [JSON.stringify(job.want)] });
    });
  }
});

/** Runs the dial child to its exit; kills it after 20 s (a hang guard, not a speed limit). */
function runChild(arg: string): Promise<{ code: number | null; signal: NodeJS.Signals | null; lines: string[] }> {
  const env = { ...process.env };
  delete env.NODE_TEST_CONTEXT;
  const child = spawn(process.execPath, [join(ROOT, 'build', 'test', 'helpers', 'dialchild.js'), arg], {
    stdio: ['ignore', 'pipe', 'inherit'],
    env,
  });
  let out = '';
  child.stdout.setEncoding('utf8');
  child.stdout.on('data', (d: string) => (out += d));
  const guard = setTimeout(() => child.kill('SIGKILL'), 20_000);
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code, signal) => {
      clearTimeout(guard);
      resolve({ code, signal, lines: out.split('\n').filter((l) => l !== '') });
    });
  });
}
