// Structure-aware gob inputs for the fuzz campaign: random type graphs (chains of thousands of
// definitions, recursive and mutually recursive types, forward references, unknown ids) and
// values that follow them or lie about them (counts and lengths near 2^53 and 2^64, nesting far
// past the depth limit, interface names of every size around the 1,024-byte limit). The bytes
// are written here from the wire format of doc.go, not with the library's own Writer, so that a
// bug shared by the encoder and the decoder cannot hide itself.
import type { Rng } from './rng.js';

/** A byte sink with gob's primitive encodings (doc.go: unsigned, signed, float, string). */
export class GobBytes {
  private buf = new Uint8Array(64);
  private n = 0;

  get length(): number {
    return this.n;
  }

  private room(k: number): void {
    if (this.n + k <= this.buf.length) return;
    const grown = new Uint8Array(Math.max(this.buf.length * 2, this.n + k));
    grown.set(this.buf.subarray(0, this.n));
    this.buf = grown;
  }

  byte(b: number): void {
    this.room(1);
    this.buf[this.n++] = b;
  }

  raw(b: Uint8Array): void {
    this.room(b.length);
    this.buf.set(b, this.n);
    this.n += b.length;
  }

  /** An unsigned integer: one byte below 128, else the negated byte count then big-endian bytes. */
  uint(x: number | bigint): void {
    if (typeof x === 'number' && x >= 0 && x < 128) {
      this.byte(x);
      return;
    }
    let v = BigInt.asUintN(64, BigInt(x));
    if (v < 128n) {
      this.byte(Number(v));
      return;
    }
    const bytes: number[] = [];
    while (v > 0n) {
      bytes.unshift(Number(v & 0xffn));
      v >>= 8n;
    }
    this.byte(256 - bytes.length);
    this.raw(Uint8Array.from(bytes));
  }

  /** A signed integer: shifted left one bit, complemented when negative, the sign in bit 0. */
  int(x: number | bigint): void {
    const v = BigInt.asIntN(64, BigInt(x));
    this.uint(v < 0n ? (~v << 1n) | 1n : v << 1n);
  }

  /** A float64: its bits byte-reversed, then as an unsigned integer. */
  float(f: number): void {
    const dv = new DataView(new ArrayBuffer(8));
    dv.setFloat64(0, f, true);
    this.uint(dv.getBigUint64(0, false));
  }

  string(s: string | Uint8Array): void {
    const b = typeof s === 'string' ? UTF8.encode(s) : s;
    this.uint(b.length);
    this.raw(b);
  }

  /** Appends another sink's bytes as one length-prefixed message (the length may lie). */
  message(body: GobBytes, lengthDelta = 0): void {
    this.uint(Math.max(0, body.length + lengthDelta));
    this.raw(body.buf.subarray(0, body.n));
  }

  take(): Uint8Array {
    return this.buf.slice(0, this.n);
  }
}

const UTF8 = new TextEncoder();

/** Unsigned values at the edges: bytes, 2^31, 2^32, 2^53 and 2^64. */
export const EDGE_UINTS: readonly bigint[] = [
  0n,
  1n,
  2n,
  127n,
  128n,
  255n,
  256n,
  1023n,
  1024n,
  1025n,
  65535n,
  65536n,
  2n ** 31n - 1n,
  2n ** 31n,
  2n ** 32n - 1n,
  2n ** 32n,
  2n ** 53n - 2n,
  2n ** 53n - 1n,
  2n ** 53n,
  2n ** 53n + 1n,
  2n ** 62n,
  2n ** 63n - 1n,
  2n ** 63n,
  2n ** 64n - 2n,
  2n ** 64n - 1n,
];

/** Signed values at the edges. */
export const EDGE_INTS: readonly bigint[] = [
  ...EDGE_UINTS.filter((x) => x < 2n ** 63n),
  -1n,
  -2n,
  -128n,
  -129n,
  -(2n ** 31n),
  -(2n ** 53n),
  -(2n ** 53n) - 1n,
  -(2n ** 63n),
];

const BUILTIN_IDS = [1, 2, 3, 4, 5, 6, 7, 8] as const;
const KINDS = ['struct', 'slice', 'array', 'map'] as const;
type Kind = (typeof KINDS)[number];
/** The field of wireType each kind is sent in (ArrayT 1, SliceT 2, StructT 3, MapT 4, as deltas). */
const WIRE_FIELD: Record<Kind, number> = { array: 1, slice: 2, struct: 3, map: 4 };

