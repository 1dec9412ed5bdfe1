// Gob types for a JSON argument given without a schema: integer → int (uint beyond int64's
// max), other number → float64,
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

/**
 * The deepest nesting of arrays and objects an argument may have. The readers and inference
 * here recurse per level; no Go method's argument type nests this deep.
 */
const MAX_JSON_DEPTH = 1000;

class JsonReader {
  private i = 0;
  private depth = 0;
  /** `gob`: the value becomes a gob argument, whose field names must be Go's exported ones. */
  constructor(
    private readonly s: string,
    private readonly gob: boolean,
  ) {}

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
    if (c === '{' || c === '[') {
      if (++this.depth > MAX_JSON_DEPTH) this.fail(`arrays and objects nested deeper than ${MAX_JSON_DEPTH}`);
      const n = c === '{' ? this.object() : this.array();
      this.depth--;
      return n;
    }
    if (c === '"') return { k: 'string', v: this.string() };
    for (const [word, node] of [
      ['true', { k: 'bool', v: true }],
      ['false', { k: 'bool', v: false }],
      ['null', { k: 'null' }],
    ] as const) {
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
      const at = this.i;
      const key = this.string();
      if (this.gob && !/^\p{Lu}/u.test(key) && !(key === 's' && v.length === 0)) {
        this.i = at;
        this.fail(`field ${JSON.stringify(key)} cannot reach a Go struct: gob sends exported (capitalised) fields only`);
      }
      this.space();
      if (this.s[this.i] !== ':') this.fail('expected :');
      this.i++;
      v.push([key, this.value()]);
      this.space();
      const c = this.s[this.i];
      if (c !== '}' && c !== ',') this.fail('expected , or }');
      this.i++;
      if (c === '}') return taggedString(v, this.gob) ?? { k: 'object', v };
    }
  }
}

/**
 * `{"s": base64}` is a Go string that is not UTF-8, as dump --json and call print one. No gob
 * struct has a field "s" (Go sends exported fields only), so the object cannot mean one.
 */
function taggedString(v: Array<[string, Node]>, gob: boolean): Node | undefined {
  if (v.length === 0 || v[0]![0] !== 's') return undefined;
  const tag = v[0]![1];
  if (v.length !== 1 || tag.k !== 'string') {
    if (!gob) return undefined;
    throw new UsageError(
      `bad JSON argument: {"s": …} holds a string's bytes in base64, got ${v.length === 1 ? 'a value that is not a string' : 'more fields'}`,
    );
  }
  const b64 = tag.v;
  if (!/^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/.test(b64)) {
    throw new UsageError(`bad JSON argument: {"s": …} holds a string's bytes in base64, got ${JSON.stringify(b64)}`);
  }
  return { k: 'string', v: stringFromBytes(Buffer.from(b64, 'base64')) };
}

/**
 * Whether a struct field is left out of the argument: null, or an empty array, which Go never
 * sends (gob omits empty slices) and which has no element type. Go keeps the field's zero value.
 */
function leftOut(n: Node): boolean {
  return n.k === 'null' || (n.k === 'array' && n.v.length === 0);
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
        if (!leftOut(x)) fields.set(name, shapeOf(x, `${where}.${name}`));
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

/** The integer shapes whose values need bigint: `int` beyond 2^53, `uint` (beyond int64's max). */
type IntKinds = Map<Shape, 'intn' | 'uint'>;

function schemaOf(s: Shape, ints: IntKinds): Schema {
  switch (s.k) {
    case 'int': {
      const kind = ints.get(s);
      return kind === 'uint' ? t.uint64n : kind === 'intn' ? t.intn : t.int;
    }
    case 'none':
      return t.int;
    case 'float':
      return t.float64;
    case 'string':
      return t.string;
    case 'bool':
      return t.bool;
    case 'slice':
      return t.slice(schemaOf(s.elem, ints));
    case 'struct': {
      const fields: Record<string, Schema> = {};
      for (const [name, f] of s.fields) fields[name] = schemaOf(f, ints);
      return t.struct('', fields);
    }
  }
}

function valueFrom(n: Node, s: Shape, ints: IntKinds): unknown {
  switch (n.k) {
    case 'int':
      if (s.k === 'float') return Number(n.v);
      return ints.has(s) ? n.v : Number(n.v);
    case 'array':
      return n.v.map((x) => valueFrom(x, (s as { elem: Shape }).elem, ints));
    case 'object': {
      const fields = (s as { fields: Map<string, Shape> }).fields;
      const o: Record<string, unknown> = {};
      for (const [name, x] of n.v)
        if (!leftOut(x)) Object.defineProperty(o, name, { value: valueFrom(x, fields.get(name)!, ints), enumerable: true, writable: true });
      return o;
    }
    case 'null':
      return null;
    default:
      return n.v;
  }
}

const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;
const UINT64_MAX = 2n ** 64n - 1n;

/** Collects the smallest and largest integer each int shape holds. */
function intRanges(n: Node, s: Shape, out: Map<Shape, { min: bigint; max: bigint }>): void {
  if (n.k === 'int' && s.k === 'int') {
    const r = out.get(s);
    if (!r) out.set(s, { min: n.v, max: n.v });
    else if (n.v < r.min) r.min = n.v;
    else if (n.v > r.max) r.max = n.v;
  } else if (n.k === 'array' && s.k === 'slice') for (const x of n.v) intRanges(x, s.elem, out);
  else if (n.k === 'object' && s.k === 'struct')
    for (const [name, x] of n.v) if (s.fields.has(name)) intRanges(x, s.fields.get(name)!, out);
}

/**
 * The gob integer type of each int shape, from its values: `int` when they fit a JavaScript
 * number, `int` as bigint up to int64, `uint` (gob's unsigned integer, which a Go uint64
 * field needs) for a value beyond int64's max. A usage error for a value that neither int64
 * nor uint64 holds, and for values that need both (a negative one beside one beyond 2^63 - 1).
 */
function intKinds(n: Node, s: Shape): IntKinds {
  const ranges = new Map<Shape, { min: bigint; max: bigint }>();
  intRanges(n, s, ranges);
  const kinds: IntKinds = new Map();
  for (const [shape, { min, max }] of ranges) {
    if (min < INT64_MIN || max > UINT64_MAX) {
      throw new UsageError(`bad JSON argument: the integer ${min < INT64_MIN ? min : max} does not fit int64 or uint64`);
    }
    if (max > INT64_MAX) {
      if (min < 0n)
        throw new UsageError(`bad JSON argument: integers ${min} and ${max} of one type need both int64 and uint64; give --schema`);
      kinds.set(shape, 'uint');
    } else if (max > BigInt(Number.MAX_SAFE_INTEGER) || min < BigInt(Number.MIN_SAFE_INTEGER)) {
      kinds.set(shape, 'intn');
    }
  }
  return kinds;
}

/** Checks that `json` is one JSON value (for --jsonrpc, which sends it as it is). Throws a UsageError otherwise. */
export function checkJSON(json: string): void {
  new JsonReader(json, false).read();
}

/** Reads `json` and returns the value with the gob schema inferred from it. Throws a UsageError for bad JSON. */
export function inferArgs(json: string): { value: unknown; schema: Schema } {
  const node = new JsonReader(json, true).read();
  const shape = shapeOf(node, 'the argument');
  const ints = intKinds(node, shape);
  return { value: valueFrom(node, shape, ints), schema: schemaOf(shape, ints) };
}
