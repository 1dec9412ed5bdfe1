// The workload matrix of `make bench` (issue 11): this library against Go's encoding/gob on the
// same values, workload by workload, encode and decode. Go's side is interop/gobmatrix, one
// process serving timing requests, so the two sides alternate round by round and share whatever
// load the machine has; each figure is TypeScript's throughput ÷ Go's, the median of the rounds
// with their range. Before timing, both sides must agree: the same bytes on the wire (map order
// aside) and the same decoded values. Figures only: nothing here fails a test run, but a
// disagreement between the two sides stops the bench.
import { spawn } from 'node:child_process';
import { deepStrictEqual } from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { Decoder, Encoder, GoTime, NEED_MORE, t, TypeRegistry, Writer, type GoInterface, type Schema } from '../src/gob/index.js';
import { goBin, runGo } from '../test/helpers/goproc.js';
import { corpus, Item } from './gob.js';

/** One workload: its values (one per gob message), their schema, and what encoding needs. */
export interface Workload {
  name: string;
  label: string;
  schema: Schema;
  values: unknown[];
  registry?: TypeRegistry;
  /** The wire bytes depend on map iteration order, so only lengths and values are compared. */
  unordered?: boolean;
  /**
   * The same Go type held in a typed array (`t.slice(elem, { as })`): the matrix then adds a row
   * for it, against the same Go figures.
   */
  typed?: Schema;
  /** The matrix adds a row decoding the same stream without a schema (see {@link schemaLessVariant}). */
  withSchemaLess?: boolean;
  /** This row decodes without a schema (`Decoder.next()`), and measures decoding only. */
  schemaLess?: boolean;
}

/** The row of `w`'s typed-array variant: the same Go type, values and wire bytes, in typed arrays. */
function typedVariant(w: Workload): Workload | undefined {
  const schema = w.typed;
  const as = schema?.kind === 'slice' ? (schema.as as unknown as Float64ArrayConstructor | undefined) : undefined;
  if (!schema || !as) return undefined;
  return { name: w.name, label: `${w.label}, into ${as.name}`, schema, values: w.values.map((v) => as.from(v as number[])) };
}

/** The schema-less row of `w`: the same stream decoded without a schema, against the same Go figures. */
function schemaLessVariant(w: Workload): Workload | undefined {
  return w.withSchemaLess ? { ...w, label: `${w.label}, no schema`, withSchemaLess: false, schemaLess: true } : undefined;
}

const MILLION = 1_000_000;

export interface TreeNode {
  Val: number;
  Left: TreeNode | null;
  Right: TreeNode | null;
}
const NodeSchema: Schema<TreeNode> = t.struct('main.Node', () => ({ Val: t.int, Left: t.ptr(NodeSchema), Right: t.ptr(NodeSchema) }));
const PointSchema = t.struct('main.Point', { X: t.int, Y: t.int });
const TinySchema = t.struct('main.Tiny', { A: t.int, B: t.int });

function tree(depth: number, val: number): TreeNode {
  return { Val: val, Left: depth > 1 ? tree(depth - 1, 2 * val) : null, Right: depth > 1 ? tree(depth - 1, 2 * val + 1) : null };
}

/** The workloads' names, in the order the bench runs them. */
export const WORKLOAD_NAMES = ['ints', 'floats', 'map', 'tree', 'mixed', 'bytes', 'tiny', 'int64s', 'strings', 'bools', 'items'];

/**
 * More shapes of data, measured the same way but outside `make bench` (its time is bounded):
 * `node build/bench/run.js shapes`. A survey of them found the slow paths fixed on 2026-12-02.
 */
export const SHAPE_NAMES = ['f32', 'i32', 'u64', 'mapint', 'mapany', 'recs', 'nested', 'ptrs', 'utf', 'longstr', 'times'];

const RecSchema = t.struct('main.Rec', { ID: t.int64, Name: t.string, Score: t.float64, OK: t.bool, Tags: t.slice(t.string) });

/**
 * The strings workload's i-th string, 9 to 31 bytes of ASCII, as interop/gobmatrix builds it. Made
 * flat (one block of characters, as a decoded or read string is), not a slice of a longer one.
 */
function label(i: number): string {
  const s = `str-${i}-abcdefghijklmnopqrstuvwxyz0123456789`.slice(0, 9 + (i % 23));
  return String.fromCharCode(...Array.from(s, (c) => c.charCodeAt(0)));
}

