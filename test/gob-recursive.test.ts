// Recursive slice, array and map types with no struct in between (golang/go#10415): Go's bytes
// for them decode with and without a schema, schemas state them with element functions, the
// encoder numbers and sends their definitions exactly as Go's type.go does, and hostile streams
// defining such types can make no code path loop or overflow the stack.
import { deepStrictEqual, strictEqual, throws } from 'node:assert/strict';
import { test } from 'node:test';
import {
  decode,
  Decoder,
  encode,
  Encoder,
  goString,
  type Infer,
  interfaceSchema,
  isGobError,
  NEED_MORE,
  type Schema,
  t,
  TypeRegistry,
} from '../src/gob/index.js';
import { marshal, unmarshal } from '../src/jsonrpc/index.js';
import { zeroValue } from '../src/gob/error.js';
import { makeWire, type WireType, writeWireType } from '../src/gob/wire.js';
import { Writer } from '../src/gob/writer.js';
import { hex } from './helpers/fixtures.js';

const bytes = (h: string) => new Uint8Array(Buffer.from(h, 'hex'));

// The types of Go's TestRecursiveSlice/TestRecursiveMap and their relatives, as a user writes
// them: TypeScript's own recursive aliases, and constants given their type explicitly.
type R = R[];
const R: Schema<R> = t.slice(() => R, { name: 'main.R' });
type M = Map<string, M>;
const M: Schema<M> = t.map(t.string, () => M, { name: 'main.M' });
type A = A[][];
const A: Schema<A> = t.array(() => t.slice(A), 2, { name: 'main.A' });
type M2 = Map<string, M2[]>;
const M2: Schema<M2> = t.map(t.string, () => t.slice(M2), { name: 'main.M2' });
// Mutual recursion through a slice and a map: type P []Q; type Q map[string]P.
type P = Q[];
type Q = Map<string, P>;
const P: Schema<P> = t.slice(() => Q, { name: 'main.P' });
const Q: Schema<Q> = t.map(t.string, () => P, { name: 'main.Q' });
// type S1 [][2]S1 and type S2 []map[string]S2: the array or map is built inside the slice.
type S1 = S1[][];
const S1: Schema<S1> = t.slice(() => t.array(S1, 2), { name: 'main.S1' });
type S2 = Map<string, S2>[];
const S2: Schema<S2> = t.slice(() => t.map(t.string, S2), { name: 'main.S2' });
const X = t.struct('main.X', { R, M });
// Infer<> sees through the element functions.
type X = Infer<typeof X>;
const xValue: X = { R: [[]], M: new Map([['k', new Map()]]) };

test("issue 8: Go's Encode(R{R{}, nil}) decodes to [[], []], with and without a schema, and re-encodes to Go's bytes", () => {
  const go = '0f7f020101015201ff800001ff80000006ff8000020000';
  deepStrictEqual(decode(bytes(go)), [[], []]);
  deepStrictEqual(decode(bytes(go), R), [[], []]);
  const d = new Decoder();
  d.write(bytes(go));
  const v = d.next();
  strictEqual(hex(new Encoder().encode(d.lastSchema!, v)), go);
  strictEqual(goString(d.lastSchema!), '[]R');
  strictEqual(hex(encode(R, [[], []])), go);
  strictEqual(hex(encode(R, [[], null as unknown as R])), go);
});

test('issue 8: M{"a": nil} decodes to a Map {"a" → empty}, with and without a schema, and re-encodes to Go\'s bytes', () => {
  // The issue's bytes number M 65 (its program encoded R first); a fresh Go process numbers it 64.
  const issue = '12ff81040101014d01ff8200010c01ff82000007ff820001016100';
  const fresh = '117f040101014d01ff8000010c01ff80000007ff800001016100';
  for (const go of [issue, fresh]) {
    const want = new Map([['a', new Map()]]);
    deepStrictEqual(decode(bytes(go)), want);
    deepStrictEqual(decode(bytes(go), M), want);
    const d = new Decoder();
    d.write(bytes(go));
    const v = d.next();
    const firstTypeId = go === issue ? 65 : 64;
    strictEqual(hex(new Encoder({ firstTypeId }).encode(d.lastSchema!, v)), go);
    strictEqual(hex(new Encoder({ firstTypeId }).encode(M, want)), go);
  }
  strictEqual(goString(M), 'main.M');
});

