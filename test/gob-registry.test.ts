// Go's pre-registered interface names (type.go's registerBasics): every TypeRegistry accepts an
// interface holding a basic type or a slice of one, both ways, and a registration of the same Go
// type under its own name replaces the default schema, as Go accepts registering it again.
import { deepStrictEqual, strictEqual, throws } from 'node:assert/strict';
import { test } from 'node:test';
import { decode, Encoder, type GoInterface, PREREGISTERED_NAMES, t, TypeRegistry } from '../src/gob/index.js';
import { BASIC_VALUES } from './helpers/basics.js';

/** The names Go's registerBasics registers (Register names each by reflect.Type.String()). */
const GO_BASICS = [
  'int', 'int8', 'int16', 'int32', 'int64', 'uint', 'uint8', 'uint16', 'uint32', 'uint64',
  'float32', 'float64', 'complex64', 'complex128', 'uintptr', 'bool', 'string',
  '[]uint8', '[]int', '[]int8', '[]int16', '[]int32', '[]int64', '[]uint', '[]uint16', '[]uint32',
  '[]uint64', '[]float32', '[]float64', '[]complex64', '[]complex128', '[]uintptr', '[]bool', '[]string',
];

test('every registry holds exactly the names Go registers itself', () => {
  deepStrictEqual([...PREREGISTERED_NAMES].sort(), [...GO_BASICS].sort());
  const r = new TypeRegistry();
  for (const name of GO_BASICS) strictEqual(r.lookup(name) !== undefined, true, name);
  // Go's names only: not the aliases, not what Go does not register.
  for (const name of ['byte', 'rune', '[]byte', 'map[string]int', 'interface {}', '[][]int']) strictEqual(r.lookup(name), undefined, name);
});

test('interfaces holding each basic type round-trip by name against a registry', () => {
  for (const v of BASIC_VALUES) {
    // Encoding with an explicit registry and with the encoder's default one.
    for (const enc of [new Encoder({ registry: new TypeRegistry() }), new Encoder()]) {
      const bytes = enc.encode(t.any, v);
      const back = decode(bytes, t.any, { registry: new TypeRegistry() }) as GoInterface;
      strictEqual(back.name, v.name);
      deepStrictEqual(back.value, v.value, v.name);
      strictEqual(back.schema, new TypeRegistry().lookup(v.name));
    }
  }
});

test('64-bit integers decode losslessly, as without a registry; narrower ones as numbers', () => {
  const reg = new TypeRegistry();
  const enc = new Encoder();
  const one = (name: string, value: unknown) => (decode(enc.encode(t.any, { name, value }), t.any, { registry: reg }) as GoInterface).value;
  strictEqual(one('int', 5), 5);
  strictEqual(one('int', 2n ** 62n), 2n ** 62n);
  strictEqual(one('uint64', 2n ** 64n - 1n), 2n ** 64n - 1n);
  strictEqual(one('uintptr', 2n ** 63n), 2n ** 63n);
  strictEqual(one('int8', -128), -128);
  throws(() => enc.encode(t.any, { name: 'int8', value: 128 }), { code: 'INVALID_VALUE' });
});

test('the texts Go never says for a basic name are gone; other names keep Go\'s texts', () => {
  const bytes = new Encoder().encode(t.any, { name: 'int', value: 7 });
  deepStrictEqual(decode(bytes, t.any, { registry: new TypeRegistry() }), { name: 'int', value: 7, schema: new TypeRegistry().lookup('int') });
  throws(() => new Encoder().encode(t.any, { name: '[]byte', value: new Uint8Array(1) }), { code: 'UNREGISTERED', message: 'gob: type not registered for interface: []byte' });
  const rune = new Encoder().encode(t.any, { name: 'rune', value: 1, schema: t.int32 });
  throws(() => decode(rune, t.any, { registry: new TypeRegistry() }), { code: 'UNREGISTERED', message: 'gob: name not registered for interface: "rune"' });
});

test('registering a basic name again with the same Go type replaces the schema; another type throws', () => {
  const bytes = new Encoder().encode(t.any, { name: 'int', value: 7 });
  const asNumber = new TypeRegistry().register(t.int);
  strictEqual(asNumber.lookup('int'), t.int);
  deepStrictEqual(decode(bytes, t.any, { registry: asNumber }), { name: 'int', value: 7, schema: t.int });
  const asBigint = asNumber.clone().register(t.intn, 'int');
  deepStrictEqual(decode(bytes, t.any, { registry: asBigint }), { name: 'int', value: 7n, schema: t.intn });
  strictEqual(asNumber.lookup('int'), t.int, 'the clone was changed, not the original');
  new TypeRegistry().register(t.slice(t.int)).register(t.bytes).register(t.string, 'string');
  throws(() => new TypeRegistry().register(t.string, 'int'), { name: 'TypeError', message: 'gob: registering duplicate types for "int"' });
  throws(() => new TypeRegistry().register(t.named('main.Celsius', t.float64), 'float64'), { name: 'TypeError', message: 'gob: registering duplicate types for "float64"' });
  throws(() => new TypeRegistry().register(t.slice(t.int8), '[]int'), { name: 'TypeError', message: 'gob: registering duplicate types for "[]int"' });
});
