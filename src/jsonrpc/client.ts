// The client half of net/rpc/jsonrpc, as client.go: requests `{"method":..,"params":[arg],"id":seq}`
// each followed by a newline (json.Encoder's), responses `{"id":..,"result":..,"error":..}` read
// as they come, whatever the whitespace between them. Plugged into the same Client as the gob
// codec; a response whose error is neither a string nor null ends the connection with Go's
// `invalid error %v`.
import * as net from 'node:net';
import type { Duplex } from 'node:stream';
import type { Schema } from '../schema/index.js';
import {
  type Address,
  Client,
  type ClientCodec,
  type ClientCodecHandler,
  type ClientInterceptor,
  DISCARD,
  type ResponseHeader,
  openClientSocket,
  RpcError,
  RpcErrorCode,
} from '../rpc/index.js';
import { DecCompiler } from './decode.js';
import { compareUtf8, EncCompiler, formatFloat, quote } from './encode.js';
import { type ClientResponse, readResponse } from './envelope.js';
import { Cursor } from './reader.js';
import { isJsonError, limitError } from './error.js';
import type { ScannerOptions } from './scanner.js';
import { JsonStream, protocolError } from './stream.js';

/** Options of the JSON-RPC codecs. */
export interface JsonCodecOptions extends ScannerOptions {}

/** Options of a JSON-RPC {@link Client}: the codec's limits, the default call timeout and interceptors. */
export interface JsonClientOptions extends JsonCodecOptions {
  /** Default per-call timeout in milliseconds; 0 or absent: none, as Go. */
  timeout?: number;
  /** Middleware around every call, as the gob client's option of that name. Default none. */
  interceptors?: readonly ClientInterceptor[];
  /**
   * When a call times out or is aborted, also send `_goRPC_.Cancel` (params `[{"Seq":id}]`,
   * the call's JSON id), as the gob client's option of the same name. Default false.
   */
  cancelOnServer?: boolean;
  /**
   * Microseconds to keep the event loop polling after a request is sent while calls wait, as the
   * gob client's option of that name (a trade of CPU for latency to a nearby peer). Default 0: off.
   */
  busyPoll?: number;
}

/** Options of {@link dial}. */
export interface JsonDialOptions extends JsonClientOptions {
  /**
   * Gives up connecting after this many milliseconds, with a TIMEOUT RpcError
   * (`rpc: dial timed out after 500 ms`); the socket is destroyed. Default: none (the OS's own limit).
   */
  connectTimeout?: number;
  /** Gives up connecting when it fires, with an ABORTED RpcError (`rpc: dial aborted`); the socket is destroyed. */
  signal?: AbortSignal;
}

/**
 * Formats a schema-less JSON value as Go's `%v` prints what encoding/json put in an
 * `interface{}`: `<nil>`, `true`, numbers as float64 in %g form (`1e+06`), strings bare,
 * `[a b]` for arrays and `map[k:v]` with sorted keys for objects.
 */
export function formatGoValue(v: unknown): string {
  if (v === null || v === undefined) return '<nil>';
  switch (typeof v) {
    case 'string':
      return v;
    case 'boolean':
      return v ? 'true' : 'false';
    case 'number':
      return formatG(v);
    case 'bigint':
      return formatG(Number(v));
  }
  if (Array.isArray(v)) return '[' + v.map(formatGoValue).join(' ') + ']';
  const o = v as Record<string, unknown>;
  const keys = Object.keys(o).sort(compareUtf8);
  return 'map[' + keys.map((k) => k + ':' + formatGoValue(o[k])).join(' ') + ']';
}

/** strconv.FormatFloat(f, 'g', -1, 64), as fmt's %v prints a float64. */
function formatG(f: number): string {
  if (Number.isNaN(f)) return 'NaN';
  if (!Number.isFinite(f)) return f > 0 ? '+Inf' : '-Inf';
  if (f === 0) return Object.is(f, -0) ? '-0' : '0';
  const m = /^(-?)(\d)(?:\.(\d+))?e([+-]\d+)$/.exec(f.toExponential())!;
  const exp = Number(m[4]);
  // Shortest formatting decides between %e and %f as if the precision were 6.
  if (exp < -4 || exp >= 6) {
    return `${m[1]}${m[2]}${m[3] ? '.' + m[3] : ''}e${exp < 0 ? '-' : '+'}${String(Math.abs(exp)).padStart(2, '0')}`;
  }
  return formatFloat(f, 64);
}

/**
 * The JSON-RPC client codec over a connected duplex stream: Go's `jsonrpc.NewClientCodec`.
 * Arguments are encoded with the call's `argSchema`, or schema-less without one (any plain
 * JSON value); replies are decoded with the call's `replySchema`, or schema-less.
 */