// Go 1.26's Encode of each value in a fresh process (throwaway program, main package): type.go
// gives a slice its id before its element's, an array or map its id after building its parts,
// and records an array's or map's element still under construction as id 0.
const goOrder: Array<{ name: string; schema: Schema; value: unknown; go: string }> = [
  {
    name: 'type A [2][]A',
    schema: A,
    value: [[[[], []]], []],
    go: '12ff81010101014101ff820001ff80010400000c7f020102ff800001ff82000009ff8200020102000000',
  },
  {
    name: 'type M2 map[string][]M2',
    schema: M2,
    value: new Map([['x', [new Map()]]]),
    go: '13ff81040101024d3201ff8200010c01ff8000000c7f020102ff800001ff82000008ff82000101780100',
  },
  {
    name: 'Q map[string]P encoded first',
    schema: Q,
    value: new Map([['a', [new Map()]]]),
    go: '12ff81040101015101ff8200010c01ff8000000c7f020102ff800001ff82000008ff82000101610100',
  },
  // type S1 [][2]S1 with the array sent first: the slice closes the cycle and assigns the id.
  {
    name: '[2]S1 encoded first',
    schema: t.array(S1, 2),
    value: [[], []],
    go: '0fff81010102ff820001ff80010400000c7f020102ff800001ff82000006ff8200020000',
  },
  {
    name: 'struct { R R; M M }',
    schema: X,
    value: { R: [[]], M: new Map([['k', new Map()]]) },
    go: '1c7f030101015801ff8000010201015201ff820001014d01ff8400000010ff81020101015201ff820001ff82000012ff83040101014d01ff8400010c01ff8400000bff800101000101016b0000',
  },
];

for (const c of goOrder) {
  test(`${c.name}: the encoder writes Go's bytes, which decode back with and without a schema`, () => {
    strictEqual(hex(encode(c.schema, c.value)), c.go);
    deepStrictEqual(decode(bytes(c.go), c.schema), c.value);
    const d = new Decoder();
    d.write(bytes(c.go));
    const v = d.next();
    strictEqual(hex(new Encoder().encode(d.lastSchema!, v)), c.go);
  });
}

test('Infer<> types a struct of recursive fields', () => {
  deepStrictEqual(decode(encode(X, xValue), X), xValue);
  // @ts-expect-error: Infer<> keeps the element types, and a number is not an R.
  const notX: X = { R: [1], M: new Map() };
  throws(() => encode(X, notX), { code: 'INVALID_VALUE', message: 'X.R[0]: gob: cannot encode number 1 as main.R', path: 'X.R[0]' });
});

type MA = Map<string, MA[]>;
const MA: Schema<MA> = t.map(t.string, () => t.array(MA, 1), { name: 'main.MA' }); // type MA map[string][1]MA

// When an array or map refers back to another slice, array or map still being built (P sent
// before Q, S1 before its array, MA in either order), Go records that element id as 0, sends it so,
// and its own decoder fails to match them: a Go process that has these types numbered itself then
// panics (nil dereference in type.go's safeString), and one that has not (Go 1.26, recorded)
// names the remote type by its definition's name, as here. The encoder writes the same bytes.
const goZeroElem: Array<{ name: string; schema: Schema; value: unknown; go: string; typed: string; loose: string }> = [
  {
    name: 'P []Q encoded first',
    schema: P,
    value: [new Map([['a', []]])],
    go: '10ff81020101015001ff820001ff8000000e7f040101015101ff8000010c000008ff82000101016100',
    typed: 'gob: decoding into local type *main.P, received remote type P',
    loose: 'gob: bad data: undefined type <nil>',
  },
  {
    name: 'type S1 [][2]S1',
    schema: S1,
    value: [[[], []]],
    go: '11ff8102010102533101ff820001ff8000000b7f010102ff80000204000007ff820001020000',
    typed: 'gob: decoding into local type *main.S1, received remote type S1',
    loose: 'gob: bad data: undefined type <nil>',
  },
  {
    name: 'type S2 []map[string]S2',
    schema: S2,
    value: [new Map([['x', []]])],
    go: '11ff8102010102533201ff820001ff8000000b7f040102ff8000010c000008ff82000101017800',
    typed: 'gob: decoding into local type *main.S2, received remote type S2',
    loose: 'gob: bad data: undefined type <nil>',
  },
  // A map whose array element refers back: the array closes the cycle whichever is sent first.
  {
    name: 'type MA map[string][1]MA',
    schema: MA,
    value: new Map([['a', [new Map()]]]),
    go: '13ff81040101024d4101ff8200010c01ff8000000b7f010102ff80000202000008ff82000101610100',
    typed: 'gob: decoding into local type *main.MA, received remote type MA',
    loose: 'gob: bad data: undefined type <nil>',
  },
  {
    name: '[1]MA encoded first',
    schema: t.array(MA, 1),
    value: [new Map([['a', [new Map()]]])],
    go: '0fff81010102ff820001ff80010200000b7f040102ff8000010c000009ff8200010101610100',
    typed: 'gob: decoding into local type *[1]main.MA, received remote type ',
    loose: 'gob: bad data: undefined type <nil>',
  },
];

