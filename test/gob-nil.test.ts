// A top-level nil through the one-shot encode(): Go's Encoder.Encode(nil) fails with
// `gob: cannot encode nil value` and a nil *T with `gob: cannot encode nil pointer of type *T`;
// a nil slice, map, []byte or interface is a value and encodes as Go encodes it.
import { deepStrictEqual } from 'node:assert/strict';
import { test } from 'node:test';
import { decode, encode, type GobError, nilSlice, type Schema, t } from '../src/gob/index.js';

const Args = t.struct('main.Args', { A: t.int, B: t.int });

test("encode() of null or undefined fails as Go's Encode of nil; nil-able kinds encode", () => {
  const table: Array<[Schema, string]> = [
    [Args, 'gob: cannot encode nil value'],
    [t.int, 'gob: cannot encode nil value'],
    [t.string, 'gob: cannot encode nil value'],
    [t.array(t.int, 2), 'gob: cannot encode nil value'],
    [t.ptr(Args), 'gob: cannot encode nil pointer of type *main.Args'],
  ];
  for (const [schema, message] of table) {
    for (const nil of [null, undefined]) {
      let got: unknown;
      try {
        encode(schema, nil as never);
      } catch (e) {
        got = e;
      }
      const e = got as GobError;
      deepStrictEqual([e?.name, e?.code, e?.message], ['GobError', 'INVALID_VALUE', message], `${schema.kind} ${String(nil)}`);
    }
  }
  deepStrictEqual(decode(encode(t.slice(t.int), nilSlice<number>()), t.slice(t.int)), []);
  deepStrictEqual(decode(encode(t.struct('main.S', { L: t.slice(t.int) }), { L: nilSlice<number>() })), { L: [] });
});
