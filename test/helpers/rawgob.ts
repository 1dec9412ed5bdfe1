// A raw net/rpc peer for the back-pressure tests: pipelined requests written as Go's client writes
// them, and replies read off a socket, with no client in between to pace either side.
import type net from 'node:net';
import { Decoder, Encoder, NEED_MORE, t } from '../../src/gob/index.js';
import { requestSchema, responseSchema } from '../../src/rpc/index.js';

/** Waits, a turn of the event loop at a time (never a timer), until `cond()` holds. */
export async function until(cond: () => boolean): Promise<void> {
  while (!cond()) await new Promise<void>((res) => setImmediate(res));
}

export function portOf(l: net.Server): number {
  return (l.address() as net.AddressInfo).port;
}

/** `n` pipelined requests for `serviceMethod` with the int argument `size`, as Go's client writes them. */
export function pipelinedRequests(serviceMethod: string, n: number, size: number): Uint8Array {
  const enc = new Encoder();
  const parts: Uint8Array[] = [];
  for (let seq = 0; seq < n; seq++) {
    parts.push(enc.encode(requestSchema, { ServiceMethod: serviceMethod, Seq: seq }), enc.encode(t.int, size));
  }
  return Buffer.concat(parts);
}

/** Reads gob responses from `socket` until `n` have arrived; resolves with their Seqs and body lengths. */
export function readResponses(socket: net.Socket, n: number): Promise<Array<[number, number]>> {
  const dec = new Decoder();
  const got: Array<[number, number]> = [];
  let seq = -1;
  return new Promise((resolve, reject) => {
    socket.on('data', (chunk: Uint8Array) => {
      dec.write(chunk);
      for (;;) {
        const v: unknown = seq < 0 ? dec.next(responseSchema) : dec.next(t.bytes);
        if (v === NEED_MORE) break;
        if (seq < 0) {
          const h = v as { Seq: number; Error: string };
          if (h.Error !== '') reject(new Error(h.Error));
          seq = h.Seq;
        } else {
          got.push([seq, (v as Uint8Array).length]);
          seq = -1;
          if (got.length === n) resolve(got);
        }
      }
    });
    socket.once('close', () => reject(new Error(`connection closed after ${got.length} of ${n} replies`)));
  });
}
