// `node build/bench/linear.js`: the cost of a value preceded by many type definitions, fed whole,
// in 256-byte chunks (as a socket delivers them) and one byte at a time. Linear decoding makes
// the three figures close; a decoder that re-reads the type sequence per chunk does not.
// Figures only: nothing here fails a test run.
import { Decoder, Encoder, NEED_MORE, t, TypeRegistry, type Schema } from '../src/gob/index.js';

const TYPES = Number(process.env.TYPES ?? 8000);
/** Chunk sizes to feed, in bytes; 0 is the whole stream at once. */
const CHUNKS = (process.env.CHUNKS ?? '0,256,1').split(',').map(Number);

/** A struct with `n` fields, each of its own struct type: n + 1 type definitions. */
function wide(n: number): Schema {
  const fields: Record<string, Schema> = {};
  for (let i = 0; i < n; i++) fields[`F${i}`] = t.struct(`main.T${i}`, { X: t.int });
  return t.struct('main.Wide', fields);
}

function feed(bytes: Uint8Array, chunk: number, schema: Schema | undefined, registry?: TypeRegistry): number {
  const d = new Decoder({ registry });
  const start = process.hrtime.bigint();
  let values = 0;
  for (let p = 0; p < bytes.length; p += chunk) {
    d.write(bytes.subarray(p, Math.min(bytes.length, p + chunk)));
    for (let v = schema ? d.next(schema) : d.next(); v !== NEED_MORE; v = schema ? d.next(schema) : d.next()) values++;
  }
  d.end();
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  if (values !== 1) throw new Error(`decoded ${values} values`);
  return ms;
}

function report(label: string, bytes: Uint8Array, schema: Schema | undefined, registry?: TypeRegistry): void {
  const row = [label.padEnd(44), `${bytes.length} B`.padStart(10)];
  for (const c of CHUNKS) {
    const chunk = c === 0 ? bytes.length : c;
    feed(bytes, chunk, schema, registry); // warm-up
    row.push(`${c === 0 ? 'whole' : `${c} B`}: ${feed(bytes, chunk, schema, registry).toFixed(1)} ms`.padStart(18));
  }
  console.log(row.join(' '));
}

const Wide = wide(TYPES);
const top = new Encoder().encode(Wide, {});
report(`${TYPES} type definitions, then the value`, top, Wide);
report(`the same, schema-less`, top, undefined);

// The same definitions inside an interface: they split the value into many messages.
const Holder = t.struct('main.Holder', { V: t.any, N: t.int });
const reg = new TypeRegistry().register(Wide, 'main.Wide');
const inner = new Encoder({ registry: reg }).encode(Holder, { V: { name: 'main.Wide', value: {} }, N: 1 });
report(`${TYPES} definitions inside an interface value`, inner, Holder, reg);