export class JsonClientCodec implements ClientCodec {
  private readonly stream: JsonStream;
  private readonly enc = new EncCompiler();
  private readonly dec = new DecCompiler();
  /** Request ids to method names, as client.go's pending (responses carry only the id). */
  private readonly pending = new Map<number, string>();

  constructor(stream: Duplex, options: JsonCodecOptions = {}) {
    if (stream instanceof net.Socket) stream.setNoDelay(true);
    this.stream = new JsonStream(stream, options);
  }

  start(handler: ClientCodecHandler): void {
    this.stream.start(
      (bytes) => this.onValue(bytes, handler),
      (e) => handler.closed(e),
    );
  }

  /** client.go's ReadResponseHeader then ReadResponseBody, on one whole response. */
  private onValue(bytes: Uint8Array, handler: ClientCodecHandler): void {
    let resp: ClientResponse;
    let header: ResponseHeader;
    try {
      resp = readResponse(bytes, this.dec);
      header = responseHeader(resp, this.pending);
    } catch (e) {
      this.stream.fail(protocolError(e));
      return;
    }
    deliver(handler, header, resp, this.dec);
  }

  /**
   * Queues a request. A `null` or `undefined` argument is sent as `"params":[null]`, whatever the
   * schema, as Go's client sends a nil argument (json.Marshal of a nil interface or pointer).
   */
  writeRequest(header: { serviceMethod: string; seq: number }, args: unknown, argSchema: Schema | undefined): void {
    const params = args == null ? 'null' : this.enc.encode(argSchema, args, header.serviceMethod);
    this.pending.set(header.seq, header.serviceMethod);
    this.stream.write(requestText(header.serviceMethod, params, header.seq));
  }

  /** Closes the connection; requests the server is not taking are dropped (their calls have failed). */
  close(): void {
    this.stream.close(true);
  }
}

/** client.go's clientRequest as json.Encoder writes it, newline included. */
export function requestText(method: string, params: string, seq: number | bigint): string {
  return `{"method":${quote(method)},"params":[${params}],"id":${seq}}\n`;
}

/**
 * The rpc.Response of a JSON-RPC response (client.go's ReadResponseHeader): the error string,
 * "unspecified error" for an empty one, and Go's `invalid error %v` (thrown, as Go returns it)
 * when the error is not a string or neither result nor error is set.
 */
export function responseHeader(resp: ClientResponse, pending: Map<number | bigint, string>): ResponseHeader {
  const seq = resp.id <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(resp.id) : -1;
  const serviceMethod = pending.get(seq) ?? '';
  pending.delete(seq);
  let error = '';
  if (resp.error !== null || resp.result === undefined) {
    if (typeof resp.error !== 'string') throw new RpcError(RpcErrorCode.Protocol, 'invalid error ' + formatGoValue(resp.error));
    error = resp.error === '' ? 'unspecified error' : resp.error;
  }
  return { serviceMethod, seq, error };
}

/** Hands a response to the Client: its header, then its result decoded as the Client asks. */
export function deliver(handler: ClientCodecHandler, header: ResponseHeader, resp: ClientResponse, dec: DecCompiler): void {
  const plan = handler.responseHeader(header);
  if (plan === DISCARD || resp.result === undefined) {
    handler.responseBody(header, undefined, undefined);
    return;
  }
  let value: unknown;
  try {
    value = dec.get(plan)(new Cursor(resp.result.bytes, resp.result.start));
  } catch (thrown) {
    const e = limitError(thrown);
    if (!isJsonError(e)) throw e;
    handler.responseBody(header, undefined, e);
    return;
  }
  handler.responseBody(header, value, undefined);
}

/**
 * A JSON-RPC client over a connected duplex stream (Go: `jsonrpc.NewClient`): the same
 * {@link Client} as for gob, with the JSON codec.
 */
export function newClient(stream: Duplex, options: JsonClientOptions = {}): Client {
  const { timeout, cancelOnServer, interceptors, busyPoll } = options;
  return Client.withCodec(new JsonClientCodec(stream, options), { timeout, cancelOnServer, interceptors, busyPoll });
}

/** Go's `jsonrpc.NewClientCodec`: the codec alone, for {@link Client.withCodec}. */
export function newClientCodec(stream: Duplex, options: JsonCodecOptions = {}): ClientCodec {
  return new JsonClientCodec(stream, options);
}

/**
 * Connects over TCP and returns a JSON-RPC client (Go: `jsonrpc.Dial("tcp", address)`).
 * Rejects with the socket's error, or an RpcError (TIMEOUT, ABORTED) from the options.
 */
export async function dial(address: Address, options: JsonDialOptions = {}): Promise<Client> {
  return newClient(await openClientSocket(address, options), options);
}
