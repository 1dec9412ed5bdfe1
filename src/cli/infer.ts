// Gob types for a JSON argument given without a schema: integer → int, other number → float64,
// string, bool, array → slice of its elements' type, object → struct with those field names
// (gob matches struct fields by name, so an anonymous struct reaches a Go method's named one).
// JSON is read here rather than by JSON.parse because the type depends on how a number is
// written ("2" is an int, "2.0" a float64) and integers must stay exact beyond 2^53.
import { type Schema, stringFromBytes, t } from '../index.js';
import { UsageError } from './common.js';

/** A JSON value with the gob type it implies. */
type Node =
  | { k: 'int'; v: bigint }
  | { k: 'float'; v: number }
  | { k: 'string'; v: string }
  | { k: 'bool'; v: boolean }
  | { k: 'null' }
  | { k: 'array'; v: Node[] }
  | { k: 'object'; v: Array<[string, Node]> };

/** The shape of a gob type being inferred; `none` is the element type of an empty array. */
type Shape =
  | { k: 'int' | 'float' | 'string' | 'bool' | 'none' }
  | { k: 'slice'; elem: Shape }
  | { k: 'struct'; fields: Map<string, Shape> };

class JsonReader {
  private i = 0;
  constructor(private readonly s: string) {}

  read(): Node {
    const v = this.value();
    this.space();
    if (this.i < this.s.length) this.fail('unexpected text after the value');
    return v;
  }

  private fail(why: string): never {
    throw new UsageError(`bad JSON argument at offset ${this.i}: ${why}`);
  }

  private space(): void {
    while (this.i < this.s.length && ' \t\r\n'.includes(this.s[this.i]!)) this.i++;
  }

