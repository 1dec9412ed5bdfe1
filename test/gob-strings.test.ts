// A Go string is bytes: every byte sequence survives gob decode → encode byte for byte, as a
// value, a map key, a struct field, in slices and interfaces, and as an interface's type name.
// Valid UTF-8 is the ordinary string; other bytes are lone surrogates U+DC80..U+DCFF. Expected
// bytes and texts were taken from Go 1.26 (encoding/gob, encoding/json).
import { deepStrictEqual, strictEqual, throws } from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  decode,
  Decoder,
  encode,
  Encoder,
  NEED_MORE,
  stringBytes,
  stringFromBytes,
  t,
  TypeRegistry,
  type Infer,
  type Schema,
  Writer,
} from '../src/gob/index.js';
import { marshal, unmarshal } from '../src/jsonrpc/index.js';
import { hex } from './helpers/fixtures.js';

const bytesOf = (h: string): Uint8Array => new Uint8Array(Buffer.from(h.replace(/\s/g, ''), 'hex'));
const isWellFormed = (s: string): boolean => (s as unknown as { isWellFormed(): boolean }).isWellFormed();

/** Decodes every value of a stream without schemas and encodes them again on one encoder. */
function reencodeSchemaLess(bytes: Uint8Array, registry?: TypeRegistry): { values: unknown[]; out: Uint8Array } {
  const d = new Decoder();
  d.write(bytes);
  const e = new Encoder(registry ? { registry } : {});
  const values: unknown[] = [];
  const parts: Uint8Array[] = [];
  for (;;) {
    const v = d.next();
    if (v === NEED_MORE) break;
    values.push(v);
    parts.push(e.encode(d.lastSchema!, v));
  }
  d.end();
  return { values, out: Buffer.concat(parts) };
}

