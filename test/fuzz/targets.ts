// The fuzz targets and the cases they run. A case is plain JSON (target, input bytes as hex,
// schema by name, chunk boundaries), so a finding is saved as a regression file and replayed by
// test/fuzz-regressions.test.ts exactly as the campaign ran it. makeCase(seed, index) is a pure
// function of its arguments: the campaign's watchdog rebuilds the input a killed worker was on.
import { Decoder, isGobError, NEED_MORE, type Schema, t } from '../../src/gob/index.js';
import { readRequest, readResponse } from '../../src/jsonrpc/envelope.js';
import { DecCompiler } from '../../src/jsonrpc/decode.js';
import { Cursor } from '../../src/jsonrpc/reader.js';
import { isJsonError, JsonScanner, unmarshal } from '../../src/jsonrpc/index.js';
import { type Fixture, loadFixtures } from '../helpers/fixtures.js';
import { corpusRegistry, fixtureSchemas } from '../helpers/gobcases.js';
import { cuts, generateGob, mutate } from './gobgen.js';
import { generateJson } from './jsongen.js';
import { Rng } from './rng.js';

/** What a case runs: gob decoding in five ways, or the JSON reader in two. */
export type Target =
  | 'gob.schemaless' // Decoder.next() on the whole input
  | 'gob.typed' // Decoder.next(schema), the schema right or wrong for the stream
  | 'gob.chunked' // the input written in chunks at `cuts`, compared with writing it whole
  | 'gob.registry' // schema-less with a TypeRegistry of the corpus's interface names
  | 'gob.discard' // Decoder.discard() (Go's Decode(nil))
  | 'json.stream' // JsonScanner fed at `cuts`, each value read schema-less, as a request and response, and typed
  | 'json.typed'; // unmarshal(input, schema)

/** One fuzz input, as saved in a regression file. */
export interface FuzzCase {
  target: Target;
  /** The input bytes, hex. */
  input: string;
  /** A key of {@link GOB_SCHEMAS} or {@link JSON_SCHEMAS}, a corpus Go type ("gobcases.Point, int"), or "derived". */
  schema?: string;
  /** Offsets where the input is split into writes. */
  cuts?: number[];
  /** JSON only: the scanner's limits lowered to 4,096 bytes and depth 64, so inputs reach them. */
  smallLimits?: boolean;
  /** Where the input came from (seed and index, the fixture it mutated). */
  origin?: string;
}

/** How a case ended. Only `ok` and `typed` are acceptable. */
export type Outcome =
  | { kind: 'ok'; values: number }
  | { kind: 'typed'; code: string; message: string }
  | { kind: 'untyped'; name: string; message: string; where: string }
  | { kind: 'mismatch'; detail: string };

/** At most this many values are read from one input. */
const MAX_VALUES = 16;

type NodeT = { Val: number; Next: NodeT | null };
const Node: Schema<NodeT> = t.struct('fuzz.Node', () => ({ Val: t.int, Next: t.ptr(Node) }));
type ListT = { Items: ListT[] };
const List: Schema<ListT> = t.struct('fuzz.List', () => ({ Items: t.slice(List) }));

/** Schemas beyond the corpus's own: recursive ones, interfaces, and shapes the corpus lacks. */
export const GOB_SCHEMAS: Record<string, Schema> = {
  'fuzz.Node': Node,
  'fuzz.List': List,
  any: t.any,
  '[]any': t.slice(t.any),
  'map[string]any': t.map(t.string, t.any),
  '[]main.P': t.slice(t.struct('main.P', { X: t.int })),
  'map[string]main.P': t.map(t.string, t.struct('main.P', { X: t.int })),
  '[]*main.P': t.slice(t.ptr(t.struct('main.P', { X: t.int }))),
  '[2]string': t.array(t.string, 2),
  'map[int][]byte': t.map(t.int, t.bytes),
  'fuzz.Mixed': t.struct('fuzz.Mixed', {
    A: t.int64n,
    B: t.uint64n,
    C: t.float32,
    D: t.complex64,
    E: t.bytes,
    F: t.slice(t.uint16),
    G: t.array(t.int8, 3),
    H: t.map(t.bool, t.string),
    I: t.any,
    J: t.ptr(t.ptr(t.int)),
    K: t.time,
    L: t.bigInt,
    M: t.duration,
  }),
  '[][]int': t.slice(t.slice(t.int)),
  int8: t.int8,
  uint16: t.uint16,
  string: t.string,
  float64: t.float64,
  complex128: t.complex128,
};

const JNode: Schema<NodeT> = t.struct('fuzz.Node', () => ({ Val: t.int, Next: t.ptr(JNode) }));

