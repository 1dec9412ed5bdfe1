// Printers for decoded gob values, one function per schema kind: `toJSON` writes the JSON form
// of `dump --json` and `call`, `toText` the readable Go-like form of `dump`. Both follow the
// schema when there is one (the stream's own, for schema-less decoding) and the JavaScript value
// where there is none, so every node kind the decoder produces prints, including ones added later.
import { type ExternalSchema, GoTime, type GoInterface, goString, jsonrpc, type Schema, stringBytes, t } from '../index.js';
import { goQuote, interfaceSchema, isNumericArray, isWellFormed } from '../schema/index.js';
import { shortestSingle } from '../schema/floatfmt.js';

const timeCodec = (t.time as ExternalSchema).codec!;
const bigCodec = (t.bigInt as ExternalSchema).codec!;

/**
 * The Go type strings of a composite's key and element, when the stream gave the composite
 * Go's spelling of it as its wire name ("[]*big.Int" → elem "*big.Int"; "map[K]V" → key "K",
 * elem "V"). This is the only place the wire names a marshaler held by pointer: Go sends such
 * a type's own definition without a name.
 */
function childGoTypes(s: Schema | undefined, goType?: string): { key?: string; elem?: string } {
  // Go names no type nested inside another ("[][]float32"'s element): the enclosing one's string does.
  const w = s && (s.kind === 'slice' || s.kind === 'array' || s.kind === 'map') ? s.wireName || pointee(goType) : undefined;
  if (!w) return {};
  const slice = /^\[\d*\](.+)$/.exec(w);
  if (slice) return { elem: slice[1] };
  if (!w.startsWith('map[')) return {};
  let depth = 1;
  for (let i = 4; i < w.length; i++) {
    if (w[i] === '[') depth++;
    else if (w[i] === ']' && --depth === 0) return { key: w.slice(4, i), elem: w.slice(i + 1) };
  }
  return {};
}

/**
 * Go's names for the stream's unnamed marshaler types, learnt from type strings: one type id
 * is one Go type, so a *big.Int field's type is named wherever the stream spells out a
 * "[]*big.Int" over the same id. Keyed by the decoder's schema for each id.
 */
const learntNames = new WeakMap<Schema, string>();
const walked = new WeakSet<Schema>();

/**
 * Learns, from the type strings in `s` and the types it contains, Go's names for unnamed
 * marshalers (see learntNames). Call it with each value's schema before printing the value.
 */
export function learnGoNames(s: Schema | undefined): void {
  const stack = s ? [s] : [];
  while (stack.length > 0) {
    const x = stack.pop()!;
    if (walked.has(x)) continue;
    walked.add(x);
    const go = childGoTypes(x);
    const note = (child: Schema, goType: string | undefined) => {
      let c = child;
      while (c.kind === 'ptr') c = c.elem;
      if (c.kind === 'external' && c.name === '' && goType) learntNames.set(c, goType);
      stack.push(child);
    };
    if (x.kind === 'map') note(x.key, go.key);
    if (x.kind === 'slice' || x.kind === 'array' || x.kind === 'map' || x.kind === 'ptr') note(x.elem, go.elem);
    if (x.kind === 'struct') for (const f of x.fields) note(f.schema, undefined);
  }
}

/** The Go type string `goType` without its pointers ("*big.Int" → "big.Int"), as gob sends the value. */
function pointee(goType: string | undefined): string | undefined {
  return goType?.replace(/^\*+/, '');
}

/** Whether the Go type string `goType` names `name`, held by value or by pointer. */
function names(goType: string | undefined, name: string): boolean {
  return pointee(goType) === name;
}

/**
 * Whether the marshaler `s` is Go's time.Time: by its wire name (Go names a time.Time held by
 * value "Time"), or by the Go type string the enclosing composite or interface value gave.
 */
function isTimeExternal(s: ExternalSchema, goType: string | undefined): boolean {
  if (s.marshal !== 'gob') return false;
  const name = s.wireName ?? s.name;
  return name === 'Time' || name === 'time.Time' || names(goType, 'time.Time');
}

/**
 * Whether the marshaler `s` is Go's *big.Int. Go sends a marshaler held by pointer (*big.Int,
 * *big.Rat, *big.Float, a user's *T) without a name, so the bytes are read as a big.Int only
 * when a name says so: a schema's own ("big.Int", from --schema), or the Go type string of the
 * enclosing composite ("[]*big.Int") or interface value ("*big.Int"). Guessing would print
 * a *big.Rat's bytes as a wrong number.
 */
