// The limits of the codecs' options (maxMessageSize, maxDepth, ...) are positive integers or
// Infinity: anything else is a RangeError naming the option, thrown where the option is given
// (the Decoder, the Encoder, the RPC Server, the JSON scanner and what makes one), never taken
// quietly (NaN turned every check it bounds off) nor thrown later from a connection's handler.
import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import { test } from 'node:test';
import { Decoder, Encoder, t } from '../src/gob/index.js';
import { Server } from '../src/rpc/index.js';
import * as jsonrpc from '../src/jsonrpc/index.js';

/** Values no limit may have, as they are shown in the message. */
const BAD: ReadonlyArray<[unknown, string]> = [
  [Number.NaN, 'NaN'],
  [0, '0'],
  [-1, '-1'],
  [1.5, '1.5'],
  [-Infinity, '-Infinity'],
  ['100', '100'],
];

/** Where each limit is given, and what is made with it. */
const PLACES: ReadonlyArray<[string, readonly string[], (options: Record<string, unknown>) => unknown]> = [
  ['gob Decoder', ['maxMessageSize', 'maxDepth', 'maxInterfaceNameLength'], (o) => new Decoder(o)],
  ['gob Encoder', ['maxMessageSize'], (o) => new Encoder(o)],
  ['rpc Server', ['maxMessageSize', 'maxDepth', 'maxInterfaceNameLength'], (o) => new Server(o)],
  ['JsonScanner', ['maxMessageSize', 'maxDepth', 'maxNumberLength', 'maxStringLength'], (o) => new jsonrpc.JsonScanner(o)],
  ['jsonrpc unmarshal', ['maxMessageSize', 'maxDepth', 'maxNumberLength', 'maxStringLength'], (o) => jsonrpc.unmarshal('1', undefined, o)],
  ['jsonrpc createHTTPClient', ['maxMessageSize', 'maxDepth'], (o) => jsonrpc.createHTTPClient('http://127.0.0.1:1/jsonrpc', o)],
  ['jsonrpc httpHandler', ['maxMessageSize', 'maxStringLength'], (o) => jsonrpc.httpHandler(new Server(), o)],
  ['jsonrpc listen', ['maxMessageSize', 'maxNumberLength'], (o) => jsonrpc.listen(new Server(), 0, '127.0.0.1', o)],
  ['jsonrpc accept', ['maxMessageSize', 'maxDepth'], (o) => jsonrpc.accept(new Server(), createServer(), o)],
];

test('a limit that is not a positive integer or Infinity is a RangeError naming it, where it is given', () => {
  for (const [place, names, make] of PLACES) {
    for (const name of names) {
      for (const [value, shown] of BAD) {
        assert.throws(
          () => make({ [name]: value }),
          { name: 'RangeError', message: `gobrpc: ${name} must be a positive integer or Infinity, got ${shown}` },
          `${place} { ${name}: ${shown} }`,
        );
      }
    }
  }
});

test('Infinity lifts a limit, and 1 is the least one: both are taken and work', () => {
  const bytes = new Encoder({ maxMessageSize: Infinity }).encode(t.string, 'hello');
  const dec = new Decoder({ maxMessageSize: Infinity, maxDepth: Infinity, maxInterfaceNameLength: Infinity });
  dec.write(bytes);
  assert.equal(dec.next(t.string), 'hello');
  // maxMessageSize 1 (a message must be shorter than the limit, as Go's tooBig): every message is too big.
  const small = new Decoder({ maxMessageSize: 1 });
  small.write(bytes);
  assert.throws(() => small.next(t.string), {
    name: 'GobError',
    code: 'LIMIT',
    message: `invalid message length: ${bytes[0]} bytes is over maxMessageSize (1)`,
  });
  const all = { maxMessageSize: Infinity, maxDepth: Infinity, maxNumberLength: Infinity, maxStringLength: Infinity };
  assert.deepEqual(jsonrpc.unmarshal('[[1],"ab"]', undefined, all), [[1], 'ab']);
  assert.deepEqual(jsonrpc.unmarshal('[1]', undefined, { maxDepth: 1, maxNumberLength: 1, maxStringLength: 1 }), [1]);
});
