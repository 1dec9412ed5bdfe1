// Hostile and corrupted streams whose outcome Go's Decoder decides (recorded in
// helpers/hostile-cases.ts from interop/gobhostile; the interop test checks Go still agrees):
// exact values, or the exact error text, for each reading.
import { deepStrictEqual, strictEqual } from 'node:assert/strict';
import { test } from 'node:test';
import { sharedFactories } from '../src/gob/decode-codegen.js';
import { Decoder, Encoder, t, Writer, type Schema } from '../src/gob/index.js';
import { INTERFACE_IDS, MUTATIONS, TWO_KINDS } from './helpers/hostile-cases.js';
import { ours, readingOf } from './helpers/hostile.js';

for (const [table, cases] of [
  ['a type definition that sets two kinds', TWO_KINDS],
  ["the concrete type id inside an interface, read as Go's decodeTypeSequence", INTERFACE_IDS],
  ['mutated fixtures whose outcome differed from Go', MUTATIONS],
] as const) {
  test(`${table}: each reading as Go's`, () => {
    for (const c of cases) {
      const got = ours(new Uint8Array(Buffer.from(c.hex, 'hex')), readingOf(c.reading).how);
      deepStrictEqual(got, c.expect, `${c.what}, read as ${c.reading}`);
    }
  });
}

test('a struct of thousands of wire fields gets a decoder of its own, not one kept for the life of the process', () => {
  // A peer sends definitions of a struct with many fields the local schema skips: each field is
  // a line of the generated source, so such sources are not shared across Decoders.
  const local = t.struct('main.T', { A: t.int });
  const fields: Record<string, Schema> = { A: t.int };
  for (let i = 0; i < 3000; i++) fields[`Extra${i}`] = t.int;
  const wide = t.struct('main.T', fields);
  const out = new Writer(1 << 16);
  new Encoder().encodeTo(out, wide, { ...Object.fromEntries(Object.keys(fields).map((k) => [k, 0])), A: 7 });
  const before = sharedFactories();
  const d = new Decoder();
  d.write(out.take());
  deepStrictEqual(d.next(local), { A: 7 });
  deepStrictEqual(sharedFactories(), before);
  // A small struct's source is shared (the second Decoder finds it).
  const small = new Writer(64);
  new Encoder().encodeTo(small, t.struct('main.S', { B: t.int, C: t.string }), { B: 1, C: 'x' });
  const bytes = small.take();
  const first = new Decoder();
  first.write(bytes);
  deepStrictEqual(first.next(t.struct('main.S', { B: t.int })), { B: 1 });
  strictEqual(sharedFactories().count, before.count + 1);
  const second = new Decoder();
  second.write(bytes);
  deepStrictEqual(second.next(t.struct('main.S', { B: t.int })), { B: 1 });
  strictEqual(sharedFactories().count, before.count + 1);
});
