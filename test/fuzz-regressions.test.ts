// The fuzz campaign's share of `make test` (the campaign itself is `make fuzz`, test/fuzz/):
// every saved regression replays to a value or a typed error (its exact error where the file
// gives one), and a short fixed-seed slice of the campaign runs in-process. Defects found but
// owned by a fix not yet merged wait in fixtures/fuzz-regressions/pending/; the slice tolerates
// exactly their signatures, so a new kind of failure still fails it.
import { deepStrictEqual, strictEqual } from 'node:assert/strict';
import { test } from 'node:test';
import { knownSignatures, loadRegressions, REGRESSIONS_DIR } from './fuzz/regressions.js';
import { makeCase, type Outcome, runCase, signature } from './fuzz/targets.js';

const SLICE_SEED = 1;
const SLICE_INPUTS = 3000;

for (const [name, reg] of loadRegressions(REGRESSIONS_DIR)) {
  test(`fuzz regression ${name}: ${reg.found}`, () => {
    const o = runCase(reg.case);
    strictEqual(o.kind === 'ok' || o.kind === 'typed', true, `${name}: ${JSON.stringify(o)}`);
    if (reg.expect) deepStrictEqual(o.kind === 'typed' ? { code: o.code, message: o.message } : o, reg.expect);
  });
}

test("a fuzz input is a pure function of (seed, index), so a killed worker's input can be rebuilt", () => {
  for (const i of [0, 1, 977, 2999]) deepStrictEqual(makeCase(SLICE_SEED, i), makeCase(SLICE_SEED, i));
  strictEqual(makeCase(1, 5).input === makeCase(2, 5).input && makeCase(1, 5).target === makeCase(2, 5).target, false);
});

test(`fuzz slice: seed ${SLICE_SEED}, ${SLICE_INPUTS} inputs end in values or typed errors`, () => {
  const known = knownSignatures();
  const tally: Record<Outcome['kind'], number> = { ok: 0, typed: 0, untyped: 0, mismatch: 0 };
  const unknown: string[] = [];
  for (let i = 0; i < SLICE_INPUTS; i++) {
    const o = runCase(makeCase(SLICE_SEED, i));
    tally[o.kind]++;
    if (o.kind === 'untyped' || o.kind === 'mismatch') {
      const sig = signature(o);
      if (!known.has(sig)) unknown.push(`input ${i}: ${sig}${o.kind === 'untyped' ? ` (${o.name}: ${o.message})` : ''}`);
    }
  }
  deepStrictEqual(unknown, []);
  // The slice must exercise both paths: values that decode and inputs that are refused.
  strictEqual(tally.ok > SLICE_INPUTS / 10 && tally.typed > SLICE_INPUTS / 10, true, JSON.stringify(tally));
});
