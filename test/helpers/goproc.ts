// Starts the interop programs (interop/bin/*) for the tests: servers are awaited until they print
// "listening on HOST:PORT" (never a sleep), long-running clients until they print their ready
// line; both keep stdin as an open pipe (the Go programs exit when it closes) and are killed by
// the cleanup hook the test passes in (suiteCleanup for a whole suite); other clients run to
// completion. Raw connections (connectRaw, readToClose) are for tests that play a peer by hand.
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import net from 'node:net';
import { createInterface } from 'node:readline';
import { after } from 'node:test';
import { GoTime, type Schema, t, TypeRegistry } from '../../src/gob/index.js';
import { defineService } from '../../src/rpc/index.js';
import { ROOT } from './fixtures.js';

/** Where `make interop-bin` puts the Go programs. */
export const BIN_DIR = join(ROOT, 'interop', 'bin');

/** How long a server may take to print its address. */
const STARTUP_DEADLINE_MS = 20_000;

/** The path of interop program `name`; throws with the fix when it has not been built. */
export function goBin(name: string): string {
  const p = join(BIN_DIR, name);
  if (!existsSync(p)) throw new Error(`interop/bin/${name} is missing: run 'make interop-bin' (it builds every program in interop/)`);
  return p;
}

/** How a process ended. */
export interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

/** A running process started by {@link startProcess} or {@link startGoClient}. */
export interface Proc {
  proc: ChildProcess;
  /** Everything the process wrote to stderr so far. */
  stderr(): string;
  /** Lines the process printed to stdout after the handshake line. */
  lines: string[];
  /** Settles when the process has exited. */
  exited: Promise<Exit>;
  /** Sends `signal` (default SIGKILL) and resolves once the process has exited. */
  kill(signal?: NodeJS.Signals): Promise<Exit>;
  /** Resolves with the first stdout line (after the handshake) matching `re`. */
  waitForLine(re: RegExp, timeoutMs?: number): Promise<string>;
  /**
   * Resolves with the next stdout line after the handshake that no earlier call took, in order
   * (for programs that answer one line per line written to their stdin); rejects with the
   * stderr if the output ends first.
   */
  nextLine(): Promise<string>;
}

/** A running server process. */
export interface Peer extends Proc {
  /** "HOST:PORT" from the handshake line. */
  addr: string;
  host: string;
  port: number;
}

/** Registers a function to run when the test or suite ends (`after`, or `t.after.bind(t)`). */
export type Cleanup = (fn: () => unknown) => void;

/**
 * A {@link Cleanup} for processes and servers that live as long as the enclosing suite (or
 * file, at top level): what it is given runs, all at once, in an `after` hook registered here
 * (a `before` hook's own context would end them with the hook). Call it where `after` may be.
 */
export function suiteCleanup(): Cleanup {
  const fns: Array<() => unknown> = [];
  after(() => Promise.all(fns.splice(0).map((fn) => fn())));
  return (fn) => void fns.push(fn);
}

const live = new Set<ChildProcess>();
process.once('exit', () => {
  for (const p of live) p.kill('SIGKILL');
});

/**
 * Starts `command args` and resolves once it prints `listening on HOST:PORT`. Rejects with the
 * process's stderr if it exits first or takes longer than 20 s. The process is killed by `cleanup`.
 */
export function startProcess(command: string, args: readonly string[], cleanup: Cleanup, env?: NodeJS.ProcessEnv): Promise<Peer> {
  return spawnUntil(command, args, cleanup, env, '"listening on" line', (line) => {
    const m = /^listening on (.+):(\d+)$/.exec(line);
    if (!m) return undefined;
    const port = Number(m[2]);
    return { addr: `${m[1]}:${port}`, host: m[1]!.replace(/^\[(.*)\]$/, '$1'), port };
  });
}

/**
 * Starts the Go client `interop/bin/<name>` and resolves once it prints the line `ready` (its
 * connections are up), as {@link startProcess} does for a server's address. Killed by `cleanup`.
 */
export function startGoClient(name: string, args: readonly string[], cleanup: Cleanup, ready: string): Promise<Proc> {
  return spawnUntil(goBin(name), args, cleanup, undefined, JSON.stringify(ready), (line) => (line === ready ? {} : undefined));
}

