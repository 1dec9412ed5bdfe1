// Nil and empty slices, []byte and maps: encoding/json writes a nil one as `null` and an empty
// one as `[]`, `""` or `{}`, so a value read from JSON must be written back the same way, typed
// and schema-less; gob sends both alike and keeps doing so. Expected texts and bytes were taken
// from Go 1.26 (json.Unmarshal then json.Marshal; gob.Encoder).
import { deepStrictEqual, strictEqual } from 'node:assert/strict';
import { describe, test } from 'node:test';
import { decode, encode, isNil, nilBytes, nilMap, nilSlice, t, type Schema } from '../src/gob/index.js';
import { marshal, unmarshal } from '../src/jsonrpc/index.js';

const S = t.struct('main.S', { Ints: t.slice(t.int), B: t.bytes, M: t.map(t.string, t.int) });
const T = t.struct('main.T', {
  A: t.array(t.slice(t.int), 2),
  SS: t.slice(t.slice(t.int)),
  MS: t.map(t.string, t.slice(t.int)),
  MB: t.map(t.string, t.bytes),
  P: t.ptr(t.slice(t.int)),
  PB: t.ptr(t.bytes),
  BS: t.slice(t.bytes),
  AB: t.array(t.bytes, 2),
});

const hex = (s: string) => Uint8Array.from(Buffer.from(s, 'hex'));

