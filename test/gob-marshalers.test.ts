// Marshaler wire types with user codecs, and the built-in time/big codecs against Go's bytes.
import { deepStrictEqual, strictEqual, throws } from 'node:assert/strict';
import { test } from 'node:test';
import { decode, Encoder, GoTime, t, type MarshalCodec } from '../src/gob/index.js';
import { loadFixtures } from './helpers/fixtures.js';

interface Money {
  units: bigint;
  currency: string;
}

// gobcases.Money's GobEncode: [len(code)] code [units int64 big-endian].
const moneyCodec: MarshalCodec<Money> = {
  encode: (m) => {
    const code = new TextEncoder().encode(m.currency);
    const b = new Uint8Array(1 + code.length + 8);
    b[0] = code.length;
    b.set(code, 1);
    new DataView(b.buffer).setBigInt64(1 + code.length, m.units);
    return b;
  },
  decode: (b) => {
    const n = b[0]!;
    if (b.length !== 1 + n + 8) throw new Error('Money: bad length');
    return { currency: new TextDecoder().decode(b.subarray(1, 1 + n)), units: new DataView(b.buffer, b.byteOffset).getBigInt64(1 + n) };
  },
  isZero: (m) => m.units === 0n && m.currency === '',
};
const Money = t.gobEncoder('gobcases.Money', moneyCodec);

test('a GobEncoder type with a user codec decodes and re-encodes Go bytes exactly', () => {
  const f = loadFixtures().find((x) => x.name === 'gobencoder_top')!;
  const m = decode(f.bytes, Money);
  strictEqual(typeof m.currency, 'string');
  strictEqual(Buffer.from(new Encoder().encode(Money, m)).toString('hex'), Buffer.from(f.bytes).toString('hex'));
});

test('a codec that rejects the data gives a GobError naming the type', () => {
  const Strict = t.gobEncoder('gobcases.Money', {
    ...moneyCodec,
    decode: () => {
      throw new Error('nope');
    },
  });
  const f = loadFixtures().find((x) => x.name === 'gobencoder_top')!;
  throws(() => decode(f.bytes, Strict), { code: 'MARSHALER', message: 'gob: decoding gobcases.Money: nope' });
});

test('TextMarshaler wire types round-trip through a text codec (Go never sends them, but accepts them)', () => {
  const IP = t.textMarshaler('net.IP', { encode: (v: number[]) => v.join('.'), decode: (s) => s.split('.').map(Number) });
  const Host = t.struct('main.Host', { Addr: IP, Name: t.string });
  const bytes = new Encoder().encode(Host, { Addr: [10, 0, 0, 1], Name: 'db' });
  deepStrictEqual(decode(bytes, Host), { Addr: [10, 0, 0, 1], Name: 'db' });
  // Schema-less, the text itself.
  deepStrictEqual(decode(bytes), { Addr: '10.0.0.1', Name: 'db' });
  // A TextMarshaler stream is not a GobEncoder one: Go's compatibility rule.
  throws(() => decode(bytes, t.struct('main.Host', { Addr: t.gobEncoder('net.IP') })), {
    code: 'TYPE_MISMATCH',
    message: 'gob: wrong type (net.IP) for received field Host.Addr',
  });
});

test('time.Time keeps seconds, nanoseconds and zone offset exactly, in both binary versions', () => {
  const byName = new Map(loadFixtures().map((f) => [f.name, f]));
  const lmt = decode(byName.get('time_lmt')!.bytes, t.time);
  strictEqual(lmt.offset, 5417);
  const ist = decode(byName.get('time_ist')!.bytes, t.time);
  strictEqual(ist.offset, 19800);
  const utc = decode(byName.get('time_utc')!.bytes, t.time);
  strictEqual(utc.offset, null);
  for (const name of ['time_lmt', 'time_ist', 'time_utc']) {
    const f = byName.get(name)!;
    strictEqual(
      Buffer.from(new Encoder().encode(t.time, decode(f.bytes, t.time))).toString('hex'),
      Buffer.from(f.bytes).toString('hex'),
      name,
    );
  }
  const d = new Date('2024-03-15T12:34:56.789Z');
  deepStrictEqual(GoTime.fromDate(d).toDate(), d);
  deepStrictEqual(
    decode(new Encoder().encode(t.time, GoTime.fromUnix(1_700_000_000n, 123_456_789, -3600)), t.time),
    GoTime.fromUnix(1_700_000_000n, 123_456_789, -3600),
  );
});

