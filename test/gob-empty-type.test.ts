// A type definition that sets none of wireType's fields (`00`, or a message that ends after the
// type id). Go's decoder stores it like any other (decoder.go's recvType) and fails on the first
// value that uses it, with the text of whichever check that value meets; the stream goes on. The
// texts below were recorded from Go 1.26 decoding the same bytes (gob.NewDecoder, Decode into
// each Go type, `Decode(nil)` for discard), with main.P registered.
import { deepStrictEqual, strictEqual } from 'node:assert/strict';
import { test } from 'node:test';
import { Decoder, isGobError, NEED_MORE, type Schema, t, TypeRegistry } from '../src/gob/index.js';
import { Reader } from '../src/gob/reader.js';
import { makeWire, readWireType, writeWireType } from '../src/gob/wire.js';
import { Writer } from '../src/gob/writer.js';

const hex = (h: string) => new Uint8Array(Buffer.from(h.replaceAll(' ', ''), 'hex'));
const P = t.struct('main.P', { X: t.int });
const Q = t.struct('main.Q', { Y: t.int });

// Each stream: definitions and a value using the empty type (id 65), then the int 7.
const streams: Record<string, string> = {
  'an empty definition, a singleton value': '03 ff81 00  04 ff82 00 02  03 04 00 0e',
  'an empty definition cut at the message end': '02 ff81  04 ff82 00 02  03 04 00 0e',
  'an empty definition, a struct-shaped value': '03 ff81 00  05 ff82 01 02 00  03 04 00 0e',
  // 66 = struct S { X <65> }, value S{}.
  'a struct field of the empty type':
    '03 ff81 00  16 ff83 03 01 01 01 53 01 ff84 00 01 01 01 01 58 01 ff82 00 00 00  03 ff84 00  03 04 00 0e',
  // An interface value (id 8) holding main.P, sent under the empty type's id.
  'an interface value of the empty type': '03 ff81 00  0d 10 00 06 6d61696e2e50 ff82 01 00  03 04 00 0e',
};

type Outcome = { code: string; message: string } | 'ok';
const mismatch = (into: string, remote = 'unknown type'): Outcome => ({
  code: 'TYPE_MISMATCH',
  message: `gob: decoding into local type ${into}, received remote type ${remote}`,
});
const notStruct = (name: string): Outcome => ({
  code: 'TYPE_MISMATCH',
  message: `gob: type mismatch in decoder: want struct type ${name}; got non-struct`,
});
const iface = (remote: string): Outcome => ({
  code: 'TYPE_MISMATCH',
  message: `gob: local interface type *interface {} can only be decoded from remote interface type; received concrete type ${remote}`,
});
const cannotIgnore: Outcome = { code: 'BAD_DATA', message: "gob: bad data: ignore can't handle type <nil>" };

// The schemas, by the Go type Go decoded into; `null` is Decode(nil), `undefined` schema-less.
const targets: Array<[string, Schema | null | undefined]> = [
  ['*int', t.int],
  ['*main.P', P],
  ['*[]main.P', t.slice(P)],
  ['*[]int', t.slice(t.int)],
  ['*map[string]int', t.map(t.string, t.int)],
  ['*[2]int', t.array(t.int, 2)],
  ['*interface {}', t.any],
  ['*main.Q', Q],
  ['nil', null],
  ['schema-less', undefined],
];

