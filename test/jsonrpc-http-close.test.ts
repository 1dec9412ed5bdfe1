// JSON-RPC over HTTP POST and Server.close() (verifier round 12c, items 1 and 5): a graceful close
// waits for the POST calls in flight and refuses new ones with Go's shutting-down text, a hard
// close aborts the signals of those left, and interceptors see the POST's remote address.
// The client is Node's fetch: a JSON-RPC POST is plain HTTP, and the server side is ours.
import { deepStrictEqual, match } from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { test } from 'node:test';
import { t } from '../src/gob/index.js';
import { Server, type ServerCallContext } from '../src/rpc/index.js';
import { createHTTPServer } from '../src/jsonrpc/index.js';

/** A service whose Wait calls finish when the test says so, seeing their signal. */
function gated(interceptors: Array<(ctx: ServerCallContext, next: () => Promise<unknown>) => Promise<unknown>> = []) {
  const started: Array<(reply: string) => void> = [];
  const signals: AbortSignal[] = [];
  let onStart: (() => void) | undefined;
  const server = new Server({ interceptors }).register('G', {
    Wait: {
      args: t.string,
      reply: t.string,
      handler: (s: string, ctx) =>
        new Promise<string>((resolve, reject) => {
          signals.push(ctx.signal);
          ctx.signal.addEventListener('abort', () => reject(new Error(`aborted ${s}`)));
          started.push(resolve);
          onStart?.();
        }),
    },
  });
  const whenStarted = (n: number) =>
    new Promise<void>((res) => {
      if (started.length >= n) return res();
      onStart = () => {
        if (started.length >= n) res();
      };
    });
  return { server, started, signals, whenStarted };
}

async function httpFor(server: Server, t: { after(fn: () => unknown): void }) {
  const hs = createHTTPServer(server);
  await new Promise<void>((res) => hs.listen(0, '127.0.0.1', res));
  t.after(() => new Promise((res) => hs.close(res)));
  const url = `http://127.0.0.1:${(hs.address() as AddressInfo).port}/jsonrpc`;
  return (arg: string, id = 1) =>
    fetch(url, { method: 'POST', body: JSON.stringify({ method: 'G.Wait', params: [arg], id }) }).then((r) => r.text());
}

test('close({ grace }) waits for POST calls in flight and refuses new ones', async (t) => {
  const g = gated();
  const post = await httpFor(g.server, t);
  const first = post('a');
  await g.whenStarted(1);
  let closed = false;
  const closing = g.server.close({ grace: 60_000 }).then(() => {
    closed = true;
  });
  deepStrictEqual(await post('b', 2), '{"id":2,"result":null,"error":"rpc: server is shutting down"}\n');
  deepStrictEqual(closed, false);
  g.started[0]!('done a');
  deepStrictEqual(await first, '{"id":1,"result":"done a","error":null}\n');
  await closing;
  deepStrictEqual([closed, g.signals[0]!.aborted], [true, false]);
  // After close, POSTs are still refused, not served.
  deepStrictEqual(await post('c', 3), '{"id":3,"result":null,"error":"rpc: server is shutting down"}\n');
});

test('a hard close() aborts the signals of POST calls in flight', async (t) => {
  const g = gated();
  const post = await httpFor(g.server, t);
  const first = post('a');
  await g.whenStarted(1);
  const graceful = g.server.close({ grace: 60_000 });
  await g.server.close();
  await graceful;
  deepStrictEqual(g.signals[0]!.aborted, true);
  const reason = g.signals[0]!.reason as { name: string; code: string; message: string };
  deepStrictEqual([reason.name, reason.code, reason.message], ['RpcError', 'SHUTDOWN', 'rpc: server is shutting down']);
  deepStrictEqual(await first, '{"id":1,"result":null,"error":"aborted a"}\n');
});

test('interceptors see the remote address of a JSON-RPC POST', async (t) => {
  const seen: Array<string | undefined> = [];
  const g = gated([
    async (ctx, next) => {
      seen.push(ctx.remoteAddress);
      return next();
    },
  ]);
  t.after(() => g.server.close());
  const post = await httpFor(g.server, t);
  const reply = post('a');
  await g.whenStarted(1);
  g.started[0]!('ok');
  deepStrictEqual(await reply, '{"id":1,"result":"ok","error":null}\n');
  deepStrictEqual(seen.length, 1);
  match(seen[0]!, /^127\.0\.0\.1:\d+$/);
});

test('a POST whose handler calls close({ grace }) is waited for and answered; a POST meanwhile is refused', async (tc) => {
  let started!: () => void;
  const handlerStarted = new Promise<void>((res) => (started = res));
  let release!: (s: string) => void;
  const gate = new Promise<string>((res) => (release = res));
  let closing: Promise<void> | undefined;
  let closed = false;
  const server: Server = new Server().register('G', {
    Wait: {
      args: t.string,
      reply: t.string,
      handler: async (s: string) => {
        if (s !== 'stop') return s;
        started();
        closing = server.close({ grace: 60_000 }).then(() => {
          closed = true;
        });
        return `bye ${await gate}`;
      },
    },
  });
  const post = await httpFor(server, tc);
  const stop = post('stop');
  await handlerStarted;
  deepStrictEqual(await post('b', 2), '{"id":2,"result":null,"error":"rpc: server is shutting down"}\n');
  deepStrictEqual(closed, false);
  release('now');
  deepStrictEqual(await stop, '{"id":1,"result":"bye now","error":null}\n');
  await closing;
  deepStrictEqual(closed, true);
});
