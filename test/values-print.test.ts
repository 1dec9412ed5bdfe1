// Issue 12 point 7: decoded values print and serialise naturally. GoTime writes Go's
// Time.MarshalJSON and Time.String texts (the table below is what Go 1.x prints for the same
// times after a gob round trip); interface values keep their schema but do not show it.
import { deepStrictEqual, strictEqual, throws } from 'node:assert/strict';
import { test } from 'node:test';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { inspect } from 'node:util';
import { decode, encode, Encoder, type GoInterface, GoTime, interfaceSchema, nilBytes, nilMap, nilSlice, t } from '../src/gob/index.js';
import { JsonError, JsonErrorCode, jsonReplacer, marshal } from '../src/jsonrpc/index.js';
import { RpcError, RpcErrorCode, ServerError } from '../src/rpc/index.js';
import { toJSON, toText } from '../src/cli/format.js';

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
    strictEqual(interfaceSchema(v.V)?.kind, 'struct');
    strictEqual(v.V.schema, undefined);
    // Re-encoding uses the hidden schema: the same bytes come back, with or without a registry.
    deepStrictEqual(new Encoder().encode(Holder, v), bytes);
  }
  // The JSON layer encodes a decoded interface value by its (hidden) schema, as before.
  strictEqual(marshal(decode(bytes, Holder)), '{"V":{"X":1,"Y":2},"N":3}');
  // Anything but an object has no schema.
  strictEqual(interfaceSchema(5 as never), undefined);
  strictEqual(interfaceSchema(null as never), undefined);
});

test('a second copy of the package reads the schemas the first gave decoded interface values', async (t2) => {
  // The compiled package copied elsewhere and loaded again: a second copy, as two installed
  // versions or a bundle beside node_modules are.
  const dir = mkdtempSync(join(tmpdir(), 'gobrpc-copy-'));
  t2.after(() => rmSync(dir, { recursive: true, force: true }));
  cpSync(fileURLToPath(new URL('../src', import.meta.url)), join(dir, 'src'), { recursive: true });
  const copy = (await import(pathToFileURL(join(dir, 'src', 'index.js')).href)) as typeof import('../src/index.js');
  strictEqual(copy.encode === encode, false);
  const Point = t.struct('main.Point', { X: t.int, Y: t.int });
  const Holder = t.struct('main.Holder', { V: t.any, N: t.int });
  const bytes = new Encoder().encode(Holder, { V: { name: 'main.Point', value: { X: 1, Y: 2 }, schema: Point }, N: 3 });
  const v = decode(bytes) as { V: GoInterface; N: number };
  // Point is registered nowhere: only the schema the first copy's decoder gave can encode it.
  strictEqual(copy.interfaceSchema(v.V)?.kind, 'struct');
  deepStrictEqual(copy.encode(Holder, v), bytes);
  strictEqual(copy.jsonrpc.marshal(v.V), '{"X":1,"Y":2}');
  // And the other way round.
  const w = copy.decode(bytes) as { V: GoInterface; N: number };
  deepStrictEqual(encode(Holder, w), bytes);
});

