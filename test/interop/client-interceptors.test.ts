// Client interceptors against Go's net/rpc Arith server (interop/arith): their order, the
// logging interceptor's lines, a retry that changes the arguments, a local answer, and the
// logger every client installs under NODE_DEBUG=gobrpc.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { type Client, clientLogger, type ClientInterceptor, dial, isServerError, RpcError } from '../../src/rpc/index.js';
import { Arith, ArgsSchema, QuotientSchema, startGo } from '../helpers/goproc.js';
import * as jsonrpc from '../../src/jsonrpc/index.js';
import { rejection } from '../helpers/assert.js';
import { ROOT } from '../helpers/fixtures.js';

let addr = '';
const cleanups: Array<() => unknown> = [];
before(async () => {
  addr = (await startGo('arith', ['-mode', 'tcp'], (fn) => void cleanups.push(fn))).addr;
});
after(() => Promise.all(cleanups.map((fn) => fn())));

async function client(interceptors: ClientInterceptor[]): Promise<Client> {
  const c = await dial(addr, { interceptors });
  cleanups.unshift(() => c.close());
  return c;
}

describe('client interceptors', () => {
  test('run in the order given, the first outermost, around service stubs and call()', async () => {
    const seen: string[] = [];
    const tag =
      (name: string): ClientInterceptor =>
      async (ctx, next) => {
        seen.push(`${name}> ${ctx.serviceMethod} ${JSON.stringify(ctx.args)}`);
        const reply = await next();
        seen.push(`<${name} seq ${ctx.seq} attempt ${ctx.attempt} ${JSON.stringify(reply)}`);
        return reply;
      };
    const c = await client([tag('a'), tag('b')]);
    assert.equal(await c.service(Arith).Multiply({ A: 7, B: 8 }), 56);
    assert.deepEqual(await c.call('Arith.Divide', { A: 7, B: 2 }, { argSchema: ArgsSchema, replySchema: QuotientSchema }), {
      Quo: 3,
      Rem: 1,
    });
    assert.deepEqual(seen, [
      'a> Arith.Multiply {"A":7,"B":8}',
      'b> Arith.Multiply {"A":7,"B":8}',
      '<b seq 0 attempt 1 56',
      '<a seq 0 attempt 1 56',
      'a> Arith.Divide {"A":7,"B":2}',
      'b> Arith.Divide {"A":7,"B":2}',
      '<b seq 1 attempt 1 {"Quo":3,"Rem":1}',
      '<a seq 1 attempt 1 {"Quo":3,"Rem":1}',
    ]);
  });

  test('clientLogger writes one line per call with its Seq, outcome and time', async () => {
    const lines: string[] = [];
    let clock = 0;
    const c = await client([clientLogger({ log: (l) => lines.push(l), now: () => (clock += 1.25) })]);
    const arith = c.service(Arith);
    assert.equal(await arith.Multiply({ A: 6, B: 7 }), 42);
    await assert.rejects(arith.Divide({ A: 1, B: 0 }), { name: 'ServerError', code: 'SERVER', message: 'divide by zero' });
    assert.deepEqual(lines, [
      'rpc client: Arith.Multiply seq 0 ok in 1.25 ms',
      'rpc client: Arith.Divide seq 1 failed in 1.25 ms: divide by zero',
    ]);
  });

  test('clientLogger shows a call answered by an interceptor as (local), one the client refused as (not sent)', async () => {
    const lines: string[] = [];
    const cache: ClientInterceptor = async (ctx, next) => {
      if (ctx.serviceMethod === 'Arith.Multiply') return 42;
      if ((ctx.args as { B: number }).B === 0) throw new Error('refused locally');
      if ((ctx.args as { B: number }).B === 2) throw new Error('two\nrpc client: Forged.Line seq 9 ok in 0.00 ms\r\t\x1b[2K');
      return next();
    };
    const c = await client([clientLogger({ log: (l) => lines.push(l), now: () => 0 }), cache]);
    const arith = c.service(Arith);
    assert.equal(await arith.Multiply({ A: 6, B: 7 }), 42);
    assert.equal((await rejection(arith.Divide({ A: 1, B: 0 }))).message, 'refused locally');
    await rejection(arith.Divide({ A: 1, B: 2 }));
    await c.close();
    assert.equal((await rejection(arith.Divide({ A: 1, B: 1 }))).message, 'connection is shut down');
    assert.deepEqual(lines, [
      'rpc client: Arith.Multiply (local) ok in 0.00 ms',
      'rpc client: Arith.Divide (local) failed in 0.00 ms: refused locally',
      // Control characters are escaped: a message cannot forge a line of its own.
      'rpc client: Arith.Divide (local) failed in 0.00 ms: two\\nrpc client: Forged.Line seq 9 ok in 0.00 ms\\r\\t\\x1b[2K',
      'rpc client: Arith.Divide (not sent) failed in 0.00 ms: connection is shut down',
    ]);
  });

  test('an interceptor can retry with other arguments; each attempt is a new request', async () => {
    const retryOnce: ClientInterceptor = async (ctx, next) => {
      try {
        return await next();
      } catch (e) {
        if (!isServerError(e) || e.message !== 'divide by zero') throw e;
        ctx.args = { ...(ctx.args as { A: number; B: number }), B: 1 };
        return next();
      }
    };
    const attempts: Array<[number, number]> = [];
    const record: ClientInterceptor = async (ctx, next) => {
      try {
        return await next();
      } finally {
        attempts.push([ctx.attempt, ctx.seq]);
      }
    };
    const c = await client([retryOnce, record]);
    assert.deepEqual(await c.service(Arith).Divide({ A: 7, B: 0 }), { Quo: 7, Rem: 0 });
    assert.deepEqual(attempts, [
      [1, 0],
      [2, 1],
    ]);
  });

  test('an interceptor can answer or reject without sending anything', async () => {
    const gate: ClientInterceptor = async (ctx, next) => {
      if (ctx.serviceMethod === 'Arith.Divide') throw new RpcError('ABORTED', 'rpc: Divide is switched off');
      if ((ctx.args as { B: number }).B === 0) return 0;
      return next();
    };
    const c = await client([gate]);
    const arith = c.service(Arith);
    const e = await rejection(arith.Divide({ A: 1, B: 1 }));
    assert.deepEqual({ code: (e as RpcError).code, message: e.message }, { code: 'ABORTED', message: 'rpc: Divide is switched off' });
    assert.equal(await arith.Multiply({ A: 9, B: 0 }), 0);
    // Nothing was sent: the first request on the wire gets Seq 0.
    assert.equal(c.go('Arith.Multiply', { A: 2, B: 3 }, { argSchema: ArgsSchema }).seq, 0);
    assert.equal(c.pendingCount, 1);
  });

  test('an interceptor that throws before returning a promise rejects the call, never throws from call()', async () => {
    const seen: number[] = [];
    const guard: ClientInterceptor = (ctx, next) => {
      seen.push(ctx.attempt);
      if (ctx.serviceMethod !== 'Arith.Multiply') throw new RpcError('ABORTED', `rpc: ${ctx.serviceMethod} is not allowed here`);
      return next();
    };
    // Plain JavaScript may return a value rather than a promise: it is the call's reply.
    const local = ((ctx: { args: unknown }) => (ctx.args as { A: number }).A) as unknown as ClientInterceptor;
    const c = await client([guard]);
    let pending: Promise<unknown> | undefined;
    assert.doesNotThrow(() => {
      pending = c.call('Arith.Divide', { A: 1, B: 1 }, { argSchema: ArgsSchema });
    });
    const e = await rejection(pending!);
    assert.deepEqual(
      { code: (e as RpcError).code, message: e.message },
      { code: 'ABORTED', message: 'rpc: Arith.Divide is not allowed here' },
    );
    assert.equal(await c.call('Arith.Multiply', { A: 6, B: 7 }, { argSchema: ArgsSchema }), 42);
    // ctx.attempt counts requests sent: 0 before the first next().
    assert.deepEqual(seen, [0, 0]);
    const d = await client([local]);
    assert.equal(await d.call('Arith.Multiply', { A: 5, B: 7 }, { argSchema: ArgsSchema }), 5);
  });
});

