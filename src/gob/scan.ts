// Finding where a value ends before decoding it. A value is one message, except that an interface
// value may continue in later messages: Go's encoder flushes the message so far whenever it sends
// the definition of an interface's concrete type (encoder.go sendTypeDescriptor), and decode.go's
// decodeInterface reads on through decodeTypeSequence, pulling messages as needed. Go's decoder
// blocks in recvMessage for them; this one cannot block, so a value whose wire type can hold an
// interface is first walked by the scanner below, which stops and resumes at message ends and so
// reads every byte once however the input is split. When it has seen every message the value
// needs, the compiled decoder reads the value synchronously, never short of a message.
//
// The walk reads exactly what the compiled decoder reads (decode.ts compile and compileIgnore: the
// local schema decides which fields and interface contents are decoded and which are skipped), so
// both cross messages at the same points. It stops early only where the decoder must fail at or
// before the same byte; the decoder then reports the error with its own text. Type definitions
// met inside the value are received here, once; the decoder skips them where the scan recorded them.
import { GobError } from './error.js';
import { Reader } from './reader.js';
import { fieldIndex, mayHoldInterface } from './decode.js';
import type { TypeRegistry } from './registry.js';
import { baseOf, type Schema } from './schema.js';
import { BUILTIN_WIRE_TYPES, TypeId, type WireType } from './wire.js';

/** What the scanner needs from its Decoder. */
export interface ScanContext {
  readonly wireTypes: ReadonlyMap<number, WireType>;
  readonly registry: TypeRegistry | undefined;
  readonly maxDepth: number;
  readonly maxInterfaceNameLength: number;
  /** True while decoding without a schema (unregistered interface names are then accepted). */
  schemaLess(): boolean;
  /** The message `k` places after the value's first one, or undefined if it has not arrived. */
  peek(k: number): Uint8Array | undefined;
  /** Whether a bad length waits in the input after the messages that have arrived. */
  failed(): boolean;
  /** decoder.go's recvType: registers the type, or throws as the decoder would. */
  recvType(r: Reader, id: number): void;
  /** The schema-less schema of a remote type (decode.ts derive). */
  derive(id: number): Schema;
  /** Compiles the decoder of an interface's concrete value, throwing the decoder's compile errors. */
  compileTop(local: Schema, id: number): void;
  /** Counts message bytes handed to a reader (the operation counter tests use). */
  loaded(bytes: number): void;
  /** Whether a value of remote type `id` can hold an interface (see {@link reachesInterface}). */
  reaches(id: number): boolean;
  /**
   * Skips a value of remote type `id`, which holds no interface and so lies in one message,
   * with the decoder's compiled skip closure (a whole value behind its delta when `top`).
   */
  skip(r: Reader, id: number, top: boolean): void;
}

/** Raised inside the scan where the decoder is bound to fail too: the scan ends there. */
const STOP = new Error('gob scan stop');

const STRUCT = 0;
const SEQ = 1;
const MAP = 2;
const IFACE = 3;

/** One composite value being walked. Frames are reused, so a long stream allocates few. */
class Frame {
  kind = STRUCT;
  /** STRUCT: the local struct, or null when its fields are skipped. */
  local: (Schema & { kind: 'struct' }) | null = null;
  /** STRUCT: the wire type's fields; its length bounds the field numbers. */
  fields: readonly { id: number }[] = [];
  /** STRUCT: per wire field, the local schema it fills, or null to skip it. */
  plan: readonly (Schema | null)[] = [];
  field = -1;
  /** SEQ, MAP: element count and elements read. */
  n = 0;
  i = 0;
  /** SEQ, MAP: whether every element must start inside the message (decode.ts per-element check). */
  perElement = false;
  elem: Schema | null = null;
  elemId = 0;
  key: Schema | null = null;
  keyId = 0;
  /** MAP: whether the next read is a key. IFACE: whether the type sequence is still being read. */
  first = true;
  /** IFACE: skipped (decode.ts ignoreInterface) rather than decoded. */
  ignore = false;
  registered: Schema | undefined = undefined;
}