/**
 * Starts `command args` with stdin an open pipe, and resolves once `handshake` accepts a line
 * of its stdout, with what it returned added to the process. Rejects with the stderr if the
 * process exits first or takes longer than 20 s (`expected` names the line in the message).
 */
function spawnUntil<T extends object>(
  command: string,
  args: readonly string[],
  cleanup: Cleanup,
  env: NodeJS.ProcessEnv | undefined,
  expected: string,
  handshake: (line: string) => T | undefined,
): Promise<Proc & T> {
  // A Node child must not think it runs under this test runner (it would report to our stdout).
  const childEnv: NodeJS.ProcessEnv = { ...process.env, ...env };
  delete childEnv.NODE_TEST_CONTEXT;
  const proc = spawn(command, args, { stdio: ['pipe', 'pipe', 'pipe'], env: childEnv });
  live.add(proc);
  let stderr = '';
  proc.stderr!.setEncoding('utf8');
  proc.stderr!.on('data', (d: string) => (stderr += d));
  const exited = new Promise<Exit>((res) => {
    proc.once('exit', (code, signal) => {
      live.delete(proc);
      res({ code, signal });
    });
  });
  const kill = async (signal: NodeJS.Signals = 'SIGKILL'): Promise<Exit> => {
    if (proc.exitCode === null && proc.signalCode === null) proc.kill(signal);
    return exited;
  };
  cleanup(() => kill());
  const name = `${command} ${args.join(' ')}`;
  const lines: string[] = [];
  const waiters: Array<{ re: RegExp; resolve: (l: string) => void }> = [];
  let taken = 0;
  let stdoutEnded = false;
  const pending: Array<{ resolve: (l: string) => void; reject: (e: Error) => void }> = [];
  const nextLine = (): Promise<string> => {
    if (taken < lines.length) return Promise.resolve(lines[taken++]!);
    if (stdoutEnded) return Promise.reject(new Error(`${name} ended its output; stderr:\n${stderr}`));
    return new Promise((resolve, reject) => pending.push({ resolve, reject }));
  };
  return new Promise<Proc & T>((resolve, reject) => {
    let started = false;
    const timer = setTimeout(() => {
      void kill();
      reject(new Error(`${name}: no ${expected} within ${STARTUP_DEADLINE_MS} ms; stderr:\n${stderr}`));
    }, STARTUP_DEADLINE_MS);
    const rl = createInterface({ input: proc.stdout! });
    // Lines may still arrive after 'exit': a pending nextLine fails only once stdout has ended.
    rl.once('close', () => {
      stdoutEnded = true;
      for (const p of pending.splice(0)) p.reject(new Error(`${name} ended its output; stderr:\n${stderr}`));
    });
    rl.on('line', (line) => {
      if (started) {
        lines.push(line);
        for (let i = waiters.length - 1; i >= 0; i--) {
          if (waiters[i]!.re.test(line)) waiters.splice(i, 1)[0]!.resolve(line);
        }
        if (pending.length > 0) {
          taken++;
          pending.shift()!.resolve(line);
        }
        return;
      }
      const shake = handshake(line);
      if (shake === undefined) return;
      started = true;
      clearTimeout(timer);
      resolve({
        ...shake,
        proc,
        lines,
        exited,
        kill,
        nextLine,
        stderr: () => stderr,
        waitForLine: (re, timeoutMs = 20_000) => {
          const hit = lines.find((l) => re.test(l));
          if (hit !== undefined) return Promise.resolve(hit);
          return new Promise<string>((res, rej) => {
            const t = setTimeout(
              () => rej(new Error(`${name}: no line matching ${re} within ${timeoutMs} ms; stderr:\n${stderr}`)),
              timeoutMs,
            );
            waiters.push({
              re,
              resolve: (l) => {
                clearTimeout(t);
                res(l);
              },
            });
          });
        },
      });
    });
    void exited.then((e) => {
      if (started) return;
      clearTimeout(timer);
      reject(new Error(`${name} exited (code ${e.code}, signal ${e.signal}) before printing its ${expected}; stderr:\n${stderr}`));
    });
  });
}

