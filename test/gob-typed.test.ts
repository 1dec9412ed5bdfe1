// The typed path, as users write it: hand-declared schemas for the corpus's Go types decode
// every fixture to Go's values and encode them back to Go's exact bytes.
import { deepStrictEqual, strictEqual, throws } from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { decode, decodeAll, Decoder, encode, Encoder, goString, NEED_MORE, type Schema, stringFromBytes, t } from '../src/gob/index.js';
import { corpusRegistry, fixtureSchemas } from './helpers/gobcases.js';
import { hex, loadFixtures, ROOT } from './helpers/fixtures.js';
import { tag } from './helpers/tagged.js';

const fixtures = loadFixtures();

// With generated struct codecs and with the closures a host refusing eval gets (codegen: false),
// which also decode local fields that differ from the wire's (closureStructDecoder).
for (const codegen of [true, false]) {
  test(`typed schemas: every fixture decodes to Go values and deterministic ones re-encode to Go bytes${codegen ? '' : ' (codegen off)'}`, () => {
    const registry = corpusRegistry();
    const mismatched: string[] = [];
    let identical = 0;
    let deterministic = 0;
    for (const f of fixtures) {
      const schemas = fixtureSchemas(f.goType, f.values.length);
      strictEqual(schemas.length, f.values.length, `${f.name}: ${f.goType}`);
      const d = new Decoder({ registry, codegen });
      d.write(f.bytes);
      const values = schemas.map((s) => {
        const v = d.next(s);
        if (v === NEED_MORE) throw new Error(`${f.name}: stream ended early`);
        return v;
      });
      d.end();
      deepStrictEqual(
        values.map((v, i) => tag(v, schemas[i]!)),
        f.values,
        f.name,
      );
      if (!f.deterministic) continue;
      deterministic++;
      const e = new Encoder({ registry, codegen });
      const out = Buffer.concat(values.map((v, i) => e.encode(schemas[i]!, v)));
      if (hex(out) === hex(f.bytes)) identical++;
      else mismatched.push(`${f.name} (${f.goType})\n  go: ${hex(f.bytes)}\n  ts: ${hex(out)}`);
    }
    deepStrictEqual(mismatched, []);
    strictEqual(identical, deterministic);
  });
}

test("doc.go's worked example (type id 65, older Go) decodes to Point{22, 33}", () => {
  const bytes = Buffer.from(
    '1f ff 81 03 01 01 05 50 6f 69 6e 74 01 ff 82 00 01 02 01 01 58 01 04 00 01 01 59 01 04 00 00 00 07 ff 82 01 2c 01 42 00'.replaceAll(
      ' ',
      '',
    ),
    'hex',
  );
  const [p] = decodeAll(bytes, fixtureSchemas('gobcases.Point', 1)[0]!);
  deepStrictEqual(p, { X: 22, Y: 33 });
  // And with firstTypeId 65 the encoder writes doc.go's bytes exactly.
  const e = new Encoder({ firstTypeId: 65 });
  strictEqual(hex(e.encode(fixtureSchemas('gobcases.Point', 1)[0]!, { X: 22, Y: 33 })), hex(bytes));
});

test('a NaN in a []float64 keeps the payload Go sent, however many float slices came before', () => {
  // math.NaN() is 7ff8000000000001; V8 rewrites NaNs stored in an all-double array to its own
  // canonical NaN, so many float-only slices first (which teach the array's allocation site to
  // make double arrays) must not change what the next one decodes to.
  const bitsOf = (x: number) => {
    const v = new DataView(new ArrayBuffer(8));
    v.setFloat64(0, x);
    return v.getBigUint64(0).toString(16);
  };
  const F = t.slice(t.float64);
  for (let i = 0; i < 2000; i++) decode(encode(F, [1.5, -0, 2.25]), F);
  // Go's Encode([]float64{0, math.Copysign(0, -1), 1.5, math.NaN(), math.Inf(-1)}).
  const bytes = readFileSync(join(ROOT, 'fixtures', 'slice_float64.gob'));
  for (const got of [decode(bytes, F), decode(bytes) as number[]]) {
    deepStrictEqual(got.map(bitsOf), ['0', '8000000000000000', '3ff8000000000000', '7ff8000000000001', 'fff0000000000000']);
  }
});

