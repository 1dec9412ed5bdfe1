// A request body that does not decode, sent byte for byte to Go's net/rpc server
// (interop/badbody) and to the TypeScript server with the same service: both must answer the
// same (the same response headers, the same replies, the connection kept or closed alike).
// Go's server answers a body it cannot decode with an error response carrying the decoder's
// text and goes on reading the connection (server.go's readRequest keeps reading once a header
// has decoded), so the valid request after the bad one is served.
import assert from 'node:assert/strict';
import type net from 'node:net';
import { after, before, describe, test } from 'node:test';
import { Decoder, type GobError, NEED_MORE, t } from '../../src/gob/index.js';
import { makeWire, TypeId, writeWireType } from '../../src/gob/wire.js';
import { Writer } from '../../src/gob/writer.js';
import { defineService, Server, type ServiceImpl } from '../../src/rpc/index.js';
import { responseSchema } from '../../src/rpc/codec.js';
import { connectRaw, readToClose, startGo, suiteCleanup } from '../helpers/goproc.js';

const P = t.struct('main.P', { X: t.int });
const Small = t.struct('main.Small', { X: t.int8 });
const Svc = defineService('Svc', {
  Slice: { args: t.slice(P), reply: t.int },
  Map: { args: t.map(t.string, P), reply: t.int },
  Ptrs: { args: t.slice(t.ptr(P)), reply: t.int },
  Ints: { args: t.slice(t.int), reply: t.int },
  Point: { args: P, reply: t.int },
  Small: { args: Small, reply: t.int },
  Echo: { args: t.int, reply: t.int },
});
const svcImpl: ServiceImpl<typeof Svc> = {
  Slice: (a) => a.length,
  Map: (a) => a.size,
  Ptrs: (a) => a.length,
  Ints: (a) => a.length,
  Point: (a) => a.X,
  Small: (a) => a.X,
  Echo: (a) => a,
};

const hex = (h: string) => new Uint8Array(Buffer.from(h.replaceAll(' ', ''), 'hex'));

/** The type id of rpc.Request in the crafted streams, clear of the ids the bodies define. */
const REQUEST_ID = 100;

/** One framed message holding what `fill` writes. */
function message(fill: (w: Writer) => void): Uint8Array {
  const w = new Writer();
  w.fork();
  fill(w);
  w.join(1 << 30);
  return w.take();
}

/** The definition of rpc.Request under REQUEST_ID, sent once before the first header. */
const requestType = message((w) => {
  w.int(-REQUEST_ID);
  writeWireType(
    w,
    makeWire('struct', 'Request', REQUEST_ID, {
      fields: [
        { name: 'ServiceMethod', id: TypeId.string },
        { name: 'Seq', id: TypeId.uint },
      ],
    }),
  );
});

/** A request header (rpc.Request) as a value message. */
function header(method: string, seq: number): Uint8Array {
  return message((w) => {
    w.int(REQUEST_ID);
    w.uint(1);
    w.string(method);
    w.uint(1);
    w.uint(seq);
    w.uint(0);
  });
}

/** The body of Echo(n): an int singleton. */
function intBody(n: number): Uint8Array {
  return message((w) => {
    w.int(TypeId.int);
    w.uint(0);
    w.int(n);
  });
}

/** A client's bytes: the header type, then each request's header and (crafted) body. */
function stream(requests: Array<[string, Uint8Array]>): Uint8Array {
  const parts: Uint8Array[] = [requestType];
  requests.forEach(([method, body], i) => parts.push(header(method, i + 1), body));
  return Buffer.concat(parts);
}

/** What came back: each response as "seq error-or-reply" by seq, then how the connection ended. */
async function transcript(port: number, bytes: Uint8Array): Promise<string[]> {
  const s = await connectRaw(port);
  s.end(bytes);
  const received = await readToClose(s);
  const d = new Decoder();
  d.write(received);
  const out: string[] = [];
  for (;;) {
    const h = d.next(responseSchema);
    if (h === NEED_MORE) break;
    if (h.Error !== '') {
      assert.equal(d.discard(), true);
      out.push(`${h.Seq} ${h.ServiceMethod} error: ${h.Error}`);
    } else {
      const v = d.next(t.int);
      out.push(`${h.Seq} ${h.ServiceMethod} = ${v === NEED_MORE ? 'incomplete' : v}`);
    }
  }
  // Go's server runs each call in its own goroutine, so replies may come in either order.
  out.sort((a, b) => Number(a.split(' ')[0]) - Number(b.split(' ')[0]));
  try {
    d.end();
    out.push('closed');
  } catch (e) {
    // Never expected: the transcript then shows what ended the stream, which no test wants.
    const { code, message } = e as GobError;
    out.push(`closed mid-message: ${code}: ${message}`);
  }
  return out;
}