/** Schemas for the JSON reader. */
export const JSON_SCHEMAS: Record<string, Schema> = {
  int: t.int,
  int8: t.int8,
  uint8: t.uint8,
  int64n: t.int64n,
  uint64n: t.uint64n,
  intn: t.intn,
  float32: t.float32,
  float64: t.float64,
  string: t.string,
  bool: t.bool,
  bytes: t.bytes,
  any: t.any,
  time: t.time,
  '[]int': t.slice(t.int),
  '[3]int': t.array(t.int, 3),
  'map[string]any': t.map(t.string, t.any),
  'map[int]string': t.map(t.int, t.string),
  'map[uint64]bool': t.map(t.uint64n, t.bool),
  '*int': t.ptr(t.int),
  'fuzz.Node': JNode,
  'fuzz.Point': t.struct('fuzz.Point', { X: t.int, Y: t.int, Name: t.string }),
  'fuzz.Mixed': t.struct('fuzz.Mixed', {
    A: t.int64n,
    B: t.uint64n,
    C: t.float32,
    E: t.bytes,
    G: t.array(t.int8, 3),
    H: t.map(t.string, t.string),
    I: t.any,
    J: t.ptr(t.ptr(t.int)),
    K: t.time,
    L: t.slice(t.any),
    Kelvin: t.int,
  }),
};

let corpusCache: Fixture[] | undefined;
/** The golden Go corpus, fixtures/*.gob, read once. */
export function corpus(): Fixture[] {
  return (corpusCache ??= loadFixtures());
}

let smallCache: Fixture[] | undefined;
/** The fixtures under 8 KiB, the ones mutated. */
function smallCorpus(): Fixture[] {
  return (smallCache ??= corpus().filter((f) => f.bytes.length < 8192));
}

let registryCache: ReturnType<typeof corpusRegistry> | undefined;
const registry = () => (registryCache ??= corpusRegistry());

const gobSchemaCache = new Map<string, Schema[]>();
/** The schemas a gob case decodes with, one per value in turn. */
export function gobSchemas(key: string): Schema[] {
  let s = gobSchemaCache.get(key);
  if (!s) {
    s = GOB_SCHEMAS[key] ? [GOB_SCHEMAS[key]!] : fixtureSchemas(key, 1);
    gobSchemaCache.set(key, s);
  }
  return s;
}

const hex = (b: Uint8Array) => Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString('hex');

/** The case for input `index` of the campaign with `seed`. */
export function makeCase(seed: number, index: number): FuzzCase {
  const r = new Rng(seed, index);
  const origin = `seed ${seed} index ${index}`;
  if (r.chance(0.25)) return makeJsonCase(r, origin);
  // The few large fixtures (up to 1 MiB) are decoded as they are, and rarely: mutating them
  // would cost more than everything else together.
  const fixtures = r.chance(0.002) ? corpus() : smallCorpus();
  const f = r.pick(fixtures);
  const other = r.pick(smallCorpus()).bytes;
  let input: Uint8Array;
  let from: string;
  let rightSchema: string | undefined;
  switch (r.int(10)) {
    case 0:
      input = f.bytes;
      from = `fixture ${f.name}`;
      rightSchema = f.goType;
      break;
    case 1:
    case 2:
    case 3:
    case 4:
      if (f.bytes.length >= 8192) {
        input = f.bytes;
        from = `fixture ${f.name}`;
        break;
      }
      input = mutate(r, f.bytes, other);
      from = `fixture ${f.name} mutated`;
      break;
    case 5:
    case 6:
    case 7:
      input = generateGob(r);
      from = 'generated';
      rightSchema = 'derived';
      break;
    default:
      input = mutate(r, generateGob(r), other);
      from = 'generated, mutated';
  }
  const c: FuzzCase = { target: 'gob.schemaless', input: hex(input), origin: `${origin} (${from})` };
  const schemaKeys = Object.keys(GOB_SCHEMAS);
  const anySchema = () => (r.chance(0.5) ? r.pick(schemaKeys) : r.pick(fixtures).goType);
  const schema = () =>
    rightSchema !== undefined && r.chance(0.4) ? rightSchema : from.startsWith('fixture') && r.chance(0.3) ? f.goType : anySchema();
  switch (r.int(20)) {
    case 0:
    case 1:
    case 2:
    case 3:
    case 4:
      break;
    case 5:
    case 6:
    case 7:
    case 8:
    case 9:
      c.target = 'gob.typed';
      c.schema = schema();
      break;
    case 10:
    case 11:
    case 12:
    case 13:
      c.target = 'gob.chunked';
      c.cuts = cuts(r, input.length);
      if (r.chance(0.5)) c.schema = schema();
      break;
    case 14:
    case 15:
    case 16:
      c.target = 'gob.registry';
      break;
    default:
      c.target = 'gob.discard';
  }
  return c;
}

