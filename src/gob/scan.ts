// Finding where a value ends before decoding it. A value is one message, except that an interface
// value may continue in later messages: Go's encoder flushes the message so far whenever it sends
// the definition of an interface's concrete type (encoder.go sendTypeDescriptor), and decode.go's
// decodeInterface reads on through decodeTypeSequence, pulling messages as needed. Go's decoder
// blocks in recvMessage for them; this one cannot block. A value whose wire type can hold an
// interface is first decoded directly over the messages that have arrived (decoder.ts
// decodeDirect); only when that needs one more, or fails, is it undone and the value walked by the
// scanner below, which stops and resumes at message ends and so reads every byte once however the
// input is split. When it has seen every message the value needs, the compiled decoder reads the
// value synchronously, never short of a message.
//
// The walk reads exactly what the compiled decoder reads (decode.ts compile and compileIgnore: the
// local schema decides which fields and interface contents are decoded and which are skipped), so
// both cross messages at the same points. It stops early only where the decoder must fail at or
// before the same byte; the decoder then reports the error with its own text. Type definitions
// met inside the value are received here, once; the decoder skips them where the scan recorded them.
import { GobError } from './error.js';
import { Reader, type StringCache } from './reader.js';
import { fieldIndex, fieldOpIds } from './decode.js';
import { skipMarshaled } from './decode-basic.js';
import { holdsInterface } from './decode-elements.js';
import type { TypeRegistry } from './registry.js';
import { baseOf, type Schema } from '../schema/index.js';
import { BUILTIN_WIRE_TYPES, ignoredWire, readTypeId, TypeId, topWire, type WireType, wireOfKind } from './wire.js';

/** What the scanner needs from its Decoder. */
export interface ScanContext {
  readonly wireTypes: ReadonlyMap<number, WireType>;
  readonly registry: TypeRegistry | undefined;
  readonly maxDepth: number;
  readonly maxInterfaceNameLength: number;
  /** The decoder's interface names by their bytes. */
  readonly names: StringCache;
  /** True while decoding without a schema (unregistered interface names are then accepted). */
  schemaLess(): boolean;
  /** The message `k` places after the value's first one, or undefined if it has not arrived. */
  peek(k: number): Uint8Array | undefined;
  /** Whether a bad length waits in the input after the messages that have arrived. */
  failed(): boolean;
  /** decoder.go's recvType: registers the type, or throws as the decoder would. */
  recvType(r: Reader, id: number): void;
  /** The schema-less schema of a whole value of a remote type (decode.ts deriveTop). */
  derive(id: number): Schema;
  /** Compiles the decoder of an interface's concrete value, throwing the decoder's compile errors. */
  compileTop(local: Schema, id: number): void;
  /** Counts message bytes handed to a reader (the operation counter tests use). */
  loaded(bytes: number): void;
  /** Whether a value of remote type `id` can hold an interface (see {@link reachesInterface}). */
  reaches(id: number): boolean;
  /**
   * The decoder's compiled closure skipping a value of remote type `id` (a whole value behind
   * its delta when `top`), for values that hold no interface and so lie in one message.
   */
  skipper(id: number, top: boolean): (r: Reader) => unknown;
}

// What a node of the walk does with its value.
const SKIP = 0; //   holds no interface: the decoder's compiled skip closure
const DELTA = 1; //  a non-struct value at top level: a zero delta, then the value
const STRUCT = 2;
const SEQ = 3; //    slice or array
const MAP = 4;
const IFACE = 5;
const HALT = 6; //   the decoder fails here (a type it cannot read): visiting it ends the scan

/**
 * How to walk a value of one remote type read into one local schema (or skipped), prepared
 * once per pair as the decoder compiles once per pair, so the walk itself never looks at a
 * schema. Children are prepared when first reached, which also ends recursive types.
 */
class ScanNode {
  op = SKIP;
  /** SKIP: the compiled skip closure. */
  skip: ((r: Reader) => unknown) | undefined = undefined;
  /** STRUCT: the wire field count; SEQ: the array length, or -1 for a slice. */
  n = 0;
  /** SEQ, MAP: whether every element must start inside the message (decode.ts per-element check). */
  perElement = false;
  /** IFACE: skipped (decode.ts ignoreInterface) rather than decoded. */
  ignore = false;
  /** Per child (STRUCT: wire fields; SEQ: the element; MAP: key, element): local schema, remote id, node. */
  readonly locals: (Schema | null)[] = [];
  readonly ids: number[] = [];
  readonly kids: (ScanNode | undefined)[] = [];
}

