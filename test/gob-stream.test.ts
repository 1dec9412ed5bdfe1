// Framing: a stream split at any byte offset (the length prefix included) decodes the same,
// values spanning messages (interface type definitions) wait for their rest, and Node streams
// and sockets carry gob both ways.
import { deepStrictEqual, rejects, strictEqual, throws } from 'node:assert/strict';
import { once } from 'node:events';
import { createServer, connect, type AddressInfo } from 'node:net';
import { Readable } from 'node:stream';
import { test } from 'node:test';
import {
  Decoder,
  Encoder,
  type GoInterface,
  interfaceSchema,
  NEED_MORE,
  StreamDecoder,
  StreamEncoder,
  t,
  TypeRegistry,
  type Schema,
} from '../src/gob/index.js';
import { loadFixtures } from './helpers/fixtures.js';
import { tag } from './helpers/tagged.js';

const fixtures = loadFixtures();

/** Decodes all values from the chunks, tagging each with the schema the stream gave it. */
function decodeChunks(chunks: Uint8Array[], codegen = true): unknown[] {
  const d = new Decoder({ codegen });
  const out: unknown[] = [];
  for (const c of chunks) {
    d.write(c);
    for (;;) {
      const v = d.next();
      if (v === NEED_MORE) break;
      out.push(tag(v, d.lastSchema as Schema));
    }
  }
  d.end();
  return out;
}

/** Every offset for fixtures up to 8 KiB (all but the three largest); for those the ends and 64 points between. */
function splitPoints(bytes: Uint8Array): number[] {
  if (bytes.length <= 8192) return Array.from({ length: bytes.length + 1 }, (_, i) => i);
  const pts = new Set<number>([0, 1, 2, 3, 4, 5, bytes.length - 1, bytes.length]);
  for (let i = 0; i < 64; i++) pts.add(Math.floor((bytes.length * i) / 64) + (i % 7));
  return [...pts].filter((p) => p >= 0 && p <= bytes.length).sort((a, b) => a - b);
}

/** The values decoded from `chunks`, encoded again with the schemas the stream gave them. */
function transcode(chunks: Uint8Array[], codegen = true): Buffer {
  const d = new Decoder({ codegen });
  const e = new Encoder();
  const out: Uint8Array[] = [];
  for (const c of chunks) {
    d.write(c);
    for (let v = d.next(); v !== NEED_MORE; v = d.next()) out.push(e.encode(d.lastSchema as Schema, v));
  }
  d.end();
  return Buffer.concat(out);
}

// Each with generated decoders and with the closures a host refusing eval gets (codegen: false).
for (const codegen of [true, false]) {
  const off = codegen ? '' : ' (codegen off)';

  test(`every fixture decodes identically when split in two at any offset${off}`, () => {
    let splits = 0;
    for (const f of fixtures) {
      deepStrictEqual(decodeChunks([f.bytes], codegen), f.values, f.name);
      // Re-encoding is exact (fixtures.test.ts), so equal bytes mean equal values, and are cheap to compare.
      const whole = transcode([f.bytes], codegen);
      for (const p of splitPoints(f.bytes)) {
        const split = transcode([f.bytes.subarray(0, p), f.bytes.subarray(p)], codegen);
        if (!split.equals(whole)) throw new Error(`${f.name}: split at ${p} decodes differently`);
        splits++;
      }
    }
    strictEqual(splits > 10_000, true, `only ${splits} splits tested`);
  });

  test(`every small fixture decodes identically when fed one byte at a time${off}`, () => {
    for (const f of fixtures) {
      if (f.bytes.length > 4096) continue;
      const bytes = Array.from(f.bytes, (b) => Uint8Array.of(b));
      deepStrictEqual(decodeChunks(bytes, codegen), f.values, f.name);
    }
  });
}

test('a value split by an interface type definition waits for its second message', () => {
  const f = fixtures.find((x) => x.name === 'iface_registered')!;
  const d = new Decoder();
  // Give everything except the last message: the Holder's value is incomplete.
  let pos = 0;
  const messages: Uint8Array[] = [];
  while (pos < f.bytes.length) {
    const n = f.bytes[pos]!; // all messages in this fixture are shorter than 128 bytes
    strictEqual(n < 128, true);
    messages.push(f.bytes.subarray(pos, pos + 1 + n));
    pos += 1 + n;
  }
  strictEqual(messages.length >= 3, true);
  for (const m of messages.slice(0, -1)) d.write(m);
  strictEqual(d.next(), NEED_MORE);
  strictEqual(d.next(), NEED_MORE, 'retrying without new bytes is harmless');
  d.write(messages[messages.length - 1]!);
  deepStrictEqual([tag(d.next(), d.lastSchema as Schema)], f.values);
});