function isBigIntExternal(s: ExternalSchema, goType: string | undefined): boolean {
  return s.marshal === 'gob' && (s.name === 'big.Int' || names(goType, 'big.Int'));
}

/**
 * What an external (marshaler) value stands for: time.Time and *big.Int when their names say
 * so (see isTimeExternal, isBigIntExternal), as schema-less decoding leaves their bytes raw.
 * Anything else, or bytes that do not read as what the name suggested, stays raw bytes.
 */
function external(v: unknown, s: ExternalSchema | undefined, goType: string | undefined): unknown {
  if (!(v instanceof Uint8Array) || !s) return v;
  goType ??= learntNames.get(s);
  try {
    if (isTimeExternal(s, goType)) return v.length === 0 ? GoTime.zero : timeCodec.decode(v);
    if (isBigIntExternal(s, goType)) return bigCodec.decode(v);
  } catch {
    // Not what the name suggested: print the bytes.
  }
  return v;
}

/**
 * Whether `s` is time.Time. Go omits a zero time.Time field, so an absent one prints as the zero
 * time rather than nil (the wire cannot tell a nil *time.Time, which is rarer, from it).
 */
function isTime(s: Schema, goType: string | undefined): boolean {
  return s.kind === 'external' && isTimeExternal(s, goType ?? learntNames.get(s));
}

function isInterfaceValue(v: unknown): v is GoInterface {
  return (
    typeof v === 'object' &&
    v !== null &&
    !Array.isArray(v) &&
    !(v instanceof Map) &&
    !(v instanceof Uint8Array) &&
    typeof (v as GoInterface).name === 'string' &&
    'value' in v &&
    Object.keys(v).every((k) => k === 'name' || k === 'value' || k === 'schema')
  );
}

/**
 * The text of a Go string. Decoding gives a JavaScript string, with lone surrogates
 * U+DC80..U+DCFF standing for bytes that are not UTF-8 (see stringFromBytes); anything else
 * (a value that did not come from the decoder) prints as JavaScript would.
 */
function stringOf(v: unknown): string {
  return typeof v === 'string' ? v : String(v);
}

/**
 * A Go string as JSON: a JSON string when it is UTF-8, else `{"s": base64 of its bytes}`, the
 * golden corpus's own tagging. JSON has no bytes, and a lone surrogate escape ("\udcff") is not
 * I-JSON (RFC 7493): strict parsers reject it and Go's encoding/json turns it into U+FFFD, so
 * only the tagged form is lossless everywhere. A gob struct cannot be mistaken for it, as Go
 * sends only exported (capitalised) fields.
 */
function jsonString(v: string): string {
  return isWellFormed(v) ? JSON.stringify(v) : `{"s":${JSON.stringify(base64(stringBytes(v)))}}`;
}

/** Whether the Go string `v` is printable in a JSON string (its bytes are UTF-8). */
function isUtf8(v: unknown): boolean {
  return typeof v === 'string' && isWellFormed(v);
}

/** A name with each byte that is not UTF-8 (a lone U+DC80..U+DCFF) shown as `\xNN`, so no byte is lost on a terminal. */
function byteEscapes(name: string): string {
  return name.replace(/(?<![\ud800-\udbff])[\udc80-\udcff]/g, (c) => '\\x' + hex(c.charCodeAt(0) - 0xdc00, 2));
}

function hex(n: number, width: number): string {
  return n.toString(16).padStart(width, '0');
}

function base64(b: Uint8Array): string {
  return Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString('base64');
}

/**
 * Whether a float (or each half of a complex) is Go's 32-bit one: the schema says so, or Go's
 * type string for it does (an element of a stream's "[]float32", an interface's "complex64").
 * A struct field's wire type is only "float", so such a field prints with float64's digits.
 */
function isSingle(s: Schema | undefined, goType: string | undefined): boolean {
  if ((s?.kind === 'float' && s.bits === 32) || (s?.kind === 'complex' && s.bits === 64)) return true;
  const g = pointee(goType);
  return g === 'float32' || g === 'complex64';
}

/** A float as JSON: the shortest form, as encoding/json; NaN and infinities as Go's strconv strings. */
function jsonFloat(f: number): string {
  if (Number.isNaN(f)) return '"NaN"';
  if (!Number.isFinite(f)) return f > 0 ? '"+Inf"' : '"-Inf"';
  return Object.is(f, -0) ? '-0' : String(f);
}