describe('JSON null is a nil slice, distinct from []', () => {
  test("unmarshal then marshal gives Go's text, typed", () => {
    const cases: Array<[Schema, string, string]> = [
      [S, '{"Ints":null,"B":null,"M":null}', '{"Ints":null,"B":null,"M":null}'],
      [S, '{"Ints":[],"B":"","M":{}}', '{"Ints":[],"B":"","M":{}}'],
      [S, '{}', '{"Ints":null,"B":null,"M":null}'],
      [S, 'null', '{"Ints":null,"B":null,"M":null}'],
      [S, '{"B":[]}', '{"Ints":null,"B":"","M":null}'],
      [S, '{"B":[1,2]}', '{"Ints":null,"B":"AQI=","M":null}'],
      [S, '{"Ints":[1],"B":"AQ=="}', '{"Ints":[1],"B":"AQ==","M":null}'],
      [S, '{"Ints":[1],"Ints":null}', '{"Ints":null,"B":null,"M":null}'],
      [
        T,
        '{"A":[null,[]],"SS":[null,[],[1]],"MS":{"a":null,"b":[]},"MB":{"a":null,"b":""},"P":null,"PB":null,"BS":[null,"",[]],"AB":[null,""]}',
        '{"A":[null,[]],"SS":[null,[],[1]],"MS":{"a":null,"b":[]},"MB":{"a":null,"b":""},"P":null,"PB":null,"BS":[null,"",""],"AB":[null,""]}',
      ],
      [T, '{"A":null,"P":[],"PB":""}', '{"A":[null,null],"SS":null,"MS":null,"MB":null,"P":[],"PB":"","BS":null,"AB":[null,null]}'],
      [T, '{}', '{"A":[null,null],"SS":null,"MS":null,"MB":null,"P":null,"PB":null,"BS":null,"AB":[null,null]}'],
      [T, '{"A":[[1]]}', '{"A":[[1],null],"SS":null,"MS":null,"MB":null,"P":null,"PB":null,"BS":null,"AB":[null,null]}'],
      [t.slice(t.int), 'null', 'null'],
      [t.slice(t.int), '[]', '[]'],
      [t.bytes, 'null', 'null'],
      [t.bytes, '""', '""'],
      [t.bytes, '[]', '""'],
      [t.array(t.slice(t.int), 2), '[null]', '[null,null]'],
      [t.array(t.slice(t.int), 2), 'null', '[null,null]'],
      [t.slice(t.map(t.string, t.int)), '[null,{}]', '[null,{}]'],
      [t.map(t.string, t.slice(t.string)), '{"x":null,"y":[],"z":["a"]}', '{"x":null,"y":[],"z":["a"]}'],
      [t.ptr(t.slice(t.int)), 'null', 'null'],
      [t.ptr(t.slice(t.int)), '[]', '[]'],
    ];
    for (const [schema, input, want] of cases) strictEqual(marshal(unmarshal(input, schema), schema), want, input);
  });

  test('decoded nil values are empty and say so; empty ones are not nil', () => {
    const v = unmarshal('{"Ints":null,"B":null,"M":null}', S);
    deepStrictEqual(v, { Ints: [], B: new Uint8Array(0), M: new Map() });
    strictEqual(isNil(v.Ints), true);
    strictEqual(isNil(v.B), true);
    strictEqual(isNil(v.M), true);
    const e = unmarshal('{"Ints":[],"B":"","M":{}}', S);
    deepStrictEqual(e, { Ints: [], B: new Uint8Array(0), M: new Map() });
    strictEqual(isNil(e.Ints) || isNil(e.B) || isNil(e.M), false);
    strictEqual(isNil(unmarshal('{}', S).Ints), true);
    const n = unmarshal('{"SS":[null,[]],"A":[null,[]]}', T);
    deepStrictEqual([isNil(n.SS[0]), isNil(n.SS[1]), isNil(n.A[0]), isNil(n.A[1])], [true, false, true, false]);
    strictEqual(isNil(null), true);
    strictEqual(isNil(undefined), true);
    strictEqual(isNil(0), false);
    strictEqual(isNil([1]), false);
  });

  test('a nil value stays nil only while it is empty', () => {
    const a = nilSlice<number>();
    strictEqual(marshal(a, t.slice(t.int)), 'null');
    a.push(1);
    strictEqual(isNil(a), false);
    strictEqual(marshal(a, t.slice(t.int)), '[1]');
    const m = nilMap<string, number>();
    strictEqual(marshal(m, t.map(t.string, t.int)), 'null');
    m.set('a', 1);
    strictEqual(marshal(m, t.map(t.string, t.int)), '{"a":1}');
    // Copies are ordinary empty values.
    strictEqual(marshal([...nilSlice<number>()], t.slice(t.int)), '[]');
    strictEqual(marshal(nilBytes().slice(), t.bytes), '""');
  });

  test('marshal writes nil values as null and empty ones as [], "" or {}, typed and schema-less', () => {
    const nil = { Ints: nilSlice<number>(), B: nilBytes(), M: nilMap<string, number>() };
    const empty = { Ints: [], B: new Uint8Array(0), M: new Map<string, number>() };
    strictEqual(marshal(nil, S), '{"Ints":null,"B":null,"M":null}');
    strictEqual(marshal(empty, S), '{"Ints":[],"B":"","M":{}}');
    strictEqual(marshal({ Ints: null, B: null, M: null } as never, S), '{"Ints":null,"B":null,"M":null}');
    strictEqual(marshal(nil), '{"Ints":null,"B":null,"M":null}');
    strictEqual(marshal(empty), '{"Ints":[],"B":"","M":{}}');
    strictEqual(marshal([nilSlice(), [], nilBytes(), new Uint8Array(0), nilMap(), new Map()]), '[null,[],null,"",null,{}]');
  });

  test('schema-less values keep null and [] apart both ways', () => {
    const v = unmarshal('{"Ints":null,"B":null,"M":null,"E":[],"S":"","O":{},"L":[null,[]]}');
    deepStrictEqual(v, { Ints: null, B: null, M: null, E: [], S: '', O: {}, L: [null, []] });
    strictEqual(marshal(v), '{"Ints":null,"B":null,"M":null,"E":[],"S":"","O":{},"L":[null,[]]}');
  });
});