test('jsonReplacer: JSON.stringify of every kind of decoded value reads as encoding/json writes it, and throws on none', () => {
  const Point = t.struct('main.Point', { X: t.int, Y: t.int });
  const All = t.struct('main.All', {
    I64: t.int64n,
    Small: t.int64n,
    U64: t.uint64n,
    Big: t.bigInt,
    NegBig: t.bigInt,
    NilBig: t.bigInt,
    B: t.bytes,
    NoB: t.bytes,
    F: t.float64,
    Inf: t.float64,
    NegInf: t.float64,
    ByName: t.map(t.string, t.int),
    ById: t.map(t.int64, t.string),
    ByFlag: t.map(t.bool, t.string),
    NoMap: t.map(t.string, t.int),
    NoSlice: t.slice(t.int),
    Empty: t.slice(t.int),
    At: t.time,
    V: t.any,
    C: t.complex128,
  });
  const value = {
    I64: 1n << 60n,
    Small: -5n,
    U64: (1n << 64n) - 1n,
    Big: 10n ** 30n,
    NegBig: -(2n ** 53n),
    NilBig: null,
    B: new Uint8Array([1, 2, 3, 250]),
    NoB: nilBytes(),
    F: Number.NaN,
    Inf: Infinity,
    NegInf: -Infinity,
    // Go sorts a map's keys by their bytes: "é" (c3 a9) after "z", "😀" (f0 ...) after "\uffee" (ef ...).
    ByName: new Map([
      ['z', 1],
      ['é', 2],
      ['a', 3],
      ['😀', 4],
      ['\uffee', 5],
      ['__proto__', 6],
    ]),
    ById: new Map([
      [10, 'ten'],
      [-2, 'minus two'],
      [9, 'nine'],
    ]),
    ByFlag: new Map([
      [true, 'yes'],
      [false, 'no'],
    ]),
    NoMap: nilMap<string, number>(),
    NoSlice: nilSlice<number>(),
    Empty: [1],
    At: new GoTime(SEC_2009, 0, null),
    V: { name: 'main.Point', value: { X: 1, Y: 2 }, schema: Point },
    C: { real: 1.5, imag: -2 },
  };
  const bytes = new Encoder().encode(All, value);
  // ById: Go writes "-2","10","9" (sorted as strings), but a JavaScript object lists names that
  // are array indices first, in numeric order, whatever order they were defined in.
  const decoded = decode(bytes, All);
  const before = decode(bytes, All);
  const json =
    '{"I64":"1152921504606846976","Small":-5,"U64":"18446744073709551615","Big":"1000000000000000000000000000000",' +
    '"NegBig":"-9007199254740992","NilBig":null,"B":"AQID+g==","NoB":null,"F":"NaN","Inf":"+Inf","NegInf":"-Inf",' +
    '"ByName":{"__proto__":6,"a":3,"z":1,"é":2,"\uffee":5,"😀":4},"ById":{"9":"nine","10":"ten","-2":"minus two"},' +
    '"ByFlag":[[true,"yes"],[false,"no"]],"NoMap":null,"NoSlice":null,"Empty":[1],"At":"2009-11-10T23:00:00Z",' +
    '"V":{"name":"main.Point","value":{"X":1,"Y":2}},"C":{"real":1.5,"imag":-2}}';
  strictEqual(JSON.stringify(decoded, jsonReplacer), json);
  // The replacer changes nothing in the value, which still re-encodes to the same bytes.
  deepStrictEqual(decoded, before);
  deepStrictEqual(new Encoder().encode(All, decoded), bytes);
  // Go's json.Marshal of the same value, where Go can write it (exact numbers, no NaN, no bool keys).
  const { F, Inf, NegInf, ByFlag, ...rest } = decoded;
  strictEqual(
    marshal(rest),
    '{"I64":1152921504606846976,"Small":-5,"U64":18446744073709551615,"Big":1000000000000000000000000000000,' +
      '"NegBig":-9007199254740992,"NilBig":null,"B":"AQID+g==","NoB":null,' +
      '"ByName":{"__proto__":6,"a":3,"z":1,"é":2,"\uffee":5,"😀":4},"ById":{"-2":"minus two","10":"ten","9":"nine"},' +
      '"NoMap":null,"NoSlice":null,"Empty":[1],"At":"2009-11-10T23:00:00Z","V":{"X":1,"Y":2},"C":{"real":1.5,"imag":-2}}',
  );
});

