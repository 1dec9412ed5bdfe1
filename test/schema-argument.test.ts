// A value given where a schema goes is a programming mistake, reported where it is given with
// the argument named, before anything is read or sent: the stream or the connection goes on.
import { deepStrictEqual, rejects, strictEqual, throws } from 'node:assert/strict';
import { test } from 'node:test';
import { runInNewContext } from 'node:vm';
import { Decoder, decode, decodeAll, Encoder, encode, NEED_MORE, t } from '../src/gob/index.js';
import { marshal, unmarshal } from '../src/jsonrpc/index.js';
import { dial, Server } from '../src/rpc/index.js';

const want = (where: string, got: string) => ({
  name: 'TypeError',
  message: `${where}: want a schema (t.int, t.struct(...), ...), got ${got}`,
});

test('decode and decodeAll with a falsy value for the schema: the TypeError, not a schema-less decode', () => {
  const bytes = encode(t.slice(t.int), [1, 2]);
  throws(() => decode(bytes, 0 as never), want('gob: decode: schema', 'a number (0)'));
  throws(() => decode(bytes, false as never), want('gob: decode: schema', 'a boolean (false)'));
  throws(() => decode(bytes, '' as never), want('gob: decode: schema', 'a string ("")'));
  throws(() => decodeAll(bytes, null as never), want('gob: decode: schema', 'null'));
  deepStrictEqual(decode(bytes, undefined), [1, 2]);
});

test('encode with no schema and a nil value: the TypeError, before the nil check reads the schema', () => {
  throws(() => encode(undefined as never, null as never), want('gob: encode: schema', 'undefined'));
});

test('a struct whose field is not a schema, found while compiling: the value waits for a right schema', () => {
  const P = t.struct('main.P', { X: t.int });
  const d = new Decoder();
  d.write(new Encoder().encode(P, { X: 7 }));
  throws(() => d.next(t.struct('main.P', { X: 5 as never })), want('t.struct main.P: field X', 'a number (5)'));
  deepStrictEqual(d.next(P), { X: 7 });
  strictEqual(d.next(P), NEED_MORE);
});

test('Server.register refuses a method whose args or reply is not a schema, through and through', () => {
  const handler = () => 'x';
  throws(() => new Server().register('Bad', { M: { args: 5 as never, reply: t.string, handler } }), {
    name: 'RpcError',
    code: 'REGISTER',
    message: 'rpc.Register: Bad.M: args: want a schema (t.int, t.struct(...), ...), got a number (5)',
  });
  throws(() => new Server().register('Bad', { M: { args: t.string, reply: t.slice(() => 'int' as never), handler } }), {
    name: 'RpcError',
    code: 'REGISTER',
    message: 't.slice: element: want a schema (t.int, t.struct(...), ...), got a string ("int")',
  });
});

test('a call whose argSchema or replySchema is not a schema rejects with the TypeError, and the connection goes on', async () => {
  const server = new Server().register('Echo', { Say: { args: t.string, reply: t.string, handler: (s: string) => s } });
  const listener = await server.listen(0);
  const client = await dial(`127.0.0.1:${(listener.address() as { port: number }).port}`);
  try {
    await rejects(
      client.call('Echo.Say', 'hi', { argSchema: t.string, replySchema: 5 as never }),
      want('rpc: Echo.Say: replySchema', 'a number (5)'),
    );
    await rejects(
      client.call('Echo.Say', 'hi', { argSchema: t.string, replySchema: t.struct('main.R', { S: 'string' as never }) }),
      want('t.struct main.R: field S', 'a string ("string")'),
    );
    await rejects(
      client.call('Echo.Say', 'hi', { argSchema: {} as never, replySchema: t.string }),
      want('rpc: Echo.Say: argSchema', 'an object that is not a schema (no kind)'),
    );
    strictEqual(await client.call('Echo.Say', 'again', { argSchema: t.string, replySchema: t.string }), 'again');
    strictEqual(client.pendingCount, 0);
  } finally {
    await client.close();
    listener.close();
  }
});

test('jsonrpc.marshal and unmarshal with the arguments swapped or a value for the schema: the TypeError, naming the argument', () => {
  throws(() => marshal(t.int, 5 as never), want('json: marshal: schema', 'a number (5)'));
  throws(() => marshal(5, null as never), want('json: marshal: schema', 'null'));
  throws(() => unmarshal('5', 7 as never), want('json: unmarshal: schema', 'a number (7)'));
  throws(() => unmarshal(5 as never, t.int), {
    name: 'TypeError',
    message: 'json: unmarshal: data: want a string or a Uint8Array, got a number (5)',
  });
  throws(() => unmarshal(t.int as never), {
    name: 'TypeError',
    message: 'json: unmarshal: data: want a string or a Uint8Array, got a schema (the JSON text comes first)',
  });
  throws(() => unmarshal(new ArrayBuffer(3) as never, t.int), {
    name: 'TypeError',
    message: 'json: unmarshal: data: want a string or a Uint8Array, got an object (ArrayBuffer)',
  });
  // A Uint8Array from another realm is one all the same.
  deepStrictEqual(unmarshal(runInNewContext('Uint8Array.of(91, 49, 93)'), t.slice(t.int)), [1]);
  strictEqual(marshal([1, 2], t.slice(t.int)), '[1,2]');
  deepStrictEqual(unmarshal('[1,2]', t.slice(t.int)), [1, 2]);
});
