// Server interceptors against a real Go net/rpc client (interop/scriptclient): what they see of
// each call, and what the Go client gets when one rejects a call or replaces its reply. Also the
// logging interceptor, and the line a server logs under NODE_DEBUG=gobrpc.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { test } from 'node:test';
import { dial, loggingInterceptor, Server, type ServerCallContext, type ServerInterceptor } from '../../src/rpc/index.js';
import { ROOT } from '../helpers/fixtures.js';
import { goBin } from '../helpers/goproc.js';
import { Gate, Gates, startScript } from '../helpers/script.js';

async function serve(interceptors: ServerInterceptor[], t: { after(fn: () => unknown): void }) {
  const gates = new Gates();
  const server = new Server({ interceptors }).register(Gate, gates.impl);
  const listener = await server.listen();
  t.after(() => server.close());
  const { port } = listener.address() as { port: number };
  const go = await startScript(goBin('scriptclient'), ['-addr', `127.0.0.1:${port}`], t.after.bind(t));
  return { gates, server, go };
}

test('an interceptor sees service, method, seq, remote address, signal and decoded args; the handler sees its state', async (t) => {
  const seen: Array<Omit<ServerCallContext, 'signal'> & { aborted: boolean }> = [];
  let handlerState: unknown;
  const observe: ServerInterceptor = async (ctx, next) => {
    const { signal, ...rest } = ctx;
    seen.push({ ...rest, aborted: signal.aborted });
    ctx.state.user = 'alice';
    return next();
  };
  const { go, server } = await serve([observe], t);
  server.register('Probe', {
    State: {
      args: Gate.methods.Echo.args,
      reply: Gate.methods.Echo.reply,
      // With interceptors, the handler's context is the whole ServerCallContext.
      handler: (s: string, ctx) => {
        handlerState = (ctx as ServerCallContext).state;
        return s;
      },
    },
  });
  go.send('call 1 Gate.Echo hello');
  assert.equal(await go.line(/^1 (reply|server error|error) /), '1 reply "hello"');
  go.send('call 2 Probe.State again');
  assert.equal(await go.line(/^2 (reply|server error|error) /), '2 reply "again"');
  assert.equal(seen.length, 2);
  assert.match(seen[0]!.remoteAddress!, /^127\.0\.0\.1:\d+$/);
  // Go's client numbers calls from 0.
  assert.deepEqual(
    seen.map(({ remoteAddress: _, ...c }) => c),
    [
      { serviceMethod: 'Gate.Echo', service: 'Gate', method: 'Echo', seq: 0, args: 'hello', state: { user: 'alice' }, aborted: false },
      { serviceMethod: 'Probe.State', service: 'Probe', method: 'State', seq: 1, args: 'again', state: { user: 'alice' }, aborted: false },
    ],
  );
  assert.deepEqual(handlerState, { user: 'alice' });
  assert.equal(await go.end(), 0);
});

test('interceptors run outermost first, around the handler, and can time it', async (t) => {
  const order: string[] = [];
  const mark =
    (name: string): ServerInterceptor =>
    async (_ctx, next) => {
      order.push(`${name} in`);
      try {
        return await next();
      } finally {
        order.push(`${name} out`);
      }
    };
  const { go, gates } = await serve([mark('outer'), mark('inner')], t);
  go.send('call 1 Gate.Wait w');
  await gates.whenStarted('w');
  assert.deepEqual(order, ['outer in', 'inner in']);
  gates.open('w', 'done');
  assert.equal(await go.line(/^1 (reply|server error|error) /), '1 reply "done"');
  assert.deepEqual(order, ['outer in', 'inner in', 'inner out', 'outer out']);
  assert.equal(await go.end(), 0);
});

test('an interceptor that throws rejects the call (auth): the Go client gets its text and the handler never runs', async (t) => {
  let ran = 0;
  const auth: ServerInterceptor = (ctx, next) => {
    if (ctx.args === 'intruder') throw new Error('permission denied');
    return next();
  };
  const count: ServerInterceptor = (_ctx, next) => {
    ran++;
    return next();
  };
  const { go } = await serve([auth, count], t);
  go.send('call 1 Gate.Echo intruder');
  assert.equal(await go.line(/^1 (reply|server error|error) /), '1 server error "permission denied"');
  go.send('call 2 Gate.Echo friend');
  assert.equal(await go.line(/^2 (reply|server error|error) /), '2 reply "friend"');
  assert.equal(ran, 1);
  assert.equal(await go.end(), 0);
});

