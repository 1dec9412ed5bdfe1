// The JSON reader and writer under the JSON-RPC codecs: a stream of concatenated values split
// at every offset scans the same; Go's syntax and type error texts; integers exact beyond
// 2^53; base64, floats, strings, maps, time.Time and structs exactly as encoding/json writes
// them. Expected texts were taken from Go 1.26's encoding/json.
import { deepStrictEqual, strictEqual, throws } from 'node:assert/strict';
import { describe, test } from 'node:test';
import { decode as gobDecode, encode as gobEncode, type GoInterface, GoTime, t, type Schema, TypeRegistry } from '../src/gob/index.js';
import { JsonErrorCode, JsonScanner, marshal, unmarshal } from '../src/jsonrpc/index.js';
import { base64Decode, base64Encode } from '../src/jsonrpc/base64.js';
import { formatGoValue } from '../src/jsonrpc/client.js';

const utf8 = new TextEncoder();
const text = new TextDecoder();

/** Scans `chunks` in order and returns every value's text, then what EOF leaves. */
function scanAll(chunks: Uint8Array[], options = {}): { values: string[]; pending: boolean } {
  const s = new JsonScanner(options);
  const values: string[] = [];
  for (const c of chunks) {
    s.write(c);
    for (let v = s.next(); v !== undefined; v = s.next()) values.push(text.decode(v));
  }
  const last = s.finish();
  if (last) values.push(text.decode(last));
  return { values, pending: s.pending };
}

/** Expects `f` to throw a JsonError with `code` and exactly `message`. */
function throwsJson(f: () => unknown, code: string, message: string): void {
  throws(f, { name: 'JsonError', code, message });
}

describe('scanner', () => {
  // Values back to back, with and without whitespace, strings holding braces, quotes and
  // escapes, numbers that end only at the next byte, literals, nesting.
  const stream =
    '{"method":"A.B","params":[{"s":"}{][\\"\\\\","n":-12.5e+3}],"id":1}' +
    '{"id":"x"}\n \t[1,[2,{}],[]]"str\\u00e9\\ud83d\\ude00"true false null 12 -0 3.25E-2 {"a":{"b":{"c":[null]}}}\r\n' +
    '"\u00e9\u{1F600}"7';
  const expected = [
    '{"method":"A.B","params":[{"s":"}{][\\"\\\\","n":-12.5e+3}],"id":1}',
    '{"id":"x"}',
    '[1,[2,{}],[]]',
    '"str\\u00e9\\ud83d\\ude00"',
    'true',
    'false',
    'null',
    '12',
    '-0',
    '3.25E-2',
    '{"a":{"b":{"c":[null]}}}',
    '"\u00e9\u{1F600}"',
    '7',
  ];
  const bytes = utf8.encode(stream);

  test('a stream of concatenated values splits into the same values at every offset', () => {
    deepStrictEqual(scanAll([bytes]).values, expected);
    for (let i = 0; i <= bytes.length; i++) {
      deepStrictEqual(scanAll([bytes.subarray(0, i), bytes.subarray(i)]).values, expected, `split at ${i}`);
    }
  });

  test('one byte at a time, and every pair of split points on a shorter stream', () => {
    deepStrictEqual(scanAll(Array.from(bytes, (b) => Uint8Array.of(b))).values, expected);
    const short = bytes.subarray(0, 80);
    const whole = scanAll([short]);
    for (let i = 0; i <= short.length; i++) {
      for (let j = i; j <= short.length; j++) {
        deepStrictEqual(scanAll([short.subarray(0, i), short.subarray(i, j), short.subarray(j)]), whole, `split at ${i}, ${j}`);
      }
    }
  });

  test('objects, arrays, strings and literals are handed over at their last byte; numbers at the next', () => {
    const s = new JsonScanner();
    s.write(utf8.encode('{"a":1}'));
    strictEqual(text.decode(s.next()!), '{"a":1}');
    s.write(utf8.encode('"x"true'));
    strictEqual(text.decode(s.next()!), '"x"');
    strictEqual(text.decode(s.next()!), 'true');
    s.write(utf8.encode('42'));
    strictEqual(s.next(), undefined);
    s.write(utf8.encode(' '));
    strictEqual(text.decode(s.next()!), '42');
    strictEqual(s.pending, false);
  });

  test('a value cut short is pending at EOF; whitespace alone is not', () => {
    deepStrictEqual(scanAll([utf8.encode('{"a":1} {"b":')]), { values: ['{"a":1}'], pending: true });
    deepStrictEqual(scanAll([utf8.encode('{"a":1} \n ')]), { values: ['{"a":1}'], pending: false });
    deepStrictEqual(scanAll([utf8.encode('"abc')]).pending, true);
  });

  test("bad input: Go's syntax error texts, and the error sticks", () => {
    const cases: Array<[string, string]> = [
      ['{"a" 1}', "invalid character '1' after object key"],
      ['[1,]', "invalid character ']' looking for beginning of value"],
      ['{"a":1,}', "invalid character '}' looking for beginning of object key string"],
      ['[1 2]', "invalid character '2' after array element"],
      ['{"a":1 "b":2}', "invalid character '\"' after object key:value pair"],
      ['"\\x"', "invalid character 'x' in string escape code"],
      ['"\\u12g4"', "invalid character 'g' in \\u hexadecimal character escape"],
      ['"a\u0001"', "invalid character '\\x01' in string literal"],
      ['1.e', "invalid character 'e' after decimal point in numeric literal"],
      ['-a', "invalid character 'a' in numeric literal"],
      ['1e+a', "invalid character 'a' in exponent of numeric literal"],
      ['tx', "invalid character 'x' in literal true (expecting 'r')"],
      ['nulx', "invalid character 'x' in literal null (expecting 'l')"],
      ['fals0', "invalid character '0' in literal false (expecting 'e')"],
      ['{1:2}', "invalid character '1' looking for beginning of object key string"],
      ["'a'", "invalid character '\\'' looking for beginning of value"],
      ['}', "invalid character '}' looking for beginning of value"],
      ['\u00e9', "invalid character 'Ã' looking for beginning of value"],
    ];
    for (const [input, message] of cases) {
      const s = new JsonScanner();
      s.write(utf8.encode(input));
      throwsJson(() => s.next(), JsonErrorCode.Syntax, message);
      throwsJson(() => s.next(), JsonErrorCode.Syntax, message);
    }
  });

  test('values before a syntax error are still handed over', () => {
    const s = new JsonScanner();
    s.write(utf8.encode('{"a":1}\n{"b":}'));
    strictEqual(text.decode(s.next()!), '{"a":1}');
    throwsJson(() => s.next(), JsonErrorCode.Syntax, "invalid character '}' looking for beginning of value");
  });

  test('maxMessageSize bounds one value, not the whitespace between values', () => {
    const s = new JsonScanner({ maxMessageSize: 16 });
    s.write(utf8.encode(' '.repeat(100) + '{"a":"0123456"}' + ' '.repeat(100)));
    strictEqual(text.decode(s.next()!), '{"a":"0123456"}');
    strictEqual(s.next(), undefined);
    s.write(utf8.encode('{"a":"0123456789ab'));
    throwsJson(() => s.next(), JsonErrorCode.Limit, 'jsonrpc: JSON value larger than the limit of 16 bytes');
    // Bytes arriving one at a time are refused as soon as the limit is passed.
    const t2 = new JsonScanner({ maxMessageSize: 8 });
    let thrown = 0;
    for (const b of utf8.encode('["aaaaaaaaaaaaaaaaaaaaaaaa"]')) {
      t2.write(Uint8Array.of(b));
      try {
        t2.next();
      } catch {
        thrown++;
        break;
      }
    }
    strictEqual(thrown, 1);
  });

  test('nesting deeper than maxDepth is refused as Go does', () => {
    const s = new JsonScanner({ maxDepth: 3 });
    s.write(utf8.encode('[[[1]]][[[['));
    strictEqual(text.decode(s.next()!), '[[[1]]]');
    throwsJson(() => s.next(), JsonErrorCode.Syntax, "invalid character '[' exceeded max depth");
    // Go's own limit, 10,000, is accepted and decoded without exhausting the stack.
    const deep = '['.repeat(10_000) + ']'.repeat(10_000);
    deepStrictEqual(scanAll([utf8.encode(deep)]).values.length, 1);
    let v = unmarshal(deep) as unknown[];
    for (let i = 1; i < 10_000; i++) v = v[0] as unknown[];
    deepStrictEqual(v, []);
    throwsJson(() => unmarshal('['.repeat(10_001) + ']'.repeat(10_001)), JsonErrorCode.Syntax, "invalid character '[' exceeded max depth");
  });
});

