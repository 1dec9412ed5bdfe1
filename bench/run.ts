// `make bench`: this library against Go itself, in the same run, as ratios. Figures only:
// nothing here fails a test run.
import { rpcBench } from './rpc.js';
import { cell, collectGarbage, matrixPart, spread } from './matrix.js';

/** The workload matrix: alternating rounds per figure, and the least time each side spends per round. */
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const ROUND_SECONDS = Number(process.env.BENCH_ROUND_SECONDS ?? 0.25);
/** RPC: rounds, and seconds per figure per round. */
const RPC_ROUNDS = Number(process.env.BENCH_RPC_ROUNDS ?? 3);
const RPC_SECONDS = Number(process.env.BENCH_RPC_SECONDS ?? 0.5);

function fmt(n: number): string {
  return Math.round(n).toLocaleString('en-US');
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
    "\nrpc: CPU time (user + system) per call in µs, median (range) of the rounds: each client against Go's server, each server under Go's client, over the measured calls; the TypeScript side runs on one core",
  );
  console.log(
    `${''.padEnd(38)} ${'TS client'.padStart(16)} ${'Go client'.padStart(16)} ${'TS server'.padStart(16)} ${'Go server'.padStart(16)}`,
  );
  const us = (xs: number[]) => {
    const s = spread(xs.filter(Number.isFinite));
    return (Number.isFinite(s.median) ? `${s.median.toFixed(1)} (${s.min.toFixed(0)}–${s.max.toFixed(0)})` : '–').padStart(16);
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
if (!only || only === 'matrix') await matrixPart(ROUNDS, ROUND_SECONDS);
// Not part of a whole run (make bench keeps to about three minutes): the shapes outside the matrix.
if (only === 'shapes') await matrixPart(ROUNDS, ROUND_SECONDS, true);
if (!only || only === 'rpc') await rpcPart();
