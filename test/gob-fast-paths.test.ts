// The codec's fast paths for long rows, against Go's own streams (the long_* fixtures of
// interop/internal/gobcases): strings joined into one text to encode and read as one shared text
// (ASCII, UTF-8 of 2 to 4 bytes a character, rows that are not UTF-8, counts of 127 and 128
// bytes), runs of bools, floats and integers (7-byte integers, values past 2^53), the long
// number arrays, and typed arrays. Each stream decodes under hand-written schemas, into arrays and
// into every typed array that holds the element, to Go's values, and encodes back to Go's bytes:
// whole, split in two, and a byte at a time, with generated code and without.
import { deepStrictEqual, strictEqual } from 'node:assert/strict';
import { test } from 'node:test';
import { Decoder, Encoder, goString, NEED_MORE, type NumericArrayConstructor, type Schema, t } from '../src/gob/index.js';
import { hex, loadFixtures } from './helpers/fixtures.js';
import { tag, tagFloats } from './helpers/tagged.js';

const fixtures = new Map(loadFixtures().map((f) => [f.name, f]));

/** A slice of `elem` held in a typed array made by `as`. */
function typed(elem: Schema, as: NumericArrayConstructor): Schema {
  return t.slice(elem as Schema<number>, { as: as as NumericArrayConstructor<Float64Array> });
}

const strings = t.slice(t.string);

/** The same struct as gobcases.LongRows, its rows in arrays (64-bit integers as bigint) or in typed arrays. */
const LongRows = t.struct('gobcases.LongRows', {
  Names: strings,
  Labels: strings,
  Samples: t.slice(t.float64),
  Micros: t.slice(t.int64n),
  Flags: t.slice(t.bool),
  Counts: t.slice(t.int32),
  Ratios: t.slice(t.float32),
  Sizes: t.slice(t.uint64n),
});
const LongRowsTyped = t.struct('gobcases.LongRows', {
  Names: strings,
  Labels: strings,
  Samples: typed(t.float64, Float64Array),
  Micros: typed(t.int64, Float64Array),
  Flags: t.slice(t.bool),
  Counts: typed(t.int32, Int32Array),
  Ratios: typed(t.float32, Float32Array),
  Sizes: typed(t.uint64n, BigUint64Array),
});

/**
 * Each fixture and the ways its values are decoded: one schema per value of the stream, the
 * first a plain array of the element, then each typed array t.slice accepts for it.
 */
const CASES: Array<{ fixture: string; ways: Schema[][] }> = [
  { fixture: 'long_strings_ascii', ways: [[strings]] },
  { fixture: 'long_strings_utf8', ways: [[strings]] },
  { fixture: 'long_strings_late_utf8', ways: [[strings]] },
  { fixture: 'long_strings_not_utf8', ways: [[strings, strings, strings]] },
  { fixture: 'long_bools', ways: [[t.slice(t.bool)]] },
  { fixture: 'long_float64s', ways: [[t.slice(t.float64)], [typed(t.float64, Float64Array)]] },
  { fixture: 'long_float32s', ways: [[t.slice(t.float32)], [typed(t.float32, Float32Array)], [typed(t.float32, Float64Array)]] },
  {
    fixture: 'long_int64s',
    ways: [[t.slice(t.int64)], [typed(t.int64, Float64Array)], [t.slice(t.int64n)], [typed(t.int64n, BigInt64Array)]],
  },
  {
    fixture: 'long_ints',
    ways: [[t.slice(t.int)], [typed(t.int, Float64Array)], [t.slice(t.intAuto)], [t.slice(t.intn)], [typed(t.intn, BigInt64Array)]],
  },
  {
    fixture: 'long_int64s_past_2_53',
    ways: [
      [t.slice(t.int64n), t.slice(t.uint64n)],
      [typed(t.int64n, BigInt64Array), typed(t.uint64n, BigUint64Array)],
    ],
  },
  {
    fixture: 'long_uint64s',
    ways: [[t.slice(t.uint64)], [typed(t.uint64, Float64Array)], [t.slice(t.uint64n)], [typed(t.uint64n, BigUint64Array)]],
  },
  { fixture: 'long_int32s', ways: [[t.slice(t.int32)], [typed(t.int32, Int32Array)], [typed(t.int32, Float64Array)]] },
  {
    fixture: 'long_int16s',
    ways: [[t.slice(t.int16)], [typed(t.int16, Int16Array)], [typed(t.int16, Int32Array)], [typed(t.int16, Float64Array)]],
  },
  {
    fixture: 'long_int8s',
    ways: [
      [t.slice(t.int8)],
      [typed(t.int8, Int8Array)],
      [typed(t.int8, Int16Array)],
      [typed(t.int8, Int32Array)],
      [typed(t.int8, Float64Array)],
    ],
  },
  {
    fixture: 'long_uint16s',
    ways: [[t.slice(t.uint16)], [typed(t.uint16, Uint16Array)], [typed(t.uint16, Uint32Array)], [typed(t.uint16, Float64Array)]],
  },
  { fixture: 'long_uint32s', ways: [[t.slice(t.uint32)], [typed(t.uint32, Uint32Array)], [typed(t.uint32, Float64Array)]] },
  // Go wrote the map in its random order; decoded into a Map, the entries keep the stream's
  // order, so encoding them again gives Go's bytes too.
  { fixture: 'long_map_string_string', ways: [[t.map(t.string, t.string)]] },
  { fixture: 'long_rows_struct', ways: [[LongRows], [LongRowsTyped]] },
];

