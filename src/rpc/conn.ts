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
// The server-wide budget is a true bound: a codec encodes a reply only into the room
// outputRoom() gives (the connection's own allowance, plus the shared budget when no other
// connection waits for it first); a reply that does not fit is rolled back and parked as a value
// (parkOutput), and the connection waits in the budget's queue, in turn, until that many bytes
// are free. The first `allowance` unsent bytes of each connection do not count against the
// budget, so a peer whose replies are small and read is served however full the budget is.
//
// Served connections also share each turn of the event loop: once TURN_MS went into delivering
// units, the rest yield to the next turn, so that accepting and serving other connections goes
// on while many peers have work queued.
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
/** The default unsent bytes each connection may hold outside the server-wide budget (64 KiB). */
export const DEFAULT_UNSENT_ALLOWANCE = 64 << 10;
/** The default per-connection limit on calls in flight (128). */
export const DEFAULT_MAX_CALLS_IN_FLIGHT = 128;
/** Requests a connection at its calls limit holds (read, not started) at least, whatever the limit. */
const MIN_HELD_REQUESTS = 16;

/**
 * Milliseconds served connections may spend delivering requests (running synchronous handlers,
 * encoding and writing their replies) in one turn of the event loop; past it, they deliver no
 * further request until the next turn. A burst of flooding connections, each writing 1 MiB
 * replies until its kernel buffers are full (a socket's write of 1 MiB took up to 50 ms on a
 * loaded machine), must not keep the server from accepting and serving others for seconds.
 */
const TURN_MS = 20;
/** Time spent delivering requests this turn (see TURN_MS), reset at the next turn. */
let turnMs = 0;
let turnResetQueued = false;
/**
 * Served connections whose replies wait to be written together: by resetTurn at the end of the
 * turn, or once FLUSH_GROUP connections wait, so that the replies of many connections are written
 * in one entry into JavaScript (with one run of the ticks each socket write queues) rather than
 * one per socket read, and the first of a group waits for at most FLUSH_GROUP - 1 others' calls.
 */
const turnFlushes: StreamConn[] = [];
const FLUSH_GROUP = 16;

/**
 * Writes the queued output of each connection in `conns` and empties it: in place rather than
 * through a copy (splice made an array per call). A connection added while the group is written
 * (a stream that delivers synchronously) is written with it; a nested call finds those already
 * written with nothing queued.
 */
function flushEach(conns: StreamConn[]): void {
  for (let i = 0; i < conns.length; i++) conns[i]!.flushIfQueued();
  conns.length = 0;
}

function resetTurn(): void {
  turnMs = 0;
  turnResetQueued = false;
  if (turnFlushes.length > 0) flushEach(turnFlushes);
}

/**
 * The bytes a server may hold unsent across all its connections, beyond each connection's own
 * allowance. A reply is encoded only if it fits (see StreamConn.outputRoom); connections whose
 * reply did not fit wait in a queue and are resumed in order as the bytes drain. A connection
 * that holds some of the budget stops taking requests while it is spent; one that holds none
 * goes on within its allowance, so a peer that reads its replies is never starved by peers that
 * do not.
 */
export class UnsentBudget {
  private total_ = 0;
  private peak_ = 0;
  private unsent_ = 0;
  private peakUnsent_ = 0;
  /** Connections paused while the budget is spent, resumed once it is not. */
  private readonly waiting = new Set<StreamConn>();
  /** Connections whose next reply waits for room in the budget, first come first served. */
  private readonly queue: StreamConn[] = [];
  private wakeQueued = false;
  /** The budget stopped being spent: the next wake resumes {@link waiting} too. */
  private wakeWaiting = false;

  /** `limit`: bytes, at least 1; `allowance`: the bytes per connection outside it, at least 0. */
  constructor(
    readonly limit: number,
    readonly allowance = DEFAULT_UNSENT_ALLOWANCE,
  ) {}

  /** Bytes held against the budget now (each connection's unsent bytes beyond its allowance). */
  get total(): number {
    return this.total_;
  }

  /** The most {@link total} has been. */
  get peak(): number {
    return this.peak_;
  }

  /** Unsent bytes of all connections now, allowances included. */
  get unsent(): number {
    return this.unsent_;
  }

  /** The most {@link unsent} has been. */
  get peakUnsent(): number {
    return this.peakUnsent_;
  }

  /** Connections whose next reply waits for room. */
  get queued(): number {
    return this.queue.length;
  }

