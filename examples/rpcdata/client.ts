// The client side of the custom framing (interop/rpcdata -mode client, in TypeScript): sends
// RPCData requests and reads the replies, which come back in order.
//
//	node build/examples/rpcdata/client.js -addr HOST:PORT
//
// prints, as the Go client does:
//
//	queryUser(0) = {Alice 30} <nil>
//	queryUser(99) error: user not found: 99
import net from 'node:net';
import { pathToFileURL } from 'node:url';
import { type GoInterface, t, type TypeRegistry } from '../../src/gob/index.js';
import { encodeFrame, FrameReader, iface, type RPCData, rpcDataRegistry, type User } from './rpcdata.js';

/** A connection to an rpcdata server. */
export class RpcDataClient {
  private readonly reader: FrameReader;
  private readonly waiting: Array<{ resolve: (d: RPCData) => void; reject: (e: Error) => void }> = [];
  private failure: Error | undefined;

  private constructor(
    private readonly socket: net.Socket,
    private readonly registry: TypeRegistry,
  ) {
    this.reader = new FrameReader(registry);
    socket.on('data', (chunk: Buffer) => {
      try {
        for (const d of this.reader.push(chunk)) this.waiting.shift()?.resolve(d);
      } catch (e) {
        this.fail(e as Error);
        socket.destroy();
      }
    });
    socket.on('error', (e) => this.fail(e));
    socket.on('close', () => this.fail(new Error(this.reader.pending ? 'unexpected EOF' : 'EOF')));
  }

  /** Connects to `host:port`. */
  static connect(host: string, port: number, registry: TypeRegistry = rpcDataRegistry()): Promise<RpcDataClient> {
    return new Promise((resolve, reject) => {
      const s = net.connect({ host, port, noDelay: true });
      s.once('error', reject);
      s.once('connect', () => {
        s.removeListener('error', reject);
        resolve(new RpcDataClient(s, registry));
      });
    });
  }

  private fail(e: Error): void {
    this.failure ??= e;
    for (const w of this.waiting.splice(0)) w.reject(this.failure);
  }

  /** Calls `name` with arguments in interfaces and resolves with the reply's Args. */
  async call(name: string, ...args: Array<GoInterface | null>): Promise<Array<GoInterface | null>> {
    if (this.failure) throw this.failure;
    const reply = new Promise<RPCData>((resolve, reject) => this.waiting.push({ resolve, reject }));
    this.socket.write(encodeFrame({ Func: name, Args: args }, this.registry));
    const d = await reply;
    if (d.Func !== name) throw new Error(`${name}: reply is for ${JSON.stringify(d.Func)}`);
    return d.Args ?? [];
  }

  /** queryUser(uid): the user, and the error text or null (Go's `(User, error)`). */
  async queryUser(uid: number): Promise<{ user: User; error: string | null }> {
    const res = await this.call('queryUser', iface('int', t.int, uid));
    if (res.length !== 2) throw new Error(`queryUser: reply has ${res.length} values, want 2`);
    const [u, e] = res;
    if (u?.name !== 'main.User') throw new Error(`queryUser: first reply value is ${u?.name ?? 'nil'}, want main.User`);
    if (e != null && e.name !== 'string') throw new Error(`queryUser: error value is ${e.name}, want string or nil`);
    return { user: u.value as User, error: e == null ? null : (e.value as string) };
  }

  close(): void {
    this.socket.end();
  }
}

/** The Go client's run: two calls, printed as Go prints them. Throws on any mismatch. */
export async function run(host: string, port: number, print: (line: string) => void): Promise<void> {
  const c = await RpcDataClient.connect(host, port);
  try {
    const a = await c.queryUser(0);
    if (a.error !== null || a.user.Name !== 'Alice' || a.user.Age !== 30)
      throw new Error(`queryUser(0) = ${JSON.stringify(a)}, want {Alice 30} <nil>`);
    print(`queryUser(0) = {${a.user.Name} ${a.user.Age}} <nil>`);
    const b = await c.queryUser(99);
    if (b.error !== 'user not found: 99') throw new Error(`queryUser(99): error ${b.error}, want "user not found: 99"`);
    print(`queryUser(99) error: ${b.error}`);
  } finally {
    c.close();
  }
}

async function main(): Promise<void> {
  const i = process.argv.indexOf('-addr');
  if (i < 0) throw new Error('-addr is required');
  const addr = process.argv[i + 1]!;
  const colon = addr.lastIndexOf(':');
  await run(addr.slice(0, colon), Number(addr.slice(colon + 1)), (l) => console.log(l));
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((e: Error) => {
    console.error('FAIL: ' + e.message);
    process.exit(1);
  });
}
