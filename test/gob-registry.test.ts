// Go's pre-registered interface names (type.go's registerBasics): every TypeRegistry accepts an
// interface holding a basic type or a slice of one, both ways, and a registration of the same Go
// type under its own name replaces the default schema, as Go accepts registering it again.
import { deepStrictEqual, strictEqual, throws } from 'node:assert/strict';
import { test } from 'node:test';
import {
  decode,
  Encoder,
  type GoInterface,
  interfaceSchema,
  PREREGISTERED_NAMES,
  type Schema,
  stringFromBytes,
  t,
  TypeRegistry,
} from '../src/gob/index.js';
import { BASIC_VALUES } from './helpers/basics.js';

/** The names Go's registerBasics registers (Register names each by reflect.Type.String()). */
const GO_BASICS = [
  'int',
  'int8',
  'int16',
  'int32',
  'int64',
  'uint',
  'uint8',
  'uint16',
  'uint32',
  'uint64',
  'float32',
  'float64',
  'complex64',
  'complex128',
  'uintptr',
  'bool',
  'string',
  '[]uint8',
  '[]int',
  '[]int8',
  '[]int16',
  '[]int32',
  '[]int64',
  '[]uint',
  '[]uint16',
  '[]uint32',
  '[]uint64',
  '[]float32',
  '[]float64',
  '[]complex64',
  '[]complex128',
  '[]uintptr',
  '[]bool',
  '[]string',
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
      strictEqual(interfaceSchema(back), new TypeRegistry().lookup(v.name));
      deepStrictEqual(back.value, v.value, v.name);
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
  throws(() => enc.encode(t.any, { name: 'int8', value: 128 }), {
    code: 'INVALID_VALUE',
    message: 'gob: cannot encode number 128 as int8: out of range',
  });
});

test("the texts Go never says for a basic name are gone; other names keep Go's texts", () => {
  const bytes = new Encoder().encode(t.any, { name: 'int', value: 7 });
  const got = decode(bytes, t.any, { registry: new TypeRegistry() });
  deepStrictEqual(got && interfaceSchema(got), new TypeRegistry().lookup('int'));
  deepStrictEqual(got, { name: 'int', value: 7 });
  throws(() => new Encoder().encode(t.any, { name: '[]byte', value: new Uint8Array(1) }), {
    code: 'UNREGISTERED',
    message: 'gob: type not registered for interface: []byte',
  });
  const rune = new Encoder().encode(t.any, { name: 'rune', value: 1, schema: t.int32 });
  throws(() => decode(rune, t.any, { registry: new TypeRegistry() }), {
    code: 'UNREGISTERED',
    message: 'gob: name not registered for interface: "rune"',
  });
});

test('registering a basic name again with the same Go type replaces the schema; another type throws', () => {
  const bytes = new Encoder().encode(t.any, { name: 'int', value: 7 });
  const asNumber = new TypeRegistry().register(t.int);
  strictEqual(asNumber.lookup('int'), t.int);
  const asNumberGot = decode(bytes, t.any, { registry: asNumber });
  strictEqual(asNumberGot && interfaceSchema(asNumberGot), t.int);
  deepStrictEqual(asNumberGot, { name: 'int', value: 7 });
  const asBigint = asNumber.clone().register(t.intn, 'int');
  const asBigintGot = decode(bytes, t.any, { registry: asBigint });
  strictEqual(asBigintGot && interfaceSchema(asBigintGot), t.intn);
  deepStrictEqual(asBigintGot, { name: 'int', value: 7n });
  strictEqual(asNumber.lookup('int'), t.int, 'the clone was changed, not the original');
  new TypeRegistry().register(t.slice(t.int)).register(t.bytes).register(t.string, 'string');
  throws(() => new TypeRegistry().register(t.string, 'int'), {
    name: 'GobError',
    code: 'REGISTRATION',
    message: 'gob: registering duplicate types for "int": int != string',
  });
  throws(() => new TypeRegistry().register(t.named('main.Celsius', t.float64), 'float64'), {
    name: 'GobError',
    code: 'REGISTRATION',
    message: 'gob: registering duplicate types for "float64": float64 != main.Celsius',
  });
  throws(() => new TypeRegistry().register(t.slice(t.int8), '[]int'), {
    name: 'GobError',
    code: 'REGISTRATION',
    message: 'gob: registering duplicate types for "[]int": []int != []int8',
  });
});