/**
 * The workload called `name`, built exactly as interop/gobmatrix builds it. One at a time: a heap
 * holding every workload would make each collection (on both sides) cost more than it should.
 */
export function workload(name: string): Workload {
  const w = build(name);
  if (!w) throw new Error(`bench: no workload ${name}`);
  return w;
}

function build(name: string): Workload | undefined {
  switch (name) {
    case 'ints':
      return {
        name,
        label: '[]int, 10^6 small ints',
        schema: t.slice(t.int),
        values: [Array.from({ length: MILLION }, (_, i) => i % 100)],
        typed: t.slice(t.int, { as: Float64Array }),
      };
    case 'floats':
      return {
        name,
        label: '[]float64, 10^6',
        schema: t.slice(t.float64),
        values: [Array.from({ length: MILLION }, (_, i) => i * 0.001)],
        typed: t.slice(t.float64, { as: Float64Array }),
      };
    case 'map': {
      const map = new Map<string, string>();
      for (let i = 0; i < 100_000; i++) map.set(`k${i}`, `v${i * 7}`);
      return { name, label: 'map[string]string, 10^5', schema: t.map(t.string, t.string), values: [map], unordered: true };
    }
    case 'tree':
      return { name, label: 'binary tree of structs, depth 20', schema: NodeSchema, values: [tree(20, 1)] };
    case 'mixed': {
      const mixed: GoInterface[] = Array.from({ length: 100_000 }, (_, i) => {
        switch (i % 5) {
          case 0:
            return { name: 'int', value: i };
          case 1:
            return { name: 'string', value: `s${i}` };
          case 2:
            return { name: 'float64', value: i + 0.5 };
          case 3:
            return { name: 'bool', value: i % 2 === 0 };
          default:
            return { name: 'main.Mixed', value: { X: i, Y: 0 - i } };
        }
      });
      return {
        name,
        label: '[]interface{}, 10^5 mixed',
        schema: t.slice(t.any),
        values: [mixed],
        registry: new TypeRegistry().register(PointSchema, 'main.Mixed'),
      };
    }
    case 'bytes': {
      const blob = new Uint8Array(50 * MILLION);
      for (let i = 0; i < blob.length; i++) blob[i] = (i * 31) & 0xff;
      return { name, label: '[]byte, 50 MB', schema: t.bytes, values: [blob] };
    }
    case 'tiny':
      return {
        name,
        label: '10^6 struct{A, B int} on one stream',
        schema: TinySchema,
        values: Array.from({ length: MILLION }, (_, i) => ({ A: i, B: 2 * i })),
      };
    case 'int64s':
      // Values near 10^15 (Unix microseconds, large ids): seven bytes each on the wire.
      return {
        name,
        label: '[]int64, 10^6 values of 7 bytes',
        schema: t.slice(t.int64),
        values: [Array.from({ length: MILLION }, (_, i) => i * 1_000_000_007)],
      };
    case 'strings':
      return {
        name,
        label: '[]string, 10^5 of 9 to 31 bytes',
        schema: t.slice(t.string),
        values: [Array.from({ length: 100_000 }, (_, i) => label(i))],
      };
    case 'bools':
      return { name, label: '[]bool, 10^6', schema: t.slice(t.bool), values: [Array.from({ length: MILLION }, (_, i) => i % 3 === 0)] };
    case 'f32':
      return { name, label: '[]float32, 10^6', schema: t.slice(t.float32), values: [Array.from({ length: MILLION }, (_, i) => i * 0.5)] };
    case 'i32':
      return {
        name,
        label: '[]int32, 10^6 of 1 to 4 bytes',
        schema: t.slice(t.int32),
        values: [Array.from({ length: MILLION }, (_, i) => i * 37 - 500_000)],
      };
    case 'u64':
      return {
        name,
        label: '[]uint64, 10^6 near 2^50',
        schema: t.slice(t.uint64),
        values: [Array.from({ length: MILLION }, (_, i) => i * 1_000_000_007 + 2 ** 50)],
      };
    case 'mapint': {
      const m = new Map<number, number>();
      for (let i = 0; i < 100_000; i++) m.set(i * 3, i);
      return { name, label: 'map[int]int, 10^5', schema: t.map(t.int, t.int), values: [m], unordered: true };
    }
    case 'mapany': {
      const m = new Map<string, GoInterface>();
      for (let i = 0; i < 10_000; i++) {
        const value: GoInterface =
          i % 3 === 0 ? { name: 'int', value: i } : i % 3 === 1 ? { name: 'string', value: `val${i}` } : { name: 'float64', value: i / 4 };
        m.set(`key${i}`, value);
      }
      return { name, label: 'map[string]interface{}, 10^4', schema: t.map(t.string, t.any), values: [m], unordered: true };
    }
    case 'recs': {
      const recs = Array.from({ length: 100_000 }, (_, i) => ({
        ID: i * 1001,
        Name: `rec-${i}`,
        Score: i / 8,
        OK: i % 2 === 0,
        Tags: ['a', `b${i % 10}`],
      }));
      return { name, label: '[]Rec (5 fields, []string), 10^5', schema: t.slice(RecSchema), values: [recs] };
    }
    case 'nested':
      return {
        name,
        label: '[][]int, 10^5 of 3',
        schema: t.slice(t.slice(t.int)),
        values: [Array.from({ length: 100_000 }, (_, i) => [i, i + 1, i + 2])],
      };
    case 'ptrs':
      return {
        name,
        label: '[]*Point, 10^5',
        schema: t.slice(t.ptr(PointSchema)),
        values: [Array.from({ length: 100_000 }, (_, i) => ({ X: i, Y: i * 2 }))],
      };
    case 'utf':
      return {
        name,
        label: '[]string, 10^5 not ASCII',
        schema: t.slice(t.string),
        values: [Array.from({ length: 100_000 }, (_, i) => `héllo wörld ${i} 日本語`)],
      };
    case 'longstr':
      return {
        name,
        label: '[]string, 10^4 of 110 to 140 bytes',
        schema: t.slice(t.string),
        values: [Array.from({ length: 10_000 }, (_, i) => `${'lorem ipsum dolor sit amet '.repeat(4 + (i % 4))}${i}`)],
      };
    case 'times':
      return {
        name,
        label: '[]time.Time, 10^5',
        schema: t.slice(t.time),
        values: [Array.from({ length: 100_000 }, (_, i) => GoTime.fromUnix(1_700_000_000 + i, i * 1000))],
      };
    case 'items':
      // Item.Attrs is a map, so the bytes follow Go's random map order.
      return { name, label: '1,000 Items on one stream', schema: Item, values: corpus(), unordered: true, withSchemaLess: true };
  }
  return undefined;
}

