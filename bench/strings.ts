// Decoding and encoding Go strings: the lossless string codec (schema/utf8.ts) against what gob did
// before it (TextDecoder with U+FFFD replacement, TextEncoder), on the shapes strings take in
// practice. Prints ns per string; run with `node build/bench/strings.js`. Never fails.
import { Reader } from '../src/gob/reader.js';
import { Writer } from '../src/gob/writer.js';

const oldText = new TextDecoder('utf-8');

/** The decoder before byte strings: short ASCII by hand, everything else through TextDecoder. */
function oldString(r: Reader, n: number): string {
  const buf = r.buf;
  const start = r.pos;
  r.pos += n;
  if (n < 32) {
    let s = '';
    for (let i = start; i < start + n; i++) {
      const c = buf[i]!;
      if (c >= 0x80) return oldText.decode(buf.subarray(start, start + n));
      s += String.fromCharCode(c);
    }
    return s;
  }
  return oldText.decode(buf.subarray(start, start + n));
}

const utf8 = new TextEncoder();
const oldEnc = new TextEncoder();

/**
 * The encoder's general path before byte strings (its short-ASCII path is unchanged), through
 * the writer's public methods: TextEncoder's bytes, then their length and a copy.
 */
function oldWrite(w: Writer, s: string): void {
  w.bytes(oldEnc.encode(s));
}

/**
 * The best of seven alternating timed runs of `n` calls of each function, in ns per call:
 * alternating and taking the best keeps a shared machine's load out of the comparison.
 */
function time(n: number, before: () => void, after: () => void): [number, number] {
  const best: [number, number] = [Infinity, Infinity];
  for (let round = 0; round < 7; round++) {
    [before, after].forEach((fn, k) => {
      const t0 = process.hrtime.bigint();
      for (let i = 0; i < n; i++) fn();
      best[k] = Math.min(best[k]!, Number(process.hrtime.bigint() - t0) / n);
    });
  }
  return best;
}

const cases: [string, Uint8Array, number][] = [
  ['ASCII, 8 bytes', utf8.encode('abcdefgh'), 100_000],
  ['ASCII, 24 bytes', utf8.encode('x'.repeat(24)), 100_000],
  ['ASCII, 1 KiB', utf8.encode('0123456789abcdef'.repeat(64)), 100_000],
  ['Latin/emoji, 14 bytes', utf8.encode('héllo wörld😀'), 100_000],
  ['Cyrillic, 1 KiB', utf8.encode('ж'.repeat(512)), 20_000],
  ['not UTF-8, 8 bytes', Uint8Array.of(0x9f, 0x86, 0xd0, 0x81, 0x88, 0x4c, 0x7d, 0x65), 100_000],
  ['not UTF-8, 1 KiB', new Uint8Array(1024).map((_, i) => (i * 151) & 0xff), 20_000],
];

console.log('decode (ns per string)        before    after');
for (const [label, bytes, n] of cases) {
  const r = new Reader();
  r.reset(bytes);
  const [before, after] = time(
    n,
    () => {
      r.pos = 0;
      oldString(r, bytes.length);
    },
    () => {
      r.pos = 0;
      r.string(bytes.length);
    },
  );
  console.log(`${label.padEnd(28)} ${before.toFixed(0).padStart(7)}  ${after.toFixed(0).padStart(7)}`);
}

console.log('encode (ns per string)        before    after');
for (const [label, bytes, n] of cases) {
  const r = new Reader();
  r.reset(bytes);
  const s = r.string(bytes.length);
  const w = new Writer(4096);
  const ascii = s.length < 64 && /^[\x00-\x7f]*$/.test(s);
  const [before, after] = time(
    n,
    () => {
      w.reset();
      if (ascii) w.string(s);
      else oldWrite(w, s);
    },
    () => {
      w.reset();
      w.string(s);
    },
  );
  console.log(`${label.padEnd(28)} ${before.toFixed(0).padStart(7)}  ${after.toFixed(0).padStart(7)}`);
}
