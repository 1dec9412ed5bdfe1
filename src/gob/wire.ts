// Wire constants and builtin type ids, and the (de)serialisation of wireType, the type
// description a stream sends once per type (type.go).
import { fail, GobErrorCode } from './error.js';
import type { Reader } from './reader.js';
import type { Writer } from './writer.js';

/** Builtin type ids, known a priori on every connection (doc.go). */
export const TypeId = {
  bool: 1,
  int: 2,
  uint: 3,
  float: 4,
  bytes: 5,
  string: 6,
  complex: 7,
  interface: 8,
  wireType: 16,
  arrayType: 17,
  commonType: 18,
  sliceType: 19,
  structType: 20,
  fieldType: 21,
  fieldTypeSlice: 22,
  mapType: 23,
} as const;

/** The lowest id a stream may define (type.go firstUserId). */
export const FIRST_USER_ID = 64;

/**
 * The largest message, in bytes, an Encoder writes and a Decoder accepts unless told otherwise:
 * 1 GiB (1 << 30), decoder.go's tooBig on 32-bit platforms (Go allows 8 GiB on 64-bit ones).
 */
export const DEFAULT_MAX_MESSAGE_SIZE = 1 << 30;

/** Go's names for builtin ids, as gob's typeString prints them in errors. */
export const BUILTIN_NAMES: Record<number, string> = {
  1: 'bool',
  2: 'int',
  3: 'uint',
  4: 'float',
  5: 'bytes',
  6: 'string',
  7: 'complex',
  8: 'interface',
  16: 'wireType',
  17: 'arrayType',
  18: 'CommonType',
  19: 'sliceType',
  20: 'structType',
  21: 'fieldType',
  22: '[]fieldType',
  23: 'mapType',
  24: 'gobEncoderType',
};

/** Which field of wireType is set: its index there is the order of this list. */
const WIRE_KINDS = ['array', 'slice', 'struct', 'map', 'gob', 'binary', 'text'] as const;
/** The kind of a wire type (see {@link WireType.kind}). */
export type WireKind = WireType['kind'];

export interface WireField {
  readonly name: string;
  readonly id: number;
}

/** A decoded or to-be-sent wireType: one of its kinds, or none (see {@link WireType.kind}). */
export interface WireType {
  /**
   * Which of wireType's fields is set (the order of `WIRE_KINDS`), or `'none'` for a definition
   * that sets none. Go's decoder stores such a definition like any other (decoder.go's
   * recvType); it fits no local type and cannot be skipped, so every value of it fails, with
   * Go's texts (it prints as "unknown type", type.go's wireType.string).
   */
  readonly kind: 'array' | 'slice' | 'struct' | 'map' | 'gob' | 'binary' | 'text' | 'none';
  readonly name: string;
  readonly id: number;
  /** array, slice, map: element type id. */
  readonly elem: number;
  /** array: length. */
  readonly len: number;
  /** map: key type id. */
  readonly key: number;
  /** struct: fields in order. */
  readonly fields: readonly WireField[];
  /**
   * The further kinds a definition sets after its first (only a corrupted or hostile one sets
   * more than one), each with its own parts, in wireType's field order. Go keeps them all and
   * each reader takes the one it needs (wire.ts `wireOfKind`, `ignoredWire`).
   */
  readonly others?: readonly WireType[];
}

/**
 * The part of `w` of kind `kind`, as Go reads `wire.SliceT`, `wire.StructT`, ... when a local
 * type of that kind asks for it (decode.go's compatibleType, decOpFor, compileDec); undefined
 * when the definition does not set it.
 */
export function wireOfKind(w: WireType | undefined, kind: WireKind): WireType | undefined {
  if (w === undefined || w.kind === kind) return w;
  return w.others?.find((o) => o.kind === kind);
}

/** Whether `w` sets any marshaler kind other than `except` (compatibleType's first test). */
export function setsMarshalerOtherThan(w: WireType | undefined, except: WireKind | undefined): boolean {
  if (w === undefined) return false;
  return [w, ...(w.others ?? [])].some((o) => o.kind !== except && (o.kind === 'gob' || o.kind === 'binary' || o.kind === 'text'));
}

