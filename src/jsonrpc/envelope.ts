// The request and response objects of Go's net/rpc/jsonrpc, read the way encoding/json fills
// the codecs' structs: member names matched exactly, then case-insensitively; the last of
// duplicate members wins; unknown members skipped; `null` leaves a field unset; a top-level
// value that is not an object is Go's UnmarshalTypeError naming the struct.
import { t } from '../schema/index.js';
import { type DecCompiler, foldName } from './decode.js';
import { Cursor } from './reader.js';
import { typeError } from './error.js';

/** A member's value, as json.RawMessage: its bytes (`null` is reported as absent, as Go's *RawMessage). */
export interface Raw {
  readonly bytes: Uint8Array;
  readonly start: number;
  readonly end: number;
}

/**
 * The raw members of a top-level object whose names fold to one of `names` (given in lower
 * case, as the jsonrpc structs' tags). Throws Go's UnmarshalTypeError when the value is not an
 * object (`json: cannot unmarshal array into Go value of type jsonrpc.serverRequest`).
 */
function members(bytes: Uint8Array, goType: string, names: readonly string[], nilable: readonly string[]): Map<string, Raw> {
  const c = new Cursor(bytes);
  const out = new Map<string, Raw>();
  const b = c.peek();
  if (b === 0x6e) return out;
  if (b !== 0x7b) throw typeError(c.what(), goType, undefined, []);
  c.members((keyStart, keyEnd, plain) => {
    let name: string | undefined;
    if (plain) name = foldedName(bytes, keyStart, keyEnd, names);
    else {
      const key = c.keyAt(keyStart);
      name = names.includes(key) ? key : undefined;
      if (name === undefined) {
        const folded = foldName(key);
        name = names.find((n) => n === folded);
      }
    }
    const start = c.pos;
    c.skip();
    if (name === undefined) return;
    // `null` resets a pointer or interface to nil, even after an earlier member set it, and
    // leaves a string or integer as it was.
    if (bytes[start] === 0x6e) {
      if (nilable.includes(name)) out.delete(name);
    } else out.set(name, { bytes, start, end: trimEnd(bytes, start, c.pos) });
  });
  return out;
}

/**
 * The one of `names` (lower-case ASCII) that the plain ASCII key b[start, end) is, exactly or
 * folded, compared as bytes: a request of a million unknown members makes no key string.
 */
function foldedName(b: Uint8Array, start: number, end: number, names: readonly string[]): string | undefined {
  for (const name of names) {
    if (name.length !== end - start) continue;
    let k = 0;
    for (; k < name.length; k++) {
      const d = b[start + k]!;
      if ((d >= 0x41 && d <= 0x5a ? d + 0x20 : d) !== name.charCodeAt(k)) break;
    }
    if (k === name.length) return name;
  }
  return undefined;
}

function trimEnd(b: Uint8Array, start: number, end: number): number {
  while (end > start && (b[end - 1] === 0x20 || b[end - 1] === 0x0a || b[end - 1] === 0x0d || b[end - 1] === 0x09)) end--;
  return end;
}

/** A cursor on a raw member, with Go's error context for field `field` of struct `struct`. */
function fieldCursor(raw: Raw, struct: string, field: string): Cursor {
  const c = new Cursor(raw.bytes, raw.start);
  c.struct = struct;
  c.fields.push(field);
  return c;
}

/** jsonrpc's serverRequest: `{"method": string, "params": raw, "id": raw}`. */
export interface ServerRequest {
  method: string;
  params: Raw | undefined;
  id: Raw | undefined;
}

const REQUEST_FIELDS = ['method', 'params', 'id'] as const;

/** Reads one request object; throws a JsonError as Go's Decode into serverRequest would. */
export function readRequest(bytes: Uint8Array, dec: DecCompiler): ServerRequest {
  const m = members(bytes, 'jsonrpc.serverRequest', REQUEST_FIELDS, ['params', 'id']);
  const method = m.get('method');
  return {
    method: method ? (dec.get(t.string)(fieldCursor(method, 'serverRequest', 'method')) as string) : '',
    params: m.get('params'),
    id: m.get('id'),
  };
}

/** jsonrpc's clientResponse: `{"id": uint64, "result": raw, "error": any}`. */
export interface ClientResponse {
  id: bigint;
  result: Raw | undefined;
  /** The `error` member schema-less; `null` when absent or null (Go's nil interface). */
  error: unknown;
}

const RESPONSE_FIELDS = ['id', 'result', 'error'] as const;

/** Reads one response object; throws a JsonError as Go's Decode into clientResponse would. */
export function readResponse(bytes: Uint8Array, dec: DecCompiler): ClientResponse {
  const m = members(bytes, 'jsonrpc.clientResponse', RESPONSE_FIELDS, ['result', 'error']);
  const id = m.get('id');
  const error = m.get('error');
  return {
    id: id ? (dec.get(t.uint64n)(fieldCursor(id, 'clientResponse', 'id')) as bigint) : 0n,
    result: m.get('result'),
    error: error ? dec.get(undefined)(new Cursor(error.bytes, error.start)) : null,
  };
}