/** Orders map keys as Go's fmt does (internal/fmtsort): numbers by value, strings by bytes, structs field by field. */
function compareKeys(a: unknown, b: unknown): number {
  if ((typeof a === 'number' || typeof a === 'bigint') && (typeof b === 'number' || typeof b === 'bigint')) {
    if (typeof a === 'number' && Number.isNaN(a)) return typeof b === 'number' && Number.isNaN(b) ? 0 : -1;
    if (typeof b === 'number' && Number.isNaN(b)) return 1;
    return a < b ? -1 : a > b ? 1 : 0;
  }
  if (typeof a === 'string' && typeof b === 'string') return compareGoStrings(a, b);
  if (typeof a === 'boolean' && typeof b === 'boolean') return Number(a) - Number(b);
  if (a && b && typeof a === 'object' && typeof b === 'object' && !Array.isArray(a)) {
    for (const k of Object.keys(a)) {
      const c = compareKeys((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]);
      if (c !== 0) return c;
    }
    return 0;
  }
  if (Array.isArray(a) && Array.isArray(b)) {
    for (let i = 0; i < Math.min(a.length, b.length); i++) {
      const c = compareKeys(a[i], b[i]);
      if (c !== 0) return c;
    }
    return a.length - b.length;
  }
  if (a == null || b == null) return a == null ? (b == null ? 0 : -1) : 1;
  const sa = JSON.stringify(a) ?? '';
  const sb = JSON.stringify(b) ?? '';
  return sa < sb ? -1 : sa > sb ? 1 : 0;
}

/**
 * Orders two Go strings by their bytes, as Go does. UTF-16 order agrees with it unless a
 * string holds surrogates (runes beyond U+FFFF, or bytes that are not UTF-8).
 */
function compareGoStrings(a: string, b: string): number {
  if (!/[\ud800-\udfff]/.test(a) && !/[\ud800-\udfff]/.test(b)) return a < b ? -1 : a > b ? 1 : 0;
  return Buffer.compare(stringBytes(a), stringBytes(b));
}

function sortedEntries(m: Map<unknown, unknown>): Array<[unknown, unknown]> {
  return [...m].sort((x, y) => compareKeys(x[0], y[0]));
}

function fieldsOf(s: Schema | undefined): ReadonlyArray<{ name: string; schema: Schema | undefined }> | undefined {
  return s?.kind === 'struct' ? s.fields : undefined;
}

function elemOf(s: Schema | undefined): Schema | undefined {
  return s && (s.kind === 'slice' || s.kind === 'array' || s.kind === 'ptr' || s.kind === 'map') ? s.elem : undefined;
}

/**
 * A printer of a composite value: yields the printers of the values inside it (each yield
 * resumes with that value's text) and returns its own text. `drive` runs them from an explicit
 * stack, so a value nested as deep as the decoder accepts (a 4000-long linked list) prints
 * without using the JavaScript call stack.
 */
type Printing = Generator<Printing, string, string>;

/** Runs `first` and the printers it yields, innermost first; returns its text. */
function drive(first: Printing): string {
  const stack: Printing[] = [first];
  let input = '';
  for (;;) {
    const r = stack[stack.length - 1]!.next(input);
    if (r.done) {
      stack.pop();
      if (stack.length === 0) return r.value;
      input = r.value;
    } else {
      stack.push(r.value);
    }
  }
}

/**
 * The JSON text of `v`, a value decoded with schema `s` (or without one): integers exact,
 * []byte base64, time.Time RFC 3339 with nanoseconds, *big.Int an exact number, maps with string
 * keys as objects (keys sorted, as encoding/json) and others as `[[key, value], …]`, an interface
 * value as `{"type": name, "value": …}`, a complex number as `{"real": r, "imag": i}`.
 * `goType` is Go's type string for `v` where the enclosing value gave one (see childGoTypes).
 */
export function toJSON(v: unknown, s?: Schema, goType?: string): string {
  const j = jsonOf(v, s, goType);
  return typeof j === 'string' ? j : drive(j);
}

