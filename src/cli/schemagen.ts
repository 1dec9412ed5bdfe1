// Writes a TypeScript module of `t.*` schemas for the types a gob stream defined, as `dump
// --schema` and `record` print it. The stream's own schemas (from schema-less decoding) give the
// shapes; Go's type strings that the stream carries for unnamed composite types ("[]main.Money",
// "map[string]int64") give back what the wire drops: package-qualified names and integer sizes,
// which byte-identical re-encoding needs. Integers that came as values beyond 2^53 get the
// bigint schemas, so every value seen decodes and re-encodes.
import { type GoInterface, interfaceSchema, PREREGISTERED_NAMES, type Schema } from '../index.js';

/** A parsed Go type string (reflect's Type.String()). */
type GoType =
  | { k: 'name'; name: string }
  | { k: 'slice'; elem: GoType }
  | { k: 'array'; len: number; elem: GoType }
  | { k: 'map'; key: GoType; elem: GoType }
  | { k: 'ptr'; elem: GoType }
  | { k: 'other' };

/** Parses as much of a Go type string as the models need; unknown syntax becomes `other`. */
function parseGoType(s: string): GoType {
  let i = 0;
  const type = (): GoType => {
    if (s.startsWith('[]', i)) {
      i += 2;
      return { k: 'slice', elem: type() };
    }
    if (s[i] === '[') {
      const j = s.indexOf(']', i);
      const len = Number(s.slice(i + 1, j));
      i = j + 1;
      return { k: 'array', len, elem: type() };
    }
    if (s.startsWith('map[', i)) {
      i += 4;
      const key = type();
      if (s[i] !== ']') throw new Error('bad map');
      i++;
      return { k: 'map', key, elem: type() };
    }
    if (s[i] === '*') {
      i++;
      return { k: 'ptr', elem: type() };
    }
    const m = /^[A-Za-z_][\w]*(?:\.[A-Za-z_][\w]*)?/.exec(s.slice(i));
    if (!m || m[0] === 'struct' || m[0] === 'interface' || m[0] === 'func' || m[0] === 'chan') throw new Error('other');
    i += m[0].length;
    return { k: 'name', name: m[0] };
  };
  try {
    const t = type();
    return i === s.length ? t : { k: 'other' };
  } catch {
    return { k: 'other' };
  }
}

/** A wire name that is Go's String() of an unnamed composite type, as opposed to a type's own name. */
function isTypeString(n: string | undefined): n is string {
  return !!n && (n.startsWith('[') || n.startsWith('map[') || n.startsWith('*'));
}

/** Whether a composite's wire name is its own name (not "" and not Go's type string). */
function isNamedWire(n: string | undefined): n is string {
  return !!n && !isTypeString(n);
}

const GO_INTS = new Set(['int', 'int8', 'int16', 'int32', 'int64']);
const GO_UINTS = new Set(['uint', 'uint8', 'uint16', 'uint32', 'uint64', 'uintptr']);

type Model =
  | { kind: 'int' | 'uint'; goName: string; big: boolean; named?: string }
  | { kind: 'float'; bits: 32 | 64; named?: string }
  | { kind: 'basic'; expr: string; ts: string }
  | { kind: 'slice' | 'array'; elem: Model; len: number; name: string }
  | { kind: 'map'; key: Model; elem: Model; name: string }
  | { kind: 'ptr'; elem: Model }
  | StructModel
  | ExternalModel;

/**
 * A marshaler type: declared once as a constant, since encoders tell such types apart by
 * identity. Go sends one held by pointer (*big.Int, *big.Rat, a user's *T) without a name;
 * such a type is known only when a name reaches it from elsewhere (`qualified`, from a type
 * string such as "[]*big.Int" or an interface value's name), and otherwise stays raw bytes.
 */
interface ExternalModel {
  kind: 'external';
  marshal: 'gob' | 'binary' | 'text';
  wire: string;
  qualified: string;
  pointerReceiver: boolean;
  exportName: string;
  /** A name for the constant when the type has none: its struct's and field's. */
  hint: string;
}