describe('gob strings are bytes', () => {
  test('issue 8: Go\'s Encode("\\xff") decodes to a string that re-encodes to the same bytes', () => {
    const go = bytesOf('040c0001ff');
    const typed = decode(go, t.string);
    strictEqual(typed, '\udcff');
    strictEqual(decode(go), '\udcff');
    deepStrictEqual([...stringBytes(typed)], [0xff]);
    strictEqual(hex(encode(t.string, typed)), '040c0001ff');
    strictEqual(hex(reencodeSchemaLess(go).out), '040c0001ff');
  });

  test('issue 8: map[string]int{"\\xff": 1, "\\xfe": 2} keeps both keys, typed and schema-less, in both of Go\'s orders', () => {
    const schema = t.map(t.string, t.int);
    for (const h of ['0d7f040102ff8000010c010400000aff80000201fe0401ff02', '0d7f040102ff8000010c010400000aff80000201ff0201fe04']) {
      const go = bytesOf(h);
      const m = decode(go, schema);
      strictEqual(m.size, 2);
      strictEqual(m.get(stringFromBytes(Uint8Array.of(0xff))), 1);
      strictEqual(m.get(stringFromBytes(Uint8Array.of(0xfe))), 2);
      deepStrictEqual(
        m,
        new Map(
          h.endsWith('ff02')
            ? [
                ['\udcfe', 2],
                ['\udcff', 1],
              ]
            : [
                ['\udcff', 1],
                ['\udcfe', 2],
              ],
        ),
      );
      strictEqual(hex(encode(schema, m)), h);
      const loose = reencodeSchemaLess(go);
      strictEqual((loose.values[0] as Map<string, number>).size, 2);
      strictEqual(hex(loose.out), h);
    }
  });

  test("a struct field, a []string and an interface holding a string keep their bytes (Go's bytes)", () => {
    // Go: S{Name: "a\x80b", Tags: []string{"\xc3", "\xed\xa0\x80", "ok"}, V: "\xf4\x90\x80\x80"}.
    const go = bytesOf(`277f030101015301ff8000010301044e616d65010c0001045461677301ff8200010156011000000016ff81020101
      085b5d737472696e6701ff8200010c000023ff800103618062010301c303eda080026f6b0106737472696e670c060004f490808000`);
    const S = t.struct('main.S', { Name: t.string, Tags: t.slice(t.string), V: t.any });
    const want = {
      Name: 'a\udc80b',
      Tags: ['\udcc3', '\udced\udca0\udc80', 'ok'],
      V: { name: 'string', value: '\udcf4\udc90\udc80\udc80' },
    };
    const registry = new TypeRegistry();
    registry.register(t.string, 'string');
    const d = new Decoder({ registry });
    d.write(go);
    const v = d.next(S) as Infer<typeof S>;
    deepStrictEqual({ ...v, V: { name: v.V!.name, value: v.V!.value } }, want);
    strictEqual(hex(new Encoder({ registry }).encode(S, v)), hex(go));
    const loose = reencodeSchemaLess(go);
    strictEqual(hex(loose.out), hex(go));
  });

  test('an interface\'s type name that is not UTF-8 (gob.RegisterName("\\xffP", P{})) round-trips and is looked up', () => {
    const go = bytesOf(`277f030101015301ff8000010301044e616d65010c0001045461677301ff8200010156011000000016ff81020101
      085b5d737472696e6701ff8200010c00001bff800302ff50ff83030101015001ff84000101010158010400000007ff8403010e0000`);
    const loose = reencodeSchemaLess(go);
    strictEqual((loose.values[0] as { V: { name: string } }).V.name, '\udcffP');
    strictEqual(hex(loose.out), hex(go));

    const P = t.struct('main.P', { X: t.int });
    const S = t.struct('main.S', { Name: t.string, Tags: t.slice(t.string), V: t.any });
    const registry = new TypeRegistry();
    registry.register(P, stringFromBytes(Uint8Array.of(0xff, 0x50)));
    const d = new Decoder({ registry });
    d.write(go);
    const v = d.next(S) as Infer<typeof S>;
    deepStrictEqual(v.V!.value, { X: 7 });
    strictEqual(hex(new Encoder({ registry }).encode(S, v)), hex(go));

    // Go: gob: name not registered for interface: "\xffP"
    const strict = new Decoder({ registry: new TypeRegistry() });
    strict.write(go);
    throws(() => strict.next(S), { code: 'UNREGISTERED', message: 'gob: name not registered for interface: "\\xffP"' });
  });

  test('a leading U+FEFF is part of the string (Go: 070c0004efbbbf78)', () => {
    strictEqual(decode(bytesOf('070c0004efbbbf78'), t.string), '\ufeffx');
    strictEqual(hex(encode(t.string, '\ufeffx')), '070c0004efbbbf78');
  });

  // Go's utf8.ValidString for each; the decoded string is well formed exactly when Go says valid.
  const table: [string, string, boolean][] = [
    ['empty', '', true],
    ['ascii', '616263', true],
    ['two-byte', 'c3a9', true],
    ['four-byte', 'f09f9880', true],
    ['lone continuation', '80', false],
    ['0xff', 'ff', false],
    ['truncated two-byte', 'c3', false],
    ['truncated two-byte then ASCII', 'c328', false],
    ['truncated three-byte', 'e282', false],
    ['truncated four-byte', 'f09f98', false],
    ['surrogate half', 'eda080', false],
    ['above U+10FFFF', 'f4908080', false],
    ['overlong slash', 'c0af', false],
    ['overlong three-byte', 'e08080', false],
    ['0xf5 lead', 'f5808080', false],
    ['valid after invalid', 'ffc3a9f09f9880', false],
    ['long ASCII then 0xff (TextDecoder path)', '61'.repeat(40) + 'ff', false],
    ['long valid', 'c3a9'.repeat(40), true],
    ['5000 invalid bytes (chunked)', 'fe'.repeat(5000), false],
  ];
  for (const [name, h, valid] of table) {
    test(`bytes ${name}: well formed iff Go's utf8.Valid (${valid}), and encode gives the bytes back`, () => {
      const b = bytesOf(h);
      const s = stringFromBytes(b);
      strictEqual(isWellFormed(s), valid);
      strictEqual(hex(stringBytes(s)), h);
      const gob = encode(t.string, s);
      strictEqual(decode(gob, t.string), s);
      // The value's bytes come last in the stream.
      strictEqual(hex(gob).endsWith(h), true);
    });
  }

  test('every one- and two-byte string decodes to a distinct string that encodes back', () => {
    const seen = new Set<string>();
    const b1 = new Uint8Array(1);
    const b2 = new Uint8Array(2);
    for (let i = 0; i < 256; i++) {
      b1[0] = i;
      const s = stringFromBytes(b1);
      deepStrictEqual(stringBytes(s), b1);
      seen.add(s);
      for (let j = 0; j < 256; j++) {
        b2[0] = i;
        b2[1] = j;
        const s2 = stringFromBytes(b2);
        const back = stringBytes(s2);
        if (back.length !== 2 || back[0] !== i || back[1] !== j) throw new Error(`${i} ${j}: ${hex(back)}`);
        seen.add(s2);
      }
    }
    strictEqual(seen.size, 256 + 65536);
  });

  test('random byte strings: lossless, and ordinary strings exactly when a fatal UTF-8 decoder accepts them', () => {
    const fatal = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
    let seed = 0x2545f491;
    const next = (): number => {
      seed ^= seed << 13;
      seed ^= seed >>> 17;
      seed ^= seed << 5;
      return seed >>> 0;
    };
    // Bytes drawn mostly from the lead and continuation ranges, where the edge cases are.
    const pool = [
      0x00, 0x41, 0x7f, 0x80, 0x8f, 0x90, 0x9f, 0xa0, 0xbf, 0xc0, 0xc1, 0xc2, 0xdf, 0xe0, 0xe1, 0xec, 0xed, 0xee, 0xef, 0xf0, 0xf1, 0xf3,
      0xf4, 0xf5, 0xff,
    ];
    for (let k = 0; k < 5000; k++) {
      const b = new Uint8Array(next() % 80);
      for (let i = 0; i < b.length; i++) b[i] = pool[next() % pool.length]!;
      const s = stringFromBytes(b);
      if (hex(stringBytes(s)) !== hex(b)) throw new Error(`not lossless: ${hex(b)}`);
      let want: string | undefined;
      try {
        want = fatal.decode(b);
      } catch {
        want = undefined;
      }
      if (want !== undefined && s !== want) throw new Error(`valid UTF-8 decoded differently: ${hex(b)}`);
      if (isWellFormed(s) !== (want !== undefined)) throw new Error(`well-formedness differs: ${hex(b)}`);
      const w = new Encoder().encode(t.slice(t.string), [s, s]);
      deepStrictEqual(decode(w, t.slice(t.string)), [s, s]);
    }
  });

  test('every length up to 40: ASCII, and a byte that is not ASCII at each position, decode to their exact strings', () => {
    const ascii = (n: number) => Array.from({ length: n }, (_, i) => String.fromCharCode(0x21 + ((i * 7) % 94))).join('');
    for (let n = 0; n <= 40; n++) {
      const plain = ascii(n);
      const cases: Array<[Uint8Array, string]> = [[new TextEncoder().encode(plain), plain]];
      for (let p = 0; p < n; p++) {
        const bad = new TextEncoder().encode(plain);
        bad[p] = 0xff;
        cases.push([bad, plain.slice(0, p) + '\udcff' + plain.slice(p + 1)]);
        cases.push([new TextEncoder().encode(plain.slice(0, p) + 'é' + plain.slice(p + 1)), plain.slice(0, p) + 'é' + plain.slice(p + 1)]);
      }
      for (const [bytes, want] of cases) {
        strictEqual(stringFromBytes(bytes), want, hex(bytes));
        // Through the gob reader: a string alone, and twice in a row (the second one the reader kept).
        const w = new Encoder().encode(t.slice(t.string), [want, want]);
        deepStrictEqual(decode(w, t.slice(t.string)), [want, want], hex(bytes));
      }
    }
  });

  test('every length up to 140: ASCII, and one character that is not at each position, encode to their exact bytes', () => {
    // The writer's three paths: a loop for short ASCII, encodeInto in place for longer ASCII,
    // the general path for the rest. Each special character and the UTF-8 Go sends for it.
    const specials: Array<[string, number[]]> = [
      ['é', [0xc3, 0xa9]],
      ['€', [0xe2, 0x82, 0xac]],
      ['\u{1F600}', [0xf0, 0x9f, 0x98, 0x80]],
      ['\ud800', [0xef, 0xbf, 0xbd]],
      ['\udcff', [0xff]],
    ];
    const ascii = (n: number) => Array.from({ length: n }, (_, i) => String.fromCharCode(0x20 + ((i * 5) % 95)));
    const gobString = (bytes: number[]) => [...(bytes.length < 0x80 ? [bytes.length] : [0xff, bytes.length]), ...bytes];
    for (let n = 0; n <= 140; n++) {
      const chars = ascii(n);
      const cases: Array<[string, number[]]> = [[chars.join(''), chars.map((c) => c.charCodeAt(0))]];
      for (let p = 0; p < n; p++) {
        for (const [c, utf8] of specials) {
          const around = (a: string[]) => a.map((x) => x.charCodeAt(0));
          cases.push([
            chars.slice(0, p).join('') + c + chars.slice(p + 1).join(''),
            [...around(chars.slice(0, p)), ...utf8, ...around(chars.slice(p + 1))],
          ]);
        }
      }
      for (const [s, bytes] of cases) {
        const w = new Writer();
        w.string(s);
        w.string(s);
        const want = [...gobString(bytes), ...gobString(bytes)];
        deepStrictEqual([...w.take()], want, JSON.stringify(s));
      }
    }
  });

  test("strings whose UTF-8 needs a longer count than their length suggests are Go's bytes", () => {
    // A gob uint: below 128 one byte, else the count of bytes (negated) and the big-endian bytes.
    const count = (x: number) => {
      if (x < 0x80) return [x];
      const be: number[] = [];
      for (; x > 0; x = Math.floor(x / 256)) be.unshift(x % 256);
      return [256 - be.length, ...be];
    };
    const cases: Array<[string, number[]]> = [
      ['€'.repeat(42), Array(42).fill([0xe2, 0x82, 0xac]).flat()],
      ['€'.repeat(43), Array(43).fill([0xe2, 0x82, 0xac]).flat()],
      ['€'.repeat(85), Array(85).fill([0xe2, 0x82, 0xac]).flat()],
      ['€'.repeat(86), Array(86).fill([0xe2, 0x82, 0xac]).flat()],
      ['é'.repeat(32767), Array(32767).fill([0xc3, 0xa9]).flat()],
      ['é'.repeat(32768), Array(32768).fill([0xc3, 0xa9]).flat()],
      ['\udcff'.repeat(200) + '\ud800', [...Array(200).fill(0xff), 0xef, 0xbf, 0xbd]],
      ['a'.repeat(300), Array(300).fill(0x61)],
    ];
    for (const [s, bytes] of cases) {
      const w = new Writer(16);
      w.string('x');
      w.string(s);
      deepStrictEqual([...w.take()], [1, 0x78, ...count(bytes.length), ...bytes], `${s.length} units, ${bytes.length} bytes`);
    }
  });

  test('strings of the same length read one after another each decode to their own bytes (the reader keeps the last)', () => {
    const hexes = [
      '4172697468 2e 4d756c7469706c79',
      '4172697468 2e 4d756c7469706c79',
      '4172697468 2e 4d756c7469706c7a',
      '4172697468 2e 4d756c7469706cff',
      '4172697468 2e 4d756c7469706cff',
      'c3a9726974682e4d756c7469706c79',
      'c3a9726974682e4d756c7469706c79',
      '4172697468 2e 4d756c7469706c79',
    ];
    const values = hexes.map((h) => stringFromBytes(bytesOf(h)));
    const got = decode(new Encoder().encode(t.slice(t.string), values), t.slice(t.string)) as string[];
    deepStrictEqual(got, values);
    deepStrictEqual(
      got.map((s) => hex(stringBytes(s))),
      hexes.map((h) => h.replace(/\s/g, '')),
    );
  });

  test("a lone surrogate that escapes no byte is sent as U+FFFD, as TextEncoder and Go's string(rune) write it", () => {
    strictEqual(hex(stringBytes('\ud800')), 'efbfbd');
    strictEqual(hex(stringBytes('a\udc7fb')), '61efbfbd62');
    strictEqual(hex(stringBytes('\ud83d\ude00\udcff')), 'f09f9880ff');
    strictEqual(hex(encode(t.string, '\udbff')), '060c0003efbfbd');
  });

  test('escaped bytes concatenate as Go\'s bytes do: "\\xc3" + "\\xa9" is "é"', () => {
    const s = stringFromBytes(Uint8Array.of(0xc3)) + stringFromBytes(Uint8Array.of(0xa9));
    strictEqual(hex(encode(t.string, s)), '050c0002c3a9');
    strictEqual(decode(encode(t.string, s), t.string), 'é');
  });

  test("a TextMarshaler's text keeps its bytes too", () => {
    const T = t.textMarshaler('main.T');
    const s = stringFromBytes(bytesOf('ff41c3'));
    const bytes = encode(T, s);
    strictEqual(hex(bytes).endsWith('03ff41c3'), true);
    strictEqual(decode(bytes, T), s);
  });

  test('plain-object maps: an escaped key is sent as its bytes', () => {
    const schema: Schema<Map<string, number>> = t.map(t.string, t.int);
    const m = decode(encode(schema, { '\udcff': 1, a: 2 } as unknown as Map<string, number>), schema);
    deepStrictEqual(
      m,
      new Map([
        ['\udcff', 1],
        ['a', 2],
      ]),
    );
  });
});

