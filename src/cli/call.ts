// `gobrpc call ADDR Service.Method [ARGS_JSON|-]`: one net/rpc call (gob over TCP, TLS or HTTP
// CONNECT, or JSON-RPC), its reply printed as JSON on stdout.
import { readFileSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import type tls from 'node:tls';
import { pathToFileURL } from 'node:url';
import type net from 'node:net';
import {
  Client,
  connectHTTP,
  Decoder,
  DEFAULT_RPC_PATH,
  isRpcError,
  NEED_MORE,
  isServerError,
  jsonrpc,
  type Schema,
  type ServiceDef,
} from '../index.js';
import { openSocket } from '../rpc/index.js';
import { address, DEFAULT_TIMEOUT_MS, type Io, parse, readAll, timeoutFlag, UsageError, write } from './common.js';
import { learnGoNames, toJSON } from './format.js';
import { checkJSON, inferArgs } from './infer.js';

/** The text of `--help`. */
export const CALL_HELP = `Usage: gobrpc call [options] ADDR Service.Method [ARGS_JSON|-]

Calls one method of a Go net/rpc server at ADDR (HOST:PORT) and prints the reply as JSON.
ARGS_JSON is the argument as JSON (- reads it from stdin; absent: {}, an empty struct, which
Go decodes as the method's zero argument). Without --schema its gob type is inferred:
integer -> int (exact to int64's ends; uint beyond int64's max, as a Go uint64 needs), other
number -> float64, string, bool, array -> slice of the element type, object -> struct with
those field names (gob matches fields by name; a null or [] field is left out, a name
that is not capitalised is an error); {"s": BASE64} is a string holding those bytes (as
dump --json prints one that is not UTF-8). A negative number is an argument, not
a flag: 'gobrpc call ADDR Misc.I64 -5'. The reply prints as dump --json prints a value.

  gobrpc call --http 127.0.0.1:1234 Arith.Multiply '{"A":7,"B":8}'    prints 56

Options:
  --http                  connect with HTTP CONNECT (rpc.DialHTTP) instead of raw TCP
  --path PATH             the CONNECT path (default ${DEFAULT_RPC_PATH}); with --jsonrpc, POST
                          JSON-RPC to this path instead
  --tls                   connect with TLS
  --ca FILE               with --tls: trust the PEM certificates in FILE
  --insecure              with --tls: do not verify the server's certificate
  --jsonrpc               speak net/rpc/jsonrpc instead of gob
  --timeout MS            give up connecting, and then the call, after MS milliseconds each
                          (default ${DEFAULT_TIMEOUT_MS}; 0: no limit; at most 2147483647)
  --schema MODULE#EXPORT  take the argument and reply types from a JavaScript module's export:
                          a service (defineService) or the argument's schema (compile a
                          module record wrote with tsc first)
  -h, --help              show this help

Without --http the call speaks gob (or JSON-RPC) on the raw connection; a Go server behind
HTTP (rpc.HandleHTTP) then waits for a request line until the timeout, or answers in HTTP,
and either way the error says to try --http. A gob server given --jsonrpc waits too, and
the error says to leave --jsonrpc out; a JSON-RPC server given gob hangs up, and the error
says to add --jsonrpc.

Exit codes: 0 the reply was printed, 1 the server answered with an error (printed as is),
2 usage, 3 connection or protocol failure (timeouts included).
`;

/** The argument and reply schemas named by --schema. */
async function loadSchema(spec: string, serviceMethod: string): Promise<{ args: Schema; reply: Schema | undefined }> {
  const hash = spec.lastIndexOf('#');
  if (hash <= 0 || hash === spec.length - 1) throw new UsageError(`--schema wants MODULE#EXPORT, got ${JSON.stringify(spec)}`);
  const file = spec.slice(0, hash);
  const name = spec.slice(hash + 1);
  let mod: Record<string, unknown>;
  try {
    mod = await import(pathToFileURL(isAbsolute(file) ? file : resolve(file)).href);
  } catch (e) {
    throw new UsageError(`cannot load --schema module ${file}: ${(e as Error).message}`);
  }
  const exp = mod[name] as (Partial<ServiceDef> & Partial<Schema>) | undefined;
  if (!exp || typeof exp !== 'object') throw new UsageError(`--schema module ${file} has no export ${JSON.stringify(name)}`);
  if (exp.methods && typeof exp.name === 'string') {
    const method = serviceMethod.slice(serviceMethod.lastIndexOf('.') + 1);
    const spec = exp.methods[method];
    if (!spec) throw new UsageError(`service ${exp.name} in ${file} has no method ${method}`);
    return { args: spec.args, reply: spec.reply };
  }
  if (typeof exp.kind !== 'string') throw new UsageError(`export ${name} of ${file} is neither a schema nor a service`);
  return { args: exp as Schema, reply: undefined };
}

interface CallFlags {
  http?: boolean;
  path?: string;
  tls?: boolean;
  ca?: string;
  insecure?: boolean;
  jsonrpc?: boolean;
}

function tlsOptions(flags: CallFlags, host: string): tls.ConnectionOptions | undefined {
  if (!flags.tls) {
    if (flags.ca || flags.insecure) throw new UsageError('--ca and --insecure need --tls');
    return undefined;
  }
  let ca: Buffer | undefined;
  if (flags.ca) {
    try {
      ca = readFileSync(flags.ca);
    } catch (e) {
      throw new UsageError(`cannot read --ca ${flags.ca}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
    }
  }
  return { ...(ca ? { ca } : {}), rejectUnauthorized: !flags.insecure, ...(/^[\d.:]+$/.test(host) ? {} : { servername: host }) };
}

/** A connection for one call, and what came back on it (for a raw connection). */
interface Connection {
  client: Client;
  /** The first bytes the server sent on a raw (not HTTP CONNECT) connection; undefined otherwise. */
  received(): Buffer | undefined;
  /** The stream's own schema of the reply (gob only), for printing a reply decoded without one. */
  replySchema(): Schema | undefined;
}

/**
 * Decodes the gob replies on `socket` on the side, for the stream's schema of the reply body:
 * a reply decoded without a schema leaves a marshaler's bytes raw, and the schema says which
 * are time.Time (as `dump` prints them). The listener is added after the client's, so it sees
 * the same bytes; a stream it cannot decode only loses that.
 */
function replySchemas(socket: net.Socket): () => Schema | undefined {
  const decoder = new Decoder();
  let header = true;
  let body: Schema | undefined;
  let failed = false;
  socket.on('data', (d: Buffer) => {
    if (failed) return;
    try {
      decoder.write(d);
      for (let v = decoder.next(); v !== NEED_MORE; v = decoder.next()) {
        if (!header) body = decoder.lastSchema;
        header = !header;
      }
    } catch {
      failed = true;
    }
  });
  return () => body;
}

/** How many of the server's first bytes are kept to explain a failure. */
const SNIFF_BYTES = 64;

/**
 * Keeps the first bytes `socket` receives. The listener is added after the client's codec has
 * started reading, so it sees the bytes the codec saw, before the call's failure is handled.
 */
function sniff(socket: net.Socket): () => Buffer {
  let head = Buffer.alloc(0);
  const onData = (d: Buffer) => {
    head = Buffer.concat([head, d]).subarray(0, SNIFF_BYTES);
    if (head.length >= SNIFF_BYTES) socket.off('data', onData);
  };
  socket.on('data', onData);
  return () => head;
}

async function connect(addr: string, flags: CallFlags, timeout: number | undefined): Promise<Connection> {
  const { host, port } = address(addr);
  const secure = tlsOptions(flags, host);
  const opts = timeout ? { connectTimeout: timeout, timeout } : {};
  if (flags.jsonrpc && flags.http) {
    const url = `${secure ? 'https' : 'http'}://${host.includes(':') ? `[${host}]` : host}:${port}${flags.path ?? '/jsonrpc'}`;
    return { client: jsonrpc.createHTTPClient(url, opts), received: () => undefined, replySchema: () => undefined };
  }
  if (flags.http) {
    // dialHTTP's steps, to tell a connect that timed out from a CONNECT nobody answered.
    let connected = false;
    const handshake = (s: net.Socket) => {
      connected = true;
      return connectHTTP(s, flags.path ?? DEFAULT_RPC_PATH, `tcp ${host.includes(':') ? `[${host}]` : host}:${port}`);
    };
    try {
      const socket = await openSocket({ host, port }, opts, secure, handshake);
      const client = new Client(socket, opts);
      return { client, received: () => undefined, replySchema: replySchemas(socket) };
    } catch (e) {
      // A net/rpc server on plain TCP reads the CONNECT as the start of a gob message and waits for the rest.
      if (!connected || !isRpcError(e) || e.code !== 'TIMEOUT') throw e;
      throw new Error(
        `${e.message}, with no answer to the HTTP CONNECT: if the server speaks net/rpc on plain TCP (rpc.Accept), leave out --http`,
        { cause: e },
      );
    }
  }
  const socket = await openSocket({ host, port }, opts, secure);
  const client = flags.jsonrpc ? jsonrpc.newClient(socket, opts) : new Client(socket, opts);
  return { client, received: sniff(socket), replySchema: flags.jsonrpc ? () => undefined : replySchemas(socket) };
}

/**
 * The error to report for a failed call on a raw connection, when what came back says why:
 * a server that answered in HTTP, or one that sent nothing at all before the timeout (as Go's
 * HTTP server does, waiting for a request line that gob never sends).
 */
function explain(e: unknown, received: Buffer | undefined, jsonRpc: boolean): unknown {
  if (received === undefined || isServerError(e)) return e;
  const text = received.toString('latin1');
  if (text.startsWith('HTTP/')) {
    const status = text.split(/\r?\n/, 1)[0]!;
    return new Error(`the server speaks HTTP (it answered ${JSON.stringify(status)}); try --http`, { cause: e });
  }
  if (received.length === 0 && isRpcError(e) && e.code === 'TIMEOUT' && jsonRpc) {
    // A gob server reads the JSON's "{" as the length of a 123-byte message and waits for it.
    return new Error(
      `${e.message}, and the server sent nothing at all: if it speaks gob (rpc.ServeConn), leave out --jsonrpc; if it serves HTTP, add --http`,
      { cause: e },
    );
  }
  if (received.length === 0 && !jsonRpc && e instanceof Error && e.message === 'unexpected EOF') {
    // Go's JSON-RPC server reads gob's bytes as JSON, fails, and hangs up without a word.
    return new Error(`${e.message}: the server hung up without an answer; if it speaks JSON-RPC (jsonrpc.ServeConn), add --jsonrpc`, {
      cause: e,
    });
  }
  if (received.length === 0 && isRpcError(e) && e.code === 'TIMEOUT') {
    return new Error(`${e.message}, and the server sent nothing at all: if it serves net/rpc over HTTP (rpc.HandleHTTP), try --http`, {
      cause: e,
    });
  }
  return e;
}

/**
 * Runs `gobrpc call` (see {@link CALL_HELP}). Throws UsageError for a bad command line or
 * argument, ServerError when the server answers with an error, RpcError or the socket's error
 * for connection failures.
 */
export async function call(io: Io, args: string[]): Promise<void> {
  const parsed = parse(
    io,
    args,
    {
      http: { type: 'boolean' },
      path: { type: 'string' },
      tls: { type: 'boolean' },
      ca: { type: 'string' },
      insecure: { type: 'boolean' },
      jsonrpc: { type: 'boolean' },
      timeout: { type: 'string' },
      schema: { type: 'string' },
    },
    CALL_HELP,
  );
  if (!parsed) return;
  const { values, positionals } = parsed;
  if (positionals.length < 2 || positionals.length > 3) throw new UsageError('call takes ADDR Service.Method [ARGS_JSON|-]');
  const [addr, serviceMethod, argText = '{}'] = positionals as [string, string, string?];
  if (!/^[^.]+\.[^.]+$/.test(serviceMethod)) throw new UsageError(`want Service.Method, got ${JSON.stringify(serviceMethod)}`);
  if (values.path && !values.http) throw new UsageError('--path needs --http');
  if (values.path !== undefined && !values.path.startsWith('/'))
    throw new UsageError(`--path must start with /, got ${JSON.stringify(values.path)}`);
  const timeout = timeoutFlag(values.timeout);
  address(addr);
  const json = argText === '-' ? (await readAll(io.stdin)).toString('utf8') : argText;

  // The argument: typed by the module's schema, or inferred from the JSON.
  let argSchema: Schema | undefined;
  let replySchema: Schema | undefined;
  let argValue: unknown;
  if (values.schema) {
    ({ args: argSchema, reply: replySchema } = await loadSchema(values.schema, serviceMethod));
    try {
      argValue = jsonrpc.unmarshal(json, argSchema);
    } catch (e) {
      throw new UsageError(`bad JSON argument: ${(e as Error).message}`);
    }
  } else if (values.jsonrpc) {
    checkJSON(json); // the same syntax checks, so bad JSON is a usage error either way; null is fine here
    argValue = jsonrpc.unmarshal(json);
  } else {
    ({ value: argValue, schema: argSchema } = inferArgs(json));
  }

  const { client, received, replySchema: streamReplySchema } = await connect(addr, values, timeout);
  let reply: unknown;
  try {
    reply = await client.call(serviceMethod, argValue, { argSchema, replySchema });
  } catch (e) {
    throw explain(e, received(), !!values.jsonrpc);
  } finally {
    await client.close().catch(() => {});
  }
  const printSchema = replySchema ?? streamReplySchema();
  learnGoNames(printSchema);
  await write(io.stdout, toJSON(reply, printSchema) + '\n');
}