test("the JSON-RPC clients take interceptors too (jsonrpc.dial against Go's jsonrpc.ServeConn)", async (t) => {
  const json = await startGo('arith', ['-mode', 'jsonrpc'], t.after.bind(t));
  const seen: string[] = [];
  const tag: ClientInterceptor = async (ctx, next) => {
    const reply = await next();
    seen.push(`${ctx.serviceMethod} seq ${ctx.seq} attempt ${ctx.attempt} ${JSON.stringify(reply)}`);
    return reply;
  };
  const c = await jsonrpc.dial(json.addr, { interceptors: [tag] });
  t.after(() => c.close());
  assert.equal(await c.call('Arith.Multiply', { A: 6, B: 7 }), 42);
  assert.deepEqual(seen, ['Arith.Multiply seq 0 attempt 1 42']);
});

test('under NODE_DEBUG=gobrpc every client logs each call: Client, ReconnectingClient, JSON-RPC', async (t) => {
  const json = await startGo('arith', ['-mode', 'jsonrpc'], t.after.bind(t));
  const env: NodeJS.ProcessEnv = { ...process.env, NODE_DEBUG: 'gobrpc' };
  delete env.NODE_TEST_CONTEXT;
  const child = spawn(process.execPath, [join(ROOT, 'build', 'test', 'helpers', 'logging-clients.js'), addr, json.addr], {
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
  child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  const code = await new Promise((res) => child.once('close', res));
  assert.equal(code, 0, stderr);
  assert.equal(stdout, '56\n"divide by zero"\n{"Quo":1,"Rem":0}\n6\n12\n');
  // Only the durations vary; everything else is exact.
  const prefix = `GOBRPC ${child.pid}: `;
  assert.deepEqual(stderr.replace(/ in \d+\.\d\d ms/g, ' in T ms').split('\n'), [
    `${prefix}rpc client: Arith.Multiply seq 0 ok in T ms`,
    `${prefix}rpc client: Arith.Divide seq 1 failed in T ms: divide by zero`,
    // One line for a call an interceptor retried: the logger is outermost; seq 1 answered it.
    `${prefix}rpc client: Arith.Divide seq 1 ok in T ms`,
    `${prefix}rpc client: Arith.Multiply seq 0 ok in T ms`,
    `${prefix}rpc client: Arith.Multiply seq 0 ok in T ms`,
    '',
  ]);
});
