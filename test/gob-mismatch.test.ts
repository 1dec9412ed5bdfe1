// Remote types that do not fit the local schema, and wire values that become JavaScript lengths,
// indexes or property names: each gives a GobError, never a plain TypeError or RangeError. The
// mismatch texts were recorded from Go 1.26 decoding the same bytes into the same Go types; the
// extremes table pins our texts, which are Go's wherever Go reaches the same check.
import { deepStrictEqual, strictEqual } from 'node:assert/strict';
import { test } from 'node:test';
import { decode, Decoder, goString, isGobError, type Schema, t } from '../src/gob/index.js';
import { makeWire, TypeId, writeWireType } from '../src/gob/wire.js';
import { Writer } from '../src/gob/writer.js';

const hex = (h: string) => new Uint8Array(Buffer.from(h.replaceAll(' ', ''), 'hex'));
const P = t.struct('main.P', { X: t.int });
const MISMATCH = 'gob: type mismatch in decoder: want struct type main.P; got non-struct';

/** The error `decode` throws, as { code, message }, after checking that it is a GobError. */
function failure(bytes: string, schema?: Schema): { code: string; message: string } {
  try {
    if (schema) decode(hex(bytes), schema);
    else decode(hex(bytes));
  } catch (e) {
    strictEqual(isGobError(e), true, `not a GobError: ${e}`);
    const { code, message } = e as { code: string; message: string };
    return { code, message };
  }
  return { code: 'none', message: 'no error' };
}

// Each stream is Go's own encoding of the first type (gob.NewEncoder(...).Encode); Go's
// compatibleType accepts any remote type for a local struct, and compileDec then finds that the
// remote type is not a struct.
const structMismatches: Array<[string, string, Schema]> = [
  ['[]int{} into []main.P (issue 9)', '0b7f020102ff80000104000004ff800000', t.slice(P)],
  ['[]int{1, 2} into []main.P', '0b7f020102ff80000104000006ff8000020204', t.slice(P)],
  ['map[string]int into map[string]main.P', '0eff81040102ff8200010c0104000007ff820001016102', t.map(t.string, P)],
  ['map[string]int{} into map[string]main.P', '0eff81040102ff8200010c0104000004ff820000', t.map(t.string, P)],
  ['[]string into []*main.P', '0cff83020102ff8400010c000006ff8400010161', t.slice(t.ptr(P))],
  ['map[int]string into map[main.P]string', '0eff85040102ff86000104010c000007ff860001020161', t.map(P, t.string)],
  ['[2]int into [2]main.P', '0eff87010102ff880001040104000006ff8800020204', t.array(P, 2)],
  [
    'struct{A []int} into struct{A []main.P}',
    '17ff8903010102534101ff8a00010101014101ff800000000b7f020102ff80000104000006ff8a01010200',
    t.struct('main.SB', { A: t.slice(P) }),
  ],
  ['struct{A int} into struct{A main.P}', '16ff8b03010102534301ff8c000101010141010400000005ff8c010200', t.struct('main.SD', { A: P })],
  ['[]int into main.P', '0b7f020102ff80000104000005ff80000102', P],
];

for (const [name, bytes, schema] of structMismatches) {
  test(`struct element of a non-struct remote type: ${name}`, () => {
    deepStrictEqual(failure(bytes, schema), { code: 'TYPE_MISMATCH', message: MISMATCH });
  });
}

test("a struct element whose remote type id is undefined: Go's errBadType", () => {
  // type 64 = []id99, never defined; decoded into []main.P.
  deepStrictEqual(failure('0c7f020102ff800001ffc6000004ff800000', t.slice(P)), {
    code: 'BAD_DATA',
    message: 'gob: unknown type id or corrupted data',
  });
});

/** Go's Decode(nil): the error discarding the single value of `bytes`, or 'no error'. */
function discardFailure(bytes: string): { code: string; message: string } {
  const d = new Decoder();
  d.write(hex(bytes));
  try {
    d.discard();
  } catch (e) {
    strictEqual(isGobError(e), true, `not a GobError: ${e}`);
    const { code, message } = e as { code: string; message: string };
    return { code, message };
  }
  return { code: 'none', message: 'no error' };
}

const OUT_OF_RANGE = 'gob: bad data: array length outside [0, 2^53 - 1]';

