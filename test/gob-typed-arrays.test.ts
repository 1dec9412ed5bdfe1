// Slices held in typed arrays (t.slice(elem, { as })): Go's own streams decode into every array
// t.slice accepts for the element, to Go's values bit for bit, whole or split at any offset, with
// generated code and without; they encode back to Go's bytes; bad data fails exactly as it does
// into arrays; and t.slice refuses the arrays that cannot hold the element.
import { deepStrictEqual, strictEqual, throws } from 'node:assert/strict';
import { test } from 'node:test';
import { runInNewContext } from 'node:vm';
import {
  Decoder,
  decode,
  encode,
  Encoder,
  goString,
  NEED_MORE,
  type NumericArray,
  type NumericArrayConstructor,
  type Schema,
  t,
} from '../src/gob/index.js';
import { hex, loadFixtures } from './helpers/fixtures.js';
import { tagFloats } from './helpers/tagged.js';

/** What `f` throws, as `{ code, message, path }`; undefined when it returns. */
function failure(f: () => unknown): { code: string; message: string; path?: string } | undefined {
  try {
    f();
  } catch (e) {
    const { code, message, path } = e as { code: string; message: string; path?: string };
    return { code, message, path };
  }
  return undefined;
}

const fixtures = new Map(loadFixtures().map((f) => [f.name, f]));

/** Each numeric slice fixture from Go: its element schemas and the arrays each may be held in. */
const CASES: Array<{ fixture: string; elem: Schema; arrays: NumericArrayConstructor[] }> = [
  { fixture: 'slice_int', elem: t.int, arrays: [Float64Array] },
  { fixture: 'slice_int_wide', elem: t.int, arrays: [Float64Array] },
  { fixture: 'slice_int_wide', elem: t.intn, arrays: [BigInt64Array] },
  { fixture: 'slice_int64_extremes', elem: t.int64n, arrays: [BigInt64Array] },
  { fixture: 'slice_uint64_extremes', elem: t.uint64n, arrays: [BigUint64Array] },
  { fixture: 'slice_int8_edges', elem: t.int8, arrays: [Int8Array, Int16Array, Int32Array, Float64Array] },
  { fixture: 'slice_int32_edges', elem: t.int32, arrays: [Int32Array, Float64Array] },
  { fixture: 'slice_uint16', elem: t.uint16, arrays: [Uint16Array, Uint32Array, Float64Array] },
  { fixture: 'slice_uint32_edges', elem: t.uint32, arrays: [Uint32Array, Float64Array] },
  { fixture: 'slice_float64', elem: t.float64, arrays: [Float64Array] },
  { fixture: 'slice_float64_nans', elem: t.float64, arrays: [Float64Array] },
  { fixture: 'slice_float32_values', elem: t.float32, arrays: [Float32Array, Float64Array] },
];

/**
 * A typed array's elements as the fixtures tag Go's values of `elem`: integers as decimal text, floats as
 * the hex bits of the float64 (read from the array's memory for Float64Array, so a NaN's payload
 * is what is compared).
 */
function tagged(a: NumericArray, elem: Schema): unknown[] {
  if (elem.kind === 'float') return tagFloats(a as Float64Array | Float32Array);
  return Array.from(a as ArrayLike<number | bigint>, (x) => ({ n: String(x) }));
}

/** The whole stream's one value decoded as `schema`, the stream written to the decoder in `parts`. */
function decodeParts(parts: Uint8Array[], schema: Schema, codegen: boolean): unknown {
  const d = new Decoder({ codegen });
  let v: unknown = NEED_MORE;
  for (const p of parts) {
    d.write(p);
    if (v === NEED_MORE) v = d.next(schema);
  }
  d.end();
  return v;
}

for (const codegen of [true, false]) {
  const off = codegen ? '' : ' (codegen off)';
  for (const { fixture, elem, arrays } of CASES) {
    for (const as of arrays) {
      test(`${fixture} decodes into a ${as.name} of ${elem.kind === 'float' ? 'float' : (elem as { goName: string }).goName} to Go's values and back to Go's bytes${off}`, () => {
        const f = fixtures.get(fixture)!;
        const schema = t.slice(elem as Schema<number>, { as: as as NumericArrayConstructor<Float64Array> });
        const v = decodeParts([f.bytes], schema, codegen);
        strictEqual((v as object).constructor, as);
        deepStrictEqual(tagged(v as NumericArray, elem), f.values[0]);
        strictEqual(hex(new Encoder({ codegen }).encode(schema, v as Float64Array)), hex(f.bytes));
        // Split in two at every offset: the same elements.
        for (let p = 1; p < f.bytes.length; p++) {
          const split = decodeParts([f.bytes.subarray(0, p), f.bytes.subarray(p)], schema, codegen);
          deepStrictEqual(tagged(split as NumericArray, elem), f.values[0], `split at ${p}`);
        }
      });
    }
  }
}

