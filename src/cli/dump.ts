// `gobrpc dump [FILE|-]`: decodes every value of a gob stream without a schema and prints it,
// or (--schema) prints a TypeScript module of schemas for the stream's types. The input is read
// in chunks and each value printed as soon as it is whole, so memory stays near the largest message.
import { createReadStream, statSync } from 'node:fs';
import { basename } from 'node:path';
import { Decoder, NEED_MORE, type Schema } from '../index.js';
import { type Io, paletteFor, parse, UsageError, write } from './common.js';
import { learnGoNames, type Palette, toJSON, toText } from './format.js';
import { rpcHeaderName, SchemaModule } from './schemagen.js';

/** The text of `--help`. */
export const DUMP_HELP = `Usage: gobrpc dump [options] [FILE|-]

Decodes every value of a gob stream (a file, or stdin when FILE is - or absent) without a
schema and prints each one on its own line. A captured net/rpc stream (either side of a
connection) prints as header/body pairs; one captured over HTTP starts with the CONNECT
request or Go's "HTTP/1.0 200 Connected to Go RPC" answer, which is skipped.

A []byte (or a marshaler's bytes) prints its first 256 bytes and how many more there are;
--json prints them all. Go sends a marshaler held by pointer (*big.Int, *big.Rat, your *T)
without a type name: it prints as its bytes (GobEncoder{...}) unless the stream names the
type (a struct field's []*big.Int, an interface value's *big.Int).

Options:
  --json      one JSON document per line: exact integers, []byte as base64, time.Time as
              RFC 3339 with nanoseconds, maps with non-string keys as [[key, value], ...],
              a string that is not UTF-8 as {"s": base64 of its bytes}
  --schema    print a TypeScript module with a t.* schema for every type in the stream
              instead of the values
  -h, --help  show this help
`;

/** Files larger than this get a progress line on stderr (when stderr is a terminal). */
const PROGRESS_THRESHOLD = 64 << 20;

/** The longest HTTP head (a CONNECT request or its answer) skipped before a captured gob stream. */
const MAX_HTTP_HEAD = 64 << 10;

/**
 * Skips the HTTP head that starts a net/rpc connection captured over HTTP: the client's
 * `CONNECT /_goRPC_ HTTP/1.0` request or the server's `HTTP/1.0 200 Connected to Go RPC`,
 * each ended by an empty line (server.go's ServeHTTP, client.go's DialHTTPPath). No gob stream
 * Go writes starts with those 8 or 5 bytes (a message length, then a type id of 64 or more).
 */
class HttpHead {
  private head: Buffer | undefined = Buffer.alloc(0);

  /** Returns the gob bytes of `chunk`: none while the head is being read. */
  take(chunk: Buffer): Buffer {
    if (this.head === undefined) return chunk;
    const all = this.head.length ? Buffer.concat([this.head, chunk]) : chunk;
    const start = all.subarray(0, 8).toString('latin1');
    const http = 'CONNECT '.startsWith(start) || 'HTTP/'.startsWith(start.slice(0, 5));
    if (!http || all.length === 0) {
      this.head = undefined;
      return all;
    }
    const lf = all.indexOf('\n\n');
    const crlf = all.indexOf('\r\n\r\n');
    const stop = lf >= 0 && (crlf < 0 || lf < crlf) ? lf + 2 : crlf >= 0 ? crlf + 4 : -1;
    if (stop < 0) {
      if (all.length > MAX_HTTP_HEAD)
        throw new Error(
          `the input starts with HTTP (${JSON.stringify(all.subarray(0, 40).toString('latin1'))}…) that does not end within ${MAX_HTTP_HEAD} bytes`,
        );
      this.head = all;
      return Buffer.alloc(0);
    }
    this.head = undefined;
    return all.subarray(stop);
  }

  /** At the end of the input: the bytes held back in case they began a head. */
  rest(): Buffer {
    const held = this.head ?? Buffer.alloc(0);
    this.head = undefined;
    return held;
  }
}

/** Whether a value's schema is net/rpc's Request or Response header (the start of a captured RPC stream). */
function isRpcHeader(s: Schema | undefined): boolean {
  return (
    s?.kind === 'struct' &&
    rpcHeaderName(
      s.name,
      s.fields.map((f) => f.name),
    ) !== undefined
  );
}

/** Runs `gobrpc dump` (see {@link DUMP_HELP}). Throws UsageError for a bad command line, GobError for bad data, and the file's own errors. */
export async function dump(io: Io, args: string[]): Promise<void> {
  const parsed = parse(io, args, { json: { type: 'boolean' }, schema: { type: 'boolean' } }, DUMP_HELP);
  if (!parsed) return;
  const { values, positionals } = parsed;
  if (positionals.length > 1) throw new UsageError(`dump takes one FILE, got ${positionals.length}`);
  if (values.json && values.schema) throw new UsageError('--json and --schema cannot be used together');
  const file = positionals[0] ?? '-';
  const size = file === '-' ? 0 : statSync(file).size;
  const input = file === '-' ? io.stdin : createReadStream(file);
  const progress = io.stderr.isTTY && size > PROGRESS_THRESHOLD ? new Progress(io.stderr, size) : undefined;

  const palette: Palette = paletteFor(io.stdout, io.env);
  const module = values.schema ? new SchemaModule() : undefined;
  const decoder = new Decoder();
  let rpc: boolean | undefined;
  let header: { value: unknown; schema: Schema | undefined } | undefined;

  const print = async (value: unknown, schema: Schema | undefined): Promise<void> => {
    if (module) {
      module.addValue(schema!, value);
      return;
    }
    learnGoNames(schema);
    if (rpc === undefined) rpc = isRpcHeader(schema);
    if (rpc && !header) {
      header = { value, schema };
      return;
    }
    let line: string;
    if (values.json) {
      line = header ? `{"header":${toJSON(header.value, header.schema)},"body":${toJSON(value, schema)}}` : toJSON(value, schema);
    } else {
      line = header ? `${toText(header.value, header.schema, palette)} ${toText(value, schema, palette)}` : toText(value, schema, palette);
    }
    header = undefined;
    await write(io.stdout, line + '\n');
  };

  const http = new HttpHead();
  for await (const chunk of input) {
    const bytes = typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer);
    progress?.add(bytes.length);
    decoder.write(http.take(bytes));
    for (let v = decoder.next(); v !== NEED_MORE; v = decoder.next()) await print(v, decoder.lastSchema);
  }
  progress?.done();
  decoder.write(http.rest());
  decoder.end();
  if (header)
    await write(
      io.stdout,
      (values.json ? `{"header":${toJSON(header.value, header.schema)}}` : toText(header.value, header.schema, palette)) + '\n',
    );
  if (module)
    await write(io.stdout, module.render(`Schemas of the types in ${file === '-' ? 'the gob stream on stdin' : basename(file)}.`, true));
}

/** A progress line on a terminal, rewritten at most every 200 ms. */
class Progress {
  private read = 0;
  private last = 0;
  constructor(
    private readonly tty: NodeJS.WriteStream,
    private readonly total: number,
  ) {}

  add(n: number): void {
    this.read += n;
    const now = Date.now();
    if (now - this.last < 200) return;
    this.last = now;
    this.tty.write(
      `\r${(this.read / 2 ** 20).toFixed(0)} / ${(this.total / 2 ** 20).toFixed(0)} MiB (${Math.floor((100 * this.read) / this.total)}%)`,
    );
  }

  done(): void {
    this.tty.write('\r\x1b[K');
  }
}
