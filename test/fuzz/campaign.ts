// `make fuzz`: the long fuzz campaign. Inputs are numbered; input i of seed s is makeCase(s, i)
// (targets.ts). Blocks of inputs run in worker threads under a watchdog: a worker that stays on
// one input longer than FUZZ_HANG_MS is terminated, the input is saved as a hang, and the block
// resumes after it. A worker that dies (out of memory under its heap cap) is handled the same
// way. Untyped errors, whole/chunked mismatches, hangs, crashes and memory out of proportion are
// saved, one file per distinct defect (minimised where it can be rerun safely), to
// fixtures/fuzz-regressions/pending/, which test/fuzz-regressions.test.ts knows about: a defect
// saved there is tolerated by the short fixed-seed slice of `make test` until its fix lands and
// its file moves up to fixtures/fuzz-regressions/, where the replay test then asserts it.
//
// Knobs (environment): FUZZ_INPUTS (default 1,000,000), FUZZ_SECONDS (stop earlier; default no
// limit), FUZZ_SEED (default: from the clock, printed), FUZZ_WORKERS (default 2), FUZZ_HANG_MS
// (default 10,000: the machines are shared, this is a hang, not a speed bound), FUZZ_FROM
// (first index, to resume). Exit status 1 when a new (not pending) defect was found.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { ROOT } from '../helpers/fixtures.js';
import { knownSignatures, minimize, PENDING_DIR, type Regression } from './regressions.js';
import { type FuzzCase, makeCase, type Outcome, signature } from './targets.js';
import type { WorkerJob, WorkerMessage } from './worker.js';

const env = (name: string, fallback: number) => {
  const v = process.env[name];
  return v === undefined || v === '' ? fallback : Number(v);
};

const INPUTS = env('FUZZ_INPUTS', 1_000_000);
const SECONDS = env('FUZZ_SECONDS', 0);
const SEED = env('FUZZ_SEED', Date.now() % 1_000_000_007);
const WORKERS = Math.max(1, env('FUZZ_WORKERS', 2));
const HANG_MS = env('FUZZ_HANG_MS', 10_000);
const FROM = env('FUZZ_FROM', 0);
const BLOCK = 20_000;
const SLOW_MS = 250;
const MEMORY_BASE = 48 << 20;
const MEMORY_PER_BYTE = 512;
const HEAP_CAP_MB = 768;

interface Finding {
  signature: string;
  count: number;
  first: number;
  file: string;
  known: boolean;
}

const findings = new Map<string, Finding>();
const known = knownSignatures();
let ok = 0;
let typed = 0;
let done = 0;
const started = performance.now();
const deadline = SECONDS > 0 ? started + SECONDS * 1000 : Infinity;
let slowest: Array<{ index: number; ms: number; target: string; bytes: number }> = [];

function slug(s: string): string {
  return s
    .replace(/[^A-Za-z0-9]+/g, '-')
    .replace(/^-|-$/g, '')
    .slice(0, 60)
    .toLowerCase();
}

/**
 * The target of input `index`, rebuilt here in the main thread. Deeply nested inputs need more
 * stack than this thread has (workers have more): such an input is named by its index only, so
 * that building it cannot end the campaign.
 */
function targetAt(index: number): string {
  try {
    return makeCase(SEED, index).target;
  } catch (e) {
    if (e instanceof RangeError) return `(input ${index}, too deep to rebuild here)`;
    throw e;
  }
}

/** Records one defect; the first input showing a new one is minimised and saved. */
function record(index: number, outcome: Outcome | undefined, sig: string, rerunnable: boolean): void {
  const f = findings.get(sig);
  if (f) {
    f.count++;
    return;
  }
  const file = join(PENDING_DIR, `${slug(sig)}-${SEED}-${index}.json`);
  const isKnown = known.has(sig);
  if (!isKnown) {
    // Minimised here, in the main thread, so only for inputs that ended (not hangs or crashes).
    let c: FuzzCase;
    try {
      c = rerunnable ? minimize(makeCase(SEED, index), sig) : makeCase(SEED, index);
    } catch (e) {
      // Too deep to rebuild in this thread (see targetAt): reported, with how to rerun it.
      if (!(e instanceof RangeError)) throw e;
      console.log(`NEW finding at input ${index}: ${sig} (not saved: rerun with FUZZ_FROM=${index} FUZZ_INPUTS=1)`);
      findings.set(sig, { signature: sig, count: 1, first: index, file: '(not saved)', known: false });
      return;
    }
    const reg: Regression = { case: c, found: sig };
    if (outcome?.kind === 'untyped') reg.thrown = `${outcome.name}: ${outcome.message}`;
    mkdirSync(PENDING_DIR, { recursive: true });
    writeFileSync(file, JSON.stringify(reg, null, 2) + '\n');
  }
  findings.set(sig, { signature: sig, count: 1, first: index, file: isKnown ? known.get(sig)! : file, known: isKnown });
  console.log(`${isKnown ? 'known' : 'NEW'} finding at input ${index}: ${sig}\n  -> ${isKnown ? known.get(sig) : file}`);
}

