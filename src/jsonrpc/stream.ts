// One JSON connection, as encoding/json's stream.go Decoder and Encoder over a socket: incoming
// chunks go to the scanner, which hands over whole values one at a time (stopping while the
// consumer is paused); outgoing values are queued and written once per microtask. Shared by
// the client and server codecs, which differ only in what the values mean.
import type { Duplex } from 'node:stream';
import { debuglog } from 'node:util';
import { RpcError, RpcErrorCode } from '../rpc/index.js';
import { isJsonError, limitError } from './error.js';
import { JsonScanner, type ScannerOptions } from './scanner.js';

const debug = debuglog('gobrpc');

/** Queued output is written at once beyond this size, so a burst cannot pile up without bound. */
const FLUSH_THRESHOLD = 1 << 20;

/** Go's io.ErrUnexpectedEOF text. */
const ERR_UNEXPECTED_EOF = 'unexpected EOF';

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
export class JsonStream {
  private readonly scanner: JsonScanner;
  private onValue: ((value: Uint8Array) => void) | undefined;
  private onClosed: ((error: Error | null) => void) | undefined;
  private queued: string[] = [];
  private queuedLength = 0;
  private flushQueued = false;
  private userPaused = false;
  private drainPaused = false;
  /** The stream ended ('end' or 'close'); buffered values may remain. */
  private ended = false;
  private inputDone = false;
  private closedReported = false;
  private closedError: Error | null = null;
  private closing = false;
  private streamError: Error | undefined;
  private pumping = false;

  constructor(
    private readonly stream: Duplex,
    options: ScannerOptions,
    /** Pause reading while the peer does not take our output (server side). */
    private readonly throttle: boolean,
  ) {
    this.scanner = new JsonScanner(options);
  }

  /**
   * Starts (or resumes) delivering values. `value` gets each whole value (a view valid only
   * during the call); `closed` is told once when input ends: `null` at a clean end between
   * values, else why.
   */
  start(value: (value: Uint8Array) => void, closed: (error: Error | null) => void): void {
    const first = this.onValue === undefined;
    this.onValue = value;
    this.onClosed = closed;
    this.userPaused = false;
    if (first) {
      const s = this.stream;
      s.on('data', (chunk: Uint8Array) => this.onData(chunk));
      s.on('end', () => this.onEnd());
      s.on('error', (e: Error) => {
        debug('jsonrpc: connection error: %s', e.message);
        this.streamError ??= e;
      });
      s.on('close', () => this.onEnd());
    }
    if (this.closedReported) {
      closed(this.closedError);
      return;
    }
    this.pump();
    this.updateFlow();
  }

  /** Stops delivering values after the current one, until {@link start} is called again. */
  pause(): void {
    this.userPaused = true;
    this.updateFlow();
  }

  private updateFlow(): void {
    if (this.inputDone || this.ended) return;
    if (this.userPaused || this.drainPaused) this.stream.pause();
    else this.stream.resume();
  }

  private onData(chunk: Uint8Array): void {
    if (this.inputDone) return;
    this.scanner.write(chunk);
    this.pump();
  }

  private onEnd(): void {
    if (this.ended) return;
    this.ended = true;
    this.pump();
  }

  /** Ends input now with `error` (a value that is not a valid request or response, say). */
  fail(error: Error): void {
    debug('jsonrpc: input failed: %s', error.message);
    this.finish(error);
  }

  private finish(error: Error | null): void {
    this.inputDone = true;
    if (this.closedReported) return;
    this.closedReported = true;
    this.closedError = error;
    this.onClosed?.(error);
  }

  /** Delivers the values that have fully arrived, one at a time, while not paused. */
  private pump(): void {
    if (this.pumping) return;
    this.pumping = true;
    try {
      while (!this.inputDone && !this.userPaused && this.onValue) {
        let v: Uint8Array | undefined;
        try {
          v = this.scanner.next();
          if (v === undefined && this.ended) v = this.scanner.finish();
        } catch (e) {
          this.fail(protocolError(e));
          return;
        }
        if (v === undefined) {
          if (!this.ended) return;
          // Input is over: cleanly between values (Go's io.EOF), or inside one (io.ErrUnexpectedEOF).
          if (this.streamError) this.fail(this.streamError);
          else this.finish(this.scanner.pending ? new RpcError(RpcErrorCode.UnexpectedEof, ERR_UNEXPECTED_EOF) : null);
          return;
        }
        this.onValue(v);
      }
    } finally {
      this.pumping = false;
    }
  }

  /** Queues `text` (one or more whole JSON values); queued text of one tick goes out in one write. */
  write(text: string): void {
    if (this.closing) return;
    this.queued.push(text);
    this.queuedLength += text.length;
    if (this.queuedLength >= FLUSH_THRESHOLD) this.flush();
    else if (!this.flushQueued) {
      this.flushQueued = true;
      queueMicrotask(() => this.flush());
    }
  }

  private flush(): void {
    this.flushQueued = false;
    if (this.queued.length === 0) return;
    const text = this.queued.length === 1 ? this.queued[0]! : this.queued.join('');
    this.queued = [];
    this.queuedLength = 0;
    const s = this.stream;
    if (s.destroyed || s.writableEnded) return;
    if (!s.write(Buffer.from(text, 'utf8')) && this.throttle && !this.drainPaused) {
      this.drainPaused = true;
      this.updateFlow();
      s.once('drain', () => {
        this.drainPaused = false;
        this.updateFlow();
      });
    }
  }

  /** Flushes queued output and closes the stream; input stops here. Idempotent. */
  close(): void {
    if (this.closing) return;
    this.flush();
    this.closing = true;
    this.finish(null);
    const s = this.stream;
    if (s.destroyed) return;
    s.end(() => s.destroy());
  }
}
