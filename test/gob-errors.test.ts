// Bad input gets a clear, typed error with Go's text: Go's badDataTests and related tests,
// the configurable limits, schema mismatches, and a mutation fuzz that may only ever produce
// GobError (never a raw TypeError/RangeError, a hang or a crash).
import { deepStrictEqual, strictEqual, throws } from 'node:assert/strict';
import { test } from 'node:test';
import {
  decode,
  Decoder,
  Encoder,
  GobError,
  interfaceSchema,
  isGobError,
  NEED_MORE,
  type Schema,
  t,
  TypeRegistry,
} from '../src/gob/index.js';
import { makeWire, TypeId, writeWireType } from '../src/gob/wire.js';
import { Writer } from '../src/gob/writer.js';
import { loadFixtures } from './helpers/fixtures.js';

const ET2 = t.struct('gob.ET2', { X: t.string });
const hexBytes = (h: string) => new Uint8Array(Buffer.from(h.replaceAll(' ', ''), 'hex'));

/** Go's Decode(nil) (our discard) or Decode(&v) on a fresh decoder; returns the error message. */
function decodeError(h: string, schema?: typeof ET2): string {
  const d = new Decoder();
  try {
    d.write(hexBytes(h));
    const v = schema ? d.next(schema) : d.discard();
    if (v === NEED_MORE) d.end();
  } catch (e) {
    strictEqual(isGobError(e), true, `not a GobError: ${e}`);
    return (e as Error).message;
  }
  return 'no error';
}

// encoder_test.go's badDataTests: Go checks a substring; the full texts here are ours and
// equal Go's full text wherever the cases reach the same check.
const badData: Array<[string, string, boolean]> = [
  ['7F6869', 'unexpected EOF', false],
  ['036e6f77206973207468652074696d6520666f7220616c6c20676f6f64206d656e', 'gob: unknown type id or corrupted data', true],
  ['0424666f6f', 'gob: bad data: field numbers out of bounds', true],
  ['05100028557b02027f8302', 'gob: bad interface encoding: name too large for buffer', false],
  ['130a00fb5dad0bf8ff020263e70002fa28020202a89859', 'gob: slice length too large', false],
  ['0f1000fb285d003316020735ff023a65c5', 'gob: bad interface encoding: name too large for buffer', false],
  ['03fffb0616fffc00f902ff02ff03bf005d02885802a311a8120228022c028ee7', 'gob: GobDecoder: length too large for buffer', false],
  [
    '10fe010f020102fe01100001fe010e000016fe010d030102fe010e00010101015801fe01100000000bfe011000f85555555555555555',
    'gob: invalid uint data length 8: exceeds input size 6',
    false,
  ],
];

for (const [input, want, typed] of badData) {
  test(`Go badDataTests: ${input.slice(0, 24)}… gives ${JSON.stringify(want)}`, () => {
    strictEqual(decodeError(input, typed ? ET2 : undefined), want);
  });
}

test('an empty stream is a clean end, not an error (Go: io.EOF)', () => {
  const d = new Decoder();
  strictEqual(d.next(), NEED_MORE);
  d.end();
});

test('TestBadCount: an absurd message length is refused before reading it', () => {
  // Past Go's own limit (8 GiB): Go's text exactly.
  strictEqual(decodeError('fba5822fca01'), 'invalid message length');
  // Under Go's limit and over the configured one: Go's text, then which limit refused it.
  strictEqual(decodeError('fc40000000'), 'invalid message length: 1073741824 bytes is over maxMessageSize (1073741824)');
});

test('TestDecoderOverflow (Go issue 55337) fails cleanly', () => {
  strictEqual(
    decodeError('12ffff0202200 0f87fffffffffffffffffffff20202020'.replace(' ', '')),
    'gob: bad data: field numbers out of bounds',
  );
});

test('TestErrorForHugeSlice: a smashed slice count is refused without allocating', () => {
  const bytes = new Encoder().encode(t.slice(t.int), [1, 1, 1, 1, 1, 1, 1, 1, 1, 1]);
  bytes[bytes.length - 10 - 1] = 0xfa;
  // The six bytes after the count byte are the first elements (each 1, encoded 02).
  throws(() => decode(bytes, t.slice(t.int)), {
    code: 'BAD_DATA',
    message: `gob: int slice too big: ${0x020202020202} elements of 8 bytes`,
  });
});

