// The npm package as a user gets it: the tarball `make build` packs (with `npm pack`, whose
// prepack empties dist/ and compiles it, as on a fresh clone) is installed with npm into a
// scratch project, and everything below uses that copy, never the repository's sources:
//
// - the tarball holds dist/, README.md, LICENSE, CHANGELOG.md and package.json, nothing else;
// - every ```ts block of README.md compiles verbatim with `tsc --strict` under moduleResolution
//   nodenext and bundler, with the package's .d.ts files checked too (no skipLibCheck, no
//   esModuleInterop). A block tagged ```ts fragment shows a few calls out of context and is not
//   compiled; use that tag sparingly, for code that cannot stand alone;
// - the quick start runs against real Go: the client against Go's Arith server, the server
//   against Go's rpc.DialHTTP client;
// - `require('gobrpc')` and moduleResolution node10 (typesVersions) work, and `engines` admits
//   only Node versions where require() of an ES module works without a flag.
//
// typescript and @types/node are linked from the repository's node_modules (and the compiler runs
// in this process, from the same copy), so nothing here reaches the network.
import { deepStrictEqual, ok, strictEqual } from 'node:assert/strict';
import { execFile, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { join, relative } from 'node:path';
import { after, before, test } from 'node:test';
import { promisify } from 'node:util';
import ts from 'typescript';
import { ROOT } from '../helpers/fixtures.js';
import { runGo, startGo, startProcess } from '../helpers/goproc.js';

const PKG = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
  name: string;
  version: string;
  engines: { node: string };
  exports: Record<string, unknown>;
};
const TARBALL = join(ROOT, 'build', `${PKG.name}-${PKG.version}.tgz`);
const DIR = join(ROOT, 'build', 'pkgtest');
const INSTALLED = join(DIR, 'node_modules', PKG.name);

/** A child process must not think it runs under this test runner (it would report to our stdout). */
const childEnv = (): NodeJS.ProcessEnv => {
  const env = { ...process.env };
  delete env.NODE_TEST_CONTEXT;
  return env;
};

interface Snippet {
  file: string;
  line: number;
  info: string;
  code: string;
}

/** The README's ```ts blocks, each with the line its code starts on. */
function readmeSnippets(): Snippet[] {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  const out: Snippet[] = [];
  const re = /^```ts\b([^\n]*)\n([\s\S]*?)^```$/gm;
  for (let m: RegExpExecArray | null; (m = re.exec(readme)) !== null; ) {
    const info = m[1]!.trim();
    const line = readme.slice(0, m.index).split('\n').length + 1;
    const tag = info.split(/\s+/).find((w) => w !== '' && w !== 'fragment');
    out.push({ file: `${tag ?? `readme-line-${line}`}.ts`, line, info, code: m[2]! });
  }
  return out;
}

/** Runs a command to completion; rejects with its output when it fails. */
async function run(cmd: string, args: readonly string[], cwd: string): Promise<string> {
  try {
    const r = await promisify(execFile)(cmd, args, { cwd, env: childEnv(), encoding: 'utf8', maxBuffer: 16 << 20 });
    return r.stdout + r.stderr;
  } catch (e) {
    const err = e as { stdout?: string; stderr?: string; message: string };
    throw new Error(`${cmd} ${args.join(' ')} (in ${relative(ROOT, cwd)}) failed:\n${err.stdout ?? ''}${err.stderr ?? err.message}`);
  }
}

/**
 * The compiler options every scratch tsconfig shares: a strict user project, nothing relaxed. The
 * lib is ES2024 (`tsc --init` sets target esnext), which Node 20 implements (`isWellFormed`).
 */
const STRICT = { strict: true, target: 'es2022', lib: ['es2024'], types: ['node'], skipLibCheck: false, moduleDetection: 'force' };