/** A stream defining type 64 as [len]int (len as sent, any int64), then a value with count 0. */
function arrayStream(len: bigint): string {
  const w = new Writer();
  w.fork();
  w.int(-64);
  writeWireType(w, { ...makeWire('array', '', 64, { elem: TypeId.int }), len: 0 });
  w.join(1 << 30);
  // writeWireType takes a number; write the length field by hand so it can exceed 2^53.
  const def = Buffer.from(w.take()).toString('hex').replace(/0000$/, '');
  const lenField = new Writer();
  lenField.uint(1);
  lenField.intBig(len);
  const body = def.slice(2) + Buffer.from(lenField.take()).toString('hex') + '0000';
  return (body.length / 2).toString(16).padStart(2, '0') + body + '04ff800000';
}

test("the issue's array type of length 2^53 is bad data, schema-less and inside an interface", () => {
  const bytes = '147f010102ff8000010401f940000000000000000004ff800000';
  strictEqual(arrayStream(2n ** 53n), bytes);
  const outOfRange = { code: 'BAD_DATA', message: OUT_OF_RANGE };
  deepStrictEqual(failure(bytes), outOfRange);
  // Go's Decode(nil) of the same bytes.
  deepStrictEqual(discardFailure(bytes), { code: 'BAD_DATA', message: 'gob: length mismatch in ignoreArray' });
  // struct { V interface{} } holding it, with no registry: the interface's type is derived too.
  const w = new Writer();
  w.fork();
  w.int(-65);
  writeWireType(w, makeWire('struct', 'S', 65, { fields: [{ name: 'V', id: TypeId.interface }] }));
  w.join(1 << 30);
  w.fork();
  w.int(65);
  w.raw(hex('01 01 41 ff80 02 00 00 00'));
  w.join(1 << 30);
  const inInterface = bytes.slice(0, 42) + Buffer.from(w.take()).toString('hex');
  deepStrictEqual(failure(inInterface), outOfRange);
  deepStrictEqual(failure(inInterface, t.struct('main.S', { V: t.any })), outOfRange);
});

test('array types of every length near the limits: a GobError each, never a TypeError', () => {
  const cases: Array<[bigint, string]> = [
    [2n ** 53n - 1n, 'gob: length mismatch in decodeArray'],
    [2n ** 53n, OUT_OF_RANGE],
    [2n ** 62n, OUT_OF_RANGE],
    [2n ** 63n - 1n, OUT_OF_RANGE],
    [-1n, OUT_OF_RANGE],
    [-(2n ** 63n), OUT_OF_RANGE],
  ];
  for (const [len, message] of cases) {
    const bytes = arrayStream(len);
    deepStrictEqual(failure(bytes), { code: 'BAD_DATA', message }, `length ${len}`);
    deepStrictEqual(failure(bytes, t.any).code, 'TYPE_MISMATCH', `length ${len} into t.any`);
    deepStrictEqual(
      discardFailure(bytes),
      { code: 'BAD_DATA', message: 'gob: length mismatch in ignoreArray' },
      `discarding length ${len}`,
    );
  }
});

// Every place a wire value becomes a JavaScript length, index or property name, fed the
// extremes (2^64 - 1, 2^53, just past the bytes left): each fails with a GobError.
const MAX = 'f8ffffffffffffffff'; // 2^64 - 1 as a gob uint
const P53 = 'f920000000000000'; // 2^53

/** A framed message of the given hex bytes. */
function msg(h: string): string {
  const body = h.replaceAll(' ', '');
  const w = new Writer();
  w.uint(body.length / 2);
  return Buffer.from(w.take()).toString('hex') + body;
}

/** A framed type definition. */
function def(wire: Parameters<typeof writeWireType>[1]): string {
  const w = new Writer();
  w.fork();
  w.int(-wire.id);
  writeWireType(w, wire);
  w.join(1 << 30);
  return Buffer.from(w.take()).toString('hex');
}

const Pdef = def(makeWire('struct', 'P', 65, { fields: [{ name: 'X', id: TypeId.int }] }));
const Sdef = def(makeWire('struct', 'S', 66, { fields: [{ name: 'V', id: TypeId.interface }] }));
const intSlice = def(makeWire('slice', '', 64, { elem: TypeId.int }));
const anySlice = def(makeWire('slice', '', 64, { elem: TypeId.interface }));
const pSlice = def(makeWire('slice', '', 64, { elem: 65 }));
const intMap = def(makeWire('map', '', 64, { key: TypeId.int, elem: TypeId.int }));
const anyArray33 = (() => {
  const h = arrayStream(2n ** 33n).replace('0104', '0110'); // elem interface instead of int
  return h.slice(0, h.length - 10);
})();
const bigIntDef = def(makeWire('gob', 'big.Int', 64));