test("a slice count is refused as Go refuses it: past 2^33 bytes of Go's elements, the count exact", () => {
  // Go's texts for these counts (decode.go's decodeSlice, then dec_helpers.go's length check).
  // A stream whose value is a slice of `s` with this count: the type definitions of an empty
  // slice of `s`, then its value message (04, the type id, 00) with the count in place of 0.
  const value = (s: Schema, count: string, rest: string) => {
    const empty = new Encoder().encode(s, []);
    const id = Buffer.from(empty.subarray(empty.length - 4, empty.length - 2)).toString('hex');
    const body = Buffer.from(`${id}00${count}${rest}`, 'hex');
    return Buffer.concat([empty.subarray(0, empty.length - 5), Buffer.from([body.length]), body]);
  };
  const cases: Array<[Schema, string, string]> = [
    [t.slice(t.bool), 'fc80000001', 'gob: decoding bool array or slice: length exceeds input size (2147483649 elements)'],
    [t.slice(t.string), 'fc20000001', 'gob: string slice too big: 536870913 elements of 16 bytes'],
    [t.slice(t.int32), 'fc7fffffff', 'gob: decoding int32 array or slice: length exceeds input size (2147483647 elements)'],
    [t.slice(t.int32), 'fc80000001', 'gob: int32 slice too big: 2147483649 elements of 4 bytes'],
    [t.slice(t.int32), 'fb0200000001', 'gob: int32 slice too big: 8589934593 elements of 4 bytes'],
    [t.slice(t.struct('main.E', {})), 'f88000000000000000', 'gob: main.E slice too big: 9223372036854775808 elements of 0 bytes'],
  ];
  for (const [s, count, message] of cases) {
    throws(() => decode(value(s, count, '00'), s), { code: 'BAD_DATA', message }, message);
  }
});

test('TestDecodeErrorMultipleTypes: a type defined twice on one stream', () => {
  const T = t.struct('main.Test', { A: t.string, B: t.int });
  const d = new Decoder();
  d.write(new Encoder().encode(T, { A: 'one', B: 1 }));
  deepStrictEqual(d.next(T), { A: 'one', B: 1 });
  d.write(new Encoder().encode(T, { A: 'two', B: 2 }));
  throws(() => d.next(T), { code: 'BAD_DATA', message: 'gob: duplicate type received' });
});

test("TestIgnoreDepthLimit: nesting beyond the limit fails with Go's text, decoding and skipping", () => {
  let inner: Schema = t.array(t.int, 1);
  for (let i = 0; i < 100; i++) inner = t.array(inner, 1);
  const Bad = t.struct('main.Bad', { F: inner });
  let v: unknown = [0];
  for (let i = 0; i < 100; i++) v = [v];
  const bytes = new Encoder().encode(Bad, { F: v as never });
  const Hello = t.struct('main.Hello', { Hello: t.int });
  // Into a struct without F, the nested value is skipped (Go's ignore path).
  throws(() => decode(bytes, Hello, { maxDepth: 100 }), { code: 'LIMIT', message: 'invalid nesting depth' });
  throws(() => decode(bytes, undefined, { maxDepth: 100 }), { code: 'LIMIT', message: 'invalid nesting depth' });
  strictEqual(Array.isArray((decode(bytes, undefined, { maxDepth: 200 }) as { F: unknown }).F), true);
});

test('limits: message size, interface name length', () => {
  const big = new Encoder().encode(t.string, 'x'.repeat(5000));
  throws(() => decode(big, t.string, { maxMessageSize: 4096 }), {
    code: 'LIMIT',
    message: 'invalid message length: 5005 bytes is over maxMessageSize (4096)',
  });
  const name = 'a'.repeat(2000);
  // A named type: Go registers int itself as "int", so int can have no other name.
  const reg = new TypeRegistry().register(t.named('main.N', t.int), name);
  const bytes = new Encoder({ registry: reg }).encode(t.any, { name, value: 1 });
  throws(() => decode(bytes), { code: 'LIMIT', message: 'gob: name too long (2000 bytes): "aaaaaaaaaaaaaaaaaaaa"...' });
  strictEqual((decode(bytes, undefined, { maxInterfaceNameLength: 4096 }) as { value: unknown }).value, 1);
});

