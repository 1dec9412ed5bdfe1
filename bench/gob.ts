// The gob benchmark corpus: the same 1,000 Items gobcases.BenchItem builds in Go, the matrix's
// "1,000 Items on one stream" rows (bench/matrix.ts).
import { t, type Infer } from '../src/gob/index.js';

export const Item = t.struct('gobcases.Item', {
  ID: t.int64,
  Name: t.string,
  Price: t.float64,
  Tags: t.slice(t.string),
  Attrs: t.map(t.string, t.int),
  Pos: t.struct('', { X: t.int, Y: t.int }),
  Data: t.bytes,
});
export type Item = Infer<typeof Item>;

export const CORPUS_SIZE = 1000;

/** Item i exactly as gobcases.BenchItem builds it. */
export function benchItem(i: number): Item {
  const data = new Uint8Array(32);
  for (let j = 0; j < 32; j++) data[j] = (i + j) % 256;
  return {
    ID: i * 7919,
    Name: `item-${i}`,
    Price: i * 1.25,
    Tags: [`t${i % 5}`, `t${i % 7}`, 'red'],
    Attrs: new Map([
      ['a', i],
      ['b', i * 2],
    ]),
    Pos: { X: i, Y: 0 - i }, // not -i: Go has no negative zero integer
    Data: data,
  };
}

export function corpus(): Item[] {
  return Array.from({ length: CORPUS_SIZE }, (_, i) => benchItem(i));
}