// Go's own encodings of the wrong argument types (from a Go program: gob.NewEncoder(...).Encode).
interface Case {
  name: string;
  requests: Array<[string, Uint8Array]>;
  /** What Go's server answered, recorded from interop/badbody (and checked again each run). */
  want: string[];
}

const MISMATCH = 'gob: type mismatch in decoder: want struct type main.P; got non-struct';
/** The answer to the valid request after the bad one, then Go's close after our FIN. */
const SERVED = ['2 Svc.Echo = 7', 'closed'];

const cases: Case[] = [
  {
    name: "[]int into []main.P (the issue's bytes)",
    requests: [
      ['Svc.Slice', hex('0b7f020102ff80000104000004ff800000')],
      ['Svc.Echo', intBody(7)],
    ],
    want: ['1 Svc.Slice error: ' + MISMATCH, ...SERVED],
  },
  {
    name: '[]int{1, 2} into []main.P',
    requests: [
      ['Svc.Slice', hex('0b7f020102ff80000104000006ff8000020204')],
      ['Svc.Echo', intBody(7)],
    ],
    want: ['1 Svc.Slice error: ' + MISMATCH, ...SERVED],
  },
  {
    name: 'map[string]int into map[string]main.P',
    requests: [
      ['Svc.Map', hex('0eff81040102ff8200010c0104000007ff820001016102')],
      ['Svc.Echo', intBody(7)],
    ],
    want: ['1 Svc.Map error: ' + MISMATCH, ...SERVED],
  },
  {
    name: '[]string into []*main.P',
    requests: [
      ['Svc.Ptrs', hex('0cff83020102ff8400010c000006ff8400010161')],
      ['Svc.Echo', intBody(7)],
    ],
    want: ['1 Svc.Ptrs error: ' + MISMATCH, ...SERVED],
  },
  {
    name: 'int into main.P',
    requests: [
      ['Svc.Point', intBody(3)],
      ['Svc.Echo', intBody(7)],
    ],
    want: ['1 Svc.Point error: ' + MISMATCH, ...SERVED],
  },
];

/** A body of remote struct type P (id 65, `struct { X int }`): its definition, then `value` after the type id. */
function pBody(value: string): Uint8Array {
  return Buffer.concat([
    message((w) => {
      w.int(-65);
      writeWireType(w, makeWire('struct', 'P', 65, { fields: [{ name: 'X', id: TypeId.int }] }));
    }),
    message((w) => {
      w.int(65);
      w.raw(hex(value));
    }),
  ]);
}

/** A body of remote type []P (ids 66 and 65): the definitions, then `value` after the type id. */
function pSliceBody(value: string): Uint8Array {
  return Buffer.concat([
    message((w) => {
      w.int(-65);
      writeWireType(w, makeWire('struct', 'P', 65, { fields: [{ name: 'X', id: TypeId.int }] }));
    }),
    message((w) => {
      w.int(-66);
      writeWireType(w, makeWire('slice', '', 66, { elem: 65 }));
    }),
    message((w) => {
      w.int(66);
      w.raw(hex(value));
    }),
  ]);
}