test("interface names: Go's texts for unregistered types, both directions", () => {
  throws(() => new Encoder().encode(t.any, { name: 'main.Nope', value: 1 }), {
    code: 'UNREGISTERED',
    message: 'gob: type not registered for interface: main.Nope',
  });
  const bytes = new Encoder().encode(t.any, { name: 'main.Nope', value: 1, schema: t.int });
  throws(() => decode(bytes, t.any, { registry: new TypeRegistry() }), {
    code: 'UNREGISTERED',
    message: 'gob: name not registered for interface: "main.Nope"',
  });
  // Without a registry (or without a schema) the value is decoded from the stream's own types.
  const got = decode(bytes, t.any);
  deepStrictEqual(got && interfaceSchema(got), t.intAuto);
  deepStrictEqual(got, { name: 'main.Nope', value: 1 });
});

const Point = t.struct('main.Point', { X: t.int, Y: t.int });

test('range: Go\'s `value for "X" out of range`, naming the field or the type', () => {
  const Wide = t.struct('main.P', { X: t.int, Y: t.int });
  const Narrow = t.struct('main.P', { X: t.int8, Y: t.int });
  throws(() => decode(new Encoder().encode(Wide, { X: 300, Y: 1 }), Narrow), { code: 'RANGE', message: 'value for "X" out of range' });
  throws(() => decode(new Encoder().encode(t.int, 300), t.int8), { code: 'RANGE', message: 'value for "*int8" out of range' });
  throws(() => decode(new Encoder().encode(t.int64n, 1n << 60n), t.int64), {
    code: 'RANGE',
    message:
      'value for "*int64" out of range: not exact beyond 2^53 as a number, decode it with a bigint schema (t.int64n, t.uint64n, t.intn, t.uintn)',
  });
  throws(() => decode(new Encoder().encode(t.slice(t.int), [1, 1000]), t.slice(t.int8)), {
    code: 'RANGE',
    message: 'value for "element of *[]int8" out of range',
  });
  throws(() => t.slice(t.uint8), { name: 'TypeError', message: "t.slice: []uint8 is Go's []byte: use t.bytes" });
  const Xs = t.struct('main.Xs', { Xs: t.slice(t.int8) });
  throws(() => decode(new Encoder().encode(t.struct('main.Xs', { Xs: t.slice(t.int) }), { Xs: [1, 1000] }), Xs), {
    code: 'RANGE',
    message: 'value for "element of Xs" out of range',
  });
  strictEqual(decode(new Encoder().encode(t.int64n, -(1n << 63n)), t.int64n), -(1n << 63n));
  strictEqual(decode(new Encoder().encode(t.uint64n, (1n << 64n) - 1n), t.uint64n), (1n << 64n) - 1n);
  throws(() => decode(new Encoder().encode(t.float64, 1e300), t.float32), { code: 'RANGE', message: 'value for "*float32" out of range' });
});

test('a value given where a schema goes is a TypeError naming the argument, and costs the stream nothing', () => {
  const want = (where: string, got: string) => ({
    name: 'TypeError',
    message: `${where}: want a schema (t.int, t.struct(...), ...), got ${got}`,
  });
  const ints = t.slice(t.int);
  throws(() => new Encoder().encode([1, 2] as never, ints as never), want('gob: encode: schema', 'an array'));
  throws(() => new Encoder().encode(undefined as never, 5), want('gob: encode: schema', 'undefined'));
  throws(() => decode(new Encoder().encode(t.int, 5), 5 as never), want('gob: decode: schema', 'a number (5)'));
  throws(() => t.slice(undefined as never), want('t.slice: element', 'undefined'));
  throws(() => t.array('int' as never, 2), want('t.array: element', 'a string ("int")'));
  throws(() => t.map(t.string, {} as never), want('t.map: element', 'an object that is not a schema (no kind)'));
  throws(() => t.map(null as never, t.int), want('t.map: key', 'null'));
  throws(() => t.ptr(Uint8Array.of(1) as never), want('t.ptr: element', 'a Uint8Array'));
  throws(() => t.named('main.N', 7n as never), want('t.named: base', 'a bigint (7)'));
  // Recursive shapes resolve their parts on first use, and check them then.
  throws(
    () =>
      new Encoder().encode(
        t.slice(() => true as never),
        [],
      ),
    want('t.slice: element', 'a boolean (true)'),
  );
  throws(() => new Encoder().encode(t.struct('main.P', { X: 5 as never }), { X: 5 }), want('t.struct main.P: field X', 'a number (5)'));
  throws(
    () => new Encoder().encode(t.struct('', { F: (() => t.int) as never }), { F: 1 }),
    want('t.struct struct {...}: field F', 'a function (only t.slice, t.array and t.map take one, for recursive types)'),
  );
  // The decoder checks before reading: the value is still there for the right schema.
  const d = new Decoder();
  d.write(new Encoder().encode(ints, [1, 2]));
  throws(() => d.next({ kind: 'nope' } as never), want('gob: decode: schema', 'an object that is not a schema (no kind)'));
  deepStrictEqual(d.next(ints), [1, 2]);
});

