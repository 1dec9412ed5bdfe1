// Drives the line-scripted Go clients (interop/scriptclient, interop/cancel's cancelclient) and
// the Gate service whose calls the tests release by hand, so that the shutdown and cancellation
// tests order events by what the peers print, never by sleeping.
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { t } from '../../src/gob/index.js';
import { defineService, type CallContext, type ServiceImpl } from '../../src/rpc/index.js';
import type { Cleanup } from './goproc.js';

/** A running scripted client. */
export interface Script {
  /** Writes one command line to its stdin. */
  send(line: string): void;
  /** Resolves with the first output line matching `re` (past or future). */
  line(re: RegExp): Promise<string>;
  /** Every line printed so far. */
  lines: string[];
  /** Closes stdin and resolves with the exit code once the program has exited. */
  end(): Promise<number | null>;
}

/** Starts `bin args` and resolves once it prints "connected"; killed by `cleanup`. */
export async function startScript(bin: string, args: readonly string[], cleanup: Cleanup): Promise<Script> {
  const proc = spawn(bin, args, { stdio: ['pipe', 'pipe', 'pipe'] });
  let stderr = '';
  proc.stderr!.setEncoding('utf8');
  proc.stderr!.on('data', (d: string) => (stderr += d));
  const exited = new Promise<number | null>((res) => proc.once('exit', (code) => res(code)));
  cleanup(() => {
    if (proc.exitCode === null && proc.signalCode === null) proc.kill('SIGKILL');
    return exited;
  });
  const lines: string[] = [];
  const waiters: Array<{ re: RegExp; resolve: (l: string) => void }> = [];
  createInterface({ input: proc.stdout! }).on('line', (l) => {
    lines.push(l);
    for (let i = waiters.length - 1; i >= 0; i--) if (waiters[i]!.re.test(l)) waiters.splice(i, 1)[0]!.resolve(l);
  });
  const line = (re: RegExp) => {
    const hit = lines.find((l) => re.test(l));
    if (hit !== undefined) return Promise.resolve(hit);
    return new Promise<string>((resolve, reject) => {
      waiters.push({ re, resolve });
      void exited.then(() =>
        setImmediate(() => reject(new Error(`${bin} exited without printing ${re}; output:\n${lines.join('\n')}\nstderr:\n${stderr}`))),
      );
    });
  };
  await line(/^connected$/);
  return {
    send: (l) => proc.stdin!.write(l + '\n'),
    line,
    lines,
    end: () => {
      proc.stdin!.end();
      return exited;
    },
  };
}

/** Gate.Wait(name) waits until the test releases `name`; Gate.Echo(s) answers s at once. */
export const Gate = defineService('Gate', {
  Wait: { args: t.string, reply: t.string },
  Echo: { args: t.string, reply: t.string },
});

/** The calls of {@link Gate.Wait} under way, by name: started, released by the test. */
export class Gates {
  private readonly started = new Map<string, { ctx: Promise<CallContext>; open: (ctx: CallContext) => void }>();
  private readonly release = new Map<string, (reply: string) => void>();

  private entry(name: string) {
    let e = this.started.get(name);
    if (!e) {
      let open!: (ctx: CallContext) => void;
      const ctx = new Promise<CallContext>((res) => (open = res));
      e = { ctx, open };
      this.started.set(name, e);
    }
    return e;
  }

  /** Resolves with the call's context once Gate.Wait(name) has started. */
  whenStarted(name: string): Promise<CallContext> {
    return this.entry(name).ctx;
  }

  /** Lets Gate.Wait(name) answer `reply`. */
  open(name: string, reply: string): void {
    this.release.get(name)!(reply);
  }

  readonly impl: ServiceImpl<typeof Gate> = {
    Wait: (name, ctx) =>
      new Promise<string>((res) => {
        this.release.set(name, res);
        this.entry(name).open(ctx);
      }),
    Echo: (s) => s,
  };
}
