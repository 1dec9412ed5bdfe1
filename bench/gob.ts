// The gob benchmark corpus (the same 1,000 Items interop/gobbench builds in Go) and the
// TypeScript side of the measurement: a fresh Encoder/Decoder per round of 1,000 values on one
// stream, as gobbench does with Go's encoding/gob.
import { Decoder, Encoder, type Writer, t, type Infer } from '../src/gob/index.js';

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

/** One encode round: a fresh stream holding every item as its own value. */
export function encodeRound(items: readonly Item[], out: Writer): void {
  out.reset();
  const enc = new Encoder();
  for (const it of items) enc.encodeTo(out, Item, it);
}

/** One decode round over a whole stream, typed (or schema-less when `typed` is false). */
export function decodeRound(stream: Uint8Array, typed = true): number {
  const dec = new Decoder();
  dec.write(stream);
  let n = 0;
  for (let i = 0; i < CORPUS_SIZE; i++) {
    const v = typed ? dec.next(Item) : dec.next();
    if (typeof v === 'symbol') throw new Error('bench stream ended early');
    n++;
  }
  return n;
}

/** Items per second over at least `seconds`, after one warm-up round. */
export function measure(seconds: number, round: () => void): number {
  for (let i = 0; i < 20; i++) round();
  const start = process.hrtime.bigint();
  let rounds = 0;
  for (;;) {
    round();
    rounds++;
    const el = Number(process.hrtime.bigint() - start) / 1e9;
    if (el >= seconds) return (rounds * CORPUS_SIZE) / el;
  }
}