interface StructModel {
  kind: 'struct';
  wire: string;
  qualified: string;
  fields: Array<{ name: string; model: Model }> | undefined;
  exportName: string;
}

/** The TypeScript type of an interface value (its model's `ts`, whatever name the interface has). */
const IFACE_TS = 'GoInterface | null';

/** The element of a composite model while its element is being modelled. */
const PENDING: Model = { kind: 'basic', expr: 't.any', ts: 'never' };

/** A service's method as `record` saw it: its argument and reply models. */
interface MethodModel {
  args: Model | undefined;
  reply: Model | undefined;
  /** The server said it has no such method or service (server.go's "rpc: can't find …"). */
  missing?: boolean;
  /** The server answered a call of it with an error (so, with `reply` unset, every answer was one). */
  failed?: boolean;
}

/** The names every TypeRegistry already holds (Go's registerBasics): registering them again is not needed. */
const PREREGISTERED = new Set(PREREGISTERED_NAMES);

/**
 * Names a generated declaration must not take (it gets a `_` appended): the module's own
 * imports and exports; the globals of JavaScript and TypeScript, which a declaration would
 * shadow in the module (a Go type `Map` declared as `interface Map` breaks every `Map<K, V>`
 * after it); and words that are valid Go type names but not TypeScript declaration names.
 */
// biome-ignore format: a word list, filled a line at a time by group (the module's names, JS globals, TS types, keywords)
const RESERVED = new Set([
  't', 'Schema', 'GoTime', 'GoInterface', 'Complex', 'TypeRegistry', 'defineService', 'registry', 'stream',
  'Array', 'ReadonlyArray', 'Map', 'ReadonlyMap', 'Set', 'ReadonlySet', 'WeakMap', 'WeakSet', 'WeakRef', 'Date',
  'Promise', 'PromiseLike', 'Error', 'TypeError', 'RangeError', 'Object', 'String', 'Number', 'Boolean', 'BigInt',
  'Symbol', 'Function', 'RegExp', 'JSON', 'Math', 'Reflect', 'Proxy', 'Intl', 'Iterable', 'Iterator', 'ArrayLike',
  'Record', 'Partial', 'Required', 'Readonly', 'Pick', 'Omit', 'Exclude', 'Extract', 'NonNullable', 'ReturnType',
  'Awaited', 'ArrayBuffer', 'SharedArrayBuffer', 'DataView', 'Uint8Array', 'Uint8ClampedArray', 'Int8Array',
  'Uint16Array', 'Int16Array', 'Uint32Array', 'Int32Array', 'Float32Array', 'Float64Array', 'BigInt64Array',
  'BigUint64Array', 'globalThis', 'undefined', 'NaN', 'Infinity', 'eval', 'arguments',
  'any', 'unknown', 'never', 'object', 'string', 'number', 'boolean', 'bigint', 'symbol', 'void', 'null',
  'break', 'case', 'catch', 'class', 'const', 'continue', 'debugger', 'default', 'delete', 'do', 'else', 'enum',
  'export', 'extends', 'false', 'finally', 'for', 'function', 'if', 'implements', 'import', 'in', 'instanceof',
  'interface', 'let', 'new', 'package', 'private', 'protected', 'public', 'return', 'static', 'super', 'switch',
  'this', 'throw', 'true', 'try', 'typeof', 'var', 'while', 'with', 'yield', 'await', 'type', 'as', 'of',
]);

/** Collects models from decoded values and their schemas, then renders them as one module. */
export class SchemaModule {
  /** Struct models by wire name and field names (one Go type across streams), or by identity when anonymous. */
  private readonly structs = new Map<unknown, StructModel>();
  private readonly structOrder: StructModel[] = [];
  /** Marshaler models by marshal kind and wire name, or by the stream's schema when the wire gives no name. */
  private readonly externals = new Map<unknown, ExternalModel>();
  /** The name an unnamed marshaler met while modelling a struct field would be declared under. */
  private hint = '';
  /** Named slice, array and map types, declared once each (encoders tell named types apart by identity). */
  private readonly namedComposites = new Map<string, Model & { exportName?: string }>();
  private readonly exportNames = new Set<string>();
  /** Go's package-qualified names, by the unqualified name the wire carries. */
  private readonly qualified = new Map<string, string>();
  private readonly ifaces = new Map<string, Model>();
  private readonly layout: Array<[Model, number]> = [];
  private readonly services = new Map<string, Map<string, MethodModel>>();

