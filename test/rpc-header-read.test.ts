// The codecs read every header after the first of Go's rpc.Request / rpc.Response type without
// the generic decoder: what they read, and how they fail, must be the generic decoder's.
import assert from 'node:assert/strict';
import net from 'node:net';
import { test } from 'node:test';
import { Encoder, t, Writer } from '../src/gob/index.js';
import {
  DISCARD,
  GobClientCodec,
  GobServerCodec,
  type RequestHeader,
  requestSchema,
  type ResponseHeader,
  responseSchema,
} from '../src/rpc/index.js';

/** The headers a codec reads from `bytes`, and the error its input ends with. */
async function readHeaders(
  bytes: Uint8Array,
  codecOf: (s: net.Socket) => GobClientCodec | GobServerCodec,
): Promise<{ headers: unknown[]; end: string | null }> {
  const served = new Promise<net.Socket>((res) => {
    const l = net.createServer((s) => {
      l.close();
      res(s);
    });
    l.listen(0, '127.0.0.1', () => {
      const peer = net.connect((l.address() as net.AddressInfo).port, '127.0.0.1');
      peer.on('error', () => {});
      peer.resume();
      peer.end(bytes);
    });
  });
  const socket = await served;
  const codec = codecOf(socket);
  const headers: unknown[] = [];
  const end = await new Promise<string | null>((res) => {
    const record = (h: RequestHeader | ResponseHeader): typeof DISCARD => {
      headers.push(h);
      return DISCARD;
    };
    const handler = { body: () => {}, closed: (e: Error | null) => res(e === null ? null : e.message) };
    if (codec instanceof GobServerCodec) codec.start({ requestHeader: record, requestBody: handler.body, closed: handler.closed });
    else codec.start({ responseHeader: record, responseBody: handler.body, closed: handler.closed });
  });
  codec.close();
  return { headers, end };
}

/**
 * A stream of headers of `schema`, each followed by an empty-string body: the first written by
 * the Encoder (with the type's definition), the others by `fields` (what follows the type id),
 * so that the hand-made ones can be what Go never sends.
 */
function stream(schema: typeof requestSchema | typeof responseSchema, first: object, ...fields: ((w: Writer) => void)[]): Uint8Array {
  const enc = new Encoder();
  const out = new Writer();
  enc.encodeTo(out, schema, first);
  enc.encodeTo(out, t.string, '');
  const id = enc.typeIdOf(schema)!;
  for (const f of fields) {
    out.fork();
    out.int(id);
    f(out);
    out.join(1 << 20);
    enc.encodeTo(out, t.string, '');
  }
  return out.take();
}

/** A field's delta and string. */
const str = (delta: number, s: string) => (w: Writer) => {
  w.uint(delta);
  w.string(s);
};
/** A field's delta and uint, from its big-endian bytes. */
const uintBytes = (delta: number, bytes: number[]) => (w: Writer) => {
  w.uint(delta);
  if (bytes.length === 1 && bytes[0]! < 0x80) w.byte(bytes[0]!);
  else {
    w.byte(256 - bytes.length);
    for (const b of bytes) w.byte(b);
  }
};
const end = (w: Writer) => w.byte(0);
const all =
  (...parts: ((w: Writer) => void)[]) =>
  (w: Writer) => {
    for (const p of parts) p(w);
  };

