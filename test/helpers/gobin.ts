// Runs the Go programs that `make interop-bin` builds into interop/bin. Tests never skip when
// Go is missing: they fail and say what to run.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from './fixtures.js';

/** The path of interop/bin/NAME, or an error that says how to build it. */
export function goBinary(name: string): string {
  const p = join(ROOT, 'interop', 'bin', name);
  if (!existsSync(p)) {
    throw new Error(`interop program ${p} is missing: run 'make interop-bin' (needs the Go toolchain; 'make test' builds it)`);
  }
  return p;
}

export interface RunResult {
  code: number | null;
  stdout: Buffer;
  stderr: string;
}

/** Runs a Go program to completion with `input` on stdin; kills it after `timeoutMs`. */
export function runGo(name: string, args: string[], input?: Uint8Array, timeoutMs = 30_000): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(goBinary(name), args, { stdio: ['pipe', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    let err = '';
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.stdout.on('data', (c: Buffer) => out.push(c));
    child.stderr.on('data', (c: Buffer) => (err += c.toString()));
    child.on('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout: Buffer.concat(out), stderr: err });
    });
    child.stdin.on('error', () => {}); // the program may exit before reading everything
    child.stdin.end(input ?? new Uint8Array(0));
  });
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