test("type mismatches name the field path, as range errors do (Go's text kept as the message)", () => {
  const Item = t.struct('main.Item', { Count: t.int });
  const bytes = new Encoder().encode(
    t.struct('main.Big', { Items: t.slice(Item), M: t.map(t.int, Item), A: t.array(Item, 1), K: t.map(Item, t.int) }),
    {
      Items: [{ Count: 1 }],
      M: new Map([[1, { Count: 2 }]]),
      A: [{ Count: 3 }],
      K: new Map([[{ Count: 4 }, 4]]),
    },
  );
  const StrItem = t.struct('main.Item', { Count: t.string });
  const mismatch = (local: Schema) => {
    try {
      decode(bytes, local);
    } catch (e) {
      return { code: (e as GobError).code, message: (e as GobError).message, path: (e as GobError).path };
    }
    return undefined;
  };
  const wrong = 'gob: wrong type (string) for received field Item.Count';
  deepStrictEqual(
    [
      mismatch(t.struct('main.Big', { Items: t.slice(StrItem) })),
      mismatch(t.struct('main.Big', { M: t.map(t.int, StrItem) })),
      mismatch(t.struct('main.Big', { M: t.map(t.string, Item) })),
      mismatch(t.struct('main.Big', { A: t.array(StrItem, 1) })),
      mismatch(t.struct('main.Big', { K: t.map(StrItem, t.int) })),
      mismatch(t.int),
    ],
    [
      { code: 'TYPE_MISMATCH', message: wrong, path: 'Big.Items[].Count' },
      { code: 'TYPE_MISMATCH', message: wrong, path: 'Big.M[].Count' },
      { code: 'TYPE_MISMATCH', message: 'gob: wrong type (map[string]main.Item) for received field Big.M', path: 'Big.M' },
      { code: 'TYPE_MISMATCH', message: wrong, path: 'Big.A[].Count' },
      { code: 'TYPE_MISMATCH', message: wrong, path: 'Big.K[key].Count' },
      { code: 'TYPE_MISMATCH', message: 'gob: decoding into local type *int, received remote type Big', path: 'int' },
    ],
  );
});

test("mismatches: Go's texts", () => {
  const bytes = new Encoder().encode(Point, { X: 1, Y: 2 });
  throws(() => decode(bytes, t.struct('main.Point', { X: t.string })), {
    code: 'TYPE_MISMATCH',
    message: 'gob: wrong type (string) for received field Point.X',
  });
  throws(() => decode(bytes, t.struct('main.Other', { Z: t.int })), {
    code: 'TYPE_MISMATCH',
    message: 'gob: type mismatch: no fields matched compiling decoder for Other',
  });
  throws(() => decode(bytes, t.int), { code: 'TYPE_MISMATCH', message: 'gob: decoding into local type *int, received remote type Point' });
  // A remote type is named by the name its definition carries, which Go's encoder (and ours)
  // leaves empty for an unnamed slice: Go's decoder prints nothing after "remote type".
  throws(() => decode(new Encoder().encode(t.slice(t.int), [1]), t.string), {
    code: 'TYPE_MISMATCH',
    message: 'gob: decoding into local type *string, received remote type ',
  });
  throws(() => decode(new Encoder().encode(t.int, 1), Point), {
    code: 'TYPE_MISMATCH',
    message: 'gob: type mismatch in decoder: want struct type main.Point; got non-struct',
  });
  throws(() => decode(new Encoder().encode(t.int, 1), t.any), {
    code: 'TYPE_MISMATCH',
    message: 'gob: local interface type *interface {} can only be decoded from remote interface type; received concrete type int',
  });
  throws(() => decode(new Encoder().encode(t.array(t.int, 2), [1, 2]), t.array(t.int, 3)), {
    code: 'TYPE_MISMATCH',
    // Go names a remote type by the name in its definition, which is empty for an unnamed array.
    message: 'gob: decoding into local type *[3]int, received remote type ',
  });
});