test('an interceptor can replace the reply, the arguments, or a handler error', async (t) => {
  const shout: ServerInterceptor = async (_ctx, next) => String(await next()).toUpperCase();
  const trim: ServerInterceptor = (ctx, next) => {
    ctx.args = String(ctx.args).trim();
    return next();
  };
  const rescue: ServerInterceptor = async (_ctx, next) => {
    try {
      return await next();
    } catch (e) {
      return `rescued: ${(e as Error).message}`;
    }
  };
  const { go, server } = await serve([shout, trim, rescue], t);
  server.register('Boom', {
    Now: {
      args: Gate.methods.Echo.args,
      reply: Gate.methods.Echo.reply,
      handler: () => {
        throw new Error('boom');
      },
    },
  });
  go.send('call 1 Gate.Echo    padded');
  assert.equal(await go.line(/^1 (reply|server error|error) /), '1 reply "PADDED"');
  go.send('call 2 Boom.Now x');
  assert.equal(await go.line(/^2 (reply|server error|error) /), '2 reply "RESCUED: BOOM"');
  assert.equal(await go.end(), 0);
});

test('an interceptor calling next() twice gets an error instead of a second handler run', async (t) => {
  const twice: ServerInterceptor = async (_ctx, next) => {
    await next();
    return next();
  };
  const { go } = await serve([twice], t);
  go.send('call 1 Gate.Echo x');
  assert.equal(await go.line(/^1 (reply|server error|error) /), '1 server error "rpc: next() called more than once by an interceptor"');
  assert.equal(await go.end(), 0);
});

test('use() refuses what is not a function', () => {
  assert.throws(() => new Server().use(42 as unknown as ServerInterceptor), {
    name: 'TypeError',
    message: 'gobrpc: an interceptor must be a function, got number',
  });
});

test('loggingInterceptor logs one line per call, success and failure, control characters escaped', async (t) => {
  const lines: string[] = [];
  let clock = 0;
  const log = loggingInterceptor({ log: (line) => lines.push(line), now: () => (clock += 1.5) });
  const auth: ServerInterceptor = (ctx, next) => {
    if (ctx.args === 'no') throw 'refused';
    if (ctx.args === 'nl') throw new Error('refused\nrpc: Gate.Echo seq 9 from 10.0.0.1:1: ok in 0.01 ms\x1b[2K');
    return next();
  };
  const { go } = await serve([log, auth], t);
  go.send('call 1 Gate.Echo yes');
  await go.line(/^1 (reply|server error|error) /);
  go.send('call 2 Gate.Echo no');
  assert.equal(await go.line(/^2 (reply|server error|error) /), '2 server error "refused"');
  go.send('call 3 Gate.Echo nl');
  await go.line(/^3 (reply|server error|error) /);
  const port = /from 127\.0\.0\.1:(\d+):/.exec(lines[0]!)?.[1];
  assert.deepEqual(lines, [
    `rpc: Gate.Echo seq 0 from 127.0.0.1:${port}: ok in 1.50 ms`,
    `rpc: Gate.Echo seq 1 from 127.0.0.1:${port}: failed in 1.50 ms: refused`,
    `rpc: Gate.Echo seq 2 from 127.0.0.1:${port}: failed in 1.50 ms: refused\\nrpc: Gate.Echo seq 9 from 10.0.0.1:1: ok in 0.01 ms\\x1b[2K`,
  ]);
  assert.equal(await go.end(), 0);
});

test('under NODE_DEBUG=gobrpc a server logs every call', async () => {
  const rpcIndex = join(ROOT, 'build', 'src', 'index.js');
  const script = `
    import { Server, dial, t } from ${JSON.stringify(rpcIndex)};
    const server = new Server().register('Gate', { Echo: { args: t.string, reply: t.string, handler: (s) => s } });
    const l = await server.listen();
    const client = await dial({ port: l.address().port });
    await client.call('Gate.Echo', 'hi', { argSchema: t.string });
    await client.close();
    await server.close();
  `;
  const child = spawn(process.execPath, ['--input-type=module', '-e', script], {
    env: { ...process.env, NODE_DEBUG: 'gobrpc', NODE_TEST_CONTEXT: '' },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  const code = await new Promise((res) => child.once('close', res));
  assert.equal(code, 0, stderr);
  assert.match(stderr, /^GOBRPC \d+: rpc: Gate\.Echo seq 0 from 127\.0\.0\.1:\d+: ok in \d+\.\d\d ms$/m);
});

test('a TypeScript client through an intercepted server gets the replaced reply too', async (t) => {
  const server = new Server().use(async (_ctx, next) => `<${String(await next())}>`).register(Gate, new Gates().impl);
  const l = await server.listen();
  t.after(() => server.close());
  const client = await dial({ port: (l.address() as { port: number }).port });
  t.after(() => client.close());
  assert.equal(await client.call('Gate.Echo', 'x', { argSchema: Gate.methods.Echo.args }), '<x>');
});