/** The order in which decode.go's decIgnoreOpFor tests wireType's fields (not the fields' order). */
const IGNORE_ORDER: readonly WireKind[] = ['array', 'map', 'slice', 'struct', 'gob', 'binary', 'text'];

/**
 * The part of `w` a value with no local type is read by: the first kind decode.go's
 * decIgnoreOpFor tests for (array, map, slice, struct, then the marshalers), which for a
 * definition that sets a map and a struct is the map. Go's decodeIgnoredValue reads a whole
 * value by its struct whenever one is set (see {@link topWire}).
 */
export function ignoredWire(w: WireType): WireType {
  if (w.others === undefined) return w;
  for (const kind of IGNORE_ORDER) {
    const part = wireOfKind(w, kind);
    if (part !== undefined) return part;
  }
  return w;
}

/**
 * The part of `w` a whole value with no local type is read by: its struct when it sets one
 * (decode.go's decodeIgnoredValue and getIgnoreEnginePtr), else as {@link ignoredWire}.
 */
export function topWire(w: WireType): WireType {
  return wireOfKind(w, 'struct') ?? ignoredWire(w);
}

export function makeWire(
  kind: WireKind,
  name: string,
  id: number,
  parts: Partial<Pick<WireType, 'elem' | 'len' | 'key' | 'fields'>> = {},
): WireType {
  return { kind, name, id, elem: parts.elem ?? 0, len: parts.len ?? 0, key: parts.key ?? 0, fields: parts.fields ?? [] };
}

// wireType := struct { ArrayT *arrayType; SliceT *sliceType; StructT *structType; MapT *mapType;
//                      GobEncoderT, BinaryMarshalerT, TextMarshalerT *gobEncoderType }
// Each kind struct starts with an embedded CommonType { Name string; Id int } as field 0.

/** Appends the gob encoding of a wireType value (not framed), as Go encodes its own wireType. */
export function writeWireType(w: Writer, t: WireType): void {
  if (t.kind === 'none') {
    // A zero wireType, as Go encodes one: only the end of the struct.
    w.uint(0);
    return;
  }
  w.uint(WIRE_KINDS.indexOf(t.kind) + 1);
  // CommonType, field 0 of the kind struct.
  w.uint(1);
  let last = -1;
  if (t.name !== '') {
    w.uint(1);
    w.string(t.name);
    last = 0;
  }
  w.uint(1 - last);
  w.int(t.id);
  w.uint(0);
  // As for any struct, Go omits fields that are zero: a length of 0, and the element id 0
  // that type.go records for an element still being built when a recursive type is.
  switch (t.kind) {
    case 'array':
      writeIds(w, t.elem, t.len);
      break;
    case 'slice':
      writeIds(w, t.elem);
      break;
    case 'map':
      writeIds(w, t.key, t.elem);
      break;
    case 'struct':
      if (t.fields.length > 0) {
        w.uint(1);
        w.uint(t.fields.length);
        for (const f of t.fields) {
          let fl = -1;
          if (f.name !== '') {
            w.uint(1);
            w.string(f.name);
            fl = 0;
          }
          if (f.id !== 0) {
            w.uint(1 - fl);
            w.int(f.id);
          }
          w.uint(0);
        }
      }
      break;
    default:
      break;
  }
  w.uint(0); // end of the kind struct
  w.uint(0); // end of wireType
}

/** Writes the int fields after CommonType (field 0), each with its delta, omitting zeros. */
function writeIds(w: Writer, ...values: number[]): void {
  let last = 0;
  values.forEach((v, i) => {
    if (v === 0) return;
    w.uint(i + 1 - last);
    w.int(v);
    last = i + 1;
  });
}

