// Schemas for the Go types of interop/internal/gobcases, declared by hand as a user would,
// and a parser from the Go type strings in each fixture's description to those schemas.
import { stringFromBytes, t, TypeRegistry, type Schema } from '../../src/gob/index.js';

export const Point = t.struct('gobcases.Point', { X: t.int, Y: t.int });
const Inner = t.struct('gobcases.Inner', { Msg: t.string, N: t.int });
const Money = t.gobEncoder('gobcases.Money');
const Version = t.binaryMarshaler('gobcases.Version');
type NodeT = { Val: number; Next: NodeT | null };
const Node: Schema<NodeT> = t.struct('gobcases.Node', () => ({ Val: t.int, Next: t.ptr(Node) }));
type TreeT = { Val: number; Children: (TreeT | null)[] };
const Tree: Schema<TreeT> = t.struct('gobcases.Tree', () => ({ Val: t.int, Children: t.slice(t.ptr(Tree)) }));
const B: Schema = t.struct('gobcases.B', () => ({ Count: t.int, A: t.ptr(A) }));
const A: Schema = t.struct('gobcases.A', () => ({ Name: t.string, B: t.ptr(B) }));
const Base = t.struct('gobcases.Base', { ID: t.int, Tag: t.string });
// Recursive without a struct: the element is a function, and the constant has its type.
type RecT = RecT[];
export const Rec: Schema<RecT> = t.slice(() => Rec, { name: 'gobcases.Rec' });
type RecMapT = Map<string, RecMapT>;
export const RecMap: Schema<RecMapT> = t.map(t.string, () => RecMap, { name: 'gobcases.RecMap' });
type RecArrayT = RecArrayT[][];
const RecArray: Schema<RecArrayT> = t.array(() => t.slice(RecArray), 2, { name: 'gobcases.RecArray' });
type RecMapSliceT = Map<string, RecMapSliceT[]>;
const RecMapSlice: Schema<RecMapSliceT> = t.map(t.string, () => t.slice(RecMapSlice), { name: 'gobcases.RecMapSlice' });
type MutMapT = Map<string, MutSliceT>;
type MutSliceT = MutMapT[];
export const MutMap: Schema<MutMapT> = t.map(t.string, () => MutSlice, { name: 'gobcases.MutMap' });
export const MutSlice: Schema<MutSliceT> = t.slice(MutMap, { name: 'gobcases.MutSlice' });

/** 64-bit integers as bigint so the extremes in the corpus are exact. */
const big = {
  int: t.intn,
  int64: t.int64n,
  uint: t.uintn,
  uint64: t.uint64n,
  uintptr: Object.freeze({ kind: 'uint', goName: 'uintptr', bits: 64, mode: 'bigint' }) as Schema<bigint>,
};

export const NAMED: Record<string, Schema> = {
  'gobcases.Point': Point,
  'gobcases.AllKinds': t.struct('gobcases.AllKinds', {
    B: t.bool,
    I8: t.int8,
    I16: t.int16,
    I32: t.int32,
    I64: big.int64,
    I: big.int,
    U8: t.uint8,
    U16: t.uint16,
    U32: t.uint32,
    U64: big.uint64,
    U: big.uint,
    UP: big.uintptr,
    F32: t.float32,
    F64: t.float64,
    C64: t.complex64,
    C128: t.complex128,
    S: t.string,
    Bytes: t.bytes,
  }),
  'gobcases.Line': t.struct('gobcases.Line', { From: Point, To: Point, Label: t.string }),
  'gobcases.Secretive': t.struct('gobcases.Secretive', { Name: t.string, Count: t.int }),
  'gobcases.Empty': t.struct('gobcases.Empty', {}),
  'gobcases.Derived': t.struct('gobcases.Derived', { Base, Extra: t.string }),
  'gobcases.Pointers': t.struct('gobcases.Pointers', {
    P: t.ptr(t.int),
    PP: t.ptr(t.ptr(t.string)),
    N: t.ptr(t.int),
    S: t.ptr(Point),
    NS: t.ptr(Point),
  }),
  'gobcases.Composite': t.struct('gobcases.Composite', {
    Points: t.slice(Point),
    ByName: t.map(t.string, Point),
    Pair: t.array(t.int, 2),
    Anon: t.struct('', { A: t.int, B: t.string }),
    Timeout: t.duration,
    List: t.slice(t.int, { name: 'gobcases.IntList' }),
    Temp: t.named('gobcases.Celsius', t.float64),
  }),
  'gobcases.SameShapes': t.struct('gobcases.SameShapes', {
    I32: t.slice(t.int32),
    I: t.slice(t.int),
    I8: t.slice(t.int8),
    Temps: t.slice(t.named('gobcases.Celsius', t.float64)),
    F: t.slice(t.float64),
    M32: t.map(t.string, t.int32),
    M: t.map(t.string, t.int),
    List: t.slice(t.int, { name: 'gobcases.IntList' }),
    P32: t.slice(t.ptr(t.int32)),
    MP: t.map(t.string, t.ptr(t.int)),
  }),
  'gobcases.Singles': t.struct('gobcases.Singles', {
    S: t.slice(t.float32),
    M: t.map(t.string, t.float32),
    C: t.slice(t.complex64),
    V: t.any,
    A: t.array(t.float32, 2),
    F: t.float32,
  }),
  'gobcases.MapFields': t.struct('gobcases.MapFields', {
    NilMap: t.map(t.string, t.int),
    EmptyMap: t.map(t.string, t.int),
    NilSlice: t.slice(t.int),
    EmptySlice: t.slice(t.int),
    After: t.int,
  }),
  'gobcases.Node': Node,
  'gobcases.Tree': Tree,
  'gobcases.A': A,
  'gobcases.Rec': Rec,
  'gobcases.RecMap': RecMap,
  'gobcases.RecArray': RecArray,
  'gobcases.RecMapSlice': RecMapSlice,
  'gobcases.MutMap': MutMap,
  'gobcases.MutSlice': MutSlice,
  'gobcases.RecFields': t.struct('gobcases.RecFields', { R: Rec, M: RecMap, List: t.slice(Rec), N: big.int }),
  'gobcases.Holder': t.struct('gobcases.Holder', { V: t.any, L: t.slice(t.any), M: t.map(t.string, t.any) }),
  'gobcases.Stamped': t.struct('gobcases.Stamped', { When: t.time, Label: t.string }),
  'gobcases.Money': Money,
  'gobcases.Version': Version,
  'gobcases.Marshalers': t.struct('gobcases.Marshalers', {
    When: t.time,
    Amount: Money,
    Ver: Version,
    Big: t.bigInt,
    NilBig: t.bigInt,
    Prices: t.slice(Money),
    Versions: t.slice(Version),
    Bigs: t.slice(t.bigInt),
    Times: t.slice(t.time),
  }),
  'gobcases.Item': t.struct('gobcases.Item', {
    ID: big.int64,
    Name: t.string,
    Price: t.float64,
    Tags: t.slice(t.string),
    Attrs: t.map(t.string, big.int),
    Pos: t.struct('', { X: big.int, Y: big.int }),
    Data: t.bytes,
  }),
  'gobcases.ByteStrings': t.struct('gobcases.ByteStrings', {
    ID: t.string,
    Tags: t.slice(t.string),
    ByKey: t.map(t.string, t.string),
    V: t.any,
    L: t.slice(t.any),
  }),
  'gobcases.LongRows': t.struct('gobcases.LongRows', {
    Names: t.slice(t.string),
    Labels: t.slice(t.string),
    Samples: t.slice(t.float64),
    Micros: t.slice(big.int64),
    Flags: t.slice(t.bool),
    Counts: t.slice(t.int32),
    Ratios: t.slice(t.float32),
    Sizes: t.slice(big.uint64),
  }),
  'time.Time': t.time,
  '*big.Int': t.bigInt,
};