  /** Records one top-level value of the stream (for `dump --schema`). */
  addValue(schema: Schema, value: unknown): void {
    const m = this.model(schema);
    this.observe(m, value);
    const last = this.layout[this.layout.length - 1];
    if (last && last[0] === m) last[1]++;
    else this.layout.push([m, 1]);
  }

  /** Records one call's argument (reply: `side` 'reply') seen by `record`. */
  addCall(serviceMethod: string, side: 'args' | 'reply', schema: Schema, value: unknown): void {
    const dot = serviceMethod.lastIndexOf('.');
    if (dot <= 0) return;
    const service = serviceMethod.slice(0, dot);
    const method = serviceMethod.slice(dot + 1);
    let methods = this.services.get(service);
    if (!methods) this.services.set(service, (methods = new Map()));
    let mm = methods.get(method);
    if (!mm) methods.set(method, (mm = { args: undefined, reply: undefined }));
    const m = mm[side] ?? (mm[side] = this.model(schema));
    this.observe(m, value);
  }

  /**
   * Notes that the server answered a call of `serviceMethod` with `error`: Go's "rpc: can't
   * find service" or "can't find method" means there is no such method to list.
   */
  addFailure(serviceMethod: string, error: string): void {
    const dot = serviceMethod.lastIndexOf('.');
    const mm = this.services.get(serviceMethod.slice(0, dot))?.get(serviceMethod.slice(dot + 1));
    if (!mm) return;
    mm.failed = true;
    if (error.startsWith("rpc: can't find ")) mm.missing = true;
  }

  /** Whether anything was recorded. */
  get empty(): boolean {
    return this.layout.length === 0 && this.services.size === 0;
  }

  /**
   * Unnamed composite schemas being modelled. Go's recursive types are named, and a named
   * composite is registered before its element is modelled, so only a stream that is not Go's
   * can bring a type here again.
   */
  private readonly inProgress = new Set<Schema>();

  private model(s: Schema): Model {
    if (s.kind === 'ptr' || ((s.kind === 'slice' || s.kind === 'array' || s.kind === 'map') && !isNamedWire(s.wireName ?? s.name))) {
      if (this.inProgress.has(s)) throw new Error('--schema cannot write a type that contains itself without a name');
      this.inProgress.add(s);
      try {
        return this.modelOf(s);
      } finally {
        this.inProgress.delete(s);
      }
    }
    return this.modelOf(s);
  }

  private modelOf(s: Schema): Model {
    switch (s.kind) {
      case 'bool':
        return { kind: 'basic', expr: 't.bool', ts: 'boolean' };
      case 'int':
      case 'uint':
        return { kind: s.kind, goName: s.kind, big: false };
      case 'float':
        return { kind: 'float', bits: s.bits };
      case 'complex':
        return { kind: 'basic', expr: s.bits === 64 ? 't.complex64' : 't.complex128', ts: 'Complex' };
      case 'string':
        return { kind: 'basic', expr: 't.string', ts: 'string' };
      case 'bytes':
        return { kind: 'basic', expr: 't.bytes', ts: 'Uint8Array' };
      case 'interface':
        return { kind: 'basic', expr: 't.any', ts: IFACE_TS };
      case 'ptr':
        return { kind: 'ptr', elem: this.model(s.elem) };
      case 'slice':
      case 'array':
      case 'map':
        return this.compositeModel(s);
      case 'struct':
        return this.structModel(s);
      case 'external': {
        const wire = s.wireName ?? s.name;
        // Unnamed marshalers are as many types as the stream defined (one per type id).
        const key = wire === '' ? s : `${s.marshal}:${wire}:${!!s.pointerReceiver}`;
        let m = this.externals.get(key);
        if (!m) {
          m = {
            kind: 'external',
            marshal: s.marshal,
            wire,
            qualified: s.name.includes('.') ? s.name : '',
            pointerReceiver: !!s.pointerReceiver,
            exportName: '',
            hint: this.hint,
          };
          this.externals.set(key, m);
        }
        return m;
      }
    }
  }

