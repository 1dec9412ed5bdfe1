// Every golden file from real Go decodes, without a schema, to exactly the values Go wrote;
// and re-encoding the decoded values with the schema built from the stream gives Go's bytes.
import { deepStrictEqual, strictEqual } from 'node:assert/strict';
import { test } from 'node:test';
import { Decoder, Encoder, NEED_MORE, type Schema } from '../src/gob/index.js';
import { loadFixtures, hex } from './helpers/fixtures.js';
import { tag } from './helpers/tagged.js';

const fixtures = loadFixtures();

function decodeStream(bytes: Uint8Array, codegen = true): { values: unknown[]; schemas: Schema[] } {
  const d = new Decoder({ codegen });
  d.write(bytes);
  const values: unknown[] = [];
  const schemas: Schema[] = [];
  for (;;) {
    const v = d.next();
    if (v === NEED_MORE) break;
    values.push(v);
    schemas.push(d.lastSchema!);
  }
  d.end();
  return { values, schemas };
}

test('the fixture corpus is present', () => {
  strictEqual(fixtures.length > 100, true, `only ${fixtures.length} fixtures in fixtures/; run make fixtures`);
});

// With generated decoders and with the closures a host refusing eval gets (codegen: false).
for (const f of fixtures) {
  for (const codegen of [true, false]) {
    test(`fixture ${f.name}: schema-less decode equals Go's values${codegen ? '' : ' (codegen off)'}`, () => {
      const { values, schemas } = decodeStream(f.bytes, codegen);
      strictEqual(values.length, f.values.length);
      deepStrictEqual(
        values.map((v, i) => tag(v, schemas[i]!)),
        f.values,
      );
    });
  }
}

// Decoded and re-encoded with generated code and with the closures only (`codegen: false`).
for (const codegen of [true, false]) {
  test(`transcoding parity: re-encoding schema-less values reproduces Go bytes for every deterministic fixture${codegen ? '' : ' (codegen off)'}`, () => {
    const mismatched: string[] = [];
    let compared = 0;
    for (const f of fixtures) {
      if (!f.deterministic) continue;
      compared++;
      const { values, schemas } = decodeStream(f.bytes, codegen);
      const e = new Encoder({ codegen });
      const parts = values.map((v, i) => e.encode(schemas[i]!, v));
      const out = Buffer.concat(parts);
      if (hex(out) !== hex(f.bytes)) mismatched.push(`${f.name}\n  go: ${hex(f.bytes)}\n  ts: ${hex(out)}`);
    }
    strictEqual(compared > 90, true);
    deepStrictEqual(mismatched, []);
  });
}
