// The life of one RPC connection, whatever its codec (the gob codecs in codec.ts, the JSON ones
// in jsonrpc/): input delivered one unit at a time while not paused, output queued and written
// once per tick with the peer's back-pressure honoured, and exactly one report of how input
// ended. A codec supplies only its framing: how bytes become units, and its queued output.
import type { Duplex } from 'node:stream';
import { debuglog } from 'node:util';
import { ERR_UNEXPECTED_EOF, RpcError, RpcErrorCode } from './error.js';

const debug = debuglog('gobrpc');

/** Queued output is written at once beyond this size, so a burst cannot pile up without bound. */
export const FLUSH_THRESHOLD = 1 << 20;

export abstract class StreamConn {
  private started = false;
  private userPaused = false;
  private drainPaused = false;
  /** The stream ended ('end' or 'close'); whole units may still be buffered. */
  protected ended = false;
  private inputDone = false;
  private closedReported = false;
  private closedError: Error | null = null;
  private closing = false;
  private streamError: Error | undefined;
  private pumping = false;
  private flushQueued = false;
  private onClosed: ((error: Error | null) => void) | undefined;

  constructor(
    protected readonly stream: Duplex,
    /** Pause reading while the peer does not take our output (server side). */
    private readonly throttle: boolean,
  ) {}

  /** Adds received bytes to the codec's input; a throw fails the input. */
  protected abstract feed(chunk: Uint8Array): void;
  /**
   * Delivers the next unit if it has fully arrived (true), or returns false to wait for bytes.
   * A throw fails the input.
   */
  protected abstract step(): boolean;
  /** Whether part of a unit is buffered, so that the stream ending now is an unexpected EOF. */
  protected abstract midUnit(): boolean;
  /** Bytes queued for output. */
  protected abstract queuedBytes(): number;
  /** Takes all queued output as one buffer, or undefined when there is none. */
  protected abstract takeOutput(): Uint8Array | undefined;

  /**
   * Starts (or, after {@link pause}, resumes) delivering input; `closed` replaces any earlier
   * callback and is told once, last: `null` for a clean end between units, else why.
   */
  protected startInput(closed: (error: Error | null) => void): void {
    this.onClosed = closed;
    this.userPaused = false;
    if (!this.started) {
      this.started = true;
      const s = this.stream;
      s.on('data', (chunk: Uint8Array) => this.onData(chunk));
      s.on('end', () => this.onEnd());
      s.on('error', (e: Error) => {
        debug('rpc: connection error: %s', e.message);
        this.streamError ??= e;
      });
      s.on('close', () => this.onEnd());
    }
    if (this.closedReported) {
      // Input ended under an earlier callback (ServeRequest called again): tell this one too.
      closed(this.closedError);
      return;
    }
    this.pump();
    this.updateFlow();
  }

  /** Stops delivering input after the current unit, until input is started again. */
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
    try {
      this.feed(chunk);
    } catch (e) {
      this.fail(e);
      return;
    }
    this.pump();
  }

  private onEnd(): void {
    if (this.ended) return;
    this.ended = true;
    this.pump();
  }

  /** Ends input now because of `e` (bad data, say); the connection can still be closed cleanly. */
  fail(e: unknown): void {
    const err = e instanceof Error ? e : new RpcError(RpcErrorCode.Protocol, String(e));
    debug('rpc: input failed: %s', err.message);
    this.finish(err);
  }

  private finish(error: Error | null): void {
    this.inputDone = true;
    if (this.closedReported) return;
    this.closedReported = true;
    this.closedError = error;
    this.onClosed?.(error);
  }

  /** Delivers the units that have fully arrived, one at a time, while not paused. */
  private pump(): void {
    if (this.pumping) return;
    this.pumping = true;
    try {
      while (!this.inputDone && !this.userPaused && this.onClosed) {
        let delivered: boolean;
        try {
          delivered = this.step();
        } catch (e) {
          this.fail(e);
          return;
        }
        if (delivered) continue;
        if (!this.ended) return;
        // A stream cut inside a unit is Go's io.ErrUnexpectedEOF; between units, io.EOF.
        if (this.streamError) this.fail(this.streamError);
        else this.finish(this.midUnit() ? new RpcError(RpcErrorCode.UnexpectedEof, ERR_UNEXPECTED_EOF) : null);
        return;
      }
    } finally {
      this.pumping = false;
    }
  }

  /** Whether output may still be queued. */
  protected get writable(): boolean {
    return !this.closing;
  }

  /** Called after output was queued: written at once past the threshold, else once per tick. */
  protected queued(): void {
    if (this.queuedBytes() >= FLUSH_THRESHOLD) this.flush();
    else if (!this.flushQueued) {
      this.flushQueued = true;
      queueMicrotask(() => this.flush());
    }
  }

  private flush(): void {
    this.flushQueued = false;
    const bytes = this.takeOutput();
    if (bytes === undefined) return;
    const s = this.stream;
    if (s.destroyed || s.writableEnded) return;
    if (!s.write(bytes) && this.throttle && !this.drainPaused) {
      this.drainPaused = true;
      this.updateFlow();
      s.once('drain', () => {
        this.drainPaused = false;
        this.updateFlow();
      });
    }
  }

  /**
   * Flushes queued output and closes the stream; input stops here. Idempotent. With
   * `dropUnsent` (a client whose pending calls have all failed), output the peer is not taking
   * is dropped and the stream destroyed at once, as Go's Close aborts a blocked Write: else a
   * peer that stops reading would keep the socket, and the process, alive.
   */
  close(dropUnsent = false): void {
    if (this.closing) return;
    this.flush();
    this.closing = true;
    this.finish(null);
    const s = this.stream;
    if (s.destroyed) return;
    // A write the kernel took at once has left the writable's buffer by now.
    if (dropUnsent && s.writableLength > 0) {
      s.destroy();
      return;
    }
    // end() sends what is queued, then FIN; the socket is released once that is done.
    s.end(() => s.destroy());
  }
}