/**
 * A resumable walk over one value's messages. {@link begin} it at the byte after the value's
 * type id, then call {@link run} after each arrival until it returns true.
 */
export class ValueScan {
  private readonly r = new Reader();
  private readonly stack: Frame[] = [];
  private sp = 0;
  private depth = 0;
  /** Messages taken after the first. */
  private taken = 0;
  private top: Schema | null = null;
  private topId = 0;
  private started = false;
  private readonly holdsMemo = new Map<Schema, boolean>();
  private lastName: Uint8Array = new Uint8Array(0);
  private lastRegistered: Schema | undefined;
  /** The concrete (schema, id) last compiled, which need not be looked up again. */
  private lastCompiled: Schema | undefined;
  private lastCompiledId = -1;
  private readonly plans = new Map<Schema, Map<number, (Schema | null)[]>>();
  /** Where each type definition received during the scan lies: message, start, end, id. */
  readonly defs: { buf: Uint8Array; start: number; end: number; id: number }[] = [];

  constructor(private readonly ctx: ScanContext) {}

  /** Starts walking a value of remote type `id` into `local` (null: skipped, Go's `Decode(nil)`). */
  begin(first: Uint8Array, pos: number, local: Schema | null, id: number): void {
    this.r.reset(first);
    this.r.pos = pos;
    this.ctx.loaded(first.length - pos);
    this.sp = 0;
    this.depth = 0;
    this.taken = 0;
    this.top = local;
    this.topId = id;
    this.started = false;
    // Setting an array's length is not free; most values have no definitions to forget.
    if (this.defs.length > 0) this.defs.length = 0;
  }

  /** Forgets the struct plans and what was compiled (types they name were dropped). */
  clear(): void {
    this.plans.clear();
    this.lastCompiled = undefined;
    this.lastCompiledId = -1;
  }

  /**
   * Walks on. True when the value's messages have all arrived (or the value is bad, which the
   * decoder will report); false when it waits for a message, where the next call resumes.
   */
  run(): boolean {
    try {
      if (!this.started) {
        this.started = true;
        this.visitTop(this.top, this.topId);
      }
      while (this.sp > 0) {
        const f = this.stack[this.sp - 1]!;
        if (f.kind === STRUCT) this.stepStruct(f);
        else if (f.kind === SEQ) this.stepSeq(f);
        else if (f.kind === MAP) this.stepMap(f);
        else if (!this.stepInterface(f)) return false;
      }
      return true;
    } catch (e) {
      if (e === STOP || e instanceof GobError) return true;
      throw e;
    }
  }

  private wire(id: number): WireType | undefined {
    return this.ctx.wireTypes.get(id) ?? BUILTIN_WIRE_TYPES.get(id);
  }

  private push(kind: number): Frame {
    if (++this.depth > this.ctx.maxDepth) throw STOP;
    let f = this.stack[this.sp];
    if (f === undefined) this.stack.push((f = new Frame()));
    this.sp++;
    f.kind = kind;
    return f;
  }

  private pop(): void {
    this.sp--;
    this.depth--;
  }

  /** decode.ts compileTop and ignoreTop: a struct as itself, anything else behind a zero delta. */
  private visitTop(local: Schema | null, id: number): void {
    if (!this.ctx.reaches(id)) return this.skip(id, true);
    const isStruct = local === null ? this.wire(id)?.kind === 'struct' : baseOf(local).kind === 'struct';
    if (!isStruct && this.r.uint() !== 0) throw STOP;
    this.visit(local, id);
  }

