// A campaign worker (a worker thread): runs inputs [from, to) of a seed, publishing the index it
// is on in shared memory before each one, so that the campaign's watchdog can tell a hang from
// slow progress, kill this thread and rebuild the input from (seed, index). Each input's heap
// growth (V8 heap plus external buffers, measured while its result is still held) is checked
// against its size, and the thread's old space is capped, so memory out of proportion to an
// input is a finding too.
import { getHeapStatistics } from 'node:v8';
import { parentPort, workerData } from 'node:worker_threads';
import { makeCase, type Outcome, runCase } from './targets.js';

export interface WorkerJob {
  seed: number;
  from: number;
  to: number;
  /**
   * Int32Array over a SharedArrayBuffer: [0] the index being run, [1] inputs done, [2] of them
   * decoded, [3] of them refused with a typed error (shared so a killed worker loses no counts).
   */
  progress: SharedArrayBuffer;
  /** Heap growth allowed for an input: `memoryBase + memoryPerByte × input bytes`. */
  memoryBase: number;
  memoryPerByte: number;
  /** Inputs slower than this are reported (not failed: the machines are shared). */
  slowMs: number;
}

/** What a worker reports to the campaign. */
export type WorkerMessage =
  | { type: 'finding'; index: number; outcome: Outcome; ms: number }
  | { type: 'memory'; index: number; grew: number; bytes: number }
  | { type: 'slow'; index: number; ms: number; bytes: number; target: string }
  | { type: 'done' };

const heap = () => {
  const h = getHeapStatistics();
  return h.used_heap_size + h.external_memory;
};

function main(job: WorkerJob): void {
  const progress = new Int32Array(job.progress);
  for (let i = job.from; i < job.to; i++) {
    Atomics.store(progress, 0, i);
    const c = makeCase(job.seed, i);
    const before = heap();
    const t0 = performance.now();
    const outcome = runCase(c);
    const ms = performance.now() - t0;
    const grew = heap() - before;
    const bytes = c.input.length / 2;
    if (grew > job.memoryBase + job.memoryPerByte * bytes)
      parentPort!.postMessage({ type: 'memory', index: i, grew, bytes } satisfies WorkerMessage);
    if (ms > job.slowMs) parentPort!.postMessage({ type: 'slow', index: i, ms, bytes, target: c.target } satisfies WorkerMessage);
    if (outcome.kind === 'ok') Atomics.add(progress, 2, 1);
    else if (outcome.kind === 'typed') Atomics.add(progress, 3, 1);
    else parentPort!.postMessage({ type: 'finding', index: i, outcome, ms } satisfies WorkerMessage);
    Atomics.add(progress, 1, 1);
  }
  parentPort!.postMessage({ type: 'done' } satisfies WorkerMessage);
}

if (parentPort && workerData) main(workerData as WorkerJob);