  get spent(): boolean {
    return this.total_ >= this.limit;
  }

  /**
   * The budget bytes `c` may take now: none while another connection is queued ahead of it (or
   * any is queued and `c` is not), else what is left under the limit.
   */
  roomFor(c: StreamConn): number {
    if (this.queue.length > 0 && this.queue[0] !== c) return 0;
    return Math.max(0, this.limit - this.total_);
  }

  /** Whether nothing is held against the budget and no connection waits (see StreamConn.outputRoom). */
  idleFor(c: StreamConn): boolean {
    return this.total_ === 0 && (this.queue.length === 0 || this.queue[0] === c);
  }

  /** @internal Adds the changes of one connection's unsent bytes and of its part of the budget. */
  change(unsentDelta: number, delta: number): void {
    const wasSpent = this.spent;
    this.unsent_ += unsentDelta;
    if (this.unsent_ > this.peakUnsent_) this.peakUnsent_ = this.unsent_;
    this.total_ += delta;
    if (this.total_ > this.peak_) this.peak_ = this.total_;
    if (delta >= 0) return;
    if (wasSpent && !this.spent && this.waiting.size > 0) this.wakeWaiting = true;
    if (this.queue.length > 0 || this.wakeWaiting) this.wake();
  }

  /**
   * On the next turn of the event loop (not from inside whichever connection's write freed the
   * bytes), resumes the first queued connection if its reply fits, then, once the budget is no
   * longer spent, those paused while it was. One queued connection resumes per turn: what it
   * writes then (as much as its kernel buffers take, which frees the budget as fast) must not
   * hold up accepting and serving other connections; the next one's turn is the next turn.
   */
  private wake(): void {
    if (this.wakeQueued) return;
    this.wakeQueued = true;
    setImmediate(() => {
      this.wakeQueued = false;
      const head = this.queue[0];
      if (head !== undefined) {
        head.refreshFlow();
        if (this.queue[0] !== head && this.queue.length > 0) this.wake();
      }
      if (!this.wakeWaiting) return;
      this.wakeWaiting = false;
      if (!this.spent) for (const c of [...this.waiting]) c.refreshFlow();
    });
  }

  /** @internal */
  wait(c: StreamConn, waiting: boolean): void {
    if (waiting) this.waiting.add(c);
    else this.waiting.delete(c);
  }

  /** @internal Queues `c`, whose reply does not fit, behind those already waiting. */
  enqueue(c: StreamConn): void {
    if (!this.queue.includes(c)) this.queue.push(c);
  }