/** One op: the whole workload through a new Encoder, into `out`. */
export function encodeOp(w: Workload, out: Writer): void {
  out.reset();
  const enc = new Encoder({ registry: w.registry });
  for (const v of w.values) enc.encodeTo(out, w.schema, v);
}

/** One op: the whole stream through a new Decoder, every value decoded with the schema. */
export function decodeOp(w: Workload, stream: Uint8Array): unknown[] {
  const dec = new Decoder({ registry: w.registry });
  dec.write(stream);
  const out = new Array<unknown>(w.values.length);
  for (let i = 0; i < out.length; i++) {
    const v = w.schemaLess ? dec.next() : dec.next(w.schema);
    if (v === NEED_MORE) throw new Error(`bench: the ${w.name} stream ended after ${i} values`);
    out[i] = v;
  }
  return out;
}

/** Go's side: interop/gobmatrix, answering one request line with one reply line. */
class GoMatrix {
  private readonly proc;
  private readonly replies: string[] = [];
  private waiting: ((line: string) => void) | undefined;
  private stderr = '';
  readonly hello: Promise<{ goVersion: string }>;

  constructor(dir: string) {
    this.proc = spawn(goBin('gobmatrix'), ['-dir', dir], { stdio: ['pipe', 'pipe', 'pipe'] });
    this.proc.stderr.setEncoding('utf8').on('data', (d: string) => (this.stderr += d));
    this.proc.on('exit', (code) => {
      if (code !== 0 && code !== null) this.waiting?.(`EXIT ${code}`);
    });
    createInterface({ input: this.proc.stdout }).on('line', (line) => {
      const w = this.waiting;
      this.waiting = undefined;
      if (w) w(line);
      else this.replies.push(line);
    });
    this.hello = this.line().then((l) => JSON.parse(l) as { goVersion: string });
  }