describe('unmarshal', () => {
  test('whole-document errors as json.Unmarshal', () => {
    throwsJson(() => unmarshal(''), JsonErrorCode.Syntax, 'unexpected end of JSON input');
    throwsJson(() => unmarshal('[1'), JsonErrorCode.Syntax, 'unexpected end of JSON input');
    throwsJson(() => unmarshal('-'), JsonErrorCode.Syntax, "invalid character ' ' in numeric literal");
    throwsJson(() => unmarshal('nul'), JsonErrorCode.Syntax, "invalid character ' ' in literal null (expecting 'l')");
    throwsJson(() => unmarshal('{"a":1}x'), JsonErrorCode.Syntax, "invalid character 'x' after top-level value");
    throwsJson(() => unmarshal('01'), JsonErrorCode.Syntax, "invalid character '1' after top-level value");
  });

  test('schema-less values are plain JSON, integers beyond 2^53 as bigint', () => {
    deepStrictEqual(
      unmarshal(
        '{"a":[1,2.5,-0,1e3,9007199254740991,9007199254740993,-12345678901234567890,18446744073709551615],"b":null,"c":{"__proto__":true}}',
      ),
      {
        a: [1, 2.5, -0, 1000, 9007199254740991, 9007199254740993n, -12345678901234567890n, 18446744073709551615n],
        b: null,
        c: Object.defineProperty({}, '__proto__', { value: true, enumerable: true, writable: true, configurable: true }),
      },
    );
    throwsJson(() => unmarshal('1e400'), JsonErrorCode.Type, 'json: cannot unmarshal number 1e400 into Go value of type float64');
  });

  test('64-bit integers are exact with bigint schemas, and refused when a number cannot hold them', () => {
    const S = t.struct('main.S', { I: t.int64n, U: t.uint64n, N: t.int64, A: t.intAuto });
    deepStrictEqual(unmarshal('{"I":-9223372036854775808,"U":18446744073709551615,"N":9007199254740991,"A":9007199254740993}', S), {
      I: -(2n ** 63n),
      U: 2n ** 64n - 1n,
      N: 9007199254740991,
      A: 9007199254740993n,
    });
    throwsJson(
      () => unmarshal('9223372036854775808', t.int64n),
      JsonErrorCode.Type,
      'json: cannot unmarshal number 9223372036854775808 into Go value of type int64',
    );
    throwsJson(
      () => unmarshal('18446744073709551616', t.uint64n),
      JsonErrorCode.Type,
      'json: cannot unmarshal number 18446744073709551616 into Go value of type uint64',
    );
    throwsJson(
      () => unmarshal('9007199254740993', t.int64),
      JsonErrorCode.Range,
      'json: cannot unmarshal number 9007199254740993 into Go value of type int64: not exact beyond 2^53 as a number, decode it with a bigint schema (t.int64n, t.uint64n, t.intn, t.uintn)',
    );
    // A map key past 2^53 in a number key schema: Go's text for the key, then the same hint.
    throwsJson(
      () => unmarshal('{"M":{"9007199254740993":1}}', t.struct('main.S', { M: t.map(t.int64, t.int) })),
      JsonErrorCode.Range,
      'json: cannot unmarshal number 9007199254740993 into Go struct field S.M of type int64: not exact beyond 2^53 as a number, decode it with a bigint schema (t.int64n, t.uint64n, t.intn, t.uintn)',
    );
  });

  test("Go's UnmarshalTypeError texts, field paths included", () => {
    const Inner = t.struct('main.Inner', { A: t.int });
    const Outer = t.struct('main.Outer', { In: Inner, P: t.ptr(Inner), U: t.uint8, F32: t.float32 });
    const cases: Array<[string, Schema, string]> = [
      ['{"In":{"A":"x"}}', Outer, 'json: cannot unmarshal string into Go struct field Inner.In.A of type int'],
      ['{"U":300}', Outer, 'json: cannot unmarshal number 300 into Go struct field Outer.U of type uint8'],
      ['{"U":-1}', Outer, 'json: cannot unmarshal number -1 into Go struct field Outer.U of type uint8'],
      ['{"F32":1e39}', Outer, 'json: cannot unmarshal number 1e39 into Go struct field Outer.F32 of type float32'],
      ['{"P":{"A":1.5}}', Outer, 'json: cannot unmarshal number 1.5 into Go struct field Inner.P.A of type int'],
      ['{"In":5}', Outer, 'json: cannot unmarshal number into Go struct field Outer.In of type main.Inner'],
      ['[1]', Outer, 'json: cannot unmarshal array into Go value of type main.Outer'],
      ['{"a":1}', t.int, 'json: cannot unmarshal object into Go value of type int'],
      ['{"1":"a","x":"b"}', t.map(t.int, t.string), 'json: cannot unmarshal number x into Go value of type int'],
      ['{"A":1}', t.map(Inner, t.int), 'json: cannot unmarshal object into Go value of type map[main.Inner]int'],
      ['1', t.complex128, 'json: cannot unmarshal number into Go value of type complex128'],
      ['true', t.slice(t.string), 'json: cannot unmarshal bool into Go value of type []string'],
    ];
    for (const [input, schema, message] of cases) throwsJson(() => unmarshal(input, schema), JsonErrorCode.Type, message);
  });

  test('unknown members of every shape are skipped to their exact end', () => {
    const S = t.struct('main.S', { A: t.int, B: t.string });
    // Strings ending in runs of backslashes (escaped or not), quotes and brackets inside strings,
    // numbers with exponents, literals, nested containers, whitespace everywhere.
    const unknown = [
      '"plain"',
      '""',
      '"\\\\"',
      '"a\\\\"',
      '"a\\\\\\\\"',
      '"a\\\\\\\\\\\\"',
      '"\\""',
      '"\\\\\\""',
      '"x\\"}]\\\\"',
      '"\\\\\\"\\\\"',
      '-12.5e+3',
      '0',
      '1E9',
      'true',
      'false',
      'null',
      '[]',
      '{}',
      ' [ 1 , "]" , { "k" : [ null , "}" ] } , -0.0 ] ',
      '{"a":{"b":{"c":["\\"", 2e-7, {}]}}}',
      `"${'y'.repeat(5000)}\\"${'z'.repeat(5000)}"`,
      // Escapes on either side of where a short string's loop hands over to indexOf.
      ...Array.from({ length: 8 }, (_, k) => `"${'a'.repeat(27 + k)}\\\\\\"${'b'.repeat(40)}\\\\"`),
      ...Array.from({ length: 8 }, (_, k) => `"${'a'.repeat(27 + k)}\\\\"`),
    ];
    for (const u of unknown) {
      const json = `{"x":${u},"A":7,"y":${u},"B":"b","z":${u}}`;
      deepStrictEqual(unmarshal(json, S), { A: 7, B: 'b' }, json);
      deepStrictEqual(unmarshal(`[${u},${u}]`, t.array(t.int, 0)), [], u);
    }
  });

  test('keys are matched folded however many distinct unknown keys come first', () => {
    const S = t.struct('main.S', { Alpha: t.int, ID: t.int });
    // More distinct unknown keys than a struct decoder remembers, then keys that fold to the
    // fields, each several times (the last one wins, as Go).
    const members = Array.from({ length: 600 }, (_, i) => `"k${i}":${i}`);
    members.push('"alpha":1', '"ALPHA":2', '"id":3', '"Id":4', '"k5":5', '"iD":5', '"alpha":6');
    deepStrictEqual(unmarshal(`{${members.join(',')}}`, S), { Alpha: 6, ID: 5 });
    deepStrictEqual(unmarshal('{"\u0061lpha":1,"\u212a":2,"ALPHA":3}', t.struct('main.T', { Alpha: t.int, K: t.int })), { Alpha: 3, K: 2 });
    // Keys matched as bytes (plain ASCII) and as text (escaped, non-ASCII), in a small struct
    // and in one with more fields than are matched as bytes; an exact name wins over a fold.
    const fields: Record<string, Schema> = { ab: t.int, AB: t.int, Ab: t.int, é: t.int };
    for (let i = 0; i < 40; i++) fields[`F${i}`] = t.int;
    const small = t.struct('main.Small', { ab: t.int, AB: t.int, Ab: t.int, é: t.int });
    const large = t.struct('main.Large', fields);
    const json = '{"aB":1,"AB":2,"\\u0041b":3,"\\u00e9":4,"f39":5,"x":6,"F0":7,"f0":8,"\\u00c9":9}';
    deepStrictEqual(unmarshal(json, small), { ab: 1, AB: 2, Ab: 3, é: 9 });
    const expected: Record<string, number> = { ab: 1, AB: 2, Ab: 3, é: 9 };
    for (let i = 0; i < 40; i++) expected[`F${i}`] = 0;
    expected.F39 = 5;
    expected.F0 = 8;
    deepStrictEqual(unmarshal(json, large), expected);
  });

  test('structs: exact names, then case-insensitive; unknown members skipped; null leaves zero', () => {
    const S = t.struct('main.S', { Name: t.string, ID: t.int, Tags: t.slice(t.string), P: t.ptr(t.int), M: t.map(t.string, t.int) });
    deepStrictEqual(unmarshal('{"name":"a","Id":7,"extra":{"x":[1,{"y":"}"}]},"tags":null,"P":null,"M":{"b":2,"a":1}}', S), {
      Name: 'a',
      ID: 7,
      Tags: [],
      P: null,
      M: new Map([
        ['b', 2],
        ['a', 1],
      ]),
    });
    deepStrictEqual(unmarshal('null', S), { Name: '', ID: 0, Tags: [], P: null, M: new Map() });
    deepStrictEqual(unmarshal('[1,2,3,4]', t.array(t.int, 3)), [1, 2, 3]);
    deepStrictEqual(unmarshal('[1]', t.array(t.int, 3)), [1, 0, 0]);
  });

  test('structs: absent fields get their zero values (nil slices and maps), fields stay in schema order', () => {
    const Inner = t.struct('main.In', { N: t.int });
    const S = t.struct('main.S', {
      A: t.int,
      L: t.slice(t.string),
      M: t.map(t.string, t.int),
      I: Inner,
      P: t.ptr(Inner),
      // A computed key: a plain `__proto__:` in a literal would set the prototype instead.
      ['__proto__']: t.string,
      Z: t.string,
    });
    const texts = [
      '{}',
      '{"Z":"z","A":1}',
      '{"L":[],"M":{}}',
      '{"L":["x"],"l":["y"],"unknown":[1,{"a":2}],"I":{"N":3},"P":{"N":4},"__proto__":"p"}',
      '{"a":5,"A":6,"L":null,"M":null}',
    ];
    for (const text of texts) {
      const v = unmarshal(text, S) as Record<string, unknown>;
      deepStrictEqual(Object.keys(v), ['A', 'L', 'M', 'I', 'P', '__proto__', 'Z'], text);
      strictEqual(Object.getPrototypeOf(v), Object.prototype, text);
    }
    const zero = { A: 1, L: [], M: new Map(), I: { N: 0 }, P: null, Z: 'z' } as Record<string, unknown>;
    Object.defineProperty(zero, '__proto__', { value: '', enumerable: true, writable: true, configurable: true });
    const got = unmarshal('{"Z":"z","A":1}', S) as Record<string, unknown>;
    deepStrictEqual({ ...got }, { ...zero });
    strictEqual(Object.getOwnPropertyDescriptor(got, '__proto__')?.value, '');
    strictEqual(Object.getPrototypeOf(got), Object.prototype);
    // Absent and null slices and maps are nil (null again), empty ones empty, as encoding/json.
    strictEqual(marshal(unmarshal('{"Z":"z","A":1}', S), S), '{"A":1,"L":null,"M":null,"I":{"N":0},"P":null,"__proto__":"","Z":"z"}');
    strictEqual(marshal(unmarshal('{"L":[],"M":{}}', S), S), '{"A":0,"L":[],"M":{},"I":{"N":0},"P":null,"__proto__":"","Z":""}');
    strictEqual(
      marshal(unmarshal('{"L":["x"],"l":["y"],"unknown":[1,{"a":2}],"I":{"N":3},"P":{"N":4},"__proto__":"p"}', S), S),
      '{"A":0,"L":["y"],"M":null,"I":{"N":3},"P":{"N":4},"__proto__":"p","Z":""}',
    );
    strictEqual(
      marshal(unmarshal('{"a":5,"A":6,"L":null,"M":null}', S), S),
      '{"A":6,"L":null,"M":null,"I":{"N":0},"P":null,"__proto__":"","Z":""}',
    );
    // A schema that repeats a field name (one built from a peer's stream may) keeps the value
    // decoded for that name.
    const dupFields = [
      { name: 'A', schema: t.int },
      { name: 'A', schema: t.int },
      { name: 'B', schema: t.int },
    ];
    const Dup = t.struct('main.Dup', (() => dupFields) as unknown as () => Record<string, Schema>);
    deepStrictEqual(unmarshal('{"A":5}', Dup), { A: 5, B: 0 });
    deepStrictEqual(unmarshal('{"A":5,"B":1}', Dup), { A: 5, B: 1 });
    // Past 30 fields the struct is zeroed whole first: the same values.
    const wide = t.struct('main.W', Object.fromEntries(Array.from({ length: 33 }, (_, i) => [`F${i}`, i % 2 ? t.slice(t.int) : t.int])));
    const w = unmarshal('{"F32":7,"F1":[1],"F3":null}', wide) as Record<string, unknown>;
    deepStrictEqual(
      Object.keys(w),
      Array.from({ length: 33 }, (_, i) => `F${i}`),
    );
    strictEqual(marshal(w, wide).slice(0, 40), '{"F0":0,"F1":[1],"F2":0,"F3":null,"F4":0');
    strictEqual(w.F32, 7);
  });

  test("strings: escapes, surrogate pairs, and Go's U+FFFD for lone surrogates and invalid UTF-8", () => {
    strictEqual(unmarshal('"a\\"\\\\\\/\\b\\f\\n\\r\\t\\u0041\\u00e9\\ud83d\\ude00"', t.string), 'a"\\/\b\f\n\r\tA\u00e9\u{1F600}');
    strictEqual(unmarshal('"\\ud83d\\ude00\\ud800x\\udc00"', t.string), '\u{1F600}\ufffdx\ufffd');
    strictEqual(unmarshal('"\\ud800\\u0041"', t.string), '\ufffdA');
    strictEqual(
      unmarshal(Uint8Array.of(0x22, 0xff, 0xe2, 0x82, 0x61, 0xc3, 0xa9, 0xed, 0xa0, 0x80, 0x22), t.string),
      '\ufffd\ufffd\ufffda\u00e9\ufffd\ufffd\ufffd',
    );
    const long = 'x'.repeat(10_000) + '\u00e9';
    strictEqual(unmarshal(JSON.stringify(long), t.string), long);
  });

  test("[]byte from Go's base64 (and from an array of numbers), with Go's errors", () => {
    deepStrictEqual(unmarshal('"AQID+g=="', t.bytes), Uint8Array.of(1, 2, 3, 250));
    deepStrictEqual(unmarshal('"AQ\\n=="', t.bytes), Uint8Array.of(1));
    deepStrictEqual(unmarshal('[1,2,255]', t.bytes), Uint8Array.of(1, 2, 255));
    deepStrictEqual(unmarshal('""', t.bytes), new Uint8Array(0));
    for (const [input, at] of [
      ['"AQID+g="', 7],
      ['"AQ=x"', 2],
      ['"A"', 0],
      ['"AQ==="', 4],
      ['"A*=="', 1],
    ] as const) {
      throwsJson(() => unmarshal(input, t.bytes), JsonErrorCode.Marshaler, `illegal base64 data at input byte ${at}`);
    }
  });

  test('time.Time from RFC 3339, *big.Int from a number', () => {
    deepStrictEqual(unmarshal('"2023-11-15T03:43:20.123456789+05:30"', t.time), new GoTime(63835596800n, 123456789, 19800));
    deepStrictEqual(unmarshal('"0001-01-01T00:00:00Z"', t.time), GoTime.zero);
    deepStrictEqual(unmarshal('null', t.time), GoTime.zero);
    throwsJson(
      () => unmarshal('"2023-02-30T00:00:00Z"', t.time),
      JsonErrorCode.Marshaler,
      'parsing time "2023-02-30T00:00:00Z": day out of range',
    );
    throwsJson(() => unmarshal('5', t.time), JsonErrorCode.Marshaler, 'Time.UnmarshalJSON: input is not a JSON string');
    // Go 1.26's json.Unmarshal into a time.Time: digits past nanoseconds dropped, the last
    // instant of year 9999 at the widest offset, year 0, and each field's range error.
    deepStrictEqual(unmarshal('"2023-11-15T03:43:20.1234567891234+05:30"', t.time), new GoTime(63835596800n, 123456789, 19800));
    deepStrictEqual(unmarshal('"9999-12-31T23:59:59.999999999-23:59"', t.time), new GoTime(315537983939n, 999999999, -86340));
    deepStrictEqual(unmarshal('"0000-01-01T00:00:00Z"', t.time), new GoTime(-31622400n, 0, null));
    deepStrictEqual(unmarshal('"2023-11-15T03:43:20+23:59"', t.time), new GoTime(63835530260n, 0, 86340));
    for (const [text, field] of [
      ['2023-13-15T03:43:20Z', 'month'],
      ['2023-11-15T24:43:20Z', 'hour'],
      ['2023-11-15T03:60:20Z', 'minute'],
      ['2023-11-15T03:43:60Z', 'second'],
    ]) {
      throwsJson(() => unmarshal(JSON.stringify(text), t.time), JsonErrorCode.Marshaler, `parsing time "${text}": ${field} out of range`);
    }
    strictEqual(unmarshal('1267650600228229401496703205376', t.bigInt), 2n ** 100n);
    strictEqual(unmarshal('null', t.bigInt), null);
    throwsJson(() => unmarshal('"12"', t.bigInt), JsonErrorCode.Marshaler, 'math/big: cannot unmarshal "\\"12\\"" into a *big.Int');
    throwsJson(() => unmarshal('1.5', t.bigInt), JsonErrorCode.Marshaler, 'math/big: cannot unmarshal "1.5" into a *big.Int');
  });
});