for (const c of goZeroElem) {
  test(`${c.name}: the encoder writes Go's bytes, element id 0 included; decoding them is a typed error`, () => {
    strictEqual(hex(encode(c.schema, c.value)), c.go);
    throws(() => decode(bytes(c.go), c.schema), { code: 'TYPE_MISMATCH', message: c.typed });
    throws(() => decode(bytes(c.go)), { code: 'BAD_DATA', message: c.loose });
  });
}

test('encoding the map of the pair after the slice reuses the ids the slice gave it, as Go', () => {
  const e = new Encoder();
  const first = e.encode(P, [new Map()]); // Go: Encode(P{Q{}}), then Encode(Q{}) on one encoder
  strictEqual(hex(first), '10ff81020101015001ff820001ff8000000e7f040101015101ff8000010c000005ff82000100');
  strictEqual(hex(e.encode(Q, new Map())), '04ff800000');
});

test('type mismatches name recursive remote types as Go does (by the name in their definition)', () => {
  const r = bytes('0f7f020101015201ff800001ff80000006ff8000020000');
  const m = bytes('117f040101014d01ff8000010c01ff80000007ff800001016100');
  const q = bytes('12ff81040101015101ff8200010c01ff8000000c7f020102ff800001ff82000008ff82000101610100');
  const cases: Array<[Uint8Array, Schema, string]> = [
    [r, t.slice(t.int), 'gob: decoding into local type *[]int, received remote type R'],
    [r, t.slice(t.slice(t.int)), 'gob: decoding into local type *[][]int, received remote type R'],
    [m, t.map(t.string, t.int), 'gob: decoding into local type *map[string]int, received remote type M'],
    [m, R, 'gob: decoding into local type *main.R, received remote type M'],
    [r, M, 'gob: decoding into local type *main.M, received remote type R'],
    [q, R, 'gob: decoding into local type *main.R, received remote type Q'],
  ];
  for (const [b, s, message] of cases) throws(() => decode(b, s), { code: 'TYPE_MISMATCH', message });
});

test('a struct field of a recursive type the schema lacks is skipped', () => {
  const go =
    '1c7f030101015801ff8000010201015201ff820001014d01ff8400000010ff81020101015201ff820001ff82000012ff83040101014d01ff8400010c01ff8400000bff800101000101016b0000';
  deepStrictEqual(decode(bytes(go), t.struct('main.X', { M, Other: t.int })), { M: new Map([['k', new Map()]]), Other: 0 });
  deepStrictEqual(decode(bytes(go), t.struct('main.X', { R })), { R: [[]] });
  const d = new Decoder();
  d.write(bytes(go));
  strictEqual(d.discard(), true);
});

test('recursive types travel in interface values, registered or not', () => {
  const registry = new TypeRegistry().register(R).register(M);
  const Holder = t.struct('main.Holder', { V: t.any });
  const value = { V: { name: 'main.R', value: [[], [[]]] } };
  const b = encode(Holder, value, { registry });
  const got = decode(b, Holder, { registry });
  strictEqual(got.V && interfaceSchema(got.V), R);
  deepStrictEqual(got, { V: { name: 'main.R', value: [[], [[]]] } });
  const loose = decode(b) as { V: { name: string; value: unknown } };
  deepStrictEqual([loose.V.name, loose.V.value], ['main.R', [[], [[]]]]);
});

test('t.named and element functions keep resolving lazily, whatever the order of declaration', () => {
  type N = N[];
  const Named: Schema<N> = t.named(
    'main.N',
    t.slice(() => Named),
  );
  strictEqual(goString(Named), 'main.N');
  strictEqual(hex(encode(Named, [[]])), '0f7f020101014e01ff800001ff80000005ff80000100');
  // A later element, declared after the slice that names it.
  const Later = t.slice(() => Point);
  const Point = t.struct('main.Point', { X: t.int });
  deepStrictEqual(decode(encode(Later, [{ X: 1 }]), Later), [{ X: 1 }]);
  throws(
    () =>
      encode(
        t.slice(() => t.uint8),
        [],
      ),
    { name: 'TypeError', message: "t.slice: []uint8 is Go's []byte: use t.bytes" },
  );
});