test('float slices of every width on the wire (one to eight bytes after the count) decode exactly', () => {
  // A float goes byte-reversed, so the width is how many of its high bytes are not all zero
  // below: bits with k nonzero high bytes take k bytes (one byte alone when below 0x80).
  const fromBits = (hi: number, lo: number) => {
    const v = new DataView(new ArrayBuffer(8));
    v.setUint32(0, hi);
    v.setUint32(4, lo);
    return v.getFloat64(0);
  };
  const values: number[] = [];
  for (let k = 1; k <= 8; k++) {
    for (const top of [0x40, 0xc1, 0x3f, 0x7f]) {
      const bytes = [top, 0x12, 0x9a, 0xff, 0x01, 0x80, 0x7e, 0x35].slice(0, k).concat(Array(8 - k).fill(0));
      values.push(
        fromBits(
          ((bytes[0]! << 24) | (bytes[1]! << 16) | (bytes[2]! << 8) | bytes[3]!) >>> 0,
          ((bytes[4]! << 24) | (bytes[5]! << 16) | (bytes[6]! << 8) | bytes[7]!) >>> 0,
        ),
      );
    }
  }
  const long = Array.from({ length: 40 }, () => values).flat();
  for (const codegen of [true, false]) {
    const d = new Decoder({ codegen });
    d.write(new Encoder({ codegen }).encode(t.slice(t.float64), long));
    deepStrictEqual(d.next(t.slice(t.float64)), long);
    const typed = t.slice(t.float64, { as: Float64Array });
    deepStrictEqual(Array.from(decode(encode(typed, Float64Array.from(long)), typed)), long);
    const singles = long.map(Math.fround).filter((x) => Number.isFinite(x));
    const e = new Decoder({ codegen });
    e.write(new Encoder({ codegen }).encode(t.slice(t.float32), singles));
    deepStrictEqual(e.next(t.slice(t.float32)), singles);
  }
});

test('float32 slices are read in the float loop: rounded as Go converts, out of range as Go refuses, a late NaN', () => {
  const F64 = t.slice(t.float64);
  const F32 = t.slice(t.float32);
  for (const codegen of [true, false]) {
    const read = <T>(bytes: Uint8Array, s: Schema<T>) => {
      const d = new Decoder({ codegen });
      d.write(bytes);
      return d.next(s);
    };
    const long = Array.from({ length: 3000 }, (_, i) => i * 0.37 - 100);
    deepStrictEqual(read(encode(F64, long), F32), long.map(Math.fround));
    // Infinities pass, underflow goes to zero, MaxFloat32 itself is in range (decode.go's float32FromBits).
    const edges = [
      Number.POSITIVE_INFINITY,
      Number.NEGATIVE_INFINITY,
      1e-46,
      -1e-46,
      0.1,
      -0,
      3.4028234663852886e38,
      -3.4028234663852886e38,
    ];
    deepStrictEqual(read(encode(F64, [...long, ...edges]), F32), [...long, ...edges].map(Math.fround));
    throws(() => read(encode(F64, [...long, 3.4028235677973366e38]), F32), {
      code: 'RANGE',
      path: '[]float32[3000]',
      message: 'value for "element of *[]float32" out of range',
    });
    const withNaN = long.map(Math.fround);
    withNaN[2500] = Number.NaN;
    const got = read(encode(F32, withNaN), F32) as number[];
    strictEqual(Number.isNaN(got[2500]), true);
    deepStrictEqual(got.slice(0, 2500).concat(got.slice(2501)), withNaN.slice(0, 2500).concat(withNaN.slice(2501)));
  }
});

test('NaN payloads met late in long float slices survive, and the numbers around them', () => {
  // The float64 loop keeps raw doubles until its first NaN, then moves to a generic array.
  const bits = (x: number) => {
    const v = new DataView(new ArrayBuffer(8));
    v.setFloat64(0, x);
    return v.getBigUint64(0).toString(16);
  };
  const nan = (payload: bigint) => {
    const v = new DataView(new ArrayBuffer(8));
    v.setBigUint64(0, payload);
    return v.getFloat64(0);
  };
  const F = t.slice(t.float64);
  const plain = Array.from({ length: 10_000 }, (_, i) => i * 0.001 - 3);
  for (let i = 0; i < 50; i++) decode(encode(F, plain), F);
  const values = [...plain];
  values[5000] = nan(0x7ff8000000000001n);
  // A quiet NaN: V8 may quiet a signalling one as the test itself stores it into a double array.
  values[7000] = nan(0xfff8000000000abcn);
  values[9999] = Number.NaN;
  const want = values.map(bits);
  strictEqual(want[5000], '7ff8000000000001');
  strictEqual(want[7000], 'fff8000000000abc');
  for (const got of [
    decode(encode(F, values), F),
    decode(encode(F, values)) as number[],
    decode(encode(t.array(t.float64, 10_000), values), t.array(t.float64, 10_000)),
  ]) {
    deepStrictEqual(got.map(bits), want);
  }
});