  /** One value of remote type `id` decoded into `local`, as decode.ts compile reads it. */
  private visit(local: Schema | null, id: number): void {
    // What holds no interface cannot leave its message: skip it at the speed of compiled code.
    // Its bytes are the same whether it is decoded or skipped, and where the two differ in
    // checks the value is bad and the decoder fails before reaching another message.
    if (!this.ctx.reaches(id)) return this.skip(id, false);
    if (local === null) return this.visitIgnored(id);
    const s = baseOf(local);
    const r = this.r;
    switch (s.kind) {
      case 'bool':
      case 'int':
      case 'uint':
      case 'float':
        r.uint();
        return;
      case 'complex':
        r.uint();
        r.uint();
        return;
      case 'string':
      case 'bytes':
      case 'external':
        r.skip(r.length('value'));
        return;
      case 'interface':
        return this.beginInterface(false);
      case 'slice':
      case 'array': {
        const w = this.wire(id);
        if (w === undefined) throw STOP;
        return this.beginSeq(s.elem, w.elem, s.kind === 'array' ? s.len : -1, this.holds(s.elem));
      }
      case 'map': {
        const w = this.wire(id);
        if (w === undefined) throw STOP;
        return this.beginMap(s.key, w.key, s.elem, w.elem, this.holds(s.key) || this.holds(s.elem));
      }
      case 'struct':
        return this.pushStruct(s, id);
      default:
        // A kind this walk does not know reads as the stream describes it.
        return this.visit(this.ctx.derive(id), id);
    }
  }

  private skip(id: number, top: boolean): void {
    this.r.depth = this.depth;
    this.ctx.skip(this.r, id, top);
  }

  /** decode.ts mayHoldInterface, kept per schema. */
  private holds(s: Schema): boolean {
    let h = this.holdsMemo.get(s);
    if (h === undefined) this.holdsMemo.set(s, (h = mayHoldInterface(s)));
    return h;
  }

  /** decode.ts compileIgnore: a value of remote type `id` skipped. */
  private visitIgnored(id: number): void {
    const r = this.r;
    switch (id) {
      case TypeId.bool:
      case TypeId.int:
      case TypeId.uint:
      case TypeId.float:
        r.uint();
        return;
      case TypeId.complex:
        r.uint();
        r.uint();
        return;
      case TypeId.string:
      case TypeId.bytes:
        r.skip(r.length('value'));
        return;
      case TypeId.interface:
        return this.beginInterface(true);
    }
    const w = this.wire(id);
    if (w === undefined) throw STOP;
    switch (w.kind) {
      case 'slice':
        return this.beginSeq(null, w.elem, -1, true);
      case 'array':
        return this.beginSeq(null, w.elem, w.len, true);
      case 'map':
        return this.beginMap(null, w.key, null, w.elem, true);
      case 'struct':
        return this.pushStruct(null, id);
      default:
        r.skip(r.length('value'));
    }
  }

  private beginSeq(elem: Schema | null, elemId: number, arrayLen: number, perElement: boolean): void {
    const n = this.r.uint();
    if (arrayLen >= 0 && n !== arrayLen) throw STOP;
    if (!perElement && n > this.r.remaining) throw STOP;
    const f = this.push(SEQ);
    f.n = n;
    f.i = 0;
    f.perElement = perElement;
    f.elem = elem;
    f.elemId = elemId;
  }

  private stepSeq(f: Frame): void {
    if (f.i >= f.n) return this.pop();
    if (f.perElement && this.r.remaining === 0) throw STOP;
    f.i++;
    this.visit(f.elem, f.elemId);
  }

  private beginMap(key: Schema | null, keyId: number, elem: Schema | null, elemId: number, perElement: boolean): void {
    const n = this.r.uint();
    if (!perElement && n * 2 > this.r.remaining) throw STOP;
    const f = this.push(MAP);
    f.n = n;
    f.i = 0;
    f.perElement = perElement;
    f.key = key;
    f.keyId = keyId;
    f.elem = elem;
    f.elemId = elemId;
    f.first = true;
  }

  private stepMap(f: Frame): void {
    if (f.first) {
      if (f.i >= f.n) return this.pop();
      if (f.perElement && this.r.remaining === 0) throw STOP;
      f.i++;
      f.first = false;
      this.visit(f.key, f.keyId);
    } else {
      f.first = true;
      this.visit(f.elem, f.elemId);
    }
  }