  private line(): Promise<string> {
    const queued = this.replies.shift();
    if (queued !== undefined) return Promise.resolve(queued);
    return new Promise((resolve, reject) => {
      this.waiting = (l) => (l.startsWith('EXIT ') ? reject(new Error(`gobmatrix failed: ${this.stderr}`)) : resolve(l));
    });
  }

  async ask(request: string): Promise<string> {
    this.proc.stdin.write(`${request}\n`);
    return this.line();
  }

  close(): void {
    this.proc.stdin.end();
  }
}

/** Ops per second of `op`, repeated until at least `seconds` have passed (at least once). */
function timeOps(seconds: number, op: () => void): number {
  const start = process.hrtime.bigint();
  for (let n = 1; ; n++) {
    op();
    const el = Number(process.hrtime.bigint() - start) / 1e9;
    if (el >= seconds) return n / el;
  }
}

/** Median and range of a list of numbers. */
export function spread(xs: number[]): { median: number; min: number; max: number } {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return { median: s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2, min: s[0]!, max: s[s.length - 1]! };
}

/** Checks that Go and TypeScript write the same stream and read each other's to the same values. */
async function agree(go: GoMatrix, w: Workload, goStream: Uint8Array, ours: Uint8Array, dir: string): Promise<void> {
  if (w.unordered ? ours.length !== goStream.length : Buffer.compare(ours, goStream) !== 0) {
    throw new Error(`bench: ${w.name}: TypeScript's stream (${ours.length} bytes) differs from Go's (${goStream.length} bytes)`);
  }
  try {
    deepStrictEqual(decodeOp(w, goStream), w.values);
  } catch (e) {
    throw new Error(`bench: ${w.name}: Go's stream does not decode to TypeScript's values: ${(e as Error).message.slice(0, 500)}`);
  }
  const file = join(dir, `${w.name}.ts.gob`);
  writeFileSync(file, ours);
  const verdict = await go.ask(`check ${w.name} ${file}`);
  if (verdict !== 'ok') throw new Error(`bench: ${w.name}: Go decoding TypeScript's stream: ${verdict}`);
  rmSync(file);
}

export interface MatrixRow {
  label: string;
  encode: number[];
  decode: number[];
  goEncodeMs: number;
  goDecodeMs: number;
  tsEncodeMs: number;
  tsDecodeMs: number;
}

/**
 * Runs the matrix: `rounds` alternating rounds per workload and direction, each side repeating its
 * op for at least `roundSeconds`. Returns the per-round ratios (TypeScript ÷ Go throughput).
 */