test('jsonReplacer: schema-less decoding (int64 past 2^53 inside an interface), top-level values, Buffers, indentation', () => {
  const Holder = t.struct('main.Holder', { V: t.any, M: t.map(t.string, t.any) });
  const bytes = new Encoder().encode(Holder, {
    V: { name: 'int64', value: 1n << 60n, schema: t.int64n },
    M: new Map([['k', { name: '[]uint8', value: new Uint8Array([104, 105]), schema: t.bytes }]]),
  });
  const v = decode(bytes);
  strictEqual(
    JSON.stringify(v, jsonReplacer),
    '{"V":{"name":"int64","value":"1152921504606846976"},"M":{"k":{"name":"[]uint8","value":"aGk="}}}',
  );
  strictEqual(JSON.stringify(1n, jsonReplacer), '1');
  strictEqual(JSON.stringify(new Uint8Array([255]), jsonReplacer), '"/w=="');
  strictEqual(JSON.stringify(Buffer.from('hi'), jsonReplacer), '"aGk="');
  strictEqual(JSON.stringify(new Map([[GoTime.zero, 1]]), jsonReplacer), '{"0001-01-01T00:00:00Z":1}');
  strictEqual(JSON.stringify(new Map([[1.5, 'x']]), jsonReplacer), '[[1.5,"x"]]');
  strictEqual(JSON.stringify(new Map(), jsonReplacer), '{}');
  strictEqual(JSON.stringify({ a: new Map([['b', 2n]]) }, jsonReplacer, 2), '{\n  "a": {\n    "b": 2\n  }\n}');
});

test('GoTime keeps its fields enumerable, so deepStrictEqual tells two times apart', () => {
  deepStrictEqual(Object.keys(GoTime.zero), ['sec', 'nsec', 'offset']);
  deepStrictEqual(decode(encode(t.time, new GoTime(SEC_2009, 5, 3600)), t.time), new GoTime(SEC_2009, 5, 3600));
  throws(() => deepStrictEqual(new GoTime(SEC_2009, 0, null), new GoTime(SEC_2009, 1, null)));
  throws(() => deepStrictEqual(new GoTime(SEC_2009, 0, null), new GoTime(SEC_2009, 0, 0)));
});

test('errors serialise with their name, code and message (and path and call where set)', () => {
  strictEqual(JSON.stringify(new ServerError('boom')), '{"name":"ServerError","code":"SERVER","message":"boom"}');
  strictEqual(
    JSON.stringify(new RpcError(RpcErrorCode.Shutdown, 'connection is shut down', { cause: new Error('x') })),
    '{"name":"RpcError","code":"SHUTDOWN","message":"connection is shut down"}',
  );
  strictEqual(
    JSON.stringify(new JsonError(JsonErrorCode.Syntax, 'invalid character', { offset: 3 })),
    '{"name":"JsonError","code":"SYNTAX","message":"invalid character","offset":3}',
  );
  const Args = t.struct('main.Args', { Items: t.slice(t.struct('main.Item', { Count: t.int })) });
  const e = (() => {
    try {
      encode(Args, { Items: [{ Count: 1 }, { Count: 2.5 }] });
    } catch (thrown) {
      return thrown;
    }
  })();
  strictEqual(
    JSON.stringify(e),
    '{"name":"GobError","code":"INVALID_VALUE","message":"Args.Items[1].Count: gob: cannot encode number 2.5 as int: not an integer","path":"Args.Items[1].Count"}',
  );
});

test('slices held in typed arrays print as slices: jsonReplacer, and the JSON and Go text of the command line', () => {
  const v = { Xs: new Float64Array([1.5, -0, Number.NaN]), Ns: new Int32Array([1, -2]), Bs: new BigInt64Array([-(2n ** 63n), 7n]) };
  strictEqual(JSON.stringify(v, jsonReplacer), '{"Xs":[1.5,0,"NaN"],"Ns":[1,-2],"Bs":["-9223372036854775808",7]}');
  const S = t.slice(t.float64, { as: Float64Array });
  strictEqual(toJSON(new Float64Array([1, 1.5, -0]), S), '[1,1.5,-0]');
  strictEqual(toText(new Float64Array([1, 1.5, -0]), S), '[]float64{1, 1.5, -0}');
  const B = t.slice(t.int64n, { as: BigInt64Array });
  strictEqual(toText(new BigInt64Array([1n, -5n]), B), '[]int64{1, -5}');
});