test('JSON follows recursive schemas too', () => {
  strictEqual(marshal([[], [[]]], R), '[[],[[]]]');
  deepStrictEqual(unmarshal('[[],[[]]]', R), [[], [[]]]);
  strictEqual(marshal(new Map([['a', new Map()]]), M), '{"a":{}}');
  deepStrictEqual(unmarshal('{"a":{"b":{}}}', M), new Map([['a', new Map([['b', new Map()]])]]));
});

// ---- hostile streams ----

/** A stream: each wire type in its own message, then one value message (`value` after the id). */
function stream(types: WireType[], id: number, value: number[]): Uint8Array {
  const out = new Writer(64);
  for (const w of types) {
    out.fork();
    out.int(-w.id);
    writeWireType(out, w);
    out.join(1 << 30);
  }
  out.fork();
  out.int(id);
  for (const b of value) out.byte(b);
  out.join(1 << 30);
  return out.take();
}

function gobError(f: () => unknown): { code: string; message: string } {
  try {
    f();
  } catch (e) {
    strictEqual(isGobError(e), true, `not a GobError: ${e}`);
    return { code: (e as { code: string }).code, message: (e as Error).message };
  }
  return { code: 'none', message: 'no error' };
}

test('hostile: a nameless type R []R decodes, names itself in messages and re-encodes to the same bytes', () => {
  const b = stream([makeWire('slice', '', 64, { elem: 64 })], 64, [0, 2, 0, 1, 0]);
  const d = new Decoder();
  d.write(b);
  deepStrictEqual(d.next(), [[], [[]]]);
  const s = d.lastSchema!;
  strictEqual(goString(s), '[]...');
  strictEqual(hex(new Encoder().encode(s, [[], [[]]])), hex(b));
  throws(() => decode(b, t.slice(t.int)), {
    code: 'TYPE_MISMATCH',
    message: 'gob: decoding into local type *[]int, received remote type ',
  });
  const unnamed: Schema = t.slice(() => unnamed);
  strictEqual(hex(encode(unnamed, [[], [[]]])), hex(b));
});

test('hostile: types recursive through one another with no names, map keys included', () => {
  // Numbered and sent as Go would for `type K map[K][]K`-like types with the map on top.
  const b = stream([makeWire('map', '', 65, { key: 65, elem: 64 }), makeWire('slice', '', 64, { elem: 65 })], 65, [0, 1, 0, 1, 0]);
  const d = new Decoder();
  d.write(b);
  const v = d.next();
  deepStrictEqual(v, new Map([[new Map(), [new Map()]]]));
  strictEqual(goString(d.lastSchema!), 'map[...][]...');
  strictEqual(hex(new Encoder().encode(d.lastSchema!, v)), hex(b));
  // The same types entered from the slice decode as well.
  const fromSlice = stream(
    [makeWire('map', '', 65, { key: 65, elem: 64 }), makeWire('slice', '', 64, { elem: 65 })],
    64,
    [0, 1, 1, 0, 1, 0],
  );
  deepStrictEqual(decode(fromSlice), [new Map([[new Map(), [new Map()]]])]);
});

test('hostile: a cycle of two slices against a schema of one, and a cycle through interface keys', () => {
  // compatible() meets the local R again at a different remote id: a mismatch, as Go's compatibleType.
  const two = stream([makeWire('slice', '', 64, { elem: 65 }), makeWire('slice', '', 65, { elem: 64 })], 64, [0, 1, 1, 0]);
  deepStrictEqual(decode(two), [[[]]]);
  deepStrictEqual(
    gobError(() => decode(two, R)),
    { code: 'TYPE_MISMATCH', message: 'gob: decoding into local type *main.R, received remote type ' },
  );
  // mayHoldInterface() walks the cycle once; a nil interface key is null.
  const iface = stream([makeWire('slice', 'S', 64, { elem: 65 }), makeWire('map', 'K', 65, { key: 8, elem: 64 })], 64, [0, 1, 1, 0, 0]);
  deepStrictEqual(decode(iface), [new Map([[null, []]])]);
  const d = new Decoder();
  d.write(iface);
  strictEqual(d.discard(), true);
});

