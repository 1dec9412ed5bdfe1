// The custom framing of the reference examples, composed from the gob layer and a socket: each
// message is a 4-byte big-endian length, then a whole gob stream from a fresh encoder holding one
// RPCData { Func string; Args []interface{} }. Nothing of net/rpc is involved; it shows how the
// gob codec sits under another protocol. Wire format and texts as interop/rpcdata/main.go.
import { decode, encode, type GoInterface, type Schema, t, TypeRegistry } from '../../src/gob/index.js';

/** The only message type: a function name and its arguments, or its results. */
export interface RPCData {
  Func: string;
  /** Each argument or result in an interface; `null` is Go's nil interface. */
  Args: Array<GoInterface | null> | null;
}

export const RPCDataSchema: Schema<RPCData> = t.struct('main.RPCData', { Func: t.string, Args: t.slice(t.any) }) as Schema<RPCData>;

/** queryUser's result type, sent in an interface as "main.User". */
export interface User {
  Name: string;
  Age: number;
}
export const UserSchema: Schema<User> = t.struct('main.User', { Name: t.string, Age: t.int });

/**
 * The names of the concrete types that travel inside Args, as the Go program registers them:
 * only main.User, since every registry already holds the basic types Go registers itself
 * ("int", "string", "[]string", ...). `t.int` replaces the default for "int" (number or
 * bigint) so that arguments arrive as numbers.
 */
export function rpcDataRegistry(): TypeRegistry {
  return new TypeRegistry().register(UserSchema, 'main.User').register(t.int, 'int');
}

/** A value in an interface, with the schema the encoder needs. */
export function iface<T>(name: string, schema: Schema<T>, value: T): GoInterface<T> {
  return { name, value, schema };
}

/** The Go program's limit on one frame. */
export const MAX_FRAME = 64 << 20;

/** One frame: the length, then a fresh gob stream holding `d` (Go's writeFrame). */
export function encodeFrame(d: RPCData, registry: TypeRegistry): Uint8Array {
  const body = encode(RPCDataSchema, d, { registry });
  const frame = new Uint8Array(4 + body.length);
  new DataView(frame.buffer).setUint32(0, body.length);
  frame.set(body, 4);
  return frame;
}

/**
 * Collects socket chunks and returns whole frames, each decoded with a fresh gob decoder (its
 * type definitions are its own, since every frame comes from a fresh encoder). The length
 * prefix itself may be split across chunks.
 */
export class FrameReader {
  private buf = new Uint8Array(0);

  constructor(private readonly registry: TypeRegistry) {}

  /** Adds a chunk and returns the messages it completed. Throws on a frame over the limit or bad gob. */
  push(chunk: Uint8Array): RPCData[] {
    const joined = new Uint8Array(this.buf.length + chunk.length);
    joined.set(this.buf);
    joined.set(chunk, this.buf.length);
    const out: RPCData[] = [];
    let p = 0;
    while (joined.length - p >= 4) {
      const n = new DataView(joined.buffer, joined.byteOffset + p, 4).getUint32(0);
      if (n > MAX_FRAME) throw new Error(`frame of ${n} bytes is too large`);
      if (joined.length - p - 4 < n) break;
      out.push(decode(joined.subarray(p + 4, p + 4 + n), RPCDataSchema, { registry: this.registry }));
      p += 4 + n;
    }
    this.buf = joined.slice(p);
    return out;
  }

  /** Whether part of a frame is buffered (the stream ending now would cut it). */
  get pending(): boolean {
    return this.buf.length > 0;
  }
}
