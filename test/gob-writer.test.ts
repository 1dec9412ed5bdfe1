// Writer's length-prefixed parts: fork/join nest as encoder.go's writeMessage frames messages and
// interface values, whether or not expect() made room for a length ahead of time, and rejoin
// and rollback keep the framing whole. Expected bytes are framed here from doc.go's uint rule.
import { deepStrictEqual, strictEqual } from 'node:assert/strict';
import { test } from 'node:test';
import { Writer } from '../src/gob/writer.js';

/** doc.go's unsigned integer: below 128 one byte, else minus the byte count, then big-endian bytes. */
function uint(x: number): number[] {
  if (x < 0x80) return [x];
  const bytes: number[] = [];
  for (; x > 0; x = Math.floor(x / 256)) bytes.unshift(x % 256);
  return [256 - bytes.length, ...bytes];
}
const framed = (body: number[]) => [...uint(body.length), ...body];
const data = (n: number) => Array.from({ length: n }, (_, i) => (i * 7) & 0xff);
const MAX = 1 << 30;

const SIZES = [0, 1, 126, 127, 128, 255, 256, 1023, 1024, 1025, 65_533, 65_535, 65_536, 70_000];

test('a byte string in one part, two nested parts and three gets the lengths Go writes', () => {
  for (const n of SIZES) {
    for (const depth of [1, 2, 3]) {
      const w = new Writer(16);
      for (let d = 0; d < depth; d++) {
        w.fork();
        w.byte(d);
      }
      w.bytes(Uint8Array.from(data(n)));
      let want = [...uint(n), ...data(n)];
      for (let d = depth - 1; d >= 0; d--) {
        w.join(MAX);
        want = framed([d, ...want]);
      }
      deepStrictEqual([...w.take()], want, `${n} bytes at depth ${depth}`);
    }
  }
});

test('expect() then fewer parts than promised: a rejoin before the promised bytes still frames both parts exactly', () => {
  for (const n of SIZES) {
    for (const before of [0, 5, 200]) {
      const w = new Writer(16);
      w.fork();
      w.uint(n);
      w.expect(n); // a slice of n elements is coming...
      w.raw(Uint8Array.from(data(before))); // ...but a type definition closes the message first
      w.rejoin(MAX);
      w.raw(Uint8Array.from(data(n)));
      w.join(MAX);
      const want = [...framed([...uint(n), ...data(before)]), ...framed(data(n))];
      deepStrictEqual([...w.take()], want, `${n} promised, ${before} before the rejoin`);
    }
  }
});

test('an inner part closed early after expect() in the outer one', () => {
  for (const n of SIZES) {
    const w = new Writer(16);
    w.fork();
    w.byte(9);
    w.fork();
    w.expect(n);
    w.byte(1);
    w.join(MAX);
    w.raw(Uint8Array.from(data(n)));
    w.join(MAX);
    deepStrictEqual([...w.take()], framed([9, ...framed([1]), ...data(n)]), `${n}`);
  }
});

test('rollback forgets parts opened after the mark, and lastMessageStart the messages', () => {
  const w = new Writer(16);
  w.fork();
  w.byte(1);
  w.join(MAX);
  strictEqual(w.lastMessageStart(), 0);
  const mark = w.mark();
  w.fork();
  w.bytes(Uint8Array.from(data(5000)));
  w.fork();
  w.rollback(mark);
  strictEqual(w.lastMessageStart(), 0);
  w.fork();
  w.byte(2);
  w.join(MAX);
  strictEqual(w.lastMessageStart(), 2);
  w.rollback(w.lastMessageStart());
  deepStrictEqual([...w.take()], [1, 1]);
});