test('fields match by name: remote extras skipped, local extras zero', () => {
  const Remote = t.struct('main.R', { A: t.int, Skip: t.struct('main.S', { Deep: t.slice(t.map(t.string, t.any)) }), B: t.string });
  const Local = t.struct('main.R', { B: t.string, C: t.slice(t.int), D: t.map(t.string, t.int), E: t.ptr(Point), F: Point });
  const reg = new TypeRegistry().register(t.int, 'int');
  const bytes = new Encoder({ registry: reg }).encode(Remote, {
    A: 7,
    Skip: { Deep: [new Map([['k', { name: 'int', value: 3 }]])] },
    B: 'b',
  });
  deepStrictEqual(decode(bytes, Local), { B: 'b', C: [], D: new Map(), E: null, F: { X: 0, Y: 0 } });
});

test('encoding values that do not fit the schema fails clearly and leaves the stream usable', () => {
  const e = new Encoder();
  throws(() => e.encode(Point, { X: 'a' as never, Y: 1 }), {
    code: 'INVALID_VALUE',
    message: 'Point.X: gob: cannot encode string as int',
    path: 'Point.X',
  });
  throws(() => e.encode(t.int8, 200), { code: 'INVALID_VALUE', message: 'gob: cannot encode number 200 as int8: out of range' });
  throws(() => e.encode(t.int, 1.5), { code: 'INVALID_VALUE', message: 'gob: cannot encode number 1.5 as int: not an integer' });
  throws(() => e.encode(t.array(t.int, 2), [1]), {
    code: 'INVALID_VALUE',
    message: 'gob: cannot encode array as [2]int: length 1, want 2',
  });
  throws(() => e.encode(t.ptr(Point), null), { code: 'INVALID_VALUE', message: 'gob: cannot encode nil pointer of type *main.Point' });
  // The failed calls sent nothing: the next value carries Point's type definition.
  deepStrictEqual(decode(e.encode(Point, { X: 1, Y: 2 }), Point), { X: 1, Y: 2 });
});

test('__proto__ off the wire is an own field, never the prototype', () => {
  // Built from a field list: an object literal's __proto__ key would set its prototype instead.
  const Evil = t.struct('main.Evil', (() => [
    { name: '__proto__', schema: t.string },
    { name: 'Ok', schema: t.int },
  ]) as never);
  const value = Object.create(null) as Record<string, unknown>;
  Object.defineProperty(value, '__proto__', { value: 'polluted', enumerable: true });
  value.Ok = 1;
  const bytes = new Encoder().encode(Evil, value as never);
  for (const v of [decode(bytes) as Record<string, unknown>, decode(bytes, Evil) as Record<string, unknown>]) {
    strictEqual(Object.getPrototypeOf(v), Object.prototype);
    strictEqual(Object.getOwnPropertyDescriptor(v, '__proto__')?.value, 'polluted');
    strictEqual(v.Ok, 1);
  }
  strictEqual(({} as Record<string, unknown>).polluted, undefined);
});

test('fuzz: 20,000 mutated fixtures fail only with GobError, or decode', () => {
  let seed = 12345;
  const rand = (n: number) => {
    seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
    return seed % n;
  };
  const corpus = loadFixtures().filter((f) => f.bytes.length < 2048);
  let errors = 0;
  for (let i = 0; i < 20_000; i++) {
    const f = corpus[rand(corpus.length)]!;
    const b = Uint8Array.from(f.bytes);
    const edits = 1 + rand(3);
    for (let k = 0; k < edits; k++) b[rand(b.length)] = rand(4) === 0 ? 0xff - rand(9) : rand(256);
    const d = new Decoder({ maxMessageSize: 1 << 20 });
    try {
      d.write(b);
      for (let n = 0; n < 16 && d.next() !== NEED_MORE; n++);
    } catch (e) {
      if (!(e instanceof GobError)) throw new Error(`fixture ${f.name}, mutation ${i}: ${e}`, { cause: e });
      errors++;
    }
  }
  strictEqual(errors > 1000, true, `only ${errors} mutations were rejected`);
});