// Go's first Decode, per stream, in the order of `targets`. Schema-less has no Go counterpart:
// it reads the stream's own types as Decode(nil) does, and fails where that does.
const want: Record<string, Outcome[]> = {
  'an empty definition, a singleton value': [
    mismatch('*int'),
    notStruct('main.P'),
    mismatch('*[]main.P'),
    mismatch('*[]int'),
    mismatch('*map[string]int'),
    mismatch('*[2]int'),
    iface('unknown type'),
    notStruct('main.Q'),
    cannotIgnore,
    cannotIgnore,
  ],
  'a struct field of the empty type': [
    mismatch('*int', 'S'),
    { code: 'TYPE_MISMATCH', message: 'gob: wrong type (int) for received field S.X' },
    mismatch('*[]main.P', 'S'),
    mismatch('*[]int', 'S'),
    mismatch('*map[string]int', 'S'),
    mismatch('*[2]int', 'S'),
    iface('S'),
    cannotIgnore,
    cannotIgnore,
    cannotIgnore,
  ],
  'an interface value of the empty type': [
    mismatch('*int', 'interface'),
    notStruct('main.P'),
    mismatch('*[]main.P', 'interface'),
    mismatch('*[]int', 'interface'),
    mismatch('*map[string]int', 'interface'),
    mismatch('*[2]int', 'interface'),
    notStruct('main.P'),
    notStruct('main.Q'),
    // Go's ignoreInterface skips the value by its byte count; it never compiles the concrete type.
    'ok',
    notStruct('main.P'),
  ],
};
want['an empty definition cut at the message end'] = want['an empty definition, a singleton value']!;
want['an empty definition, a struct-shaped value'] = want['an empty definition, a singleton value']!;

function outcome(d: Decoder, schema: Schema | null | undefined): Outcome {
  try {
    const v = schema === null ? d.discard() : schema === undefined ? d.next() : d.next(schema);
    strictEqual(v === NEED_MORE, false, 'the value has arrived');
    return 'ok';
  } catch (e) {
    strictEqual(isGobError(e), true, `not a GobError: ${e}`);
    const { code, message } = e as { code: string; message: string };
    return { code, message };
  }
}

for (const [name, bytes] of Object.entries(streams)) {
  test(`${name}: each reading fails as Go's, and the stream goes on`, () => {
    const got = targets.map(([, schema]) => {
      const d = new Decoder({ registry: new TypeRegistry().register(P) });
      d.write(hex(bytes));
      const first = outcome(d, schema);
      // As Go's next Decode, the value after the failed one reads normally.
      strictEqual(d.next(t.int), 7);
      d.end();
      return first;
    });
    deepStrictEqual(got, want[name]);
  });
}

test('every split of the stream gives the same outcome', () => {
  const bytes = hex(streams['a struct field of the empty type']!);
  for (let at = 0; at <= bytes.length; at++) {
    const d = new Decoder();
    d.write(bytes.subarray(0, at));
    let err: unknown;
    let rest = true;
    try {
      if (d.next(P) === NEED_MORE) {
        d.write(bytes.subarray(at));
        rest = false;
        d.next(P);
      }
    } catch (e) {
      err = e;
    }
    if (rest) d.write(bytes.subarray(at));
    strictEqual(isGobError(err), true, `split at ${at}: ${err}`);
    deepStrictEqual(
      { code: (err as { code: string }).code, message: (err as Error).message },
      { code: 'TYPE_MISMATCH', message: 'gob: wrong type (int) for received field S.X' },
      `split at ${at}`,
    );
    strictEqual(d.next(t.int), 7);
  }
});

test('an empty type defined again is a duplicate, as Go', () => {
  const d = new Decoder();
  d.write(hex('03 ff81 00  03 ff81 00  03 04 00 0e'));
  let err: unknown;
  try {
    d.next(t.int);
  } catch (e) {
    err = e;
  }
  deepStrictEqual(
    { code: (err as { code: string }).code, message: (err as Error).message },
    { code: 'BAD_DATA', message: 'gob: duplicate type received' },
  );
  strictEqual(d.next(t.int), 7);
});

test('the empty wireType written and read back', () => {
  const w = new Writer();
  writeWireType(w, makeWire('none', '', 0));
  const bytes = w.take();
  deepStrictEqual([...bytes], [0]);
  const r = new Reader();
  r.reset(bytes);
  deepStrictEqual(readWireType(r, 1024), makeWire('none', '', 0));
});
