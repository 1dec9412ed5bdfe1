// The framer's large-message paths: a message collected from many chunks into a buffer of its
// own (allocated once an eighth of it has arrived, half past 4 MiB), the rest read straight into that buffer the
// way a socket with DirectReads does (Decoder.readTarget), and decoded []byte values that are
// views of that buffer only when nothing else holds it.
import { deepStrictEqual, notStrictEqual, strictEqual } from 'node:assert/strict';
import { test } from 'node:test';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { Decoder, Encoder, NEED_MORE, t } from '../src/gob/index.js';

const Blob = t.struct('Blob', { Name: t.string, Data: t.bytes, N: t.int });

/** Byte i of a payload of `n`: i*7 + i/256 mod 256, so that a shifted window differs. */
function payload(n: number, salt = 0): Uint8Array {
  const p = new Uint8Array(n);
  for (let i = 0; i < n; i++) p[i] = (i * 7 + (i >> 8) + salt) & 0xff;
  return p;
}

/** A stream of values around the thresholds (4 KiB views, 16 KiB direct reads, 1/8 allocation). */
function values(): Array<{ Name: string; Data: Uint8Array; N: number }> {
  return [0, 1, 4095, 4096, 16 << 10, 100_003, 1 << 20, 3 << 20].map((n, i) => ({ Name: `v${i}`, Data: payload(n, i), N: n }));
}

function encodeAll(vs: ReturnType<typeof values>): Uint8Array {
  const e = new Encoder();
  return new Uint8Array(Buffer.concat(vs.map((v) => e.encode(Blob, v))));
}

/**
 * Feeds `stream` as a socket reading at most `readSize` bytes at a time would, into the
 * decoder's read target when it offers one (copying there the bytes the kernel would), and
 * returns the values and how many reads went into a target.
 */
function readLikeSocket(stream: Uint8Array, readSize: number): { out: unknown[]; direct: number } {
  const d = new Decoder();
  const out: unknown[] = [];
  let pos = 0;
  let direct = 0;
  while (pos < stream.length) {
    const target = d.readTarget();
    const n = Math.min(readSize, stream.length - pos, target?.length ?? Infinity);
    let chunk: Uint8Array;
    if (target !== undefined) {
      target.set(stream.subarray(pos, pos + n));
      chunk = target.subarray(0, n);
      direct++;
    } else chunk = stream.slice(pos, pos + n);
    pos += n;
    d.write(chunk);
    for (let v = d.next(Blob); v !== NEED_MORE; v = d.next(Blob)) out.push(v);
  }
  d.end();
  return { out, direct };
}

test('large messages read straight into their own buffer decode the same at every read size', () => {
  const vs = values();
  const stream = encodeAll(vs);
  for (const readSize of [1, 4093, 16 << 10, 65536, 200_001, 4 << 20]) {
    if (readSize === 1) {
      // One byte at a time is slow for 4 MiB: the small values only.
      const small = vs.slice(0, 4);
      deepStrictEqual(readLikeSocket(encodeAll(small), 1).out, small);
      continue;
    }
    const { out, direct } = readLikeSocket(stream, readSize);
    deepStrictEqual(out, vs, `reads of ${readSize}`);
    // Reads smaller than the messages leave room for reads in place.
    if (readSize <= 200_001) strictEqual(direct > 0, true, `reads of ${readSize}: none in place`);
  }
});

test('a decoded []byte shares no memory with the input written, nor with another value', () => {
  const vs = values();
  const stream = encodeAll(vs);
  for (const readSize of [stream.length, 65536, 100_000]) {
    const chunks: Uint8Array[] = [];
    const d = new Decoder();
    const out: Array<{ Data: Uint8Array }> = [];
    for (let pos = 0; pos < stream.length; pos += readSize) {
      // Plain Uint8Arrays, as a caller (not a socket) writes them.
      const c = new Uint8Array(stream.subarray(pos, pos + readSize));
      chunks.push(c);
      d.write(c);
      for (let v = d.next(Blob); v !== NEED_MORE; v = d.next(Blob)) out.push(v);
    }
    deepStrictEqual(out, vs);
    // The caller may reuse its arrays once the values are out; the values keep their bytes.
    for (const c of chunks) c.fill(0xee);
    // A value's bytes are its own: changing one changes no other.
    for (const v of out) v.Data.fill(0xaa);
    out.forEach((v, i) =>
      strictEqual(
        v.Data.every((b) => b === 0xaa),
        true,
        `value ${i}`,
      ),
    );
    for (let i = 0; i < out.length; i++) {
      for (let j = i + 1; j < out.length; j++) {
        if (out[i]!.Data.length > 0 && out[j]!.Data.length > 0) notStrictEqual(out[i]!.Data.buffer, out[j]!.Data.buffer);
      }
    }
  }
});