describe('jsonrpc strings follow encoding/json: each byte that is not UTF-8 is \\ufffd', () => {
  test('json.Marshal("\\xff\\xfeab\\xe2\\x82\\xed\\xa0\\x80é")', () => {
    const s = stringFromBytes(bytesOf('fffe6162e282eda080c3a9'));
    strictEqual(marshal(s, t.string), '"\\ufffd\\ufffdab\\ufffd\\ufffd\\ufffd\\ufffd\\ufffdé"');
  });

  test('json.Marshal(map[string]int{"\\xff": 1, "\\xfe": 2}) is {"\\ufffd":2,"\\ufffd":1}: keys sorted by their bytes', () => {
    const m = decode(bytesOf('0d7f040102ff8000010c010400000aff80000201fe0401ff02'), t.map(t.string, t.int));
    strictEqual(marshal(m, t.map(t.string, t.int)), '{"\\ufffd":2,"\\ufffd":1}');
    const mixed = new Map([
      ['\udc80', 1],
      ['é', 2],
      ['\udcff', 3],
      ['\ud83d\ude00', 4],
      ['\uffff', 5],
    ]);
    strictEqual(marshal(mixed, t.map(t.string, t.int)), '{"\\ufffd":1,"é":2,"\uffff":5,"😀":4,"\\ufffd":3}');
  });

  test('every length up to 40: an ASCII string, and one with an escape at each position, unmarshal to their exact strings', () => {
    for (let n = 0; n <= 40; n++) {
      const plain = Array.from({ length: n }, (_, i) => String.fromCharCode(0x23 + ((i * 5) % 80))).join('');
      strictEqual(unmarshal(`"${plain}"`, t.string), plain);
      deepStrictEqual(unmarshal(`["${plain}"]`), [plain]);
      deepStrictEqual(unmarshal(`{"${plain}":"${plain}"}`, t.map(t.string, t.string)), new Map([[plain, plain]]));
      for (let p = 0; p < n; p++) {
        strictEqual(unmarshal(`"${plain.slice(0, p)}\\n${plain.slice(p + 1)}"`, t.string), `${plain.slice(0, p)}\n${plain.slice(p + 1)}`);
      }
    }
  });

  test('json.Unmarshal of bytes that are not UTF-8, and of an escaped lone surrogate, gives U+FFFD', () => {
    const input = Uint8Array.of(0x22, 0xff, 0xe2, 0x82, 0x61, ...new TextEncoder().encode('\\udcff"'));
    strictEqual(unmarshal(input, t.string), '\ufffd\ufffd\ufffda\ufffd');
  });
});