test('a declared array length is never allocated for a field the stream left out', () => {
  // By hand: type 65 = [1e9]int, type 64 = struct { A [1e9]int; B int }, a value with only B.
  const w = new Writer();
  w.fork();
  w.int(-65);
  writeWireType(w, makeWire('array', '', 65, { elem: TypeId.int, len: 1e9 }));
  w.join(1 << 30);
  w.fork();
  w.int(-64);
  writeWireType(
    w,
    makeWire('struct', 'Huge', 64, {
      fields: [
        { name: 'A', id: 65 },
        { name: 'B', id: TypeId.int },
      ],
    }),
  );
  w.join(1 << 30);
  w.fork();
  w.int(64);
  w.uint(2); // field B
  w.int(7);
  w.byte(0);
  w.join(1 << 30);
  const bytes = w.take();
  strictEqual(bytes.length < 64, true);
  deepStrictEqual(decode(bytes), { A: null, B: 7 });
});

test('a struct field of a bool schema holding a non-boolean is refused, not omitted as zero', () => {
  const Flags = t.struct('main.Flags', { On: t.bool });
  throws(() => new Encoder().encode(Flags, { On: 1 as never }), {
    code: 'INVALID_VALUE',
    message: 'Flags.On: gob: cannot encode number 1 as bool',
    path: 'Flags.On',
  });
});

test("range errors name the value as Go's ovfl does, through slices, arrays and maps", () => {
  // Each stream was written by Go (Encode of the value in the comment) and decoded by Go into the
  // type the schema describes; the texts are Go's errors.
  const MS = t.struct('main.MS', { M: t.map(t.string, t.slice(t.int8)) });
  const S = t.struct('main.S', { S: t.slice(t.int8) });
  const table: [string, Schema, string][] = [
    // []int{1, 300} into *[]int8
    ['0b7f020102ff80000104000008ff80000202fe0258', t.slice(t.int8), 'element of *[]int8'],
    // Big{S: []int{300}} into *S{S []int8}
    ['18ff810301010342696701ff8200010101015301ff800000000b7f020102ff80000104000008ff820101fe025800', S, 'element of S'],
    // map[string]int{"a": 300} into *map[string]int8
    ['0eff83040102ff8400010c0104000009ff8400010161fe0258', t.map(t.string, t.int8), '*map[string]int8'],
    // map[int]int{300: 1} into *map[int8]int
    ['0eff85040102ff860001040104000008ff860001fe025802', t.map(t.int8, t.int), '*map[int8]int'],
    // [][]int{{300}} into *[][]int8
    ['0dff87020102ff880001ff8000000b7f020102ff80000104000008ff88000101fe0258', t.slice(t.slice(t.int8)), 'element of element of *[][]int8'],
    // MBig{M: map[string][]int{"a": {300}}} into *MS{M map[string][]int8}
    [
      '19ff89030101044d42696701ff8a00010101014d01ff8c00000021ff8b040101106d61705b737472696e675d5b5d696e7401ff8c00010c01ff8000000b7f020102ff8000010400000bff8a0101016101fe025800',
      MS,
      'element of element of M',
    ],
    // 300 into *int8
    ['050400fe0258', t.int8, '*int8'],
    // [2]int{1, 300} into *[2]int8
    ['0eff8d010102ff8e0001040104000008ff8e000202fe0258', t.array(t.int8, 2), 'element of *[2]int8'],
    // map[string]map[string]int{"a": {"b": 300}} into *map[string]map[string]int8
    [
      '0fff91040102ff9200010c01ff8400000eff83040102ff8400010c010400000cff9200010161010162fe0258',
      t.map(t.string, t.map(t.string, t.int8)),
      'element of *map[string]map[string]int8',
    ],
  ];
  for (const [hex, schema, name] of table) {
    throws(() => decode(hexBytes(hex), schema), { code: 'RANGE', message: `value for "${name}" out of range` }, hex);
  }
});