before(async () => {
  ok(existsSync(TARBALL), `${relative(ROOT, TARBALL)} is missing: run 'make build' (it packs the package with npm pack)`);
  const packed = statSync(TARBALL).mtimeMs;
  for (const f of [
    ...['package.json', 'README.md', 'LICENSE', 'CHANGELOG.md'].map((f) => join(ROOT, f)),
    ...listFiles(join(ROOT, 'src')),
  ]) {
    ok(statSync(f).mtimeMs <= packed, `${relative(ROOT, TARBALL)} is older than ${relative(ROOT, f)}: run 'make build'`);
  }
  rmSync(DIR, { recursive: true, force: true });
  mkdirSync(DIR, { recursive: true });
  writeFileSync(join(DIR, 'package.json'), JSON.stringify({ name: 'scratch', private: true, type: 'module' }));
  await run('npm', ['install', '--offline', '--no-audit', '--no-fund', '--ignore-scripts', '--no-package-lock', TARBALL], DIR);
  // After npm install, which would prune packages it did not install.
  symlinkSync(join(ROOT, 'node_modules', 'typescript'), join(DIR, 'node_modules', 'typescript'), 'dir');
  symlinkSync(join(ROOT, 'node_modules', '@types'), join(DIR, 'node_modules', '@types'), 'dir');
});

after(() => rmSync(DIR, { recursive: true, force: true }));

function listFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath, e.name));
}

test('npm pack holds dist, README, LICENSE, CHANGELOG and package.json, nothing else', async (t) => {
  const list = (await run('tar', ['-tzf', TARBALL], ROOT)).split('\n').filter((l) => l !== '');
  const stray = list.filter((f) => !/^package\/(package\.json|README\.md|LICENSE|CHANGELOG\.md|dist\/.+)$/.test(f));
  deepStrictEqual(stray, [], 'files that do not belong in the package');
  for (const f of ['package.json', 'README.md', 'LICENSE', 'CHANGELOG.md']) ok(list.includes(`package/${f}`), `${f} is not in the tarball`);
  const unpacked = listFiles(INSTALLED).reduce((n, f) => n + statSync(f).size, 0);
  t.diagnostic(`${relative(ROOT, TARBALL)}: ${statSync(TARBALL).size} bytes packed, ${unpacked} bytes unpacked, ${list.length} files`);
});

test('every export, main, types and bin resolves to a file in the installed package', () => {
  const installed = JSON.parse(readFileSync(join(INSTALLED, 'package.json'), 'utf8')) as {
    main: string;
    types: string;
    exports: Record<string, string | Record<string, string>>;
    typesVersions: Record<string, Record<string, string[]>>;
    bin?: string | Record<string, string>;
  };
  const targets = [installed.main, installed.types];
  if (installed.bin !== undefined) targets.push(...(typeof installed.bin === 'string' ? [installed.bin] : Object.values(installed.bin)));
  for (const [sub, target] of Object.entries(installed.exports)) {
    targets.push(...(typeof target === 'string' ? [target] : Object.values(target)));
    if (sub !== '.' && sub !== './package.json') {
      // node10 finds types for subpaths only through typesVersions.
      deepStrictEqual(installed.typesVersions['*']![sub.slice(2)], [(target as Record<string, string>).types], `typesVersions for ${sub}`);
    }
  }
  for (const f of targets) ok(existsSync(join(INSTALLED, f)), `${f} is not in the package`);
});

test('source maps resolve: each .js names its map, which embeds every source', () => {
  const js = listFiles(join(INSTALLED, 'dist')).filter((f) => f.endsWith('.js'));
  ok(js.length > 10, `only ${js.length} .js files in dist`);
  for (const f of js) {
    const m = /\/\/# sourceMappingURL=(\S+)\s*$/.exec(readFileSync(f, 'utf8'));
    ok(m, `${relative(INSTALLED, f)} names no source map`);
    const map = JSON.parse(readFileSync(join(f, '..', m[1]!), 'utf8')) as { sources: string[]; sourcesContent?: (string | null)[] };
    ok(map.sources.length > 0, `${relative(INSTALLED, f)}: empty map`);
    strictEqual(
      map.sourcesContent?.filter((s) => typeof s === 'string' && s.length > 0).length,
      map.sources.length,
      `${relative(INSTALLED, f)}.map does not embed its sources (${map.sources.join(', ')} are not shipped)`,
    );
  }
});

