// Regression files of the fuzz campaign: fixtures/fuzz-regressions/*.json are replayed by
// `make test` (each must end in a value or a typed error, and in exactly the expected error
// when the file says one); fixtures/fuzz-regressions/pending/*.json are defects found but not
// yet fixed, whose signatures the fixed-seed slice tolerates until they move up.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from '../helpers/fixtures.js';
import { type FuzzCase, runCase, signature } from './targets.js';

export const REGRESSIONS_DIR = join(ROOT, 'fixtures', 'fuzz-regressions');
export const PENDING_DIR = join(REGRESSIONS_DIR, 'pending');

/** One saved finding. */
export interface Regression {
  case: FuzzCase;
  /** The signature of the defect when found (see targets.ts signature()). */
  found: string;
  /** The error as thrown, when it was an untyped one. */
  thrown?: string;
  /** Who fixes it and why, for pending files. */
  note?: string;
  /** The typed error the input must give once fixed, where Go's text is known. */
  expect?: { code: string; message: string };
}

/** The regression files in `dir` (not its subfolders), by file name. */
export function loadRegressions(dir: string): Array<[string, Regression]> {
  let names: string[];
  try {
    names = readdirSync(dir)
      .filter((n) => n.endsWith('.json'))
      .sort();
  } catch {
    return [];
  }
  return names.map((n) => [n, JSON.parse(readFileSync(join(dir, n), 'utf8')) as Regression]);
}

/** Signatures of the pending defects, each with the file that shows it. */
export function knownSignatures(): Map<string, string> {
  return new Map(loadRegressions(PENDING_DIR).map(([n, r]) => [r.found, join('fixtures', 'fuzz-regressions', 'pending', n)]));
}

/**
 * A smaller case showing the same defect: deletes ever smaller stretches of the input while the
 * signature stays the same (a bounded delta debugging), and drops the cuts that no longer fall
 * inside it.
 */
export function minimize(c: FuzzCase, sig: string, budget = 4000): FuzzCase {
  let bytes = Buffer.from(c.input, 'hex');
  const fits = (b: Buffer) => (c.cuts ? { cuts: c.cuts.filter((x) => x < b.length) } : {});
  const same = (b: Buffer) => signature(runCase({ ...c, input: b.toString('hex'), ...fits(b) })) === sig;
  for (let chunk = bytes.length >> 1; chunk >= 1 && budget > 0; chunk >>= 1) {
    for (let at = 0; at < bytes.length && budget > 0; ) {
      const cand = Buffer.concat([bytes.subarray(0, at), bytes.subarray(at + chunk)]);
      budget--;
      if (same(cand)) bytes = cand;
      else at += chunk;
    }
  }
  const out: FuzzCase = { ...c, input: bytes.toString('hex'), ...fits(bytes) };
  if (out.cuts && out.cuts.length > 0 && budget > 0) {
    // Fewer cuts where the defect does not need them.
    for (let i = out.cuts.length - 1; i >= 0; i--) {
      const fewer: number[] = out.cuts.filter((_, k) => k !== i);
      if (signature(runCase({ ...out, cuts: fewer })) === sig) out.cuts = fewer;
    }
  }
  return out;
}