// Bodies whose type fits but whose value fails part of the way through its message, and one
// whose type definition fails (its value message is then read as the next header).
const later: Case[] = [
  {
    name: 'P with a field number out of bounds',
    requests: [
      ['Svc.Point', pBody('02 02 00')],
      ['Svc.Echo', intBody(7)],
    ],
    want: ['1 Svc.Point error: gob: bad data: field numbers out of bounds', ...SERVED],
  },
  {
    name: 'Small with X = 300 (int8 overflow)',
    requests: [
      ['Svc.Small', pBody('01 fe0258 00')],
      ['Svc.Echo', intBody(7)],
    ],
    want: ['1 Svc.Small error: value for "X" out of range', ...SERVED],
  },
  {
    name: '[]P whose count exceeds the message',
    requests: [
      ['Svc.Slice', pSliceBody('00 03 01 02 00')],
      ['Svc.Echo', intBody(7)],
    ],
    want: ['1 Svc.Slice error: gob: decoding array or slice: length exceeds input size (3 elements)', ...SERVED],
  },
  {
    name: "[]int whose count exceeds the message (Go's dec_helpers.go text)",
    requests: [
      ['Svc.Ints', hex('0b7f020102ff80000104000005ff80000302')],
      ['Svc.Echo', intBody(7)],
    ],
    want: ['1 Svc.Ints error: gob: decoding int array or slice: length exceeds input size (3 elements)', ...SERVED],
  },
  {
    name: '[]P whose second element is cut short',
    requests: [
      ['Svc.Slice', pSliceBody('00 02 01 02 00 01 f8 01')],
      ['Svc.Echo', intBody(7)],
    ],
    want: ['1 Svc.Slice error: gob: invalid uint data length 8: exceeds input size 1', ...SERVED],
  },
  {
    name: '[]P with trailing bytes after the value',
    requests: [
      ['Svc.Slice', pSliceBody('00 01 01 02 00 ff ff')],
      ['Svc.Echo', intBody(7)],
    ],
    want: ['1 Svc.Slice = 1', ...SERVED],
  },
  {
    name: 'a slice of an undefined element type into []P',
    requests: [
      [
        'Svc.Slice',
        Buffer.concat([
          message((w) => {
            w.int(-66);
            writeWireType(w, makeWire('slice', '', 66, { elem: 99 }));
          }),
          message((w) => w.raw(hex('ff84 00 00'))),
        ]),
      ],
      ['Svc.Echo', intBody(7)],
    ],
    want: ['1 Svc.Slice error: gob: unknown type id or corrupted data', ...SERVED],
  },
  {
    name: "a body redefining the header's type id",
    requests: [
      [
        'Svc.Point',
        Buffer.concat([
          message((w) => {
            w.int(-REQUEST_ID);
            writeWireType(w, makeWire('struct', 'P', REQUEST_ID, { fields: [{ name: 'X', id: TypeId.int }] }));
          }),
          message((w) => w.raw(hex('ff c8 01 02 00'))),
        ]),
      ],
      ['Svc.Echo', intBody(7)],
    ],
    want: ['1 Svc.Point error: gob: duplicate type received', 'closed'],
  },
];

/** The definition of `id` as a wireType that sets none of its fields: `00`, or nothing at all when `bare`. */
function emptyType(id: number, bare = false): Uint8Array {
  return message((w) => {
    w.int(-id);
    if (!bare) w.uint(0);
  });
}

/** A value message of type `id` holding `value` after the id. */
function valueMessage(id: number, value: string): Uint8Array {
  return message((w) => {
    w.int(id);
    w.raw(hex(value));
  });
}

// Bodies using a type defined with none of wireType's fields set. Go's decoder stores such a
// definition (decoder.go's recvType) and fails on the value, as for any type that fits nothing.
// Go names a remote type in its errors by the process-wide type id first (decode.go's
// typeString), and a Go server allocates ids 64 and 65 when it first answers (rpc.Response and
// the struct{} body of an error reply), so the empty type takes an id clear of those.
const EMPTY_ID = 80;
const emptyTypes: Case[] = [
  {
    name: 'an empty type definition, then an int-shaped value, into int',
    requests: [
      ['Svc.Echo', Buffer.concat([emptyType(EMPTY_ID), valueMessage(EMPTY_ID, '00 06')])],
      ['Svc.Echo', intBody(7)],
    ],
    want: ['1 Svc.Echo error: gob: decoding into local type *int, received remote type unknown type', ...SERVED],
  },
  {
    name: 'an empty type definition cut at the message end, into int',
    requests: [
      ['Svc.Echo', Buffer.concat([emptyType(EMPTY_ID, true), valueMessage(EMPTY_ID, '00 06')])],
      ['Svc.Echo', intBody(7)],
    ],
    want: ['1 Svc.Echo error: gob: decoding into local type *int, received remote type unknown type', ...SERVED],
  },
  {
    name: 'an empty type definition, then a struct-shaped value, into main.P',
    requests: [
      ['Svc.Point', Buffer.concat([emptyType(EMPTY_ID), valueMessage(EMPTY_ID, '01 06 00')])],
      ['Svc.Echo', intBody(7)],
    ],
    want: ['1 Svc.Point error: ' + MISMATCH, ...SERVED],
  },
  {
    name: 'an empty type definition into []main.P',
    requests: [
      ['Svc.Slice', Buffer.concat([emptyType(EMPTY_ID), valueMessage(EMPTY_ID, '00 00')])],
      ['Svc.Echo', intBody(7)],
    ],
    want: ['1 Svc.Slice error: gob: decoding into local type *[]main.P, received remote type unknown type', ...SERVED],
  },
  {
    name: 'a struct whose field is of an empty type, into main.P',
    requests: [
      [
        'Svc.Point',
        Buffer.concat([
          emptyType(EMPTY_ID),
          message((w) => {
            w.int(-66);
            writeWireType(w, makeWire('struct', 'P', 66, { fields: [{ name: 'X', id: EMPTY_ID }] }));
          }),
          valueMessage(66, '00'),
        ]),
      ],
      ['Svc.Echo', intBody(7)],
    ],
    want: ['1 Svc.Point error: gob: wrong type (int) for received field P.X', ...SERVED],
  },
  {
    name: 'an empty type definition, then the same id defined again by the next body',
    requests: [
      ['Svc.Echo', Buffer.concat([emptyType(EMPTY_ID), valueMessage(EMPTY_ID, '00 06')])],
      ['Svc.Echo', Buffer.concat([emptyType(EMPTY_ID), valueMessage(EMPTY_ID, '00 06')])],
      ['Svc.Echo', intBody(7)],
    ],
    want: [
      '1 Svc.Echo error: gob: decoding into local type *int, received remote type unknown type',
      '2 Svc.Echo error: gob: duplicate type received',
      'closed',
    ],
  },
];