  /**
   * A slice, array or map. A named one is declared once and registered before its element is
   * modelled, so a type that contains itself (`type Rec []Rec`, `type M map[string][]M`) ends
   * at its own model, as structModel does for structs.
   */
  private compositeModel(s: Schema & { kind: 'slice' | 'array' | 'map' }): Model {
    const wire = s.wireName ?? s.name ?? '';
    const named = isNamedWire(wire);
    if (named) {
      const seen = this.namedComposites.get(wire);
      if (seen) return seen;
    }
    const m = (
      s.kind === 'map'
        ? { kind: 'map', key: PENDING, elem: PENDING, name: named ? wire : '' }
        : { kind: s.kind, elem: PENDING, len: s.kind === 'array' ? s.len : 0, name: named ? wire : '' }
    ) as Model & { kind: 'slice' | 'array' | 'map' };
    if (named) this.namedComposites.set(wire, m);
    if (m.kind === 'map' && s.kind === 'map') m.key = this.model(s.key);
    m.elem = this.model(s.elem);
    if (isTypeString(wire)) this.unify(m, parseGoType(wire)); // a type string never starts with a pointer here
    return m;
  }

  private structModel(s: Schema & { kind: 'struct' }): StructModel {
    const wire = s.wireName ?? s.name ?? '';
    const key = wire ? `${wire}{${s.fields.map((f) => f.name).join(',')}}` : s;
    let m = this.structs.get(key);
    if (m) return m;
    m = {
      kind: 'struct',
      wire,
      qualified: wire.includes('.') ? wire : '',
      fields: undefined,
      exportName: this.exportName(goIdent(wire) || 'Struct'),
    };
    this.structs.set(key, m);
    this.structOrder.push(m);
    m.fields = s.fields.map((f) => {
      this.hint = goIdent(`${m.exportName}_${f.name}`);
      try {
        return { name: f.name, model: this.model(f.schema) };
      } finally {
        this.hint = '';
      }
    });
    return m;
  }

  private exportName(base: string): string {
    let name = RESERVED.has(base) ? base + '_' : base;
    for (let i = 2; this.exportNames.has(name); i++) name = base + i;
    this.exportNames.add(name);
    return name;
  }

  /**
   * Learns integer sizes, qualified names and pointers (which the wire flattens) from Go's type
   * string for a composite model; returns the model, wrapped in a pointer where Go had one.
   */
  private unify(m: Model, g: GoType): Model {
    if (g.k === 'other') return m;
    if (g.k === 'ptr') {
      if (m.kind === 'ptr') {
        m.elem = this.unify(m.elem, g.elem);
        return m;
      }
      // A marshaler with a pointer receiver (*big.Int) already stands for the pointer.
      if (m.kind === 'external' && m.pointerReceiver) return this.unify(m, g.elem);
      return { kind: 'ptr', elem: this.unify(m, g.elem) };
    }
    if (m.kind === 'ptr') {
      m.elem = this.unify(m.elem, g);
      return m;
    }
    // A named basic type ("[]main.Celsius"): the wire sends float alone, and only the name
    // keeps []Celsius and []float64 two types, as Go sends them.
    const named = g.k === 'name' && g.name.includes('.') ? g.name : undefined;
    switch (m.kind) {
      case 'int':
        if (g.k === 'name' && GO_INTS.has(g.name)) m.goName = g.name;
        m.named ??= named;
        break;
      case 'uint':
        if (g.k === 'name' && GO_UINTS.has(g.name)) m.goName = g.name;
        m.named ??= named;
        break;
      case 'float':
        if (g.k === 'name' && (g.name === 'float32' || g.name === 'float64')) m.bits = g.name === 'float32' ? 32 : 64;
        m.named ??= named;
        break;
      case 'basic':
        if (m.expr === 't.complex128' && g.k === 'name' && g.name === 'complex64') m.expr = 't.complex64';
        else if (named && /^t\.(bool|string|bytes|complex128)$/.test(m.expr)) m.expr = `t.named(${JSON.stringify(named)}, ${m.expr})`;
        // A named interface type (Go's "[]main.Shape"): the wire sends interface {} alone, and
        // only the name keeps the enclosing type's name Go's.
        if (m.expr === 't.any' && g.k === 'name') m.expr = `t.named(${JSON.stringify(g.name)}, t.any)`;
        break;
      case 'slice':
      case 'array':
        if (g.k === 'slice' || g.k === 'array') m.elem = this.unify(m.elem, g.elem);
        else if (g.k === 'name') this.learn(m, g.name);
        break;
      case 'map':
        if (g.k === 'map') {
          m.key = this.unify(m.key, g.key);
          m.elem = this.unify(m.elem, g.elem);
        } else if (g.k === 'name') this.learn(m, g.name);
        break;
      case 'struct':
      case 'external':
        if (g.k === 'name') this.learn(m, g.name);
    }
    return m;
  }