test('an integer slice that ends its message reads its last element in every width, short and long', () => {
  // The element loop stops at the end of the message; a value of 0xff and one byte, or longer,
  // needs its bytes there, and arrays of 1024 elements or more are made as doubles.
  const lasts: [Schema<number>, number[]][] = [
    [t.int, [0, -1, 63, -64, 64, -65, 127, -128, 128, 2 ** 40 + 3, -(2 ** 47), 2 ** 53 - 1]],
    [t.int8, [0, -1, 63, -64, 64, -128, 127]],
    [t.uint, [0, 1, 127, 128, 255, 256, 2 ** 48, 2 ** 53 - 1]],
    [t.uint16, [0, 127, 128, 255, 65535]],
  ];
  for (const [elem, values] of lasts) {
    const S = t.slice(elem);
    for (const len of [1, 2, 3, 1023, 1024, 2000]) {
      for (const last of values) {
        const want = Array.from({ length: len }, (_, i) => (i === len - 1 ? last : values[i % values.length]!));
        deepStrictEqual(decode(encode(S, want), S), want, `${goString(S)} of ${len} ending in ${last}`);
      }
    }
  }
});

test('an integer slice whose last element is cut short after its count byte fails as in Go', () => {
  // []int{1, 64} is 0b7f020102ff8000010400 00 then 07ff80000202ff80 (the value message: its
  // length, the type id, the singleton delta, the count, 1, then 64 as ff80); cut to end at ff.
  const type = '0b7f020102ff800001040000';
  strictEqual(hex(encode(t.slice(t.int), [1, 64])), `${type}07ff80000202ff80`);
  const cut = Uint8Array.from(Buffer.from(`${type}06ff80000202ff`, 'hex'));
  throws(() => decode(cut, t.slice(t.int)), { code: 'BAD_DATA', message: 'gob: invalid uint data length 1: exceeds input size 0' });
});

test('integer slices read every order of short, long and out-of-range values exactly, to the end of the message', () => {
  // The element loop reads values of one byte, or 0xff and one byte, two at a time while two
  // elements and four bytes remain; a longer value ends a pair half way, and one out of the
  // element's range fails at its own index. Every sequence of up to six such values, as []int
  // and []uint and into 16-bit elements.
  const kinds: [Schema<number>, Schema<number>, string, number[]][] = [
    [t.int, t.int16, '[]int16', [5, -100, 1000, 2 ** 50]],
    [t.uint, t.uint16, '[]uint16', [5, 200, 1000, 2 ** 50]],
  ];
  for (const [wide, narrow, name, pool] of kinds) {
    let seqs: number[][] = [[]];
    for (let len = 1; len <= 6; len++) {
      seqs = seqs.flatMap((s) => pool.map((v) => [...s, v]));
      for (const values of seqs) {
        const bytes = encode(t.slice(wide), values);
        deepStrictEqual(decode(bytes, t.slice(wide)), values, `${values}`);
        const bad = values.indexOf(2 ** 50);
        if (bad < 0) deepStrictEqual(decode(bytes, t.slice(narrow)), values, `${values}`);
        else {
          throws(() => decode(bytes, t.slice(narrow)), {
            code: 'RANGE',
            path: `${name}[${bad}]`,
            message: `value for "element of *${name}" out of range`,
          });
        }
      }
    }
  }
});

