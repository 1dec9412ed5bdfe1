// Loads the golden files that interop/gobfixtures writes from real Go.
import { readFileSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export interface Fixture {
  name: string;
  goType: string;
  description: string;
  deterministic: boolean;
  values: unknown[];
  bytes: Uint8Array;
}

/** The repository root, found from this file whether run from src or build/. */
export const ROOT = (() => {
  let d = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 6; i++) {
    try {
      readFileSync(join(d, 'package.json'));
      return d;
    } catch {
      d = dirname(d);
    }
  }
  throw new Error('repository root not found');
})();

export const FIXTURES_DIR = join(ROOT, 'fixtures');

export function loadFixtures(): Fixture[] {
  return readdirSync(FIXTURES_DIR)
    .filter((f) => f.endsWith('.gob'))
    .sort()
    .map((f) => {
      const name = f.slice(0, -4);
      const meta = JSON.parse(readFileSync(join(FIXTURES_DIR, name + '.json'), 'utf8'));
      return { ...meta, name, bytes: new Uint8Array(readFileSync(join(FIXTURES_DIR, f))) } as Fixture;
    });
}

export function hex(b: Uint8Array): string {
  return Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString('hex');
}