test('hostile: type T [2]T, which Go cannot declare, fails cleanly wherever it is used', () => {
  const wire = [makeWire('array', 'T', 64, { elem: 64, len: 2 })];
  // Every level is a length of 2 and the stream ends: the data runs out before the type does.
  const deep = stream(wire, 64, [0, ...new Array(40).fill(2)]);
  deepStrictEqual(
    gobError(() => decode(deep)),
    { code: 'BAD_DATA', message: 'gob: decoding array or slice: length exceeds input size (2 elements)' },
  );
  const d = new Decoder({ maxDepth: 5 });
  d.write(deep);
  deepStrictEqual(
    gobError(() => d.next()),
    { code: 'LIMIT', message: 'invalid nesting depth' },
  );
  const s = new Decoder();
  s.write(deep);
  deepStrictEqual(
    gobError(() => s.discard()),
    { code: 'BAD_DATA', message: 'gob: decoding array or slice: length exceeds input size (2 elements)' },
  );
  const schema = s.schemaOf(64);
  strictEqual(goString(schema), '[2]T');
  deepStrictEqual(
    gobError(() => zeroValue(schema)),
    { code: 'INVALID_VALUE', message: 'gob: invalid recursive type [2]T: its zero value would be infinite' },
  );
  deepStrictEqual(
    gobError(() => new Encoder().encode(schema, null)),
    { code: 'INVALID_VALUE', message: 'gob: invalid recursive type [2]T: its zero value would be infinite' },
  );
  // The same from a schema: a struct field of it, absent from the stream, has no zero value.
  const T: Schema = t.array(() => T, 1, { name: 'main.T' });
  const Holder = t.struct('main.H', { T, N: t.int });
  deepStrictEqual(
    gobError(() => decode(encode(t.struct('main.H', { N: t.int }), { N: 1 }), Holder)),
    { code: 'INVALID_VALUE', message: 'gob: invalid recursive type main.T: its zero value would be infinite' },
  );
});

test('hostile: an element type the stream never defines is bad data, not a crash', () => {
  const b = stream([makeWire('slice', 'R', 64, { elem: 99 })], 64, [0, 0]);
  deepStrictEqual(
    gobError(() => decode(b)),
    { code: 'BAD_DATA', message: 'gob: bad data: undefined type <nil>' },
  );
  deepStrictEqual(
    gobError(() => decode(b, R)),
    { code: 'TYPE_MISMATCH', message: 'gob: decoding into local type *main.R, received remote type R' },
  );
});

/** Go's bytes for R nested `depth` deep (each level a slice of one element), built directly. */
function deepR(depth: number): Uint8Array {
  const head = bytes('0f7f020101015201ff800001ff800000');
  const body = new Writer(depth + 16);
  body.fork();
  body.int(64);
  body.byte(0);
  for (let i = 0; i < depth; i++) body.byte(1);
  body.byte(0);
  body.join(1 << 30);
  return new Uint8Array([...head, ...body.take()]);
}

test('hostile: a deeply nested R hits the depth limit as a typed error on every path', () => {
  // Go decodes this (its stacks grow to 1 GB); the limit here is maxDepth (default 10,000).
  const b = deepR(100_000);
  const limit = { code: 'LIMIT', message: 'invalid nesting depth' };
  deepStrictEqual(
    gobError(() => decode(b)),
    limit,
  );
  deepStrictEqual(
    gobError(() => decode(b, R)),
    limit,
  );
  const d = new Decoder();
  d.write(b);
  deepStrictEqual(
    gobError(() => d.discard()),
    limit,
  );
  // Exactly at the limit: the top-level slice and each level below count one.
  deepStrictEqual(
    gobError(() => decode(deepR(4), R, { maxDepth: 5 })),
    { code: 'none', message: 'no error' },
  );
  deepStrictEqual(
    gobError(() => decode(deepR(5), R, { maxDepth: 5 })),
    limit,
  );
  let v: R = [];
  for (let i = 0; i < 4; i++) v = [v];
  deepStrictEqual(decode(deepR(4), R, { maxDepth: 5 }), v);
  strictEqual(hex(encode(R, v)), hex(deepR(4)));
});

test('hostile: encoding a value that contains itself is a typed error, not a stack overflow', () => {
  const cyclic: R = [];
  cyclic.push(cyclic);
  deepStrictEqual(
    gobError(() => encode(R, cyclic)),
    { code: 'LIMIT', message: 'invalid nesting depth' },
  );
  const m: M = new Map();
  m.set('self', m);
  deepStrictEqual(
    gobError(() => encode(M, m)),
    { code: 'LIMIT', message: 'invalid nesting depth' },
  );
});

test('NEED_MORE: a recursive type split across writes decodes once whole', () => {
  const go = bytes('0f7f020101015201ff800001ff80000006ff8000020000');
  for (let cut = 1; cut < go.length; cut++) {
    const d = new Decoder();
    d.write(go.subarray(0, cut));
    strictEqual(d.next(), NEED_MORE);
    d.write(go.subarray(cut));
    deepStrictEqual(d.next(), [[], []]);
  }
});