  /**
   * A named type's qualified name, seen inside a type string or as an interface value's
   * registered name. Only a name that ends in the type's own wire name is its Go name: a name
   * given to gob.RegisterName ("main.\xffRaw" for main.Raw, "app.Point" for main.Point) is the
   * registry's alone, and taking it would change the wire name a fresh encoder sends.
   */
  private learn(m: Model, name: string): void {
    const dot = name.lastIndexOf('.');
    if (dot < 0) return;
    const own =
      m.kind === 'struct' || m.kind === 'external' ? m.wire : m.kind === 'slice' || m.kind === 'array' || m.kind === 'map' ? m.name : '';
    if (own !== '' && name.slice(dot + 1) !== own.slice(own.lastIndexOf('.') + 1)) return;
    if (m.kind === 'struct' || m.kind === 'external') {
      if (!m.qualified) m.qualified = name;
    } else if ((m.kind === 'slice' || m.kind === 'array' || m.kind === 'map') && m.name && !m.name.includes('.')) {
      m.name = name;
    }
    this.qualified.set(name.slice(dot + 1), name);
  }

  /**
   * Walks a value along its model: integers beyond 2^53 need bigint schemas; interface values
   * bring their own types. An explicit stack, as values nest as deep as the decoder accepts.
   */
  private observe(model: Model, value: unknown): void {
    const stack: Array<[Model, unknown]> = [[model, value]];
    while (stack.length > 0) {
      const [m, v] = stack.pop()!;
      if (v == null) continue;
      switch (m.kind) {
        case 'int':
        case 'uint':
          if (typeof v === 'bigint') m.big = true;
          break;
        case 'ptr':
          stack.push([m.elem, v]);
          break;
        case 'slice':
        case 'array':
          if (Array.isArray(v)) for (let i = v.length - 1; i >= 0; i--) stack.push([m.elem, v[i]]);
          break;
        case 'map':
          if (v instanceof Map) {
            for (const [k, x] of [...v].reverse()) stack.push([m.elem, x], [m.key, k]);
          }
          break;
        case 'struct': {
          const fields = m.fields ?? [];
          for (let i = fields.length - 1; i >= 0; i--) stack.push([fields[i]!.model, (v as Record<string, unknown>)[fields[i]!.name]]);
          break;
        }
        case 'basic':
          if (m.ts === IFACE_TS) {
            const next = this.observeInterface(v as GoInterface);
            if (next) stack.push(next);
          }
      }
    }
  }

  /** Learns an interface value's type; returns its model and value to walk next. */
  private observeInterface(i: GoInterface): [Model, unknown] | undefined {
    const schema = interfaceSchema(i);
    if (!schema) return undefined;
    const m = this.ifaces.get(i.name) ?? this.model(schema);
    this.ifaces.set(i.name, m);
    // The registered name is Go's name for the concrete type: qualified, or a type string.
    if (m.kind === 'struct' || m.kind === 'external') this.learn(m, i.name.replace(/^\*/, ''));
    else this.ifaces.set(i.name, this.unify(m, parseGoType(i.name)));
    return [m, i.value];
  }