test('a typed slice inside a struct: sent, empty and absent (an empty array), with generated code and without', () => {
  const P = t.struct('main.P', { A: t.int, Xs: t.slice(t.float64, { as: Float64Array }), Ns: t.slice(t.int32, { as: Int32Array }) });
  const Plain = t.struct('main.P', { A: t.int, Xs: t.slice(t.float64), Ns: t.slice(t.int32) });
  for (const codegen of [true, false]) {
    const values = [
      { A: 1, Xs: new Float64Array([0.5, -2]), Ns: new Int32Array([7, -7]) },
      { A: 2, Xs: new Float64Array(0), Ns: new Int32Array(0) },
      { A: 3, Xs: null, Ns: null },
    ];
    const bytes = new Encoder({ codegen }).encode(P, values[0]!);
    strictEqual(hex(bytes), hex(new Encoder({ codegen }).encode(Plain, { A: 1, Xs: [0.5, -2], Ns: [7, -7] })));
    const d = new Decoder({ codegen });
    const e = new Encoder({ codegen });
    for (const v of values) d.write(e.encode(P as Schema, v));
    deepStrictEqual(d.next(P), values[0]);
    deepStrictEqual(d.next(P), { A: 2, Xs: new Float64Array(0), Ns: new Int32Array(0) });
    deepStrictEqual(d.next(P), { A: 3, Xs: new Float64Array(0), Ns: new Int32Array(0) });
  }
});

test('an array of numbers encodes under a typed slice schema as under the plain one; other values fail with the reason', () => {
  const S = t.slice(t.int32, { as: Int32Array });
  strictEqual(hex(encode(S as Schema, [1, -1, 300])), hex(encode(t.slice(t.int32), [1, -1, 300])));
  strictEqual(hex(encode(S, null as unknown as Int32Array)), hex(encode(t.slice(t.int32), [])));
  deepStrictEqual(
    failure(() => encode(S, 'abc' as unknown as Int32Array)),
    {
      code: 'INVALID_VALUE',
      message: 'gob: cannot encode string as []int32: want an Int32Array or an array',
      path: '[]int32',
    },
  );
  // Another typed array goes as under the plain schema (see the next test).
  strictEqual(hex(encode(S, Float32Array.of(1, -2) as unknown as Int32Array)), hex(encode(t.slice(t.int32), [1, -2])));
  deepStrictEqual(
    failure(() => encode(S, BigInt64Array.of(1n, 2n ** 40n) as unknown as Int32Array)),
    {
      code: 'INVALID_VALUE',
      message: '[]int32[1]: gob: cannot encode bigint as int32: out of range',
      path: '[]int32[1]',
    },
  );
  deepStrictEqual(
    failure(() => encode(t.slice(t.int, { as: Float64Array }), new Float64Array([1, 1.5]))),
    {
      code: 'INVALID_VALUE',
      message: '[]int[1]: gob: cannot encode number 1.5 as int: not an integer',
      path: '[]int[1]',
    },
  );
  deepStrictEqual(
    failure(() => encode(S as Schema, [1, 2 ** 31])),
    failure(() => encode(t.slice(t.int32), [1, 2 ** 31])),
  );
});