/** Runs inputs [from, to) in one worker; resolves when the range is done, resuming after hangs. */
function runBlock(from: number, to: number): Promise<void> {
  return new Promise((resolve) => {
    const progress = new SharedArrayBuffer(16);
    const view = new Int32Array(progress);
    Atomics.store(view, 0, from);
    const job: WorkerJob = { seed: SEED, from, to, progress, memoryBase: MEMORY_BASE, memoryPerByte: MEMORY_PER_BYTE, slowMs: SLOW_MS };
    const w = new Worker(new URL('./worker.js', import.meta.url), {
      workerData: job,
      resourceLimits: { maxOldGenerationSizeMb: HEAP_CAP_MB },
    });
    let last = from;
    let lastChange = performance.now();
    let finished = false;
    let counted = 0;
    /** Moves this worker's counts into the campaign's. */
    const collect = () => {
      const n = Atomics.load(view, 1);
      done += n - counted;
      counted = n;
      ok += Atomics.exchange(view, 2, 0);
      typed += Atomics.exchange(view, 3, 0);
    };
    const finish = (resumeAt: number | undefined) => {
      if (finished) return;
      finished = true;
      clearInterval(timer);
      collect();
      if (resumeAt !== undefined && resumeAt < to && performance.now() < deadline) void runBlock(resumeAt, to).then(resolve);
      else resolve();
    };
    const timer = setInterval(() => {
      collect();
      const at = Atomics.load(view, 0);
      if (at !== last) {
        last = at;
        lastChange = performance.now();
      } else if (performance.now() - lastChange > HANG_MS) {
        record(at, undefined, `hang: ${targetAt(at)} made no progress within FUZZ_HANG_MS`, false);
        void w.terminate();
        done++;
        finish(at + 1);
      }
      if (performance.now() > deadline) {
        void w.terminate();
        finish(undefined);
      }
    }, 250);
    w.on('message', (m: WorkerMessage) => {
      switch (m.type) {
        case 'finding':
          record(m.index, m.outcome, signature(m.outcome), true);
          break;
        case 'slow':
          if (slowest.length < 10 || m.ms > slowest[slowest.length - 1]!.ms) {
            slowest = [...slowest, { index: m.index, ms: m.ms, target: m.target, bytes: m.bytes }].sort((a, b) => b.ms - a.ms).slice(0, 10);
          }
          break;
        case 'memory':
          record(m.index, undefined, `memory: heap grew over ${MEMORY_BASE >> 20} MiB + ${MEMORY_PER_BYTE}× the input`, false);
          console.log(`  (input ${m.index}: grew ${(m.grew / 2 ** 20).toFixed(1)} MiB for ${m.bytes} bytes)`);
          break;
        case 'done':
          finish(undefined);
          break;
      }
    });
    w.on('error', (e) => {
      const at = Atomics.load(view, 0);
      record(at, undefined, `crash: worker died (${(e as Error).message.slice(0, 80)})`, false);
      done++;
      finish(at + 1);
    });
    w.on('exit', () => finish(undefined));
  });
}

async function main(): Promise<void> {
  console.log(
    `fuzz: seed ${SEED}, inputs ${FROM}..${FROM + INPUTS - 1}, ${WORKERS} workers, hang after ${HANG_MS} ms${SECONDS > 0 ? `, at most ${SECONDS} s` : ''}`,
  );
  console.log(`fuzz: ${known.size} known defects pending in ${PENDING_DIR.slice(ROOT.length + 1)}/`);
  const blocks: Array<[number, number]> = [];
  for (let i = FROM; i < FROM + INPUTS; i += BLOCK) blocks.push([i, Math.min(i + BLOCK, FROM + INPUTS)]);
  const report = setInterval(() => {
    const s = (performance.now() - started) / 1000;
    console.log(`fuzz: ${done} inputs in ${s.toFixed(0)} s (${(done / s).toFixed(0)}/s), ${findings.size} distinct findings`);
  }, 30_000);
  const next = async (): Promise<void> => {
    for (let b = blocks.shift(); b && performance.now() < deadline; b = blocks.shift()) await runBlock(b[0], b[1]);
  };
  await Promise.all(Array.from({ length: WORKERS }, next));
  clearInterval(report);
  const s = (performance.now() - started) / 1000;
  const count = (p: (f: Finding) => boolean) => [...findings.values()].filter(p).reduce((n, f) => n + f.count, 0);
  console.log(`\nfuzz: seed ${SEED}: ${done} inputs in ${s.toFixed(1)} s (${(done / s).toFixed(0)} inputs/s)`);
  console.log(`  decoded without error: ${ok}; typed errors (GobError/JsonError): ${typed}`);
  console.log(`  untyped errors: ${count((f) => f.signature.includes('Error') && !/^(hang|crash|memory|mismatch)/.test(f.signature))}`);
  console.log(`  whole/chunked mismatches: ${count((f) => f.signature.startsWith('mismatch'))}`);
  console.log(
    `  hangs: ${count((f) => f.signature.startsWith('hang'))}; crashes: ${count((f) => f.signature.startsWith('crash'))}; memory: ${count((f) => f.signature.startsWith('memory'))}`,
  );
  for (const f of findings.values())
    console.log(`  ${f.known ? 'known' : 'NEW  '} ×${f.count} (first at ${f.first}) ${f.signature}\n        ${f.file}`);
  if (slowest.length > 0)
    console.log(
      `  slowest inputs (over ${SLOW_MS} ms, not failures: the machine is shared):`,
      slowest.map((x) => `${x.index} ${x.target} ${x.bytes} B ${x.ms.toFixed(0)} ms`).join('; '),
    );
  process.exitCode = [...findings.values()].some((f) => !f.known) ? 1 : 0;
}

await main();