type Target = Schema | 'schema-less' | 'discard';
const wireValues: Array<[string, string, Target[], string, string]> = [
  ['string length 2^64 - 1', msg(`0c 00 ${MAX}`), [t.string], 'BAD_DATA', 'gob: bad string slice length: 0'],
  ['string length 2^53', msg(`0c 00 ${P53}`), [t.string, 'schema-less'], 'BAD_DATA', 'gob: bad string slice length: 0'],
  ['string length 2^64 - 1, skipped', msg(`0c 00 ${MAX}`), ['discard'], 'BAD_DATA', 'gob: slice length too large'],
  [
    'string length 2^64 - 1 into a named string',
    msg(`0c 00 ${MAX}`),
    [t.named('main.Name', t.string)],
    'BAD_DATA',
    'gob: bad main.Name slice length: 0',
  ],
  ['[]byte length 2^64 - 1', msg(`0a 00 ${MAX}`), [t.bytes, 'schema-less'], 'BAD_DATA', 'gob: bad []uint8 slice length: 0'],
  [
    '[]int count 2^64 - 1',
    intSlice + msg(`ff80 00 ${MAX}`),
    [t.slice(t.int), 'schema-less'],
    'BAD_DATA',
    'gob: int slice too big: 18446744073709551615 elements of 8 bytes',
  ],
  [
    '[]int count 2^31',
    intSlice + msg('ff80 00 fc80000000 02'),
    [t.slice(t.int)],
    'BAD_DATA',
    // Go refuses a slice of more than 2^33 bytes before reading it (8-byte ints here).
    'gob: int slice too big: 2147483648 elements of 8 bytes',
  ],
  [
    '[]int count 2^31, skipped',
    intSlice + msg('ff80 00 fc80000000 02'),
    ['discard'],
    'BAD_DATA',
    'gob: decoding array or slice: length exceeds input size (2147483648 elements)',
  ],
  [
    '[]main.P count 2^31',
    Pdef + pSlice + msg('ff80 00 fc80000000 00'),
    [t.slice(P)],
    'BAD_DATA',
    'gob: main.P slice too big: 2147483648 elements of 8 bytes',
  ],
  [
    '[]interface{} count 2^64 - 1',
    anySlice + msg(`ff80 00 ${MAX}`),
    [t.slice(t.any), 'schema-less'],
    'BAD_DATA',
    'gob: interface {} slice too big: 18446744073709551615 elements of 16 bytes',
  ],
  [
    '[2^33]interface{} count 2^33',
    anyArray33 + msg('ff80 00 fb0200000000 00'),
    [t.array(t.any, 2 ** 33)],
    'BAD_DATA',
    'gob: decoding array or slice: length exceeds input size (8589934592 elements)',
  ],
  [
    '[2]int count 2^64 - 1',
    def(makeWire('array', '', 64, { elem: TypeId.int, len: 2 })) + msg(`ff80 00 ${MAX}`),
    [t.array(t.int, 2), 'schema-less'],
    'BAD_DATA',
    'gob: length mismatch in decodeArray',
  ],
  ['struct field delta 2^64 - 1', Pdef + msg(`ff82 ${MAX}`), [P, 'schema-less'], 'BAD_DATA', 'gob: decode: corrupted data: negative delta'],
  [
    'struct field delta 2^64 - 1, skipped',
    Pdef + msg(`ff82 ${MAX}`),
    ['discard'],
    'BAD_DATA',
    'gob: ignore decode: corrupted data: negative delta',
  ],
  [
    'struct field delta 2^63 - 1',
    Pdef + msg('ff82 f8 7fffffffffffffff'),
    [P, 'discard'],
    'BAD_DATA',
    'gob: bad data: field numbers out of bounds',
  ],
  [
    'interface name length 2^64 - 1',
    Sdef + msg(`ff84 01 ${MAX}`),
    [t.struct('main.S', { V: t.any }), 'schema-less'],
    'BAD_DATA',
    'gob: invalid type name length 18446744073709552000',
  ],
  [
    'interface name length 2^31 - 1',
    Sdef + msg('ff84 01 fc7fffffff'),
    [t.struct('main.S', { V: t.any })],
    'BAD_DATA',
    'gob: invalid type name length 2147483647: exceeds input size',
  ],
  [
    'interface name length 2^64 - 1, skipped',
    Sdef + msg(`ff84 01 ${MAX}`),
    ['discard'],
    'BAD_DATA',
    'gob: bad interface encoding: name too large for buffer',
  ],
  [
    'interface value length 2^64 - 1, skipped',
    Sdef + msg(`ff84 01 03 696e74 04 ${MAX}`),
    ['discard'],
    'BAD_DATA',
    'gob: bad interface encoding: data length too large for buffer',
  ],
  [
    'GobEncoder data length 2^64 - 1',
    bigIntDef + msg(`ff80 00 ${MAX}`),
    [t.bigInt, 'schema-less'],
    'BAD_DATA',
    'gob: GobDecoder: length too large for buffer',
  ],
  [
    'GobEncoder data length 2^64 - 1, skipped',
    bigIntDef + msg(`ff80 00 ${MAX}`),
    ['discard'],
    'BAD_DATA',
    'gob: GobDecoder: length too large for buffer',
  ],
  // Go's typeId is an int32: 2^62 is id 0 there, and 2^32 + 4 is 4 (float64).
  [
    'value type id 2^62',
    msg('f8 8000000000000000 00'),
    [t.int],
    'TYPE_MISMATCH',
    'gob: decoding into local type *int, received remote type unknown type',
  ],
  [
    'value type id 2^62, schema-less',
    msg('f8 8000000000000000 00'),
    ['schema-less', 'discard'],
    'BAD_DATA',
    'gob: bad data: undefined type <nil>',
  ],
  [
    'value type id 2^32 + 4',
    msg('f8 0000000200000008 00'),
    [t.int],
    'TYPE_MISMATCH',
    'gob: decoding into local type *int, received remote type float',
  ],
  // The float that id announces is missing: the read meets the end of the message (io.EOF in Go).
  ['value type id 2^32 + 4, read as its type', msg('f8 0000000200000008 00'), ['schema-less', 'discard'], 'UNEXPECTED_EOF', 'EOF'],
  [
    'wire struct field count 2^64 - 1',
    msg(`7f 03 01 01 0150 01 ff80 00 01 ${MAX}`) + msg('ff80 00'),
    [P, 'schema-less', 'discard'],
    'BAD_DATA',
    'gob: gob.fieldType slice too big: 18446744073709551615 elements of 24 bytes',
  ],
  [
    'wireType field delta 2^64 - 1',
    msg(`7f ${MAX}`),
    [t.int, 'schema-less', 'discard'],
    'BAD_DATA',
    'gob: decode: corrupted data: negative delta',
  ],
  [
    'an unsigned integer of 9 bytes',
    msg('0c 00 f7 0102030405060708 09'),
    [t.string, 'schema-less', 'discard'],
    'BAD_DATA',
    'gob: encoded unsigned integer out of range',
  ],
  ['message length 2^64 - 1', MAX, [t.int, 'schema-less', 'discard'], 'LIMIT', 'invalid message length'],
];

