// Remote types that do not fit the local schema, and wire values that become JavaScript lengths,
// indexes or property names: each gives a GobError with Go's text (recorded from Go 1.26 decoding
// the same bytes into the same Go types), never a plain TypeError or RangeError.
import { deepStrictEqual, strictEqual, throws } from 'node:assert/strict';
import { test } from 'node:test';
import { decode, isGobError, type Schema, t } from '../src/gob/index.js';

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
