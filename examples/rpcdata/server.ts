// The server side of the custom framing (interop/rpcdata -mode server, in TypeScript): a table
// of functions by name; each request frame is answered, in order, with the function's results
// and, last, its error (a "string" in an interface, or a nil interface for none).
//
//	node build/examples/rpcdata/server.js [-addr 127.0.0.1:0]
//
// prints "listening on HOST:PORT" and serves until stdin closes.
import { fstatSync } from 'node:fs';
import net from 'node:net';
import { pathToFileURL } from 'node:url';
import { type GoInterface, t, type TypeRegistry } from '../../src/gob/index.js';
import { encodeFrame, FrameReader, iface, type RPCData, rpcDataRegistry, type User, UserSchema } from './rpcdata.js';

/**
 * A function the server offers: the Go type of each argument (numbers of any Go numeric type
 * are converted, as the Go server does), and the body returning the results, the error last
 * (`null` for none), Go-style.
 */
export interface RpcFunction {
  params: readonly ('int' | 'string')[];
  run(...args: any[]): [...Array<GoInterface>, string | null];
}

const users = new Map<number, User>([
  [0, { Name: 'Alice', Age: 30 }],
  [1, { Name: 'Bob', Age: 25 }],
  [2, { Name: 'Carol', Age: 41 }],
]);

/** The Go program's function table: queryUser(uid int) (User, error). */
export const functions: Record<string, RpcFunction> = {
  queryUser: {
    params: ['int'],
    run(uid: number) {
      const u = users.get(uid);
      if (u) return [iface('main.User', UserSchema, u), null];
      return [iface('main.User', UserSchema, { Name: '', Age: 0 }), `user not found: ${uid}`];
    },
  },
};

const NUMERIC = new Set([
  'int',
  'int8',
  'int16',
  'int32',
  'int64',
  'uint',
  'uint8',
  'uint16',
  'uint32',
  'uint64',
  'uintptr',
  'float32',
  'float64',
]);

/** Runs the named function on the request's arguments and builds the reply (Go's call). */
export function call(req: RPCData, table: Record<string, RpcFunction> = functions): RPCData {
  const fail = (msg: string): RPCData => ({ Func: req.Func, Args: [iface('string', t.string, msg)] });
  const f = Object.hasOwn(table, req.Func) ? table[req.Func] : undefined;
  if (!f) return fail('unknown function: ' + req.Func);
  const args = req.Args ?? [];
  if (args.length !== f.params.length) return fail(`${req.Func}: got ${args.length} arguments, want ${f.params.length}`);
  const values: unknown[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    const want = f.params[i]!;
    if (a == null) return fail(`${req.Func}: argument ${i} is nil, want ${want}`);
    if (a.name === want) values.push(typeof a.value === 'bigint' ? Number(a.value) : a.value);
    else if (want === 'int' && NUMERIC.has(a.name)) values.push(Math.trunc(Number(a.value)));
    else return fail(`${req.Func}: argument ${i} is ${a.name}, want ${want}`);
  }
  const results = f.run(...values);
  const err = results[results.length - 1] as string | null;
  const out: Array<GoInterface | null> = results.slice(0, -1) as GoInterface[];
  out.push(err === null ? null : iface('string', t.string, err));
  return { Func: req.Func, Args: out };
}

/** Serves one connection: frames in, replies out, one at a time in order. */
export function serveConn(
  socket: net.Socket,
  table: Record<string, RpcFunction> = functions,
  registry: TypeRegistry = rpcDataRegistry(),
): void {
  const reader = new FrameReader(registry);
  socket.on('data', (chunk: Buffer) => {
    let reqs: RPCData[];
    try {
      reqs = reader.push(chunk);
    } catch (e) {
      console.error(`${socket.remoteAddress}:${socket.remotePort}: ${(e as Error).message}`);
      socket.destroy();
      return;
    }
    for (const r of reqs) socket.write(encodeFrame(call(r, table), registry));
  });
  socket.on('end', () => socket.end());
  socket.on('error', () => socket.destroy());
}

/** Listens on `host:port` (default 127.0.0.1, any port) and serves every connection. */
export function listen(port = 0, host = '127.0.0.1', table: Record<string, RpcFunction> = functions): Promise<net.Server> {
  const server = net.createServer((s) => serveConn(s, table));
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve(server));
  });
}

async function main(): Promise<void> {
  const i = process.argv.indexOf('-addr');
  const addr = i > 0 ? process.argv[i + 1]! : '127.0.0.1:0';
  const colon = addr.lastIndexOf(':');
  const server = await listen(Number(addr.slice(colon + 1)), addr.slice(0, colon) || '127.0.0.1');
  const a = server.address() as net.AddressInfo;
  process.stdout.write(`listening on ${a.address}:${a.port}\n`);
  // As the Go programs: exit with a parent that holds our stdin as a pipe; a terminal or
  // /dev/null (a shell's background job) is not watched.
  const stdin = fstatSync(0);
  if (stdin.isFIFO() || stdin.isSocket()) {
    process.stdin.resume();
    process.stdin.on('end', () => process.exit(0));
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) void main();
