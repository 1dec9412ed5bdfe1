// The life of one RPC connection, whatever its codec (the gob codecs in codec.ts, the JSON ones
// in jsonrpc/): input delivered one unit at a time while not paused, output queued and written
// once per tick with the peer's back-pressure honoured, and exactly one report of how input
// ended. A codec supplies only its framing: how bytes become units, and its queued output.
//
// Back-pressure on a served connection: its unsent bytes (output queued here plus what the
// socket still holds) are bounded. While they are at or above the connection's limit, or the
// server-wide budget is spent and this connection holds part of it, the socket is not read and
// no further unit is delivered (so no further handler starts); replies of handlers already
// running wait as values, not bytes, in `deferred`. Writing resumes them when the socket drains,
// as stream.pipeline stops reading a source while its destination's write() returns false.
//
// The calls in flight on a served connection are bounded too: a call counts from its handler's
// start until its reply is handed to the output (a reply deferred as above still counts). While
// the count is at the connection's limit, requests read are held, not started, and start in
// order as calls finish; reading goes on until as many are held as the limit (at least
// MIN_HELD_REQUESTS), so that a `_goRPC_.Cancel` behind them still arrives, then the socket is
// not read. A peer that pipelines requests for slow handlers thus cannot make the server hold
// more than that many replies, and that many requests, per connection.
import type { Duplex } from 'node:stream';
import { debuglog } from 'node:util';
import { ERR_UNEXPECTED_EOF, RpcError, RpcErrorCode } from './error.js';

const debug = debuglog('gobrpc');

/** Queued output is written at once beyond this size, so a burst cannot pile up without bound. */
const FLUSH_THRESHOLD = 1 << 20;

/** @internal Output of this many bytes or more is handed back when written (see outputReleased). */
export const LARGE_OUTPUT = 64 << 10;

/** The default per-connection limit on unsent reply bytes (1 MiB). */
export const DEFAULT_MAX_UNSENT_BYTES = 1 << 20;
/** The default server-wide limit on unsent reply bytes across connections (64 MiB). */
export const DEFAULT_MAX_TOTAL_UNSENT_BYTES = 64 << 20;
/** The default per-connection limit on calls in flight (128). */
export const DEFAULT_MAX_CALLS_IN_FLIGHT = 128;
/** Requests a connection at its calls limit holds (read, not started) at least, whatever the limit. */
const MIN_HELD_REQUESTS = 16;

/**
 * The bytes a server may hold unsent across all its connections. A connection that holds some
 * of them stops taking requests while the total is at or above the limit; one that holds none
 * may go on, so a peer that reads its replies is never starved by peers that do not.
 */
export class UnsentBudget {
  private total_ = 0;
  private peak_ = 0;
  private readonly waiting = new Set<StreamConn>();
  private wakeQueued = false;

  /** `limit`: bytes, at least 1. */
  constructor(readonly limit: number) {}

  /** Unsent bytes held by all connections now. */
  get total(): number {
    return this.total_;
  }

  /** The most {@link total} has been. */
  get peak(): number {
    return this.peak_;
  }

  get spent(): boolean {
    return this.total_ >= this.limit;
  }

  /** @internal Adds `delta` (negative when bytes were sent) and wakes waiters once under the limit. */
  change(delta: number): void {
    const wasSpent = this.spent;
    this.total_ += delta;
    if (this.total_ > this.peak_) this.peak_ = this.total_;
    if (wasSpent && !this.spent && this.waiting.size > 0 && !this.wakeQueued) {
      // Woken from a fresh stack, not from inside whichever connection's write freed the bytes.
      this.wakeQueued = true;
      queueMicrotask(() => {
        this.wakeQueued = false;
        for (const c of [...this.waiting]) c.refreshFlow();
      });
    }
  }

  /** @internal */
  wait(c: StreamConn, waiting: boolean): void {
    if (waiting) this.waiting.add(c);
    else this.waiting.delete(c);
  }
}

/** The write limits a server sets on a connection it serves. */
export interface WriteLimits {
  /** Bytes; the connection pauses at or above it. */
  maxUnsentBytes: number;
  /** The server-wide budget, if any. */
  budget?: UnsentBudget;
  /** Calls; the connection pauses while this many are in flight (default: no bound). */
  maxCallsInFlight?: number;
}