test('end() reports a stream cut inside a message', () => {
  const f = fixtures.find((x) => x.name === 'point')!;
  const d = new Decoder();
  d.write(f.bytes.subarray(0, f.bytes.length - 3));
  strictEqual(d.next(), NEED_MORE);
  throws(() => d.end(), { name: 'GobError', code: 'UNEXPECTED_EOF', message: 'unexpected EOF' });
});

const Msg = t.struct('main.Msg', { Seq: t.int, Text: t.string, Tags: t.slice(t.string) });

test('StreamEncoder and StreamDecoder carry values over a TCP socket', async () => {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  const accepted = once(server, 'connection');
  const client = connect(port, '127.0.0.1');
  await once(client, 'connect');
  const [sock] = await accepted;
  const enc = new StreamEncoder(client);
  for (let i = 0; i < 100; i++) enc.encode(Msg, { Seq: i, Text: `m${i}`, Tags: i % 2 ? ['odd'] : [] });
  client.end();
  const got: unknown[] = [];
  for await (const v of new StreamDecoder(sock).values(Msg)) got.push(v);
  server.close();
  strictEqual(got.length, 100);
  deepStrictEqual(got[7], { Seq: 7, Text: 'm7', Tags: ['odd'] });
  deepStrictEqual(got[8], { Seq: 8, Text: 'm8', Tags: [] });
});

test('StreamDecoder rejects a stream that ends inside a value', async () => {
  const f = fixtures.find((x) => x.name === 'point')!;
  const dec = new StreamDecoder(Readable.from([Buffer.from(f.bytes.subarray(0, 10))]));
  await rejects(dec.read(), { name: 'GobError', code: 'UNEXPECTED_EOF', message: 'unexpected EOF' });
});

test('a value that waits for more input after many consumed messages is read again intact', () => {
  // 63 small values are read first, so the framer crosses its compaction threshold (64 consumed
  // messages) in the middle of the interface value, which its type definition splits.
  const Point = t.struct('main.Point', { X: t.int, Y: t.int });
  const Holder = t.struct('main.Holder', { V: t.any, N: t.int });
  const e = new Encoder({ registry: new TypeRegistry().register(Point, 'main.Point') });
  const ints = Array.from({ length: 63 }, (_, i) => e.encode(t.int, i));
  const holder = e.encode(Holder, { V: { name: 'main.Point', value: { X: 1, Y: 2 } }, N: 3 });
  const cut = holder.length - 3; // inside the value's last message
  const d = new Decoder({ registry: new TypeRegistry().register(Point, 'main.Point') });
  d.write(Buffer.concat([...ints, holder.subarray(0, cut)]));
  for (let i = 0; i < 63; i++) strictEqual(d.next(t.int), i);
  strictEqual(d.next(Holder), NEED_MORE);
  d.write(holder.subarray(cut));
  const got = d.next(Holder) as { V: GoInterface | null; N: number };
  strictEqual(got.V && interfaceSchema(got.V), Point);
  deepStrictEqual(got, { V: { name: 'main.Point', value: { X: 1, Y: 2 } }, N: 3 });
  d.end();
});

test('end() reports a stream cut right after a length prefix', () => {
  const d = new Decoder();
  d.write(Uint8Array.of(5));
  strictEqual(d.next(), NEED_MORE);
  throws(() => d.end(), { code: 'UNEXPECTED_EOF', message: 'unexpected EOF' });
});

test('end() reports an unread message before a bad length, then the bad length itself', () => {
  const d = new Decoder();
  d.write(Buffer.concat([new Encoder().encode(t.int, 1), Uint8Array.of(0x80)]));
  throws(() => d.end(), { code: 'UNEXPECTED_EOF', message: 'unexpected EOF' });
  strictEqual(d.next(t.int), 1);
  throws(() => d.end(), { code: 'BAD_DATA', message: 'gob: encoded unsigned integer out of range' });
});

test('an unnamed composite reached through an interface is the same type as elsewhere in the value', () => {
  // byte_strings_struct holds a []string field and a []string inside an interface: Go defines
  // []string once. Decoding gives the interface value the stream's schema, named "[]string";
  // re-encoding the value must reuse the field's type id rather than define the type again.
  const f = fixtures.find((x) => x.name === 'byte_strings_struct')!;
  const S = t.struct('main.ByteStrings', () => ({
    ID: t.string,
    Tags: t.slice(t.string),
    ByKey: t.map(t.string, t.string),
    V: t.any,
    L: t.slice(t.any),
  }));
  const d = new Decoder();
  d.write(f.bytes);
  const v = d.next(S);
  deepStrictEqual(Buffer.from(new Encoder({ firstTypeId: 64 }).encode(S, v)).toString('hex'), Buffer.from(f.bytes).toString('hex'));
});