test('integer slices of every kind read every width of value exactly, the loop and the slow path alike', () => {
  // Values of one to eight bytes on the wire: the element loop reads up to seven while the
  // value is exact in a double (a zigzag up to 2^53 - 1), the element decoder the rest (and
  // every range error, tested in gob-errors.test.ts).
  const signed = [
    0,
    1,
    -1,
    63,
    -64,
    64,
    -65,
    127,
    -128,
    128,
    -129,
    32767,
    -32768,
    32768,
    2 ** 31 - 1,
    -(2 ** 31),
    2 ** 40 + 3,
    -(2 ** 47),
    2 ** 47 - 1,
    2 ** 48,
    -(2 ** 48) - 1,
    2 ** 51 + 3,
    2 ** 52 - 1,
    -(2 ** 52),
    2 ** 52,
    -(2 ** 52) - 1,
    2 ** 53 - 1,
    -(2 ** 53 - 1),
  ];
  const unsigned = [
    0,
    1,
    127,
    128,
    255,
    256,
    65535,
    65536,
    2 ** 32 - 1,
    2 ** 32,
    2 ** 48 - 1,
    2 ** 48,
    2 ** 49 + 5,
    2 ** 53 - 2,
    2 ** 53 - 1,
  ];
  const cases: [Schema<number>, number, number][] = [
    [t.int8, -128, 127],
    [t.int16, -32768, 32767],
    [t.int32, -(2 ** 31), 2 ** 31 - 1],
    [t.int64, -Infinity, Infinity],
    [t.uint8, 0, 255],
    [t.uint16, 0, 65535],
    [t.uint32, 0, 2 ** 32 - 1],
    [t.uint64, 0, Infinity],
  ];
  for (const [elem, min, max] of cases) {
    const pool = (min < 0 ? signed : unsigned).filter((v) => v >= min && v <= max);
    const values = Array.from({ length: 3000 }, (_, i) => pool[(i * 7) % pool.length]!);
    if (elem !== t.uint8) {
      // ([]uint8 is Go's []byte.)
      const S = t.slice(elem);
      deepStrictEqual(decode(encode(S, values), S), values, goString(S));
    }
    const A = t.array(elem, values.length);
    deepStrictEqual(decode(encode(A, values), A), values, goString(A));
  }
  const auto = [...signed, 2 ** 53, 2 ** 62, -(2 ** 62)]
    .map(BigInt)
    .map((b) => (b >= -(2n ** 53n) + 1n && b <= 2n ** 53n - 1n ? Number(b) : b));
  const values = Array.from({ length: 3000 }, (_, i) => auto[(i * 5) % auto.length]!);
  deepStrictEqual(decode(encode(t.slice(t.intAuto), values), t.slice(t.intAuto)), values);
});

test("integer slices of every width encode to Go's bytes: arrays, typed arrays and bigints past 2^53", () => {
  // Go 1.26: gob.NewEncoder(&b).Encode(s), each slice from a process of its own.
  const ints = [
    0,
    -1,
    200,
    -40000,
    2 ** 30,
    -(2 ** 40),
    2 ** 47,
    1_700_000_000_000_000,
    -1_700_000_000_000_001,
    2 ** 53 - 1,
    -(2 ** 53 - 1),
  ];
  const goInts =
    '0b7f020102ff80000104000041ff80000b0001fe0190fd01387ffc80000000fa01fffffffffff901000000000000f90c1448303c8000f90c1448303c8001f93ffffffffffffef93ffffffffffffd';
  const goWide = // ints, then 1 << 60, -(1 << 62)
    '0b7f020102ff80000104000053ff80000d0001fe0190fd01387ffc80000000fa01fffffffffff901000000000000f90c1448303c8000f90c1448303c8001f93ffffffffffffef93ffffffffffffdf82000000000000000f87fffffffffffffff';
  // []uint64{5, 1 << 40, 1 << 48, 1<<53 - 1, 1 << 32, 0, 127, 128, 1<<48 - 1}
  const safeUints = [5, 2 ** 40, 2 ** 48, 2 ** 53 - 1, 2 ** 32, 0, 127, 128, 2 ** 48 - 1];
  const goSafeUints =
    '0b7f020102ff8000010600002dff80000905fa010000000000f901000000000000f91ffffffffffffffb0100000000007fff80faffffffffffff';
  const goUints = '0b7f020102ff8000010600002eff80000605fa010000000000f901000000000000f91ffffffffffffff80100000000000000f8ffffffffffffffff';
  for (const codegen of [true, false]) {
    const e = () => new Encoder({ codegen });
    strictEqual(hex(e().encode(t.slice(t.int64), ints)), goInts);
    strictEqual(hex(e().encode(t.slice(t.int64, { as: Float64Array }), Float64Array.from(ints))), goInts);
    strictEqual(hex(e().encode(t.slice(t.intAuto), [...ints, 2n ** 60n, -(2n ** 62n)])), goWide);
    strictEqual(hex(e().encode(t.slice(t.uintAuto), [5, 2 ** 40, 2 ** 48, 2 ** 53 - 1, 2n ** 56n, 2n ** 64n - 1n])), goUints);
    strictEqual(hex(e().encode(t.slice(t.uint64), safeUints)), goSafeUints);
    strictEqual(hex(e().encode(t.slice(t.uint64, { as: Float64Array }), Float64Array.from(safeUints))), goSafeUints);
    // What a run stops at goes to the element, which refuses it with its reason.
    for (const [bad, why] of [
      [-1, 'number -1 as uint64: out of range'],
      [1.5, 'number 1.5 as uint64: not an integer'],
      [Number.NaN, 'number NaN as uint64: not an integer'],
      [
        2 ** 53,
        'number 9007199254740992 as uint64: not exact beyond 2^53, use a bigint and a bigint schema (t.int64n, t.uint64n, t.intn, t.uintn)',
      ],
      ['1', 'string as uint64'],
    ] as const) {
      throws(() => e().encode(t.slice(t.uint64), [...safeUints, bad] as number[]), {
        code: 'INVALID_VALUE',
        path: '[]uint64[9]',
        message: `[]uint64[9]: gob: cannot encode ${why}`,
      });
    }
  }
});