test('a plain t.slice of numbers encodes a typed array as the array of its values, in a struct too, with generated code and without', () => {
  const values = [1, -2, 0, 127, -128, 300, 70000];
  const pairs: Array<[Schema, NumericArray]> = [
    [t.slice(t.int), Int32Array.from(values)],
    [t.slice(t.int), Float64Array.from([...values, 2 ** 40, -(2 ** 53 - 1)])],
    [t.slice(t.int64), Int16Array.from([1, -2, 300])],
    [t.slice(t.int32), Int8Array.from([1, -2, 127])],
    [t.slice(t.uint), Uint32Array.from([0, 1, 2 ** 32 - 1])],
    [t.slice(t.uint16), Uint16Array.from([0, 65535])],
    [t.slice(t.uint32), Uint8ClampedArray.from([0, 255]) as unknown as NumericArray],
    [t.slice(t.int64n), BigInt64Array.from([1n, -(2n ** 63n)])],
    [t.slice(t.uint64n), BigUint64Array.from([0n, 2n ** 64n - 1n])],
    [t.slice(t.intn), Float64Array.from([5, -5])],
    [t.slice(t.float64), Float64Array.from([0.1, -0, Number.POSITIVE_INFINITY, 1e300])],
    [t.slice(t.float64), Float32Array.from([0.1, -2.5])],
    [t.slice(t.float32), Float64Array.from([0.1, 3.4e38])],
    [t.slice(t.float32), Float32Array.from([0.1, -0])],
    [t.slice(t.float64), Int32Array.from([1, -(2 ** 31)])],
    [t.slice(t.float32), Int32Array.from([2 ** 30 + 1])],
    [t.slice(t.int32), BigInt64Array.from([1n, -(2n ** 31n)])],
    [t.slice(t.int64n), BigUint64Array.from([2n ** 63n - 1n])],
  ];
  for (const codegen of [true, false]) {
    for (const [s, v] of pairs) {
      const plain = Array.from(v as ArrayLike<number | bigint>);
      strictEqual(hex(new Encoder({ codegen }).encode(s, v as never)), hex(new Encoder({ codegen }).encode(s, plain)), goString(s));
      const P = t.struct('main.P', { A: t.int, Xs: s });
      strictEqual(
        hex(new Encoder({ codegen }).encode(P, { A: 1, Xs: v as never })),
        hex(new Encoder({ codegen }).encode(P, { A: 1, Xs: plain })),
        `struct with ${goString(s)}`,
      );
    }
  }
  // Each value is checked as the element checks it, with the path of an array's.
  deepStrictEqual(
    failure(() => encode(t.slice(t.int8), Int32Array.of(1, 200) as never)),
    {
      code: 'INVALID_VALUE',
      message: '[]int8[1]: gob: cannot encode number 200 as int8: out of range',
      path: '[]int8[1]',
    },
  );
  deepStrictEqual(
    failure(() => encode(t.slice(t.uint), Float64Array.of(1, -1) as never)),
    {
      code: 'INVALID_VALUE',
      message: '[]uint[1]: gob: cannot encode number -1 as uint: out of range',
      path: '[]uint[1]',
    },
  );
  deepStrictEqual(
    failure(() => encode(t.slice(t.int), Float32Array.of(1.5) as never)),
    {
      code: 'INVALID_VALUE',
      message: '[]int[0]: gob: cannot encode number 1.5 as int: not an integer',
      path: '[]int[0]',
    },
  );
  // A bigint array's values go through the element one by one, failing as in an array.
  deepStrictEqual(
    failure(() => encode(t.slice(t.uint64n), BigInt64Array.of(1n, -1n) as never)),
    {
      code: 'INVALID_VALUE',
      message: '[]uint64[1]: gob: cannot encode bigint as uint64: out of range',
      path: '[]uint64[1]',
    },
  );
  deepStrictEqual(
    failure(() => encode(t.slice(t.float64), BigInt64Array.of(1n) as never)),
    {
      code: 'INVALID_VALUE',
      message: '[]float64[0]: gob: cannot encode bigint as float64',
      path: '[]float64[0]',
    },
  );
  // An array made in another realm (a vm context) is taken by its kind as one made here.
  for (const [s, source, plain] of [
    [t.slice(t.int), 'BigInt64Array.of(1n, -2n)', [1, -2]],
    [t.slice(t.float64), 'Float64Array.of(1.5, -0)', [1.5, -0]],
    [t.slice(t.uint64n), 'BigUint64Array.of(18446744073709551615n)', [2n ** 64n - 1n]],
  ] as const) {
    strictEqual(hex(encode(s as Schema, runInNewContext(source))), hex(encode(s as Schema, plain)), source);
  }
  deepStrictEqual(
    failure(() => encode(t.slice(t.float64), runInNewContext('BigInt64Array.of(1n)'))),
    {
      code: 'INVALID_VALUE',
      message: '[]float64[0]: gob: cannot encode bigint as float64',
      path: '[]float64[0]',
    },
  );
  // Only a slice of numbers takes a typed array.
  deepStrictEqual(
    failure(() => encode(t.slice(t.string), Float64Array.of(1) as never)),
    {
      code: 'INVALID_VALUE',
      message: 'gob: cannot encode Float64Array as []string',
      path: '[]string',
    },
  );
});