describe('marshal', () => {
  test("floats in Go's shortest form, float32 by its own digits", () => {
    const cases: Array<[number, 32 | 64, string]> = [
      [0.1, 32, '0.1'],
      [1e-7, 32, '1e-7'],
      [3.4e38, 32, '3.4e+38'],
      [16777216, 32, '16777216'],
      [1.5e-6, 32, '0.0000015'],
      [1e-45, 32, '1e-45'],
      // Halfway between two decimals of the shortest length: Go takes the even digit.
      [2499999.25, 32, '2499999.2'],
      [-1048576.25, 32, '-1048576.2'],
      [2499999.75, 32, '2499999.8'],
      // A power of two, whose interval is narrower below: Go's digits are one fewer than the
      // nearest decimal of nine.
      [2 ** 87, 32, '1.5474251e+26'],
      [2 ** -96, 32, '1.2621775e-29'],
      [1e21, 64, '1e+21'],
      [1e20, 64, '100000000000000000000'],
      [1e-7, 64, '1e-7'],
      [123456789.123, 64, '123456789.123'],
      [-0, 64, '-0'],
      [5e-324, 64, '5e-324'],
      [Number.MAX_VALUE, 64, '1.7976931348623157e+308'],
    ];
    for (const [v, bits, want] of cases) strictEqual(marshal(v, bits === 32 ? t.float32 : t.float64), want, `${v} as float${bits}`);
    throwsJson(() => marshal(NaN, t.float64), JsonErrorCode.Unsupported, 'json: unsupported value: NaN');
    throwsJson(() => marshal(-Infinity), JsonErrorCode.Unsupported, 'json: unsupported value: -Inf');
    throwsJson(() => marshal({ real: 1, imag: 2 }, t.complex128), JsonErrorCode.Unsupported, 'json: unsupported type: complex128');
  });

  test('strings HTML-safe as json.Encoder writes them', () => {
    strictEqual(
      marshal('<a&b>\u2028\u2029\n\u0001\u007f\u00e9"\\\b\f\r\t'),
      '"\\u003ca\\u0026b\\u003e\\u2028\\u2029\\n\\u0001\u007f\u00e9\\"\\\\\\b\\f\\r\\t"',
    );
    strictEqual(marshal('\ud800x\u{1F600}'), '"\\ufffdx\u{1F600}"');
  });

  test('integers exact over 64 bits, and range-checked', () => {
    strictEqual(marshal(2n ** 63n - 1n, t.int64n), '9223372036854775807');
    strictEqual(marshal(2n ** 64n - 1n, t.uint64n), '18446744073709551615');
    strictEqual(marshal(-0, t.int), '0');
    throwsJson(() => marshal(2n ** 64n, t.uint64n), JsonErrorCode.InvalidValue, 'json: cannot encode bigint as uint64: out of range');
    throwsJson(() => marshal(1.5, t.int), JsonErrorCode.InvalidValue, 'json: cannot encode number 1.5 as int: not an integer');
    throwsJson(() => marshal(256, t.uint8), JsonErrorCode.InvalidValue, 'json: cannot encode number 256 as uint8: out of range');
    throwsJson(() => marshal('1' as never, t.int), JsonErrorCode.InvalidValue, 'json: cannot encode string as int');
  });

  test('[]byte as base64, nil slices and maps as null, maps with sorted string keys', () => {
    strictEqual(marshal(Uint8Array.of(1, 2, 3, 250), t.bytes), '"AQID+g=="');
    strictEqual(marshal(null, t.bytes), 'null');
    strictEqual(marshal(null, t.slice(t.int)), 'null');
    strictEqual(marshal([], t.slice(t.int)), '[]');
    strictEqual(marshal(null, t.map(t.string, t.int)), 'null');
    strictEqual(
      marshal(
        new Map([
          [10, 'x'],
          [9, 'y'],
          [-1, 'z'],
        ]),
        t.map(t.int, t.string),
      ),
      '{"-1":"z","10":"x","9":"y"}',
    );
    strictEqual(marshal({ b: 1, a: 2 } as never, t.map(t.string, t.int)), '{"a":2,"b":1}');
    strictEqual(
      marshal(
        new Map([
          ['\uffff', 1],
          ['\u{10000}', 2],
        ]),
        t.map(t.string, t.int),
      ),
      '{"\uffff":1,"\u{10000}":2}',
    );
    strictEqual(marshal([1, 2, 3], t.array(t.uint8, 3)), '[1,2,3]');
    throwsJson(
      () => marshal(new Map(), t.map(t.struct('main.Inner', { A: t.int }), t.int)),
      JsonErrorCode.Unsupported,
      'json: unsupported type: map[main.Inner]int',
    );
  });

  test("structs in declaration order, missing fields as Go's zero values", () => {
    const S = t.struct('main.S', {
      B: t.int,
      A: t.string,
      L: t.slice(t.int),
      M: t.map(t.string, t.int),
      P: t.ptr(t.int),
      T: t.time,
      Y: t.bytes,
    });
    strictEqual(marshal({ A: 'x', B: 1 } as never, S), '{"B":1,"A":"x","L":null,"M":null,"P":null,"T":"0001-01-01T00:00:00Z","Y":null}');
    strictEqual(
      marshal({ B: 2, A: '', L: [1], M: { k: 1 } as never, P: 5, T: GoTime.fromUnix(0), Y: Uint8Array.of(255) }, S),
      '{"B":2,"A":"","L":[1],"M":{"k":1},"P":5,"T":"1970-01-01T00:00:00Z","Y":"/w=="}',
    );
  });

  test("time.Time as RFC 3339 with nanoseconds, and Go's range errors", () => {
    strictEqual(marshal(GoTime.fromUnix(1700000000, 123456789, 19800), t.time), '"2023-11-15T03:43:20.123456789+05:30"');
    strictEqual(marshal(GoTime.fromUnix(1700019800, 0, null), t.time), '"2023-11-15T03:43:20Z"');
    strictEqual(marshal(GoTime.zero, t.time), '"0001-01-01T00:00:00Z"');
    strictEqual(marshal(GoTime.fromUnix(1672531230, 100, -30), t.time), '"2023-01-01T00:00:00.0000001+00:00"');
    strictEqual(marshal(GoTime.fromUnix(-62135596800n - 86400n * 366n), t.time).length, 0 + '"0000-01-01T00:00:00Z"'.length);
    throwsJson(
      () => marshal(GoTime.fromUnix(253402300800n), t.time),
      JsonErrorCode.Marshaler,
      'json: error calling MarshalJSON for type time.Time: Time.MarshalJSON: year outside of range [0,9999]',
    );
    throwsJson(
      () => marshal(GoTime.fromUnix(946684800, 0, 86400), t.time),
      JsonErrorCode.Marshaler,
      'json: error calling MarshalJSON for type time.Time: Time.MarshalJSON: timezone hour outside of range [0,23]',
    );
    const round = GoTime.fromUnix(-5_000_000_000n, 999_999_999, -3600 * 7);
    deepStrictEqual(unmarshal(marshal(round, t.time), t.time), round);
  });

  test('schema-less values: plain JSON, bigint, bytes, Maps sorted, objects in their own order', () => {
    strictEqual(
      marshal({
        b: 1,
        a: [true, null, 'x', 2n ** 70n, 0.5],
        u: undefined,
        d: Uint8Array.of(0),
        m: new Map([
          [2, 'b'],
          [10, 'a'],
        ]),
      }),
      '{"b":1,"a":[true,null,"x",1180591620717411303424,0.5],"d":"AA==","m":{"10":"a","2":"b"}}',
    );
    strictEqual(marshal({ name: 'main.Inner', value: { A: 1 }, schema: t.struct('main.Inner', { A: t.int }) }), '{"A":1}');
    // A gob-decoded interface value keeps its schema out of sight, and JSON still writes it by
    // that schema (the registered one here: a float32 with float32 digits); a spread copy is a
    // plain object.
    const Inner = t.struct('main.Inner', { A: t.int, F: t.float32 });
    const registry = new TypeRegistry().register(Inner);
    const decoded = gobDecode(gobEncode(t.any, { name: 'main.Inner', value: { A: 1, F: 0.1 }, schema: Inner }), t.any, {
      registry,
    }) as GoInterface;
    strictEqual(marshal(decoded), '{"A":1,"F":0.1}');
    strictEqual(marshal({ ...decoded }), '{"name":"main.Inner","value":{"A":1,"F":0.10000000149011612}}');
  });

  test('round trips of a struct with every kind', () => {
    const Node: Schema<{ V: number; Next: unknown }> = t.struct('main.Node', () => ({ V: t.int, Next: t.ptr(Node) }));
    const S = t.struct('main.All', {
      B: t.bool,
      I8: t.int8,
      U64: t.uint64n,
      F: t.float64,
      S: t.string,
      Y: t.bytes,
      L: t.slice(t.int64n),
      A: t.array(t.string, 2),
      M: t.map(t.uint64n, t.bool),
      N: t.ptr(Node),
      X: t.any,
      T: t.time,
      D: t.duration,
      Big: t.bigInt,
    });
    const v = {
      B: true,
      I8: -128,
      U64: 2n ** 64n - 1n,
      F: 0.1,
      S: 'é<>',
      Y: Uint8Array.of(0, 255),
      L: [-(2n ** 63n)],
      A: ['a', 'b'],
      M: new Map([[2n ** 64n - 1n, true]]),
      N: { V: 1, Next: { V: 2, Next: null } },
      X: { k: [1, 'x'] },
      T: GoTime.fromUnix(1, 5, 3600),
      D: 1_500_000_000,
      Big: -(2n ** 200n),
    };
    deepStrictEqual(unmarshal(marshal(v as never, S), S), v);
  });
});

