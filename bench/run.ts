// `make bench`: this library against Go itself, in the same run, as ratios. Figures only:
// nothing here fails a test run.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { deepStrictEqual } from 'node:assert/strict';
import { readFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { Decoder, NEED_MORE, Writer } from '../src/gob/index.js';
import { corpus, decodeRound, encodeRound, Item, measure } from './gob.js';
import { ROOT } from '../test/helpers/fixtures.js';
import { rpcBench } from './rpc.js';
import { cell, collectGarbage, matrixPart, spread } from './matrix.js';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 1);
/** The workload matrix: alternating rounds per figure, and the least time each side spends per round. */
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const ROUND_SECONDS = Number(process.env.BENCH_ROUND_SECONDS ?? 0.25);
/** RPC: rounds, and seconds per figure per round. */
const RPC_ROUNDS = Number(process.env.BENCH_RPC_ROUNDS ?? 3);
const RPC_SECONDS = Number(process.env.BENCH_RPC_SECONDS ?? 0.5);

function goJSON(bin: string, args: string[]): Record<string, number | string> {
  const r = spawnSync(join(ROOT, 'interop', 'bin', bin), args, { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`${bin} failed: ${r.stderr || r.error}`);
  return JSON.parse(r.stdout.trim().split('\n').pop()!);
}

function fmt(n: number): string {
  return Math.round(n).toLocaleString('en-US');
}

function row(label: string, ours: number, go: number): void {
  console.log(`${label.padEnd(34)} ${fmt(ours).padStart(12)} ${fmt(go).padStart(12)} ${(ours / go).toFixed(2).padStart(7)}x`);
}

export function gobBench(): void {
  const items = corpus();
  // The corpus must be Go's: decode Go's own stream of it and compare.
  const dump = join(mkdtempSync(join(tmpdir(), 'gobrpc-bench-')), 'items.gob');
  const go = goJSON('gobbench', ['-seconds', String(SECONDS), '-dump', dump]);
  const goStream = new Uint8Array(readFileSync(dump));
  const d = new Decoder();
  d.write(goStream);
  const fromGo: unknown[] = [];
  for (let v = d.next(Item); v !== NEED_MORE; v = d.next(Item)) fromGo.push(v);
  try {
    deepStrictEqual(fromGo, items);
  } catch {
    throw new Error("bench: the TypeScript corpus differs from Go's (bench/gob.ts benchItem vs gobcases.BenchItem)");
  }

  const out = new Writer(1 << 17);
  encodeRound(items, out);
  const stream = out.take();
  const enc = measure(SECONDS, () => encodeRound(items, out));
  const dec = measure(SECONDS, () => decodeRound(stream));
  const loose = measure(SECONDS, () => decodeRound(stream, false));
  console.log(
    `gob: 1,000 Items per stream, one value each (${stream.length} bytes here, ${go.streamBytes} from Go); ${go.goVersion}, node ${process.version}`,
  );
  console.log(`${''.padEnd(34)} ${'gobrpc/s'.padStart(12)} ${'Go/s'.padStart(12)} ${'ratio'.padStart(8)}`);
  row('encode items', enc, go.encodeItemsPerSec as number);
  row('decode items (typed)', dec, go.decodeItemsPerSec as number);
  row('decode items (schema-less)', loose, go.decodeItemsPerSec as number);
}

async function rpcPart(): Promise<void> {
  collectGarbage();
  const { rows, cluster, tsToTs, bare, bareToGo, tsSeqToGo } = await rpcBench(RPC_SECONDS, RPC_ROUNDS);
  console.log(
    `\nrpc: Arith.Multiply (Bytes.Echo in the echo row) on 127.0.0.1, calls/s ÷ Go client → Go server (two processes, measured before and after, averaged) in the same round; median (range) of ${RPC_ROUNDS} rounds of ${RPC_SECONDS} s per figure`,
  );
  console.log(`${''.padEnd(38)} ${'TS client → Go'.padStart(20)} ${'Go client → TS'.padStart(20)} ${'Go → Go calls/s'.padStart(16)}`);
  for (const r of rows) {
    console.log(
      `${r.shape.label.padEnd(38)} ${cell(r.tsToGo).padStart(20)} ${cell(r.goToTs).padStart(20)} ${fmt(spread(r.goToGo).median).padStart(16)}`,
    );
  }
  if (cluster.goToTs.length > 0) {
    console.log(
      `${`TCP, 128 connections, node:cluster ×${cluster.workers}`.padEnd(38)} ${'–'.padStart(20)} ${cell(cluster.goToTs).padStart(20)} ${fmt(spread(cluster.goToGo).median).padStart(16)}`,
    );
  }
  console.log(
    "\nrpc: CPU time (user + system) per call in µs, median of the rounds: each client against Go's server, each server under Go's client, over the measured calls; the TypeScript side runs on one core",
  );
  console.log(
    `${''.padEnd(38)} ${'TS client'.padStart(10)} ${'Go client'.padStart(10)} ${'TS server'.padStart(10)} ${'Go server'.padStart(10)}`,
  );
  const us = (xs: number[]) => {
    const m = spread(xs).median;
    return (Number.isFinite(m) ? m.toFixed(1) : '–').padStart(10);
  };
  for (const r of rows) {
    const c = r.cpu;
    console.log(`${r.shape.label.padEnd(38)} ${us(c.tsClient)} ${us(c.goClient)} ${us(c.tsServer)} ${us(c.goServer)}`);
  }
  if (bare.length === 0) return;
  const ratio = tsToTs.map((x, i) => x / bare[i]!);
  console.log(
    `bare Node socket ping-pong of one call's bytes, one process: ${fmt(spread(bare).median)} calls/s; ` +
      `TypeScript → TypeScript over TCP, sequential: ${fmt(spread(tsToTs).median)} calls/s, ${cell(ratio)} of bare`,
  );
  const toGo = tsSeqToGo.map((x, i) => x / bareToGo[i]!);
  console.log(
    `bare Node socket client → Go's server, sequential TCP: ${fmt(spread(bareToGo).median)} calls/s; ` +
      `TypeScript client → Go's server, back to back with it: ${fmt(spread(tsSeqToGo).median)} calls/s, ${cell(toGo)} of bare`,
  );
}

const only = process.argv[2];
if (!only || only === 'gob') gobBench();
if (!only || only === 'matrix') await matrixPart(ROUNDS, ROUND_SECONDS);
// Not part of a whole run (make bench keeps to about three minutes): the shapes outside the matrix.
if (only === 'shapes') await matrixPart(ROUNDS, ROUND_SECONDS, true);
if (!only || only === 'rpc') await rpcPart();
