// Issue 12 point 6: encode and decode errors name the path to the value that failed. Encode
// errors are ours (a Go peer never sees them), so their message is `<path>: <Go-style text>`;
// decode errors keep Go's exact text as the message and carry the path in `path`.
import { deepStrictEqual, strictEqual, throws } from 'node:assert/strict';
import { test } from 'node:test';
import { decode, Encoder, GoTime, t, TypeRegistry } from '../src/gob/index.js';
import { marshal } from '../src/jsonrpc/index.js';

const Item = t.struct('main.Item', { Name: t.string, Count: t.int });
const Args = t.struct('main.Args', {
  Items: t.slice(Item),
  Grid: t.array(t.slice(t.int8), 2),
  ByName: t.map(t.string, Item),
  ByID: t.map(t.int, t.int),
  P: t.ptr(Item),
  V: t.any,
});
const HINT = 'not exact beyond 2^53, use a bigint and a bigint schema (t.int64n, t.uint64n, t.intn, t.uintn)';

// [what, schema, value, path, message]
// biome-ignore format: one case a line: what, schema, value, path, message
const ENCODE: Array<[string, any, unknown, string, string]> = [
  ['the issue\'s example', Args, { Items: [{ Name: 'a', Count: 1 }, { Name: 'b', Count: 2.5 }] },
    'Args.Items[1].Count', 'Args.Items[1].Count: gob: cannot encode number 2.5 as int: not an integer'],
  ['an array of slices', Args, { Grid: [[1], [2, 300]] }, 'Args.Grid[1][1]', 'Args.Grid[1][1]: gob: cannot encode number 300 as int8: out of range'],
  ['a Map value', Args, { ByName: new Map([['x', { Count: 'no' }]]) }, 'Args.ByName["x"].Count', 'Args.ByName["x"].Count: gob: cannot encode string as int'],
  ['a plain-object map value', Args, { ByName: { 'a b': 7 } }, 'Args.ByName["a b"]', 'Args.ByName["a b"]: gob: cannot encode number 7 as main.Item'],
  ['a map key', Args, { ByID: new Map([[1.5, 1]]) }, 'Args.ByID[1.5]', 'Args.ByID[1.5]: gob: cannot encode number 1.5 as int: not an integer'],
  ['through a pointer', Args, { P: { Count: true } }, 'Args.P.Count', 'Args.P.Count: gob: cannot encode boolean as int'],
  ['inside an interface value', Args, { V: { name: 'main.Item', value: { Count: 0.5 }, schema: Item } }, 'Args.V.Count', 'Args.V.Count: gob: cannot encode number 0.5 as int: not an integer'],
  ['past 2^53 as int', Args, { Items: [{ Count: 2 ** 60 }] }, 'Args.Items[0].Count', `Args.Items[0].Count: gob: cannot encode number 1152921504606847000 as int: ${HINT}`],
  ['past 2^53 as uint64, top level', t.uint64, 2 ** 53, 'uint64', `gob: cannot encode number 9007199254740992 as uint64: ${HINT}`],
  ['past 2^53 in a slice', t.slice(t.int64), [1, -(2 ** 54)], '[]int64[1]', `[]int64[1]: gob: cannot encode number -18014398509481984 as int64: ${HINT}`],
  ['the top level', Item, 'x', 'Item', 'gob: cannot encode string as main.Item'],
  ['a time that is not a time, in a struct', t.struct('main.Event', { Name: t.string, At: t.time }), { Name: 'e', At: { sec: 1 } },
    'Event.At', 'Event.At: gob: cannot encode object as time.Time: want a GoTime or a Date'],
  ['a time that is a string, in a slice', t.slice(t.time), ['2009-11-10T23:00:00Z'], '[]time.Time[0]', '[]time.Time[0]: gob: cannot encode string as time.Time: want a GoTime or a Date'],
  ['an invalid Date, top level', t.time, new Date(NaN), 'Time', 'gob: cannot encode an invalid Date as time.Time'],
];

test("encode errors name the path from the top-level type, Go's text last", () => {
  // With generated struct encoders and with closures only: both build the same paths.
  for (const codegen of [true, false]) {
    for (const [what, schema, value, path, message] of ENCODE) {
      const enc = new Encoder({ codegen });
      throws(() => enc.encode(schema, value), { name: 'GobError', code: 'INVALID_VALUE', path, message }, `${what} (codegen: ${codegen})`);
      // The failed value left nothing behind: the same encoder still encodes.
      deepStrictEqual(decode(enc.encode(Item, { Name: 'ok', Count: 1 }), Item), { Name: 'ok', Count: 1 }, what);
    }
  }
});