test('a large []byte collected from chunks is a view of its message; a small one, or one within a chunk, a copy', () => {
  const e = new Encoder();
  const big = { Name: 'big', Data: payload(300_000), N: 1 };
  const small = { Name: 'small', Data: payload(5000), N: 2 };
  const Pair = t.struct('Pair', { A: Blob, Pad: t.bytes });
  const whole = Buffer.concat([e.encode(Blob, big), e.encode(Pair, { A: small, Pad: payload(20_000) })]);
  const last = e.encode(Blob, big);
  const d = new Decoder();
  // The first two messages in one chunk; the last split in two, so the framer collects it.
  d.write(new Uint8Array(whole));
  const v1 = d.next(Blob) as typeof big;
  const v2 = d.next(Pair) as { A: typeof small; Pad: Uint8Array };
  d.write(new Uint8Array(last.subarray(0, 1000)));
  strictEqual(d.next(Blob), NEED_MORE);
  d.write(new Uint8Array(last.subarray(1000)));
  const v3 = d.next(Blob) as typeof big;
  deepStrictEqual([v1, v2, v3], [big, { A: small, Pad: payload(20_000) }, big]);
  // Within a chunk: copies of exactly their bytes.
  strictEqual(v1.Data.buffer.byteLength, 300_000);
  strictEqual(v2.A.Data.buffer.byteLength, 5000);
  strictEqual(v2.Pad.buffer.byteLength, 20_000);
  // Collected: a view of the message's own buffer, a few bytes larger than the value.
  strictEqual(v3.Data.buffer.byteLength > 300_000 && v3.Data.buffer.byteLength < 300_032, true);
});

/**
 * Writes a message of `declared` bytes (its length prefix, then zeros by the MiB) and checks that
 * the Decoder offers no buffer to read into until `allocatedAt` bytes are in, and then one for
 * exactly the rest.
 */
function allocationPoint(declared: number, allocatedAt: number): void {
  const d = new Decoder();
  // uint(declared) as a length prefix: 0xfc then four bytes.
  d.write(Uint8Array.of(0xfc, declared >>> 24, (declared >>> 16) & 0xff, (declared >>> 8) & 0xff, declared & 0xff));
  strictEqual(d.next(), NEED_MORE);
  let got = 0;
  while (got + (1 << 20) < allocatedAt) {
    d.write(new Uint8Array(1 << 20));
    got += 1 << 20;
    strictEqual(d.next(), NEED_MORE);
    strictEqual(d.readTarget(), undefined, `${got} bytes in`);
  }
  d.write(new Uint8Array(allocatedAt - 1 - got));
  strictEqual(d.readTarget(), undefined, `${allocatedAt - 1} bytes in`);
  d.write(new Uint8Array(1));
  strictEqual(d.next(), NEED_MORE);
  strictEqual(d.readTarget()?.length, declared - allocatedAt);
}

test('a message buffer of up to 4 MiB is allocated once an eighth of it has arrived', () => {
  allocationPoint(4 << 20, (4 << 20) / 8);
});

test('a larger message buffer waits for half of its bytes (a peer announcing 1 GiB holds at most twice what it sent)', () => {
  allocationPoint((4 << 20) + 8, ((4 << 20) + 8) / 2);
  allocationPoint(64 << 20, 32 << 20);
});

test('a message collected from pieces of every size, small and large in turn, decodes the same', () => {
  const vs = values().slice(0, 6);
  const stream = encodeAll(vs);
  // Pieces under and over the size below which they are copied together (1 KiB), interleaved.
  const sizes = [1, 1500, 3, 700, 4096, 2, 2, 1023, 1024, 9];
  const d = new Decoder();
  const out: unknown[] = [];
  for (let pos = 0, k = 0; pos < stream.length; k++) {
    const n = sizes[k % sizes.length]!;
    d.write(stream.slice(pos, pos + n));
    pos += n;
    for (let v = d.next(Blob); v !== NEED_MORE; v = d.next(Blob)) out.push(v);
  }
  d.end();
  deepStrictEqual(out, vs);
});

test('a large message dripped a byte per write costs memory in proportion to the bytes sent', () => {
  // A 64 MiB message waits for half of it before its buffer is allocated; until then the small
  // pieces are copied together (a view of each cost about 100 heap bytes per byte sent).
  setFlagsFromString('--expose-gc');
  const gc = runInNewContext('gc') as () => void;
  const d = new Decoder();
  const n = 64 << 20;
  d.write(Uint8Array.of(0xfc, (n >>> 24) & 255, (n >>> 16) & 255, (n >>> 8) & 255, n & 255));
  const sent = 1 << 20;
  const input = new Uint8Array(sent).fill(1);
  gc();
  const before = process.memoryUsage();
  for (let i = 0; i < sent; i++) {
    d.write(input.subarray(i, i + 1));
    if (d.next() !== NEED_MORE) throw new Error('a value before the message is whole');
  }
  gc();
  const after = process.memoryUsage();
  const grown = after.heapUsed + after.arrayBuffers - before.heapUsed - before.arrayBuffers;
  strictEqual(d.pending, true);
  strictEqual(grown <= 4 * sent, true, `${sent} bytes dripped: heap and buffers grew ${(grown / 2 ** 20).toFixed(1)} MiB`);
});

test('a decoder keeps no message buffer alive once it has read past it (its view for seven-byte integers)', async () => {
  setFlagsFromString('--expose-gc');
  const gc = runInNewContext('gc') as () => void;
  const S = t.slice(t.int64);
  const enc = new Encoder();
  const d = new Decoder();
  let big: Uint8Array | undefined = enc.encode(
    S,
    Array.from({ length: 1 << 18 }, (_, i) => 1_700_000_000_000_000 + i),
  );
  const ref = new WeakRef(big.buffer);
  d.write(big);
  big = undefined;
  strictEqual((d.next(S) as number[])[5], 1_700_000_000_000_005);
  d.write(enc.encode(S, [1, 2]));
  deepStrictEqual(d.next(S), [1, 2]);
  // A WeakRef's target stays alive to the end of the job that made it.
  await new Promise((resolve) => setImmediate(resolve));
  gc();
  strictEqual(ref.deref(), undefined);
});