  private pushStruct(local: (Schema & { kind: 'struct' }) | null, id: number): void {
    const w = this.wire(id);
    if (w === undefined || w.kind !== 'struct') throw STOP;
    const f = this.push(STRUCT);
    f.local = local;
    f.fields = w.fields;
    f.plan = local === null ? EMPTY_PLAN : this.plan(local, w);
    f.field = -1;
  }

  /** decode.ts compileStruct's field plan: the local field each wire field fills, or null. */
  private plan(local: Schema & { kind: 'struct' }, w: WireType): (Schema | null)[] {
    let byId = this.plans.get(local);
    if (!byId) this.plans.set(local, (byId = new Map()));
    let p = byId.get(w.id);
    if (!p) {
      const byName = fieldIndex(local.fields);
      p = w.fields.map((wf) => {
        const j = byName.get(wf.name);
        return j === undefined ? null : local.fields[j]!.schema;
      });
      byId.set(w.id, p);
    }
    return p;
  }

  /** As decode.go's decodeStruct: fields by delta until a zero delta or the end of the message. */
  private stepStruct(f: Frame): void {
    const r = this.r;
    if (r.pos >= r.end) return this.pop();
    const delta = r.uint();
    if (delta === 0) return this.pop();
    f.field += delta;
    if (f.field >= f.fields.length) throw STOP;
    this.visit(f.local === null ? null : f.plan[f.field]!, f.fields[f.field]!.id);
  }

  /** decode.ts decodeInterface up to its type sequence. */
  private beginInterface(ignore: boolean): void {
    const r = this.r;
    const nr = r.uint();
    if (nr > r.remaining || (!ignore && nr > 2 ** 31)) throw STOP;
    if (nr === 0) return;
    if (nr > this.ctx.maxInterfaceNameLength) throw STOP;
    const registry = this.ctx.registry;
    let registered: Schema | undefined;
    if (registry !== undefined && !ignore) {
      registered = this.lookup(registry, nr);
      if (registered === undefined && !this.ctx.schemaLess()) throw STOP;
    } else r.skip(nr);
    const f = this.push(IFACE);
    f.ignore = ignore;
    f.registered = registered;
    f.first = true;
  }

  /**
   * The registered schema for the `n`-byte name at the cursor. A stream sends the same few
   * names over and over, so the last one is remembered by its bytes.
   */
  private lookup(registry: TypeRegistry, n: number): Schema | undefined {
    const r = this.r;
    const last = this.lastName;
    if (last.length === n && this.lastRegistered !== undefined) {
      let same = true;
      for (let i = 0; i < n; i++) {
        if (last[i] !== r.buf[r.pos + i]) {
          same = false;
          break;
        }
      }
      if (same) {
        r.skip(n);
        return this.lastRegistered;
      }
    }
    this.lastName = r.buf.slice(r.pos, r.pos + n);
    this.lastRegistered = registry.lookup(r.string(n));
    return this.lastRegistered;
  }

  /**
   * decoder.go's decodeTypeSequence inside an interface, then the concrete value. Returns false
   * when the next message has not arrived; the call after it arrives picks up here.
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
          if (this.ctx.failed()) throw STOP;
          return false;
        }
        this.taken++;
        r.reset(m);
        this.ctx.loaded(m.length);
      }
      const start = r.pos;
      id = r.int();
      if (id >= 0) break;
      this.ctx.recvType(r, -id);
      this.defs.push({ buf: r.buf, start, end: r.pos, id: -id });
      if (r.remaining > 0) r.uint();
    }
    if (f.ignore) {
      r.skip(r.length('value'));
      this.pop();
      return true;
    }
    r.uint(); // the byte count of the value
    const schema = f.registered ?? this.ctx.derive(id);
    if (schema !== this.lastCompiled || id !== this.lastCompiledId) {
      this.ctx.compileTop(schema, id);
      this.lastCompiled = schema;
      this.lastCompiledId = id;
    }
    f.first = false;
    this.visitTop(schema, id);
    return true;
  }
}

const EMPTY_PLAN: readonly (Schema | null)[] = [];

/**
 * Whether a value of remote type `id` can hold an interface value, and so span messages. The
 * answer is kept per id: definitions never change while registered (see {@link forgetReach}).
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