describe('names that are not UTF-8', () => {
  test("a struct field name (hand-made: Go's own types cannot have one) decodes schema-less and re-encodes the same bytes", () => {
    const name = stringFromBytes(Uint8Array.of(0x46, 0xff)); // "F\xff"
    const T = t.struct('main.T', { [name]: t.int, B: t.string });
    const bytes = encode(T, { [name]: 5, B: '\udcfe' });
    strictEqual(hex(bytes).includes('0246ff'), true);
    const loose = reencodeSchemaLess(bytes);
    deepStrictEqual(loose.values[0], { [name]: 5, B: '\udcfe' });
    strictEqual(hex(loose.out), hex(bytes));
    // Go decodes it into struct{ B string }, skipping the field it has no match for: B is "\xfe".
    strictEqual(hex(bytes), '1b7f030101015401ff80000102010246ff010400010142010c00000008ff80010a0101fe00');
    deepStrictEqual(decode(bytes, t.struct('main.T', { B: t.string })), { B: '\udcfe' });
  });
});

test("stringFromBytes takes an array of byte values as Go's string([]byte{...}), and rejects non-bytes", () => {
  // The README's own expression: joined halves are the bytes of "é".
  const joined = stringFromBytes([0xc3]) + stringFromBytes([0xa9]);
  strictEqual(joined, '\udcc3\udca9');
  deepStrictEqual(stringBytes(joined), Uint8Array.of(0xc3, 0xa9));
  for (const b of [[], [0x61], [0xff, 0x00, 0xc3], [0xc3, 0xa9], [0xf0, 0x9f, 0x98, 0x80]]) {
    strictEqual(stringFromBytes(b), stringFromBytes(Uint8Array.from(b)), JSON.stringify(b));
  }
  for (const [b, v] of [
    [[256], '256'],
    [[0, -1], '-1'],
    [[1.5], '1.5'],
    [[Number.NaN], 'NaN'],
  ] as const) {
    const i = b.length - 1;
    throws(() => stringFromBytes(b), {
      name: 'GobError',
      code: 'INVALID_VALUE',
      message: `stringFromBytes: element ${i} is ${v}, not a byte (an integer in [0, 255])`,
    });
  }
});

