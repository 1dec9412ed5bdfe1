// Issue 12 point 6 against Go peers: a TypeScript client's arguments that do not fit name the
// call and the field and are never sent (Go's server keeps serving the connection); nil
// arguments fail with Go's client's texts; a reply that does not fit reaches a Go client as an
// error naming the call and the field; decode errors keep Go's text and carry path and call.
import { deepStrictEqual, strictEqual } from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { test } from 'node:test';
import { type GobError, t } from '../../src/gob/index.js';
import { dial, type RpcError, Server } from '../../src/rpc/index.js';
import { rejection } from '../helpers/assert.js';
import { Arith, ArgsSchema, runGo, startGo } from '../helpers/goproc.js';

const HINT = 'not exact beyond 2^53, use a bigint and a bigint schema (t.int64n, t.uint64n, t.intn, t.uintn)';

test('a TypeScript client names the call and the field; nothing is sent and the connection goes on', async (t0) => {
  const go = await startGo('arith', ['-mode', 'tcp'], t0.after.bind(t0));
  const client = await dial(go.addr);
  t0.after(() => client.close());
  const arith = client.service(Arith);
  // [args, path, message]
  const cases: Array<[unknown, string, string]> = [
    [{ A: 2.5, B: 1 }, 'Args.A', 'Arith.Multiply: Args.A: gob: cannot encode number 2.5 as int: not an integer'],
    [{ A: 1, B: 2 ** 60 }, 'Args.B', `Arith.Multiply: Args.B: gob: cannot encode number 1152921504606847000 as int: ${HINT}`],
    // Go's client: a nil *Args panics with this text; here the call rejects with it.
    [null, 'Args', 'gob: cannot encode nil pointer of type *services.Args'],
    [undefined, 'Args', 'gob: cannot encode nil pointer of type *services.Args'],
  ];
  for (const [args, path, message] of cases) {
    const e = (await rejection(arith.Multiply(args as never))) as GobError;
    deepStrictEqual([e.code, e.call, e.path, e.message], ['INVALID_VALUE', 'Arith.Multiply', path, message]);
    strictEqual(await arith.Multiply({ A: 7, B: 8 }), 56);
  }
  // Go's client on Call(m, nil, &reply): `gob: cannot encode nil value`.
  const e = (await rejection(client.call('Arith.Multiply', null, { argSchema: ArgsSchema, replySchema: t.int }))) as GobError;
  deepStrictEqual([e.code, e.call, e.path, e.message], ['INVALID_VALUE', 'Arith.Multiply', 'Args', 'gob: cannot encode nil value']);
  // A reply that does not fit: Go's text for the message, path and call on the cause.
  const body = (await rejection(
    client.call('Arith.Multiply', { A: 20, B: 20 }, { argSchema: ArgsSchema, replySchema: t.int8 }),
  )) as RpcError;
  strictEqual(body.message, 'Arith.Multiply: int8: reading body value for "*int8" out of range');
  const cause = body.cause as GobError;
  deepStrictEqual(
    [cause.code, cause.call, cause.path, cause.message],
    ['RANGE', 'Arith.Multiply', 'int8', 'value for "*int8" out of range'],
  );
  // Below the top level, the error the caller catches names the field as well.
  const SmallQuotient = t.struct('services.Quotient', { Quo: t.int8, Rem: t.int });
  const deep = (await rejection(
    client.call('Arith.Divide', { A: 1000, B: 2 }, { argSchema: t.ptr(ArgsSchema), replySchema: SmallQuotient }),
  )) as RpcError;
  deepStrictEqual([deep.code, deep.message], ['BODY', 'Arith.Divide: Quotient.Quo: reading body value for "Quo" out of range']);
  deepStrictEqual([(deep.cause as GobError).path, (deep.cause as GobError).message], ['Quotient.Quo', 'value for "Quo" out of range']);
  strictEqual(await arith.Multiply({ A: 6, B: 7 }), 42);
});

test('a Go client gets a reply that does not fit as an error naming the call and the field', async (t0) => {
  const Row = t.struct('main.Row', { Cells: t.slice(t.uint) });
  const Table = t.struct('main.Table', { Rows: t.map(t.string, Row) });
  const server = new Server().register('Paths', {
    Table: { args: t.int, reply: Table, handler: () => ({ Rows: new Map([['r1', { Cells: [1, -2] }]]) }) },
    Big: { args: t.int, reply: t.int64, handler: () => 2 ** 60 },
  });
  const listener = await server.listen(0);
  t0.after(() => server.close());
  const { port } = listener.address() as AddressInfo;
  const r = await runGo('callerr', ['-addr', `127.0.0.1:${port}`, 'Paths.Table', 'Paths.Big']);
  strictEqual(r.code, 0, r.stderr);
  deepStrictEqual(r.lines, [
    JSON.stringify(
      'rpc: error encoding reply: Paths.Table: Table.Rows["r1"].Cells[1]: gob: cannot encode number -2 as uint: out of range',
    ) + ' (ServerError)',
    JSON.stringify(`rpc: error encoding reply: Paths.Big: gob: cannot encode number 1152921504606847000 as int64: ${HINT}`) +
      ' (ServerError)',
  ]);
});