/** One composite value being walked. Frames are reused, so a long stream allocates few. */
class Frame {
  node: ScanNode = new ScanNode();
  /** STRUCT: the last field number read. SEQ, MAP: elements read. */
  i = 0;
  /** SEQ, MAP: element count. */
  n = 0;
  /** MAP: whether the next read is a key. IFACE: whether the type sequence is still being read. */
  first = true;
  registered: Schema | undefined = undefined;
}

/** The key of skipped values in the node cache. */
const IGNORED = {};

/** The node of every value whose preparing showed the decoder must fail; never cached. */
const HALT_NODE = new ScanNode();
HALT_NODE.op = HALT;

/**
 * A resumable walk over one value's messages. {@link begin} it at the byte after the value's
 * type id, then call {@link run} after each arrival until it returns true.
 */
export class ValueScan {
  private readonly r = new Reader();
  private readonly stack: Frame[] = [];
  private sp = 0;
  private depth = 0;
  /**
   * Set where the decoder is bound to fail at or before the byte reached (see {@link halt}):
   * the scan ends there, each step returning at once, and the decoder reports the error.
   */
  private halted = false;
  /** Messages taken after the first. */
  private taken = 0;
  /** The value's local schema (null: skipped) and remote type, and its node once prepared. */
  private topLocal: Schema | null = null;
  private topId = 0;
  private topNode: ScanNode | undefined;
  private readonly nodes = new Map<object, Map<number, ScanNode>>();
  private readonly topNodes = new Map<object, Map<number, ScanNode>>();
  /** Where each type definition received during the scan lies: message, start, end, id. */
  readonly defs: { buf: Uint8Array; start: number; end: number; id: number }[] = [];

  constructor(private readonly ctx: ScanContext) {}

  /**
   * Starts walking a value of remote type `id` into `local` (null: skipped, Go's `Decode(nil)`)
   * whose first message is `first` up to `end`, its bytes starting at `pos`.
   */
  begin(first: Uint8Array, pos: number, end: number, local: Schema | null, id: number): void {
    this.r.window(first, pos, end);
    this.ctx.loaded(end - pos);
    this.sp = 0;
    this.depth = 0;
    this.halted = false;
    this.taken = 0;
    this.topNode = undefined;
    this.topLocal = local;
    this.topId = id;
    // Setting an array's length is not free; most values have no definitions to forget.
    if (this.defs.length > 0) this.defs.length = 0;
  }

  /** Forgets the prepared nodes and what was compiled (types they name were dropped). */
  clear(): void {
    this.nodes.clear();
    this.topNodes.clear();
  }

  /**
   * Walks on. True when the value's messages have all arrived (or the value is bad, which the
   * decoder will report); false when it waits for a message, where the next call resumes.
   */
  run(): boolean {
    try {
      if (this.topNode === undefined) {
        this.topNode = this.nodeTop(this.topLocal, this.topId);
        this.visit(this.topNode);
      }
      while (this.sp > 0 && !this.halted) {
        const f = this.stack[this.sp - 1]!;
        const op = f.node.op;
        if (op === STRUCT) this.stepStruct(f);
        else if (op === SEQ) this.stepSeq(f);
        else if (op === MAP) this.stepMap(f);
        else if (!this.stepInterface(f)) return false;
      }
      return true;
    } catch (e) {
      // The reader's and recvType's own errors: the decoder meets the same.
      if (e instanceof GobError) return true;
      throw e;
    }
  }

  /** Ends the scan where the decoder is bound to fail too. */
  private halt(): void {
    this.halted = true;
  }

  private wire(id: number): WireType | undefined {
    return this.ctx.wireTypes.get(id) ?? BUILTIN_WIRE_TYPES.get(id);
  }

