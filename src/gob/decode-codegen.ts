// Struct decoders built from a field plan: generated as straight-line code where the host allows
// it, else interpreted by a closure.
import { addPath, zeroValue } from './error.js';
import { defineField, type Field, type Schema } from '../schema/index.js';
import { deltaFail } from './wire.js';
import { type DecFn, depthFail, nameRange } from './decode-basic.js';

export interface FieldPlan {
  /** Index of the local field this wire field fills, or -1 to skip it. */
  local: number;
  dec: DecFn;
  /** The field holds the struct itself (a linked list, a tree): the decoder calls itself directly. */
  self?: boolean;
}

/**
 * The interpreted struct decoder, for names code generation cannot carry (`__proto__`) or hosts
 * that refuse eval: a template of primitive zeros cloned per value, composite zeros made fresh
 * for the fields the stream left out.
 */
export function closureStructDecoder(
  local: readonly Field[],
  wire: readonly { name: string }[],
  plan: FieldPlan[],
  maxDepth: number,
): DecFn {
  const n = plan.length;
  const template: Record<string, unknown> = {};
  const composite: Field[] = [];
  for (const f of local) {
    const z = f.schema.kind === 'ptr' ? null : zeroValue(f.schema);
    if (z !== null && typeof z === 'object' && f.schema.kind !== 'interface') {
      composite.push(f);
      defineField(template, f.name, null);
    } else defineField(template, f.name, z);
  }
  const decode: DecFn = (r) => {
    if (++r.depth > maxDepth) depthFail();
    const o: Record<string, unknown> = { ...template };
    let field = -1;
    try {
      // As decode.go's decodeStruct, the end of the message also ends the struct.
      while (r.pos < r.end) {
        const delta = r.uint();
        if (delta === 0) break;
        field += delta;
        if (field >= n) deltaFail(r, delta);
        const p = plan[field]!;
        const v = p.self ? decode(r) : p.dec(r);
        if (p.local >= 0) defineField(o, local[p.local]!.name, v);
      }
    } catch (e) {
      throw field >= 0 && field < n ? addPath(nameRange(e, wire[field]!.name), '.' + wire[field]!.name) : e;
    }
    for (const f of composite) if (o[f.name] === null) defineField(o, f.name, zeroValue(f.schema));
    r.depth--;
    return o;
  };
  return decode;
}

/**
 * Generated factories by their parameters and source, shared by every Decoder: a struct decoded by many streams
 * (one Decoder per connection, per file) is then one function to V8, whose type feedback,
 * optimized code and allocation site outlive each Decoder. The allocation site matters most: V8
 * allocates straight into the old generation from a site whose objects it has seen survive, so a
 * large decoded value (a tree of 10^6 structs) is not copied through the young generation by
 * every scavenge; a factory per Decoder started that learning afresh on every stream (tree
 * decode: 87 → 68 ms of CPU per op, its scavenges gone). Bounded, as the sources follow the
 * remote types a peer sends (count and characters): past the bound, or for a struct of very many
 * wire fields, a struct gets a factory of its own, as before.
 */
const FACTORIES = new Map<string, (...args: unknown[]) => DecFn>();
const MAX_FACTORIES = 1024;
/**
 * The bound on the sources kept, in characters: a source has a line per wire field, so a peer
 * sending struct definitions of thousands of fields would otherwise keep hundreds of MiB for the
 * life of the process (a factory per Decoder is collected with its Decoder).
 */
const MAX_FACTORY_CHARS = 1 << 20;
/** A source larger than this is never kept: one struct's share of {@link MAX_FACTORY_CHARS}. */
const MAX_SHARED_SOURCE = 16 << 10;
let factoryChars = 0;

/** @internal How many generated struct sources are shared across Decoders, and their characters (for tests). */
export function sharedFactories(): { count: number; chars: number } {
  return { count: FACTORIES.size, chars: factoryChars };
}

/** A literal for a field's zero value when it is a primitive, else undefined. */
function zeroLiteral(s: Schema): string | undefined {
  switch (s.kind) {
    case 'bool':
      return 'false';
    case 'int':
    case 'uint':
      return s.mode === 'bigint' ? '0n' : '0';
    case 'float':
      return '0';
    case 'string':
      return "''";
    case 'ptr':
    case 'interface':
      return 'null';
    default:
      return undefined;
  }
}

/**
 * Generates a struct decoder as straight-line code: locals for the fields, a switch on the
 * field number, and one object literal at the end (a single hidden class per struct).
 * Undefined when a name cannot be embedded or eval is refused.
 */
export function generateStructDecoder(
  local: readonly Field[],
  wire: readonly { name: string }[],
  plan: FieldPlan[],
  maxDepth: number,
): DecFn | undefined {
  if (local.some((f) => f.name === '__proto__')) return undefined;
  const params = ['deltaFail', 'nameRange', 'addPath', 'depthFail', 'maxDepth', 'wireNames', 'zeroValue'];
  const args: unknown[] = [deltaFail, nameRange, addPath, depthFail, maxDepth, wire.map((w) => w.name), zeroValue];
  const body: string[] = ['return function decodeStruct(r) {', '  if (++r.depth > maxDepth) depthFail();'];
  local.forEach((f, j) => {
    const z = zeroLiteral(f.schema);
    body.push(`  let l${j} = ${z ?? 'undefined'};`);
    if (z === undefined) {
      params.push(`s${j}`);
      args.push(f.schema);
    }
  });
  body.push(
    '  let field = -1;',
    '  try {',
    '    while (r.pos < r.end) {',
    '      const d = r.uint();',
    '      if (d === 0) break;',
    '      field += d;',
    '      switch (field) {',
  );
  plan.forEach((p, i) => {
    const call = p.self ? 'decodeStruct(r)' : `d${i}(r)`;
    if (!p.self) {
      params.push(`d${i}`);
      args.push(p.dec);
    }
    body.push(p.local < 0 ? `        case ${i}: ${call}; break;` : `        case ${i}: l${p.local} = ${call}; break;`);
  });
  body.push(
    '        default: deltaFail(r, d);',
    '      }',
    '    }',
    '  } catch (e) {',
    '    throw field >= 0 && field < wireNames.length ? addPath(nameRange(e, wireNames[field]), "." + wireNames[field]) : e;',
    '  }',
    '  r.depth--;',
  );
  body.push('  return {');
  local.forEach((f, j) => {
    const v = zeroLiteral(f.schema) === undefined ? `l${j} === undefined ? zeroValue(s${j}) : l${j}` : `l${j}`;
    body.push(`    ${JSON.stringify(f.name)}: ${v},`);
  });
  body.push('  };', '};');
  const source = body.join('\n');
  const key = `${params.join(',')}\n${source}`;
  try {
    let factory = FACTORIES.get(key);
    if (factory === undefined) {
      factory = new Function(...params, source) as (...args: unknown[]) => DecFn;
      if (FACTORIES.size < MAX_FACTORIES && key.length <= MAX_SHARED_SOURCE && factoryChars + key.length <= MAX_FACTORY_CHARS) {
        FACTORIES.set(key, factory);
        factoryChars += key.length;
      }
    }
    return factory(...args);
  } catch {
    return undefined;
  }
}