  /**
   * The module's text. `header` is a comment saying where the types came from; `withStream`
   * adds `stream`, the values' schemas in order (for `dump --schema`, even of an empty stream).
   */
  render(header: string, withStream = false): string {
    // The header names a file or an address: a line break in it must not end the comment.
    const comment = header.replace(/[\r\n\u2028\u2029]/g, (c) => JSON.stringify(c).slice(1, -1));
    const out: string[] = [`// ${comment}`, '// Written by the gobrpc command; edit the names and integer types as you like.'];
    const usesServices = this.services.size > 0;
    const imports = ['t', 'type Schema', 'TypeRegistry'];
    if (usesServices) imports.push('defineService');
    const body: string[] = [];
    for (const [wire, m] of this.namedComposites) m.exportName = this.exportName(goIdent(wire) || 'Named');
    for (const m of this.externals.values()) {
      const expr = this.externalExpr(m);
      if (expr.startsWith('t.time') || expr.startsWith('t.bigInt')) continue;
      m.exportName = this.exportName(goIdent(m.qualified || m.wire) || m.hint || 'Marshaler');
      body.push('');
      if (m.wire === '' && !m.qualified) {
        body.push(
          `/** A marshaler Go sent without a name (a pointer such as *big.Rat or *T): its ${m.marshal === 'text' ? 'text' : 'bytes'} as they are. */`,
        );
      }
      body.push(`export const ${m.exportName} = ${expr};`);
    }
    for (const s of this.structOrder) {
      if (!s.qualified) {
        const fields = (s.fields ?? []).map((f) => f.name);
        s.qualified = s.wire === '' ? '' : (this.qualified.get(s.wire) ?? rpcHeaderName(s.wire, fields) ?? `main.${s.wire}`);
      }
      const fields = (s.fields ?? []).map((f) => `  ${propName(f.name)}: ${this.tsType(f.model)};`);
      body.push('', `export interface ${s.exportName} {${fields.length ? '\n' + fields.join('\n') + '\n' : ''}}`);
      const schemaFields = (s.fields ?? []).map((f) => `  ${propName(f.name)}: ${this.expr(f.model)},`);
      body.push(
        `export const ${s.exportName}: Schema<${s.exportName}> = t.struct(${JSON.stringify(s.qualified)}, () => ({${schemaFields.length ? '\n' + schemaFields.join('\n') + '\n' : ''}}));`,
      );
    }
    // A named slice, array or map gets a type alias too, so one that contains itself has a type
    // (TypeScript defers Array<T> and Map<K, V>, as the README's `type R = R[]`).
    for (const m of this.namedComposites.values()) {
      body.push('', `export type ${m.exportName} = ${this.tsType(m, false)};`);
      body.push(`export const ${m.exportName}: Schema<${m.exportName}> = ${this.expr(m, false)};`);
    }
    const reg = [...this.ifaces]
      .filter(([name]) => !PREREGISTERED.has(name))
      .map(([name, m]) => `\n  .register(${this.registered(name, m)}, ${JSON.stringify(name)})`)
      .join('');
    body.push('', "/** The concrete types the stream sent inside interface values, by Go's registered names. */");
    body.push(`export const registry = new TypeRegistry()${reg};`);
    if (withStream) {
      // Runs of one type: a basic type's models are made per value, so runs are merged by their text.
      const runs: Array<[string, number]> = [];
      for (const [m, n] of this.layout) {
        const expr = this.expr(m);
        const last = runs[runs.length - 1];
        if (last && last[0] === expr) last[1] += n;
        else runs.push([expr, n]);
      }
      body.push('', "/** The stream's values in order: each run of one type, with its length. */");
      body.push(
        `export const stream: ReadonlyArray<readonly [Schema, number]> = [${runs.map(([e, n]) => `\n  [${e}, ${n}],`).join('')}${runs.length ? '\n' : ''}];`,
      );
    }
    for (const [service, methods] of this.services) {
      const name = this.exportName(goIdent(service) || 'Service');
      // A method whose every call failed showed its argument but never its reply (an error
      // reply's body is Go's placeholder): it is listed, commented out, for the reply to be filled in.
      const ms = [...methods]
        .filter(([, mm]) => mm.args && (mm.reply || !mm.missing))
        .map(([method, mm]) =>
          mm.reply
            ? `  ${propName(method)}: { args: ${this.expr(mm.args!)}, reply: ${this.expr(mm.reply)} },`
            : `  // ${propName(method)}: { args: ${this.expr(mm.args!)}, reply: ? }, // ${mm.failed ? 'every call seen failed' : 'no answer seen'}, so its reply type is unknown`,
        );
      body.push('', `export const ${name} = defineService(${JSON.stringify(service)}, {\n${ms.join('\n')}\n});`);
    }
    const typeImports = this.needsTypes(body.join('\n'));
    // Schemas alone come from the codec's subpath, which imports nothing from Node, so the module
    // compiles without @types/node; services need the RPC layer.
    out.push(`import { ${[...imports, ...typeImports].join(', ')} } from '${usesServices ? 'gobrpc' : 'gobrpc/gob'}';`);
    return out.concat(body).join('\n') + '\n';
  }

