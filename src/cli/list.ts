// `gobrpc list ADDR`: reads the debug page Go's net/rpc serves over HTTP (debug.go's template)
// and prints each service, its methods with argument and reply types, and call counts.
import http from 'node:http';
import { DEFAULT_DEBUG_PATH } from '../index.js';
import { address, DEFAULT_TIMEOUT_MS, type Io, parse, timeoutFlag, UsageError, write } from './common.js';

/** The text of `--help`. */
export const LIST_HELP = `Usage: gobrpc list [options] ADDR

Reads the debug page of a Go net/rpc server served over HTTP (rpc.HandleHTTP) at ADDR
(HOST:PORT) and prints each service, its methods with their argument and reply types, and
how many times each was called:

  service Arith
    Divide(*services.Args, *services.Quotient) error  calls=0

Options:
  --path PATH     the debug page's path (default ${DEFAULT_DEBUG_PATH})
  --json          print one JSON document instead
  --timeout MS    give up when the server is silent for MS milliseconds (default
                  ${DEFAULT_TIMEOUT_MS}; 0: no limit; at most 2147483647)
  -h, --help      show this help

A net/rpc server on plain TCP (rpc.Accept, ServeConn) serves no HTTP and so has no debug
page: list says so (exit 3); 'gobrpc call' still reaches it.
`;

/** One service of the debug page. */
interface DebugService {
  name: string;
  methods: Array<{ name: string; argType: string; replyType: string; calls: number }>;
}

const ENTITIES: Record<string, string> = {
  '&#34;': '"',
  '&amp;': '&',
  '&#39;': "'",
  '&#43;': '+',
  '&lt;': '<',
  '&gt;': '>',
  '&quot;': '"',
};

function unescapeHTML(s: string): string {
  return s.replace(/&(?:#\d+|[a-z]+);/g, (e) => ENTITIES[e] ?? (e.startsWith('&#') ? String.fromCodePoint(Number(e.slice(2, -1))) : e));
}

/** Reads Go's debug page (the text of debug.go's debugText template) into services. */
function parseDebugPage(html: string): DebugService[] {
  const services: DebugService[] = [];
  const re = /Service (.*)\n|<td align=left font=fixed>(.*)\((.*), (.*)\) error<\/td>\s*<td align=center>(\d+)<\/td>/g;
  for (let m = re.exec(html); m; m = re.exec(html)) {
    if (m[1] !== undefined) services.push({ name: unescapeHTML(m[1].trim()), methods: [] });
    else
      services[services.length - 1]?.methods.push({
        name: unescapeHTML(m[2]!),
        argType: unescapeHTML(m[3]!),
        replyType: unescapeHTML(m[4]!),
        calls: Number(m[5]),
      });
  }
  return services;
}

function get(host: string, port: number, path: string, timeout: number | undefined): Promise<string> {
  const where = `${host.includes(':') ? `[${host}]` : host}:${port}`;
  return new Promise((resolve, reject) => {
    let answered = false;
    const req = http.get({ host, port, path, timeout }, (res) => {
      answered = true;
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (d: string) => (body += d));
      res.on('end', () => {
        if (res.statusCode !== 200) reject(new Error(`GET ${path}: ${res.statusCode} ${res.statusMessage}`));
        else resolve(body);
      });
      res.on('error', reject);
    });
    req.on('timeout', () => {
      // Go's net/rpc server on plain TCP reads the request as gob and, when it is shorter than
      // the message its first byte announces, waits for the rest.
      const hint = answered ? '' : ` with no answer (a net/rpc server on plain TCP has no debug page; 'gobrpc call' still reaches it)`;
      req.destroy(new Error(`GET ${path}: timed out after ${timeout} ms${hint}`));
    });
    req.on('error', (e: NodeJS.ErrnoException) => {
      // Go's net/rpc server on plain TCP reads the request as gob, fails, and hangs up without a word.
      if (!answered && e.code === 'ECONNRESET')
        reject(
          new Error(
            `${where} is not an HTTP server: it hung up on GET ${path} without an answer, so there is no debug page to list (a net/rpc server on plain TCP has none; 'gobrpc call' still reaches it)`,
            { cause: e },
          ),
        );
      else reject(e);
    });
  });
}

/** Runs `gobrpc list` (see {@link LIST_HELP}). Throws UsageError for a bad command line, an Error for HTTP failures. */
export async function list(io: Io, args: string[]): Promise<void> {
  const parsed = parse(io, args, { path: { type: 'string' }, json: { type: 'boolean' }, timeout: { type: 'string' } }, LIST_HELP);
  if (!parsed) return;
  const { values, positionals } = parsed;
  if (positionals.length !== 1) throw new UsageError('list takes one ADDR (HOST:PORT)');
  const { host, port } = address(positionals[0]!);
  const path = values.path ?? DEFAULT_DEBUG_PATH;
  if (!path.startsWith('/')) throw new UsageError(`--path must start with /, got ${JSON.stringify(path)}`);
  const html = await get(host, port, path, timeoutFlag(values.timeout));
  const services = parseDebugPage(html);
  if (!/<title>Services<\/title>/.test(html)) throw new Error(`GET ${path}: not a Go net/rpc debug page`);
  if (values.json) {
    await write(io.stdout, JSON.stringify({ services }) + '\n');
    return;
  }
  let out = '';
  for (const s of services) {
    out += `service ${s.name}\n`;
    for (const m of s.methods) out += `  ${m.name}(${m.argType}, ${m.replyType}) error  calls=${m.calls}\n`;
  }
  await write(io.stdout, out);
}