test("base64 matches Buffer's standard alphabet for every length", () => {
  for (let n = 0; n < 70; n++) {
    const b = Uint8Array.from({ length: n }, (_, i) => (i * 37 + n) & 255);
    strictEqual(base64Encode(b), Buffer.from(b).toString('base64'));
    deepStrictEqual(base64Decode(Buffer.from(b).toString('base64')), b);
  }
});

test('long []byte values (encoded and decoded by Buffer) give the same text and errors as short ones', () => {
  for (const n of [63, 64, 65, 66, 67, 1000, 4096, 100_001]) {
    const b = Uint8Array.from({ length: n }, (_, i) => (i * 7919 + n) & 255);
    // 48 bytes are 64 symbols without padding: the short path's text for each 48-byte piece,
    // joined, is the text of the whole.
    let expected = '';
    for (let i = 0; i < n; i += 48) expected += base64Encode(b.subarray(i, i + 48));
    strictEqual(base64Encode(b), expected, `n=${n}`);
    deepStrictEqual(base64Decode(expected), b, `n=${n}`);
    strictEqual(marshal(b, t.bytes), `"${expected}"`);
    deepStrictEqual(unmarshal(`"${expected}"`, t.bytes), b);
  }
  // Valid quanta in front of each bad ending of the short table: the error moves by their length.
  const prefix = 'AQID'.repeat(30);
  for (const [input, at] of [
    ['AQID+g=', 7],
    ['AQ=x', 2],
    ['A', 0],
    ['AQ===', 4],
    ['A*==', 1],
    ['AQ-_', 2],
    ['AQID AQID', 4],
  ] as const) {
    throwsJson(() => base64Decode(prefix + input), JsonErrorCode.Marshaler, `illegal base64 data at input byte ${prefix.length + at}`);
  }
  // Newlines are skipped (not Buffer's path, same bytes).
  deepStrictEqual(base64Decode(`${prefix}\r\n${prefix}AQ\n==`), Uint8Array.from([...Array(60)].flatMap(() => [1, 2, 3]).concat([1])));
});