  /**
   * The schema registered under an interface name. A basic type sent under a qualified name
   * ("main.N", "*main.N") is a named type over it, as Go's gob sends `type N int` as an int: the
   * registry, as Go's, keeps `int` itself under "int" and rejects it under another name.
   */
  private registered(name: string, m: Model): string {
    const expr = this.expr(m);
    const base = name.replace(/^\*/, '');
    const basic = m.kind === 'int' || m.kind === 'uint' || m.kind === 'float' || (m.kind === 'basic' && m.expr !== 't.any');
    if (!basic || isTypeString(base) || PREREGISTERED.has(base)) return expr;
    const named = `t.named(${JSON.stringify(base)}, ${expr})`;
    return name === base ? named : `t.ptr(${named})`;
  }

  private needsTypes(text: string): string[] {
    return ['GoInterface', 'GoTime', 'Complex']
      .filter((n) => new RegExp(`\\b${n}\\b`).test(text))
      .map((n) => (n === 'GoTime' ? n : `type ${n}`));
  }

  /** The schema expression for `m`: the name of its constant when it has one (unless `byName` is false). */
  private expr(m: Model, byName = true): string {
    if (byName && 'exportName' in m && m.exportName && m.kind !== 'struct') return m.exportName;
    switch (m.kind) {
      case 'int':
      case 'uint': {
        if (m.named === 'time.Duration' && m.kind === 'int') return m.big ? 't.durationn' : 't.duration';
        const base = !m.big
          ? `t.${m.goName}`
          : m.goName === 'int' || m.goName === 'uint'
            ? `t.${m.goName}n`
            : m.kind === 'int'
              ? 't.int64n'
              : 't.uint64n';
        return m.named ? `t.named(${JSON.stringify(m.named)}, ${base})` : base;
      }
      case 'float':
        return m.named ? `t.named(${JSON.stringify(m.named)}, t.float${m.bits})` : `t.float${m.bits}`;
      case 'basic':
        return m.expr;
      case 'ptr':
        return `t.ptr(${this.expr(m.elem)})`;
      case 'slice':
        return `t.slice(${this.ref(m.elem)}${this.nameOpt(m.name)})`;
      case 'array':
        return `t.array(${this.ref(m.elem)}, ${m.len}${this.nameOpt(m.name)})`;
      case 'map':
        return `t.map(${this.ref(m.key)}, ${this.ref(m.elem)}${this.nameOpt(m.name)})`;
      case 'struct':
        return m.exportName;
      case 'external':
        return this.externalExpr(m);
    }
  }

  /**
   * An element or key of a composite: a named slice, array or map by a function returning it
   * (t.slice's SchemaRef), since it may be declared later or be the type being declared.
   */
  private ref(m: Model): string {
    const e = this.expr(m);
    return isNamedComposite(m) ? `() => ${e}` : e;
  }