export async function matrixBench(
  rounds: number,
  roundSeconds: number,
  only?: string[],
): Promise<{ rows: MatrixRow[]; goVersion: string }> {
  const dir = mkdtempSync(join(tmpdir(), 'gobrpc-matrix-'));
  const names = only ? [...WORKLOAD_NAMES, ...SHAPE_NAMES].filter((n) => only.includes(n)) : WORKLOAD_NAMES;
  // Go's stream of each workload comes from a process of its own, as Go numbers types per process.
  for (const name of names) {
    const r = await runGo('gobmatrix', ['-dump', name, '-file', join(dir, `${name}.gob`)]);
    if (r.code !== 0) throw new Error(`gobmatrix -dump ${name} failed: ${r.stderr}`);
  }
  const go = new GoMatrix(dir);
  try {
    const { goVersion } = await go.hello;
    const rows: MatrixRow[] = [];
    const out = new Writer(1 << 20);
    // One workload at a time (see workload), each followed by its typed-array variant if it has one.
    const measured = function* () {
      for (const name of names) {
        const w = workload(name);
        yield w;
        const typed = typedVariant(w);
        if (typed) yield typed;
        const loose = schemaLessVariant(w);
        if (loose) yield loose;
      }
    };
    for (const w of measured()) {
      collectGarbage();
      const goStream = new Uint8Array(readFileSync(join(dir, `${w.name}.gob`)));
      // The schema-less row reads the stream its typed row checked, into values of other types.
      if (!w.schemaLess) {
        encodeOp(w, out);
        await agree(go, w, goStream, out.take(), dir);
      }
      const row: MatrixRow = { label: w.label, encode: [], decode: [], goEncodeMs: 0, goDecodeMs: 0, tsEncodeMs: 0, tsDecodeMs: 0 };
      for (const dirn of w.schemaLess ? (['dec'] as const) : (['enc', 'dec'] as const)) {
        const op = dirn === 'enc' ? () => encodeOp(w, out) : () => void decodeOp(w, goStream);
        const goTime = async (secs: number) => {
          const r = JSON.parse(await go.ask(`time ${w.name} ${dirn} ${secs}`)) as { ops: number; seconds: number };
          return r.ops / r.seconds;
        };
        // An untimed round each to warm up (JIT, caches, heap size), then alternate, Go first on
        // even rounds and TypeScript first on odd ones.
        await goTime(roundSeconds);
        timeOps(roundSeconds, op);
        const goRates: number[] = [];
        const tsRates: number[] = [];
        for (let r = 0; r < rounds; r++) {
          if (r % 2 === 0) goRates.push(await goTime(roundSeconds));
          tsRates.push(timeOps(roundSeconds, op));
          if (r % 2 === 1) goRates.push(await goTime(roundSeconds));
        }
        const ratios = tsRates.map((ts, i) => ts / goRates[i]!);
        const goMs = 1000 / spread(goRates).median;
        const tsMs = 1000 / spread(tsRates).median;
        if (dirn === 'enc') Object.assign(row, { encode: ratios, goEncodeMs: goMs, tsEncodeMs: tsMs });
        else Object.assign(row, { decode: ratios, goDecodeMs: goMs, tsDecodeMs: tsMs });
      }
      rows.push(row);
    }
    return { rows, goVersion };
  } finally {
    go.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** How many times {@link memoryBench} measures each side: one process's peak drifts by ±5%. */
const MEMORY_RUNS = 3;

/**
 * Peak RSS above an empty process of the same kind, decoding one stream, in MiB: the medians of
 * {@link MEMORY_RUNS} runs of each side, taken in turn, and each run's ratio (TypeScript ÷ Go).
 */
export async function memoryBench(name: 'ints' | 'ints-typed' | 'map'): Promise<{ ts: number; go: number; ratios: number[] }> {
  const dir = mkdtempSync(join(tmpdir(), 'gobrpc-matrix-mem-'));
  // The typed-array variant decodes the same stream, as Go does.
  const goName = name === 'ints-typed' ? 'ints' : name;
  try {
    const w = workload(goName);
    const out = new Writer(1 << 20);
    encodeOp(w, out);
    const file = join(dir, `${goName}.gob`);
    writeFileSync(file, out.take());
    const node = async (what: string) => {
      const script = fileURLToPath(new URL('./matrixmem.js', import.meta.url));
      const r = await new Promise<string>((resolve, reject) => {
        const p = spawn(process.execPath, [script, what, file], { stdio: ['ignore', 'pipe', 'inherit'] });
        let s = '';
        p.stdout.setEncoding('utf8').on('data', (d: string) => (s += d));
        p.on('close', (code) => (code === 0 ? resolve(s) : reject(new Error(`matrixmem ${what} exited ${code}`))));
      });
      return (JSON.parse(r) as { maxRssKiB: number }).maxRssKiB;
    };
    const goRss = async (what: string) => {
      const r = await runGo('gobmatrix', ['-mem', what, '-file', file]);
      if (r.code !== 0) throw new Error(`gobmatrix -mem failed: ${r.stderr}`);
      return (JSON.parse(r.lines[r.lines.length - 1]!) as { maxRssKiB: number }).maxRssKiB;
    };
    const ts: number[] = [];
    const go: number[] = [];
    for (let i = 0; i < MEMORY_RUNS; i++) {
      ts.push(((await node(name)) - (await node('none'))) / 1024);
      go.push(((await goRss(goName)) - (await goRss('none'))) / 1024);
    }
    return { ts: spread(ts).median, go: spread(go).median, ratios: ts.map((t, i) => t / go[i]!) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

// V8's full collection: `--expose-gc` gives `gc` to a context made after the flag is set.
setFlagsFromString('--expose-gc');

/**
 * A full garbage collection, between workloads and between the parts of `make bench`, as Go's
 * side runs `runtime.GC()` when it moves to a workload: each row then starts from a heap that
 * holds none of the rows before it. Without it, what ran before shaped the row: after the
 * `Item` part, V8's young generation had grown to its most and every node of the depth-20 tree
 * was copied by its collections, where from a collected heap most were allocated straight into
 * the old generation; the tree decode took 160 to 230 ms an op against 65 to 80.
 */
export const collectGarbage = runInNewContext('gc') as () => void;

/** Rounds of {@link freshMemory}, each side. */
const FRESH_RUNS = 100;

/**
 * What fresh memory costs on this machine, in ms per 8 MiB (median, least, most): Go's
 * `gobmatrix -fresh` maps 8 MiB, writes a byte to each page and unmaps it; here, `new Array(10^6)`
 * (8 MB that V8 maps anew for each such array, as a decoded []int, []int64 or []bool needs). On
 * a machine where a page fault is dear, the decode rows of those slices pay it about 2,000 times
 * an op, and Go, reusing its heap, does not.
 */
export async function freshMemory(): Promise<{ go: ReturnType<typeof spread>; ts: ReturnType<typeof spread> }> {
  const r = await runGo('gobmatrix', ['-fresh', String(FRESH_RUNS)]);
  if (r.code !== 0) throw new Error(`gobmatrix -fresh failed: ${r.stderr}`);
  const go = JSON.parse(r.lines[r.lines.length - 1]!) as { medianMs: number; minMs: number; maxMs: number };
  const ms: number[] = [];
  let keep: unknown[] = [];
  for (let i = 0; i < FRESH_RUNS; i++) {
    const t0 = performance.now();
    keep = new Array(1_000_000);
    ms.push(performance.now() - t0);
  }
  if (keep.length !== 1_000_000) throw new Error('unreachable');
  return { go: { median: go.medianMs, min: go.minMs, max: go.maxMs }, ts: spread(ms) };
}

/** A ratio cell: the median and, in brackets, the range ("–" for a figure not measured). */
export function cell(ratios: number[]): string {
  if (ratios.length === 0) return '–';
  const s = spread(ratios);
  return `${s.median.toFixed(2)} (${s.min.toFixed(2)}–${s.max.toFixed(2)})`;
}

/**
 * Prints the matrix (and the memory rows) as `make bench` shows them; with `shapes`, the rows of
 * {@link SHAPE_NAMES} instead, without the memory rows.
 */
export async function matrixPart(rounds: number, roundSeconds: number, shapes = false): Promise<void> {
  const { rows, goVersion } = await matrixBench(rounds, roundSeconds, shapes ? SHAPE_NAMES : undefined);
  console.log(
    `\ngob ${shapes ? 'shapes outside the matrix' : 'workload matrix'}: TypeScript ÷ Go throughput, median (range) of ${rounds} alternating rounds of ≥ ${roundSeconds} s each; ${goVersion}, node ${process.version}`,
  );
  console.log(
    `${'workload (one value per stream unless said)'.padEnd(44)} ${'encode ÷ Go'.padStart(20)} ${'decode ÷ Go'.padStart(20)}   ms per op, TS/Go: encode, decode`,
  );
  for (const r of rows) {
    const ms = (a: number, b: number) => (a === 0 ? '–' : `${a.toFixed(1)}/${b.toFixed(1)}`);
    console.log(
      `${r.label.padEnd(44)} ${cell(r.encode).padStart(20)} ${cell(r.decode).padStart(20)}   ${ms(r.tsEncodeMs, r.goEncodeMs)}, ${ms(r.tsDecodeMs, r.goDecodeMs)}`,
    );
  }
  if (shapes) return;
  console.log(`\npeak RSS decoding one stream, above an empty process of the same kind (MiB), median of ${MEMORY_RUNS} runs each`);
  const labels = { ints: '[]int, 10^6', 'ints-typed': '[]int, 10^6, into Float64Array', map: 'map[string]string, 10^5' };
  for (const name of ['ints', 'ints-typed', 'map'] as const) {
    const { ts, go, ratios } = await memoryBench(name);
    console.log(
      `${labels[name].padEnd(44)} TypeScript ${ts.toFixed(1).padStart(6)}  Go ${go.toFixed(1).padStart(6)}  ratio ${cell(ratios)}`,
    );
  }
  const fresh = await freshMemory();
  const ms = (s: ReturnType<typeof spread>) => `${s.median.toFixed(2)} ms (${s.min.toFixed(2)}–${s.max.toFixed(2)})`;
  console.log(
    `\nfresh memory, median (range) of ${FRESH_RUNS}: 8 MiB mapped, touched and unmapped (Go, mmap) ${ms(fresh.go)}; ` +
      `new Array(10^6) ${ms(fresh.ts)}: what each decoded 10^6-element array costs before its first element`,
  );
}
