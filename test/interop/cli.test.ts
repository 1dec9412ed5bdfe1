// The gobrpc command, run as a subprocess (node dist/cli.js) against real Go programs: call and
// list against Go's Arith server, dump of the golden corpus, dump --schema modules compiled with
// tsc --strict and re-encoding every fixture byte for byte, and record between a Go client and
// a Go server. The corpus runs through the command's main() in this process (one subprocess per
// fixture would cost tens of seconds); everything about the process itself (exit codes, stderr,
// signals) is checked on real subprocesses.
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { after, before, describe, test } from 'node:test';
import { pathToFileURL } from 'node:url';
import { CALL_HELP } from '../../src/cli/call.js';
import { main } from '../../src/cli/main.js';
import {
  Decoder,
  Encoder,
  type GoInterface,
  interfaceSchema,
  NEED_MORE,
  parseAddress,
  type Schema,
  Server,
  t,
  type TypeRegistry,
} from '../../src/index.js';
import { type Fixture, loadFixtures, ROOT } from '../helpers/fixtures.js';
import { goBin, runGo, startGo, startProcess, suiteCleanup } from '../helpers/goproc.js';
import { Gate, Gates, startScript } from '../helpers/script.js';

const CLI = join(ROOT, 'dist', 'cli.js');

interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs `node dist/cli.js args` to completion, with `input` on stdin. */
function runCli(args: string[], input?: string | Uint8Array, env: NodeJS.ProcessEnv = {}): Promise<CliResult> {
  const childEnv: NodeJS.ProcessEnv = { ...process.env };
  delete childEnv.NODE_TEST_CONTEXT;
  delete childEnv.NODE_DEBUG;
  Object.assign(childEnv, env);
  const proc = spawn(process.execPath, [CLI, ...args], { stdio: ['pipe', 'pipe', 'pipe'], env: childEnv });
  let stdout = '';
  let stderr = '';
  proc.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
  proc.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  proc.stdin.on('error', () => {});
  proc.stdin.end(input);
  return new Promise((resolve) => proc.once('close', (code) => resolve({ code, stdout, stderr })));
}

/** Runs the command's main() in this process, capturing what it writes. */
async function runMain(args: string[]): Promise<CliResult> {
  const capture = () => {
    let text = '';
    const w = new Writable({
      write(chunk, _enc, cb) {
        text += chunk.toString();
        cb();
      },
    });
    return { stream: w as unknown as NodeJS.WriteStream, text: () => text };
  };
  const out = capture();
  const err = capture();
  const code = await main(args, { stdout: out.stream, stderr: err.stream, stdin: process.stdin, env: {} });
  return { code, stdout: out.text(), stderr: err.text() };
}

// The JSON `dump --json` prints, computed here from the fixtures' tagged values (written by Go),
// independently of the command's printer.

const view = new DataView(new ArrayBuffer(8));

function floatFromBits(hex: string): number {
  view.setBigUint64(0, BigInt('0x' + hex));
  return view.getFloat64(0);
}

/** The float64 of the fewest significant digits that is still the float32 `f` (strconv's bitSize 32). */
function shortest32(f: number): number {
  if (f === 0 || !Number.isFinite(f)) return f;
  for (let digits = 1; ; digits++) {
    const d = Number(f.toPrecision(digits));
    if (Math.fround(d) === f || digits >= 17) return d;
  }
}

function jsonFloat(f: number): string {
  if (Number.isNaN(f)) return '"NaN"';
  if (!Number.isFinite(f)) return f > 0 ? '"+Inf"' : '"-Inf"';
  return Object.is(f, -0) ? '-0' : String(f);
}