test('Go\'s %v of schema-less values, for "invalid error %v"', () => {
  strictEqual(formatGoValue(null), '<nil>');
  strictEqual(
    formatGoValue({ code: -32601, message: 'x', data: [1, 1e6, 1234567, 0.0001, 0.00001, true, null] }),
    'map[code:-32601 data:[1 1e+06 1.234567e+06 0.0001 1e-05 true <nil>] message:x]',
  );
  strictEqual(formatGoValue(12345678901234567890n), '1.2345678901234567e+19');
  strictEqual(formatGoValue(5), '5');
});

test("a schema defined badly fails in the schema layer's words, as a JsonError where it is one, never as gob", () => {
  // Types whose zero value would be infinite (Go cannot declare them; a schema can).
  const T: Schema = t.array(() => T, 1, { name: 'main.T' });
  const H = t.struct('main.H', { T, N: t.int });
  const infinite = (name: string) => `json: invalid recursive type ${name}: its zero value would be infinite`;
  throwsJson(() => marshal(null, T), JsonErrorCode.Unsupported, infinite('main.T'));
  throwsJson(() => marshal({ N: 1 } as never, H), JsonErrorCode.Unsupported, `H.T: ${infinite('main.T')}`);
  throwsJson(() => unmarshal('null', T), JsonErrorCode.Unsupported, infinite('main.T'));
  throwsJson(() => unmarshal('{"N":1}', H), JsonErrorCode.Unsupported, infinite('main.H'));
  // A slice of uint8 is a mistake in the schema itself, refused when its element resolves.
  const bytes = t.slice(() => t.uint8);
  throws(() => marshal([], bytes), { name: 'TypeError', message: "t.slice: []uint8 is Go's []byte: use t.bytes" });
  throws(() => unmarshal('[]', bytes), { name: 'TypeError', message: "t.slice: []uint8 is Go's []byte: use t.bytes" });
});

