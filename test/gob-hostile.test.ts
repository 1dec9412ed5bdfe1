// Hostile and corrupted streams whose outcome Go's Decoder decides (recorded in
// helpers/hostile-cases.ts from interop/gobhostile; the interop test checks Go still agrees):
// exact values, or the exact error text, for each reading.
import { deepStrictEqual } from 'node:assert/strict';
import { test } from 'node:test';
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