/** RFC 3339 with nanoseconds, as Go's Time.MarshalJSON: trailing zeros dropped, zone as ±hh:mm or Z. */
function rfc3339(sec: string, nsec: number, offset: number | null): string {
  const unix = BigInt(sec) - 62135596800n + BigInt(offset ?? 0);
  const iso = new Date(Number(unix) * 1000).toISOString().slice(0, 19);
  const frac = nsec === 0 ? '' : '.' + String(nsec).padStart(9, '0').replace(/0+$/, '');
  if (!offset) return iso + frac + 'Z';
  const minutes = Math.trunc(offset / 60);
  const abs = Math.abs(minutes);
  return `${iso}${frac}${minutes < 0 ? '-' : '+'}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
}

/** A Go string's bytes, from a tagged value: a JSON string, or {"s": base64} when it is not UTF-8. */
function goStringBytes(x: unknown): Buffer | undefined {
  if (typeof x === 'string') return Buffer.from(x, 'utf8');
  if (typeof x === 'object' && x !== null && 's' in x) return Buffer.from((x as { s: string }).s, 'base64');
  return undefined;
}

function compareKeys(a: unknown, b: unknown): number {
  const [sa, sb] = [goStringBytes(a), goStringBytes(b)];
  if (sa && sb) return Buffer.compare(sa, sb);
  const num = (x: unknown) => {
    const t = x as { n?: string; f?: string };
    return t.n !== undefined ? Number(t.n) : t.f !== undefined ? floatFromBits(t.f) : NaN;
  };
  if (typeof a === 'object' && a && ('n' in a || 'f' in a)) return num(a) - num(b);
  // Structs: field by field.
  for (const k of Object.keys(a as object)) {
    const c = compareKeys((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]);
    if (c !== 0) return c;
  }
  return 0;
}

/** big.Int's GobEncode: a version byte (1 << 1 | sign), then the magnitude big-endian. */
function bigIntGobBytes(n: bigint): Buffer {
  const mag = n < 0n ? -n : n;
  const hex = mag === 0n ? '' : mag.toString(16);
  return Buffer.concat([Buffer.from([2 | (n < 0n ? 1 : 0)]), Buffer.from(hex.length % 2 ? '0' + hex : hex, 'hex')]);
}

/**
 * The expected JSON text of a tagged value; `schema` is the stream's (for how an empty map
 * prints: its key type is not in the tag). `bigNamed`: the enclosing type string names the
 * value's type *big.Int ("[]*big.Int"); otherwise Go sent the *big.Int without a name, and its
 * bytes print as base64, as a marshaler's do.
 */
function expectedJSON(v: unknown, schema: Schema | undefined, bigNamed = false, single = false): string {
  while (schema?.kind === 'ptr') schema = schema.elem;
  // Go's type string names 32-bit elements ("[]float32", "map[string]complex64"), which print
  // with float32's shortest digits, as encoding/json prints them.
  const elemSingle = /^(\[\d*\]|map\[.*\])\**(float32|complex64)$/.test(schema && 'wireName' in schema ? (schema.wireName ?? '') : '');
  const f64 = (bits: string) => (single ? shortest32(floatFromBits(bits)) : floatFromBits(bits));
  if (v === null) return 'null';
  if (typeof v === 'string') return JSON.stringify(v);
  if (typeof v === 'boolean') return String(v);
  const elem = schema && 'elem' in schema ? schema.elem : undefined;
  const elemBig = schema?.kind === 'slice' && /\*big\.Int$/.test(schema.wireName ?? '');
  if (Array.isArray(v)) return '[' + v.map((x) => expectedJSON(x, elem, elemBig, elemSingle)).join(',') + ']';
  const o = v as Record<string, unknown>;
  if ('n' in o) return o.n as string;
  if ('f' in o) return jsonFloat(f64(o.f as string));
  if ('c' in o) {
    const [re, im] = o.c as [string, string];
    return `{"real":${jsonFloat(f64(re))},"imag":${jsonFloat(f64(im))}}`;
  }
  if ('b' in o) return JSON.stringify(o.b);
  // A string that is not UTF-8 prints in the corpus's own tagging.
  if ('s' in o) return JSON.stringify(o);
  if ('raw' in o) return JSON.stringify(o.raw);
  if ('big' in o)
    return bigNamed || (schema !== undefined && namedBigInts.has(schema))
      ? (o.big as string)
      : JSON.stringify(bigIntGobBytes(BigInt(o.big as string)).toString('base64'));
  if ('time' in o) {
    const t = o.time as { sec: string; nsec: number; offset: number | null };
    return JSON.stringify(rfc3339(t.sec, t.nsec, t.offset));
  }
  if ('iface' in o) {
    const name = o.iface as string | { s: string };
    // The concrete type's own schema is not in the tag: the stream's, by its name (for the key types of empty maps).
    const s = typeof name === 'string' ? ifaceSchemas.get(name) : undefined;
    const single = name === 'float32' || name === 'complex64';
    return `{"type":${expectedJSON(name, undefined)},"value":${expectedJSON(o.v, s, name === '*big.Int', single)}}`;
  }
  if ('m' in o) {
    const entries = [...(o.m as Array<[unknown, unknown]>)].sort((x, y) => compareKeys(x[0], y[0]));
    const key = schema?.kind === 'map' ? schema.key : undefined;
    // Keys that are not UTF-8 cannot be JSON names: such a map prints as pairs.
    const stringKeys =
      (key ? key.kind === 'string' : entries.length > 0 && typeof entries[0]![0] === 'string') &&
      entries.every(([k]) => typeof k === 'string');
    if (stringKeys)
      return '{' + entries.map(([k, x]) => `${JSON.stringify(k)}:${expectedJSON(x, elem, false, elemSingle)}`).join(',') + '}';
    return '[' + entries.map(([k, x]) => `[${expectedJSON(k, key)},${expectedJSON(x, elem, false, elemSingle)}]`).join(',') + ']';
  }
  const fields = schema?.kind === 'struct' ? new Map(schema.fields.map((f) => [f.name, f.schema])) : undefined;
  return (
    '{' +
    Object.keys(o)
      .map((k) => `${JSON.stringify(k)}:${expectedJSON(o[k], fields?.get(k))}`)
      .join(',') +
    '}'
  );
}

/**
 * The schemas (one per type id) of the *big.Int types the fixture being checked names with a
 * type string ("[]*big.Int"): one id is one Go type, so a *big.Int field of that id is named too.
 */
let namedBigInts = new Set<Schema>();

function collectNamedBigInts(s: Schema, seen = new Set<Schema>()): void {
  if (seen.has(s)) return;
  seen.add(s);
  if (s.kind === 'slice' && /^\[\]\*big\.Int$/.test(s.wireName ?? '')) {
    let e = s.elem;
    while (e.kind === 'ptr') e = e.elem;
    namedBigInts.add(e);
  }
  if (s.kind === 'struct') for (const f of s.fields) collectNamedBigInts(f.schema, seen);
  else if (s.kind === 'slice' || s.kind === 'array' || s.kind === 'ptr') collectNamedBigInts(s.elem, seen);
  else if (s.kind === 'map') {
    collectNamedBigInts(s.key, seen);
    collectNamedBigInts(s.elem, seen);
  }
}

/** The stream's schemas of the concrete types inside interface values of the fixture being checked, by name. */
let ifaceSchemas = new Map<string, Schema>();

/** Collects the schemas interface values bring, walking a decoded value. */
function collectIfaceSchemas(v: unknown, out: Map<string, Schema>): void {
  if (v === null || typeof v !== 'object' || v instanceof Uint8Array) return;
  if (Array.isArray(v)) for (const x of v) collectIfaceSchemas(x, out);
  else if (v instanceof Map) {
    for (const [k, x] of v) {
      collectIfaceSchemas(k, out);
      collectIfaceSchemas(x, out);
    }
  } else {
    const i = v as GoInterface;
    const schema = typeof i.name === 'string' && 'value' in i ? interfaceSchema(i) : undefined;
    if (schema) {
      out.set(i.name, schema);
      collectIfaceSchemas(i.value, out);
    } else for (const x of Object.values(v)) collectIfaceSchemas(x, out);
  }
}

/** The stream's own schema of each value (for the key types of empty maps), noting interface values' schemas. */
function streamSchemas(f: Fixture): Schema[] {
  const d = new Decoder();
  d.write(f.bytes);
  const out: Schema[] = [];
  ifaceSchemas = new Map();
  namedBigInts = new Set();
  for (let v = d.next(); v !== NEED_MORE; v = d.next()) {
    out.push(d.lastSchema!);
    collectNamedBigInts(d.lastSchema!);
    collectIfaceSchemas(v, ifaceSchemas);
  }
  return out;
}

const fixtures = loadFixtures();

describe('gobrpc dump', () => {
  test('dump --json of every golden fixture equals its JSON', async () => {
    assert.ok(fixtures.length >= 100);
    for (const f of fixtures) {
      const r = await runMain(['dump', '--json', join(ROOT, 'fixtures', f.name + '.gob')]);
      const schemas = streamSchemas(f);
      const want = f.values.map((v, i) => expectedJSON(v, schemas[i]) + '\n').join('');
      assert.deepEqual(r, { code: 0, stdout: want, stderr: '' }, f.name);
    }
  });

  test('--json from stdin, a stream of several values, exact beyond 2^53', async () => {
    const r = await runCli(['dump', '--json', '-'], readFileSync(join(ROOT, 'fixtures', 'stream_mixed.gob')));
    assert.deepEqual(r, {
      code: 0,
      stderr: '',
      stdout: '1\n"two"\n{"X":3,"Y":4}\n5\n"six"\n{"From":{"X":7,"Y":8},"To":{"X":9,"Y":10},"Label":"line"}\n{"X":11,"Y":12}\n-13\n',
    });
    const big = await runCli(['dump', '--json'], readFileSync(join(ROOT, 'fixtures', 'uint64_max.gob')));
    assert.deepEqual(big, { code: 0, stderr: '', stdout: '18446744073709551615\n' });
  });

  test("a marshaler Go sends without a name prints as its bytes; as a *big.Int only where a type string or an interface's name says so", async () => {
    // Held{P: &Ver{1, 2}, R: big.NewRat(1, 3), B: big.NewInt(7)}, then Bigs{[]*big.Int{-5}}, then an interface holding big.NewInt(7).
    const stream = (await runGo('cliserver', ['-stream', 'pointer-marshalers'])).stdoutBytes;
    const [text, json] = await Promise.all([runCli(['dump', '-'], stream), runCli(['dump', '--json', '-'], stream)]);
    assert.deepEqual(text, {
      code: 0,
      stderr: '',
      stdout:
        'Held{P: GobEncoder{0x01, 0x02}, R: GobEncoder{0x02, 0x00, 0x00, 0x00, 0x01, 0x01, 0x03}, B: GobEncoder{0x02, 0x07}}\n' +
        'Bigs{L: []*big.Int{-5}}\n*big.Int(7)\n',
    });
    assert.deepEqual(json, {
      code: 0,
      stderr: '',
      stdout: '{"P":"AQI=","R":"AgAAAAEBAw==","B":"Agc="}\n{"L":[-5]}\n{"type":"*big.Int","value":7}\n',
    });
  });

  test("a large []byte prints its first bytes and a count, in memory near the message's size", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gobrpc-cli-'));
    try {
      const file = join(dir, 'bytes.gob');
      writeFileSync(file, (await runGo('cliserver', ['-stream', 'bytes', '-size', String(16 << 20)])).stdoutBytes);
      // A 32 MiB heap: printing each of 16 Mi bytes as its own string would need gigabytes.
      const r = await runCli(['dump', file], undefined, { NODE_OPTIONS: '--max-old-space-size=32' });
      const shown = Array(256).fill('0x78').join(', ');
      assert.deepEqual(r, { code: 0, stderr: '', stdout: `[]byte{${shown}, … ${(16 << 20) - 256} more bytes (${16 << 20} in all)}\n` });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('a value nested as deep as the decoder accepts prints in every form, never overflowing the stack', async () => {
    // A 4000-long linked list (Node{V, Next *Node}): each cell is a nesting level.
    const n = 4000;
    const stream = (await runGo('cliserver', ['-stream', 'list', '-size', String(n)])).stdoutBytes;
    const [text, json, schema] = await Promise.all([
      runCli(['dump', '-'], stream),
      runCli(['dump', '--json', '-'], stream),
      runCli(['dump', '--schema', '-'], stream),
    ]);
    let wantText = 'nil';
    let wantJSON = 'null';
    for (let i = 0; i < n; i++) {
      wantText = `Node{V: ${i}, Next: ${wantText}}`;
      wantJSON = `{"V":${i},"Next":${wantJSON}}`;
    }
    assert.deepEqual(text, { code: 0, stderr: '', stdout: wantText + '\n' });
    assert.deepEqual(json, { code: 0, stderr: '', stdout: wantJSON + '\n' });
    assert.deepEqual(
      { code: schema.code, stderr: schema.stderr, node: /export const Node[^;]*;/.exec(schema.stdout)?.[0] },
      {
        code: 0,
        stderr: '',
        node: 'export const Node: Schema<Node> = t.struct("main.Node", () => ({\n  V: t.int,\n  Next: t.ptr(Node),\n}));',
      },
    );
  });

  test('bad input: a truncated stream, a missing file, two files', async () => {
    const bytes = readFileSync(join(ROOT, 'fixtures', 'point.gob'));
    assert.deepEqual(await runCli(['dump', '-'], bytes.subarray(0, bytes.length - 1)), {
      code: 3,
      stdout: '',
      stderr: 'gobrpc dump: unexpected EOF\n',
    });
    const missing = await runMain(['dump', '/nonexistent/x.gob']);
    assert.deepEqual(missing, {
      code: 3,
      stdout: '',
      stderr: "gobrpc dump: ENOENT: no such file or directory, stat '/nonexistent/x.gob'\n",
    });
    assert.deepEqual(await runMain(['dump', 'a', 'b']), {
      code: 2,
      stdout: '',
      stderr: "gobrpc dump: dump takes one FILE, got 2 (see 'gobrpc dump --help')\n",
    });
  });

  test('a captured net/rpc stream prints as header/body pairs', async () => {
    // The bytes Go's client writes for Arith.Multiply(7, 8) and Arith.Divide(1, 0), from its own encoder.
    const req = rpcRequestStream();
    const r = await runCli(['dump', '--json', '-'], req);
    assert.deepEqual(r, {
      code: 0,
      stderr: '',
      stdout:
        '{"header":{"ServiceMethod":"Arith.Multiply","Seq":0},"body":{"A":7,"B":8}}\n{"header":{"ServiceMethod":"Arith.Divide","Seq":1},"body":{"A":1,"B":0}}\n',
    });
    const text = await runCli(['dump', '-'], req);
    assert.equal(
      text.stdout,
      'Request{ServiceMethod: "Arith.Multiply", Seq: 0} Args{A: 7, B: 8}\nRequest{ServiceMethod: "Arith.Divide", Seq: 1} Args{A: 1, B: 0}\n',
    );
  });
});

/** The request side of a net/rpc connection: this library's encoder writes Go's client bytes (see test/rpc.test.ts). */
function rpcRequestStream(): Uint8Array {
  const Request = t.struct('rpc.Request', { ServiceMethod: t.string, Seq: t.uint64 });
  const Args = t.struct('main.Args', { A: t.int, B: t.int });
  const enc = new Encoder();
  return Buffer.concat([
    enc.encode(Request, { ServiceMethod: 'Arith.Multiply', Seq: 0 }),
    enc.encode(Args, { A: 7, B: 8 }),
    enc.encode(Request, { ServiceMethod: 'Arith.Divide', Seq: 1 }),
    enc.encode(Args, { A: 1, B: 0 }),
  ]);
}

describe('gobrpc call and list against the Go Arith server', () => {
  let httpAddr = '';
  let tcpAddr = '';
  const cleanup = suiteCleanup();
  before(async () => {
    const [http, tcp] = await Promise.all([startGo('arith', ['-mode', 'http'], cleanup), startGo('arith', ['-mode', 'tcp'], cleanup)]);
    [httpAddr, tcpAddr] = [http.addr, tcp.addr];
  });

  test('call over HTTP and TCP prints the reply as JSON', async () => {
    // Over HTTP: the README's examples (below).
    assert.deepEqual(await runCli(['call', tcpAddr, 'Arith.Divide', '{"A":7,"B":8}']), {
      code: 0,
      stdout: '{"Quo":0,"Rem":7}\n',
      stderr: '',
    });
    assert.deepEqual(await runCli(['call', tcpAddr, 'Arith.Multiply', '-'], '{"A":-3, "B":4}'), { code: 0, stdout: '-12\n', stderr: '' });
  });

  test("an error reply: Go's string as is, exit 1", async () => {
    // divide by zero over HTTP: the README's example (below).
    assert.deepEqual(await runCli(['call', tcpAddr, 'Arith.Nope', '{}']), {
      code: 1,
      stdout: '',
      stderr: "rpc: can't find method Arith.Nope\n",
    });
  });

  test('a refused connection: exit 3, one line', async () => {
    const port = await closedPort();
    assert.deepEqual(await runCli(['call', `127.0.0.1:${port}`, 'Arith.Multiply', '{"A":7,"B":8}']), {
      code: 3,
      stdout: '',
      stderr: `gobrpc call: connect ECONNREFUSED 127.0.0.1:${port}\n`,
    });
  });

  test('a bad JSON argument and other usage errors: exit 2, one line', async () => {
    const cases: Array<[string[], string]> = [
      [
        ['call', tcpAddr, 'Arith.Multiply', '{"A":7,"B":'],
        "gobrpc call: bad JSON argument at offset 11: unexpected end of input (see 'gobrpc call --help')\n",
      ],
      [
        ['call', tcpAddr, 'Arith.Multiply', '{"A":7 "B":8}'],
        "gobrpc call: bad JSON argument at offset 7: expected , or } (see 'gobrpc call --help')\n",
      ],
      [
        ['call', tcpAddr, 'Arith.Multiply', '[1, "x"]'],
        "gobrpc call: the elements of the array at the argument have different types (int and string); give --schema (see 'gobrpc call --help')\n",
      ],
      [['call', tcpAddr, 'Multiply'], 'gobrpc call: want Service.Method, got "Multiply" (see \'gobrpc call --help\')\n'],
      [['call', '--bogus', tcpAddr, 'Arith.Multiply'], "gobrpc call: unknown option --bogus (see 'gobrpc call --help')\n"],
      [['call', 'nohost', 'Arith.Multiply'], 'gobrpc call: bad address "nohost" (want HOST:PORT) (see \'gobrpc call --help\')\n'],
      [['frobnicate'], 'gobrpc: unknown command "frobnicate" (want dump, list, call or record) (see \'gobrpc --help\')\n'],
    ];
    // The first as a process; the rest through main(), the same code (each process costs ~0.5 s here).
    assert.deepEqual(await runCli(cases[0]![0]), { code: 2, stdout: '', stderr: cases[0]![1] });
    for (const [args, stderr] of cases) assert.deepEqual(await runMain(args), { code: 2, stdout: '', stderr }, args.join(' '));
  });

  test('call without ARGS_JSON sends {}: an empty struct, which Go decodes as the zero Args', async () => {
    assert.deepEqual(await runCli(['call', tcpAddr, 'Arith.Multiply']), { code: 0, stdout: '0\n', stderr: '' });
  });

  test('a gob call to a JSON-RPC server, which hangs up without a word, suggests --jsonrpc', async (t) => {
    const json = await startGo('jsonecho', ['-mode', 'server'], t.after.bind(t));
    assert.deepEqual(await runCli(['call', json.addr, 'EchoService.Bytes', '"AP8="']), {
      code: 3,
      stdout: '',
      stderr:
        'gobrpc call: unexpected EOF: the server hung up without an answer; if it speaks JSON-RPC (jsonrpc.ServeConn), add --jsonrpc\n',
    });
  });

  test('call over the wrong transport says which to use (exit 3), whether the server answers or waits', async () => {
    // Deadlines of 2 s: the dial counts against them, and five CLI processes start at once.
    const [answered, silent, connect, badTimeout, jsonToGob] = await Promise.all([
      // A = 5 is the gob byte 0x0a, a newline: Go's HTTP server reads the request up to it as a
      // malformed request line and answers 400.
      runCli(['call', httpAddr, 'Arith.Multiply', '{"A":5,"B":8}']),
      // Without a newline Go's HTTP server waits for the end of the request line: the timeout ends it.
      runCli(['call', '--timeout', '2000', httpAddr, 'Arith.Multiply', '{"A":7,"B":8}']),
      // A plain TCP server reads the CONNECT as the start of a longer gob message and waits.
      runCli(['call', '--http', '--timeout', '2000', tcpAddr, 'Arith.Multiply', '{"A":7,"B":8}']),
      runMain(['call', '--timeout', '1.5', tcpAddr, 'Arith.Multiply']),
      // A gob server reads JSON-RPC's "{" as a message length and waits for the rest.
      runCli(['call', '--jsonrpc', '--timeout', '2000', tcpAddr, 'Arith.Multiply', '{"A":7,"B":8}']),
    ]);
    assert.deepEqual(jsonToGob, {
      code: 3,
      stdout: '',
      stderr:
        'gobrpc call: rpc: call Arith.Multiply timed out after 2000 ms, and the server sent nothing at all: if it speaks gob (rpc.ServeConn), leave out --jsonrpc; if it serves HTTP, add --http\n',
    });
    assert.deepEqual(answered, {
      code: 3,
      stdout: '',
      stderr: 'gobrpc call: the server speaks HTTP (it answered "HTTP/1.1 400 Bad Request"); try --http\n',
    });
    assert.deepEqual(silent, {
      code: 3,
      stdout: '',
      stderr:
        'gobrpc call: rpc: call Arith.Multiply timed out after 2000 ms, and the server sent nothing at all: if it serves net/rpc over HTTP (rpc.HandleHTTP), try --http\n',
    });
    assert.deepEqual(connect, {
      code: 3,
      stdout: '',
      stderr:
        'gobrpc call: rpc: dial timed out after 2000 ms, with no answer to the HTTP CONNECT: if the server speaks net/rpc on plain TCP (rpc.Accept), leave out --http\n',
    });
    assert.deepEqual(badTimeout, {
      code: 2,
      stdout: '',
      stderr: 'gobrpc call: --timeout needs a number of milliseconds (0: none), got "1.5" (see \'gobrpc call --help\')\n',
    });
  });

  test("dump of a net/rpc connection captured over HTTP skips the CONNECT and Go's answer to it", async (t) => {
    // A server of its own, so that the call counts list shows stay the README's.
    const server = await startGo('arith', ['-mode', 'http'], t.after.bind(t));
    const { requests, replies } = await captureGo(parseAddress(server.addr), 'http');
    assert.equal(requests.subarray(0, 27).toString('latin1'), 'CONNECT /_goRPC_ HTTP/1.0\n\n');
    assert.equal(replies.subarray(0, 34).toString('latin1'), 'HTTP/1.0 200 Connected to Go RPC\n\n');
    const [req, rep] = await Promise.all([runCli(['dump', '--json', '-'], requests), runCli(['dump', '--json', '-'], replies)]);
    // arithclient's first three calls are one at a time; ten concurrent ones follow.
    assert.deepEqual(
      { ...req, stdout: req.stdout.split('\n').slice(0, 3) },
      {
        code: 0,
        stderr: '',
        stdout: [
          '{"header":{"ServiceMethod":"Arith.Multiply","Seq":0},"body":{"A":7,"B":8}}',
          '{"header":{"ServiceMethod":"Arith.Divide","Seq":1},"body":{"A":7,"B":8}}',
          '{"header":{"ServiceMethod":"Arith.Divide","Seq":2},"body":{"A":1,"B":0}}',
        ],
      },
    );
    assert.deepEqual(
      { ...rep, stdout: rep.stdout.split('\n').slice(0, 3) },
      {
        code: 0,
        stderr: '',
        stdout: [
          '{"header":{"ServiceMethod":"Arith.Multiply","Seq":0,"Error":""},"body":56}',
          '{"header":{"ServiceMethod":"Arith.Divide","Seq":1,"Error":""},"body":{"Quo":0,"Rem":7}}',
          '{"header":{"ServiceMethod":"Arith.Divide","Seq":2,"Error":"divide by zero"},"body":{}}',
        ],
      },
    );
    assert.equal(req.stdout.split('\n').length, 15 + 1); // 15 calls, each line ended
  });

  test('list against a server on plain TCP says it has no debug page (exit 3)', async (t) => {
    assert.deepEqual(await runCli(['list', tcpAddr]), {
      code: 3,
      stdout: '',
      stderr: `gobrpc list: ${tcpAddr} is not an HTTP server: it hung up on GET /debug/rpc without an answer, so there is no debug page to list (a net/rpc server on plain TCP has none; 'gobrpc call' still reaches it)\n`,
    });
    // A server that never answers: the timeout ends it, and the message gives its milliseconds.
    const silent = await startGo('silent', [], t.after.bind(t));
    assert.deepEqual(await runMain(['list', '--timeout', '1000', silent.addr]), {
      code: 3,
      stdout: '',
      stderr:
        "gobrpc list: GET /debug/rpc: timed out after 1000 ms with no answer (a net/rpc server on plain TCP has no debug page; 'gobrpc call' still reaches it)\n",
    });
  });

  test("list prints each service, its methods and call counts (as text: the README's example)", async () => {
    await runMain(['call', '--http', httpAddr, 'Arith.Multiply', '{"A":2,"B":3}']);
    const json = await runCli(['list', '--json', httpAddr]);
    assert.deepEqual(json, {
      code: 0,
      stderr: '',
      stdout:
        JSON.stringify({
          services: [
            {
              name: 'Arith',
              methods: [
                { name: 'Divide', argType: '*services.Args', replyType: '*services.Quotient', calls: 0 },
                { name: 'Multiply', argType: '*services.Args', replyType: '*int', calls: 1 },
              ],
            },
          ],
        }) + '\n',
    });
    assert.deepEqual(await runMain(['list', '--path', '/nope', httpAddr]), {
      code: 3,
      stdout: '',
      stderr: 'gobrpc list: GET /nope: 404 Not Found\n',
    });
  });

  test('--help on every subcommand goes to stdout with exit 0', async () => {
    assert.deepEqual(await runCli(['call', '--help']), { code: 0, stdout: CALL_HELP, stderr: '' });
    for (const cmd of ['dump', 'list', 'call', 'record']) {
      const r = await runMain([cmd, '--help']);
      assert.equal(r.code, 0);
      assert.equal(r.stderr, '');
      assert.match(r.stdout, new RegExp(`^Usage: gobrpc ${cmd} `));
    }
    const top = await runMain(['--help']);
    assert.match(top.stdout, /^Usage: gobrpc <command>/);
  });
});

describe('gobrpc call without a schema: replies holding marshalers, integers of every range, negative numbers', () => {
  let addr = '';
  const cleanup = suiteCleanup();
  before(async () => {
    addr = (await startGo('cliserver', ['-mode', 'tcp'], cleanup)).addr;
  });

  test('a time.Time in the reply prints as RFC 3339, as dump --json; a *big.Rat reply (sent without a type name) as its bytes', async () => {
    const [now, third] = await Promise.all([runCli(['call', addr, 'Misc.Now', '3']), runCli(['call', addr, 'Misc.Third', '0'])]);
    assert.deepEqual(now, { code: 0, stderr: '', stdout: '{"When":"2024-03-15T12:30:45.123456789+05:30","Seq":3}\n' });
    // big.Rat's GobEncode of 1/3, not the number 65795 a *big.Int reading would make of it.
    assert.deepEqual(third, { code: 0, stderr: '', stdout: '"AgAAAAEBAw=="\n' });
  });

  test('a reply nested as deep as the decoder accepts prints whole', async () => {
    let want = 'null';
    for (let i = 0; i < 4000; i++) want = `{"V":${i},"Next":${want}}`;
    assert.deepEqual(await runCli(['call', addr, 'Misc.List', '4000']), { code: 0, stderr: '', stdout: want + '\n' });
  });

  test('inferred arguments: an empty array field is left out as Go leaves it out; mixed numbers are float64; an object no Go struct can take is a usage error', async () => {
    const deep = '['.repeat(100_000) + ']'.repeat(100_000);
    const cases: Array<[string[], CliResult, string?]> = [
      [['Misc.Count', '{"S":[],"N":3}'], { code: 0, stderr: '', stdout: '3\n' }],
      [['Misc.Count', '{"S":["a","b"],"N":3}'], { code: 0, stderr: '', stdout: '5\n' }],
      [['Misc.Sum', '[1,2.5]'], { code: 0, stderr: '', stdout: '3.5\n' }],
      [
        ['Misc.I64', '{"s":5}'],
        {
          code: 2,
          stdout: '',
          stderr:
            "gobrpc call: bad JSON argument: {\"s\": …} holds a string's bytes in base64, got a value that is not a string (see 'gobrpc call --help')\n",
        },
      ],
      [
        ['Misc.Count', '{"n":3}'],
        {
          code: 2,
          stdout: '',
          stderr:
            'gobrpc call: bad JSON argument at offset 1: field "n" cannot reach a Go struct: gob sends exported (capitalised) fields only (see \'gobrpc call --help\')\n',
        },
      ],
      [
        ['Misc.I64', '-'],
        {
          code: 2,
          stdout: '',
          stderr: "gobrpc call: bad JSON argument at offset 1000: arrays and objects nested deeper than 1000 (see 'gobrpc call --help')\n",
        },
        deep,
      ],
    ];
    const results = await Promise.all(cases.map(([args, , input]) => runCli(['call', addr, ...args], input)));
    cases.forEach(([args, want], i) => assert.deepEqual(results[i], want, args.join(' ')));
  });

  test("integers: exact to int64's ends, uint beyond int64's max, a usage error beyond uint64 or for both at once", async () => {
    const cases: Array<[string[], CliResult]> = [
      [['Misc.I64', '-5'], { code: 0, stderr: '', stdout: '-5\n' }],
      [['Misc.I64', '-9223372036854775808'], { code: 0, stderr: '', stdout: '-9223372036854775808\n' }],
      [['Misc.U64', '18446744073709551615'], { code: 0, stderr: '', stdout: '18446744073709551615\n' }],
      // Sent as gob's uint, which Go's int64 refuses (as any Go client's would be).
      [
        ['Misc.I64', '9223372036854775808'],
        { code: 1, stdout: '', stderr: 'gob: decoding into local type *int64, received remote type uint\n' },
      ],
      [
        ['Misc.U64', '18446744073709551616'],
        {
          code: 2,
          stdout: '',
          stderr:
            "gobrpc call: bad JSON argument: the integer 18446744073709551616 does not fit int64 or uint64 (see 'gobrpc call --help')\n",
        },
      ],
      [
        ['Misc.U64', '[-1, 9223372036854775808]'],
        {
          code: 2,
          stdout: '',
          stderr:
            "gobrpc call: bad JSON argument: integers -1 and 9223372036854775808 of one type need both int64 and uint64; give --schema (see 'gobrpc call --help')\n",
        },
      ],
      [
        ['Misc.I64', '-5', '--timeout', '-1'],
        {
          code: 2,
          stdout: '',
          stderr: 'gobrpc call: --timeout needs a number of milliseconds (0: none), got "-1" (see \'gobrpc call --help\')\n',
        },
      ],
      [
        ['Misc.I64', '-5', '--timeout', '3000000000'],
        {
          code: 2,
          stdout: '',
          stderr: "gobrpc call: --timeout is at most 2147483647 ms (0: no limit), got 3000000000 (see 'gobrpc call --help')\n",
        },
      ],
    ];
    const results = await Promise.all(cases.map(([args]) => runCli(['call', addr, ...args])));
    cases.forEach(([args, want], i) => assert.deepEqual(results[i], want, args.join(' ')));
  });
});

/** The text of the README block that opens with ```<tag>. */
function readmeBlock(tag: string): string {
  const m = new RegExp('```' + tag + '\\n([\\s\\S]*?)```').exec(readFileSync(join(ROOT, 'README.md'), 'utf8'));
  if (!m) throw new Error(`README.md has no \`\`\`${tag} block`);
  return m[1]!;
}

describe('gobrpc call over TLS and JSON-RPC, and Go strings that are not UTF-8', () => {
  let tlsAddr = '';
  let jsonAddr = '';
  let helloAddr = '';
  const certFile = join(mkdtempSync(join(tmpdir(), 'gobrpc-cli-')), 'cert.pem');
  const cleanup = suiteCleanup();
  before(async () => {
    // arith -mode tls writes its self-signed certificate before it prints its address.
    const [tls, json, hello] = await Promise.all([
      startGo('arith', ['-mode', 'tls', '-certout', certFile], cleanup),
      startGo('jsonecho', ['-mode', 'server'], cleanup),
      startGo('hello', ['-mode', 'tcp'], cleanup),
    ]);
    [tlsAddr, jsonAddr, helloAddr] = [tls.addr, json.addr, hello.addr];
  });

  test("call --tls: trusting the server's certificate with --ca, refusing it without, --insecure", async () => {
    const [trusted, untrusted, insecure, noTls] = await Promise.all([
      runCli(['call', '--tls', '--ca', certFile, tlsAddr, 'Arith.Multiply', '{"A":7,"B":8}']),
      runCli(['call', '--tls', tlsAddr, 'Arith.Multiply', '{"A":7,"B":8}']),
      runCli(['call', '--tls', '--insecure', tlsAddr, 'Arith.Divide', '{"A":1,"B":0}']),
      runCli(['call', '--ca', certFile, tlsAddr, 'Arith.Multiply', '{}']),
    ]);
    assert.deepEqual(trusted, { code: 0, stdout: '56\n', stderr: '' });
    assert.deepEqual(untrusted, { code: 3, stdout: '', stderr: 'gobrpc call: self-signed certificate\n' });
    assert.deepEqual(insecure, { code: 1, stdout: '', stderr: 'divide by zero\n' });
    assert.deepEqual(noTls, { code: 2, stdout: '', stderr: "gobrpc call: --ca and --insecure need --tls (see 'gobrpc call --help')\n" });
  });

  test("call --jsonrpc against Go's jsonrpc.ServeConn: nil and empty slices, []byte, maps as Go writes them", async () => {
    const cases: Array<[string, string, CliResult]> = [
      // encoding/json keeps nil (null) apart from empty ([], "", {}); the reply shows which Go held.
      ['EchoService.Slices', '{"Ints":null,"B":null,"M":null}', { code: 0, stdout: '{"Ints":null,"B":null,"M":null}\n', stderr: '' }],
      ['EchoService.Slices', '{"Ints":[],"B":"","M":{}}', { code: 0, stdout: '{"Ints":[],"B":"","M":{}}\n', stderr: '' }],
      [
        'EchoService.Slices',
        '{"Ints":[1,2],"B":"AP8=","M":{"a":1}}',
        { code: 0, stdout: '{"Ints":[1,2],"B":"AP8=","M":{"a":1}}\n', stderr: '' },
      ],
      ['EchoService.Bytes', '"AP8="', { code: 0, stdout: '"AP8="\n', stderr: '' }],
      // A nil []int comes back as result null, which Go's jsonrpc client refuses as it does (client.go).
      ['EchoService.Ints', 'null', { code: 3, stdout: '', stderr: 'gobrpc call: invalid error <nil>\n' }],
      ['EchoService.Nope', '{}', { code: 1, stdout: '', stderr: "rpc: can't find method EchoService.Nope\n" }],
    ];
    const results = await Promise.all(cases.map(([method, arg]) => runCli(['call', '--jsonrpc', jsonAddr, method, arg])));
    cases.forEach(([method, arg, want], i) => assert.deepEqual(results[i], want, `${method} ${arg}`));
  });

  test('call: a string argument that is not UTF-8 goes as {"s": base64} and the reply prints the same way', async () => {
    const [bytes, utf8, bad] = await Promise.all([
      runCli(['call', helloAddr, 'HelloService.Hello', '{"s":"/w=="}']),
      runCli(['call', helloAddr, 'HelloService.Hello', '"é"']),
      runCli(['call', helloAddr, 'HelloService.Hello', '{"s":"!!"}']),
    ]);
    // Go's reply is "Hello, " followed by the byte 0xff.
    assert.deepEqual(bytes, { code: 0, stdout: `{"s":"${Buffer.from('Hello, \xff', 'latin1').toString('base64')}"}\n`, stderr: '' });
    assert.deepEqual(utf8, { code: 0, stdout: '"Hello, é"\n', stderr: '' });
    assert.deepEqual(bad, {
      code: 2,
      stdout: '',
      stderr: 'gobrpc call: bad JSON argument: {"s": …} holds a string\'s bytes in base64, got "!!" (see \'gobrpc call --help\')\n',
    });
  });

  test("dump prints floats with the digits of Go's %v and encoding/json; float32 where the stream names the type", async () => {
    // Go's fmt.Printf("%+v") of the fixture's value reads
    // {S:[0.1 3.14 1e-45 3.4028235e+38 -0 1e-07 1.6777216e+07] M:map[a:0.3] C:[(0.1-0.2i)] V:0.7 A:[1.1 2.2] F:0.1}
    // and json.Marshal gives the same digits. F is a field, whose wire type is only "float", so it
    // prints as the float64 it decodes to.
    assert.deepEqual(await runMain(['dump', join(ROOT, 'fixtures', 'struct_singles.gob')]), {
      code: 0,
      stdout:
        'Singles{S: []float32{0.1, 3.14, 1e-45, 3.4028235e+38, -0, 1e-07, 1.6777216e+07}, M: map[string]float32{"a": 0.3}, ' +
        'C: []complex64{(0.1-0.2i)}, V: float32(0.7), A: [2]float32{1.1, 2.2}, F: 0.10000000149011612}\n',
      stderr: '',
    });
    assert.deepEqual(await runMain(['dump', '--json', join(ROOT, 'fixtures', 'struct_singles.gob')]), {
      code: 0,
      stdout:
        '{"S":[0.1,3.14,1e-45,3.4028235e+38,-0,1e-7,16777216],"M":{"a":0.3},"C":[{"real":0.1,"imag":-0.2}],' +
        '"V":{"type":"float32","value":0.7},"A":[1.1,2.2],"F":0.10000000149011612}\n',
      stderr: '',
    });
    // %v switches to an exponent from 1e+06 up and below 1e-04 (Go: [1e+06 999999 1.23456789e+07 1e-05 0.0001 1e+21]).
    const floats = new Encoder().encode(t.slice(t.float64), [1e6, 999999, 12345678.9, 1e-5, 0.0001, 1e21]);
    assert.deepEqual(await runCli(['dump', '-'], floats), {
      code: 0,
      stdout: '[]float64{1e+06, 999999, 1.23456789e+07, 1e-05, 0.0001, 1e+21}\n',
      stderr: '',
    });
  });

  test("every float prints as Go's fmt and encoding/json print it: 6,000 float32s and 3,000 float64s from Go", async () => {
    const r = await runGo('floattext', []);
    assert.equal(r.code, 0, r.stderr);
    const rows = r.stdout
      .toString()
      .trim()
      .split('\n')
      .map((l) => l.split(' '));
    const f32 = rows.filter((x) => x[0] === 'f32');
    const f64 = rows.filter((x) => x[0] === 'f64');
    assert.deepEqual([f32.length, f64.length], [6000, 3000]);
    const singles = new Float32Array(Uint32Array.from(f32.map((x) => Number.parseInt(x[1]!, 16))).buffer);
    const doubles = new Float64Array(BigUint64Array.from(f64.map((x) => BigInt(`0x${x[1]}`))).buffer);
    // A struct's []float32 field: its type string names float32, which the digits follow.
    const S = t.struct('main.S', { S: t.slice(t.float32), D: t.slice(t.float64) });
    const dir = mkdtempSync(join(tmpdir(), 'gobrpc-floats-'));
    try {
      const file = join(dir, 'floats.gob');
      writeFileSync(file, new Encoder().encode(S, { S: Array.from(singles), D: Array.from(doubles) }));
      // Go's %v in the text, its json.Marshal in --json: columns 2 and 3 of floattext's lines.
      for (const [args, re, sep, column] of [
        [['dump', file], /^S\{S: \[\]float32\{(.*)\}, D: \[\]float64\{(.*)\}\}\n$/, ', ', 2],
        [['dump', '--json', file], /^\{"S":\[(.*)\],"D":\[(.*)\]\}\n$/, ',', 3],
      ] as const) {
        const r = await runMain([...args]);
        assert.equal(r.code, 0, r.stderr);
        const m = re.exec(r.stdout)!;
        assert.deepEqual([m[1]!.split(sep), m[2]!.split(sep)], [f32.map((x) => x[column]), f64.map((x) => x[column])]);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('a float32 nested in slices, arrays and maps prints as one: the enclosing type string names it', async () => {
    // Go's %+v of the value: {N:[[0.1 2.0971522e+06]] MS:map[k:[0.3]] A:[[1.1 2.2]] C:[map[z:(0.1+0.2i)]]};
    // json.Marshal of N, MS and A: {"N":[[0.1,2097152.2]],"MS":{"k":[0.3]},"A":[[1.1,2.2]]}.
    const T = t.struct('main.T', {
      N: t.slice(t.slice(t.float32)),
      MS: t.map(t.string, t.slice(t.float32)),
      A: t.slice(t.array(t.float32, 2)),
      C: t.slice(t.map(t.string, t.complex64)),
    });
    const value = {
      N: [[0.1, 2097152.25]],
      MS: new Map([['k', [0.3]]]),
      A: [[1.1, 2.2]],
      C: [new Map([['z', { real: 0.1, imag: 0.2 }]])],
    };
    const bytes = new Encoder().encode(T, value);
    assert.deepEqual(await runCli(['dump', '-'], bytes), {
      code: 0,
      stdout:
        'T{N: [][]float32{[]float32{0.1, 2.0971522e+06}}, MS: map[string][]float32{"k": []float32{0.3}}, ' +
        'A: [][2]float32{[2]float32{1.1, 2.2}}, C: []map[string]complex64{map[string]complex64{"z": (0.1+0.2i)}}}\n',
      stderr: '',
    });
    assert.deepEqual(await runCli(['dump', '--json', '-'], bytes), {
      code: 0,
      stdout: '{"N":[[0.1,2097152.2]],"MS":{"k":[0.3]},"A":[[1.1,2.2]],"C":[{"z":{"real":0.1,"imag":0.2}}]}\n',
      stderr: '',
    });
  });

  test("dump prints strings as Go's %q does: \\x for bytes that are not UTF-8, Go's escapes for the rest", async () => {
    // What Go's fmt.Printf("%q\n", s) prints for each string of string_not_utf8.gob.
    const goQ = [
      '"\\xff"',
      '"\\xc3"',
      '"a\\x80b"',
      '"\\xe2\\x82"',
      '"\\xed\\xa0\\x80"',
      '"\\xf4\\x90\\x80\\x80"',
      '"\\xc0\\xaf"',
      '"\\ufeffx"',
      '"' + '\\xfe'.repeat(100) + 'x"',
    ];
    assert.deepEqual(await runMain(['dump', join(ROOT, 'fixtures', 'string_not_utf8.gob')]), {
      code: 0,
      stdout: goQ.join('\n') + '\n',
      stderr: '',
    });
    // Three strings as Go's Encoder wrote them, and what %q prints for them.
    const ctl = Buffer.from('0e0c000b0007080c0a0d090b5c227f170c0014c3a920f09f988020c2adf3a08081e280a820c2a0060c000327602' + '4', 'hex');
    const r = await runCli(['dump', '-'], ctl);
    assert.deepEqual(r, {
      code: 0,
      stderr: '',
      stdout: '"\\x00\\a\\b\\f\\n\\r\\t\\v\\\\\\"\\x7f"\n"é 😀 \\u00ad\\U000e0001\\u2028 \\u00a0"\n"\'`$"\n',
    });
    // A registered name that is not UTF-8 shows its byte the same way.
    assert.deepEqual(await runMain(['dump', join(ROOT, 'fixtures', 'iface_name_not_utf8.gob')]), {
      code: 0,
      stdout: 'Holder{V: main.\\xffRaw{B: "\\xff"}, L: []interface {}{}, M: map[string]interface {}{}}\n',
      stderr: '',
    });
    // --json: the corpus's tagging for the strings that are not UTF-8; a map with such keys as pairs.
    assert.deepEqual(await runMain(['dump', '--json', join(ROOT, 'fixtures', 'map_string_int_not_utf8.gob')]), {
      code: 0,
      stdout: '[[{"s":"/g=="},2],[{"s":"/w=="},1]]\n',
      stderr: '',
    });
  });
});

test('README "Command line": every example prints what it shows, against Go\'s Arith server', async (t) => {
  const go = await startGo('arith', ['-mode', 'http'], t.after.bind(t));
  const lines = readmeBlock('sh cli').split('\n').slice(0, -1);
  const steps: Array<{ command: string; output: string }> = [];
  for (const line of lines) {
    if (line.startsWith('$ ')) steps.push({ command: line.slice(2), output: '' });
    else steps[steps.length - 1]!.output += line + '\n';
  }
  assert.ok(steps.length >= 6);
  const env = { ...process.env };
  delete env.NODE_TEST_CONTEXT;
  delete env.NODE_DEBUG;
  for (const { command, output } of steps) {
    // As a user's shell runs it, with `gobrpc` being this repository's built command.
    const script = `gobrpc() { "${process.execPath}" "${CLI}" "$@"; }\n{ ${command.replaceAll('127.0.0.1:1234', go.addr)}\n} 2>&1`;
    const r = spawnSync('sh', ['-c', script], { cwd: ROOT, encoding: 'utf8', env });
    assert.equal(r.stdout, output, command);
  }
});

test('record over HTTP CONNECT stops after --count calls and prints the module on stdout; the Go client sees no error', async (t) => {
  const server = await startGo('arith', ['-mode', 'http'], t.after.bind(t));
  // arithclient makes 15 calls (10 of them in flight at once) and checks every answer.
  const proxy = await startProcess(
    process.execPath,
    [CLI, 'record', '--listen', '127.0.0.1:0', '--target', server.addr, '--count', '15'],
    t.after.bind(t),
  );
  const client = await runGo('arithclient', ['-addr', proxy.addr, '-mode', 'http']);
  assert.deepEqual({ code: client.code, stderr: client.stderr }, { code: 0, stderr: '' });
  assert.deepEqual(await proxy.exited, { code: 0, signal: null }, proxy.stderr());
  assert.equal(proxy.lines.join('\n') + '\n', readmeBlock('ts record-output').replace('127.0.0.1:1234', server.addr));
  assert.equal(proxy.stderr(), '');
});

test('record --count lets a call in flight finish: its reply reaches the Go client, which sees no error', async (t) => {
  const gates = new Gates();
  const server = new Server().register(Gate, gates.impl);
  const listener = await server.listen();
  t.after(() => server.close());
  const target = `127.0.0.1:${(listener.address() as net.AddressInfo).port}`;
  const proxy = await startProcess(
    process.execPath,
    [CLI, 'record', '--listen', '127.0.0.1:0', '--target', target, '--count', '1'],
    t.after.bind(t),
  );
  const go = await startScript(goBin('scriptclient'), ['-addr', proxy.addr], t.after.bind(t));
  go.send('call 1 Gate.Wait slow');
  await gates.whenStarted('slow');
  go.send('call 2 Gate.Echo fast');
  assert.equal(await go.line(/^2 (reply|server error|error) /), '2 reply "fast"');
  // One call answered: --count 1 is reached, and call 1 is still owed its reply.
  gates.open('slow', 'late');
  assert.equal(await go.line(/^1 (reply|server error|error) /), '1 reply "late"');
  go.send('close');
  assert.equal(await go.line(/^closed /), 'closed <nil>');
  assert.equal(await go.end(), 0);
  assert.deepEqual(await proxy.exited, { code: 0, signal: null }, proxy.stderr());
  assert.equal(proxy.stderr(), '');
  const module = proxy.lines.join('\n');
  assert.match(module, /^\/\/ Schemas and services recorded from net\/rpc traffic to 127\.0\.0\.1:\d+ \(2 calls\)\.$/m);
  assert.ok(
    module.endsWith(
      [
        'export const Gate = defineService("Gate", {',
        '  Wait: { args: t.string, reply: t.string },',
        '  Echo: { args: t.string, reply: t.string },',
        '});',
      ].join('\n'),
    ),
    module,
  );
});

test('record: usage errors', async () => {
  assert.deepEqual(await runMain(['record', '--listen', '127.0.0.1:0']), {
    code: 2,
    stdout: '',
    stderr: "gobrpc record: record needs --listen HOST:PORT and --target HOST:PORT (see 'gobrpc record --help')\n",
  });
  assert.deepEqual(await runMain(['record', '--listen', '127.0.0.1:0', '--target', '127.0.0.1:1', '--count', '0']), {
    code: 2,
    stdout: '',
    stderr: 'gobrpc record: --count needs a positive integer, got "0" (see \'gobrpc record --help\')\n',
  });
  // --out is tried at start, before anything is recorded.
  assert.deepEqual(await runMain(['record', '--listen', '127.0.0.1:0', '--target', '127.0.0.1:1', '--out', '/nonexistent/x.ts']), {
    code: 2,
    stdout: '',
    stderr: "gobrpc record: cannot write --out /nonexistent/x.ts: ENOENT (see 'gobrpc record --help')\n",
  });
});

test('record: a method whose every call failed is listed commented out; HTTP GET and JSON-RPC are forwarded and named on stderr', async (t) => {
  const [arith, json] = await Promise.all([
    startGo('arith', ['-mode', 'http'], t.after.bind(t)),
    startGo('jsonecho', ['-mode', 'server'], t.after.bind(t)),
  ]);
  const [proxy, jsonProxy] = await Promise.all([
    startProcess(process.execPath, [CLI, 'record', '--listen', '127.0.0.1:0', '--target', arith.addr], t.after.bind(t)),
    startProcess(process.execPath, [CLI, 'record', '--listen', '127.0.0.1:0', '--target', json.addr], t.after.bind(t)),
  ]);
  // One connection each, one after the other, so they are numbered 1, 2, 3.
  assert.deepEqual(await runCli(['call', '--http', proxy.addr, 'Arith.Multiply', '{"A":2,"B":3}']), { code: 0, stdout: '6\n', stderr: '' });
  assert.deepEqual(await runCli(['call', '--http', proxy.addr, 'Arith.Divide', '{"A":1,"B":0}']), {
    code: 1,
    stdout: '',
    stderr: 'divide by zero\n',
  });
  // list reads the debug page through the proxy: plain HTTP, forwarded as it is.
  const listed = await runCli(['list', proxy.addr]);
  assert.equal(listed.code, 0, listed.stderr);
  assert.deepEqual(await runCli(['call', '--jsonrpc', jsonProxy.addr, 'EchoService.Bytes', '"AP8="']), {
    code: 0,
    stdout: '"AP8="\n',
    stderr: '',
  });
  assert.deepEqual(await proxy.kill('SIGINT'), { code: 0, signal: null });
  assert.deepEqual(await jsonProxy.kill('SIGINT'), { code: 0, signal: null });
  assert.equal(
    proxy.stderr(),
    "gobrpc record: connection 3: client stream: an HTTP GET request, not net/rpc's gob; forwarding the connection without decoding\n",
  );
  assert.equal(
    jsonProxy.stderr(),
    "gobrpc record: connection 1: client stream: JSON (net/rpc/jsonrpc?), not net/rpc's gob; forwarding the connection without decoding\n",
  );
  // The commands' arguments are anonymous structs (inferred from JSON), one type per connection.
  assert.ok(
    proxy.lines
      .join('\n')
      .endsWith(
        [
          'export const Arith = defineService("Arith", {',
          '  Multiply: { args: Struct, reply: t.int },',
          '  // Divide: { args: Struct2, reply: ? }, // every call seen failed, so its reply type is unknown',
          '});',
        ].join('\n'),
      ),
    proxy.lines.join('\n'),
  );
});

test('record: a method whose calls got no answer is listed commented out as such, not as failed', async (t) => {
  const silent = await startGo('silent', ['-read'], t.after.bind(t));
  const proxy = await startProcess(process.execPath, [CLI, 'record', '--listen', '127.0.0.1:0', '--target', silent.addr], t.after.bind(t));
  const call = await runCli(['call', '--timeout', '1000', proxy.addr, 'Arith.Multiply', '{"A":2,"B":3}']);
  assert.equal(call.code, 3, call.stderr);
  assert.deepEqual(await proxy.kill('SIGINT'), { code: 0, signal: null });
  assert.equal(proxy.stderr(), '');
  assert.ok(
    proxy.lines
      .join('\n')
      .endsWith(
        [
          'export const Arith = defineService("Arith", {',
          '  // Multiply: { args: Struct, reply: ? }, // no answer seen, so its reply type is unknown',
          '});',
        ].join('\n'),
      ),
    proxy.lines.join('\n'),
  );
});

test("--version prints the package's version; list --path must be a path", async () => {
  const { version } = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string };
  assert.deepEqual(await runMain(['--version']), { code: 0, stdout: `gobrpc ${version}\n`, stderr: '' });
  assert.deepEqual(await runMain(['list', '--path', 'nope', '127.0.0.1:1']), {
    code: 2,
    stdout: '',
    stderr: 'gobrpc list: --path must start with /, got "nope" (see \'gobrpc list --help\')\n',
  });
});

test('dump --schema: a run of one built-in type is one entry of `stream`; an empty stream has an empty one', async () => {
  const enc = new Encoder();
  const bytes = Buffer.concat([enc.encode(t.bytes, new Uint8Array([1])), enc.encode(t.bytes, new Uint8Array([2])), enc.encode(t.int, 3)]);
  const tail = (text: string) => text.slice(text.indexOf('export const stream'));
  const [runs, empty] = await Promise.all([runCli(['dump', '--schema', '-'], bytes), runCli(['dump', '--schema', '-'], new Uint8Array(0))]);
  assert.deepEqual(
    { ...runs, stdout: tail(runs.stdout) },
    {
      code: 0,
      stderr: '',
      stdout: 'export const stream: ReadonlyArray<readonly [Schema, number]> = [\n  [t.bytes, 2],\n  [t.int, 1],\n];\n',
    },
  );
  assert.deepEqual(
    { ...empty, stdout: tail(empty.stdout) },
    { code: 0, stderr: '', stdout: 'export const stream: ReadonlyArray<readonly [Schema, number]> = [];\n' },
  );
});

test('colour only on a terminal and never with NO_COLOR; NODE_DEBUG=gobrpc adds the stack', async () => {
  const run = async (env: NodeJS.ProcessEnv) => {
    let text = '';
    const stdout = new Writable({
      write(chunk, _enc, cb) {
        text += chunk.toString();
        cb();
      },
    }) as unknown as NodeJS.WriteStream;
    stdout.isTTY = true;
    const code = await main(['dump', join(ROOT, 'fixtures', 'point.gob')], { stdout, stderr: stdout, stdin: process.stdin, env });
    return { code, text };
  };
  assert.deepEqual(await run({}), { code: 0, text: '\x1b[36mPoint\x1b[39m{X: \x1b[33m22\x1b[39m, Y: \x1b[33m33\x1b[39m}\n' });
  assert.deepEqual(await run({ NO_COLOR: '1' }), { code: 0, text: 'Point{X: 22, Y: 33}\n' });
  const port = await closedPort();
  const r = await runCli(['list', `127.0.0.1:${port}`], undefined, { NODE_DEBUG: 'gobrpc' });
  assert.equal(r.code, 3);
  assert.match(
    r.stderr,
    /^GOBRPC \d+: Error: connect ECONNREFUSED[\s\S]*\n {4}at [\s\S]*gobrpc list: connect ECONNREFUSED 127\.0\.0\.1:\d+\n$/,
  );
});

/**
 * Runs Go's arithclient against `server` through a tap in this process and returns the bytes
 * each side sent: the client's gob stream of requests and the server's of replies.
 */
async function captureGo(
  server: { host: string; port: number },
  mode: 'tcp' | 'http' = 'tcp',
): Promise<{ requests: Buffer; replies: Buffer }> {
  const requests: Buffer[] = [];
  const replies: Buffer[] = [];
  const ended: Array<Promise<unknown>> = [];
  const tap = net.createServer((client) => {
    const upstream = net.connect({ host: server.host, port: server.port });
    client.on('data', (d: Buffer) => requests.push(d));
    upstream.on('data', (d: Buffer) => replies.push(d));
    client.pipe(upstream);
    upstream.pipe(client);
    ended.push(new Promise((res) => upstream.once('close', res)));
  });
  await new Promise<void>((res) => tap.listen(0, '127.0.0.1', res));
  const r = await runGo('arithclient', ['-addr', `127.0.0.1:${(tap.address() as net.AddressInfo).port}`, '-mode', mode]);
  assert.equal(r.code, 0, r.stderr);
  // The client hung up; the server's side closes once it has sent everything.
  await Promise.all(ended);
  await new Promise((res) => tap.close(res));
  return { requests: Buffer.concat(requests), replies: Buffer.concat(replies) };
}

/** A port on 127.0.0.1 that nothing listens on (just closed). */
async function closedPort(): Promise<number> {
  const s = net.createServer();
  await new Promise<void>((res) => s.listen(0, '127.0.0.1', res));
  const port = (s.address() as net.AddressInfo).port;
  await new Promise<void>((res) => s.close(() => res()));
  return port;
}

// dump --schema for the whole corpus and record's module are compiled together in one tsc run.
describe('generated modules compile under tsc --strict and work', () => {
  const dir = mkdtempSync(join(tmpdir(), 'gobrpc-cli-'));
  const cleanup = suiteCleanup();
  after(() => rmSync(dir, { recursive: true, force: true }));
  let arithAddr = '';
  let recordedText = '';
  /** Streams beyond the corpus whose modules are compiled and checked as the corpus's are. */
  const extra: Array<{ name: string; bytes: Uint8Array }> = [];
  const moduleText = new Map<string, string>();

  before(async () => {
    mkdirSync(join(dir, 'node_modules'));
    symlinkSync(ROOT, join(dir, 'node_modules', 'gobrpc'), 'dir');
    writeFileSync(join(dir, 'package.json'), '{"type":"module"}');
    // Both sides of Go's arithclient talking to Go's Arith server (a fresh one, so that its
    // stream numbers its types from the first id), and a struct whose own name is not UTF-8.
    const { requests, replies } = await captureGo(await startGo('arith', ['-mode', 'tcp'], cleanup));
    extra.push({ name: 'go_rpc_requests', bytes: requests }, { name: 'go_rpc_replies', bytes: replies });
    extra.push({ name: 'struct_name_not_utf8', bytes: new Encoder().encode(t.struct('main.\udcffRaw', { B: t.string }), { B: '\udcfe' }) });
    // Marshalers Go sends without a name, and Go types named as TypeScript's globals.
    for (const stream of ['pointer-marshalers', 'global-names']) {
      extra.push({ name: stream.replace('-', '_'), bytes: (await runGo('cliserver', ['-stream', stream])).stdoutBytes });
    }
    for (const f of extra) writeFileSync(join(dir, `${f.name}.gob`), f.bytes);
    for (const f of [
      ...fixtures.map((x) => ({ name: x.name, file: join(ROOT, 'fixtures', x.name + '.gob') })),
      ...extra.map((x) => ({ name: x.name, file: join(dir, `${x.name}.gob`) })),
    ]) {
      const r = await runMain(['dump', '--schema', f.file]);
      assert.equal(r.code, 0, `${f.name}: ${r.stderr}`);
      writeFileSync(join(dir, `${f.name}.ts`), r.stdout);
      moduleText.set(f.name, r.stdout);
    }
    // record between Go's arithclient and Go's Arith server.
    const server = await startGo('arith', ['-mode', 'tcp'], cleanup);
    arithAddr = server.addr;
    const out = join(dir, 'arith_recorded.ts');
    const proxy = await startProcess(
      process.execPath,
      [CLI, 'record', '--listen', '127.0.0.1:0', '--target', server.addr, '--out', out],
      cleanup,
    );
    const client = await runGo('arithclient', ['-addr', proxy.addr, '-mode', 'tcp']);
    assert.equal(client.code, 0, client.stderr);
    const exit = await proxy.kill('SIGINT');
    assert.deepEqual(exit, { code: 0, signal: null }, proxy.stderr());
    assert.equal(proxy.stderr(), `gobrpc record: wrote ${out} (15 calls)\n`);
    recordedText = readFileSync(out, 'utf8');
    // A typed use of the recorded service: it must type-check as well as run.
    writeFileSync(
      join(dir, 'use_recorded.ts'),
      [
        "import { dial } from 'gobrpc';",
        "import { Arith } from './arith_recorded.js';",
        'export async function run(addr: string): Promise<[number, number, number]> {',
        '  const client = await dial(addr);',
        '  const arith = client.service(Arith);',
        '  const product: number = await arith.Multiply({ A: 7, B: 8 });',
        '  const q = await arith.Divide({ A: 7, B: 2 });',
        '  await client.close();',
        '  return [product, q.Quo, q.Rem];',
        '}',
        '',
      ].join('\n'),
    );
    writeFileSync(
      join(dir, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: {
          target: 'ES2022',
          module: 'NodeNext',
          moduleResolution: 'NodeNext',
          strict: true,
          types: [],
          lib: ['ES2022'],
          outDir: 'out',
          rootDir: '.',
          skipLibCheck: true,
        },
        include: ['*.ts'],
      }),
    );
    const tsc = spawnSync(process.execPath, [join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', dir], { encoding: 'utf8' });
    assert.equal(tsc.status, 0, tsc.stdout + tsc.stderr);
    writeFileSync(join(dir, 'out', 'package.json'), '{"type":"module"}');
  });

  test('dump --schema of every fixture re-encodes its values byte for byte', async () => {
    assert.equal(extra.length, 5);
    for (const f of [...fixtures, ...extra]) {
      const mod = (await import(pathToFileURL(join(dir, 'out', `${f.name}.js`)).href)) as {
        stream: ReadonlyArray<readonly [Schema, number]>;
        registry: TypeRegistry;
      };
      // With the module's registry, as a user's program would: an interface value's concrete
      // type is then the module's, one type with the same type met outside interfaces.
      const dec = new Decoder({ registry: mod.registry });
      dec.write(f.bytes);
      const values: Array<[Schema, unknown]> = [];
      for (const [schema, n] of mod.stream) {
        for (let i = 0; i < n; i++) {
          const v = dec.next(schema);
          assert.notEqual(v, NEED_MORE, f.name);
          values.push([schema, v]);
        }
      }
      dec.end();
      // doc.go's example numbers types from 65, as Go before 1.21 did.
      const reencode = (firstTypeId: number) => {
        const enc = new Encoder({ firstTypeId, registry: mod.registry });
        return Buffer.concat(values.map(([s, v]) => enc.encode(s, v))).toString('hex');
      };
      const want = Buffer.from(f.bytes).toString('hex');
      const again = reencode(64);
      assert.equal(again === want ? again : reencode(65), want, f.name);
    }
  });

  test("dump --schema names net/rpc's headers rpc.Request and rpc.Response, as Go does", () => {
    assert.match(moduleText.get('go_rpc_requests')!, /^export const Request: Schema<Request> = t\.struct\("rpc\.Request", /m);
    assert.match(moduleText.get('go_rpc_replies')!, /^export const Response: Schema<Response> = t\.struct\("rpc\.Response", /m);
    assert.match(moduleText.get('go_rpc_requests')!, /^export const Args: Schema<Args> = t\.struct\("main\.Args", /m);
  });

  test("a marshaler Go sent without a name is declared as its bytes, with Go's numbering; *big.Int where a name says so", () => {
    const text = moduleText.get('pointer_marshalers')!;
    assert.match(text, /^export const Held_P = \{ \.\.\.t\.gobEncoder\(""\), pointerReceiver: true \} as Schema<Uint8Array>;$/m);
    assert.match(text, /^export const Held_R = \{ \.\.\.t\.gobEncoder\(""\), pointerReceiver: true \} as Schema<Uint8Array>;$/m);
    // Held.B is the type the stream's []*big.Int and interface value name.
    assert.match(text, /^ {2}B: t\.ptr\(t\.bigInt\),$/m);
  });

  test("Go types named as TypeScript's globals get a _, Go's Unicode names stay, a []Shape keeps Go's type name (main.Shape, an interface)", () => {
    const text = moduleText.get('global_names')!;
    for (const name of [
      'Map',
      'Array',
      'Uint8Array',
      'Set',
      'Date',
      'Promise',
      'Error',
      'Object',
      'String',
      'Number',
      'Boolean',
      'BigInt',
      'Symbol',
    ]) {
      assert.match(text, new RegExp(`^export const ${name}_: Schema<${name}_> = t\\.struct\\("main\\.${name}", `, 'm'), name);
    }
    assert.match(text, /^export const Ärger: Schema<Ärger> = t\.struct\("main\.Ärger", \(\) => \(\{\n {2}Ñ: t\.int,\n\}\)\);$/m);
    assert.match(text, /^ {2}Shs: t\.slice\(t\.named\("main\.Shape", t\.any\)\),$/m);
  });

  test("names that are not UTF-8: escaped in the source, and a fresh encoding through the module is Go's bytes", async () => {
    // The module's text is ASCII: the byte 0xff of a name is written as the escape \\udcff.
    for (const name of ['iface_name_not_utf8', 'struct_name_not_utf8']) assert.doesNotMatch(moduleText.get(name)!, /[^\x00-\x7f]/, name);
    // main.Raw registered as "main.\xffRaw": the registry holds that name, the struct keeps
    // Go's own name (its wire name is Raw), so encoding a new value gives the fixture's bytes.
    const iface = (await import(pathToFileURL(join(dir, 'out', 'iface_name_not_utf8.js')).href)) as {
      Holder: Schema;
      registry: TypeRegistry;
    };
    const fixture = fixtures.find((f) => f.name === 'iface_name_not_utf8')!;
    // (L and M absent: Go's nil slice and map, which gob does not send.)
    const fresh = new Encoder({ registry: iface.registry }).encode(iface.Holder, { V: { name: 'main.\udcffRaw', value: { B: '\udcff' } } });
    assert.equal(Buffer.from(fresh).toString('hex'), Buffer.from(fixture.bytes).toString('hex'));
    // A struct whose own name is not UTF-8 keeps it.
    const own = (await import(pathToFileURL(join(dir, 'out', 'struct_name_not_utf8.js')).href)) as Record<string, Schema>;
    const schema = Object.values(own).find((v) => (v as { kind?: string }).kind === 'struct')!;
    assert.equal(Buffer.from(new Encoder().encode(schema, { B: '\udcfe' })).toString('hex'), Buffer.from(extra[2]!.bytes).toString('hex'));
  });

  test('call --schema takes the types from a recorded service', async () => {
    const mod = join(dir, 'out', 'arith_recorded.js');
    assert.deepEqual(await runCli(['call', '--schema', `${mod}#Arith`, arithAddr, 'Arith.Divide', '{"A":7,"B":2}']), {
      code: 0,
      stdout: '{"Quo":3,"Rem":1}\n',
      stderr: '',
    });
    assert.deepEqual(await runCli(['call', '--schema', `${mod}#Nope`, arithAddr, 'Arith.Divide', '{}']), {
      code: 2,
      stdout: '',
      stderr: `gobrpc call: --schema module ${mod} has no export "Nope" (see 'gobrpc call --help')\n`,
    });
  });

  test('record writes the module the README shows, and its typed client calls the Go server', async () => {
    assert.equal(recordedText, readmeBlock('ts record-output').replace('127.0.0.1:1234', arithAddr));
    const use = (await import(pathToFileURL(join(dir, 'out', 'use_recorded.js')).href)) as { run(addr: string): Promise<number[]> };
    assert.deepEqual(await use.run(arithAddr), [56, 3, 1]);
  });
});