interface TypeDesc {
  id: number;
  kind: Kind;
  name: string;
  elem: number;
  key: number;
  len: bigint;
  fields: Array<{ name: string; id: number }>;
}

/** Interface names: registered ones, builtin type names, and every size around the limit. */
function interfaceName(r: Rng): string {
  switch (r.int(6)) {
    case 0:
      return '';
    case 1:
      return r.pick([
        'main.Point',
        'int',
        'string',
        '[]int',
        'map[string]int',
        '*main.Inner',
        'main.Wrapper',
        'bool',
        'float64',
        '[]uint8',
      ]);
    case 2:
      return 'x'.repeat(r.pick([1023, 1024, 1025, 2048, 4096]));
    case 3:
      return 'n'.repeat(r.small(1200));
    case 4:
      return String.fromCharCode(...r.bytes(r.small(40)));
    default:
      return 'main.T' + r.int(100);
  }
}

function typeName(r: Rng, i: number): string {
  switch (r.int(8)) {
    case 0:
      return '';
    case 1:
      return 'N'.repeat(r.pick([1023, 1024, 1025, 1500]));
    case 2:
      return String.fromCharCode(...r.bytes(r.small(20)));
    default:
      return `T${i}`;
  }
}

/** A gob stream builder with its own type table, so values can follow (or betray) the types. */
class StreamGen {
  readonly out = new GobBytes();
  readonly types = new Map<number, TypeDesc>();
  /** Bytes the values may still take, so inputs stay small. */
  budget: number;
  /** How deep values nest before they stop (past the decoder's limit in a few inputs). */
  maxDepth: number;

  constructor(private readonly r: Rng) {
    this.budget = r.chance(0.02) ? 60_000 : 2_000;
    this.maxDepth = r.chance(0.02) ? r.pick([200, 3_000, 12_000]) : 8;
  }

  /** A type id to refer to: a builtin, a defined or yet-undefined user type, or garbage. */
  ref(userIds: number[]): number {
    const r = this.r;
    const p = r.int(20);
    if (p < 8 || userIds.length === 0) return r.pick(BUILTIN_IDS);
    if (p < 17) return r.pick(userIds);
    if (p < 18) return r.pick([0, 9, 15, 16, 17, 20, 24, 63, 64]);
    if (p < 19) return userIds[userIds.length - 1]! + 1 + r.int(3);
    return Number(BigInt.asIntN(53, r.pick(EDGE_INTS)));
  }

  /** Defines types: a few random ones, or a chain where each wraps the one before. */
  defineTypes(): number[] {
    const r = this.r;
    const chain = r.chance(0.03);
    const n = chain ? (r.chance(0.9) ? r.pick([20, 50, 300]) : r.pick([2_000, 6_000])) : r.small(6);
    const base = r.chance(0.95) ? 65 : r.pick([64, 63, 1, 100_000, 2 ** 31 - 2]);
    const ids: number[] = [];
    for (let i = 0; i < n; i++) ids.push(base + i);
    const descs: TypeDesc[] = ids.map((id, i) => {
      const kind = r.pick(KINDS);
      const prev = chain ? (i === 0 ? r.pick(BUILTIN_IDS) : ids[i - 1]!) : this.ref(ids);
      const d: TypeDesc = { id, kind, name: typeName(r, i), elem: prev, key: this.ref(ids), len: 0n, fields: [] };
      if (kind === 'array') d.len = r.chance(0.8) ? BigInt(r.small(5)) : r.pick(EDGE_UINTS);
      if (kind === 'struct') {
        const nf = chain ? 1 : r.small(6);
        for (let f = 0; f < nf; f++) d.fields.push({ name: r.chance(0.9) ? `F${f}` : typeName(r, f), id: f === 0 ? prev : this.ref(ids) });
      }
      return d;
    });
    for (const d of descs) this.types.set(d.id, d);
    // Definitions usually go first-defined-first; sometimes the dependents come first, which
    // gob allows as long as all arrive before the value.
    const order = r.chance(0.2) ? [...descs].reverse() : descs;
    for (const d of order) {
      if (r.chance(0.003)) continue; // a definition that never arrives
      const m = new GobBytes();
      m.int(-d.id);
      this.wireType(m, d);
      this.out.message(m, r.chance(0.01) ? r.range(-2, 2) : 0);
      if (r.chance(0.002)) this.out.message(m); // a duplicate definition
    }
    return ids;
  }