/** What a connection's output looks like now (see `Server.stats`). */
export interface ConnectionStats {
  /** Bytes of replies encoded but not yet handed to the operating system. */
  unsentBytes: number;
  /** The most {@link unsentBytes} has been. */
  peakUnsentBytes: number;
  /** Whether reading and request delivery are paused because the peer does not take replies. */
  backedUp: boolean;
  /** Replies of finished handlers waiting, as values, for the connection to drain. */
  deferredReplies: number;
  /**
   * Calls whose handler started and whose reply has not yet been handed to the output
   * (deferred replies included); never above `maxCallsInFlight`.
   */
  callsInFlight: number;
  /** The most {@link callsInFlight} has been. */
  peakCallsInFlight: number;
  /** Requests read while {@link callsInFlight} was at the limit, waiting to start. */
  heldRequests: number;
}

/**
 * @internal The key under which a codec built on a StreamConn exposes it, so that the Server
 * can bound its unsent bytes. Codecs without it are served without write limits.
 */
export const STREAM_CONN: unique symbol = Symbol('gobrpc.streamConn');

/** @internal The StreamConn under `codec`, if it has one. */
export function streamConnOf(codec: object): StreamConn | undefined {
  const c = (codec as { [STREAM_CONN]?: unknown })[STREAM_CONN];
  return c instanceof StreamConn ? c : undefined;
}

function flushQueuedOutput(c: StreamConn): void {
  c.flushIfQueued();
}

/**
 * The life of one RPC connection under a codec (see the top of conn.ts): input delivered one
 * unit at a time while not paused, output queued and written once per tick with the peer's
 * back-pressure honoured, and one report of how input ended. The gob codecs and the JSON-RPC
 * codecs each extend it with their framing. Kept in the .d.ts files (JSON-RPC's stream class
 * extends it there) but out of the reference: not a stable API yet.
 * @hidden
 */
export abstract class StreamConn {
  private started = false;
  private userPaused = false;
  /** Paused because too many bytes are unsent (see {@link WriteLimits}). */
  private backedUp = false;
  private limits: WriteLimits | undefined;
  /** The unsent bytes last counted in the budget. */
  private accounted = 0;
  private peakUnsent = 0;
  /** Calls started and not yet answered (see {@link callStarted}). */
  private calls = 0;
  private peakCalls = 0;
  /** Starts of requests read while the calls were at the limit, in order (see {@link holdCall}). */
  private readonly held: Array<() => void> = [];
  /** The calls limit no longer holds requests back (see {@link liftCallLimit}). */
  private callLimitLifted = false;
  /** Work that writes output, waiting for the connection to drain. */
  private readonly deferred: Array<() => void> = [];
  private runningDeferred = false;
  /** Paused until the next turn of the event loop (see {@link yieldTurn}). */
  private turnPaused = false;
  private drainWaited = false;
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
  /** The callback of every write: the bytes it took are no longer unsent. */
  private readonly written = (): void => this.refreshFlow();

  constructor(protected readonly stream: Duplex) {}

