// The whole type matrix both ways against real Go: Go's encoder (run now, not the committed
// fixtures) → this decoder; this encoder → Go's decoder, compared there with DeepEqual.
import { deepStrictEqual, strictEqual } from 'node:assert/strict';
import { test } from 'node:test';
import { Decoder, Encoder, NEED_MORE, type Schema } from '../../src/gob/index.js';
import { corpusRegistry, fixtureSchemas, MutMap, MutSlice, Rec, RecMap } from '../helpers/gobcases.js';
import { hex, loadFixtures } from '../helpers/fixtures.js';
import { mapLimit, runGo } from '../helpers/goproc.js';
import { tag } from '../helpers/tagged.js';

const fixtures = new Map(loadFixtures().map((f) => [f.name, f]));

function decodeAllWith(bytes: Uint8Array, schemas: (Schema | undefined)[]): { values: unknown[]; schemas: Schema[] } {
  const d = new Decoder({ registry: schemas[0] ? corpusRegistry() : undefined });
  d.write(bytes);
  const values: unknown[] = [];
  const used: Schema[] = [];
  for (const s of schemas) {
    const v = s ? d.next(s) : d.next();
    if (v === NEED_MORE) throw new Error('stream ended early');
    values.push(v);
    used.push(d.lastSchema!);
  }
  d.end();
  return { values, schemas: used };
}

test('gob interop: every gobcases case, Go → TypeScript and TypeScript → Go', async () => {
  const list = await runGo('gobpeer', ['list']);
  strictEqual(list.code, 0, list.stderr);
  const names = list.lines;
  strictEqual(names.length >= 100, true, `only ${names.length} cases`);
  const failures: string[] = [];
  await mapLimit(names, 4, async (name) => {
    const f = fixtures.get(name);
    if (!f) return void failures.push(`${name}: no fixture (run make fixtures)`);
    const goOut = await runGo('gobpeer', ['encode', name]);
    if (goOut.code !== 0) return void failures.push(`${name}: gobpeer encode failed: ${goOut.stderr}`);
    const typedSchemas = fixtureSchemas(f.goType, f.values.length);
    // Go → TS, typed and schema-less.
    const typed = decodeAllWith(goOut.stdoutBytes, typedSchemas);
    const loose = decodeAllWith(
      goOut.stdoutBytes,
      typedSchemas.map(() => undefined),
    );
    try {
      deepStrictEqual(
        typed.values.map((v, i) => tag(v, typed.schemas[i]!)),
        f.values,
      );
      deepStrictEqual(
        loose.values.map((v, i) => tag(v, loose.schemas[i]!)),
        f.values,
      );
    } catch (e) {
      return void failures.push(`${name}: Go → TS values differ: ${(e as Error).message}`);
    }
    // TS → Go, from typed values and from schema-less values (lossless transcoding).
    for (const [label, dec] of [
      ['typed', typed],
      ['schema-less', loose],
    ] as const) {
      const enc = new Encoder({ registry: corpusRegistry() });
      const bytes = Buffer.concat(dec.values.map((v, i) => enc.encode(dec.schemas[i]!, v)));
      const check = await runGo('gobpeer', ['check', name], { input: bytes });
      if (check.code !== 0 || check.stdout.trim() !== `ok ${name}`) {
        failures.push(`${name}: TS (${label}) → Go: ${check.stderr.trim() || check.stdout}`);
      }
    }
  });
  deepStrictEqual(failures, []);
});

test('gob interop: recursive slices and maps written here from hand-made values, checked by Go', async () => {
  // Values built in TypeScript (not decoded from Go), each stream checked by gobpeer against
  // the Go values of the case of the same name.
  const streams: Array<[string, Array<[Schema, unknown]>]> = [
    ['recursive_slice', [[Rec, [[], null]]]],
    ['recursive_map', [[RecMap, new Map([['a', null]])]]],
    ['recursive_map_nested', [[RecMap, new Map([['a', new Map([['b', new Map()]])]])]]],
    [
      'mutual_map_slice',
      [
        [MutMap, new Map([['a', [new Map(), null]]])],
        [MutSlice, [new Map([['b', []]])]],
      ],
    ],
  ];
  for (const [name, values] of streams) {
    const enc = new Encoder();
    const bytes = Buffer.concat(values.map(([s, v]) => enc.encode(s, v)));
    const check = await runGo('gobpeer', ['check', name], { input: bytes });
    strictEqual(check.stdout.trim(), `ok ${name}`, check.stderr);
    // And the bytes are Go's own for the case.
    deepStrictEqual(hex(bytes), hex(fixtures.get(name)!.bytes));
  }
});
