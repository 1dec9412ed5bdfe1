// The README's quick start, copied out of README.md as a user would: type-checked against the
// built package, then run against real Go (the client against Go's Arith server, the server
// against Go's rpc.DialHTTP client).
import { deepStrictEqual, strictEqual } from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createServer, type AddressInfo } from 'node:net';
import { mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, test } from 'node:test';
import ts from 'typescript';
import { ROOT } from '../helpers/fixtures.js';
import { runGo, startGo, startProcess } from '../helpers/goproc.js';

const DIR = join(ROOT, 'build', 'readme');

function snippet(tag: string): string {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  const m = new RegExp('```ts ' + tag + '\\n([\\s\\S]*?)```').exec(readme);
  if (!m) throw new Error(`README.md has no \`\`\`ts ${tag} block`);
  return m[1]!;
}

/** A directory where `import 'gobrpc'` resolves to this repository, as after npm install. */
function setup(): void {
  rmSync(DIR, { recursive: true, force: true });
  mkdirSync(join(DIR, 'node_modules'), { recursive: true });
  symlinkSync(ROOT, join(DIR, 'node_modules', 'gobrpc'), 'dir');
  writeFileSync(join(DIR, 'package.json'), JSON.stringify({ type: 'module' }));
}

/** Type-checks `source` as a user's file, then returns the path of its JavaScript. */
function prepare(name: string, source: string): string {
  writeFileSync(join(DIR, `${name}.ts`), source);
  const tsc = spawnSync(process.execPath, [join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '--noEmit', '--strict',
    '--target', 'es2022', '--module', 'nodenext', '--moduleResolution', 'nodenext', '--skipLibCheck', '--types', 'node', `${name}.ts`], { cwd: DIR, encoding: 'utf8' });
  strictEqual(tsc.status, 0, `README snippet ${name} does not type-check:\n${tsc.stdout}${tsc.stderr}`);
  const js = ts.transpileModule(source, { compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 } }).outputText;
  const path = join(DIR, `${name}.mjs`);
  writeFileSync(path, js);
  return path;
}

async function freePort(): Promise<number> {
  const s = createServer().listen(0, '127.0.0.1');
  await new Promise((res) => s.once('listening', res));
  const { port } = s.address() as AddressInfo;
  await new Promise((res) => s.close(res));
  return port;
}

setup();

test('README quick start: the client calls Go\'s Arith server', async (t) => {
  const go = await startGo('arith', ['-mode', 'http'], t.after.bind(t));
  const file = prepare('client', snippet('quickstart-client').replace('127.0.0.1:1234', go.addr));
  const env = { ...process.env };
  delete env.NODE_TEST_CONTEXT;
  const r = spawnSync(process.execPath, [file], { cwd: DIR, encoding: 'utf8', env, timeout: 30_000 });
  strictEqual(r.status, 0, r.stderr);
  deepStrictEqual(r.stdout.trim().split('\n'), ['Arith: 7*8=56', 'Arith: 7/8=0 remainder 7', 'Arith: 1/0 error: divide by zero']);
});

test('README quick start: Go\'s rpc.DialHTTP client calls the server', async (t) => {
  const port = await freePort();
  const file = prepare('server', snippet('quickstart-server').replaceAll('1234', String(port)));
  await startProcess(process.execPath, [file], t.after.bind(t));
  const go = await runGo('arithclient', ['-mode', 'http', '-addr', `127.0.0.1:${port}`]);
  strictEqual(go.code, 0, go.stderr);
  deepStrictEqual(go.lines, [
    'Arith: 7*8=56', 'Arith: 7/8=0 remainder 7', 'Arith: 1/0 error: divide by zero', 'Arith: 10 async calls ok',
    "Arith: unknown method error: rpc: can't find method Arith.Nope",
  ]);
});

after(() => rmSync(DIR, { recursive: true, force: true }));
