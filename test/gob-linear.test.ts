// The decoder's cost is linear in the bytes received however the input is split (issue 9 kind 2):
// proved with the Decoder's operation counters, not a clock. Messages are read only when whole,
// type definitions are parsed once, and a value spanning messages is decoded directly once (its
// messages that have arrived) and, if that needed one more, walked once and decoded, so the
// definitions parsed come out the same whether a stream arrives at once, in 256-byte chunks or one
// byte at a time, and the bytes read stay within a fixed multiple of the input.
import { deepStrictEqual, strictEqual } from 'node:assert/strict';
import { test } from 'node:test';
import { Decoder, Encoder, type GoInterface, interfaceSchema, NEED_MORE, t, TypeRegistry, type Schema } from '../src/gob/index.js';

interface Run {
  values: unknown[];
  typeDefinitions: number;
  bytesRead: number;
  abandonedBytes: number;
}

/** Decodes every value of `bytes` fed in chunks of `chunk` bytes (0: all at once). */
function run(bytes: Uint8Array, chunk: number, schema?: Schema, registry?: TypeRegistry): Run {
  const d = new Decoder({ registry });
  const values: unknown[] = [];
  const size = chunk === 0 ? bytes.length : chunk;
  for (let p = 0; p < bytes.length; p += size) {
    d.write(bytes.subarray(p, p + size));
    for (let v = schema ? d.next(schema) : d.next(); v !== NEED_MORE; v = schema ? d.next(schema) : d.next()) values.push(v);
  }
  d.end();
  return { values, ...d.counters };
}

/** Values without the schemas interface values carry (each Decoder derives its own). */
function plain(values: unknown[]): string {
  return JSON.stringify(values, (k, v: unknown) => (k === 'schema' ? undefined : typeof v === 'bigint' ? `${v}n` : v));
}

/**
 * Asserts that every way of splitting `bytes` decodes the same values parsing each definition
 * once, with at most `factor` reads per byte, of which direct decodes undone read at most one.
 */
function assertLinear(bytes: Uint8Array, typeDefinitions: number, factor: number, schema?: Schema, registry?: TypeRegistry): unknown[] {
  const whole = run(bytes, 0, schema, registry);
  strictEqual(whole.typeDefinitions, typeDefinitions);
  for (const chunk of [0, 256, 7, 1]) {
    const split = chunk === 0 ? whole : run(bytes, chunk, schema, registry);
    const { bytesRead, abandonedBytes } = split;
    strictEqual(
      bytesRead + abandonedBytes <= factor * bytes.length,
      true,
      `${bytesRead} + ${abandonedBytes} bytes read for ${bytes.length} in chunks of ${chunk}`,
    );
    strictEqual(
      abandonedBytes <= bytes.length,
      true,
      `${abandonedBytes} bytes read by undone decodes for ${bytes.length} in chunks of ${chunk}`,
    );
    deepStrictEqual(
      { typeDefinitions: split.typeDefinitions, values: plain(split.values) },
      { typeDefinitions: whole.typeDefinitions, values: plain(whole.values) },
      `chunks of ${chunk} bytes`,
    );
  }
  return whole.values;
}

/** A struct of `n` fields, each of its own struct type: n + 1 type definitions. */
function wide(n: number): Schema {
  const fields: Record<string, Schema> = {};
  for (let i = 0; i < n; i++) fields[`F${i}`] = t.struct(`main.T${i}`, { X: t.int });
  return t.struct('main.Wide', fields);
}

const TYPES = 2000;
const Wide = wide(TYPES);

test('type definitions before a value are parsed once however the stream is split', () => {
  const bytes = new Encoder().encode(Wide, {});
  const values = assertLinear(bytes, TYPES + 1, 2, Wide);
  strictEqual(values.length, 1);
  assertLinear(bytes, TYPES + 1, 2);
});

test('type definitions inside an interface value are parsed once however the stream is split', () => {
  // Go's encoder flushes the message at each definition, so the value spans TYPES + 2 messages.
  const Holder = t.struct('main.Holder', { V: t.any, N: t.int });
  const registry = new TypeRegistry().register(Wide, 'main.Wide');
  const bytes = new Encoder({ registry }).encode(Holder, { V: { name: 'main.Wide', value: {} }, N: 7 });
  const values = assertLinear(bytes, TYPES + 2, 3, Holder, registry);
  deepStrictEqual((values[0] as { N: number }).N, 7);
  // Schema-less, without a registry, and with the interface field skipped.
  assertLinear(bytes, TYPES + 2, 3);
  assertLinear(bytes, TYPES + 2, 3, t.struct('main.Holder', { N: t.int }));
});