  /** A wireType value (type.go), with the kind's CommonType as field 0. */
  wireType(m: GobBytes, d: TypeDesc): void {
    const r = this.r;
    m.uint(WIRE_FIELD[d.kind]);
    m.uint(1); // CommonType
    if (d.name !== '') {
      m.uint(1);
      m.string(d.name);
      m.uint(1);
    } else m.uint(2);
    m.int(d.id);
    m.uint(0);
    switch (d.kind) {
      case 'array':
        m.uint(1);
        m.int(d.elem);
        m.uint(1);
        m.int(d.len);
        break;
      case 'slice':
        m.uint(1);
        m.int(d.elem);
        break;
      case 'map':
        m.uint(1);
        m.int(d.key);
        m.uint(1);
        m.int(d.elem);
        break;
      case 'struct':
        m.uint(1);
        m.uint(r.chance(0.02) ? r.pick(EDGE_UINTS) : BigInt(d.fields.length));
        for (const f of d.fields) {
          m.uint(1);
          m.string(f.name);
          m.uint(1);
          m.int(f.id);
          m.uint(0);
        }
        break;
    }
    m.uint(0);
    m.uint(0);
  }

  /** A count: the true one usually, else an edge value with nothing behind it. */
  count(n: number): bigint {
    return this.r.chance(0.04) ? this.r.pick(EDGE_UINTS) : BigInt(n);
  }

  /** The encoding of a value of type `id` (as a field or element: no singleton delta). */
  value(m: GobBytes, id: number, depth: number): void {
    const r = this.r;
    this.budget--;
    const stop = depth >= this.maxDepth || this.budget <= 0;
    switch (id) {
      case 1:
        m.uint(r.chance(0.95) ? r.int(2) : r.pick(EDGE_UINTS));
        return;
      case 2:
        m.int(r.chance(0.5) ? r.pick(EDGE_INTS) : r.range(-1000, 1000));
        return;
      case 3:
        m.uint(r.chance(0.5) ? r.pick(EDGE_UINTS) : r.int(1000));
        return;
      case 4:
        m.float(r.pick([0, -0, 1.5, NaN, Infinity, -Infinity, 5e-324, 1e300, 3.4028234663852886e38, 1e39]));
        return;
      case 7:
        m.float(r.int(10));
        m.float(NaN);
        return;
      case 5:
      case 6: {
        const n = stop ? 0 : r.small(40);
        m.uint(this.count(n));
        m.raw(r.bytes(n));
        this.budget -= n;
        return;
      }
      case 8:
        this.iface(m, depth);
        return;
    }
    const d = this.types.get(id);
    if (!d) {
      m.raw(this.r.bytes(this.r.small(8)));
      return;
    }
    switch (d.kind) {
      case 'struct': {
        let last = -1;
        if (!stop) {
          for (let f = 0; f < d.fields.length; f++) {
            if (r.chance(0.3)) continue;
            m.uint(r.chance(0.02) ? r.pick(EDGE_UINTS) : BigInt(f - last));
            last = f;
            this.value(m, d.fields[f]!.id, depth + 1);
          }
        }
        m.uint(0);
        return;
      }
      case 'slice': {
        // Recursion is what makes deep values: keep going down while below the target depth.
        const n = stop ? 0 : depth < this.maxDepth - 1 && this.maxDepth > 8 ? 1 : r.small(4);
        m.uint(this.count(n));
        for (let i = 0; i < n; i++) this.value(m, d.elem, depth + 1);
        return;
      }
      case 'array': {
        const n = d.len <= 8n ? Number(d.len) : r.small(3);
        m.uint(r.chance(0.95) ? d.len : this.count(n));
        for (let i = 0; i < n && !stop; i++) this.value(m, d.elem, depth + 1);
        return;
      }
      case 'map': {
        const n = stop ? 0 : r.small(3);
        m.uint(this.count(n));
        for (let i = 0; i < n; i++) {
          this.value(m, d.key, depth + 1);
          this.value(m, d.elem, depth + 1);
        }
        return;
      }
    }
  }