test('a Map whose keys are the same Go string is an encode error, not a silent merge', () => {
  const M = t.map(t.string, t.int);
  const joined = stringFromBytes([0xc3]) + stringFromBytes([0xa9]); // the bytes of "é"
  const cases: Array<[keys: string[], message: string]> = [
    [['é', joined], 'gob: map keys "é" and "\\xc3\\xa9" are the same Go string "é"; the map would arrive with one entry'],
    [[joined, 'é'], 'gob: map keys "\\xc3\\xa9" and "é" are the same Go string "é"; the map would arrive with one entry'],
    // Lone surrogates that escape no byte go out as U+FFFD.
    [['\ud800', '\ufffd'], 'gob: map keys "\\ud800" and "�" are the same Go string "�"; the map would arrive with one entry'],
    [['a', '\udfff', '\ud800'], 'gob: map keys "\\udfff" and "\\ud800" are the same Go string "�"; the map would arrive with one entry'],
  ];
  for (const [keys, message] of cases) {
    throws(() => encode(M, new Map(keys.map((k, i) => [k, i]))), { name: 'GobError', code: 'INVALID_VALUE', message }, message);
    throws(() => encode(M, Object.fromEntries(keys.map((k, i) => [k, i])) as never), { code: 'INVALID_VALUE', message }, message);
  }
  // The keys are judged before any element: an element that cannot be encoded either does not
  // hide the duplicate, wherever it is.
  const bad = (at: number) => new Map<string, unknown>(['x', 'é', joined].map((k, i) => [k, i === at ? 'not an int' : i]));
  for (const at of [0, 1, 2]) {
    throws(() => encode(M, bad(at) as never), { code: 'INVALID_VALUE', message: cases[0]![1] }, `bad element ${at}`);
  }
  // Inside a struct the error names the field, as other encode errors do.
  const S = t.struct('main.S', { M });
  throws(
    () =>
      encode(S, {
        M: new Map([
          ['é', 1],
          [joined, 2],
        ]),
      }),
    { code: 'INVALID_VALUE', path: 'S.M', message: `S.M: ${cases[0]![1]}` },
  );
  // Distinct Go strings stay fine, escaped or not, and each key's bytes go out as they are.
  const fine = new Map([
    ['é', 1],
    [stringFromBytes([0xc3]), 2],
    [stringFromBytes([0xa9]), 3],
    ['\udcff', 4],
    ['\ud800', 5],
  ]);
  const back = decode(encode(M, fine), M);
  deepStrictEqual(
    [...back.keys()].map((k) => [...stringBytes(k)]),
    [[0xc3, 0xa9], [0xc3], [0xa9], [0xff], [0xef, 0xbf, 0xbd]],
  );
});