test('integer runs: seven bytes in two loads, two to four in 32-bit arithmetic, and what ends a run is read or refused by the element decoder', () => {
  // Unix microseconds, zigzagged to seven bytes, in runs broken by values of other widths, by
  // the widest exact values (2^53 - 1 is seven bytes too) and by values past 2^53.
  const us = Array.from({ length: 40 }, (_, i) => 1_700_000_000_000_000 + i * 1_000_003);
  const signed = [...us, 5, ...us.map((v) => -v), 2 ** 53 - 1, -(2 ** 53 - 1), 2 ** 48, -(2 ** 48) - 1, 2 ** 47, ...us, 300];
  const unsigned = [...us, 5, 2 ** 53 - 1, 2 ** 48, 2 ** 48 - 1, ...us];
  for (const codegen of [true, false]) {
    const read = <T>(bytes: Uint8Array, s: Schema<T>) => {
      const d = new Decoder({ codegen });
      d.write(bytes);
      return d.next(s);
    };
    deepStrictEqual(read(encode(t.slice(t.int64), signed), t.slice(t.int64)), signed);
    deepStrictEqual(read(encode(t.slice(t.uint64), unsigned), t.slice(t.uint64)), unsigned);
    // 2^53 at index 41: a bigint under t.intAuto, and the run goes on after it.
    const past = [...us.slice(0, 41), 2n ** 53n, ...us, -(2n ** 60n), 7];
    deepStrictEqual(read(encode(t.slice(t.intAuto), past), t.slice(t.intAuto)), past);
    deepStrictEqual(read(encode(t.slice(t.uintAuto), past.slice(0, -2)), t.slice(t.uintAuto)), past.slice(0, -2));
    const beyond = 'out of range: not exact beyond 2^53 as a number, decode it with a bigint schema (t.int64n, t.uint64n, t.intn, t.uintn)';
    throws(() => read(encode(t.slice(t.intAuto), past), t.slice(t.int64)), {
      code: 'RANGE',
      path: '[]int64[40]',
      message: `value for "element of *[]int64" ${beyond}`,
    });
    throws(() => read(encode(t.slice(t.uintAuto), past.slice(0, -2)), t.slice(t.uint64)), {
      code: 'RANGE',
      path: '[]uint64[40]',
      message: `value for "element of *[]uint64" ${beyond}`,
    });
    throws(() => read(encode(t.slice(t.int64), [1, -2, ...us]), t.slice(t.int32)), {
      code: 'RANGE',
      path: '[]int32[2]',
      message: 'value for "element of *[]int32" out of range',
    });
    // Values of two and three bytes below a narrow kind's minimum.
    throws(() => read(encode(t.slice(t.int64), [1, -200, 5]), t.slice(t.int8)), {
      code: 'RANGE',
      path: '[]int8[1]',
      message: 'value for "element of *[]int8" out of range',
    });
    throws(() => read(encode(t.slice(t.int64), [1, 2, -40000]), t.slice(t.int16)), {
      code: 'RANGE',
      path: '[]int16[2]',
      message: 'value for "element of *[]int16" out of range',
    });
    throws(() => read(encode(t.slice(t.uint64), [1, 2, ...us]), t.slice(t.uint32)), {
      code: 'RANGE',
      path: '[]uint32[2]',
      message: 'value for "element of *[]uint32" out of range',
    });
  }
});