/**
 * What Go's decIgnoreOpFor says of a type of kind `'none'` (decode.go: no op for it). Go names
 * the type by its global id, which a stream-defined one never has: "<nil>". A schema-less
 * reading fails with it too, as it reads the stream's types as that function does.
 */
export const ERR_NO_KIND = "gob: bad data: ignore can't handle type <nil>";

/** Go's errRange text. */
export const ERR_RANGE = 'gob: bad data: field numbers out of bounds';

/**
 * Fails a struct field delta that takes the field number past the struct's fields, with Go's
 * text (decode.go's decodeStruct and ignoreStruct): a delta from 2^63 up is a negative int
 * there. `r` has just read the delta; one that large took eight bytes, the first now at pos - 8.
 */
export function deltaFail(r: Reader, delta: number, ignore = false): never {
  if (negativeGoInt(r, delta)) {
    fail(GobErrorCode.BadData, `gob: ${ignore ? 'ignore decode' : 'decode'}: corrupted data: negative delta`);
  }
  return fail(GobErrorCode.BadData, ERR_RANGE);
}

/** Reads the field-number deltas of a struct with `n` fields, calling `field` for each. */
function readStruct(r: Reader, n: number, field: (i: number) => void): void {
  let fieldnum = -1;
  // As decode.go's decodeStruct, the end of the message also ends the struct.
  while (r.remaining > 0) {
    const delta = r.uint();
    if (delta === 0) return;
    fieldnum += delta;
    if (fieldnum >= n) deltaFail(r, delta);
    field(fieldnum);
  }
}

/** A string of a wireType (Go decodes it with decString, whose text names the local type). */
function readName(r: Reader): string {
  const n = r.uint();
  if (n > r.remaining) fail(GobErrorCode.BadData, 'gob: bad string slice length: 0');
  return r.string(n);
}

/**
 * A typeId field of a wireType (Id, Elem, Key): Go's typeId is an int32, so a value outside it
 * fails as Go's decoder fails an int32 field, naming the field.
 */
function typeIdField(r: Reader, name: string): number {
  const v = r.int();
  if (v < -0x80000000 || v > 0x7fffffff) fail(GobErrorCode.Range, `value for "${name}" out of range`);
  return v;
}

/**
 * Reads a wireType value (after its negative type id), as Go decodes it into its own wireType.
 * One that sets none of its fields (`00`, or nothing before the message ends) is returned as
 * kind `'none'`, to be stored as Go stores it: the error comes with the first value that uses it.
 * One that sets several kinds keeps them all (see {@link WireType.others}).
 */
export function readWireType(r: Reader, maxNameLength: number): WireType {
  const parts: WireType[] = [];
  readStruct(r, WIRE_KINDS.length, (k) => {
    const kind = WIRE_KINDS[k]!;
    let name = '';
    let id = 0;
    let elem = 0;
    let len = 0;
    let key = 0;
    const fields: WireField[] = [];
    const nFields = kind === 'array' || kind === 'map' ? 3 : kind === 'slice' || kind === 'struct' ? 2 : 1;
    readStruct(r, nFields, (f) => {
      if (f === 0) {
        readStruct(r, 2, (c) => {
          if (c === 0) {
            name = readName(r);
            if (name.length > maxNameLength) fail(GobErrorCode.Limit, `gob: type name too long (${name.length} bytes)`);
          } else id = typeIdField(r, 'Id');
        });
      } else if (kind === 'array') {
        if (f === 1) elem = typeIdField(r, 'Elem');
        else len = r.int();
      } else if (kind === 'map') {
        if (f === 1) key = typeIdField(r, 'Key');
        else elem = typeIdField(r, 'Elem');
      } else if (kind === 'slice') {
        elem = typeIdField(r, 'Elem');
      } else {
        // struct: Field []fieldType, decoded as Go's decodeSlice does: a count whose bytes
        // (24 per fieldType) pass tooBig is refused, then elements are read until the count or
        // the message ends. Each element takes at least one byte, so the loop is bounded by them.
        const at = r.pos;
        const count = r.uint();
        if (count * 24 > 2 ** 33) {
          r.pos = at;
          fail(GobErrorCode.BadData, `gob: gob.fieldType slice too big: ${r.uintBig()} elements of 24 bytes`);
        }
        for (let i = 0; i < count; i++) {
          if (r.remaining === 0) fail(GobErrorCode.BadData, `gob: decoding array or slice: length exceeds input size (${count} elements)`);
          let fname = '';
          let fid = 0;
          readStruct(r, 2, (c) => {
            if (c === 0) fname = readName(r);
            else fid = typeIdField(r, 'Id');
          });
          fields.push({ name: fname, id: fid });
        }
      }
    });
    parts.push({ kind, name, id, elem, len, key, fields });
  });
  // The first kind set names the type in errors (type.go's wireType.string tests the fields in
  // their order); Go keeps every kind set, and so does `others`.
  if (parts.length === 0) return makeWire('none', '', 0);
  return parts.length === 1 ? parts[0]! : { ...parts[0]!, others: parts.slice(1) };
}