test('the .d.ts files hold no @internal member', () => {
  const leaks = listFiles(join(INSTALLED, 'dist')).filter((f) => f.endsWith('.d.ts') && readFileSync(f, 'utf8').includes('@internal'));
  deepStrictEqual(
    leaks.map((f) => relative(INSTALLED, f)),
    [],
  );
});

// Node runs require() of an ES module without a flag from 20.19.0 on the 20 line and from 22.12.0
// on (22.0-22.11 and all of 21 need --experimental-require-module), so `engines` admits exactly those.
test('engines admits only Node versions where require() of this ES module works', () => {
  const cases: Array<[string, boolean]> = [
    ['18.20.8', false],
    ['20.0.0', false],
    ['20.18.3', false],
    ['20.19.0', true],
    ['20.20.2', true],
    ['21.7.3', false],
    ['22.0.0', false],
    ['22.11.0', false],
    ['22.12.0', true],
    ['23.0.0', true],
    ['24.11.1', true],
    ['25.0.0', true],
  ];
  deepStrictEqual(
    cases.map(([v]) => [v, satisfies(v, PKG.engines.node)]),
    cases,
  );
  ok(satisfies(process.versions.node, PKG.engines.node), `this Node (${process.versions.node}) is outside engines ${PKG.engines.node}`);
  strictEqual(process.features.require_module, true, 'this Node has require(esm) turned off');
});

test("require('gobrpc') gives the same exports as import, with no warning", async () => {
  const src = `const { deepStrictEqual } = require('node:assert/strict');
for (const p of ['gobrpc', 'gobrpc/gob', 'gobrpc/rpc', 'gobrpc/jsonrpc']) {
  const m = require(p);
  import(p).then((e) => deepStrictEqual(Object.keys(m).sort(), Object.keys(e).sort(), p));
}
console.log(require('gobrpc/package.json').version, typeof require('gobrpc').dialHTTP);
`;
  writeFileSync(join(DIR, 'require.cjs'), src);
  const r = spawnSync(process.execPath, ['require.cjs'], { cwd: DIR, encoding: 'utf8', env: childEnv() });
  strictEqual(r.stderr, '');
  strictEqual(r.status, 0);
  strictEqual(r.stdout, `${PKG.version} function\n`);
  // Node without require(esm) (older than engines admits, or with it turned off) says why, as the README does.
  const off = spawnSync(process.execPath, ['--no-experimental-require-module', 'require.cjs'], {
    cwd: DIR,
    encoding: 'utf8',
    env: childEnv(),
  });
  strictEqual(off.status, 1);
  ok(off.stderr.includes('Error [ERR_REQUIRE_ESM]: require() of ES Module'), off.stderr);
});

/** A minimal semver range check for the forms `engines` uses: `^x.y.z` and `>=x.y.z`, joined by `||`. */
function satisfies(version: string, range: string): boolean {
  const parse = (s: string) => s.split('.').map(Number) as [number, number, number];
  const cmp = (a: number[], b: number[]) => a[0]! - b[0]! || a[1]! - b[1]! || a[2]! - b[2]!;
  const v = parse(version);
  return range.split('||').some((part) => {
    const m = /^\s*(\^|>=)(\d+\.\d+\.\d+)\s*$/.exec(part);
    if (!m) throw new Error(`engines range part ${JSON.stringify(part)} is not ^x.y.z or >=x.y.z`);
    const low = parse(m[2]!);
    return cmp(v, low) >= 0 && (m[1] === '>=' || v[0] === low[0]);
  });
}