/** A body of remote type map[string]P (ids 67 and 65): the definitions, then `value` after the type id. */
function pMapBody(value: string): Uint8Array {
  return Buffer.concat([
    message((w) => {
      w.int(-65);
      writeWireType(w, makeWire('struct', 'P', 65, { fields: [{ name: 'X', id: TypeId.int }] }));
    }),
    message((w) => {
      w.int(-67);
      writeWireType(w, makeWire('map', '', 67, { key: TypeId.string, elem: 65 }));
    }),
    message((w) => {
      w.int(67);
      w.raw(hex(value));
    }),
  ]);
}

// Bodies the stream ends inside (the client half-closes after them): Go's ReadRequestBody fails
// with io.EOF when no byte of the body came and io.ErrUnexpectedEOF when part of it did; the
// server answers the call with that text, then its next read meets the end and it closes.
const cutShort: Case[] = [
  {
    name: "a body cut short by the end of the stream (the verifier's 0304)",
    requests: [['Svc.Echo', hex('0304')]],
    want: ['1 Svc.Echo error: unexpected EOF', 'closed'],
  },
  {
    name: 'no body at all before the end of the stream',
    requests: [['Svc.Echo', new Uint8Array(0)]],
    want: ['1 Svc.Echo error: EOF', 'closed'],
  },
  {
    name: 'a body length prefix cut short',
    requests: [['Svc.Echo', hex('fe01')]],
    want: ['1 Svc.Echo error: unexpected EOF', 'closed'],
  },
  {
    name: 'a type definition and then the end of the stream',
    requests: [['Svc.Slice', hex('0b7f020102ff800001040000')]],
    want: ['1 Svc.Slice error: unexpected EOF', 'closed'],
  },
  {
    name: 'a []P body whose value message is cut short',
    requests: [['Svc.Slice', pSliceBody('00 02 01 02 00 01 04 00').subarray(0, -3)]],
    want: ['1 Svc.Slice error: unexpected EOF', 'closed'],
  },
];