/**
 * Go's name for a remote type in its mismatch errors (decode.go's typeString): a builtin by its
 * name; a type the stream defined by the name its definition carries (wireType.string: Go's
 * encoder sends no name for unnamed slices, arrays and maps, so theirs is empty); an id the
 * stream never defined, or defined with no kind, as "unknown type". (A Go process first looks
 * the id up among the types it has itself numbered, which no peer can know; this is what a Go
 * decoder says for an id it has not numbered.)
 */
export function wireTypeString(id: number, types: ReadonlyMap<number, WireType>): string {
  const t = id < FIRST_USER_ID ? undefined : types.get(id);
  if (t === undefined) return BOOTSTRAP_STRINGS[id] ?? typeIdString(id) ?? 'unknown type';
  return t.kind === 'none' ? 'unknown type' : t.name;
}

/**
 * How Go prints its bootstrap struct types (ids 16 to 24, type.go's wireType and the types it is
 * made of) in a mismatch error: type.go's safeString, recorded from Go 1.26.
 */
// biome-ignore format: one type per line
const BOOTSTRAP_STRINGS: Record<number, string> = {
  16: 'wireType = struct { ArrayT arrayType = struct { CommonType CommonType = struct { Name string; Id int; }; Elem int; Len int; }; SliceT sliceType = struct { CommonType CommonType; Elem int; }; StructT structType = struct { CommonType CommonType; Field []fieldType = struct { Name string; Id int; }; }; MapT mapType = struct { CommonType CommonType; Key int; Elem int; }; GobEncoderT gobEncoderType = struct { CommonType CommonType; }; BinaryMarshalerT gobEncoderType; TextMarshalerT gobEncoderType; }',
  17: 'arrayType = struct { CommonType CommonType = struct { Name string; Id int; }; Elem int; Len int; }',
  18: 'CommonType = struct { Name string; Id int; }',
  19: 'sliceType = struct { CommonType CommonType = struct { Name string; Id int; }; Elem int; }',
  20: 'structType = struct { CommonType CommonType = struct { Name string; Id int; }; Field []fieldType = struct { Name string; Id int; }; }',
  21: 'fieldType = struct { Name string; Id int; }',
  22: '[]fieldType = struct { Name string; Id int; }',
  23: 'mapType = struct { CommonType CommonType = struct { Name string; Id int; }; Key int; Elem int; }',
  24: 'gobEncoderType = struct { CommonType CommonType = struct { Name string; Id int; }; }',
};

/**
 * Whether the uint `n` just read from `r` is negative as Go's int(state.decodeUint()) converts
 * it: from 2^63 up, an eight-byte uint whose first byte (at pos - 8) has its top bit set.
 */
export function negativeGoInt(r: Reader, n: number): boolean {
  return n >= 2 ** 56 && r.buf[r.pos - 8]! >= 0x80;
}

/** Go's error for a type id with no definition (decode.go's `undefined type`). */
export function undefinedTypeFail(id: number): never {
  return fail(GobErrorCode.BadData, `gob: bad data: undefined type ${typeIdString(id) ?? '<nil>'}`);
}

