// What Go's Decoder and this one make of a corrupted or hand-made gob stream, in one shape, so
// the hostile-input tests compare them exactly: interop/gobhostile prints Go's side.
import { Decoder, isGobError, NEED_MORE, type Schema } from '../../src/gob/index.js';
import { loadFixtures } from './fixtures.js';
import { corpusRegistry, fixtureSchemas } from './gobcases.js';
import { runGo } from './goproc.js';
import { tag } from './tagged.js';

/**
 * One stream's outcome: the values decoded before the first error (tagged; for a reading without
 * a type, how many values were read), that error's text ('' if none), and for a typed reading the
 * error of one more Decode(nil) after the last value ('EOF' at a clean end).
 */
export interface Outcome {
  values: unknown[];
  error: string;
  after: string;
}

/** How a stream is read: into a gobcases case's types, skipped (Go's Decode(nil)), or without a schema. */
export type Reading = { goType: string; count: number } | 'discard' | 'schemaless';

/** Ends the input: '' when clean (Go's io.EOF, written 'EOF'), else our error's text. */
function endText(d: Decoder): string {
  try {
    d.end();
    return 'EOF';
  } catch (e) {
    return text(e);
  }
}

function text(e: unknown): string {
  if (!isGobError(e)) throw e;
  return e.message;
}

/**
 * The reading named as in hostile-cases.ts: a gobcases case's types, 'nil' (Go's Decode(nil),
 * our discard) or 'loose' (schema-less); and the gobhostile argument that reads it in Go.
 */
export function readingOf(name: string): { how: Reading; goArg: string } {
  if (name === 'nil') return { how: 'discard', goArg: 'nil' };
  if (name === 'loose') return { how: 'schemaless', goArg: 'nil' };
  const f = loadFixtures().find((x) => x.name === name);
  if (!f) throw new Error(`no fixture ${name}`);
  return { how: { goType: f.goType, count: f.values.length }, goArg: name };
}

/** This decoder's outcome for `bytes` read as `how`. */
export function ours(bytes: Uint8Array, how: Reading): Outcome {
  const d = new Decoder({ registry: corpusRegistry() });
  d.write(bytes);
  const o: Outcome = { values: [], error: '', after: '' };
  if (how === 'discard' || how === 'schemaless') {
    let n = 0;
    for (;;) {
      try {
        const v = how === 'discard' ? d.discard() : d.next();
        if (v === NEED_MORE) {
          o.error = endText(d);
          break;
        }
        n++;
      } catch (e) {
        o.error = text(e);
        break;
      }
    }
    o.values.push(n);
    return o;
  }
  const schemas: Schema[] = fixtureSchemas(how.goType, how.count);
  for (const s of schemas) {
    try {
      const v = d.next(s);
      if (v === NEED_MORE) {
        o.error = endText(d);
        return o;
      }
      o.values.push(tag(v, s));
    } catch (e) {
      o.error = text(e);
      return o;
    }
  }
  try {
    if (d.discard() === NEED_MORE) o.after = endText(d);
  } catch (e) {
    o.after = text(e);
  }
  return o;
}

/** Go's outcomes for `streams` read into the types of case `caseName` ('nil': Decode(nil)). */
export async function goOutcomes(caseName: string, streams: readonly Uint8Array[]): Promise<Outcome[]> {
  const input = Buffer.from(streams.map((b) => Buffer.from(b).toString('hex') + '\n').join(''));
  const r = await runGo('gobhostile', [caseName], { input, timeoutMs: 120_000 });
  if (r.code !== 0) throw new Error(`gobhostile ${caseName} failed: ${r.stderr}`);
  return r.lines.map((l) => JSON.parse(l) as Outcome);
}