test('bad data fails into a typed array as into an array: the element out of range, the message cut short, a count past the bytes', () => {
  const decodeFailure = (bytes: Uint8Array, s: Schema) => failure(() => decode(bytes, s));
  const wide = encode(t.slice(t.int), [1, 2, 2 ** 40]);
  deepStrictEqual(decodeFailure(wide, t.slice(t.int32, { as: Int32Array })), {
    code: 'RANGE',
    message: 'value for "element of *[]int32" out of range',
    path: '[]int32[2]',
  });
  deepStrictEqual(decodeFailure(wide, t.slice(t.int16, { as: Float64Array })), decodeFailure(wide, t.slice(t.int16)));
  const big = encode(t.slice(t.int64n), [1n, 2n ** 60n]);
  deepStrictEqual(decodeFailure(big, t.slice(t.int, { as: Float64Array })), decodeFailure(big, t.slice(t.int)));
  strictEqual(decodeFailure(big, t.slice(t.int, { as: Float64Array }))?.path, '[]int[1]');
  const short = wide.subarray(0, wide.length - 3);
  deepStrictEqual(decodeFailure(short, t.slice(t.int, { as: Float64Array })), decodeFailure(short, t.slice(t.int)));
  const floats = encode(t.slice(t.float64), [0.1, 0.2]);
  deepStrictEqual(decodeFailure(floats.subarray(0, floats.length - 2), t.slice(t.float64, { as: Float64Array })), {
    code: 'UNEXPECTED_EOF',
    message: 'unexpected EOF',
    path: undefined,
  });
  // The last message is the value: its length, type id 64, the singleton's 0, a count, the elements.
  const two = encode(t.slice(t.int32), [1, 2]);
  const body = [0xff, 0x80, 0x00, 0xfc, 0x40, 0x00, 0x00, 0x00, 0x02, 0x04];
  const huge = Uint8Array.from([...two.subarray(0, two.length - 7), body.length, ...body]);
  const want = {
    code: 'BAD_DATA',
    message: 'gob: decoding int32 array or slice: length exceeds input size (1073741824 elements)',
    path: '[]int32[2]',
  };
  deepStrictEqual(decodeFailure(huge, t.slice(t.int32)), want);
  deepStrictEqual(decodeFailure(huge, t.slice(t.int32, { as: Int32Array })), want);
  deepStrictEqual(decodeFailure(huge, t.slice(t.float64, { as: Float64Array })), decodeFailure(huge, t.slice(t.float64)));
});

test('t.slice takes only typed arrays that hold every value of the element', () => {
  const refused = (elem: Schema, as: unknown) =>
    throws(() => t.slice(elem as Schema<number>, { as: as as Float64ArrayConstructor }), TypeError);
  const message = (elem: Schema, as: unknown) => {
    try {
      t.slice(elem as Schema<number>, { as: as as Float64ArrayConstructor });
    } catch (e) {
      return (e as Error).message;
    }
    return undefined;
  };
  deepStrictEqual(
    [
      message(t.int, Int32Array),
      message(t.int16, Int8Array),
      message(t.uint32, Int32Array),
      message(t.uint64n, BigInt64Array),
      message(t.float64, Float32Array),
      message(t.string, Float64Array),
      message(t.intAuto, Float64Array),
      message(t.int32, Array),
      message(t.int32, 'Int32Array'),
      message(t.int32, Uint8Array),
    ],
    [
      't.slice: Int32Array cannot hold every value of []int: use Float64Array, or t.int32 as the element (each value range-checked)',
      't.slice: Int8Array cannot hold every value of []int16: use Int16Array or Int32Array or Float64Array, or t.int8 as the element (each value range-checked)',
      't.slice: Int32Array cannot hold every value of []uint32: use Uint32Array or Float64Array',
      't.slice: BigInt64Array cannot hold every value of []uint64: use BigUint64Array',
      't.slice: Float32Array cannot hold every value of []float64: use Float64Array',
      't.slice: Float64Array cannot hold every value of []string: only floats and integers decoded as number (t.int32, t.int, ...) or bigint (t.int64n, ...) can be',
      't.slice: Float64Array cannot hold every value of []int decoded as number or bigint (t.intAuto, t.uintAuto): use t.int with Float64Array, or t.intn with BigInt64Array',
      't.slice: option as: want a typed array constructor (Float64Array, Int32Array, ...), got the function Array',
      't.slice: option as: want a typed array constructor (Float64Array, Int32Array, ...), got a value of type string',
      't.slice: option as: want a typed array constructor (Float64Array, Int32Array, ...), got Uint8Array, which only []byte fits (t.bytes)',
    ],
  );
  refused((() => t.float64) as unknown as Schema, Float64Array);
  // The Go type is the slice's either way, and a name carries over.
  const named = t.named('main.Samples', t.slice(t.float64, { as: Float64Array }));
  strictEqual(named.kind === 'slice' && named.as, Float64Array);
  strictEqual(hex(encode(named, new Float64Array([1]))), hex(encode(t.named('main.Samples', t.slice(t.float64)), [1])));
});

