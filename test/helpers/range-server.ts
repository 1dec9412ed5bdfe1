// The service interop/argrange calls, declaring some of Go's ints narrower than Go does (`A` as
// t.int, exact only up to 2^53; `B` and `Count` as int32), so that arguments fail to decode.
// Run as a program (`range-server.js gob|jsonrpc`), it serves the service on 127.0.0.1 and
// prints "listening on HOST:PORT", for the test of what NODE_DEBUG=gobrpc logs.
import type { AddressInfo } from 'node:net';
import { serveConn as serveJson } from '../../src/jsonrpc/index.js';
import { type HandlerFailure, Server } from '../../src/rpc/index.js';
import { t } from '../../src/gob/index.js';

const Args = t.struct('main.Args', { A: t.int, B: t.int32 });
const Item = t.struct('main.Item', { Name: t.string, Count: t.int32 });
const Batch = t.struct('main.Batch', { Items: t.slice(Item) });

/** A server with service `Range` (`Args` replies A*B, `Batch` the number of items); failures go to `hook`. */
export function rangeServer(hook?: (f: HandlerFailure) => void): Server {
  return new Server(hook ? { onHandlerError: hook } : {}).register('Range', {
    Args: { args: Args, reply: t.int, handler: (a: { A: number; B: number }) => a.A * a.B },
    Batch: { args: Batch, reply: t.int, handler: (b: { Items: unknown[] }) => b.Items.length },
  });
}

/** Listens on 127.0.0.1 with gob, or with JSON-RPC when `codec` is `jsonrpc`. */
export function listenRange(server: Server, codec: string) {
  return server.listen(0, '127.0.0.1', codec === 'jsonrpc' ? (s) => serveJson(server, s) : undefined);
}

if (process.argv[1]?.endsWith('range-server.js')) {
  const listener = await listenRange(rangeServer(), process.argv[2] ?? 'gob');
  const { address, port } = listener.address() as AddressInfo;
  console.log(`listening on ${address}:${port}`);
}
