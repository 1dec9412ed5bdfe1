// The typed path, as users write it: hand-declared schemas for the corpus's Go types decode
// every fixture to Go's values and encode them back to Go's exact bytes.
import { deepStrictEqual, strictEqual } from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { decode, decodeAll, Decoder, encode, Encoder, NEED_MORE, t } from '../src/gob/index.js';
import { corpusRegistry, fixtureSchemas } from './helpers/gobcases.js';
import { hex, loadFixtures, ROOT } from './helpers/fixtures.js';
import { tag } from './helpers/tagged.js';

const fixtures = loadFixtures();

test('typed schemas: every fixture decodes to Go values and deterministic ones re-encode to Go bytes', () => {
  const registry = corpusRegistry();
  const mismatched: string[] = [];
  let identical = 0;
  let deterministic = 0;
  for (const f of fixtures) {
    const schemas = fixtureSchemas(f.goType, f.values.length);
    strictEqual(schemas.length, f.values.length, `${f.name}: ${f.goType}`);
    const d = new Decoder({ registry });
    d.write(f.bytes);
    const values = schemas.map((s) => {
      const v = d.next(s);
      if (v === NEED_MORE) throw new Error(`${f.name}: stream ended early`);
      return v;
    });
    d.end();
    deepStrictEqual(values.map((v, i) => tag(v, schemas[i]!)), f.values, f.name);
    if (!f.deterministic) continue;
    deterministic++;
    const e = new Encoder({ registry });
    const out = Buffer.concat(values.map((v, i) => e.encode(schemas[i]!, v)));
    if (hex(out) === hex(f.bytes)) identical++;
    else mismatched.push(`${f.name} (${f.goType})\n  go: ${hex(f.bytes)}\n  ts: ${hex(out)}`);
  }
  deepStrictEqual(mismatched, []);
  strictEqual(identical, deterministic);
});

test("doc.go's worked example (type id 65, older Go) decodes to Point{22, 33}", () => {
  const bytes = Buffer.from('1f ff 81 03 01 01 05 50 6f 69 6e 74 01 ff 82 00 01 02 01 01 58 01 04 00 01 01 59 01 04 00 00 00 07 ff 82 01 2c 01 42 00'.replaceAll(' ', ''), 'hex');
  const [p] = decodeAll(bytes, fixtureSchemas('gobcases.Point', 1)[0]!);
  deepStrictEqual(p, { X: 22, Y: 33 });
  // And with firstTypeId 65 the encoder writes doc.go's bytes exactly.
  const e = new Encoder({ firstTypeId: 65 });
  strictEqual(hex(e.encode(fixtureSchemas('gobcases.Point', 1)[0]!, { X: 22, Y: 33 })), hex(bytes));
});

test('a NaN in a []float64 keeps the payload Go sent, however many float slices came before', () => {
  // math.NaN() is 7ff8000000000001; V8 rewrites NaNs stored in an all-double array to its own
  // canonical NaN, so many float-only slices first (which teach the array's allocation site to
  // make double arrays) must not change what the next one decodes to.
  const bitsOf = (x: number) => {
    const v = new DataView(new ArrayBuffer(8));
    v.setFloat64(0, x);
    return v.getBigUint64(0).toString(16);
  };
  const F = t.slice(t.float64);
  for (let i = 0; i < 2000; i++) decode(encode(F, [1.5, -0, 2.25]), F);
  // Go's Encode([]float64{0, math.Copysign(0, -1), 1.5, math.NaN(), math.Inf(-1)}).
  const bytes = readFileSync(join(ROOT, 'fixtures', 'slice_float64.gob'));
  for (const got of [decode(bytes, F), decode(bytes) as number[]]) {
    deepStrictEqual(got.map(bitsOf), ['0', '8000000000000000', '3ff8000000000000', '7ff8000000000001', 'fff0000000000000']);
  }
});