/** How a schema is named in a test's title: `[]int64`, `[]int64 of bigint`, `[]int64 in a Float64Array`. */
function schemaName(s: Schema): string {
  let name = goString(s);
  if (s.kind === 'slice') {
    const e = s.elem;
    if ((e.kind === 'int' || e.kind === 'uint') && e.mode !== 'number') name += e.mode === 'bigint' ? ' of bigint' : ' of number or bigint';
    if (s.as) name += (/^[AEIOU]/.test(s.as.name) ? ' in an ' : ' in a ') + s.as.name;
  }
  if (s.kind === 'struct' && s.fields.some((f) => f.schema.kind === 'slice' && f.schema.as)) name += ' with rows in typed arrays';
  return name;
}

const bits = new DataView(new ArrayBuffer(8));

/**
 * `v` of schema `s` tagged as gobcases tags Go's values ({@link tag}), typed arrays too: a
 * Float64Array's floats as the bits in its memory, so that a NaN's payload is what is compared.
 */
function tagged(v: unknown, s: Schema): unknown {
  if (s.kind === 'struct')
    return Object.fromEntries(s.fields.map((f) => [f.name, tagged((v as Record<string, unknown>)[f.name], f.schema)]));
  if (s.kind !== 'slice' || !ArrayBuffer.isView(v)) return tag(v, s);
  if (v instanceof Float64Array && s.elem.kind === 'float') return tagFloats(v);
  if (v instanceof Float32Array) {
    return Array.from(v, (x) => {
      bits.setFloat64(0, x);
      return { f: bits.getBigUint64(0).toString(16).padStart(16, '0') };
    });
  }
  return Array.from(v as unknown as ArrayLike<number | bigint>, (x) => tag(x, s.elem));
}

/** The stream's values decoded as `way` (one schema each), the stream written to the decoder in `parts`. */
function decodeParts(parts: Uint8Array[], way: Schema[], codegen: boolean): unknown[] {
  const d = new Decoder({ codegen });
  const values: unknown[] = [];
  for (const p of parts) {
    d.write(p);
    while (values.length < way.length) {
      const v = d.next(way[values.length]!);
      if (v === NEED_MORE) break;
      values.push(v);
    }
  }
  d.end();
  strictEqual(values.length, way.length, 'values decoded');
  return values;
}

/** `values` encoded as `way` on one fresh Encoder, as hex. */
function encodeHex(values: unknown[], way: Schema[], codegen: boolean): string {
  const e = new Encoder({ codegen });
  return hex(Buffer.concat(values.map((v, i) => e.encode(way[i]!, v))));
}

/**
 * Every offset when `every` and the stream is up to 2 KiB; else the ends and 64 points between,
 * as gob-stream.test.ts, which splits each fixture schema-less.
 */