test('a Float64Array encodes to the bytes its numbers encode to, for floats of every count of low zero bytes', () => {
  // Bit patterns with 0 to 8 low zero bytes, signs and exponents from a fixed-seed generator.
  let seed = 0x2545f491;
  const next = () => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0);
  const f = new Float64Array(2000);
  const words = new Uint32Array(f.buffer);
  for (let i = 0; i < f.length; i++) {
    const zeros = i % 9;
    let lo = next();
    let hi = next();
    for (let q = 0; q < zeros; q++) {
      if (q < 4) lo &= ~(0xff << (q << 3));
      else hi &= ~(0xff << ((q - 4) << 3));
    }
    // Keep NaN out: a number array cannot promise its payload, which is what would differ.
    if (((hi >>> 20) & 0x7ff) === 0x7ff) hi ^= 0x4000_0000;
    words[2 * i] = lo >>> 0;
    words[2 * i + 1] = hi >>> 0;
  }
  strictEqual(hex(encode(t.slice(t.float64, { as: Float64Array }), f)), hex(encode(t.slice(t.float64), Array.from(f))));
  deepStrictEqual(decode(encode(t.slice(t.float64), Array.from(f)), t.slice(t.float64, { as: Float64Array })), f);
});

test('integers in typed arrays encode to the bytes their numbers encode to, and what the element cannot hold fails as from an array', () => {
  let seed = 0x1234567;
  const next = () => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0);
  // Values of every width up to 2^53, both signs.
  const ints = Array.from({ length: 3000 }, (_, i) => {
    const v = (next() % 2 ** (i % 22)) * 2 ** ((i % 5) * 8);
    return Math.min(v, 2 ** 53 - 1) * (i % 2 ? -1 : 1);
  });
  const uints = ints.map(Math.abs);
  for (const [elem, as, vals] of [
    [t.int, Float64Array, ints],
    [t.uint, Float64Array, uints],
    [t.int32, Int32Array, ints.map((x) => x | 0)],
    [t.uint32, Uint32Array, uints.map((x) => x >>> 0)],
    [t.int16, Int16Array, ints.map((x) => (x << 16) >> 16)],
    [t.uint16, Uint16Array, uints.map((x) => x & 0xffff)],
  ] as const) {
    const typed = t.slice(elem, { as: as as unknown as Float64ArrayConstructor });
    strictEqual(
      hex(encode(typed, (as as unknown as Float64ArrayConstructor).from(vals))),
      hex(encode(t.slice(elem), [...vals])),
      goString(elem),
    );
  }
  for (const bad of [-1, 0.5, 2 ** 53, Number.NaN]) {
    deepStrictEqual(
      failure(() => encode(t.slice(t.uint, { as: Float64Array }), new Float64Array([1, 2, bad]))),
      failure(() => encode(t.slice(t.uint), [1, 2, bad])),
    );
    strictEqual(failure(() => encode(t.slice(t.uint, { as: Float64Array }), new Float64Array([1, 2, bad])))?.path, '[]uint[2]');
  }
});

test('a typed array wider than its element encodes only values the element holds, failing on others as an array does', () => {
  deepStrictEqual(
    failure(() => encode(t.slice(t.int16, { as: Int32Array }), Int32Array.of(1, 70000))),
    {
      code: 'INVALID_VALUE',
      message: '[]int16[1]: gob: cannot encode number 70000 as int16: out of range',
      path: '[]int16[1]',
    },
  );
  for (const [elem, as, bad] of [
    [t.int8, Int16Array, 200],
    [t.int8, Int32Array, -129],
    [t.int16, Float64Array, -40000],
    [t.uint16, Uint32Array, 70000],
    [t.uint32, Float64Array, 2 ** 32],
  ] as const) {
    const ctor = as as unknown as Float64ArrayConstructor;
    deepStrictEqual(
      failure(() => encode(t.slice(elem, { as: ctor }), ctor.of(1, bad))),
      failure(() => encode(t.slice(elem), [1, bad])),
    );
    strictEqual(hex(encode(t.slice(elem, { as: ctor }), ctor.of(1, 2))), hex(encode(t.slice(elem), [1, 2])));
  }
});