  /** The node of a whole value (decode.ts compileTop and ignoreTop). */
  private nodeTop(local: Schema | null, id: number): ScanNode {
    const key = local ?? IGNORED;
    let byId = this.topNodes.get(key);
    if (!byId) this.topNodes.set(key, (byId = new Map()));
    let node = byId.get(id);
    if (node) return node;
    if (!this.ctx.reaches(id)) {
      node = new ScanNode();
      node.skip = this.ctx.skipper(id, true);
    } else {
      const w = this.wire(id);
      // A whole value skipped is read by its struct when its definition sets one among other
      // kinds (decode.ts ignoreTop), where a field of the type is read by another.
      const top = local === null && w !== undefined ? topWire(w) : undefined;
      if (top !== undefined && top.kind === 'struct' && top !== ignoredWire(w!)) {
        node = new ScanNode();
        this.struct(node, null, top);
      } else if (local === null ? top?.kind === 'struct' : baseOf(local).kind === 'struct') {
        node = this.node(local, id);
        if (node === HALT_NODE) return node;
      } else {
        // A struct as itself, anything else behind a zero delta.
        node = new ScanNode();
        node.op = DELTA;
        node.locals.push(local);
        node.ids.push(id);
      }
    }
    byId.set(id, node);
    return node;
  }

  /** The node of a value of remote type `id` read into `local`, or skipped when null. */
  private node(local: Schema | null, id: number): ScanNode {
    const key = local ?? IGNORED;
    let byId = this.nodes.get(key);
    if (!byId) this.nodes.set(key, (byId = new Map()));
    let node = byId.get(id);
    if (node) return node;
    node = new ScanNode();
    // Cached before its children are prepared, so a recursive type finds itself; dropped again
    // if preparing fails.
    byId.set(id, node);
    let ok = false;
    try {
      ok = this.prepare(node, local, id);
    } finally {
      if (!ok) byId.delete(id);
    }
    return ok ? node : HALT_NODE;
  }

  /** Prepares `node`; false where the decoder cannot read remote type `id` into `local`. */
  private prepare(node: ScanNode, local: Schema | null, id: number): boolean {
    // What holds no interface cannot leave its message: it is skipped at the speed of compiled
    // code. Its bytes are the same whether decoded or skipped, and where the two differ in checks
    // the value is bad and the decoder fails before reaching another message.
    if (!this.ctx.reaches(id)) {
      node.skip = this.ctx.skipper(id, false);
      return true;
    }
    if (id === TypeId.interface) {
      node.op = IFACE;
      node.ignore = local === null;
      return true;
    }
    const wire = this.wire(id);
    if (wire === undefined) return false;
    if (local !== null) {
      // The part of the definition the local kind asks for (a definition may set several).
      const s = baseOf(local);
      const w = wireOfKind(wire, s.kind === 'slice' || s.kind === 'array' || s.kind === 'map' || s.kind === 'struct' ? s.kind : wire.kind);
      if (w === undefined) return false;
      switch (s.kind) {
        case 'slice':
        case 'array':
          return this.seq(node, s.elem, w.elem, s.kind === 'array' ? s.len : -1, holdsInterface(s.elem));
        case 'map':
          return this.map(node, s.key, w.key, s.elem, w.elem, holdsInterface(s.key) || holdsInterface(s.elem));
        case 'struct':
          return this.struct(node, s, w);
        case 'external':
          // A marshaler's bytes, whatever else its definition sets (see children).
          node.skip = skipMarshaled;
          return true;
        default:
          // A kind this walk does not know reads as the stream describes it.
          return this.prepare(node, this.ctx.derive(id), id);
      }
    }
    const w = ignoredWire(wire);
    switch (w.kind) {
      case 'slice':
        return this.seq(node, null, w.elem, -1, true);
      case 'array':
        return this.seq(node, null, w.elem, w.len, true);
      case 'map':
        return this.map(node, null, w.key, null, w.elem, true);
      case 'struct':
        return this.struct(node, null, w);
      default:
        return false;
    }
  }

  /** A struct read into `local` (null: skipped) by its definition `w`. */
  private struct(node: ScanNode, local: (Schema & { kind: 'struct' }) | null, w: WireType): true {
    const byName = local === null ? undefined : fieldIndex(local.fields);
    // The ids the decoder reads the fields by (decode.ts fieldOpIds).
    const ids = local === null ? undefined : fieldOpIds(local.fields, w.fields, byName!);
    node.op = STRUCT;
    node.n = w.fields.length;
    w.fields.forEach((wf, k) => {
      const j = byName?.get(wf.name);
      node.locals.push(j === undefined ? null : local!.fields[j]!.schema);
      node.ids.push(ids === undefined ? wf.id : ids[k]!);
    });
    return true;
  }

  private seq(node: ScanNode, elem: Schema | null, elemId: number, arrayLen: number, perElement: boolean): true {
    node.op = SEQ;
    node.n = arrayLen;
    node.perElement = perElement;
    node.locals.push(elem);
    node.ids.push(elemId);
    return true;
  }