const BASIC: Record<string, Schema> = {
  bool: t.bool,
  int8: t.int8,
  int16: t.int16,
  int32: t.int32,
  uint8: t.uint8,
  uint16: t.uint16,
  uint32: t.uint32,
  float32: t.float32,
  float64: t.float64,
  complex64: t.complex64,
  complex128: t.complex128,
  string: t.string,
  'interface {}': t.any,
  ...big,
};

/** Parses a Go type string as reflect prints it ("map[gobcases.Point]string", "*[]int"). */
export function parseGoType(s: string): Schema {
  s = s.trim();
  if (NAMED[s]) return NAMED[s]!;
  if (BASIC[s]) return BASIC[s]!;
  if (s === '[]uint8') return t.bytes;
  if (s.startsWith('*')) return t.ptr(parseGoType(s.slice(1)));
  if (s.startsWith('[]')) return t.slice(parseGoType(s.slice(2)));
  let m = /^\[(\d+)\](.*)$/.exec(s);
  if (m) return t.array(parseGoType(m[2]!), Number(m[1]));
  if (s.startsWith('map[')) {
    let depth = 0;
    for (let i = 3; i < s.length; i++) {
      if (s[i] === '[') depth++;
      else if (s[i] === ']' && --depth === 0) return t.map(parseGoType(s.slice(4, i)), parseGoType(s.slice(i + 1)));
    }
  }
  m = null;
  throw new Error(`no schema for Go type ${s}`);
}

/** The concrete types the corpus sends inside interfaces, under the names Go registered. */
export function corpusRegistry(): TypeRegistry {
  const r = new TypeRegistry();
  r.register(Point, 'main.Point');
  r.register(Inner, '*main.Inner');
  r.register(t.struct('gobcases.Wrapper', { Label: t.string, Inner: t.any }), 'main.Wrapper');
  r.register(Money, 'main.Money');
  r.register(Version, 'main.Version');
  r.register(t.map(t.string, big.int), 'map[string]int');
  // Go's gob.RegisterName("main.\xffRaw", Raw{}): a name that is not UTF-8.
  r.register(
    t.struct('gobcases.Raw', { B: t.string }),
    stringFromBytes(Uint8Array.of(...Buffer.from('main.'), 0xff, ...Buffer.from('Raw'))),
  );
  r.register(Rec, 'main.Rec');
  r.register(RecMap, 'main.RecMap');
  for (const name of ['bool', 'int8', 'uint16', 'float64', 'complex128', 'string', 'uintptr', 'int', 'uint']) {
    r.register(parseGoType(name), name);
  }
  r.register(t.bytes, '[]uint8');
  r.register(t.slice(t.string), '[]string');
  r.register(t.slice(big.int), '[]int');
  return r;
}

/** The schema of each value of a fixture, from its goType ("T" or "T1, T2, ..." or "T ×3"). */
export function fixtureSchemas(goType: string, count: number): Schema[] {
  const times = /^(.*) ×(\d+)$/.exec(goType);
  if (times) return Array.from({ length: Number(times[2]) }, () => parseGoType(times[1]!));
  const parts = goType.split(/,\s*(?![^[]*\])/).map(parseGoType);
  if (parts.length === 1 && count > 1) return Array.from({ length: count }, () => parts[0]!);
  return parts;
}