test('a JS Date encodes as time.Time: the GoTime of the same instant, in UTC', () => {
  const Event = t.struct('main.Event', { Name: t.string, At: t.time });
  const at = new Date(Date.UTC(2009, 10, 10, 23, 0, 0, 500));
  for (const codegen of [true, false]) {
    const enc = new Encoder({ codegen });
    const want = new Encoder({ codegen }).encode(Event, { Name: 'e', At: GoTime.fromDate(at) });
    deepStrictEqual(enc.encode(Event, { Name: 'e', At: at as never }), want, `codegen: ${codegen}`);
    deepStrictEqual(String(decode(want, Event).At), '2009-11-10 23:00:00.5 +0000 UTC');
    // The zero Date (January 1, year 1 UTC) is Go's zero Time: omitted, as Go omits it.
    const zero = new Date(0);
    zero.setUTCFullYear(1, 0, 1);
    deepStrictEqual(
      new Encoder({ codegen }).encode(Event, { Name: 'e', At: zero as never }),
      new Encoder({ codegen }).encode(Event, { Name: 'e', At: GoTime.zero }),
    );
    deepStrictEqual(decode(new Encoder({ codegen }).encode(Event, { Name: 'e', At: zero as never }), Event).At, GoTime.zero);
  }
});

test('bigint schemas take what number schemas refuse', () => {
  const Big = t.struct('main.Big', { N: t.int64n, U: t.uint64n });
  const v = { N: -(2n ** 62n), U: 2n ** 64n - 1n };
  deepStrictEqual(decode(new Encoder().encode(Big, v), Big), v);
});

// [what, sent schema, sent value, local schema, path, Go's message]
const DECODE: Array<[string, any, unknown, any, string, string]> = [
  [
    'a field of a struct in a slice',
    t.struct('main.S', { Xs: t.slice(t.struct('main.E', { X: t.int })) }),
    { Xs: [{ X: 1 }, { X: 300 }] },
    t.struct('main.S', { Xs: t.slice(t.struct('main.E', { X: t.int8 })) }),
    'S.Xs[1].X',
    'value for "X" out of range',
  ],
  [
    'a slice element of a field',
    t.struct('main.S', { Xs: t.slice(t.int) }),
    { Xs: [1, 1000] },
    t.struct('main.S', { Xs: t.slice(t.int8) }),
    'S.Xs[1]',
    'value for "element of Xs" out of range',
  ],
  [
    'a map entry',
    t.map(t.string, t.int),
    new Map([
      ['a', 1],
      ['b', 1000],
    ]),
    t.map(t.string, t.int8),
    'map[string]int8["b"]',
    'value for "*map[string]int8" out of range',
  ],
  [
    'past 2^53 into t.int64',
    t.struct('main.W', { N: t.int64n }),
    { N: 1n << 60n },
    t.struct('main.W', { N: t.int64 }),
    'W.N',
    'value for "N" out of range: not exact beyond 2^53 as a number, decode it with a bigint schema (t.int64n, t.uint64n, t.intn, t.uintn)',
  ],
  ['the top level', t.int, 300, t.int8, 'int8', 'value for "*int8" out of range'],
];

test("decode errors keep Go's message and carry the path", () => {
  for (const [what, sent, value, local, path, message] of DECODE) {
    const bytes = new Encoder().encode(sent, value);
    throws(() => decode(bytes, local), { name: 'GobError', code: 'RANGE', path, message }, what);
  }
});

test('a decode error inside an interface value continues the outer path', () => {
  const Inner = t.struct('main.Inner', { Xs: t.slice(t.int) });
  const Holder = t.struct('main.Holder', { V: t.any });
  const bytes = new Encoder().encode(Holder, { V: { name: 'main.Inner', value: { Xs: [1, 2 ** 40] }, schema: Inner } });
  const NarrowInner = t.struct('main.Inner', { Xs: t.slice(t.int32) });
  const registry = new TypeRegistry().register(NarrowInner, 'main.Inner');
  throws(() => decode(bytes, Holder, { registry }), {
    name: 'GobError',
    code: 'RANGE',
    path: 'Holder.V.Xs[1]',
    message: 'value for "element of Xs" out of range',
  });
  strictEqual((decode(bytes, Holder) as { V: { value: { Xs: number[] } } }).V.value.Xs[1], 2 ** 40);
});

test('the JSON encoder names the path the same way', () => {
  const J = t.struct('main.J', { Items: t.slice(Item), ByName: t.map(t.string, t.int), N: t.int64 });
  // [value, path, message]
  const cases: Array<[unknown, string, string]> = [
    [
      { Items: [{ Count: 1 }, { Count: 2.5 }] },
      'J.Items[1].Count',
      'J.Items[1].Count: json: cannot encode number 2.5 as int: not an integer',
    ],
    [
      {
        ByName: new Map<string, unknown>([
          ['a', 1],
          ['b', 'x'],
        ]),
      },
      'J.ByName["b"]',
      'J.ByName["b"]: json: cannot encode string as int',
    ],
    [{ N: 2 ** 60 }, 'J.N', `J.N: json: cannot encode number 1152921504606847000 as int64: ${HINT}`],
  ];
  for (const [value, path, message] of cases) {
    throws(() => marshal(value as never, J), { name: 'JsonError', code: 'INVALID_VALUE', path, message });
  }
  strictEqual(
    marshal({ Items: [{ Name: 'a', Count: 1 }], ByName: new Map([['b', 2]]), N: 2 ** 53 - 1 }, J),
    '{"Items":[{"Name":"a","Count":1}],"ByName":{"b":2},"N":9007199254740991}',
  );
});