  private map(node: ScanNode, key: Schema | null, keyId: number, elem: Schema | null, elemId: number, perElement: boolean): true {
    node.op = MAP;
    node.perElement = perElement;
    node.locals.push(key, elem);
    node.ids.push(keyId, elemId);
    return true;
  }

  private kid(node: ScanNode, i: number): ScanNode {
    const cached = node.kids[i];
    if (cached !== undefined) return cached;
    const kid = this.node(node.locals[i]!, node.ids[i]!);
    // A node that failed is prepared again next time, as the decoder compiles again.
    if (kid !== HALT_NODE) node.kids[i] = kid;
    return kid;
  }

  /** A frame for `node` on the stack; undefined, the scan halted, past the nesting limit. */
  private push(node: ScanNode): Frame | undefined {
    if (++this.depth > this.ctx.maxDepth) {
      this.halt();
      return undefined;
    }
    let f = this.stack[this.sp];
    if (f === undefined) this.stack.push((f = new Frame()));
    this.sp++;
    f.node = node;
    return f;
  }

  private pop(): void {
    this.sp--;
    this.depth--;
  }

  /** One value, as the decoder's compiled closure for its (schema, remote type) reads it. */
  private visit(node: ScanNode): void {
    const r = this.r;
    switch (node.op) {
      case SKIP:
        r.depth = this.depth;
        node.skip!(r);
        return;
      case DELTA:
        if (r.uint() !== 0) return this.halt();
        return this.visit(this.kid(node, 0));
      case STRUCT: {
        const f = this.push(node);
        if (f !== undefined) f.i = -1;
        return;
      }
      case SEQ: {
        const n = r.uint();
        if ((node.n >= 0 && n !== node.n) || (!node.perElement && n > r.remaining)) return this.halt();
        const f = this.push(node);
        if (f === undefined) return;
        f.n = n;
        f.i = 0;
        return;
      }
      case MAP: {
        const n = r.uint();
        if (!node.perElement && n * 2 > r.remaining) return this.halt();
        const f = this.push(node);
        if (f === undefined) return;
        f.n = n;
        f.i = 0;
        f.first = true;
        return;
      }
      case IFACE:
        return this.beginInterface(node);
      default:
        return this.halt();
    }
  }

  private stepSeq(f: Frame): void {
    if (f.i >= f.n) return this.pop();
    if (f.node.perElement && this.r.remaining === 0) return this.halt();
    f.i++;
    this.visit(this.kid(f.node, 0));
  }

  private stepMap(f: Frame): void {
    if (f.first) {
      if (f.i >= f.n) return this.pop();
      if (f.node.perElement && this.r.remaining === 0) return this.halt();
      f.i++;
      f.first = false;
      this.visit(this.kid(f.node, 0));
    } else {
      f.first = true;
      this.visit(this.kid(f.node, 1));
    }
  }

  /** As decode.go's decodeStruct: fields by delta until a zero delta or the end of the message. */
  private stepStruct(f: Frame): void {
    const r = this.r;
    if (r.pos >= r.end) return this.pop();
    const delta = r.uint();
    if (delta === 0) return this.pop();
    f.i += delta;
    if (f.i >= f.node.n) return this.halt();
    this.visit(this.kid(f.node, f.i));
  }

  /** decode.ts decodeInterface up to its type sequence. */
  private beginInterface(node: ScanNode): void {
    const r = this.r;
    const ignore = node.ignore;
    const nr = r.uint();
    if (nr > r.remaining || (!ignore && nr > 2 ** 31)) return this.halt();
    if (nr === 0) return;
    if (nr > this.ctx.maxInterfaceNameLength) return this.halt();
    const registry = this.ctx.registry;
    let registered: Schema | undefined;
    if (registry !== undefined && !ignore) {
      registered = this.lookup(registry, nr);
      if (registered === undefined && !this.ctx.schemaLess()) return this.halt();
    } else r.skip(nr);
    const f = this.push(node);
    if (f === undefined) return;
    f.registered = registered;
    f.first = true;
    // Mostly the type sequence and the whole concrete value follow in this message: read them
    // now, and when the value pushed nothing to walk, the interface is done.
    if (r.remaining > 0 && this.stepInterface(f) && !f.first && this.stack[this.sp - 1] === f) this.pop();
  }