test('many interface values each bringing a definition are read in linear time', () => {
  const n = 300;
  const types = Array.from({ length: n }, (_, i) => t.struct(`main.P${i}`, { X: t.int }));
  const registry = new TypeRegistry();
  types.forEach((s, i) => registry.register(s, `main.P${i}`));
  const List = t.slice(t.any);
  const list = types.map((_, i) => ({ name: `main.P${i}`, value: { X: i } }));
  const bytes = new Encoder({ registry }).encode(List, list);
  const values = assertLinear(bytes, n + 1, 3, List, registry);
  deepStrictEqual(
    (values[0] as { value: { X: number } }[]).map((v) => v.value.X),
    list.map((v) => v.value.X),
  );
  assertLinear(bytes, n + 1, 3);
});

test('a value waiting on its next message does not walk the messages it has read ahead', () => {
  // The definitions of 500 interface values, fed a byte at a time: the scan queues each message
  // it walks past, and asks on every write whether a bad length is waiting among them. Counted
  // through the framer's queue: its entries read, which a walk per write makes quadratic.
  const n = 500;
  const list = Array.from({ length: n }, (_, i) => ({ name: `T${i}`, value: { X: i }, schema: t.struct(`main.T${i}`, { X: t.int }) }));
  const bytes = new Encoder().encode(t.slice(t.any), list);
  const d = new Decoder();
  const framer = (d as unknown as { framer: { queue: unknown[] } }).framer;
  let reads = 0;
  framer.queue = new Proxy(framer.queue, {
    get(target, key, receiver) {
      if (typeof key === 'string' && /^\d+$/.test(key)) reads++;
      return Reflect.get(target, key, receiver);
    },
  });
  let value: unknown = NEED_MORE;
  for (let p = 0; p < bytes.length; p++) {
    d.write(bytes.subarray(p, p + 1));
    if (value === NEED_MORE) value = d.next();
  }
  d.end();
  deepStrictEqual(
    (value as { value: { X: number } }[]).map((v) => v.value.X),
    list.map((v) => v.value.X),
  );
  // Each message is queued, read ahead and taken: a few reads of it, whatever the chunking.
  strictEqual(reads <= 4 * n, true, `${reads} queue reads for ${n} messages`);
});

/** A length-prefixed gob message. */
function message(body: number[]): number[] {
  if (body.length >= 128) throw new Error('short messages only');
  return [body.length, ...body];
}

test('a value cut into a message at every interface is read in linear time', () => {
  // []interface{} of ints, where a hostile encoder ends a message after each interface name, so
  // each element's concrete type id starts a new message (decoder.go's decodeTypeSequence reads
  // on into it, as Go's decoder does).
  const n = 2000;
  const List = t.slice(t.any);
  const plain = new Encoder().encode(List, []);
  const defLength = plain[0]! + 1;
  const def = [...plain.subarray(0, defLength)];
  const listId = [...plain.subarray(defLength + 1, defLength + 3)]; // the value message: length, type id (2 bytes), delta, count
  const intName = [3, 0x69, 0x6e, 0x74]; // "int"
  const count = [0xfe, n >> 8, n & 0xff]; // uint n: a negated byte count, then big-endian bytes
  const out: number[] = [...def, ...message([...listId, 0, ...count, ...intName])];
  for (let i = 0; i < n; i++) {
    // Concrete type id int (2, sent as 4), the value's byte count, a zero delta, the int i % 60.
    const elem = [4, 2, 0, (i % 60) * 2];
    out.push(...message(i < n - 1 ? [...elem, ...intName] : elem));
  }
  const bytes = Uint8Array.from(out);
  const values = assertLinear(bytes, 1, 3, List) as { name: string; value: number }[][];
  strictEqual(values[0]!.length, n);
  deepStrictEqual(values[0]![1999], { name: 'int', value: 1999 % 60 });
  deepStrictEqual(values[0]![0], { name: 'int', value: 0 });
  // The schema that re-encodes the value is there, out of sight (interfaceSchema reads it).
  strictEqual(interfaceSchema(values[0]![1999] as GoInterface), t.intAuto);
  assertLinear(bytes, 1, 3);
});

/** Each next() outcome for `bytes` fed in chunks: a value (without schemas) or the error's code and text. */
function outcomes(bytes: Uint8Array, chunk: number, schema: Schema, registry: TypeRegistry): string[] {
  const d = new Decoder({ registry });
  const out: string[] = [];
  const size = chunk === 0 ? bytes.length : chunk;
  for (let p = 0; p < bytes.length; p += size) {
    d.write(bytes.subarray(p, p + size));
    for (;;) {
      let v: unknown;
      try {
        v = d.next(schema);
      } catch (e) {
        const { code, message } = e as { code: string; message: string };
        out.push(`${code}: ${message}`);
        continue;
      }
      if (v === NEED_MORE) break;
      out.push(plain([v]));
    }
  }
  return out;
}

