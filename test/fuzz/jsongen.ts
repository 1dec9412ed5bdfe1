// Structure-aware JSON inputs for the fuzz campaign: values nested deep, numbers long and at
// the edges of 2^53 and 2^64, strings with every escape, bad UTF-8 and lone surrogates, objects
// with duplicate and case-folded keys, and JSON-RPC requests and responses around them.
import { EDGE_INTS, EDGE_UINTS } from './gobgen.js';
import type { Rng } from './rng.js';

function number(r: Rng): string {
  switch (r.int(6)) {
    case 0:
      return String(r.pick(EDGE_INTS));
    case 1:
      return String(r.pick(EDGE_UINTS));
    case 2:
      return r.pick([
        '0',
        '-0',
        '1e308',
        '1e309',
        '-1e400',
        '5e-324',
        '2e-324',
        '1.7976931348623157e308',
        '0.1',
        '1E+2',
        '1.0',
        '3.4028234663852886e38',
        '1e-7',
        '123456789012345678901234567890',
      ]);
    case 3:
      return (
        (r.chance(0.5) ? '-' : '') +
        '9'.repeat(1 + r.small(400)) +
        (r.chance(0.3) ? '.' + '5'.repeat(1 + r.small(50)) : '') +
        (r.chance(0.3) ? 'e' + r.range(-400, 400) : '')
      );
    default:
      return String(r.range(-100000, 100000));
  }
}

function string(r: Rng): string {
  const parts: string[] = ['"'];
  const n = r.small(30);
  for (let i = 0; i < n; i++) {
    switch (r.int(8)) {
      case 0:
        parts.push(r.pick(['\\"', '\\\\', '\\/', '\\b', '\\f', '\\n', '\\r', '\\t']));
        break;
      case 1:
        parts.push('\\u' + r.pick(['0000', '001f', '00e9', 'd800', 'dc00', 'dbff', 'ffff', 'D83D', 'DE00', 'fffe']));
        break;
      case 2:
        parts.push(String.fromCharCode(0x80 + r.int(0x780)));
        break;
      case 3:
        parts.push(r.pick(['\u{1F600}', '\u2028', '\u2029', '<', '>', '&', '\u00ff']));
        break;
      default:
        parts.push(String.fromCharCode(0x20 + r.int(0x5f)).replace(/["\\]/, 'x'));
    }
  }
  if (r.chance(0.02)) parts.push('A'.repeat(r.pick([1000, 5000])));
  parts.push('"');
  return parts.join('');
}

const KEYS = ['X', 'x', 'Y', 'Name', 'NAME', 'name', 'Next', 'Val', 'Kelvin', 'K', 'Items', 'a', '', '\\u0058', 'ſ', 'K'];

/** One JSON value; `depth` limits nesting, except in the deep inputs that test the limit. */
export function jsonValue(r: Rng, depth: number): string {
  const p = r.int(10);
  if (depth > 0 && p < 4) {
    const n = r.small(5);
    const items: string[] = [];
    if (p < 2) {
      for (let i = 0; i < n; i++) items.push(jsonValue(r, depth - 1));
      return '[' + items.join(r.pick([',', ' , ', ',\n'])) + ']';
    }
    for (let i = 0; i < n; i++) items.push((r.chance(0.8) ? JSON.stringify(r.pick(KEYS)) : string(r)) + ':' + jsonValue(r, depth - 1));
    return '{' + items.join(',') + '}';
  }
  switch (p) {
    case 4:
    case 5:
      return number(r);
    case 6:
    case 7:
      return string(r);
    default:
      return r.pick(['true', 'false', 'null']);
  }
}

/** A value nested `n` deep, around Go's limit of 10,000. */
function deep(r: Rng): string {
  const n = r.pick([100, 9_999, 10_000, 10_001, 20_000]);
  const open = r.chance(0.5) ? '[' : '{"a":';
  const close = open === '[' ? ']' : '}';
  return open.repeat(n) + (r.chance(0.5) ? '1' : '') + close.repeat(r.chance(0.9) ? n : n - 1);
}

/** A JSON-RPC request or response, or a plain value, possibly followed by more. */
export function generateJson(r: Rng): string {
  const values: string[] = [];
  const count = 1 + r.small(3);
  for (let i = 0; i < count; i++) {
    switch (r.int(5)) {
      case 0:
        values.push(
          `{"method":${r.chance(0.9) ? '"Arith.Multiply"' : jsonValue(r, 1)},"params":[${jsonValue(r, 3)}],"id":${jsonValue(r, 1)}}`,
        );
        break;
      case 1:
        values.push(
          `{"id":${r.chance(0.7) ? String(r.pick(EDGE_UINTS)) : jsonValue(r, 1)},"result":${jsonValue(r, 4)},"error":${r.chance(0.7) ? 'null' : jsonValue(r, 2)}}`,
        );
        break;
      case 2:
        values.push(r.chance(0.05) ? deep(r) : jsonValue(r, 6));
        break;
      default:
        values.push(jsonValue(r, 4));
    }
  }
  return values.join(r.pick(['', ' ', '\n', '\r\n\t']));
}