function makeJsonCase(r: Rng, origin: string): FuzzCase {
  let text: Uint8Array = new TextEncoder().encode(generateJson(r));
  if (r.chance(0.4)) text = mutate(r, text, new TextEncoder().encode(generateJson(r)));
  const keys = Object.keys(JSON_SCHEMAS);
  if (r.chance(0.3)) return { target: 'json.typed', input: hex(text), schema: r.pick(keys), origin };
  const c: FuzzCase = { target: 'json.stream', input: hex(text), cuts: cuts(r, text.length), origin };
  if (r.chance(0.6)) c.schema = r.pick(keys);
  if (r.chance(0.15)) c.smallLimits = true;
  return c;
}

/** The outcome of a thrown value: typed when it is one of the library's coded errors. */
export function classify(e: unknown): Outcome {
  if (isGobError(e) || isJsonError(e)) return { kind: 'typed', code: e.code, message: e.message };
  if (e instanceof Error) {
    const where = (e.stack ?? '').split('\n').find((l) => l.includes('/src/')) ?? '';
    // The frame in src/, without the checkout's path (signatures must match across machines).
    return {
      kind: 'untyped',
      name: e.name,
      message: e.message,
      where: where
        .trim()
        .replace(/^at /, '')
        .replace(/(\(|^)[^()\s]*\/(src\/)/, '$1$2'),
    };
  }
  return { kind: 'untyped', name: typeof e, message: String(e), where: '' };
}

/** What one decoding run produced: its values, and the error that stopped it. */
interface Run {
  values: unknown[];
  error?: Outcome;
}

type Step = (d: Decoder, values: unknown[]) => void;

function gobStep(target: Target, schemas: Schema[] | undefined): Step {
  return (d, values) => {
    while (values.length < MAX_VALUES) {
      const v = target === 'gob.discard' ? d.discard() : schemas ? d.next(schemas[values.length % schemas.length]!) : d.next();
      if (v === NEED_MORE) return;
      values.push(v);
    }
  };
}

/** Writes `bytes` to a fresh Decoder in the chunks `at` gives, reading values after each write. */
function runGob(bytes: Uint8Array, at: readonly number[], step: Step, withRegistry: boolean): Run {
  const d = new Decoder(withRegistry ? { registry: registry() } : {});
  const values: unknown[] = [];
  try {
    let from = 0;
    for (const to of [...at, bytes.length]) {
      if (to <= from || to > bytes.length) continue;
      d.write(bytes.subarray(from, to));
      from = to;
      step(d, values);
    }
    if (values.length < MAX_VALUES) d.end();
    return { values };
  } catch (e) {
    return { values, error: classify(e) };
  }
}

function outcomeOf(run: Run): Outcome {
  return run.error ?? { kind: 'ok', values: run.values.length };
}

function runGobCase(c: FuzzCase, bytes: Uint8Array): Outcome {
  let schemas: Schema[] | undefined;
  if (c.schema === 'derived') {
    // The stream's own types, as a schema: decode schema-less first and take lastSchema.
    const d = new Decoder();
    try {
      d.write(bytes);
      if (d.next() === NEED_MORE || d.lastSchema === undefined) return { kind: 'ok', values: 0 };
      schemas = [d.lastSchema];
    } catch (e) {
      return classify(e);
    }
  } else if (c.schema !== undefined) {
    schemas = gobSchemas(c.schema);
  }
  const step = gobStep(c.target, schemas);
  const registryToo = c.target === 'gob.registry';
  const whole = runGob(bytes, [], step, registryToo);
  if (c.target !== 'gob.chunked' || whole.error?.kind === 'untyped') return outcomeOf(whole);
  const chunked = runGob(bytes, c.cuts ?? [], step, registryToo);
  if (chunked.error?.kind === 'untyped') return chunked.error;
  return compareRuns(whole, chunked);
}

/**
 * Deep equality of decoded values without recursion (values nest 10,000 deep): NaN equals NaN,
 * -0 differs from 0, and the `schema` an interface value carries is skipped (schemas built from
 * a stream hold fresh closures).
 */
export function sameValues(x: unknown, y: unknown): boolean {
  const stack: Array<[unknown, unknown]> = [[x, y]];
  while (stack.length > 0) {
    const [a, b] = stack.pop()!;
    if (Object.is(a, b)) continue;
    if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
    if (Object.getPrototypeOf(a) !== Object.getPrototypeOf(b)) return false;
    if (ArrayBuffer.isView(a)) {
      const u = new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
      const v = new Uint8Array((b as ArrayBufferView).buffer, (b as ArrayBufferView).byteOffset, (b as ArrayBufferView).byteLength);
      if (u.length !== v.length || u.some((c, i) => c !== v[i])) return false;
      continue;
    }
    if (a instanceof Map) {
      const m = b as Map<unknown, unknown>;
      if (a.size !== m.size) return false;
      // Keys may be objects (struct keys): compare entries in order, as both decodes insert alike.
      const ea = [...a];
      const eb = [...m];
      for (let i = 0; i < ea.length; i++) stack.push([ea[i]![0], eb[i]![0]], [ea[i]![1], eb[i]![1]]);
      continue;
    }
    const ka = Object.keys(a).filter((k) => k !== 'schema');
    const kb = Object.keys(b).filter((k) => k !== 'schema');
    if (ka.length !== kb.length) return false;
    for (const k of ka) {
      if (!Object.hasOwn(b, k)) return false;
      stack.push([(a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]]);
    }
  }
  return true;
}

/** Whole and chunked feeding must give the same values and the same error. */
function compareRuns(whole: Run, chunked: Run): Outcome {
  if (!sameValues(whole.values, chunked.values)) {
    return { kind: 'mismatch', detail: `${whole.values.length} values whole, ${chunked.values.length} chunked, not equal` };
  }
  const a = whole.error;
  const b = chunked.error;
  if (a?.kind !== b?.kind || (a?.kind === 'typed' && b?.kind === 'typed' && (a.code !== b.code || a.message !== b.message))) {
    const say = (o: Outcome | undefined) => (o === undefined ? 'no error' : o.kind === 'typed' ? `${o.code}: ${o.message}` : o.kind);
    return { kind: 'mismatch', detail: `whole: ${say(a)}; chunked: ${say(b)}` };
  }
  return outcomeOf(whole);
}

/** The JSON reader over a byte stream, the way the jsonrpc codecs use it. */
function runJsonStream(bytes: Uint8Array, at: readonly number[], schema: Schema | undefined, smallLimits: boolean): Run {
  const s = new JsonScanner(smallLimits ? { maxMessageSize: 4096, maxDepth: 64 } : {});
  const dec = new DecCompiler();
  const values: unknown[] = [];
  const read = (view: Uint8Array) => {
    const v = view.slice();
    values.push(unmarshal(v));
    // The envelope readers and a typed read each fail on their own; all must fail typed.
    for (const f of [() => readRequest(v, dec), () => readResponse(v, dec), () => schema && dec.get(schema)(new Cursor(v))]) {
      try {
        f();
      } catch (e) {
        const o = classify(e);
        if (o.kind === 'untyped') throw e;
      }
    }
  };
  try {
    let from = 0;
    for (const to of [...at, bytes.length]) {
      if (to <= from || to > bytes.length) continue;
      s.write(bytes.subarray(from, to));
      from = to;
      for (let v = s.next(); v !== undefined && values.length < MAX_VALUES; v = s.next()) read(v);
    }
    const last = s.finish();
    if (last !== undefined) read(last);
    return { values };
  } catch (e) {
    return { values, error: classify(e) };
  }
}

/** A JSON schema by its key; a case naming none is a harness bug, reported as untyped by runCase. */
function jsonSchema(key: string): Schema {
  const s = JSON_SCHEMAS[key];
  if (s === undefined) throw new Error(`fuzz case names no known JSON schema: ${key}`);
  return s;
}

/** Runs one case; never throws. */
export function runCase(c: FuzzCase): Outcome {
  const bytes = new Uint8Array(Buffer.from(c.input, 'hex'));
  try {
    switch (c.target) {
      case 'json.typed':
        try {
          unmarshal(bytes, jsonSchema(c.schema ?? 'any'));
          return { kind: 'ok', values: 1 };
        } catch (e) {
          return classify(e);
        }
      case 'json.stream': {
        const schema = c.schema === undefined ? undefined : jsonSchema(c.schema);
        const whole = runJsonStream(bytes, [], schema, c.smallLimits === true);
        if (whole.error?.kind === 'untyped') return whole.error;
        const chunked = runJsonStream(bytes, c.cuts ?? [], schema, c.smallLimits === true);
        if (chunked.error?.kind === 'untyped') return chunked.error;
        return compareRuns(whole, chunked);
      }
      default:
        return runGobCase(c, bytes);
    }
  } catch (e) {
    // A throw from the harness's own code paths (a schema that fails to build): untyped too.
    return classify(e);
  }
}

/** A short key that groups findings of the same defect: kind, error name and text, and where. */
export function signature(o: Outcome): string {
  switch (o.kind) {
    case 'untyped':
      return `${o.name}: ${o.message.replace(/\d+/g, 'N').slice(0, 120)} @ ${o.where.replace(/:\d+:\d+/, '')}`;
    case 'mismatch':
      // Syntax errors name the character found; the defect is the same whichever it is.
      return `mismatch: ${o.detail
        .replace(/'(?:\\.|[^'\\])+'/g, "'C'")
        .replace(/\d+/g, 'N')
        .slice(0, 160)}`;
    default:
      return o.kind;
  }
}