/** Starts the Go server `interop/bin/<name>` (see {@link startProcess}). */
export function startGo(name: string, args: readonly string[], cleanup: Cleanup): Promise<Peer> {
  return startProcess(goBin(name), args, cleanup);
}

/**
 * Opens a raw TCP connection, as a hand-written peer would, to `to` (a port on 127.0.0.1, or
 * "HOST:PORT" as a {@link Peer}'s `addr`), with Nagle off so each write goes out as written;
 * resolves once connected, rejects with the connection's error.
 */
export function connectRaw(to: number | string): Promise<net.Socket> {
  const i = typeof to === 'string' ? to.lastIndexOf(':') : -1;
  const host = typeof to === 'string' ? to.slice(0, i).replace(/^\[(.*)\]$/, '$1') : '127.0.0.1';
  const port = typeof to === 'string' ? Number(to.slice(i + 1)) : to;
  return new Promise((resolve, reject) => {
    const s = net.connect({ host, port, noDelay: true }, () => resolve(s));
    s.once('error', reject);
  });
}

/**
 * Resolves with every byte `s` receives from now until it closes; an error (a reset) ends it
 * as a close does, with what arrived before.
 */
export function readToClose(s: net.Socket): Promise<Buffer> {
  const got: Buffer[] = [];
  s.on('data', (d: Buffer) => got.push(d));
  s.on('error', () => {});
  return new Promise((resolve) => s.once('close', () => resolve(Buffer.concat(got))));
}

/** What a client program did. */
export interface RunResult extends Exit {
  stdout: string;
  /** stdout as bytes (for programs that write gob streams). */
  stdoutBytes: Buffer;
  stderr: string;
  /** stdout split into lines, without the final empty one. */
  lines: string[];
}

/**
 * Runs the Go client `interop/bin/<name>` to completion (killed after `timeoutMs`, default 60 s)
 * and returns its output and exit status. `input` is written to its stdin (else stdin is
 * empty); `onSpawn` sees the process (to act while it runs).
 */
export function runGo(
  name: string,
  args: readonly string[],
  options: { timeoutMs?: number; input?: Uint8Array; onSpawn?: (p: ChildProcess) => void } = {},
): Promise<RunResult> {
  const proc = spawn(goBin(name), args, { stdio: [options.input ? 'pipe' : 'ignore', 'pipe', 'pipe'] });
  live.add(proc);
  options.onSpawn?.(proc);
  const out: Buffer[] = [];
  let stderr = '';
  proc.stderr!.setEncoding('utf8');
  proc.stdout!.on('data', (d: Buffer) => out.push(d));
  proc.stderr!.on('data', (d: string) => (stderr += d));
  if (options.input) {
    proc.stdin!.on('error', () => {}); // the program may exit before reading it all
    proc.stdin!.end(options.input);
  }
  const timer = setTimeout(() => proc.kill('SIGKILL'), options.timeoutMs ?? 60_000);
  return new Promise<RunResult>((resolve, reject) => {
    proc.once('error', reject);
    proc.once('close', (code, signal) => {
      clearTimeout(timer);
      live.delete(proc);
      const stdoutBytes = Buffer.concat(out);
      const stdout = stdoutBytes.toString('utf8');
      resolve({ code, signal, stdout, stdoutBytes, stderr, lines: stdout.split('\n').filter((l, i, a) => l !== '' || i < a.length - 1) });
    });
  });
}

// The Go programs' services (interop/internal/services), declared once for every RPC test.

export { Args as ArgsSchema, Quotient as QuotientSchema, Arith, arithImpl } from '../../examples/arith.js';

export const HelloService = defineService('HelloService', {
  Hello: { args: t.string, reply: t.string },
});

export const CalcArgsSchema = t.struct('services.CalcArgs', { Number1: t.float64, Number2: t.float64, Operator: t.string });
export const CalcService = defineService('CalcService', {
  CalcTwoNumber: { args: CalcArgsSchema, reply: t.float64 },
  GetOperators: { args: t.struct('', {}), reply: t.slice(t.string) },
});