/** The JSON text of a value that holds no other (see toJSON), or the printer of one that does. */
function jsonOf(v: unknown, s: Schema | undefined, goType: string | undefined): string | Printing {
  while (s?.kind === 'ptr') {
    if (v == null) return isTime(s.elem, goType) ? JSON.stringify(timeText(GoTime.zero)) : 'null';
    s = s.elem;
  }
  if (s?.kind === 'external') v = external(v, s, goType);
  if (v === null || v === undefined) return 'null';
  switch (typeof v) {
    case 'boolean':
      return v ? 'true' : 'false';
    case 'bigint':
      return v.toString();
    case 'number':
      if (isSingle(s, goType)) return jsonFloat(shortestSingle(v));
      return s?.kind === 'float' || !Number.isInteger(v) ? jsonFloat(v) : Object.is(v, -0) ? '-0' : String(v);
    case 'string':
      return jsonString(v);
  }
  if (s?.kind === 'string') return jsonString(stringOf(v));
  if (v instanceof GoTime) return JSON.stringify(timeText(v));
  if (v instanceof Uint8Array) return JSON.stringify(base64(v));
  if (Array.isArray(v)) return arrayJSON(v, s, goType);
  if (isNumericArray(v)) return arrayJSON(Array.from(v as ArrayLike<number | bigint>), s, goType);
  if (v instanceof Map) return mapJSON(v, s, goType);
  if (s?.kind === 'complex') return complexJSON(v as { real: number; imag: number }, isSingle(s, goType));
  if (s?.kind === 'interface' || (!s && isInterfaceValue(v))) return interfaceJSON(v as GoInterface);
  return structJSON(v as Record<string, unknown>, s);
}

function* arrayJSON(v: unknown[], s: Schema | undefined, goType: string | undefined): Printing {
  const { elem } = childGoTypes(s, goType);
  const es = elemOf(s);
  const parts: string[] = [];
  for (const x of v) {
    const j = jsonOf(x, es, elem);
    parts.push(typeof j === 'string' ? j : yield j);
  }
  return '[' + parts.join(',') + ']';
}

function* interfaceJSON(i: GoInterface): Printing {
  const j = jsonOf(i.value, interfaceSchema(i), i.name);
  return `{"type":${jsonString(i.name)},"value":${typeof j === 'string' ? j : yield j}}`;
}

function complexJSON(c: { real: number; imag: number }, single32: boolean): string {
  const f = single32 ? shortestSingle : (x: number) => x;
  return `{"real":${jsonFloat(f(c.real))},"imag":${jsonFloat(f(c.imag))}}`;
}

function* mapJSON(m: Map<unknown, unknown>, s: Schema | undefined, goType: string | undefined): Printing {
  const key = s?.kind === 'map' ? s.key : undefined;
  const elem = elemOf(s);
  const go = childGoTypes(s, goType);
  // A key that is not UTF-8 cannot be a JSON object's name, so such a map prints as pairs.
  const stringKeys =
    (key ? key.kind === 'string' : m.size > 0 && [...m.keys()].every((k) => typeof k === 'string')) && [...m.keys()].every(isUtf8);
  const parts: string[] = [];
  for (const [k, x] of sortedEntries(m)) {
    const j = jsonOf(x, elem, go.elem);
    const value = typeof j === 'string' ? j : yield j;
    if (stringKeys) {
      parts.push(`${JSON.stringify(k)}:${value}`);
    } else {
      const kj = jsonOf(k, key, go.key);
      parts.push(`[${typeof kj === 'string' ? kj : yield kj},${value}]`);
    }
  }
  return stringKeys ? '{' + parts.join(',') + '}' : '[' + parts.join(',') + ']';
}

function* structJSON(o: Record<string, unknown>, s: Schema | undefined): Printing {
  const fields = fieldsOf(s) ?? Object.keys(o).map((name) => ({ name, schema: undefined }));
  const parts: string[] = [];
  for (const f of fields) {
    const j = jsonOf(o[f.name], f.schema, undefined);
    parts.push(`${JSON.stringify(f.name)}:${typeof j === 'string' ? j : yield j}`);
  }
  return '{' + parts.join(',') + '}';
}

/** Go's RFC 3339 with nanoseconds (Time.MarshalJSON); a year it cannot write prints as Go's String() would not, so as seconds. */
function timeText(v: GoTime): string {
  try {
    return jsonrpc.formatRFC3339Nano(v);
  } catch {
    return `${v.sec}s+${v.nsec}ns`;
  }
}

/** Styles for the readable form: identity unless colour is on. */
export interface Palette {
  type(s: string): string;
  string(s: string): string;
  number(s: string): string;
}

export const PLAIN: Palette = { type: (s) => s, string: (s) => s, number: (s) => s };

/** ANSI colours (only used on a terminal without NO_COLOR). */
export const ANSI: Palette = {
  type: (s) => `\x1b[36m${s}\x1b[39m`,
  string: (s) => `\x1b[32m${s}\x1b[39m`,
  number: (s) => `\x1b[33m${s}\x1b[39m`,
};