/**
 * Go's typeId.string() for the ids a Go process numbers itself (the builtins, reserved ids
 * included), undefined for any other; Go prints `<nil>` for those in `undefined type` errors.
 */
export function typeIdString(id: number): string | undefined {
  return BUILTIN_NAMES[id] ?? (id >= RESERVED_FIRST && id <= RESERVED_LAST ? '_reserved1' : undefined);
}

/** Ids 9 to 15: type.go's tReserved7 .. tReserved1, builtins that are not structs, all named "_reserved1". */
export const RESERVED_FIRST = 9;
export const RESERVED_LAST = 15;

const f = (name: string, id: number): WireField => ({ name, id });

/**
 * The wire types of gob's own type descriptions (type.go's bootstrap types): a stream may send
 * values of them like any other struct, so the decoder knows their layout a priori.
 */
// biome-ignore format: one wire type a line, as type.go's bootstrap list
export const BUILTIN_WIRE_TYPES: ReadonlyMap<number, WireType> = new Map([
  [16, makeWire('struct', 'wireType', 16, { fields: [f('ArrayT', 17), f('SliceT', 19), f('StructT', 20), f('MapT', 23), f('GobEncoderT', 24), f('BinaryMarshalerT', 24), f('TextMarshalerT', 24)] })],
  [17, makeWire('struct', 'arrayType', 17, { fields: [f('CommonType', 18), f('Elem', 2), f('Len', 2)] })],
  [18, makeWire('struct', 'CommonType', 18, { fields: [f('Name', 6), f('Id', 2)] })],
  [19, makeWire('struct', 'sliceType', 19, { fields: [f('CommonType', 18), f('Elem', 2)] })],
  [20, makeWire('struct', 'structType', 20, { fields: [f('CommonType', 18), f('Field', 22)] })],
  [21, makeWire('struct', 'fieldType', 21, { fields: [f('Name', 6), f('Id', 2)] })],
  [22, makeWire('slice', '[]fieldType', 22, { elem: 21 })],
  [23, makeWire('struct', 'mapType', 23, { fields: [f('CommonType', 18), f('Key', 2), f('Elem', 2)] })],
  [24, makeWire('struct', 'gobEncoderType', 24, { fields: [f('CommonType', 18)] })],
]);

/**
 * Reads a type id as decoder.go's decodeTypeSequence does, through nextInt (decodeUintReader over
 * the message) and the conversion to Go's typeId, an int32: of a value of five to eight bytes only
 * the low 32 bits of the int count, exactly, so 2^32 + 64 is id 64. Where Go's read fails it
 * leaves the message as Go leaves its buffer before throwing Go's error: `unexpected EOF` for a
 * count byte whose bytes the message does not hold (io.ReadFull has taken those there are: a uint
 * inside a value is `invalid uint data length` instead), errBadUint for a count past eight (only
 * the count byte taken), `EOF` for an empty message.
 */
export function readTypeId(r: Reader): number {
  const buf = r.buf;
  const p = r.pos;
  // n > 8 for a one-byte id, an empty message (EOF) and a count past eight (errBadUint): the reader's texts.
  const n = p < r.end ? 256 - buf[p]! : 256;
  if (n > 8) return r.int();
  if (n >= r.remaining) {
    r.pos = r.end;
    fail(GobErrorCode.UnexpectedEof, 'unexpected EOF');
  }
  if (n <= 4) return r.int();
  // Five to eight bytes: the uint's low 33 bits give the zigzag int's low 32.
  const lo = ((buf[p + n - 3]! << 24) | (buf[p + n - 2]! << 16) | (buf[p + n - 1]! << 8) | buf[p + n]!) >>> 0;
  const bit32 = buf[p + n - 4]! & 1;
  r.pos = p + 1 + n;
  const half = (lo >>> 1) | (bit32 << 31);
  return lo & 1 ? ~half : half | 0;
}
