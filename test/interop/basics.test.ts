// Go's pre-registered interface names against a real Go program that registers nothing itself
// (interop/basics): an interface holding each basic type, written by name only against a
// TypeRegistry, decodes in Go; and Go's own stream of them decodes against a registry here.
import { deepStrictEqual, strictEqual } from 'node:assert/strict';
import { test } from 'node:test';
import { decode, Encoder, type GoInterface, t, TypeRegistry } from '../../src/gob/index.js';
import { BASIC_VALUES } from '../helpers/basics.js';
import { runGo } from '../helpers/goproc.js';

test('Go decodes interfaces holding every pre-registered type, written by name against a registry', async () => {
  for (const enc of [new Encoder({ registry: new TypeRegistry() }), new Encoder()]) {
    const check = await runGo('basics', ['check'], { input: enc.encode(t.slice(t.any), BASIC_VALUES) });
    strictEqual(check.stdout, 'ok\n', check.stdout + check.stderr);
    strictEqual(check.code, 0);
  }
});

test('Go\'s stream of every pre-registered type decodes against a registry', async () => {
  const go = await runGo('basics', ['encode']);
  strictEqual(go.code, 0, go.stderr);
  const registry = new TypeRegistry();
  // A plain Uint8Array, so that []uint8 values are not Buffers (slices of what they came from).
  const got = decode(new Uint8Array(go.stdoutBytes), t.slice(t.any), { registry }) as GoInterface[];
  deepStrictEqual(got.map(({ name, value }) => ({ name, value })), BASIC_VALUES);
  for (const v of got) strictEqual(v.schema, registry.lookup(v.name), v.name);
});