  private externalExpr(m: ExternalModel): string {
    if (m.marshal === 'gob' && (m.wire === 'Time' || m.qualified === 'time.Time')) return 't.time';
    if (m.marshal === 'gob' && m.pointerReceiver && m.qualified === 'big.Int') return 't.bigInt';
    const name = m.qualified || (m.wire === '' ? '' : this.qualified.get(m.wire) || `main.${m.wire}`);
    const fn = m.marshal === 'gob' ? 'gobEncoder' : m.marshal === 'binary' ? 'binaryMarshaler' : 'textMarshaler';
    const schema = `t.${fn}(${JSON.stringify(name)})`;
    if (!m.pointerReceiver) return schema;
    // Go numbers and names a marshaler held by pointer its own way (see ExternalSchema.pointerReceiver).
    return `{ ...${schema}, pointerReceiver: true } as Schema<${m.marshal === 'text' ? 'string' : 'Uint8Array'}>`;
  }

  private nameOpt(name: string): string {
    if (!name) return '';
    return `, { name: ${JSON.stringify(name.includes('.') ? name : (this.qualified.get(name) ?? `main.${name}`))} }`;
  }

  /** The TypeScript type of `m`'s values: a named slice, array or map by its alias (unless `byName` is false). */
  private tsType(m: Model, byName = true): string {
    if (byName && isNamedComposite(m)) return m.exportName!;
    switch (m.kind) {
      case 'int':
      case 'uint':
        return m.big ? 'bigint' : 'number';
      case 'float':
        return 'number';
      case 'basic':
        return m.ts;
      case 'ptr': {
        const e = this.tsType(m.elem);
        return e.endsWith('| null') ? e : `${e} | null`;
      }
      case 'slice':
      case 'array':
        return `Array<${this.tsType(m.elem)}>`;
      case 'map':
        return `Map<${this.tsType(m.key)}, ${this.tsType(m.elem)}>`;
      case 'struct':
        return m.exportName;
      case 'external':
        if (m.marshal === 'gob' && (m.wire === 'Time' || m.qualified === 'time.Time')) return 'GoTime';
        if (m.marshal === 'gob' && m.pointerReceiver && m.qualified === 'big.Int') return 'bigint | null';
        return m.marshal === 'text' ? 'string' : 'Uint8Array';
    }
  }
}

/**
 * Go's name for net/rpc's request or response header (`rpc.Request`, `rpc.Response`, of package
 * net/rpc), when a struct with wire name `wire` and fields `fields` is one; else undefined.
 */
export function rpcHeaderName(wire: string | undefined, fields: readonly string[]): string | undefined {
  const names = fields.join(',');
  if (wire === 'Request' && names === 'ServiceMethod,Seq') return 'rpc.Request';
  if (wire === 'Response' && names === 'ServiceMethod,Seq,Error') return 'rpc.Response';
  return undefined;
}

/** Whether `m` is a named slice, array or map, declared as its own constant (and type). */
function isNamedComposite(m: Model): m is Model & { kind: 'slice' | 'array' | 'map'; exportName?: string } {
  return (m.kind === 'slice' || m.kind === 'array' || m.kind === 'map') && !!(m as { exportName?: string }).exportName;
}

/**
 * A TypeScript identifier. Go's identifiers (Unicode letters and `_`, then letters and digits,
 * as `Ärger`) are all among them; a name with a byte that is not UTF-8 (a lone surrogate) is not.
 */
const TS_IDENT = /^[\p{ID_Start}_$][\p{ID_Continue}$\u200c\u200d]*$/u;

/** The unqualified Go identifier of a type name, usable as a TypeScript name ("" if none). */
function goIdent(name: string): string {
  const id = name.slice(name.lastIndexOf('.') + 1);
  return TS_IDENT.test(id) ? id : '';
}

function propName(name: string): string {
  return TS_IDENT.test(name) && name !== '__proto__' ? name : JSON.stringify(name);
}