// Bodies whose texts Go's decoder words its own way (each recorded from interop/badbody).
const texts: Case[] = [
  {
    name: 'an empty message as the body (io.EOF)',
    requests: [
      ['Svc.Echo', hex('00')],
      ['Svc.Echo', intBody(7)],
    ],
    want: ['1 Svc.Echo error: EOF', ...SERVED],
  },
  {
    name: 'a value message with its type id and nothing after it (io.EOF)',
    requests: [
      ['Svc.Echo', hex('0104')],
      ['Svc.Echo', intBody(7)],
    ],
    want: ['1 Svc.Echo error: EOF', ...SERVED],
  },
  {
    name: 'a type id whose bytes the message lacks (io.ErrUnexpectedEOF)',
    requests: [
      ['Svc.Echo', hex('01ff')],
      ['Svc.Echo', intBody(7)],
    ],
    want: ['1 Svc.Echo error: unexpected EOF', ...SERVED],
  },
  {
    name: 'type id 0, which no stream defines, into int',
    requests: [
      ['Svc.Echo', hex('020000')],
      ['Svc.Echo', intBody(7)],
    ],
    want: ['1 Svc.Echo error: gob: decoding into local type *int, received remote type unknown type', ...SERVED],
  },
  {
    name: 'type id 0 into map[string]main.P',
    requests: [
      ['Svc.Map', hex('020000')],
      ['Svc.Echo', intBody(7)],
    ],
    want: ['1 Svc.Map error: gob: decoding into local type *map[string]main.P, received remote type unknown type', ...SERVED],
  },
  {
    name: 'reserved type id 10 into int and into a struct',
    requests: [
      ['Svc.Echo', hex('03140000')],
      ['Svc.Small', hex('03140000')],
      ['Svc.Echo', intBody(7)],
    ],
    want: [
      '1 Svc.Echo error: gob: decoding into local type *int, received remote type _reserved1',
      '2 Svc.Small error: gob: type mismatch in decoder: want struct type main.Small; got non-struct',
      '3 Svc.Echo = 7',
      'closed',
    ],
  },
  {
    name: 'an unnamed slice type into int: named by its (empty) definition name',
    requests: [
      [
        'Svc.Echo',
        Buffer.concat([
          message((w) => {
            w.int(-90);
            writeWireType(w, makeWire('slice', '', 90, { elem: TypeId.int }));
          }),
          valueMessage(90, '00 02 02 04'),
        ]),
      ],
      ['Svc.Echo', intBody(7)],
    ],
    want: ['1 Svc.Echo error: gob: decoding into local type *int, received remote type ', ...SERVED],
  },
  {
    name: 'a map key string longer than the message',
    requests: [
      ['Svc.Map', pMapBody('00 01 50 00 00')],
      ['Svc.Echo', intBody(7)],
    ],
    want: ['1 Svc.Map error: gob: bad string slice length: 0', ...SERVED],
  },
  {
    name: 'a struct field delta from 2^63 (negative in Go)',
    requests: [
      ['Svc.Point', pBody('f8 ffffffffffffffff')],
      ['Svc.Echo', intBody(7)],
    ],
    want: ['1 Svc.Point error: gob: decode: corrupted data: negative delta', ...SERVED],
  },
  {
    // Its value message is then read as the next header, of a type the failed definition never
    // gave: the header fails and both servers close.
    name: "a type definition whose Id is outside Go's int32 (the verifier's bytes)",
    requests: [
      ['Svc.Ints', hex('0f7f020102fb0100000000000104000005ff80000104')],
      ['Svc.Echo', intBody(7)],
    ],
    want: ['1 Svc.Ints error: value for "Id" out of range', 'closed'],
  },
  {
    name: 'a slice definition whose Elem is outside int32',
    requests: [
      ['Svc.Ints', hex('0f7f020102ff800001fb010000000000')],
      ['Svc.Echo', intBody(7)],
    ],
    want: ['1 Svc.Ints error: value for "Elem" out of range', ...SERVED],
  },
  {
    name: 'a message length past Go’s own limit',
    requests: [
      ['Svc.Echo', hex('f8 7f00000000000000')],
      ['Svc.Echo', intBody(7)],
    ],
    want: ['1 Svc.Echo error: invalid message length', ...SERVED],
  },
  {
    name: 'a message length prefix of more than eight bytes',
    requests: [
      ['Svc.Echo', hex('f7')],
      ['Svc.Echo', intBody(7)],
    ],
    want: ['1 Svc.Echo error: gob: encoded unsigned integer out of range', ...SERVED],
  },
];

let goPort = 0;
let tsPort = 0;
const server = new Server().register(Svc, svcImpl);
// The Go server lives as long as the file.
const cleanup = suiteCleanup();

before(async () => {
  goPort = (await startGo('badbody', [], cleanup)).port;
  tsPort = ((await server.listen()).address() as net.AddressInfo).port;
});
after(() => server.close());

describe('a request body that does not decode, Go server and TypeScript server alike', () => {
  for (const c of [...cases, ...later, ...emptyTypes, ...cutShort, ...texts]) {
    test(c.name, async () => {
      const bytes = stream(c.requests);
      assert.deepEqual(await transcript(goPort, bytes), c.want, "Go's server");
      assert.deepEqual(await transcript(tsPort, bytes), c.want, 'the TypeScript server');
    });
  }
  test('a request header of an empty type definition', async () => {
    // The header, unlike a body, is where Go's server stops reading (server.go's readRequestHeader).
    const bytes = Buffer.concat([requestType, emptyType(EMPTY_ID), valueMessage(EMPTY_ID, '01 06'), header('Svc.Echo', 2), intBody(7)]);
    const want = ['closed'];
    assert.deepEqual(await transcript(goPort, bytes), want, "Go's server");
    assert.deepEqual(await transcript(tsPort, bytes), want, 'the TypeScript server');
  });
});
