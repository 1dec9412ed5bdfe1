// One JSON connection, as encoding/json's stream.go Decoder and Encoder over a socket: incoming
// chunks go to the scanner, which hands over whole values one at a time (stopping while the
// consumer is paused); outgoing values are queued and written once per microtask. Shared by
// the client and server codecs, which differ only in what the values mean.
import type { Duplex } from 'node:stream';
import { RpcError, RpcErrorCode, StreamConn } from '../rpc/index.js';
import { isJsonError, limitError } from './error.js';
import { JsonScanner, type ScannerOptions } from './scanner.js';

/**
 * The reason input ended, as the RPC layer reports it: our JSON errors become PROTOCOL
 * RpcErrors with the same text (the JsonError as `cause`), RpcErrors pass, anything else too.
 */
export function protocolError(e: unknown): Error {
  e = limitError(e);
  if (isJsonError(e)) return new RpcError(RpcErrorCode.Protocol, e.message, { cause: e });
  return e instanceof Error ? e : new RpcError(RpcErrorCode.Protocol, String(e));
}

/** A duplex stream read as a sequence of JSON values and written as JSON text. */
export class JsonStream extends StreamConn {
  private readonly scanner: JsonScanner;
  private onValue: ((value: Uint8Array) => void) | undefined;
  private queuedText: string[] = [];
  private queuedLength = 0;

  constructor(stream: Duplex, options: ScannerOptions) {
    super(stream);
    this.scanner = new JsonScanner(options);
  }

  /**
   * Starts (or resumes) delivering values. `value` gets each whole value (a view valid only
   * during the call); `closed` is told once when input ends: `null` at a clean end between
   * values, else why.
   */
  start(value: (value: Uint8Array) => void, closed: (error: Error | null) => void): void {
    this.onValue = value;
    this.startInput(closed);
  }

  protected feed(chunk: Uint8Array): void {
    this.scanner.write(chunk);
  }

  protected midUnit(): boolean {
    return this.scanner.pending;
  }

  protected step(): boolean {
    let v: Uint8Array | undefined;
    try {
      v = this.scanner.next();
      // Some values (a bare number) are known to be whole only once the stream ends.
      if (v === undefined && this.ended) v = this.scanner.finish();
    } catch (e) {
      throw protocolError(e);
    }
    if (v === undefined) return false;
    this.onValue!(v);
    return true;
  }

  /** Queues `text` (one or more whole JSON values); queued text of one tick goes out in one write. */
  write(text: string): void {
    if (!this.writable) return;
    this.queuedText.push(text);
    this.queuedLength += Buffer.byteLength(text, 'utf8');
    this.queued();
  }

  /**
   * Queues `text` (one whole reply) if it fits the room a served connection's bounds leave (see
   * StreamConn.outputRoom) and returns true; else queues nothing, has `retry` (which encodes the
   * reply again) run once it may fit, in this connection's turn, and returns false.
   */
  writeReply(text: string, retry: () => void): boolean {
    if (!this.writable) return true;
    const n = Buffer.byteLength(text, 'utf8');
    if (n > this.outputRoom()) {
      this.parkOutput(n, retry);
      return false;
    }
    this.queuedText.push(text);
    this.queuedLength += n;
    this.queued();
    return true;
  }

  /**
   * Whether a reply of at least `least` bytes may fit the room left (see {@link writeReply});
   * if not, parks `retry` as writeReply does and returns false, so the reply is not encoded.
   */
  mayFit(least: number, retry: () => void): boolean {
    if (least <= this.outputRoom()) return true;
    this.parkOutput(least, retry);
    return false;
  }

  protected queuedBytes(): number {
    return this.queuedLength;
  }

  protected takeOutput(): Uint8Array | undefined {
    if (this.queuedText.length === 0) return undefined;
    const text = this.queuedText.length === 1 ? this.queuedText[0]! : this.queuedText.join('');
    this.queuedText = [];
    this.queuedLength = 0;
    return Buffer.from(text, 'utf8');
  }
}