  /** Adds received bytes to the codec's input; a throw fails the input. */
  protected abstract feed(chunk: Uint8Array): void;
  /**
   * Delivers the next unit if it has fully arrived (true), or returns false to wait for bytes.
   * A throw fails the input.
   */
  protected abstract step(): boolean;
  /** Whether part of a unit is buffered, so that the stream ending now is an unexpected EOF. */
  protected abstract midUnit(): boolean;
  /** Bytes queued for output (not yet given to the stream). */
  protected abstract queuedBytes(): number;
  /** Takes all queued output as one buffer, or undefined when there is none. */
  protected abstract takeOutput(): Uint8Array | undefined;
  /**
   * Told, for a buffer {@link takeOutput} returned at or above {@link LARGE_OUTPUT} bytes, that the
   * stream is done with it (written or dropped), so that its memory can be used again.
   */
  protected outputReleased(_bytes: Uint8Array): void {}

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
      s.on('close', () => {
        this.onEnd();
        this.refreshFlow();
      });
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
    if (this.userPaused || this.backedUp || this.turnPaused || this.heldFull) this.stream.pause();
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
      while (!this.inputDone && !this.userPaused && !this.backedUp && !this.turnPaused && !this.heldFull && this.onClosed) {
        if (this.limits !== undefined && this.stream.destroyed) {
          // A served connection whose stream is gone can send no reply: the requests still
          // buffered are not started, as Go's server stops at the read error.
          this.finish(this.streamError ?? null);
          return;
        }
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
      if (this.flushQueued) this.flush(false);
    }
  }

  /**
   * The peer's address as Go's `RemoteAddr().String()` spells it ("127.0.0.1:51234",
   * "[::1]:51234"), or undefined when the stream is not a socket.
   */
  get remoteAddress(): string | undefined {
    const s = this.stream as { remoteAddress?: string; remotePort?: number };
    if (typeof s.remoteAddress !== 'string') return undefined;
    return s.remoteAddress.includes(':') ? `[${s.remoteAddress}]:${s.remotePort}` : `${s.remoteAddress}:${s.remotePort}`;
  }

  /** Whether output may still be queued (output to a destroyed stream is dropped unencoded). */
  get writable(): boolean {
    return !this.closing && !this.stream.destroyed;
  }

  /**
   * Bounds this connection's unsent bytes (server side): input pauses while they are at or
   * above `limits.maxUnsentBytes`, or while the budget is spent and this connection holds some.
   */
  setWriteLimits(limits: WriteLimits): void {
    this.limits = limits;
    this.refreshFlow();
  }

  /** Output queued here plus what the stream has not yet handed to the operating system. */
  unsentBytes(): number {
    return this.queuedBytes() + (this.stream.writableLength ?? 0);
  }

  /** This connection's output now. */
  stats(): ConnectionStats {
    return {
      unsentBytes: this.unsentBytes(),
      peakUnsentBytes: this.peakUnsent,
      backedUp: this.backedUp,
      deferredReplies: this.deferred.length,
      callsInFlight: this.calls,
      peakCallsInFlight: this.peakCalls,
      heldRequests: this.held.length,
    };
  }

  /** Whether as many calls are in flight as the limits allow. */
  private get callsFull(): boolean {
    const max = this.limits?.maxCallsInFlight;
    return max !== undefined && this.calls >= max && !this.callLimitLifted;
  }

  /** Whether input stops for the calls limit: the calls are at it and as many requests are held. */
  private get heldFull(): boolean {
    return this.callsFull && this.held.length >= Math.max(MIN_HELD_REQUESTS, this.limits!.maxCallsInFlight!);
  }

  /** Whether a request read now must be held ({@link holdCall}) rather than started. */
  get atCallLimit(): boolean {
    return this.held.length > 0 || this.callsFull;
  }

  /**
   * Holds the start of a request read while {@link atCallLimit}: `start` runs, in order, once a
   * call has finished (or at once on {@link liftCallLimit}). Input stops when enough are held.
   */
  holdCall(start: () => void): void {
    this.held.push(start);
    if (this.heldFull) this.updateFlow();
  }

  /**
   * The server drains: no request starts any more, so the calls limit stops holding input back;
   * the held starts run now (the Server refuses them) and reading resumes, so that the requests
   * the limit kept unread are answered too.
   */
  liftCallLimit(): void {
    if (this.callLimitLifted) return;
    this.callLimitLifted = true;
    for (const start of this.held.splice(0)) start();
    this.updateFlow();
    this.pump();
  }

  /**
   * Counts a call whose handler has started and whose reply is not yet written (the Server calls
   * it for asynchronous handlers). At the limit, requests read are held ({@link holdCall}).
   */
  callStarted(): void {
    this.calls++;
    if (this.calls > this.peakCalls) this.peakCalls = this.calls;
  }

  /**
   * Counts a call whose reply was handed to the output; below the limit again, held requests
   * start, and input resumes.
   */
  callDone(): void {
    const wasFull = this.heldFull;
    this.calls--;
    if (this.held.length > 0) this.startHeld();
    if (!wasFull || this.heldFull) return;
    this.updateFlow();
    this.pump();
  }

  /**
   * Starts held requests, in order, while below the calls limit and not backed up; none once the
   * connection is closing (their replies could not be sent).
   */
  private startHeld(): void {
    while (this.held.length > 0 && !this.callsFull && !this.backedUp && !this.closing) this.held.shift()!();
  }

  /**
   * Runs `write` (which queues output) now, or once the connection has drained if it is backed
   * up, in order. The Server sends the replies of handlers that finish while it is backed up
   * this way, so that their bytes stay bounded.
   */
  whenWritable(write: () => void): void {
    if (!this.backedUp && this.deferred.length === 0) write();
    else this.deferred.push(write);
  }

  /**
   * Recounts the unsent bytes and pauses or resumes input to match. Called whenever they may
   * have changed: output queued or written, a write finished, the stream drained or closed.
   */
  refreshFlow(): void {
    const limits = this.limits;
    const closed = this.stream.destroyed;
    const unsent = closed ? 0 : this.unsentBytes();
    if (unsent > this.peakUnsent) this.peakUnsent = unsent;
    if (limits === undefined) return;
    const budget = limits.budget;
    if (budget && unsent !== this.accounted) {
      budget.change(unsent - this.accounted);
      this.accounted = unsent;
    }
    const backedUp = !closed && (unsent >= limits.maxUnsentBytes || (unsent > 0 && budget !== undefined && budget.spent));
    if (backedUp === this.backedUp) return;
    budget?.wait(this, backedUp);
    this.backedUp = backedUp;
    if (backedUp) debug('rpc: %d bytes unsent, pausing input', unsent);
    this.updateFlow();
    if (backedUp) return;
    this.runDeferred();
    if (this.held.length > 0) this.startHeld();
    this.pump();
  }

  /**
   * Stops delivering units, and reading, until the next turn of the event loop. The Server calls
   * it after starting an asynchronous handler, so that replies ready by then are counted before
   * the next request of the connection starts: without it, every request of a pipelined burst
   * would start before the first reply could back the connection up.
   */
  yieldTurn(): void {
    if (this.turnPaused) return;
    this.turnPaused = true;
    this.updateFlow();
    setImmediate(() => {
      this.turnPaused = false;
      this.updateFlow();
      this.pump();
    });
  }

  /** Runs deferred writes in order until the connection backs up again or none is left. */
  private runDeferred(): void {
    if (this.runningDeferred) return;
    this.runningDeferred = true;
    try {
      while (!this.backedUp && this.deferred.length > 0) this.deferred.shift()!();
    } finally {
      this.runningDeferred = false;
    }
  }

  /**
   * Called after output was queued: written at once past the threshold, else once per tick:
   * output queued while input is being delivered (the replies of synchronous handlers, say) is
   * written when the delivery loop ends, in one write for all the units of the chunk, and
   * output queued elsewhere on the next tick (process.nextTick: queued from a promise job, it
   * runs once the pending promise jobs have, so calls made from them share the write too).
   */
  protected queued(): void {
    const threshold = Math.min(FLUSH_THRESHOLD, this.limits?.maxUnsentBytes ?? FLUSH_THRESHOLD);
    if (this.queuedBytes() >= threshold) this.flush(false);
    else if (!this.flushQueued) {
      this.flushQueued = true;
      if (!this.pumping) process.nextTick(flushQueuedOutput, this);
    }
    this.refreshFlow();
  }

  /** @internal The flush {@link queued} schedules, unless something flushed since. */
  flushIfQueued(): void {
    if (this.flushQueued) this.flush(false);
  }

  /**
   * Hands queued output to the stream, unless the stream has not drained since its write()
   * returned false (then the output stays queued until 'drain', where it is counted the same
   * way); `force` writes anyway, for close().
   */
  private flush(force: boolean): void {
    this.flushQueued = false;
    const s = this.stream;
    if (s.destroyed || s.writableEnded) {
      this.takeOutput();
      return;
    }
    if (!force && s.writableNeedDrain) {
      this.waitForDrain();
      return;
    }
    const bytes = this.takeOutput();
    if (bytes === undefined) return;
    const more = s.write(
      bytes,
      bytes.length < LARGE_OUTPUT
        ? this.written
        : () => {
            this.outputReleased(bytes);
            this.refreshFlow();
          },
    );
    if (!more) this.waitForDrain();
  }

  private waitForDrain(): void {
    if (this.drainWaited) return;
    this.drainWaited = true;
    this.stream.once('drain', () => {
      this.drainWaited = false;
      this.flush(false);
      this.refreshFlow();
    });
  }

  /**
   * Flushes queued output and closes the stream; input stops here. Idempotent. With
   * `dropUnsent` (a client whose pending calls have all failed), output the peer is not taking
   * is dropped and the stream destroyed at once, as Go's Close aborts a blocked Write: else a
   * peer that stops reading would keep the socket, and the process, alive.
   */
  close(dropUnsent = false): void {
    if (this.closing) return;
    this.flush(true);
    this.closing = true;
    // Deferred writes run now and queue nothing (writable is false): closing is the hard stop,
    // and the Server closes a connection gracefully only once every reply was written.
    for (const write of this.deferred.splice(0)) write();
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

  /**
   * The hard stop (Server.close): like {@link close}, but when the operating system does not
   * take all the output at once, the peer is behind or not reading, and ending gracefully could
   * wait on it forever, so the stream is destroyed and the rest dropped.
   */
  closeNow(): void {
    if (this.closing) return;
    if (!this.backedUp) this.flush(true);
    if (this.backedUp || this.unsentBytes() > 0) this.destroy();
    else this.close();
  }

  /** Closes the stream at once, dropping unsent output. */
  private destroy(): void {
    this.closing = true;
    for (const write of this.deferred.splice(0)) write();
    this.finish(null);
    this.takeOutput();
    this.stream.destroy();
  }
}