  /** An interface value: name, type id, the length of the value, then the value as a top-level one. */
  iface(m: GobBytes, depth: number): void {
    const r = this.r;
    const name = interfaceName(r);
    m.string(name);
    if (name === '') return;
    const ids = [...this.types.keys()];
    const id = ids.length > 0 && r.chance(0.5) ? r.pick(ids) : r.pick(BUILTIN_IDS);
    m.int(id);
    const inner = new GobBytes();
    this.top(inner, id, depth + 1);
    m.uint(r.chance(0.03) ? r.pick(EDGE_UINTS) : BigInt(inner.length));
    m.raw(inner.take());
  }

  /** A value as a message body after its type id: a struct's fields, or delta 0 then the value. */
  top(m: GobBytes, id: number, depth: number): void {
    const d = this.types.get(id);
    if (d?.kind !== 'struct') m.uint(this.r.chance(0.97) ? 0 : 1);
    this.value(m, id, depth);
  }
}

/** A whole generated gob stream: type definitions, then one to three values. */
export function generateGob(r: Rng): Uint8Array {
  const g = new StreamGen(r);
  const ids = g.defineTypes();
  const values = 1 + r.small(2);
  for (let v = 0; v < values; v++) {
    const id = ids.length > 0 && r.chance(0.85) ? r.pick(ids) : r.pick([...BUILTIN_IDS, 16, 20, 22]);
    const m = new GobBytes();
    m.int(id);
    g.top(m, id, 0);
    g.out.message(m, r.chance(0.02) ? r.range(-3, 3) : 0);
  }
  return g.out.take();
}

/** `b` with `del` bytes at `at` replaced by `ins`. */
function splice(b: Uint8Array, at: number, del: number, ins: Uint8Array = EMPTY): Uint8Array {
  at = Math.min(at, b.length);
  del = Math.min(del, b.length - at);
  const out = new Uint8Array(b.length - del + ins.length);
  out.set(b.subarray(0, at));
  out.set(ins, at);
  out.set(b.subarray(at + del), at + ins.length);
  return out;
}

const EMPTY = new Uint8Array(0);

/** Edits bytes the way corruption and hostile peers do: flips, edge varints, cuts, splices. */
export function mutate(r: Rng, input: Uint8Array, other: Uint8Array): Uint8Array {
  let b: Uint8Array = input.slice();
  const edits = 1 + r.small(4);
  for (let e = 0; e < edits; e++) {
    const at = r.int(b.length + 1);
    switch (r.int(9)) {
      case 0:
        if (b.length > 0) b[r.int(b.length)] = r.u32() & 0xff;
        break;
      case 1:
        if (b.length > 0) b[r.int(b.length)]! ^= 1 << r.int(8);
        break;
      case 2: {
        const v = new GobBytes();
        v.uint(r.pick(EDGE_UINTS));
        b = splice(b, at, r.int(3), v.take());
        break;
      }
      case 3:
        b = splice(b, at, 0, r.bytes(1 + r.small(8)));
        break;
      case 4:
        b = splice(b, at, 1 + r.small(16));
        break;
      case 5:
        b = b.subarray(0, at);
        break;
      case 6: {
        // A splice of another input: type definitions of one stream, values of another.
        const from = r.int(other.length + 1);
        b = splice(b, at, r.small(32), other.subarray(from, from + 1 + r.small(64)));
        break;
      }
      case 7: {
        // Repeat a stretch (a message sent twice, a definition repeated).
        const from = r.int(b.length + 1);
        b = splice(b, at, 0, b.slice(from, from + 1 + r.small(48)));
        break;
      }
      default:
        if (b.length > 0) b[r.int(b.length)] = r.pick([0x00, 0x01, 0x7f, 0x80, 0xf8, 0xf7, 0xff, 0xfe]);
    }
  }
  return b;
}

/** Cut offsets for feeding `n` bytes in chunks: every byte, random sizes, or socket-sized. */
export function cuts(r: Rng, n: number): number[] {
  const out: number[] = [];
  const mode = n > 65536 ? 2 + r.int(2) : n > 4096 ? 1 + r.int(3) : r.int(4);
  for (let at = 0; at < n; ) {
    at += mode === 0 ? 1 : mode === 1 ? 1 + r.int(8) : mode === 2 ? r.pick([256, 1024, 4096]) : 1 + r.int(Math.max(1, n >> 1));
    if (at < n) out.push(at);
  }
  return out;
}