function splitPoints(n: number, every: boolean): number[] {
  if (every && n <= 2048) return Array.from({ length: n + 1 }, (_, i) => i);
  const pts = new Set<number>([0, 1, 2, 3, 4, 5, n - 1, n]);
  for (let i = 0; i < 64; i++) pts.add(Math.floor((n * i) / 64) + (i % 7));
  return [...pts].filter((p) => p <= n).sort((a, b) => a - b);
}

test('the long-row fixtures are present', () => {
  deepStrictEqual(
    CASES.map((c) => c.fixture).filter((name) => !fixtures.has(name)),
    [],
    'run make fixtures',
  );
});

for (const codegen of [true, false]) {
  const off = codegen ? '' : ' (codegen off)';
  for (const { fixture, ways } of CASES) {
    for (const [w, way] of ways.entries()) {
      test(`${fixture} decodes as ${way.map(schemaName).join(', ')} to Go's values and encodes to Go's bytes, whole, split${w === 0 ? ' and a byte at a time' : ''}${off}`, () => {
        const f = fixtures.get(fixture)!;
        const want = hex(f.bytes);
        const values = decodeParts([f.bytes], way, codegen);
        for (const [i, s] of way.entries()) {
          if (s.kind === 'slice' && s.as) strictEqual((values[i] as object).constructor, s.as, `value ${i}`);
        }
        deepStrictEqual(
          values.map((v, i) => tagged(v, way[i]!)),
          f.values,
        );
        strictEqual(encodeHex(values, way, codegen), want);
        // Equal bytes from the values decoded in parts mean equal values, and are cheap to compare.
        // Every offset (up to 2 KiB) for the first way only: the others meet the same framing.
        for (const p of splitPoints(f.bytes.length, w === 0)) {
          const split = decodeParts([f.bytes.subarray(0, p), f.bytes.subarray(p)], way, codegen);
          if (encodeHex(split, way, codegen) !== want) throw new Error(`${fixture}: split at ${p} decodes differently`);
        }
        if (w === 0) {
          const bytes = Array.from(f.bytes, (b) => Uint8Array.of(b));
          strictEqual(encodeHex(decodeParts(bytes, way, codegen), way, codegen), want, 'a byte at a time');
        }
      });
    }
  }
}

test('schema-less, integers past 2^53 in a row of 7-byte values are bigints and the rest numbers', () => {
  const f = fixtures.get('long_int64s_past_2_53')!;
  const d = new Decoder();
  d.write(f.bytes);
  const kinds = [d.next(), d.next()].map((row) =>
    (row as unknown[]).flatMap((x, i) => (typeof x === 'bigint' ? [String(i)] : typeof x === 'number' ? [] : [`${i}: ${typeof x}`])),
  );
  d.end();
  // Where cases.go put them: 2^53 (seven bytes, past a double's integers) and wider ones.
  deepStrictEqual(kinds, [
    ['3', '19', '35', '51', '67', '83', '99', '115', '131'],
    ['5', '18', '31', '44', '57'],
  ]);
});

test('integers past 2^53 in a row of 7-byte values fail as numbers, into an array or a Float64Array, naming the element', () => {
  const f = fixtures.get('long_int64s_past_2_53')!;
  const failure = (way: Schema[]) => {
    try {
      decodeParts([f.bytes], way, true);
    } catch (e) {
      const { code, message, path } = e as { code: string; message: string; path?: string };
      return { code, message, path };
    }
    return undefined;
  };
  const beyond = 'out of range: not exact beyond 2^53 as a number, decode it with a bigint schema (t.int64n, t.uint64n, t.intn, t.uintn)';
  const int64 = { code: 'RANGE', message: `value for "element of *[]int64" ${beyond}`, path: '[]int64[3]' };
  deepStrictEqual(failure([t.slice(t.int64)]), int64);
  deepStrictEqual(failure([typed(t.int64, Float64Array)]), int64);
  const uint64 = { code: 'RANGE', message: `value for "element of *[]uint64" ${beyond}`, path: '[]uint64[5]' };
  deepStrictEqual(failure([t.slice(t.int64n), t.slice(t.uint64)]), uint64);
  deepStrictEqual(failure([t.slice(t.int64n), typed(t.uint64, Float64Array)]), uint64);
});