test('integers of seven bytes decode exactly: numbers below 2^53, bigints from it under t.intAuto, the schema-less decoder too', () => {
  const S = t.struct('main.S', { I: t.int64, U: t.uint64, A: t.intAuto, B: t.uintAuto });
  const values = [2 ** 48, -(2 ** 48) - 1, 2 ** 52 - 1, -(2 ** 52), 2 ** 53 - 1, -(2 ** 53 - 1), 1_700_000_000_123_456];
  for (const v of values) {
    const u = Math.abs(v);
    const bytes = encode(S, { I: v, U: u, A: v, B: u });
    deepStrictEqual(decode(bytes, S), { I: v, U: u, A: v, B: u }, String(v));
    deepStrictEqual(decode(bytes), { I: v, U: u, A: v, B: u }, String(v));
  }
  // 2^53 and 2^55 take seven bytes as uints, as do their zigzags from 2^52 on: bigints under auto.
  for (const v of [2n ** 53n, 2n ** 55n + 1n, -(2n ** 53n) - 1n]) {
    const u = v < 0n ? -v : v;
    const bytes = encode(t.struct('main.T', { A: t.int64n, B: t.uint64n }), { A: v, B: u });
    deepStrictEqual(decode(bytes, t.struct('main.T', { A: t.intAuto, B: t.uintAuto })), { A: v, B: u }, String(v));
    throws(() => decode(bytes, t.struct('main.T', { A: t.int64, B: t.uint64 })), {
      code: 'RANGE',
      path: 'T.A',
      message:
        'value for "A" out of range: not exact beyond 2^53 as a number, decode it with a bigint schema (t.int64n, t.uint64n, t.intn, t.uintn)',
    });
  }
});

test('two Go types that print alike (pkg.T from two import paths) over different kinds get a type id each, as Go sends them', () => {
  // Go's bytes for `type S2 struct { X []a.T; Y []b.T }` with packages .../a/pkg (`type T int`)
  // and .../b/pkg (`type T float64`), S2{X: {1}, Y: {2.5}}.
  const go =
    '1d7f03010102533201ff8000010201015801ff820001015901ff8400000015ff81020101075b5d706b672e5401ff82000104000015ff83020101075b5d706b672e5401ff8400010800000bff800101020101fe044000';
  const S = t.struct('main.S2', { X: t.slice(t.named('pkg.T', t.int)), Y: t.slice(t.named('pkg.T', t.float64)) });
  for (const codegen of [true, false]) strictEqual(hex(new Encoder({ codegen }).encode(S, { X: [1], Y: [2.5] })), go);
  deepStrictEqual(decode(Buffer.from(go, 'hex'), S), { X: [1], Y: [2.5] });
});

test('bool and string slices: the run loops read what Go sends and leave the rest to the element decoder', () => {
  // Go decodes any uint as a bool (decBool: != 0), one byte or several:
  // [true false true false true true] from 1, 0, 256, 0 (as ff 00), 127, 2.
  const bools = Buffer.from('0b7f020102ff8000010200000dff8000060100fe0100ff007f02', 'hex');
  for (const codegen of [true, false]) {
    const d = new Decoder({ codegen });
    d.write(bools);
    deepStrictEqual(d.next(t.slice(t.bool)), [true, false, true, false, true, true]);
  }
  const flags = Array.from({ length: 3000 }, (_, i) => i % 3 === 0);
  deepStrictEqual(decode(encode(t.slice(t.bool), flags), t.slice(t.bool)), flags);
  // Go's bytes for []bool{true, false, true}; a value that is not a boolean fails at its index.
  strictEqual(hex(encode(t.slice(t.bool), [true, false, true])), '0b7f020102ff80000102000007ff800003010001');
  throws(() => encode(t.slice(t.bool), [true, 1 as never]), {
    code: 'INVALID_VALUE',
    path: '[]bool[1]',
    message: '[]bool[1]: gob: cannot encode number 1 as bool',
  });
  // Strings of every length about the one-byte count's end (127, 128), UTF-8 and not.
  const strings = [
    '',
    'a',
    'x'.repeat(31),
    'y'.repeat(32),
    'z'.repeat(127),
    'w'.repeat(128),
    'v'.repeat(300),
    'héllo',
    '\udcff\udc80',
    'é'.repeat(63) + 'e',
    'é'.repeat(64),
  ];
  const many = Array.from({ length: 2000 }, (_, i) => strings[i % strings.length]!);
  for (const codegen of [true, false]) {
    const d = new Decoder({ codegen });
    d.write(encode(t.slice(t.string), many));
    deepStrictEqual(d.next(t.slice(t.string)), many);
    const A = t.array(t.string, strings.length);
    deepStrictEqual(decode(new Encoder({ codegen }).encode(A, strings), A), strings);
  }
});

