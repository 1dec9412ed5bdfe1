// `make demo` prints the reference output both ways and leaves no process behind.
import { deepStrictEqual, strictEqual } from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { test } from 'node:test';
import { ROOT } from '../helpers/fixtures.js';

test('the demo: Go server ← TypeScript client, TypeScript server ← Go client', () => {
  const env = { ...process.env };
  delete env.NODE_TEST_CONTEXT;
  const r = spawnSync(process.execPath, [join(ROOT, 'build', 'examples', 'demo.js')], { encoding: 'utf8', env, timeout: 60_000 });
  strictEqual(r.status, 0, r.stderr);
  const lines = r.stdout
    .trim()
    .split('\n')
    .map((l) => l.replace(/127\.0\.0\.1:\d+/, '127.0.0.1:PORT'));
  deepStrictEqual(lines, [
    'Go Arith server listening on 127.0.0.1:PORT; calling it from TypeScript:',
    'Arith: 7*8=56',
    'Arith: 7/8=0 remainder 7',
    'Arith: 1/0 error: divide by zero',
    '',
    "TypeScript Arith server listening on 127.0.0.1:PORT; Go's rpc.DialHTTP client calls it:",
    'Arith: 7*8=56',
    'Arith: 7/8=0 remainder 7',
    'Arith: 1/0 error: divide by zero',
    'Arith: 10 async calls ok',
    "Arith: unknown method error: rpc: can't find method Arith.Nope",
  ]);
  const left = spawnSync('pgrep', ['-f', join(ROOT, 'interop', 'bin', 'arith')], { encoding: 'utf8' });
  strictEqual(left.stdout.trim(), '', 'a Go process outlived the demo');
});
