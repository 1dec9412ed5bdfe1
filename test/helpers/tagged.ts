// The canonical "tagged JSON" form of values that interop/internal/gobcases writes beside each
// fixture, computed here from a decoded value and its schema, so the two sides can be compared.
import { baseOf, type GoInterface, GoTime, interfaceSchema, type Schema, stringBytes } from '../../src/schema/index.js';
import { zeroValue } from '../../src/gob/error.js';

const bitsView = new DataView(new ArrayBuffer(8));

function floatBits(x: number): string {
  bitsView.setFloat64(0, x);
  return bitsView.getBigUint64(0).toString(16).padStart(16, '0');
}

/**
 * A typed array of floats tagged as gobcases tags floats (`{ f: hex bits of the float64 }`), the
 * bits read from the array's memory so that a NaN's payload is what is compared; a Float32Array's
 * floats are widened first.
 */
export function tagFloats(a: Float64Array | Float32Array): { f: string }[] {
  const f64 = a instanceof Float64Array ? a : Float64Array.from(a);
  const view = new DataView(f64.buffer, f64.byteOffset, f64.byteLength);
  return Array.from(f64, (_, i) => ({
    f: view
      .getBigUint64(8 * i, true)
      .toString(16)
      .padStart(16, '0'),
  }));
}

function b64(b: Uint8Array): string {
  return Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString('base64');
}

function bigFromGob(b: Uint8Array): bigint | null {
  if (b.length === 0) return 0n;
  let x = 0n;
  for (let i = 1; i < b.length; i++) x = (x << 8n) | BigInt(b[i]!);
  return b[0]! & 1 ? -x : x;
}

function timeTag(v: GoTime): unknown {
  return { time: { sec: v.sec.toString(), nsec: v.nsec, offset: v.offset } };
}

function timeFromGob(b: Uint8Array): GoTime {
  const dv = new DataView(b.buffer, b.byteOffset, b.byteLength);
  let offset = dv.getInt16(13) * 60;
  if (b[0] === 2) offset += b[15]!;
  return new GoTime(dv.getBigInt64(1), dv.getInt32(9), offset === -60 ? null : offset);
}

/** A string as gobcases tags it: JSON text when it is UTF-8, else {"s": base64 of its bytes}. */
function tagString(s: string): unknown {
  return (s as unknown as { isWellFormed(): boolean }).isWellFormed() ? s : { s: b64(stringBytes(s)) };
}

/** Tags `v` of schema `s` as gobcases' Go walker does. */
export function tag(v: unknown, s: Schema): unknown {
  switch (s.kind) {
    case 'bool':
      return v;
    case 'string':
      return tagString(v as string);
    case 'int':
    case 'uint':
      return { n: String(v) };
    case 'float':
      return { f: floatBits(v as number) };
    case 'complex': {
      const c = v as { real: number; imag: number };
      return { c: [floatBits(c.real), floatBits(c.imag)] };
    }
    case 'bytes':
      return { b: b64(v as Uint8Array) };
    case 'slice':
    case 'array':
      return (v as unknown[]).map((x) => tag(x, s.elem));
    case 'map': {
      const entries = [...(v as Map<unknown, unknown>)].map(([k, x]) => [tag(k, s.key), tag(x, s.elem)]);
      entries.sort((a, b) => (JSON.stringify(a[0]) < JSON.stringify(b[0]) ? -1 : 1));
      return { m: entries };
    }
    case 'struct': {
      const o: Record<string, unknown> = {};
      for (const f of s.fields) o[f.name] = tag((v as Record<string, unknown>)[f.name], f.schema);
      return o;
    }
    case 'ptr':
      // Schema-less decoding gives null for absent maps and marshalers; Go's walker tags
      // those as an empty map and a zero time.
      // (gobcases tags a nil pointer to a non-struct as the pointee's zero value).
      if (v === null) {
        const e = baseOf(s);
        if (e.kind === 'struct') return null;
        if (e.kind === 'external') {
          if ((e.wireName ?? e.name) === 'Time' || e.name === 'time.Time') return timeTag(GoTime.zero);
          return null;
        }
        return tag(zeroValue(e), e);
      }
      return tag(v, s.elem);
    case 'interface': {
      if (v === null) return null;
      const i = v as GoInterface;
      return { iface: tagString(i.name), v: tag(i.value, interfaceSchema(i)!) };
    }
    case 'external': {
      if (v instanceof GoTime) return timeTag(v);
      if (typeof v === 'bigint' || v === null) return v === null ? null : { big: v.toString() };
      // Raw marshaler bytes (schema-less): the Go walker tags the standard types by meaning.
      const raw = v as Uint8Array;
      const name = s.wireName ?? s.name;
      // An absent field reads as empty bytes: Go omitted a zero time or a nil *big.Int.
      if (name === 'Time') return timeTag(raw.length === 0 ? GoTime.zero : timeFromGob(raw));
      if (name === 'Int' || name === '') return raw.length === 0 ? null : { big: String(bigFromGob(raw)) };
      return { raw: b64(raw) };
    }
  }
}