  /** @internal Takes `c` out of the queue (its reply fits now, or it closed); the next may fit. */
  dequeue(c: StreamConn): void {
    const i = this.queue.indexOf(c);
    if (i < 0) return;
    this.queue.splice(i, 1);
    if (i === 0 && this.queue.length > 0) this.wake();
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
  /**
   * Replies of finished handlers waiting, as values, for the connection to drain or for room in
   * the server-wide budget.
   */
  deferredReplies: number;
  /**
   * Bytes the connection's next reply needs and does not have yet (its own allowance plus its
   * turn of the server-wide budget); 0 when no reply waits for room.
   */
  waitingForRoom: number;
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

/** Bytes of one slab {@link DirectReads} reads into (at most, when it starts smaller). */
const READ_SLAB = 64 << 10;
/** A slab with less room than this left (a quarter of a smaller slab) is replaced before the next read. */
const MIN_READ_ROOM = 16 << 10;

/**
 * @internal A socket's reads made straight into memory of our own, through `net.connect`'s
 * `onread` option, for the StreamConn on the socket to take as chunks: this skips the Readable
 * stream a socket's data otherwise goes through, and the buffer Node allocates for every read
 * (per call, on a connection of small RPC messages). Each read goes into the free end of a
 * 64 KiB slab and the chunk is a view of what it filled; no byte handed out is written again,
 * as the codecs keep views of their input (so an open connection holds one slab, 64 KiB, beside
 * what its codec holds). Bytes read before a StreamConn starts are kept for it.
 * The socket's 'end', 'close' and 'error' events, `pause()` and `resume()` work as usual; it
 * emits no 'data'. Made by the dialers that give the socket straight to a Client, and by the
 * Server for the sockets its listeners accept, whose slabs start at `firstSlab` bytes (so that
 * many idle connections hold little) and double, up to 64 KiB, after a read that filled the
 * room offered.
 *
 * A large message is read into its own buffer instead: when the codec has one waiting for the
 * rest of a message (`target`, asked before each read), the read goes there, as large as what
 * is missing, and the chunk is a view of it that the codec finds already in place. A 1 MiB
 * reply then costs a few reads and no copy, instead of sixteen 64 KiB slabs copied once more.
 */
export class DirectReads {
  private slabSize: number;
  private slab: Uint8Array;
  private used = 0;
  private sink: ((chunk: Uint8Array) => void) | undefined;
  private target: (() => Uint8Array | undefined) | undefined;
  private early: Uint8Array[] = [];
  /** The `onread` option for `net.connect`. */
  readonly onread = {
    buffer: (): Uint8Array => {
      const target = this.target?.();
      if (target !== undefined) return target;
      const size = this.slabSize;
      if (this.slab.length - this.used < Math.min(MIN_READ_ROOM, size >> 2)) {
        this.slab = new Uint8Array(size);
        this.used = 0;
      }
      return this.slab.subarray(this.used);
    },
    callback: (nread: number, buf: Uint8Array): boolean => {
      const chunk = new Uint8Array(buf.buffer, buf.byteOffset, nread);
      if (buf.buffer === this.slab.buffer) {
        this.used = buf.byteOffset - this.slab.byteOffset + nread;
        if (nread === buf.length && this.slabSize < READ_SLAB) this.slabSize *= 2;
      }
      if (this.sink) this.sink(chunk);
      else this.early.push(chunk);
      return true;
    },
  };

  constructor(firstSlab = READ_SLAB) {
    this.slabSize = firstSlab;
    this.slab = new Uint8Array(firstSlab);
  }

  /**
   * Hands every chunk read, those read so far first, to `sink`; `target`, if given, says before
   * each read where it may go instead of a slab (see above).
   */
  attach(sink: (chunk: Uint8Array) => void, target?: () => Uint8Array | undefined): void {
    this.sink = sink;
    this.target = target;
    for (const chunk of this.early.splice(0)) sink(chunk);
  }

  /**
   * Stops handing chunks to the sink (a dial's handshake, which has read its answer); `unread`,
   * the bytes of the last chunk after that answer, goes first to the next {@link attach}.
   */
  detach(unread?: Uint8Array): void {
    this.sink = undefined;
    if (unread !== undefined && unread.length > 0) this.early.unshift(unread);
  }
}

/** @internal The key under which a socket made with {@link DirectReads} holds them. */
export const DIRECT_READS: unique symbol = Symbol('gobrpc.directReads');

function flushQueuedOutput(c: StreamConn): void {
  c.flushIfQueued();
}

/** The client connection (one without write limits) that last queued output outside a delivery. */
let lastClient: StreamConn | undefined;
/**
 * Client connections whose requests wait to be written together at the end of the event loop's
 * turn (see StreamConn.queued): the requests a turn's replies let many connections make go out
 * after those replies were all read, not one per socket read.
 */
const clientFlushes: StreamConn[] = [];
let clientFlushQueued = false;

function flushClientsAtTurnEnd(): void {
  clientFlushQueued = false;
  flushEach(clientFlushes);
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
  /** The unsent bytes last counted in the budget: all of them, and those beyond the allowance. */
  private accountedUnsent = 0;
  private accounted = 0;
  /** Bytes the parked reply at the front of {@link deferred} needs (see parkOutput); 0 if none. */
  private parkedNeed = 0;
  /** Parked replies in {@link deferred}: a graceful close waits for them. */
  private parked = 0;
  /** close() was called while replies were parked: it completes once they are written. */
  private closeWhenWritten = false;
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
  /** Whether the stream failed (a reset, say) rather than ended cleanly. */
  protected get streamFailed(): boolean {
    return this.streamError !== undefined;
  }
  /** Bytes queued for output (not yet given to the stream). */
  protected abstract queuedBytes(): number;
  /**
   * Where the next bytes read may go straight into, or undefined (see DirectReads): the rest of
   * a large unit the codec is collecting in a buffer of its own.
   */
  protected readTarget(): Uint8Array | undefined {
    return undefined;
  }
  /** Takes all queued output as one buffer, or undefined when there is none. */
  protected abstract takeOutput(): Uint8Array | undefined;
  /**
   * Told, for a buffer {@link takeOutput} returned at or above {@link LARGE_OUTPUT} bytes, that the
   * stream is done with it (written or dropped), so that its memory can be used again.
   */
  protected outputReleased(_bytes: Uint8Array): void {}
  /**
   * Told that the connection backed up (its peer is not taking output): buffers kept for the
   * next output can be given up, as the next may be a long way off.
   */
  protected outputStalled(): void {}

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
        if (lastClient === this) lastClient = undefined;
        this.onEnd();
        this.refreshFlow();
      });
      // A socket that reads into our own memory emits no 'data' (the listener above still
      // keeps it flowing, so that 'end' is emitted): its chunks come from here.
      (s as { [DIRECT_READS]?: DirectReads })[DIRECT_READS]?.attach(
        (chunk) => this.onData(chunk),
        () => (this.inputDone ? undefined : this.readTarget()),
      );
    }
    if (this.closedReported) {
      // Input ended under an earlier callback (ServeRequest called again): tell this one too.
      closed(this.closedError);
      return;
    }
    this.pump();
    this.updateFlow();
  }

  /** Whether a unit is being delivered now (a handler may be running inside it). */
  get delivering(): boolean {
    return this.pumping;
  }

  /**
   * Delivers, now and whatever pauses input, every unit already read in full (the Server's drain,
   * just before it closes the connection, so that requests read already are answered, not lost).
   * Reads nothing more. Does nothing inside a delivery, or once input ended or the connection closes.
   */
  deliverBuffered(): void {
    if (this.pumping || this.inputDone || this.closing || !this.onClosed) return;
    this.pumping = true;
    try {
      while (!this.inputDone && this.step()) {}
    } catch (e) {
      this.fail(e);
    } finally {
      this.pumping = false;
      if (this.flushQueued) this.flush(false);
    }
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
    // A served connection's time is charged to the turn (see TURN_MS) with one clock reading per
    // step, each the start of the next (performance.now() costs about as much as decoding a
    // small request header, and a call is two units and a step that finds no more).
    const served = this.limits !== undefined;
    let t0 = served ? performance.now() : 0;
    try {
      while (!this.inputDone && !this.userPaused && !this.backedUp && !this.turnPaused && !this.heldFull && this.onClosed) {
        if (served) {
          if (this.stream.destroyed) {
            // A served connection whose stream is gone can send no reply: the requests still
            // buffered are not started, as Go's server stops at the read error.
            this.finish(this.streamError ?? null);
            return;
          }
          if (turnMs >= TURN_MS) {
            this.yieldTurn();
            return;
          }
        }
        let delivered: boolean;
        try {
          delivered = this.step();
        } catch (e) {
          this.fail(e);
          return;
        }
        // A step that finds no whole unit costs little and ends the loop: it is not timed (one
        // clock read fewer per read of a served connection).
        if (served && delivered) {
          const t1 = performance.now();
          turnMs += t1 - t0;
          t0 = t1;
          if (!turnResetQueued) {
            turnResetQueued = true;
            setImmediate(resetTurn);
          }
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
      if (this.flushQueued) {
        // A served connection's replies go out with the turn's others (see turnFlushes), unless
        // they hold part of the server-wide budget: those go at once, as that budget is shared.
        if (served && turnResetQueued && this.accounted === 0) {
          if (turnFlushes.push(this) >= FLUSH_GROUP) flushEach(turnFlushes);
        } else this.flush(false);
      }
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

  /**
   * The bytes the next output may take now: Infinity without a budget, or when nothing is
   * unsent here or held against the budget and no connection waits for it (a reply larger than
   * the budget then goes alone), else this connection's allowance left plus the budget left if
   * no other connection is queued for it first. A codec encodes a reply only if it fits, else
   * it calls {@link parkOutput}.
   */
  protected outputRoom(): number {
    const budget = this.limits?.budget;
    if (budget === undefined) return Infinity;
    if (this.parkedNeed > 0) return 0;
    return this.roomAt(this.unsentBytes(), budget);
  }

  /** {@link outputRoom} with `unsent` bytes unsent here and no reply parked. */
  private roomAt(unsent: number, budget: UnsentBudget): number {
    if (unsent === 0 && budget.idleFor(this)) return Infinity;
    return Math.max(0, budget.allowance - unsent) + budget.roomFor(this);
  }

  /**
   * A codec's output of `needed` bytes did not fit {@link outputRoom} and was not encoded:
   * `retry` (which encodes it again) runs first once that much room is free, in this
   * connection's turn; meanwhile the connection is paused as when backed up.
   */
  protected parkOutput(needed: number, retry: () => void): void {
    this.parked++;
    this.deferred.unshift(() => {
      this.parked--;
      retry();
    });
    this.parkedNeed = needed;
    debug('rpc: a reply of %d bytes waits for room', needed);
    this.limits?.budget?.enqueue(this);
    this.refreshFlow();
  }

  /** This connection's output now. */
  stats(): ConnectionStats {
    return {
      unsentBytes: this.unsentBytes(),
      peakUnsentBytes: this.peakUnsent,
      backedUp: this.backedUp,
      deferredReplies: this.deferred.length,
      waitingForRoom: this.parkedNeed,
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
    // Unbounded (a client's connection, twice per call): nothing to pause, and no stats to keep.
    if (limits === undefined) return;
    const closed = this.stream.destroyed;
    const unsent = closed ? 0 : this.unsentBytes();
    if (unsent > this.peakUnsent) this.peakUnsent = unsent;
    const budget = limits.budget;
    let charged = 0;
    if (budget) {
      charged = Math.max(0, unsent - budget.allowance);
      if (unsent !== this.accountedUnsent || charged !== this.accounted) {
        budget.change(unsent - this.accountedUnsent, charged - this.accounted);
        this.accountedUnsent = unsent;
        this.accounted = charged;
      }
      // A parked reply goes once it fits (it is encoded again, in this connection's turn).
      if (this.parkedNeed > 0 && (closed || (unsent < limits.maxUnsentBytes && this.parkedNeed <= this.roomAt(unsent, budget)))) {
        this.parkedNeed = 0;
      }
    }
    const backedUp =
      !closed && (unsent >= limits.maxUnsentBytes || this.parkedNeed > 0 || (charged > 0 && budget !== undefined && budget.spent));
    if (backedUp === this.backedUp) return;
    budget?.wait(this, backedUp && this.parkedNeed === 0);
    this.backedUp = backedUp;
    this.updateFlow();
    if (backedUp) {
      debug('rpc: %d bytes unsent, pausing input', unsent);
      this.outputStalled();
      return;
    }
    this.runDeferred();
    if (this.parkedNeed === 0) budget?.dequeue(this);
    if (this.closeWhenWritten && this.parked === 0) {
      this.closeWhenWritten = false;
      this.close();
      return;
    }
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
   * written when the delivery loop ends, in one write for all the units of the chunk (on a
   * served connection, at the end of the event loop's turn, with the other connections'), and
   * output queued elsewhere on the next tick (process.nextTick: queued from a promise job, it
   * runs once the pending promise jobs have, so calls made from them share the write too).
   *
   * A client connection's output goes at the end of the turn instead (setImmediate, with the
   * other connections') when another client connection queued output last: then many are busy,
   * and the requests that one turn's replies set off are written once all those replies have
   * been read, so that the peer finds them together. Under Go's server on 16 connections this
   * cut the client's CPU time per call by a fifth or more. As the server's replies, they go in
   * groups of FLUSH_GROUP, so that on many connections the peer starts on the first requests
   * while this process is still reading replies (on 128 connections, a fifth more calls/s).
   * Calls on one connection at a time keep the next tick (an immediate per call costs them
   * about 5%).
   */
  protected queued(): void {
    const threshold = Math.min(FLUSH_THRESHOLD, this.limits?.maxUnsentBytes ?? FLUSH_THRESHOLD);
    if (this.queuedBytes() >= threshold) this.flush(false);
    else if (!this.flushQueued) {
      this.flushQueued = true;
      if (this.pumping) {
        // Written when the delivery loop ends (see pump).
      } else if (this.limits === undefined && lastClient !== this) {
        lastClient = this;
        if (clientFlushes.push(this) >= FLUSH_GROUP) flushEach(clientFlushes);
        else if (!clientFlushQueued) {
          clientFlushQueued = true;
          setImmediate(flushClientsAtTurnEnd);
        }
      } else process.nextTick(flushQueuedOutput, this);
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
    if (this.parked > 0 && !dropUnsent && !this.stream.destroyed) {
      // Replies parked for room are answers owed: input stops, and the close completes once
      // they are written (or the stream dies, or closeNow cuts it).
      this.closeWhenWritten = true;
      this.finish(null);
      return;
    }
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