describe('long []string: blocks joined into one text for the encoder', () => {
  /** The bytes of `v[i..n)` written one string at a time (Writer.string), and where that stops. */
  function oneByOne(v: unknown[], n = v.length): Uint8Array {
    const w = new Writer(64);
    for (let i = 0; i < n; i++) w.string(v[i] as string);
    return w.take();
  }
  function run(v: unknown[]): { at: number; bytes: Uint8Array } {
    const w = new Writer(64);
    const at = w.stringRun(v, 0, v.length);
    return { at, bytes: w.take() };
  }
  const label = (i: number): string => `str-${i}-abcdefghijklmnopqrstuvwxyz0123456789`.slice(0, 9 + (i % 23));

  test('plain ASCII, short and long strings, and every block boundary give the bytes of one string at a time', () => {
    for (const n of [31, 32, 33, 255, 256, 257, 512, 1000]) {
      const rope = (i: number) => {
        let r = '';
        for (const c of label(i)) r += c;
        return r;
      };
      const makers = [
        label,
        (i: number) => `k${i % 100}`,
        (i: number) => (i < 16 ? label(i) + label(i) : `s${i}`),
        rope,
        (i: number) => (i % 100 === 40 ? `é${label(i)}` : label(i)),
      ];
      for (const make of makers) {
        const v = Array.from({ length: n }, (_, i) => make(i));
        const { at, bytes } = run(v);
        strictEqual(at, n);
        deepStrictEqual(bytes, oneByOne(v), `${n} strings like ${JSON.stringify(v[0])}`);
      }
    }
  });

  test('a block that is not plain ASCII, escaped bytes, a lone surrogate and a string of 128 units or more', () => {
    const v: unknown[] = Array.from({ length: 1000 }, (_, i) => label(i));
    v[300] = 'héllo wörld, not ASCII';
    v[500] = 'x'.repeat(200);
    v[520] = 'y'.repeat(127);
    v[700] = `bytes ${stringFromBytes([0xff, 0xfe])} escaped`;
    v[800] = 'a lone surrogate \ud800 here';
    v[999] = '';
    const { at, bytes } = run(v);
    strictEqual(at, 1000);
    deepStrictEqual(bytes, oneByOne(v));
    const S = t.slice(t.string);
    const back = decode(encode(S, v as string[]), S);
    deepStrictEqual(back.slice(0, 800), v.slice(0, 800));
    // Go's string(rune) of a lone surrogate is U+FFFD, as TextEncoder writes it.
    strictEqual(back[800], 'a lone surrogate \ufffd here');
  });

  test('the run stops at the first element that is not a string, and encode names its index', () => {
    const v: unknown[] = Array.from({ length: 1000 }, (_, i) => label(i));
    v[600] = null;
    const { at, bytes } = run(v);
    strictEqual(at, 600);
    deepStrictEqual(bytes, oneByOne(v, 600));
    throws(() => encode(t.slice(t.string), v as string[]), {
      code: 'INVALID_VALUE',
      path: '[]string[600]',
      message: '[]string[600]: gob: cannot encode null as string',
    });
  });
});
