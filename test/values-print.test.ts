// Issue 12 point 7: decoded values print and serialise naturally. GoTime writes Go's
// Time.MarshalJSON and Time.String texts (the table below is what Go 1.x prints for the same
// times after a gob round trip); interface values keep their schema but do not show it.
import { deepStrictEqual, strictEqual } from 'node:assert/strict';
import { test } from 'node:test';
import { inspect } from 'node:util';
import { decode, encode, Encoder, GoTime, t } from '../src/gob/index.js';
import { marshal } from '../src/jsonrpc/index.js';

const SEC_2009 = 63_393_490_800n; // 2009-11-10 23:00:00 UTC in Go's internal seconds.
const SEC_2024 = 63_844_765_323n; // 2024-02-29 01:02:03 UTC.

// [time, Go's Time.String(), Go's json.Marshal text or null where Go refuses]
const TIMES: Array<[GoTime, string, string | null]> = [
  [GoTime.zero, '0001-01-01 00:00:00 +0000 UTC', '"0001-01-01T00:00:00Z"'],
  [new GoTime(SEC_2009, 0, null), '2009-11-10 23:00:00 +0000 UTC', '"2009-11-10T23:00:00Z"'],
  [new GoTime(SEC_2009 - 3600n, 500_000_000, 3600), '2009-11-10 23:00:00.5 +0100 +0100', '"2009-11-10T23:00:00.5+01:00"'],
  [
    new GoTime(SEC_2024 + 19_800n, 123_456_789, -19_800),
    '2024-02-29 01:02:03.123456789 -0530 -0530',
    '"2024-02-29T01:02:03.123456789-05:30"',
  ],
  [new GoTime(SEC_2024 - 5415n, 1000, 5415), '2024-02-29 01:02:03.000001 +0130 +0130', '"2024-02-29T01:02:03.000001+01:30"'],
  [new GoTime(-63_158_400n, 0, null), '-0001-01-01 00:00:00 +0000 UTC', null],
  [new GoTime(389_552_573_350n, 0, null), '12345-06-07 08:09:10 +0000 UTC', null],
];

test('GoTime prints as Go: toString is Time.String, JSON.stringify is Time.MarshalJSON', () => {
  for (const [time, goString, goJson] of TIMES) {
    const decoded = decode(encode(t.time, time), t.time);
    strictEqual(String(decoded), goString);
    strictEqual(`${decoded}`, goString);
    // Where Go refuses the year, toJSON still gives a string rather than throwing.
    strictEqual(JSON.stringify(decoded), goJson ?? JSON.stringify(goString));
    if (goJson !== null) strictEqual(marshal(decoded), goJson);
    strictEqual(inspect(decoded), `GoTime(${decoded.toJSON()})`);
  }
});

test('JSON.stringify of structs holding times no longer throws on the bigint field', () => {
  const Event = t.struct('main.Event', { Name: t.string, At: t.time });
  const v = decode(encode(Event, { Name: 'x', At: new GoTime(SEC_2009, 0, null) }), Event);
  strictEqual(JSON.stringify(v), '{"Name":"x","At":"2009-11-10T23:00:00Z"}');
  strictEqual(inspect(v), "{ Name: 'x', At: GoTime(2009-11-10T23:00:00Z) }");
});

test('decoded interface values hide their schema from printing and JSON, and still round-trip', () => {
  const Point = t.struct('main.Point', { X: t.int, Y: t.int });
  const Holder = t.struct('main.Holder', { V: t.any, N: t.int });
  const bytes = new Encoder().encode(Holder, { V: { name: 'main.Point', value: { X: 1, Y: 2 }, schema: Point }, N: 3 });
  // Decoded with the schema, and schema-less (where the schema is built from the stream).
  const decoded: any[] = [decode(bytes, Holder), decode(bytes)];
  for (const v of decoded) {
    strictEqual(JSON.stringify(v), '{"V":{"name":"main.Point","value":{"X":1,"Y":2}},"N":3}');
    strictEqual(inspect(v, { depth: 5 }), "{ V: { name: 'main.Point', value: { X: 1, Y: 2 } }, N: 3 }");
    deepStrictEqual(Object.keys(v.V), ['name', 'value']);
    strictEqual(v.V.schema.kind, 'struct');
    // Re-encoding uses the hidden schema: the same bytes come back, with or without a registry.
    deepStrictEqual(new Encoder().encode(Holder, v), bytes);
  }
  // The JSON layer encodes a decoded interface value by its (hidden) schema, as before.
  strictEqual(marshal(decode(bytes, Holder)), '{"V":{"X":1,"Y":2},"N":3}');
});