test('request headers: plain, empty, with Seq at and past 2^53 − 1, and explicit zeros, as the generic decoder reads them', async () => {
  const bytes = stream(
    requestSchema,
    { ServiceMethod: 'A.B', Seq: 0 },
    all(str(1, 'Arith.Multiply'), uintBytes(1, [5]), end),
    end,
    all(uintBytes(2, [9]), end),
    all(str(1, 'S.M'), uintBytes(1, [0x1f, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff]), end),
    all(str(1, 'S.M'), uintBytes(1, [0x20, 0, 0, 0, 0, 0, 0]), end),
    all(str(1, 'S.M'), uintBytes(1, [0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff]), end),
    all(str(1, ''), uintBytes(1, [0]), end),
    all(str(1, 'Ünï.\xff'), uintBytes(1, [0xff, 0x01]), end),
  );
  const got = await readHeaders(bytes, (s) => new GobServerCodec(s));
  assert.deepEqual(got, {
    headers: [
      { serviceMethod: 'A.B', seq: 0 },
      { serviceMethod: 'Arith.Multiply', seq: 5 },
      { serviceMethod: '', seq: 0 },
      { serviceMethod: '', seq: 9 },
      { serviceMethod: 'S.M', seq: Number.MAX_SAFE_INTEGER },
      { serviceMethod: 'S.M', seq: 2n ** 53n },
      { serviceMethod: 'S.M', seq: 2n ** 64n - 1n },
      { serviceMethod: '', seq: 0 },
      { serviceMethod: 'Ünï.\xff', seq: 0xff01 },
    ],
    end: null,
  });
});

test('response headers, Error included, as the generic decoder reads them', async () => {
  const bytes = stream(
    responseSchema,
    { ServiceMethod: 'A.B', Seq: 1, Error: 'e' },
    all(str(1, 'A.B'), uintBytes(1, [2]), end),
    all(str(1, 'A.B'), uintBytes(1, [3]), str(1, 'failed'), end),
    all(str(3, 'only error'), end),
    all(uintBytes(2, [0x20, 0, 0, 0, 0, 0, 0]), str(1, 'x'), end),
  );
  const got = await readHeaders(bytes, (s) => new GobClientCodec(s));
  assert.deepEqual(got, {
    headers: [
      { serviceMethod: 'A.B', seq: 1, error: 'e' },
      { serviceMethod: 'A.B', seq: 2, error: '' },
      { serviceMethod: 'A.B', seq: 3, error: 'failed' },
      { serviceMethod: '', seq: 0, error: 'only error' },
      { serviceMethod: '', seq: 2n ** 53n, error: 'x' },
    ],
    end: null,
  });
});

// Each is left to the generic decoder, after the good header before it: most end the input with
// its error (Go's text); a struct the message ends in, or one with a byte after it, it reads.
const BAD: Array<[string, (w: Writer) => void, string | null]> = [
  ['a field past the last', all(str(1, 'A.B'), uintBytes(2, [1]), end), 'gob: bad data: field numbers out of bounds'],
  [
    'a string longer than the message',
    all(
      (w) => w.uint(1),
      (w) => w.uint(40),
      (w) => w.byte(0x41),
      end,
    ),
    'gob: bad string slice length: 0',
  ],
  [
    'a uint of nine bytes',
    all(
      str(1, 'A.B'),
      (w) => w.uint(1),
      (w) => w.byte(0xf7),
      end,
    ),
    'gob: encoded unsigned integer out of range',
  ],
  [
    'a uint cut short',
    all(
      str(1, 'A.B'),
      (w) => w.uint(1),
      (w) => w.byte(0xfc),
      (w) => w.byte(1),
    ),
    'gob: invalid uint data length 4: exceeds input size 1',
  ],
  ['no end of struct', all(str(1, 'A.B')), null],
  ['a byte after the end of struct', all(str(1, 'A.B'), end, end), null],
];
for (const [what, fields, error] of BAD) {
  test(`a request header with ${what} is read as by the generic decoder`, async () => {
    const bytes = stream(requestSchema, { ServiceMethod: 'A.B', Seq: 0 }, all(str(1, 'A.B'), uintBytes(1, [1]), end), fields);
    const good = [
      { serviceMethod: 'A.B', seq: 0 },
      { serviceMethod: 'A.B', seq: 1 },
    ];
    assert.deepEqual(await readHeaders(bytes, (s) => new GobServerCodec(s)), {
      headers: error === null ? [...good, { serviceMethod: 'A.B', seq: 0 }] : good,
      end: error,
    });
  });
}
