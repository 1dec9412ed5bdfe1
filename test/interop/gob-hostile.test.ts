// Go's Decoder on the hand-made hostile streams of helpers/hostile-cases.ts: it still makes of
// each what the table records (and so what test/gob-hostile.test.ts requires of ours).
import { deepStrictEqual } from 'node:assert/strict';
import { test } from 'node:test';
import { type HostileCase, INTERFACE_IDS, MUTATIONS, TWO_KINDS } from '../helpers/hostile-cases.js';
import { goOutcomes, readingOf } from '../helpers/hostile.js';

test("hostile-input tables: Go's Decoder gives each recorded outcome", async () => {
  const byArg = new Map<string, HostileCase[]>();
  for (const c of [...TWO_KINDS, ...INTERFACE_IDS, ...MUTATIONS]) {
    const arg = readingOf(c.reading).goArg;
    byArg.set(arg, [...(byArg.get(arg) ?? []), c]);
  }
  for (const [arg, cases] of byArg) {
    const go = await goOutcomes(
      arg,
      cases.map((c) => new Uint8Array(Buffer.from(c.hex, 'hex'))),
    );
    deepStrictEqual(
      go,
      cases.map((c) => c.expect),
      `gobhostile ${arg}`,
    );
  }
});