  /**
   * The registered schema for the `n`-byte name at the cursor. A stream sends the same few
   * names over and over: they are read through the decoder's cache of names.
   */
  private lookup(registry: TypeRegistry, n: number): Schema | undefined {
    return registry.lookup(this.ctx.names.read(this.r, n));
  }

  /**
   * decoder.go's decodeTypeSequence inside an interface, then the concrete value. Returns false
   * when the next message has not arrived; the call after it arrives picks up here. (True when
   * the scan halted.)
   */
  private stepInterface(f: Frame): boolean {
    if (!f.first) {
      this.pop();
      return true;
    }
    const r = this.r;
    let id: number;
    for (;;) {
      if (r.remaining === 0) {
        const m = this.ctx.peek(this.taken);
        if (m === undefined) {
          if (!this.ctx.failed()) return false;
          this.halt();
          return true;
        }
        this.taken++;
        r.reset(m);
        this.ctx.loaded(m.length);
      }
      const start = r.pos;
      // A read that fails ends the walk: the decoder pulls no message after it (see decoder.ts valueTypeSequence).
      id = readTypeId(r);
      if (id >= 0) break;
      this.ctx.recvType(r, -id);
      this.defs.push({ buf: r.buf, start, end: r.pos, id: -id });
      if (r.remaining > 0) r.uint();
    }
    if (f.node.ignore) {
      r.skip(r.length('value'));
      this.pop();
      return true;
    }
    r.uint(); // the byte count of the value
    const schema = f.registered ?? this.ctx.derive(id);
    f.first = false;
    this.visit(this.concreteNode(schema, id));
    return true;
  }

  /**
   * {@link nodeTop} for an interface's concrete value. The first time, its decoder is compiled
   * too, so that compile errors stop the scan where they stop the decoder; a prepared node means
   * the decoder compiled (both are forgotten together, see clear).
   */
  private concreteNode(schema: Schema, id: number): ScanNode {
    const node = this.topNodes.get(schema)?.get(id);
    if (node !== undefined) return node;
    this.ctx.compileTop(schema, id);
    return this.nodeTop(schema, id);
  }
}

/**
 * Whether a value of remote type `id` can hold an interface value, and so span messages. The
 * answer is kept per id in `memo`: definitions never change while registered (the Decoder
 * clears it when it forgets definitions).
 */
export function reachesInterface(id: number, wireTypes: ReadonlyMap<number, WireType>, memo: Map<number, boolean>): boolean {
  if (id === TypeId.interface) return true;
  const known = memo.get(id);
  if (known !== undefined) return known;
  const visiting = new Set<number>();
  const visited: number[] = [];
  const path: number[] = [];
  // Depth-first with an explicit stack, so a long chain of definitions cannot overflow the call stack.
  const stack: number[][] = [[id, ...children(wireTypes.get(id) ?? BUILTIN_WIRE_TYPES.get(id))]];
  let found = false;
  visiting.add(id);
  path.push(id);
  visited.push(id);
  while (stack.length > 0 && !found) {
    const todo = stack[stack.length - 1]!;
    const next = todo.length > 1 ? todo.pop()! : undefined;
    if (next === undefined) {
      stack.pop();
      path.pop();
      continue;
    }
    if (next === TypeId.interface || memo.get(next) === true) {
      found = true;
      break;
    }
    if (visiting.has(next) || memo.get(next) === false) continue;
    visiting.add(next);
    visited.push(next);
    path.push(next);
    stack.push([next, ...children(wireTypes.get(next) ?? BUILTIN_WIRE_TYPES.get(next))]);
  }
  if (found) {
    // Every type on the path to the interface reaches it.
    for (const p of path) memo.set(p, true);
    return true;
  }
  // Nothing reachable from `id` is an interface, so nothing it reached reaches one.
  for (const v of visited) memo.set(v, false);
  return false;
}

function children(w: WireType | undefined): number[] {
  if (w === undefined) return [];
  // A definition that sets several kinds is read by the one the local type asks for, which only
  // the walk knows (a skip closure would read another): it is walked, as if it held an interface.
  if (w.others !== undefined) return [TypeId.interface];
  switch (w.kind) {
    case 'struct':
      return w.fields.map((f) => f.id);
    case 'slice':
    case 'array':
      return [w.elem];
    case 'map':
      return [w.key, w.elem];
    default:
      return [];
  }
}
