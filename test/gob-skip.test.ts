// Skipping what the local schema lacks (decode.go's ignore ops): sequences and maps of basic
// types are skipped in one loop over their bytes (decode.ts skipFlat), so these tests pin that
// the loop ends exactly where each value ends, however the stream is split, and that a value it
// cannot skip whole gets the same error as the per-value skip always gave.
import { deepStrictEqual, strictEqual } from 'node:assert/strict';
import { test } from 'node:test';
import { Decoder, Encoder, isGobError, NEED_MORE, type Schema, t } from '../src/gob/index.js';

const hex = (h: string) => new Uint8Array(Buffer.from(h.replaceAll(' ', ''), 'hex'));

const Narrow = t.struct('main.S', { A: t.int, B: t.string });

/** Values of basic-element sequences and maps, with the extremes of each encoding. */
const skipped: Array<[string, Schema, unknown]> = [
  ['[]int', t.slice(t.int), [0, 1, -1, 63, -64, 64, 127, 128, 255, 256, -257, 2 ** 31, -(2 ** 40), Number.MAX_SAFE_INTEGER]],
  ['[]int64 extremes', t.slice(t.int64n), [-(2n ** 63n), 2n ** 63n - 1n, 0n]],
  ['[]uint64', t.slice(t.uint64n), [0n, 127n, 128n, 2n ** 64n - 1n]],
  ['[]float64', t.slice(t.float64), [0, 1.5, -0, Number.NaN, Number.POSITIVE_INFINITY, 1e-310, 2 ** 70]],
  ['[]bool', t.slice(t.bool), [true, false, true]],
  ['[]string', t.slice(t.string), ['', 'a', 'é', 'x'.repeat(300), '']],
  ['[][]byte', t.slice(t.bytes), [new Uint8Array(0), Uint8Array.of(0x80, 0xff), new Uint8Array(200).fill(7)]],
  [
    '[]complex128',
    t.slice(t.complex128),
    [
      { real: 1, imag: -2 },
      { real: 0, imag: 0 },
    ],
  ],
  ['[3]int', t.array(t.int, 3), [1, -1000, 2 ** 50]],
  ['[2]string', t.array(t.string, 2), ['ab', '']],
  [
    'map[string]int',
    t.map(t.string, t.int),
    new Map([
      ['a', 1],
      ['', -300],
      ['long'.repeat(100), 2 ** 40],
    ]),
  ],
  ['map[int]float64', t.map(t.int, t.float64), new Map([[-5, 0.25]])],
  ['map[string]string', t.map(t.string, t.string), new Map([['k', 'v'.repeat(500)]])],
  ['map[int]complex128', t.map(t.int, t.complex128), new Map([[7, { real: 3, imag: 4 }]])],
  ['[]int empty', t.slice(t.int), []],
  ['map[string]int empty', t.map(t.string, t.int), new Map()],
];

/** Every value the decoder returns for `bytes` fed as the two pieces split at `at`. */
function decodeSplit(bytes: Uint8Array, at: number, schema: Schema | 'discard'): unknown[] {
  const d = new Decoder();
  const out: unknown[] = [];
  for (const piece of [bytes.subarray(0, at), bytes.subarray(at)]) {
    d.write(piece);
    for (;;) {
      const v = schema === 'discard' ? d.discard() : d.next(schema);
      if (v === NEED_MORE) break;
      out.push(v);
    }
  }
  d.end();
  return out;
}

for (const [name, schema, value] of skipped) {
  test(`an unknown field of type ${name} is skipped to its exact end, split at every offset`, () => {
    const Wide = t.struct('main.S', { A: t.int, Z: schema, B: t.string, Y: schema });
    const enc = new Encoder();
    // Two values, so the second one's fields are read from where the first one's skip ended.
    const bytes = Buffer.concat([
      enc.encode(Wide, { A: 7, Z: value, B: 'after', Y: value }),
      enc.encode(Wide, { A: -1, Z: value, B: '', Y: value }),
    ]);
    const expected = [
      { A: 7, B: 'after' },
      { A: -1, B: '' },
    ];
    for (let at = 0; at <= bytes.length; at++) {
      deepStrictEqual(decodeSplit(bytes, at, Narrow), expected, `split at ${at}`);
      deepStrictEqual(decodeSplit(bytes, at, 'discard'), [true, true], `discard split at ${at}`);
    }
  });
}

test('a top-level sequence skipped by discard() leaves the next value intact', () => {
  const enc = new Encoder();
  const bytes = Buffer.concat([
    enc.encode(t.slice(t.int), [1, -2, 3000, 2 ** 52]),
    enc.encode(t.slice(t.string), ['x', 'yz']),
    enc.encode(t.int, 42),
  ]);
  for (let at = 0; at <= bytes.length; at++) {
    const d = new Decoder();
    d.write(bytes.subarray(0, at));
    const seen: unknown[] = [];
    let step = 0;
    const pull = () => {
      for (;;) {
        const v = step < 2 ? d.discard() : d.next(t.int);
        if (v === NEED_MORE) return;
        seen.push(v);
        step++;
      }
    };
    pull();
    d.write(bytes.subarray(at));
    pull();
    deepStrictEqual(seen, [true, true, 42], `split at ${at}`);
  }
});

/** The error discard() throws for `bytes`, as { code, message }. */
function discardFailure(bytes: string): { code: string; message: string } {
  const d = new Decoder();
  d.write(hex(bytes));
  try {
    for (let v = d.discard(); v !== NEED_MORE; v = d.discard());
  } catch (e) {
    strictEqual(isGobError(e), true, `not a GobError: ${e}`);
    const { code, message } = e as { code: string; message: string };
    return { code, message };
  }
  return { code: 'none', message: 'no error' };
}

// Type 64 is []int, 65 []string, 66 map[string]int, 67 []complex128 (Go's definitions).
const INTS = '0b7f020102ff800001040000';
const STRINGS = '0cff83020102ff8400010c0000';
const MAP = '0eff81040102ff8200010c01040000';

test('what the skipping loop cannot skip whole fails as the per-value skip did', () => {
  const cases: Array<[string, string, string]> = [
    ['[]int count past its elements', `${INTS} 06ff80000302 04`, 'gob: decoding array or slice: length exceeds input size (3 elements)'],
    ['[]int element with a count byte over 8', `${INTS} 06ff80000202 f0`, 'gob: encoded unsigned integer out of range'],
    ['[]int element cut short', `${INTS} 08ff80000202 fc0102`, 'gob: invalid uint data length 4: exceeds input size 2'],
    ['[]string element past the message', `${STRINGS} 09ff8400020161 056162`, 'gob: slice length too large'],
    [
      '[]string count past its elements',
      `${STRINGS} 06ff8400020161`,
      'gob: decoding array or slice: length exceeds input size (2 elements)',
    ],
    ['map entry with a bad element', `${MAP} 07ff8200010161ff`, 'gob: invalid uint data length 1: exceeds input size 0'],
  ];
  for (const [name, bytes, message] of cases) deepStrictEqual(discardFailure(bytes), { code: 'BAD_DATA', message }, name);
  // As Go's ignoreMap, which does not check the count: the next entry meets the message's end.
  deepStrictEqual(discardFailure(`${MAP} 07ff820002016102`), { code: 'UNEXPECTED_EOF', message: 'EOF' }, 'map count past its entries');
  // The well-formed streams these were cut from.
  for (const good of [`${INTS} 06ff8000020204`, `${STRINGS} 06ff840001016 1`, `${MAP} 07ff820001016102`]) {
    deepStrictEqual(discardFailure(good), { code: 'none', message: 'no error' }, good);
  }
});