test("a []time.Time is Go's bytes both ways: seconds below year 1 and past 2^53, offsets of minutes and of seconds", () => {
  // Go 1.26: gob.NewEncoder(&b).Encode([]time.Time{time.Unix(1700000000, 123456789).UTC(),
  // time.Unix(1700000000, 5).In(time.FixedZone("", -3600)), time.Unix(-70000000000, 0).UTC(),
  // time.Unix(1<<60, 999999999).UTC(), time.Unix(1e9, 0).In(time.FixedZone("", 19807)),
  // time.Unix(1e9, 7).In(time.FixedZone("", -3659)), {}}).
  const go =
    '0dff81020102ff820001ff8000000f7f0501010454696d6501ff8000000076ff8200070f010000000edce5e800075bcd15ffff0f010000000edce5e80000000005ffc40f01fffffffe2b3ebb0000000000ffff0f011000000e7791f7003b9ac9ffffff10020000000eb32cc10000000000014a0710020000000eb32cc10000000007ffc4c50f01000000000000000000000000ffff';
  const sent = [
    new GoTime(63835596800n, 123456789, null),
    new GoTime(63835596800n, 5, -3600),
    new GoTime(-7864403200n, 0, null),
    new GoTime(1152921566742443776n, 999999999, null),
    new GoTime(63135596800n, 0, 19807),
    new GoTime(63135596800n, 7, -3659),
    GoTime.zero,
  ];
  const S = t.slice(t.time);
  for (const codegen of [true, false]) strictEqual(Buffer.from(new Encoder({ codegen }).encode(S, sent)).toString('hex'), go);
  // A negative offset with seconds comes back as Go reads it too: the seconds byte unsigned
  // (-60 minutes, then + 197), -3403 where -3659 was sent.
  const read = sent.map((v) => (v.offset === -3659 ? new GoTime(v.sec, v.nsec, -3403) : v));
  deepStrictEqual(decode(Buffer.from(go, 'hex'), S), read);
});

test('a codec made from a built-in one (spread) gets its own copy of the bytes, not a view of the message', () => {
  const time = t.time as unknown as { codec: MarshalCodec<Uint8Array> };
  const keep = t.gobEncoder<Uint8Array>('raw.Thing', {
    ...time.codec,
    encode: (b: Uint8Array) => b,
    decode: (b: Uint8Array) => b,
    isZero: () => false,
  });
  const input = Uint8Array.from(new Encoder().encode(keep, Uint8Array.of(1, 2, 3)));
  const got = decode(input, keep);
  input.fill(0x99);
  deepStrictEqual([...got], [1, 2, 3]);
});

test('a GoTime whose sec is not a bigint is an INVALID_VALUE error naming the field', () => {
  const E = t.struct('main.E', { At: t.time });
  for (const sec of [5, 1.5]) {
    throws(() => new Encoder().encode(E, { At: new GoTime(sec as unknown as bigint, 0, null) }), {
      code: 'INVALID_VALUE',
      path: 'E.At',
      message: `E.At: gob: cannot encode time.Time: its sec is number ${sec}, want a bigint`,
    });
  }
});

test('*big.Int is exact at any size', () => {
  const huge = -(3n ** 200n);
  strictEqual(decode(new Encoder().encode(t.bigInt, huge), t.bigInt), huge);
  const f = loadFixtures().find((x) => x.name === 'bigint_huge')!;
  const v = decode(f.bytes, t.bigInt)!;
  strictEqual(v > 1n << 200n, true);
  strictEqual(Buffer.from(new Encoder().encode(t.bigInt, v)).toString('hex'), Buffer.from(f.bytes).toString('hex'));
});