/** What a marshaler Go sent without a name prints as: the interface it implements. */
const UNNAMED_MARSHALERS = { gob: 'GobEncoder', binary: 'BinaryMarshaler', text: 'TextMarshaler' } as const;

/**
 * The name a value's type prints with: Go's spelling from the schema (or `goType`, the
 * enclosing value's), else the JavaScript shape.
 */
function typeName(s: Schema | undefined, goType?: string, depth = 0): string {
  if (!s) return goType ?? '';
  // An unnamed composite type's wire name is Go's own spelling of it, package names included.
  if (s.wireName && /^(\[|map\[|\*)/.test(s.wireName)) return s.wireName;
  // A composite nested in another has no wire name: the enclosing type's string spells it.
  const spelt = pointee(goType);
  if (!s.name && !s.wireName && spelt && /^(\[|map\[)/.test(spelt) && (s.kind === 'slice' || s.kind === 'array' || s.kind === 'map')) {
    return spelt;
  }
  if (s.kind === 'external') {
    goType ??= learntNames.get(s);
    if (isTimeExternal(s, goType)) return 'time.Time';
    if (s.name === '') return goType ?? UNNAMED_MARSHALERS[s.marshal];
  }
  // An unnamed composite outside a struct has no wire name: spelt from its parts, so that an
  // unnamed marshaler inside prints as one ("[]GobEncoder"). Go's unnamed types do not
  // contain themselves; past a depth only a hostile stream reaches, goString takes over.
  if (!s.name && depth < 16) {
    const go = childGoTypes(s);
    if (s.kind === 'slice') return '[]' + typeName(s.elem, go.elem, depth + 1);
    if (s.kind === 'array') return `[${s.len}]` + typeName(s.elem, go.elem, depth + 1);
    if (s.kind === 'map') return `map[${typeName(s.key, go.key, depth + 1)}]` + typeName(s.elem, go.elem, depth + 1);
  }
  return goString(s);
}

/**
 * How many bytes of a []byte (or marshaler's bytes) the readable form shows; the rest are
 * counted, not printed, so a 50 MiB value prints as one short line (`--json` prints them all).
 */
const BYTES_SHOWN = 256;

/** `Name{0x01, 0x02}`, the first BYTES_SHOWN bytes only, then how many more there are. */
function bytesText(name: string, v: Uint8Array, p: Palette): string {
  const shown = v.subarray(0, BYTES_SHOWN);
  let body = '';
  for (let i = 0; i < shown.length; i++) body += (i ? ', ' : '') + p.number('0x' + hex(shown[i]!, 2));
  if (v.length > shown.length) body += `, … ${v.length - shown.length} more bytes (${v.length} in all)`;
  return `${p.type(name)}{${body}}`;
}

/**
 * Go's %v of a float64 (strconv 'g' with the shortest digits): an exponent from 1e+06 up and
 * below 1e-04, as 1.234567e+06 and 1e-05.
 */
function goFloat(f: number): string {
  if (Number.isNaN(f)) return 'NaN';
  if (!Number.isFinite(f)) return f > 0 ? '+Inf' : '-Inf';
  if (f === 0) return Object.is(f, -0) ? '-0' : '0';
  const m = /^(-?)(\d)(?:\.(\d+))?e([+-]\d+)$/.exec(f.toExponential())!;
  const exp = Number(m[4]);
  if (exp < -4 || exp >= 6)
    return `${m[1]}${m[2]}${m[3] ? '.' + m[3] : ''}e${exp < 0 ? '-' : '+'}${String(Math.abs(exp)).padStart(2, '0')}`;
  return String(f);
}

/**
 * The readable form of `v`: Go-like, one line, with type names where the stream gives them
 * (`Point{X: 1, Y: 2}`, `[]int{1, 2}`, `map[string]int{"a": 1}`, `time.Time(2023-…Z)`).
 * `name` is the name to print for its type (an interface value's); `goType` Go's type string
 * for `v` where the enclosing value gave one (see childGoTypes).
 */
export function toText(v: unknown, s?: Schema, p: Palette = PLAIN, name?: string, goType?: string): string {
  const t = textOf(v, s, p, name, goType);
  return typeof t === 'string' ? t : drive(t);
}

/** The readable form of a value that holds no other (see toText), or the printer of one that does. */
function textOf(v: unknown, s: Schema | undefined, p: Palette, name: string | undefined, goType: string | undefined): string | Printing {
  while (s?.kind === 'ptr') {
    if (v == null) return isTime(s.elem, goType) ? toText(GoTime.zero, undefined, p) : 'nil';
    s = s.elem;
  }
  if (s?.kind === 'external') v = external(v, s, goType);
  if (v === null || v === undefined) return 'nil';
  switch (typeof v) {
    case 'boolean':
      return p.number(String(v));
    case 'bigint':
      return p.number(v.toString());
    case 'number':
      if (isSingle(s, goType)) return p.number(goFloat(shortestSingle(v)));
      return p.number(s?.kind === 'float' || !Number.isInteger(v) ? goFloat(v) : String(v));
    case 'string':
      return p.string(goQuote(v));
  }
  if (s?.kind === 'string') return p.string(goQuote(stringOf(v)));
  if (v instanceof GoTime) return `${p.type('time.Time')}(${timeText(v)})`;
  if (v instanceof Uint8Array)
    return bytesText(name ?? (s?.kind === 'external' ? typeName(s, goType) : s?.kind === 'bytes' && s.name ? s.name : '[]byte'), v, p);
  if (s?.kind === 'external' && typeof v === 'bigint') return p.number(String(v));
  if (Array.isArray(v)) return arrayText(v, s, p, name, goType);
  if (isNumericArray(v)) return arrayText(Array.from(v as ArrayLike<number | bigint>), s, p, name, goType);
  if (v instanceof Map) return mapText(v, s, p, name, goType);
  if (s?.kind === 'complex') {
    const c = v as { real: number; imag: number };
    const f = isSingle(s, goType) ? shortestSingle : (x: number) => x;
    const im = goFloat(f(c.imag));
    return p.number(`(${goFloat(f(c.real))}${/^[-+]/.test(im) ? '' : '+'}${im}i)`);
  }
  if (s?.kind === 'interface' || (!s && isInterfaceValue(v))) return interfaceText(v as GoInterface, p);
  return structText(v as Record<string, unknown>, s, p, name);
}

function* arrayText(v: unknown[], s: Schema | undefined, p: Palette, name: string | undefined, goType: string | undefined): Printing {
  const go = childGoTypes(s, goType);
  const es = elemOf(s);
  const parts: string[] = [];
  for (const x of v) {
    const t = textOf(x, es, p, undefined, go.elem);
    parts.push(typeof t === 'string' ? t : yield t);
  }
  return `${p.type(name ?? typeName(s, goType))}{${parts.join(', ')}}`;
}

function* mapText(
  m: Map<unknown, unknown>,
  s: Schema | undefined,
  p: Palette,
  name: string | undefined,
  goType: string | undefined,
): Printing {
  const go = childGoTypes(s, goType);
  const key = s?.kind === 'map' ? s.key : undefined;
  const es = elemOf(s);
  const parts: string[] = [];
  for (const [k, x] of sortedEntries(m)) {
    const kt = textOf(k, key, p, undefined, go.key);
    const ks = typeof kt === 'string' ? kt : yield kt;
    const xt = textOf(x, es, p, undefined, go.elem);
    parts.push(`${ks}: ${typeof xt === 'string' ? xt : yield xt}`);
  }
  return `${p.type(name ?? typeName(s, goType))}{${parts.join(', ')}}`;
}

function* interfaceText(i: GoInterface, p: Palette): Printing {
  // A composite value prints under the interface's (registered) name; a basic one as a conversion.
  const schema = interfaceSchema(i);
  const shown = schema?.kind === 'external' ? external(i.value, schema, i.name) : i.value;
  const composite = typeof shown === 'object' && shown !== null && !(shown instanceof GoTime);
  const iname = byteEscapes(i.name);
  const t = textOf(i.value, schema, p, composite ? iname : undefined, i.name);
  const text = typeof t === 'string' ? t : yield t;
  return composite ? text : `${p.type(iname)}(${text})`;
}

function* structText(o: Record<string, unknown>, s: Schema | undefined, p: Palette, name: string | undefined): Printing {
  const fields = fieldsOf(s) ?? Object.keys(o).map((name) => ({ name, schema: undefined }));
  const parts: string[] = [];
  for (const f of fields) {
    const t = textOf(o[f.name], f.schema, p, undefined, undefined);
    parts.push(`${f.name}: ${typeof t === 'string' ? t : yield t}`);
  }
  return `${p.type(name ?? typeName(s))}{${parts.join(', ')}}`;
}