for (const [name, bytes, targets, code, message] of wireValues) {
  test(`wire value as a length or index: ${name}`, () => {
    for (const target of targets) {
      const got = target === 'discard' ? discardFailure(bytes) : failure(bytes, target === 'schema-less' ? undefined : target);
      deepStrictEqual(got, { code, message }, typeof target === 'string' ? target : `into ${goString(target)}`);
    }
  });
}

test('field names off the wire that name Object.prototype members are own fields', () => {
  const names = ['constructor', 'toString', 'hasOwnProperty', '__proto__', 'valueOf'];
  const bytes =
    def(makeWire('struct', 'O', 64, { fields: names.map((name) => ({ name, id: TypeId.int })) })) +
    msg('ff80 01 02 01 04 01 06 01 08 01 0a 00');
  const v = decode(hex(bytes)) as Record<string, unknown>;
  deepStrictEqual(
    names.map((n) => Object.hasOwn(v, n) && v[n]),
    [1, 2, 3, 4, 5],
  );
  strictEqual(Object.getPrototypeOf(v), Object.prototype);
});

test("a map count from 2^63 up is a negative int to Go's decodeMap and ignoreMap: no entries", () => {
  // Go 1.26 decodes map[int]int{} from these bytes, and its Decode(nil) skips them.
  const bytes = hex(intMap + msg(`ff80 00 ${MAX}`));
  deepStrictEqual(decode(bytes, t.map(t.int, t.int)), new Map());
  deepStrictEqual(decode(bytes), new Map());
  strictEqual(discardFailure(intMap + msg(`ff80 00 ${MAX}`)).message, 'no error');
});