test('an encode that fails unsends the types its interface values sent, so the next encode sends them again', () => {
  const P = t.struct('main.P', { X: t.int });
  const registry = new TypeRegistry().register(P);
  const enc = new Encoder({ registry });
  const values = [{ name: 'main.P', value: { X: 1 } }];
  throws(() => enc.encode(t.slice(t.any), [...values, { name: 'int', value: 'x' }]), {
    code: 'INVALID_VALUE',
    message: '[]interface {}[1]: gob: cannot encode string as int',
  });
  deepStrictEqual(decode(enc.encode(t.slice(t.any), values), t.slice(t.any), { registry }), values);
});

// Texts recorded from a Go 1.26 program decoding the same bytes on a fresh Decoder (Decode(&v),
// or Decode(nil) for "discard"), where the verifier of issue 9 found ours differing.
const P = t.struct('main.P', { X: t.int });
type GoTarget = Schema | 'discard' | 'schema-less';

/** The first outcome of reading one value from `h` on a fresh decoder, as { code, message }. */
function goOutcome(h: string, target: GoTarget): { code: string; message: string } {
  const d = new Decoder();
  d.write(hexBytes(h));
  try {
    const v = target === 'discard' ? d.discard() : target === 'schema-less' ? d.next() : d.next(target);
    if (v === NEED_MORE) d.end();
  } catch (e) {
    strictEqual(isGobError(e), true, `not a GobError: ${e}`);
    return { code: (e as GobError).code, message: (e as Error).message };
  }
  return { code: 'none', message: 'no error' };
}

// biome-ignore format: one case per line reads as the table it is
const goTexts: Array<[string, string, GoTarget[], string, string]> = [
  // Go's typeId is an int32, and so are the wireType fields holding one.
  ["wireType Id 2^31 (the verifier's bytes)", '0f7f020102fb0100000000000104000005ff80000104', [t.slice(t.int), 'schema-less', 'discard', t.any], 'RANGE', 'value for "Id" out of range'],
  ['sliceType Elem 2^31', '107f020102ff800001fb0100000000000004ff800000', [t.slice(t.int), 'discard'], 'RANGE', 'value for "Elem" out of range'],
  ['mapType Key 2^31', '127f040102ff800001fb0100000000010400000004ff800000', [t.map(t.string, P), 'discard'], 'RANGE', 'value for "Key" out of range'],
  ['fieldType Id 2^31', '197f030101015001ff8000010101015801fb01000000000000000003ff8000', [P, 'discard'], 'RANGE', 'value for "Id" out of range'],
  // Reads past the end of a message are io.EOF; a type id whose bytes are missing io.ErrUnexpectedEOF.
  ['an empty message', '00', [t.int, 'discard'], 'UNEXPECTED_EOF', 'EOF'],
  ['a value message of only its type id', '0104', [t.int, 'discard'], 'UNEXPECTED_EOF', 'EOF'],
  ['a type id cut short inside its message', '01ff', [t.int, 'discard'], 'UNEXPECTED_EOF', 'unexpected EOF'],
  // Type ids the stream never defined.
  ['type id 0 into int', '0100', [t.int], 'TYPE_MISMATCH', 'gob: decoding into local type *int, received remote type unknown type'],
  ['type id 0 skipped', '0100', ['discard', 'schema-less'], 'BAD_DATA', 'gob: bad data: undefined type <nil>'],
  ['reserved type id 10 into int', '03140000', [t.int], 'TYPE_MISMATCH', 'gob: decoding into local type *int, received remote type _reserved1'],
  ['reserved type id 10 into a struct', '03140000', [P], 'TYPE_MISMATCH', 'gob: type mismatch in decoder: want struct type main.P; got non-struct'],
  ['reserved type id 10 skipped', '03140000', ['discard'], 'BAD_DATA', 'gob: bad data: undefined type _reserved1'],
  ['builtin type id 21 (fieldType) into int', '032a0000', [t.int], 'TYPE_MISMATCH', 'gob: decoding into local type *int, received remote type fieldType = struct { Name string; Id int; }'],
  // A remote type is named by its definition's name, which is empty for an unnamed array.
  ['[2^53]int into interface{}', '147f010102ff8000010401f940000000000000000004ff800000', [t.any], 'TYPE_MISMATCH', 'gob: local interface type *interface {} can only be decoded from remote interface type; received concrete type '],
  ['[2^53]int into int', '147f010102ff8000010401f940000000000000000004ff800000', [t.int], 'TYPE_MISMATCH', 'gob: decoding into local type *int, received remote type '],
  ['a message length past Go’s limit', 'f87f0000000000000003020400', [t.int], 'LIMIT', 'invalid message length'],
];

