// Remote types that do not fit the local schema, and wire values that become JavaScript lengths,
// indexes or property names: each gives a GobError with Go's text (recorded from Go 1.26 decoding
// the same bytes into the same Go types), never a plain TypeError or RangeError.
import { deepStrictEqual, strictEqual, throws } from 'node:assert/strict';
import { test } from 'node:test';
import { decode, Decoder, isGobError, type Schema, t } from '../src/gob/index.js';
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
  ['struct{A []int} into struct{A []main.P}', '17ff8903010102534101ff8a00010101014101ff800000000b7f020102ff80000104000006ff8a01010200', t.struct('main.SB', { A: t.slice(P) })],
  ['struct{A int} into struct{A main.P}', '16ff8b03010102534301ff8c000101010141010400000005ff8c010200', t.struct('main.SD', { A: P })],
  ['[]int into main.P', '0b7f020102ff80000104000005ff80000102', P],
];

for (const [name, bytes, schema] of structMismatches) {
  test(`struct element of a non-struct remote type: ${name}`, () => {
    deepStrictEqual(failure(bytes, schema), { code: 'TYPE_MISMATCH', message: MISMATCH });
  });
}

test('a struct element whose remote type id is undefined: Go\'s errBadType', () => {
  // type 64 = []id99, never defined; decoded into []main.P.
  deepStrictEqual(failure('0c7f020102ff800001ffc6000004ff800000', t.slice(P)), {
    code: 'BAD_DATA', message: 'gob: unknown type id or corrupted data',
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
  w.beginMessage();
  w.int(-64);
  writeWireType(w, { ...makeWire('array', '', 64, { elem: TypeId.int }), len: 0 });
  w.endMessage(1 << 30);
  // writeWireType takes a number; write the length field by hand so it can exceed 2^53.
  const def = Buffer.from(w.take()).toString('hex').replace(/0000$/, '');
  const lenField = new Writer();
  lenField.uint(1);
  lenField.intBig(len);
  const body = def.slice(2) + Buffer.from(lenField.take()).toString('hex') + '0000';
  return (body.length / 2).toString(16).padStart(2, '0') + body + '04ff800000';
}

test('the issue\'s array type of length 2^53 is bad data, schema-less and inside an interface', () => {
  const bytes = '147f010102ff8000010401f940000000000000000004ff800000';
  strictEqual(arrayStream(2n ** 53n), bytes);
  const outOfRange = { code: 'BAD_DATA', message: OUT_OF_RANGE };
  deepStrictEqual(failure(bytes), outOfRange);
  // Go's Decode(nil) of the same bytes.
  deepStrictEqual(discardFailure(bytes), { code: 'BAD_DATA', message: 'gob: length mismatch in ignoreArray' });
  // struct { V interface{} } holding it, with no registry: the interface's type is derived too.
  const w = new Writer();
  w.beginMessage();
  w.int(-65);
  writeWireType(w, makeWire('struct', 'S', 65, { fields: [{ name: 'V', id: TypeId.interface }] }));
  w.endMessage(1 << 30);
  w.beginMessage();
  w.int(65);
  w.raw(hex('01 01 41 ff80 02 00 00 00'));
  w.endMessage(1 << 30);
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
    deepStrictEqual(discardFailure(bytes), { code: 'BAD_DATA', message: 'gob: length mismatch in ignoreArray' }, `discarding length ${len}`);
  }
});
