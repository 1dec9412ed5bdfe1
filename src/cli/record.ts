// `gobrpc record`: a transparent proxy between net/rpc clients and a server. Bytes are forwarded
// unchanged in both directions (with the sockets' own backpressure); on the side, each direction
// is decoded schema-less: requests as (Request header, argument) pairs, responses as (Response
// header, reply). On SIGINT/SIGTERM, or after --count calls, it writes a TypeScript module with a
// schema for every type seen and one defineService per service.
import { closeSync, openSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { Decoder, NEED_MORE, type Schema } from '../index.js';
import { address, type Io, parse, positiveInt, UsageError, write } from './common.js';
import { SchemaModule } from './schemagen.js';

/** The text of `--help`. */
export const RECORD_HELP = `Usage: gobrpc record --listen HOST:PORT --target HOST:PORT [--out FILE.ts] [--count N]

A transparent proxy for Go net/rpc (gob) traffic: point a client at --listen and it talks to
the server at --target through it, over raw TCP or HTTP CONNECT (detected). Bytes are
forwarded unchanged; both gob streams are decoded on the side. The first line on stdout is
"listening on HOST:PORT" (the real port when 0 is given).

On SIGINT or SIGTERM, or once --count calls have been answered, it writes a TypeScript
module with a t.* schema for every type seen and one defineService per service (every
method's argument and reply schema), to --out or stdout, and exits 0. On stdout the module
follows the "listening on" line: give --out for a file that is the module alone. A method
whose every call failed or got no answer is listed commented out: its reply type was never
seen. Traffic that is not net/rpc's gob (plain HTTP, JSON-RPC) is forwarded and named on
stderr. The module compiles under tsc --strict; client.service(Def) from it calls the same
server with typed stubs.

A signal closes every connection at once. --count stops more gently: it forwards no further
request, lets the replies to those already forwarded reach their clients, then closes each
connection (FIN), so a client that made N calls gets every answer and no error.

Options:
  --listen HOST:PORT   where to accept clients (port 0: any free port)
  --target HOST:PORT   the server to forward to
  --out FILE.ts        write the module here instead of stdout (checked at start: a file
                       that cannot be written is a usage error before anything is recorded)
  --count N            stop after N calls have been answered
  -h, --help           show this help
`;

/** The longest HTTP CONNECT request or response head let through before giving up on it. */
const MAX_HTTP_HEAD = 64 << 10;

/**
 * One direction of one connection, decoded on the side: an optional HTTP head (CONNECT
 * request or its answer), then a gob stream of header/body pairs.
 */
class Tap {
  private state: 'sniff' | 'http' | 'gob' | 'off' = 'sniff';
  private head = Buffer.alloc(0);
  private readonly decoder = new Decoder();
  private header: Record<string, unknown> | undefined;

  /** The other direction of the connection: traffic that is not net/rpc stops both. */
  peer: Tap | undefined;

  constructor(
    private readonly name: string,
    private readonly onPair: (header: Record<string, unknown>, body: unknown, schema: Schema) => void,
    private readonly onError: (message: string) => void,
  ) {}

  push(chunk: Buffer): void {
    if (this.state === 'off') return;
    try {
      this.take(chunk);
    } catch (e) {
      this.stop(`${this.name}: ${(e as Error).message}; forwarding it without decoding`);
    }
  }

  /** Stops decoding this direction (and, for traffic that is not net/rpc, the other), saying why. */
  private stop(message: string, both = false): void {
    this.state = 'off';
    this.onError(message);
    if (both && this.peer) this.peer.state = 'off';
  }

  private take(chunk: Buffer): void {
    if (this.state === 'sniff' || this.state === 'http') {
      this.head = Buffer.concat([this.head, chunk]);
      if (this.state === 'sniff') {
        const text = this.head.subarray(0, 8).toString('latin1');
        const http = 'CONNECT '.startsWith(text) || 'HTTP/'.startsWith(text.slice(0, 5));
        if (!http) {
          const other = notNetRpc(this.head);
          if (other) return this.stop(`${this.name}: ${other}, not net/rpc's gob; forwarding the connection without decoding`, true);
          return this.gob(this.head);
        }
        if (text.length < 8 && !text.startsWith('HTTP/')) return;
        this.state = 'http';
      }
      const end = this.head.indexOf('\n\n');
      const crlf = this.head.indexOf('\r\n\r\n');
      const stop = end >= 0 && (crlf < 0 || end < crlf) ? end + 2 : crlf >= 0 ? crlf + 4 : -1;
      if (stop < 0) {
        if (this.head.length > MAX_HTTP_HEAD) throw new Error('HTTP head too long');
        return;
      }
      // net/rpc's server answers a CONNECT with "HTTP/1.0 200 Connected to Go RPC"; any other
      // answer (a 404, a page for a browser) is plain HTTP.
      const status = this.head.subarray(0, this.head.indexOf('\n')).toString('latin1').trimEnd();
      if (status.startsWith('HTTP/') && !/^HTTP\/1\.[01] 200 Connected to Go RPC$/.test(status)) {
        return this.stop(
          `${this.name}: the server answered ${JSON.stringify(status)}, not net/rpc; forwarding the connection without decoding`,
          true,
        );
      }
      const rest = this.head.subarray(stop);
      this.head = Buffer.alloc(0);
      return this.gob(rest);
    }
    this.decoder.write(chunk);
    this.drain();
  }

  private gob(bytes: Buffer): void {
    this.state = 'gob';
    if (bytes.length > 0) this.decoder.write(bytes);
    this.drain();
  }

  private drain(): void {
    for (let v = this.decoder.next(); v !== NEED_MORE; v = this.decoder.next()) {
      if (this.header === undefined) {
        this.header = v as Record<string, unknown>;
        continue;
      }
      const header = this.header;
      this.header = undefined;
      this.onPair(header, v, this.decoder.lastSchema!);
    }
  }
}

/**
 * What the first bytes of a direction are when they are plainly not a gob stream: an HTTP
 * request other than CONNECT, or JSON (net/rpc/jsonrpc). Undefined when they may be gob.
 */
function notNetRpc(head: Buffer): string | undefined {
  const text = head.subarray(0, 16).toString('latin1');
  const method = /^(GET|POST|PUT|HEAD|DELETE|OPTIONS|PATCH) /.exec(text);
  if (method) return `an HTTP ${method[1]} request`;
  if (/^\s*[{[]\s*["{[\]}]/.test(text)) return 'JSON (net/rpc/jsonrpc?)';
  return undefined;
}

/** One proxied connection. */
interface Link {
  client: net.Socket;
  upstream: net.Socket;
  /** Requests forwarded and not yet answered. */
  outstanding: number;
  /** Whether the client's requests are still forwarded (false once --count is reached). */
  forwarding: boolean;
  /** Whether the replies are being decoded, so that `outstanding` is known. */
  countable: boolean;
  closing: boolean;
}

/** How long a drained connection waits for its peers to close their side before it is cut. */
const CLOSE_GRACE_MS = 2000;

/**
 * Closes a connection of a drain once nothing is owed on it: FIN to both peers after what was
 * forwarded has been written (never a reset, which could destroy a reply the client has not
 * read). What the client still sends is read and dropped, as it will get no answer; a peer
 * that does not close its side within CLOSE_GRACE_MS is cut then.
 */
function closeWhenAnswered(link: Link): void {
  link.forwarding = false;
  link.client.unpipe(link.upstream);
  if (link.closing || (link.outstanding > 0 && link.countable)) return;
  link.closing = true;
  link.upstream.unpipe(link.client);
  link.client.resume();
  link.client.end();
  link.upstream.end();
  setTimeout(() => {
    link.client.destroy();
    link.upstream.destroy();
  }, CLOSE_GRACE_MS).unref();
}

/** What the command line asks of `gobrpc record`. */
interface RecordOptions {
  listen: { host: string; port: number };
  target: { host: string; port: number };
  /** As given, for messages. */
  targetText: string;
  out: string | undefined;
  count: number | undefined;
}

/**
 * Runs `gobrpc record` (see {@link RECORD_HELP}) until SIGINT/SIGTERM or --count answered calls.
 * Throws UsageError for a bad command line and the listener's error if it cannot listen.
 */
export async function record(io: Io, args: string[]): Promise<void> {
  const options = recordOptions(io, args);
  if (!options) return;
  const recording = new Recording(io, options);
  const a = await recording.listen();
  await write(io.stdout, `listening on ${a.family === 'IPv6' ? `[${a.address}]` : a.address}:${a.port}\n`);
  await recording.untilDone();
  const text = recording.module.render(
    `Schemas and services recorded from net/rpc traffic to ${options.targetText} (${recording.answered} calls).`,
  );
  if (options.out) {
    writeFileSync(options.out, text);
    io.stderr.write(`gobrpc record: wrote ${options.out} (${recording.answered} calls)\n`);
  } else {
    await write(io.stdout, text);
  }
}

/** The command line, checked; undefined after --help. Throws UsageError. */
function recordOptions(io: Io, args: string[]): RecordOptions | undefined {
  const parsed = parse(
    io,
    args,
    {
      listen: { type: 'string' },
      target: { type: 'string' },
      out: { type: 'string' },
      count: { type: 'string' },
    },
    RECORD_HELP,
  );
  if (!parsed) return undefined;
  const { values, positionals } = parsed;
  if (positionals.length > 0) throw new UsageError(`record takes no arguments, got ${JSON.stringify(positionals[0])}`);
  if (!values.listen || !values.target) throw new UsageError('record needs --listen HOST:PORT and --target HOST:PORT');
  const listen = parseListen(values.listen);
  const target = address(values.target);
  const count = positiveInt('count', values.count);
  // Found out now, not after the recording: open --out for appending (which creates it and
  // keeps what it holds) and close it again.
  if (values.out) {
    try {
      closeSync(openSync(values.out, 'a'));
    } catch (e) {
      throw new UsageError(`cannot write --out ${values.out}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
    }
  }
  return { listen, target, targetText: values.target, out: values.out, count };
}

/** The proxy and what it has recorded: its connections, the calls answered, the schema module. */
class Recording {
  readonly module = new SchemaModule();
  /** Calls answered so far. */
  answered = 0;
  private readonly links = new Set<Link>();
  /** "conn/seq" -> Service.Method, for replies. */
  private readonly methods = new Map<string, string>();
  private connections = 0;
  private draining = false;
  private finish!: () => void;
  private readonly finished = new Promise<void>((res) => (this.finish = res));
  private readonly server = net.createServer((client) => this.connect(client));

  constructor(
    private readonly io: Io,
    private readonly options: RecordOptions,
  ) {}

  /** Listens on --listen; resolves with the address (the real port when 0 was given). */
  async listen(): Promise<net.AddressInfo> {
    const { host, port } = this.options.listen;
    await new Promise<void>((res, rej) => {
      this.server.once('error', rej);
      this.server.listen(port, host, () => res());
    });
    return this.server.address() as net.AddressInfo;
  }

  /** Resolves when --count drained every connection, or at once on SIGINT/SIGTERM; then closes everything. */
  async untilDone(): Promise<void> {
    // A signal stops at once: the user asked to.
    const onSignal = () => this.finish();
    process.once('SIGINT', onSignal);
    process.once('SIGTERM', onSignal);
    try {
      await this.finished;
    } finally {
      process.removeListener('SIGINT', onSignal);
      process.removeListener('SIGTERM', onSignal);
      this.server.close();
      for (const link of this.links) {
        link.client.destroy();
        link.upstream.destroy();
      }
    }
  }

  /** A new client: connects to --target, pipes both ways, and taps both directions. */
  private connect(client: net.Socket): void {
    const conn = ++this.connections;
    client.setNoDelay(true);
    const { host, port } = this.options.target;
    const upstream = net.connect({ host, port, noDelay: true });
    const link: Link = { client, upstream, outstanding: 0, forwarding: true, countable: true, closing: false };
    this.links.add(link);
    const warn = (m: string) => this.io.stderr.write(`gobrpc record: connection ${conn}: ${m}\n`);
    const requests = this.requestTap(conn, link, warn);
    const replies = this.replyTap(conn, link, warn);
    // The pipes first, the taps after: by the time a tap sees a chunk (and may stop or close the
    // connection), the chunk has been forwarded.
    client.pipe(upstream);
    upstream.pipe(client);
    client.on('data', (d: Buffer) => {
      if (link.forwarding) requests.push(d);
    });
    requests.peer = replies;
    replies.peer = requests;
    upstream.on('data', (d: Buffer) => replies.push(d));
    const gone = () => {
      if (this.links.delete(link) && this.draining && this.links.size === 0) this.finish();
    };
    const cut = () => {
      client.destroy();
      upstream.destroy();
      gone();
    };
    // One side going away ends the other, as a proxy must; in a drain each side closes in its own time.
    const onClose = () => {
      if (!link.closing) cut();
      else if (client.destroyed && upstream.destroyed) gone();
    };
    client.on('error', cut).on('close', onClose);
    upstream
      .on('error', (e) => {
        warn(`target ${this.options.targetText}: ${e.message}`);
        cut();
      })
      .on('close', onClose);
    if (this.draining) closeWhenAnswered(link);
  }

  /** The client's direction: each request's argument is recorded under its method. */
  private requestTap(conn: number, link: Link, warn: (m: string) => void): Tap {
    return new Tap(
      'client stream',
      (h, body, schema) => {
        const sm = String(h.ServiceMethod);
        this.methods.set(`${conn}/${h.Seq}`, sm);
        this.module.addCall(sm, 'args', schema, body);
        link.outstanding++;
      },
      warn,
    );
  }

  /** The server's direction: each reply (or failure) is recorded under its request's method, and counted. */
  private replyTap(conn: number, link: Link, warn: (m: string) => void): Tap {
    return new Tap(
      'server stream',
      (h, body, schema) => {
        const key = `${conn}/${h.Seq}`;
        const sm = String(h.ServiceMethod || this.methods.get(key) || '');
        this.methods.delete(key);
        // An error reply's body is Go's invalidRequest placeholder, not the method's reply type.
        if (h.Error === '' || h.Error === undefined) this.module.addCall(sm, 'reply', schema, body);
        else this.module.addFailure(sm, String(h.Error));
        this.answered++;
        link.outstanding--;
        const count = this.options.count;
        if (count !== undefined && this.answered >= count) this.drain();
        if (this.draining) closeWhenAnswered(link);
      },
      (m) => {
        // Replies that cannot be decoded cannot be counted: a drain then closes without waiting for them.
        link.countable = false;
        warn(m);
      },
    );
  }

  /**
   * --count was reached: no new connections and no further requests; each connection closes
   * (FIN, after the replies it is owed) once the calls forwarded on it are answered.
   */
  private drain(): void {
    if (this.draining) return;
    this.draining = true;
    this.server.close();
    if (this.links.size === 0) this.finish();
    for (const link of [...this.links]) closeWhenAnswered(link);
  }
}

/** --listen's HOST:PORT, where port 0 means any free port. */
function parseListen(s: string): { host: string; port: number } {
  const i = s.lastIndexOf(':');
  const port = Number(s.slice(i + 1));
  if (i < 0 || !/^\d+$/.test(s.slice(i + 1)) || port > 65535)
    throw new UsageError(`bad --listen address ${JSON.stringify(s)} (want HOST:PORT)`);
  let host = s.slice(0, i);
  if (host.startsWith('[') && host.endsWith(']')) host = host.slice(1, -1);
  return { host: host || '127.0.0.1', port };
}