  private value(): Node {
    this.space();
    const c = this.s[this.i];
    if (c === '{') return this.object();
    if (c === '[') return this.array();
    if (c === '"') return { k: 'string', v: this.string() };
    for (const [word, node] of [['true', { k: 'bool', v: true }], ['false', { k: 'bool', v: false }], ['null', { k: 'null' }]] as const) {
      if (this.s.startsWith(word, this.i)) {
        this.i += word.length;
        return node;
      }
    }
    const m = /^-?(?:0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/.exec(this.s.slice(this.i));
    if (!m) this.fail(c === undefined ? 'unexpected end of input' : `unexpected ${JSON.stringify(c)}`);
    this.i += m[0].length;
    if (m[1] === undefined && m[2] === undefined) return { k: 'int', v: BigInt(m[0]) };
    return { k: 'float', v: Number(m[0]) };
  }

  private string(): string {
    const m = /^"(?:[^"\\\u0000-\u001f]|\\(?:["\\/bfnrt]|u[0-9a-fA-F]{4}))*"/.exec(this.s.slice(this.i));
    if (!m) this.fail('bad string');
    this.i += m[0].length;
    return JSON.parse(m[0]) as string;
  }

  private array(): Node {
    this.i++;
    const v: Node[] = [];
    this.space();
    if (this.s[this.i] === ']') {
      this.i++;
      return { k: 'array', v };
    }
    for (;;) {
      v.push(this.value());
      this.space();
      const c = this.s[this.i];
      if (c !== ']' && c !== ',') this.fail('expected , or ]');
      this.i++;
      if (c === ']') return { k: 'array', v };
    }
  }

  private object(): Node {
    this.i++;
    const v: Array<[string, Node]> = [];
    this.space();
    if (this.s[this.i] === '}') {
      this.i++;
      return { k: 'object', v };
    }
    for (;;) {
      this.space();
      if (this.s[this.i] !== '"') this.fail('expected a field name');
      const key = this.string();
      this.space();
      if (this.s[this.i] !== ':') this.fail('expected :');
      this.i++;
      v.push([key, this.value()]);
      this.space();
      const c = this.s[this.i];
      if (c !== '}' && c !== ',') this.fail('expected , or }');
      this.i++;
      if (c === '}') return taggedString(v) ?? { k: 'object', v };
    }
  }
}

/**
 * `{"s": base64}` is a Go string that is not UTF-8, as dump --json and call print one. No gob
 * struct has a field "s" (Go sends exported fields only), so the object cannot mean one.
 */
function taggedString(v: Array<[string, Node]>): Node | undefined {
  if (v.length !== 1 || v[0]![0] !== 's' || v[0]![1].k !== 'string') return undefined;
  const b64 = v[0]![1].v;
  if (!/^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/.test(b64)) {
    throw new UsageError(`bad JSON argument: {"s": …} holds a string's bytes in base64, got ${JSON.stringify(b64)}`);
  }
  return { k: 'string', v: stringFromBytes(Buffer.from(b64, 'base64')) };
}

function shapeOf(n: Node, where: string): Shape {
  switch (n.k) {
    case 'null':
      throw new UsageError(`cannot infer a gob type for null at ${where} (give --schema)`);
    case 'array':
      return { k: 'slice', elem: n.v.reduce<Shape>((s, x, i) => unify(s, shapeOf(x, `${where}[${i}]`), where), { k: 'none' }) };
    case 'object': {
      const fields = new Map<string, Shape>();
      for (const [name, x] of n.v) {
        // A null field is left out: Go then keeps the field's zero value.
        if (x.k !== 'null') fields.set(name, shapeOf(x, `${where}.${name}`));
      }
      return { k: 'struct', fields };
    }
    default:
      return { k: n.k };
  }
}

/** The one type that holds both: ints widen to float64, structs take the union of their fields. */
function unify(a: Shape, b: Shape, where: string): Shape {
  if (a.k === 'none') return b;
  if (b.k === 'none') return a;
  if ((a.k === 'int' && b.k === 'float') || (a.k === 'float' && b.k === 'int')) return { k: 'float' };
  if (a.k === 'slice' && b.k === 'slice') return { k: 'slice', elem: unify(a.elem, b.elem, where + '[]') };
  if (a.k === 'struct' && b.k === 'struct') {
    const fields = new Map(a.fields);
    for (const [name, s] of b.fields) fields.set(name, fields.has(name) ? unify(fields.get(name)!, s, `${where}.${name}`) : s);
    return { k: 'struct', fields };
  }
  if (a.k === b.k) return a;
  throw new UsageError(`the elements of the array at ${where} have different types (${a.k} and ${b.k}); give --schema`);
}

function schemaOf(s: Shape, big: (s: Shape) => boolean): Schema {
  switch (s.k) {
    case 'int':
      return big(s) ? t.intn : t.int;
    case 'none':
      return t.int;
    case 'float':
      return t.float64;
    case 'string':
      return t.string;
    case 'bool':
      return t.bool;
    case 'slice':
      return t.slice(schemaOf(s.elem, big));
    case 'struct': {
      const fields: Record<string, Schema> = {};
      for (const [name, f] of s.fields) fields[name] = schemaOf(f, big);
      return t.struct('', fields);
    }
  }
}

function valueOf(n: Node, s: Shape, bigShapes: Set<Shape>): unknown {
  switch (n.k) {
    case 'int':
      if (s.k === 'float') return Number(n.v);
      return bigShapes.has(s) ? n.v : Number(n.v);
    case 'array':
      return n.v.map((x) => valueOf(x, (s as { elem: Shape }).elem, bigShapes));
    case 'object': {
      const fields = (s as { fields: Map<string, Shape> }).fields;
      const o: Record<string, unknown> = {};
      for (const [name, x] of n.v) if (x.k !== 'null') Object.defineProperty(o, name, { value: valueOf(x, fields.get(name)!, bigShapes), enumerable: true, writable: true });
      return o;
    }
    case 'null':
      return null;
    default:
      return n.v;
  }
}

/** Marks the int shapes that some value does not fit as a safe JavaScript integer (they become bigint). */
function findBig(n: Node, s: Shape, out: Set<Shape>): void {
  if (n.k === 'int' && s.k === 'int' && (n.v > BigInt(Number.MAX_SAFE_INTEGER) || n.v < BigInt(Number.MIN_SAFE_INTEGER))) out.add(s);
  else if (n.k === 'array' && s.k === 'slice') for (const x of n.v) findBig(x, s.elem, out);
  else if (n.k === 'object' && s.k === 'struct') for (const [name, x] of n.v) if (s.fields.has(name)) findBig(x, s.fields.get(name)!, out);
}

/** Checks that `json` is one JSON value (for --jsonrpc, which sends it as it is). Throws a UsageError otherwise. */
export function checkJSON(json: string): void {
  new JsonReader(json).read();
}

/** Reads `json` and returns the value with the gob schema inferred from it. Throws a UsageError for bad JSON. */
export function inferArgs(json: string): { value: unknown; schema: Schema } {
  const node = new JsonReader(json).read();
  const shape = shapeOf(node, 'the argument');
  const big = new Set<Shape>();
  findBig(node, shape, big);
  return { value: valueOf(node, shape, big), schema: schemaOf(shape, (s) => big.has(s)) };
}