export interface NodeValue {
  Val: number;
  Next: NodeValue | null;
}
export interface TreeValue {
  Val: number;
  Children: (TreeValue | null)[];
}
export const InnerSchema = t.struct('services.Inner', { Label: t.string, Weight: t.float64 });
export const KeySchema = t.struct('services.Key', { X: t.int, Y: t.int });
export const NodeSchema: Schema<NodeValue> = t.struct('services.Node', () => ({ Val: t.int, Next: t.ptr(NodeSchema) }));
export const TreeSchema: Schema<TreeValue> = t.struct('services.Tree', () => ({ Val: t.int, Children: t.slice(t.ptr(TreeSchema)) }));
export const PayloadSchema = t.struct('services.Payload', {
  Ints: t.slice(t.int),
  Big: t.uint64n,
  Neg: t.int64n,
  F32: t.float32,
  C: t.complex128,
  Bytes: t.bytes,
  Names: t.map(t.string, t.intn),
  ByKey: t.map(KeySchema, t.string),
  List: t.ptr(NodeSchema),
  Tree: t.ptr(TreeSchema),
  Any: t.any,
  Anys: t.slice(t.any),
  When: t.time,
  Dur: t.duration,
  Num: t.bigInt,
  Fixed: t.array(t.uint8, 3),
  Nested: t.map(t.string, t.slice(InnerSchema)),
});
export const Matrix = defineService('Matrix', {
  Echo: { args: PayloadSchema, reply: PayloadSchema },
  EchoMany: { args: t.int, reply: t.slice(PayloadSchema) },
  Big: { args: t.int, reply: t.bytes },
  Sum: { args: t.slice(t.int64n), reply: t.int64n },
  Fail: { args: t.string, reply: t.int },
  Sleep: { args: t.int, reply: t.int },
  Crash: { args: t.int, reply: t.int },
});

/** The names the Go programs register for interface values (services/matrix.go's init). */
export function matrixRegistry(): TypeRegistry {
  return new TypeRegistry()
    .register(InnerSchema, 'main.Inner')
    .register(KeySchema, 'main.Key')
    .register(t.int, 'int')
    .register(t.string, 'string')
    .register(t.slice(t.int), '[]int');
}

/** services.MakePayload(i), as the Go programs build it. */
export function makePayload(i: number) {
  const IST = 5 * 3600 + 30 * 60;
  return {
    Ints: [i, i + 1, -(i + 2)],
    Big: 2n ** 64n - 1n - BigInt(i),
    Neg: -1_000_000_000_000n - BigInt(i),
    F32: i + 0.5,
    C: { real: i, imag: -(i + 0.25) },
    Bytes: new TextEncoder().encode(`payload-${i}`),
    Names: new Map<string, bigint>([
      ['i', BigInt(i)],
      ['double', BigInt(2 * i)],
    ]),
    ByKey: new Map([[{ X: i, Y: i + 1 }, `k${i}`]]),
    List: { Val: i, Next: { Val: i + 1, Next: null } },
    Tree: {
      Val: i,
      Children: [
        { Val: i + 1, Children: [] },
        { Val: i + 2, Children: [] },
      ],
    },
    Any: { name: 'main.Inner', value: { Label: `inner-${i}`, Weight: i + 0.125 } },
    Anys: [
      { name: 'int', value: i },
      { name: 'string', value: `s${i}` },
      { name: '[]int', value: [i, i] },
    ],
    When: GoTime.fromUnix(1_700_000_000 + i, 123_456_789 + i, IST),
    Dur: (i + 1) * 1_000_000,
    Num: 2n ** 100n + BigInt(i),
    Fixed: [i % 256, (i + 1) % 256, (i + 2) % 256],
    Nested: new Map([
      [
        'n',
        [
          { Label: 'a', Weight: i },
          { Label: 'b', Weight: i + 1 },
        ],
      ],
    ]),
  };
}

/** Runs `fn` over `items` with at most `limit` at once (the machines have two cores). */
export async function mapLimit<T, R>(items: readonly T[], limit: number, fn: (x: T) => Promise<R>): Promise<R[]> {
  const out = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}
