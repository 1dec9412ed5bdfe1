// Go's pre-registered interface names against a real Go program that registers nothing itself
// (interop/basics): an interface holding each basic type, written by name only against a
// TypeRegistry, decodes in Go; Go's own stream of them decodes against a registry here; and a
// Go net/rpc client's interface fields reach a server whose registry names only Go's own Registers.
import { deepStrictEqual, strictEqual } from 'node:assert/strict';
import type net from 'node:net';
import { test } from 'node:test';
import { decode, Encoder, type GoInterface, interfaceSchema, t, TypeRegistry } from '../../src/gob/index.js';
import { Server, type ServiceImpl } from '../../src/rpc/index.js';
import { BASIC_VALUES } from '../helpers/basics.js';
import { InnerSchema, KeySchema, makePayload, Matrix, runGo } from '../helpers/goproc.js';

test('Go decodes interfaces holding every pre-registered type, written by name against a registry', async () => {
  for (const enc of [new Encoder({ registry: new TypeRegistry() }), new Encoder()]) {
    const check = await runGo('basics', ['check'], { input: enc.encode(t.slice(t.any), BASIC_VALUES) });
    strictEqual(check.stdout, 'ok\n', check.stdout + check.stderr);
    strictEqual(check.code, 0);
  }
});

test("Go's stream of every pre-registered type decodes against a registry", async () => {
  const go = await runGo('basics', ['encode']);
  strictEqual(go.code, 0, go.stderr);
  const registry = new TypeRegistry();
  // A plain Uint8Array, so that []uint8 values are not Buffers (slices of what they came from).
  const got = decode(new Uint8Array(go.stdoutBytes), t.slice(t.any), { registry }) as GoInterface[];
  deepStrictEqual(
    got.map(({ name, value }) => ({ name, value })),
    BASIC_VALUES,
  );
  for (const v of got) strictEqual(interfaceSchema(v), registry.lookup(v.name), v.name);
});

test("Go's matrixclient against a server whose registry holds only what matrix.go registers beyond the basics", async () => {
  // services/matrix.go registers main.Inner and main.Key; Payload.Anys holds an int, a string
  // and an []int, names Go registers itself.
  const registry = new TypeRegistry().register(InnerSchema, 'main.Inner').register(KeySchema, 'main.Key');
  const impl: ServiceImpl<typeof Matrix> = {
    Echo: (p) => p,
    EchoMany: (n) => Array.from({ length: n }, (_, i) => makePayload(i)),
    Big: (n) => Uint8Array.from({ length: n }, (_, i) => i % 251),
    Sum: (xs) =>
      BigInt.asIntN(
        64,
        xs.reduce((a, b) => a + b, 0n),
      ),
    Fail(msg) {
      throw new Error(msg);
    },
    Sleep: (ms) => new Promise((res) => setTimeout(() => res(ms), ms)),
    Crash: () => 0,
  };
  const server = new Server({ registry }).register(Matrix, impl);
  const l = await server.listen();
  try {
    const r = await runGo('matrixclient', ['-addr', `127.0.0.1:${(l.address() as net.AddressInfo).port}`, '-mode', 'tcp']);
    strictEqual(r.stderr, '');
    deepStrictEqual(r.lines, ['ok Echo', 'ok EchoMany 5', 'ok Big 5242880', 'ok Sum', 'ok Fail boom', 'ok Sleep 20']);
    strictEqual(r.code, 0);
  } finally {
    await server.close();
  }
});