test('slices held in typed arrays (t.slice option as) marshal as Go writes slices and unmarshal into the same arrays', () => {
  const S = t.struct('main.P', {
    Xs: t.slice(t.float64, { as: Float64Array }),
    Ns: t.slice(t.int32, { as: Int32Array }),
    Bs: t.slice(t.int64n, { as: BigInt64Array }),
  });
  const v = { Xs: new Float64Array([1.5, -0, 2]), Ns: new Int32Array([1, -2]), Bs: new BigInt64Array([-(2n ** 63n)]) };
  const json = marshal(v, S);
  strictEqual(json, '{"Xs":[1.5,-0,2],"Ns":[1,-2],"Bs":[-9223372036854775808]}');
  deepStrictEqual(unmarshal(json, S), v);
  // No nil typed array: an empty one is [], and null reads as an empty one.
  strictEqual(
    marshal({ Xs: new Float64Array(0), Ns: null as unknown as Int32Array, Bs: new BigInt64Array([1n]) }, S),
    '{"Xs":[],"Ns":null,"Bs":[1]}',
  );
  deepStrictEqual(unmarshal('{"Xs":null,"Ns":[],"Bs":[5]}', S), {
    Xs: new Float64Array(0),
    Ns: new Int32Array(0),
    Bs: new BigInt64Array([5n]),
  });
  const failure = (f: () => unknown) => {
    try {
      f();
    } catch (e) {
      return { code: (e as { code: string }).code, message: (e as Error).message };
    }
    return undefined;
  };
  deepStrictEqual(
    failure(() => marshal({ Xs: new Float64Array([Number.NaN]), Ns: new Int32Array(0), Bs: new BigInt64Array(0) }, S)),
    {
      code: JsonErrorCode.Unsupported,
      message: 'P.Xs[0]: json: unsupported value: NaN',
    },
  );
  deepStrictEqual(
    failure(() => unmarshal('{"Ns":[3000000000]}', S)),
    {
      code: JsonErrorCode.Type,
      message: 'json: cannot unmarshal number 3000000000 into Go struct field P.Ns of type int32',
    },
  );
  // Without a schema, a typed array is the array of its values (Go's interface{} holding a slice).
  strictEqual(
    marshal({ a: Float64Array.of(1.5, -0), b: BigInt64Array.of(-(2n ** 63n)), c: Uint16Array.of(65535) }),
    '{"a":[1.5,-0],"b":[-9223372036854775808],"c":[65535]}',
  );
  // A plain slice of numbers takes any typed array, each value checked by the element, as the gob encoder does.
  const Plain = t.struct('main.P', { Xs: t.slice(t.float64), Ns: t.slice(t.int8), Ss: t.slice(t.string) });
  strictEqual(
    marshal({ Xs: Int32Array.of(1, -2), Ns: Float64Array.of(-128), Ss: [] } as never, Plain),
    '{"Xs":[1,-2],"Ns":[-128],"Ss":[]}',
  );
  deepStrictEqual(
    failure(() => marshal({ Xs: null, Ns: Int32Array.of(1, 200), Ss: null } as never, Plain)),
    {
      code: JsonErrorCode.InvalidValue,
      message: 'P.Ns[1]: json: cannot encode number 200 as int8: out of range',
    },
  );
  deepStrictEqual(
    failure(() => marshal({ Xs: null, Ns: null, Ss: Float64Array.of(1) } as never, Plain)),
    {
      code: JsonErrorCode.InvalidValue,
      message: 'P.Ss: json: cannot encode Float64Array as []string',
    },
  );
});