test('long rows of ASCII strings (read as one shared text) decode exactly, broken by any other string at any place', () => {
  const ascii = (i: number) => 'abcdefghijklmnopqrstuvwxyz0123456789_-'.repeat(4).slice(0, i % 128);
  const values: string[] = [];
  for (let i = 0; i < 300; i++) values.push(ascii(i));
  values.push(
    'é',
    ...Array.from({ length: 70 }, (_, i) => ascii(i * 7)),
    'x'.repeat(200),
    ...Array.from({ length: 64 }, (_, i) => ascii(i + 13)),
  );
  values.push(stringFromBytes(Uint8Array.of(0x61, 0xff)), ...Array.from({ length: 63 }, (_, i) => ascii(i)), '');
  // Past the first 64 of a row (checked byte by byte): bytes that are not UTF-8, then UTF-8 that
  // is not ASCII, each between long ASCII stretches.
  values.push('x'.repeat(130), ...Array.from({ length: 100 }, (_, i) => ascii(i + 3)), stringFromBytes(Uint8Array.of(0xc3)));
  values.push(...Array.from({ length: 100 }, (_, i) => ascii(i + 5)), 'naïve', ...Array.from({ length: 70 }, (_, i) => ascii(i)));
  // Rows of UTF-8 that is not ASCII: characters of two, three and four bytes (a surrogate pair),
  // a leading U+FEFF (kept), NUL; then such a row holding U+FFFD itself (read string by string,
  // as a byte that is not UTF-8 would give it), one with a byte that is not UTF-8 in its middle,
  // and one ending in a string too long for the row.
  const utf = ['héllo', '日本語テキスト', '😀 emoji 🎉', '\ufeffbom', 'a\u0000b', 'Ωμέγα', `${'x'.repeat(40)}€`, ''];
  const utfRow = (n: number) => Array.from({ length: n }, (_, i) => `${utf[i % utf.length]}${i % 3 === 0 ? '' : i}`);
  values.push('y'.repeat(150), ...utfRow(200), 'x'.repeat(200), ...utfRow(64), ...Array.from({ length: 70 }, (_, i) => ascii(i)));
  values.push('w'.repeat(128), ...utfRow(70), '\ufffd replacement', ...utfRow(70));
  // A row of binary ids (bytes that are not UTF-8 from its first string on).
  const binary = Array.from({ length: 70 }, (_, i) =>
    stringFromBytes(Uint8Array.from({ length: 16 }, (_, j) => (i * 37 + j * 101) & 0xff)),
  );
  values.push('v'.repeat(128), ...binary, 'u'.repeat(128));
  values.push('z'.repeat(128), ...utfRow(80), stringFromBytes(Uint8Array.of(0x61, 0xff, 0x62)), ...utfRow(90), 'é'.repeat(70));
  for (const codegen of [true, false]) {
    const bytes = new Encoder({ codegen }).encode(t.slice(t.string), values);
    const d = new Decoder({ codegen });
    d.write(bytes);
    deepStrictEqual(d.next(t.slice(t.string)), values);
    deepStrictEqual(decode(bytes), values);
    const A = t.array(t.string, values.length);
    deepStrictEqual(decode(new Encoder({ codegen }).encode(A, values), A), values);
  }
  // A count past the message's end, after a long row: the row decodes, the bad length fails as before.
  const row = Array.from({ length: 100 }, (_, i) => ascii(i + 20));
  const good = encode(t.slice(t.string), [...row, 'tail']);
  const cut = Buffer.from(good);
  cut[cut.length - 5] = 0x7f; // the last string's length, now past the message's end
  throws(() => decode(cut, t.slice(t.string)), {
    code: 'BAD_DATA',
    path: '[]string[100]',
    message: 'gob: length of string exceeds input size (127 bytes)',
  });
});