/** Writes the README's compiled snippets into `dir`; returns the README line each file came from. */
function writeSnippets(dir: string): Map<string, number> {
  mkdirSync(dir, { recursive: true });
  const where = new Map<string, number>();
  for (const s of readmeSnippets()) {
    if (/\bfragment\b/.test(s.info)) continue;
    ok(!where.has(s.file), `two README snippets are both tagged ${s.file}`);
    writeFileSync(join(dir, s.file), s.code);
    where.set(s.file, s.line);
  }
  return where;
}

/** Parsed files, shared by the three compilations: TypeScript's libs and @types/node are most of the work. */
const parsedFiles = new Map<string, ts.SourceFile | undefined>();

/** A compiler host that parses each file once per language version and module format. */
function cachingHost(options: ts.CompilerOptions): ts.CompilerHost {
  const host = ts.createCompilerHost(options);
  const parse = host.getSourceFile.bind(host);
  host.getSourceFile = (fileName, version, onError, fresh) => {
    const o = typeof version === 'object' ? version : { languageVersion: version };
    const key = `${fileName}\0${o.languageVersion}\0${o.impliedNodeFormat}`;
    if (fresh || !parsedFiles.has(key)) parsedFiles.set(key, parse(fileName, version, onError, fresh));
    return parsedFiles.get(key);
  };
  return host;
}

/**
 * Compiles a scratch tsconfig as `tsc -p` would (`cd build/pkgtest && npx tsc -p <config>` repeats
 * it), emitting unless it says noEmit, and fails with every error, naming the README line each
 * snippet file came from. The snippets and the package's own .d.ts files are type-checked as
 * skipLibCheck: false checks them; @types/node's are left out, which saves most of the time.
 */
function tsc(config: string, options: Record<string, unknown>, include: string[], where: Map<string, number>): void {
  writeFileSync(join(DIR, config), JSON.stringify({ compilerOptions: { ...STRICT, ...options }, include }, null, 2));
  const parsed = ts.parseJsonConfigFileContent(ts.readConfigFile(join(DIR, config), ts.sys.readFile).config, ts.sys, DIR);
  const program = ts.createProgram({
    rootNames: parsed.fileNames,
    options: parsed.options,
    configFileParsingDiagnostics: parsed.errors,
    host: cachingHost(parsed.options),
  });
  const ours = program.getSourceFiles().filter((f) => !f.fileName.includes('/node_modules/') || f.fileName.startsWith(INSTALLED + '/'));
  ok(
    ours.some((f) => f.fileName.startsWith(INSTALLED + '/')),
    `${config}: the package's types were not loaded`,
  );
  const diagnostics = [
    ...program.getConfigFileParsingDiagnostics(),
    ...program.getOptionsDiagnostics(),
    ...program.getGlobalDiagnostics(),
    ...ours.flatMap((f) => [...program.getSyntacticDiagnostics(f), ...program.getSemanticDiagnostics(f)]),
  ];
  if (diagnostics.length === 0 && !parsed.options.noEmit) diagnostics.push(...program.emit().diagnostics);
  if (diagnostics.length === 0) return;
  const text = ts.formatDiagnostics(diagnostics, {
    getCanonicalFileName: (f) => f,
    getCurrentDirectory: () => DIR,
    getNewLine: () => '\n',
  });
  const lines = [...where].map(([f, l]) => `  ${f}: README.md line ${l}`).join('\n');
  throw new Error(`tsc -p ${config} (in ${relative(ROOT, DIR)}) fails:\n${text}${lines ? `snippet files:\n${lines}` : ''}`);
}