describe('gob has no nil slices on the wire, and nothing changes there', () => {
  // Go's gob.NewEncoder(w).Encode(S{}) and Encode(S{Ints: []int{}, B: []byte{}, M: map[string]int{}}):
  // nil and empty slices are both omitted; an empty map is sent, a nil one is not.
  const goNil = hex(
    '257f030101015301ff800001030104496e747301ff8200010142010a0001014d01ff8400000013ff81020101055b5d696e7401ff8200010400001eff830401010e6d61705b737472696e675d696e7401ff8400010c0104000003ff8000',
  );
  const goEmpty = hex(
    '257f030101015301ff800001030104496e747301ff8200010142010a0001014d01ff8400000013ff81020101055b5d696e7401ff8200010400001eff830401010e6d61705b737472696e675d696e7401ff8400010c0104000005ff80030000',
  );

  test('the nil representation encodes as Go encodes nil; empty values as Go encodes empty ones', () => {
    deepStrictEqual(encode(S, { Ints: nilSlice(), B: nilBytes(), M: nilMap() }), goNil);
    deepStrictEqual(encode(S, { Ints: null, B: null, M: null } as never), goNil);
    deepStrictEqual(encode(S, { Ints: [], B: new Uint8Array(0), M: new Map() }), goEmpty);
    deepStrictEqual(encode(S, unmarshal('{"Ints":null,"B":null,"M":null}', S)), goNil);
    deepStrictEqual(encode(S, unmarshal('{"Ints":[],"B":"","M":{}}', S)), goEmpty);
    // Top level and inside slices, nil and empty are the same zero length (Go, each on a fresh
    // process: Encode([]int(nil)) and Encode([]int{}), Encode([][]int{nil, {}})).
    const ints = hex('0b7f020102ff80000104000004ff800000');
    deepStrictEqual(encode(t.slice(t.int), nilSlice()), ints);
    deepStrictEqual(encode(t.slice(t.int), []), ints);
    deepStrictEqual(encode(t.bytes, nilBytes()), hex('030a0000'));
    deepStrictEqual(
      encode(t.slice(t.slice(t.int)), [nilSlice(), []]),
      hex('0dff81020102ff820001ff8000000b7f020102ff80000104000006ff8200020000'),
    );
  });

  test("fields gob left out are Go's nil, so JSON writes them as Go would", () => {
    strictEqual(marshal(decode(goNil, S), S), '{"Ints":null,"B":null,"M":null}');
    strictEqual(marshal(decode(goNil)), '{"Ints":null,"B":null,"M":null}');
    // Go's decoder leaves the omitted empty slices nil too; the sent empty map stays empty.
    strictEqual(marshal(decode(goEmpty, S), S), '{"Ints":null,"B":null,"M":{}}');
  });

  test("slices gob sent with no elements decode as Go's decoder leaves them: nil", () => {
    // Go: gob-decode Encode([][]int{nil, {}}), Encode([]int{}), Encode([]byte{}) into fresh
    // variables, then json.Marshal: [null,null], null, null.
    const nested = hex('0dff81020102ff820001ff8000000b7f020102ff80000104000006ff8200020000');
    strictEqual(marshal(decode(nested, t.slice(t.slice(t.int))), t.slice(t.slice(t.int))), '[null,null]');
    strictEqual(marshal(decode(nested)), '[null,null]');
    strictEqual(marshal(decode(hex('0b7f020102ff80000104000004ff800000'), t.slice(t.int)), t.slice(t.int)), 'null');
    strictEqual(marshal(decode(hex('030a0000'), t.bytes), t.bytes), 'null');
    strictEqual(marshal(decode(hex('030a0000'))), 'null');
    // Elements that came stay as they were.
    deepStrictEqual(decode(encode(t.slice(t.slice(t.int)), [[1], []]), t.slice(t.slice(t.int))), [[1], []]);
    strictEqual(marshal(decode(encode(t.bytes, Uint8Array.of(7)), t.bytes), t.bytes), '"Bw=="');
  });
});
