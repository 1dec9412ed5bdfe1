// The busyPoll options of the client and the server (polling the event loop for a budget of
// microseconds instead of sleeping, for a nearby peer): calls against real Go peers give the
// same answers as without, the polling ends when no call waits or the budget is spent (no
// `setImmediate` left behind), and values outside [0, 1e6] are RangeErrors.
import assert from 'node:assert/strict';
import net from 'node:net';
import { test } from 'node:test';
import { Client, dial, dialHTTP, dialTLS, ReconnectingClient, Server } from '../../src/rpc/index.js';
import * as jsonrpc from '../../src/jsonrpc/index.js';
import { Arith, arithImpl, runGo, startGo } from '../helpers/goproc.js';

/** How many `setImmediate`s are scheduled in this process now. */
const immediates = (): number => process.getActiveResourcesInfo().filter((r) => r === 'Immediate').length;

/** Resolves after one more turn of the event loop, then its `setImmediate`s have run once. */
const turn = (): Promise<void> => new Promise((res) => setImmediate(res));

test('a client with busyPoll calls Go Arith over TCP and stops polling once no call waits', async (ctx) => {
  const go = await startGo('arith', ['-mode', 'tcp'], ctx.after.bind(ctx));
  const c = await dial(go.addr, { busyPoll: 1_000_000 });
  ctx.after(() => c.close());
  const arith = c.service(Arith);
  for (let i = 0; i < 50; i++) assert.equal(await arith.Multiply({ A: i, B: 7 }), i * 7);
  const many = await Promise.all(Array.from({ length: 20 }, (_, i) => arith.Multiply({ A: i + 1, B: -3 })));
  assert.deepEqual(
    many,
    Array.from({ length: 20 }, (_, i) => (i + 1) * -3),
  );
  await assert.rejects(arith.Divide({ A: 1, B: 0 }), { name: 'ServerError', code: 'SERVER', message: 'divide by zero' });
  // A whole second of budget is left, but nothing waits: the next turn ends the polling.
  await turn();
  await turn();
  assert.equal(immediates(), 0);
});

test('a client with busyPoll polls while a call waits, until its budget is spent or it closes', async (ctx) => {
  const go = await startGo('silent', [], ctx.after.bind(ctx));
  const long = await dial(go.addr, { busyPoll: 1_000_000 });
  const call = long.service(Arith).Multiply({ A: 1, B: 2 });
  await turn();
  assert.equal(immediates(), 1);
  long.close();
  await assert.rejects(call, { name: 'RpcError', code: 'SHUTDOWN', message: 'connection is shut down' });
  await turn();
  assert.equal(immediates(), 0);
  // 1 µs of budget: spent by the first turn that looks.
  const short = await dial(go.addr, { busyPoll: 1 });
  ctx.after(() => short.close());
  const pending = short
    .service(Arith)
    .Multiply({ A: 1, B: 2 })
    .catch(() => undefined);
  const until = performance.now() + 5;
  while (performance.now() < until) await new Promise((res) => setTimeout(res, 1));
  assert.equal(short.pendingCount, 1);
  assert.equal(immediates(), 0);
  short.close();
  await pending;
});

test('a jsonrpc client with busyPoll calls a TypeScript jsonrpc server with busyPoll', async (ctx) => {
  const server = new Server({ busyPoll: 200 }).register(Arith, arithImpl);
  const l = net.createServer({ allowHalfOpen: true });
  await new Promise<void>((res) => l.listen(0, '127.0.0.1', res));
  jsonrpc.accept(server, l);
  ctx.after(() => server.close());
  const c = await jsonrpc.dial(`127.0.0.1:${(l.address() as net.AddressInfo).port}`, { busyPoll: 200 });
  const arith = c.service(Arith);
  for (let i = 0; i < 20; i++) assert.equal(await arith.Multiply({ A: i, B: 3 }), i * 3);
  c.close();
  await server.close();
  await turn();
  await turn();
  assert.equal(immediates(), 0);
});

test("Go's arithclient gets Go's answers from a server with busyPoll, and the polling ends with the server", async (ctx) => {
  const server = new Server({ busyPoll: 100 }).register(Arith, arithImpl);
  const l = await server.listen(0, '127.0.0.1');
  ctx.after(() => server.close());
  const r = await runGo('arithclient', ['-addr', `127.0.0.1:${(l.address() as net.AddressInfo).port}`, '-mode', 'tcp']);
  assert.deepEqual(r, {
    ...r,
    code: 0,
    stderr: '',
    lines: [
      'Arith: 7*8=56',
      'Arith: 7/8=0 remainder 7',
      'Arith: 1/0 error: divide by zero',
      'Arith: 10 async calls ok',
      "Arith: unknown method error: rpc: can't find method Arith.Nope",
    ],
  });
  await server.close();
  await turn();
  await turn();
  assert.equal(immediates(), 0);
});

test('busyPoll outside [0, 1e6] microseconds is a RangeError, for the client and the server', () => {
  const socket = new net.Socket();
  const table: [unknown, string][] = [
    [-1, '-1'],
    [1_000_001, '1000001'],
    [Number.NaN, 'NaN'],
    [Infinity, 'Infinity'],
    ['100', 'the string "100"'],
    [100n, 'a bigint'],
    [null, 'null'],
  ];
  for (const [bad, shown] of table) {
    const message = `gobrpc: busyPoll must be a number of microseconds in [0, 1000000], got ${shown}`;
    assert.throws(() => new Client(socket, { busyPoll: bad as number }), { name: 'RangeError', message });
    assert.throws(() => new Server({ busyPoll: bad as number }), { name: 'RangeError', message });
  }
  socket.destroy();
});

test('a dialer given a bad busyPoll rejects before it connects, and a ReconnectingClient gives up at once', async (ctx) => {
  let accepted = 0;
  const l = net.createServer((s) => {
    accepted++;
    s.destroy();
  });
  await new Promise<void>((res) => l.listen(0, '127.0.0.1', res));
  ctx.after(() => new Promise((res) => l.close(res)));
  const addr = `127.0.0.1:${(l.address() as net.AddressInfo).port}`;
  const error = { name: 'RangeError', message: 'gobrpc: busyPoll must be a number of microseconds in [0, 1000000], got -5' };
  await assert.rejects(dial(addr, { busyPoll: -5 }), error);
  await assert.rejects(dialHTTP(addr, { busyPoll: -5 }), error);
  await assert.rejects(dialTLS(addr, {}, { busyPoll: -5 }), error);
  await assert.rejects(jsonrpc.dial(addr, { busyPoll: -5 }), error);
  // A dial's RangeError is its options: no redial can mend it.
  const rc = new ReconnectingClient((signal) => dial(addr, { signal, busyPoll: -5 }), { initialDelay: 1 });
  const events: string[] = [];
  rc.on('retry', () => events.push('retry'));
  rc.on('giveup', (e: Error) => events.push(`giveup: ${e.name}`));
  await assert.rejects(rc.service(Arith).Multiply({ A: 1, B: 2 }), {
    name: 'RpcError',
    code: 'SHUTDOWN',
    message: `rpc: gave up reconnecting after 1 failed attempt: ${error.message}`,
  });
  assert.deepEqual(events, ['giveup: RangeError']);
  assert.equal(accepted, 0);
});