test('every README ```ts snippet compiles verbatim with tsc --strict (nodenext, bundler)', async (t) => {
  const where = writeSnippets(join(DIR, 'snippets'));
  ok(where.has('quickstart-client.ts') && where.has('quickstart-server.ts'), 'the README lost its quick start blocks');
  t.diagnostic(`${where.size} snippets compiled, ${readmeSnippets().length - where.size} tagged fragment`);
  tsc('tsconfig.nodenext.json', { module: 'nodenext', moduleResolution: 'nodenext', outDir: 'out' }, ['snippets'], where);
  tsc('tsconfig.bundler.json', { module: 'esnext', moduleResolution: 'bundler', noEmit: true }, ['snippets'], where);
});

test('moduleResolution node10 resolves every subpath (typesVersions), and the CommonJS output runs', async () => {
  mkdirSync(join(DIR, 'node10'), { recursive: true });
  writeFileSync(join(DIR, 'node10', 'package.json'), JSON.stringify({ type: 'commonjs' }));
  writeFileSync(
    join(DIR, 'node10', 'main.ts'),
    `import { jsonrpc, t, type Infer } from 'gobrpc';
import { decode, encode } from 'gobrpc/gob';
import { Server } from 'gobrpc/rpc';
import { dial } from 'gobrpc/jsonrpc';

const Point = t.struct('main.Point', { X: t.int, Y: t.int });
const p: Infer<typeof Point> = decode(encode(Point, { X: 22, Y: 33 }), Point);
console.log(JSON.stringify(p), typeof new Server().register, typeof dial, jsonrpc.dial === dial);
`,
  );
  tsc('tsconfig.node10.json', { module: 'commonjs', moduleResolution: 'node10', outDir: 'node10/out' }, ['node10/main.ts'], new Map());
  const r = spawnSync(process.execPath, [join('node10', 'out', 'main.js')], { cwd: DIR, encoding: 'utf8', env: childEnv() });
  strictEqual(r.stderr, '');
  strictEqual(r.stdout, '{"X":22,"Y":33} function function true\n');
});

async function freePort(): Promise<number> {
  const s = createServer().listen(0, '127.0.0.1');
  await new Promise((res) => s.once('listening', res));
  const { port } = s.address() as AddressInfo;
  await new Promise((res) => s.close(res));
  return port;
}

/** The quick start as compiled above, with its address changed to `to`. */
function quickstart(name: string, from: RegExp, to: string): string {
  const compiledJs = join(DIR, 'out', `${name}.js`);
  ok(existsSync(compiledJs), `${name} was not compiled (see the snippet test)`);
  const js = readFileSync(compiledJs, 'utf8');
  ok(js.search(from) >= 0, `${name} no longer mentions ${from}`);
  const path = join(DIR, 'out', `${name}.run.js`);
  writeFileSync(path, js.replace(from, to));
  return path;
}

test("README quick start: the client calls Go's Arith server", async (t) => {
  const go = await startGo('arith', ['-mode', 'http'], t.after.bind(t));
  const file = quickstart('quickstart-client', /127\.0\.0\.1:1234/g, go.addr);
  const r = spawnSync(process.execPath, [file], { cwd: DIR, encoding: 'utf8', env: childEnv(), timeout: 30_000 });
  strictEqual(r.status, 0, r.stderr);
  deepStrictEqual(r.stdout.trim().split('\n'), ['Arith: 7*8=56', 'Arith: 7/8=0 remainder 7', 'Arith: 1/0 error: divide by zero']);
});

test("README quick start: Go's rpc.DialHTTP client calls the server", async (t) => {
  const port = await freePort();
  const file = quickstart('quickstart-server', /1234/g, String(port));
  await startProcess(process.execPath, [file], t.after.bind(t));
  const go = await runGo('arithclient', ['-mode', 'http', '-addr', `127.0.0.1:${port}`]);
  strictEqual(go.code, 0, go.stderr);
  deepStrictEqual(go.lines, [
    'Arith: 7*8=56',
    'Arith: 7/8=0 remainder 7',
    'Arith: 1/0 error: divide by zero',
    'Arith: 10 async calls ok',
    "Arith: unknown method error: rpc: can't find method Arith.Nope",
  ]);
});
