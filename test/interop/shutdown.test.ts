// Graceful shutdown against a real Go net/rpc client (interop/scriptclient): close({ grace })
// lets a call in flight finish and its reply reach the client, answers a request that arrives
// during the drain with ERR_SHUTTING_DOWN, and cuts what is left when the grace period ends.
// Also the client's close({ wait: true }). Events are ordered by the peers' output, not by time.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { type Client, dial, ERR_SHUTTING_DOWN, Server } from '../../src/rpc/index.js';
import { goBin } from '../helpers/goproc.js';
import { Gate, Gates, startScript } from '../helpers/script.js';

async function gateServer() {
  const gates = new Gates();
  const server = new Server().register(Gate, gates.impl);
  const listener = await server.listen();
  const { port } = listener.address() as { port: number };
  return { gates, server, addr: `127.0.0.1:${port}` };
}

test('close({ grace }): the Go client in a slow call gets its reply; a request during the drain gets ERR_SHUTTING_DOWN', async (t) => {
  const { gates, server, addr } = await gateServer();
  t.after(() => server.close());
  const go = await startScript(goBin('scriptclient'), ['-addr', addr], t.after.bind(t));
  go.send('call 1 Gate.Wait slow');
  const ctx = await gates.whenStarted('slow');
  const closed = server.close({ grace: 120_000 });
  go.send('call 2 Gate.Echo late');
  assert.equal(await go.line(/^2 (reply|server error|error) /), `2 server error ${JSON.stringify(ERR_SHUTTING_DOWN)}`);
  assert.equal(ctx.signal.aborted, false, 'the drain does not abort calls in flight');
  gates.open('slow', 'finished');
  assert.equal(await go.line(/^1 (reply|server error|error) /), '1 reply "finished"');
  await closed;
  assert.deepEqual(server.stats().connections, []);
  assert.equal(await go.end(), 0);
});

test('close() without grace cuts the call: the Go client gets unexpected EOF and the handler its abort', async (t) => {
  const { gates, server, addr } = await gateServer();
  const go = await startScript(goBin('scriptclient'), ['-addr', addr], t.after.bind(t));
  go.send('call 1 Gate.Wait slow');
  const ctx = await gates.whenStarted('slow');
  await server.close();
  assert.equal(await go.line(/^1 (reply|server error|error) /), '1 error "unexpected EOF"');
  assert.equal(ctx.signal.aborted, true);
  // A typed reason, as a cancelled call's: the handler can tell a shutdown from a cancel.
  const reason = ctx.signal.reason as { name: string; code: string; message: string };
  assert.deepEqual([reason.name, reason.code, reason.message], ['RpcError', 'SHUTDOWN', ERR_SHUTTING_DOWN]);
  assert.equal(await go.end(), 0);
});

test('a Go client that closes its connection aborts its running calls with the reason EOF', async (t) => {
  const { gates, server, addr } = await gateServer();
  t.after(() => server.close());
  const go = await startScript(goBin('scriptclient'), ['-addr', addr], t.after.bind(t));
  go.send('call 1 Gate.Wait slow');
  const ctx = await gates.whenStarted('slow');
  const aborted = new Promise((resolve) => ctx.signal.addEventListener('abort', resolve, { once: true }));
  go.send('close');
  await aborted;
  const reason = ctx.signal.reason as { name: string; code: string; message: string };
  assert.deepEqual([reason.name, reason.code, reason.message], ['RpcError', 'EOF', 'EOF']);
  gates.open('slow', 'late');
  assert.equal(await go.end(), 0);
});

test('close({ grace }) cuts the calls still running when the grace period ends', async (t) => {
  const { gates, server, addr } = await gateServer();
  const go = await startScript(goBin('scriptclient'), ['-addr', addr], t.after.bind(t));
  go.send('call 1 Gate.Wait never');
  const ctx = await gates.whenStarted('never');
  await server.close({ grace: 1 });
  assert.equal(await go.line(/^1 (reply|server error|error) /), '1 error "unexpected EOF"');
  assert.equal(ctx.signal.aborted, true);
  assert.equal((ctx.signal.reason as { code: string }).code, 'SHUTDOWN');
  assert.equal(await go.end(), 0);
});

test('close({ grace }) with no call in flight closes idle connections at once: the Go client sees its connection shut', async (t) => {
  const { server, addr } = await gateServer();
  const go = await startScript(goBin('scriptclient'), ['-addr', addr], t.after.bind(t));
  go.send('call 1 Gate.Echo hi');
  assert.equal(await go.line(/^1 (reply|server error|error) /), '1 reply "hi"');
  await server.close({ grace: 120_000 });
  go.send('close');
  // Go's Close after the server hung up reports ErrShutdown, as its input loop has ended.
  assert.match(await go.line(/^closed/), /^closed (connection is shut down|<nil>)$/);
  assert.equal(await go.end(), 0);
});

test('close() rejects a bad grace period', async () => {
  const server = new Server();
  for (const grace of [-1, Number.NaN, '5' as unknown as number]) {
    await assert.rejects(server.close({ grace }), {
      name: 'RangeError',
      message: `gobrpc: grace must be a number of milliseconds >= 0, got ${String(grace)}`,
    });
  }
  await server.close();
});

test('client close({ wait: true }) refuses new calls and closes once the pending ones are answered', async (t) => {
  const { gates, server, addr } = await gateServer();
  t.after(() => server.close());
  const client: Client = await dial(addr);
  const slow = client.call('Gate.Wait', 'slow', { argSchema: Gate.methods.Wait.args, replySchema: Gate.methods.Wait.reply });
  await gates.whenStarted('slow');
  let closed = false;
  const closing = client.close({ wait: true }).then(() => (closed = true));
  assert.equal(client.closed, true);
  await assert.rejects(client.call('Gate.Echo', 'x', { argSchema: Gate.methods.Echo.args }), {
    code: 'SHUTDOWN',
    message: 'connection is shut down',
  });
  assert.equal(closed, false);
  gates.open('slow', 'done');
  assert.equal(await slow, 'done');
  await closing;
  assert.equal(client.pendingCount, 0);
});

test('client close() without wait still fails the pending calls with ErrShutdown', async (t) => {
  const { gates, server, addr } = await gateServer();
  t.after(() => server.close());
  const client = await dial(addr);
  const slow = client.call('Gate.Wait', 'slow', { argSchema: Gate.methods.Wait.args });
  await gates.whenStarted('slow');
  await client.close();
  await assert.rejects(slow, { code: 'SHUTDOWN', message: 'connection is shut down' });
});