// Each step registers into one registry, as a Go program's init would; `want` is the text of
// Go's panic (go1.26 encoding/gob RegisterName, printed by a Go program doing the same calls),
// or undefined where Go accepts the registration.
const Point = t.struct('main.Point', { X: t.int, Y: t.int });
const Celsius = t.named('main.Celsius', t.float64);
const Q = t.struct('main.Q', { A: t.int });
const GO_REGISTER_NAME: [label: string, register: (r: TypeRegistry) => unknown, want: string | undefined][] = [
  ['int under another name', (r) => r.register(t.int, 'myint'), 'gob: registering duplicate names for int: "int" != "myint"'],
  ['and again (nothing was kept)', (r) => r.register(t.intn, 'myint'), 'gob: registering duplicate names for int: "int" != "myint"'],
  ['int64 under another name', (r) => r.register(t.int64, 'x'), 'gob: registering duplicate names for int64: "int64" != "x"'],
  ['string under another name', (r) => r.register(t.string, 'x3'), 'gob: registering duplicate names for string: "string" != "x3"'],
  ['an empty name', (r) => r.register(t.int, ''), 'attempt to register empty name'],
  ['int again', (r) => r.register(t.int), undefined],
  ['a struct', (r) => r.register(Point), undefined],
  [
    'a pointer to it by Register',
    (r) => r.register(t.ptr(Point)),
    'gob: registering duplicate names for *main.Point: "main.Point" != "*main.Point"',
  ],
  [
    'a pointer to it under its name',
    (r) => r.register(t.ptr(Point), 'main.Point'),
    'gob: registering duplicate types for "main.Point": main.Point != *main.Point',
  ],
  ['a pointer first', (r) => r.register(t.ptr(Q)), undefined],
  ['then the struct', (r) => r.register(Q), 'gob: registering duplicate names for main.Q: "*main.Q" != "main.Q"'],
  ['the pointer again, another schema object', (r) => r.register(t.ptr(t.struct('main.Q', { A: t.intn }))), undefined],
  ['a map under a name', (r) => r.register(t.map(t.string, t.int), 'x2'), undefined],
  ['the same Go type again, another schema object', (r) => r.register(t.map(t.string, t.intAuto), 'x2'), undefined],
  [
    'the map under a second name',
    (r) => r.register(t.map(t.string, t.int), 'y2'),
    'gob: registering duplicate names for map[string]int: "x2" != "y2"',
  ],
  [
    'the map by Register',
    (r) => r.register(t.map(t.string, t.int)),
    'gob: registering duplicate names for map[string]int: "x2" != "map[string]int"',
  ],
  ['a named map', (r) => r.register(t.map(t.string, t.int, { name: 'main.M2' })), undefined],
  ['[]byte', (r) => r.register(t.bytes), undefined],
  ['a name Go quotes', (r) => r.register(Celsius, stringFromBytes(Uint8Array.of(0x61, 0x22, 0x62, 0xff))), undefined],
  ['its type under another', (r) => r.register(Celsius, 'c'), 'gob: registering duplicate names for main.Celsius: "a\\"b\\xff" != "c"'],
  [
    'a pointer to a pointer to it',
    (r) => r.register(t.ptr(t.ptr(Celsius)), 'pp'),
    'gob: registering duplicate names for **main.Celsius: "a\\"b\\xff" != "pp"',
  ],
];

test("registrations follow Go's RegisterName: names and types are a bijection, with Go's panic texts", () => {
  const r = new TypeRegistry();
  for (const [label, register, want] of GO_REGISTER_NAME) {
    const before = r.clone();
    if (want === undefined) {
      register(r);
      continue;
    }
    throws(() => register(r), { name: 'GobError', code: 'REGISTRATION', message: want }, label);
    // A rejected registration leaves the registry as it was, as Go deletes the name it stored.
    deepStrictEqual(r, before, label);
  }
  strictEqual(r.lookup('myint'), undefined);
  strictEqual(r.lookup('main.Point'), Point);
  strictEqual(r.lookup('x2')?.kind, 'map');
});

test('the same Go type is judged by structure: representations differ, types do not', () => {
  type R = R[];
  const mkR = (): Schema<R> => {
    const R: Schema<R> = t.slice(() => R, { name: 'main.R' });
    return R;
  };
  const r = new TypeRegistry().register(mkR()).register(mkR());
  strictEqual(r.lookup('main.R')?.kind, 'slice');
  // A struct of the same name with other fields is another type, though Go's texts print both alike.
  throws(() => new TypeRegistry().register(Point).register(t.struct('main.Point', { X: t.int })), {
    code: 'REGISTRATION',
    message: 'gob: registering duplicate types for "main.Point": main.Point != main.Point',
  });
  throws(() => new TypeRegistry().register(t.struct('main.S', { X: t.int32 }), 'a').register(t.struct('main.S', { X: t.int64 }), 'a'), {
    code: 'REGISTRATION',
    message: 'gob: registering duplicate types for "a": main.S != main.S',
  });
  const bigPoint = t.struct('main.Point', { X: t.intn, Y: t.intn });
  strictEqual(new TypeRegistry().register(Point).register(bigPoint).lookup('main.Point'), bigPoint);
});

test('an encoder sees a name registered again: the new schema is a new type, defined before its first value', () => {
  const P1 = t.struct('main.P', { X: t.int });
  const registry = new TypeRegistry().register(P1);
  const enc = new Encoder({ registry });
  const v = { name: 'main.P', value: { X: 1 } };
  const hexOf = (b: Uint8Array) => Buffer.from(b).toString('hex');
  strictEqual(hexOf(enc.encode(t.any, v)), '1d1000066d61696e2e507f030101015001ff80000101010158010400000006ff8003010200');
  registry.register(t.struct('main.P', { X: t.int }));
  // Type id 65 (ff82) is defined and used; the encoder's cache of id 64 by name is not.
  strictEqual(hexOf(enc.encode(t.any, v)), '1e1000066d61696e2e50ff81030101015001ff82000101010158010400000006ff8203010200');
  strictEqual(hexOf(enc.encode(t.any, v)), '0f1000066d61696e2e50ff8203010200');
});