test('a value that fails inside or before its interface leaves the stream where decoding it whole does', () => {
  // The sender's P has int fields; the receiver's registry maps the name to int8 fields, so a
  // large X fails inside the interface's value, after its definition arrived mid-value.
  const Wide = t.struct('main.P', { X: t.int, Y: t.int });
  const Narrow = t.struct('main.P', { X: t.int8, Y: t.int8 });
  const Holder = t.struct('main.Holder', { A: t.int, V: t.any, N: t.int });
  const NarrowHolder = t.struct('main.Holder', { A: t.int8, V: t.any, N: t.int });
  const registry = new TypeRegistry().register(Narrow, 'main.P');
  const value = (a: number, x: number) => ({ A: a, V: { name: 'main.P', value: { X: x, Y: 2 } }, N: 3 });
  const expected = [
    ['RANGE: value for "X" out of range', '[{"A":1,"V":{"name":"main.P","value":{"X":5,"Y":2}},"N":3}]'],
    // Failing before the interface, the decoder drops the rest of the value's first message, P's
    // definition with it, and reads on from the next message (the rest of the value, then the
    // second value, which needs P), exactly as the decoder before this change did.
    [
      'RANGE: value for "A" out of range',
      'BAD_DATA: gob: unknown type id or corrupted data',
      'BAD_DATA: gob: unknown type id or corrupted data',
    ],
    ['[{"A":1,"V":{"name":"main.P","value":{"X":1,"Y":2}},"N":3}]', '[{"A":1,"V":{"name":"main.P","value":{"X":5,"Y":2}},"N":3}]'],
  ];
  [value(1, 1000), value(1000, 1), value(1, 1)].forEach((first, k) => {
    const e = new Encoder({ registry: new TypeRegistry().register(Wide, 'main.P') });
    const bytes = Buffer.concat([e.encode(Holder, first), e.encode(Holder, value(1, 5))]);
    const whole = outcomes(bytes, 0, NarrowHolder, registry);
    deepStrictEqual(whole, expected[k]);
    for (const chunk of [1, 3, 16]) deepStrictEqual(outcomes(bytes, chunk, NarrowHolder, registry), whole, `chunks of ${chunk}`);
  });
});

/**
 * `n` values of main.H{V interface{}}, each holding a struct of a type of its own, so each spans
 * two messages; with `alternate`, every other value holds main.T0 again, known by then, and is
 * one message.
 */
function spanningValues(n: number, alternate = false): { bytes: Uint8Array[]; registry: TypeRegistry; H: Schema } {
  const H = t.struct('main.H', { V: t.any });
  const registry = new TypeRegistry();
  const e = new Encoder({ registry });
  const bytes: Uint8Array[] = [];
  for (let i = 0; i < n; i++) {
    registry.register(t.struct(`main.T${i}`, { X: t.int }), `main.T${i}`);
    const name = alternate && i % 2 === 1 ? 'main.T0' : `main.T${i}`;
    bytes.push(e.encode(H, { V: { name, value: { X: i } } }));
  }
  return { bytes, registry, H };
}

test('values spanning messages fed in pieces are walked first after one had to wait: one direct decode undone, not one per value', () => {
  // A value that may span messages is decoded directly first; when a message it needs has not
  // arrived, that decode is undone (an exception unwinds it) and the value walked. Once one value
  // waited, the next are walked first until two in a row arrive whole, so a stream fed a byte at
  // a time undoes the first only.
  const undone = (n: number, chunk: number, alternate = false) => {
    const { bytes, registry, H } = spanningValues(n, alternate);
    const r = run(Buffer.concat(bytes), chunk, H, registry);
    deepStrictEqual(
      r.values.map((v) => (v as { V: GoInterface }).V.value),
      Array.from({ length: n }, (_, i) => ({ X: i })),
    );
    return r.abandonedBytes;
  };
  // The first value's first message, after H's definition: its type id (ff 80, read before the
  // value), then the value up to its interface's definition, which ends the message.
  const first = spanningValues(1).bytes[0]!;
  const firstMessage = first[first[0]! + 1]! - 2;
  // Every other value one message (its type known): those arrive whole, and the walk goes on.
  deepStrictEqual(
    [undone(10, 1), undone(1000, 1), undone(1000, 5), undone(1000, 1, true), undone(1000, 0), undone(1000, 0, true)],
    [firstMessage, firstMessage, firstMessage, firstMessage, 0, 0],
  );
});

test('after values fed in pieces, values that arrive whole are decoded directly again', () => {
  // The first five values a byte at a time, the rest in one write: past the first two values of
  // that write (walked, as the one before them waited), each is read once, so the bytes read
  // beyond a whole stream's do not grow with the values that follow.
  const extra = (n: number) => {
    const { bytes, registry, H } = spanningValues(n);
    const all = Buffer.concat(bytes);
    const head = bytes.slice(0, 5).reduce((k, b) => k + b.length, 0);
    const d = new Decoder({ registry });
    let values = 0;
    const take = () => {
      for (let v = d.next(H); v !== NEED_MORE; v = d.next(H)) values++;
    };
    for (let p = 0; p < head; p++) {
      d.write(all.subarray(p, p + 1));
      take();
    }
    d.write(all.subarray(head));
    take();
    strictEqual(values, n);
    return d.counters.bytesRead - run(all, 0, H, registry).bytesRead;
  };
  strictEqual(extra(1000), extra(100));
});
