// The generated struct encoders write common field values inline and hand anything else to the
// field's compiled encoder, after dropping what the inline code wrote of it. Whatever the value,
// the bytes (or the error: code, message and path) must be those of the closures that
// `codegen: false` uses, which the golden corpus checks against Go. The values below sit on
// each side of every point where the inline code gives up: type, size, ASCII, integer range.
import { deepStrictEqual } from 'node:assert/strict';
import { test } from 'node:test';
import { Encoder, isGobError, t, type Schema, Writer } from '../src/gob/index.js';
import { stringFromBytes } from '../src/schema/index.js';

const Inner = t.struct('main.Inner', { A: t.int, S: t.string });
const Item = t.struct('main.Item', {
  ID: t.int64,
  Name: t.string,
  Price: t.float64,
  Tags: t.slice(t.string),
  Attrs: t.map(t.string, t.int),
  Pos: t.struct('', { X: t.int, Y: t.int }),
  Data: t.bytes,
  L: t.slice(Inner),
  M: t.map(t.string, t.slice(t.int)),
  B: t.bool,
  U: t.uint,
  F: t.float32,
  I8: t.int8,
  Big: t.int64n,
  Flags: t.slice(t.bool),
});

const ITEM = {
  ID: 7919,
  Name: 'item-1',
  Price: 1.25,
  Tags: ['t1', 't2', 'red'],
  Attrs: new Map([
    ['a', 1],
    ['b', 2],
  ]),
  Pos: { X: 1, Y: -1 },
  Data: new Uint8Array(32).fill(7),
  L: [
    { A: 1, S: 'x' },
    { A: 0, S: '' },
  ],
  M: new Map([['k', [1, -2, 3]]]),
  B: true,
  U: 5,
  F: 0.1,
  I8: -3,
  Big: 12n,
  Flags: [true, false],
};

const long = (n: number, c = 'a') => c.repeat(n);
/** Each case replaces some fields of ITEM. */
// biome-ignore format: one case a line
const CASES: Record<string, unknown>[] = [
  {},
  { ID: 0, Name: '', Price: 0, Tags: [], Attrs: null, Data: null, L: null, M: null, B: false, U: 0, F: 0, I8: 0, Big: 0n },
  { ID: -0, Price: -0, F: -0, Pos: { X: -0, Y: 0 } },
  { ID: 2 ** 31, Pos: { X: 2 ** 31 - 1, Y: -(2 ** 31) } },
  { ID: 2 ** 52 - 1 }, { ID: 2 ** 52 }, { ID: -(2 ** 52) }, { ID: 2 ** 53 - 1 }, { ID: -(2 ** 53) + 1 },
  { ID: 2 ** 53 }, { ID: 1.5 }, { ID: '1' }, { ID: 5n }, { ID: 0n }, { ID: 2n ** 63n }, { ID: NaN },
  { Pos: { X: 5n, Y: 0n } }, { Pos: { X: 0n, Y: 1 } }, { Pos: { X: 2 ** 52, Y: 1.5 } }, { Pos: { X: 'x' } },
  { Pos: null }, { Pos: undefined }, { Pos: 3 }, { Pos: [] }, { Pos: {} },
  { Name: 'é' }, { Name: long(127) }, { Name: long(128) }, { Name: long(1023) }, { Name: long(1024) },
  { Name: long(3000) }, { Name: long(200, 'é') }, { Name: stringFromBytes(Uint8Array.of(0xff, 0x41)) }, { Name: 5 },
  { Price: NaN }, { Price: Infinity }, { Price: 'x' }, { Price: 1n }, { F: 1e40 }, { F: 'x' },
  { Tags: ['a', 5, 'b'] }, { Tags: ['a', null] }, { Tags: ['é', long(130), long(2000)] }, { Tags: [''] },
  { Tags: Array.from({ length: 1023 }, (_, i) => `t${i}`) }, { Tags: Array.from({ length: 1024 }, (_, i) => `t${i}`) },
  { Tags: 'abc' }, { Tags: { length: 1, 0: 'a' } }, { Tags: Object.assign(new Array(2), { 1: 'a' }) },
  { Attrs: new Map() }, { Attrs: new Map([['é', 1]]) }, { Attrs: new Map([[long(200), 1]]) },
  { Attrs: new Map([['a', 1n]]) }, { Attrs: new Map([['a', 'x']]) }, { Attrs: new Map([['a', 2 ** 53]]) },
  { Attrs: new Map([[stringFromBytes(Uint8Array.of(0xc3)) + stringFromBytes(Uint8Array.of(0xa9)), 1], ['é', 2]]) },
  { Attrs: new Map([['\ud800', 1], ['\udc00', 2]]) }, { Attrs: new Map([[1, 1]]) },
  { Attrs: new Map(Array.from({ length: 511 }, (_, i) => [`k${i}`, i])) },
  { Attrs: new Map(Array.from({ length: 512 }, (_, i) => [`k${i}`, i])) },
  { Attrs: { a: 1, b: 2 } }, { Attrs: [1] },
  { Data: new Uint8Array(1023) }, { Data: new Uint8Array(1024) }, { Data: new Uint8Array(70_000) },
  { Data: 'abc' }, { Data: [1, 2] }, { Data: Buffer.from('xyz') },
  { L: [{ A: 1n, S: 'é' }, null, { A: 2 }] }, { L: [{ A: 'x' }] }, { L: [5] }, { L: [{ A: 1, S: long(1500) }] },
  { M: new Map([['k', [1, 'x']]]) }, { M: new Map([['k', null]]) }, { M: new Map([['k', Array.from({ length: 1500 }, (_, i) => i)]]) },
  { B: 'yes' }, { B: 1 }, { U: -1 }, { U: 2 ** 53 }, { U: 3n }, { U: 1.5 },
  { Flags: [false, 0] }, { Flags: [true, null] }, { I8: 127 }, { I8: 128 }, { I8: -129 }, { Big: 2n ** 63n - 1n }, { Big: 2n ** 63n }, { Big: 5 },
];

type Outcome = { bytes: number[] } | { error: { code: string; message: string; path: string | undefined } };

/** Two values on one stream (the second sees the types sent), into a writer that starts at `size` bytes. */
function outcome(schema: Schema, value: unknown, codegen: boolean, size: number): Outcome {
  const enc = new Encoder({ codegen });
  const w = new Writer(size);
  try {
    enc.encodeTo(w, schema, value as never);
    enc.encodeTo(w, schema, value as never);
    return { bytes: [...w.view()] };
  } catch (e) {
    if (!isGobError(e)) throw e;
    return { error: { code: e.code, message: e.message, path: e.path } };
  }
}

test('generated struct encoders write the bytes and throw the errors of the closures, value by value', () => {
  for (const c of CASES) {
    const value = { ...ITEM, ...c };
    for (const size of [1, 256, 1 << 16]) {
      deepStrictEqual(
        outcome(Item, value, true, size),
        outcome(Item, value, false, size),
        `${JSON.stringify(Object.keys(c))} (writer of ${size})`,
      );
    }
  }
});

test('inline fields of a struct inside an interface value and inside a slice of structs frame like the closures', () => {
  const Holder = t.struct('main.Holder', { V: t.any, Items: t.slice(Item) });
  for (const c of CASES.slice(0, 30)) {
    const value = { V: { name: 'main.Item', schema: Item, value: { ...ITEM, ...c } }, Items: [ITEM, { ...ITEM, ...c }] };
    for (const size of [1, 4096]) deepStrictEqual(outcome(Holder, value, true, size), outcome(Holder, value, false, size));
  }
});