for (const [name, h, targets, code, message] of goTexts) {
  test(`Go's text: ${name}`, () => {
    for (const target of targets) {
      deepStrictEqual(goOutcome(h, target), { code, message }, typeof target === 'string' ? target : String(target.kind));
    }
  });
}

test('a wireType Id of -2^31, the least int32, is in range', () => {
  // Go accepts the definition (it never checks that Id names the type being defined).
  deepStrictEqual(decode(hexBytes('0e7f020102fcffffffff000104000004ff800000')), []);
});

test('after a length prefix Go refuses, the stream goes on after the prefix, as Go does', () => {
  const d = new Decoder();
  // 2^63 - ...: past Go's 8 GiB; then a count byte of more than eight bytes; then int 2.
  d.write(hexBytes('f87f00000000000000 f7 03040004'));
  throws(() => d.next(t.int), { code: 'LIMIT', message: 'invalid message length' });
  throws(() => d.next(t.int), { code: 'BAD_DATA', message: 'gob: encoded unsigned integer out of range' });
  strictEqual(d.next(t.int), 2);
  d.end();
  // A length only the configured limit refuses stops the stream: Go would read that message.
  const small = new Decoder({ maxMessageSize: 16 });
  small.write(hexBytes('20 03040004'));
  throws(() => small.next(t.int), { code: 'LIMIT', message: 'invalid message length: 32 bytes is over maxMessageSize (16)' });
  throws(() => small.next(t.int), { code: 'LIMIT', message: 'invalid message length: 32 bytes is over maxMessageSize (16)' });
});

test('decode with its arguments swapped (a schema where the bytes go) fails at once, typed', () => {
  throws(() => decode(t.slice(t.int) as unknown as Uint8Array, t.int), {
    code: 'INVALID_VALUE',
    message: 'gob: bytes to decode must be a Uint8Array, got an object',
  });
  throws(() => decode('0304' as unknown as Uint8Array), {
    code: 'INVALID_VALUE',
    message: 'gob: bytes to decode must be a Uint8Array, got string',
  });
});

test('a type definition that sets a second kind after its struct decodes as the struct, as Go decodes it', () => {
  // Go's encoding of P{3, 4} with the wireType's end mark (00) flipped to a delta (01), which sets
  // MapT from the empty rest of the message: Go's Decoder still reads P{3 4} through StructT.
  const bytes = Buffer.from('1a7f030101015001ff80000102010158010400010159010400000107ff800106010800', 'hex');
  deepStrictEqual(decode(bytes, t.struct('main.P', { X: t.int, Y: t.int })), { X: 3, Y: 4 });
});

test("map[string]string (read by a loop of its own) fails as Go's decodeMap, naming the entry", () => {
  // map[string]string{"a": "x"} is 0d7f040102ff8000010c010c0000 then 08ff80000101610178 (its
  // count 1, "a", "x"); each case alters the value message.
  const S = t.map(t.string, t.string);
  const type = '0d7f040102ff8000010c010c0000';
  strictEqual(Buffer.from(new Encoder().encode(S, new Map([['a', 'x']]))).toString('hex'), `${type}08ff80000101610178`);
  const cases: [string, string, { code: string; message: string; path: string }][] = [
    ['a count of 2 with one entry', '08ff80000201610178', { code: 'UNEXPECTED_EOF', message: 'EOF', path: 'map[string]string[?]' }],
    ['a key without its element', '06ff8000010161', { code: 'UNEXPECTED_EOF', message: 'EOF', path: 'map[string]string["a"]' }],
    [
      'a key longer than the message',
      '08ff80000105610178',
      { code: 'BAD_DATA', message: 'gob: bad string slice length: 0', path: 'map[string]string[?]' },
    ],
    [
      'an element longer than the message',
      '08ff80000101610978',
      { code: 'BAD_DATA', message: 'gob: bad string slice length: 0', path: 'map[string]string["a"]' },
    ],
  ];
  for (const [what, value, want] of cases) throws(() => decode(hexBytes(type + value), S), want, what);
});
