// Framing: collects chunks (split anywhere, the length prefix included) and hands over whole
// messages, as decoder.go's recvMessage. Decoding then runs on whole messages only.
import { fail, GobError, GobErrorCode } from './error.js';
import { ERR_BAD_UINT, type Reader } from './reader.js';

/**
 * Splits a byte stream into gob messages: uint(length) then that many bytes. Chunks are kept as
 * written and split when a message is asked for, so each message's view lives only while it is
 * read (splitting a large write up front kept a view of every message in it alive at once).
 */
export class Framer {
  /** Whole messages split off but not taken (the scan peeks ahead); those before `head` are consumed. */
  private readonly queue: Array<Uint8Array | Owned | BadLength> = [];
  private head = 0;
  /** Chunks written and not yet split, the first read from `chunkPos`. */
  private chunks: Uint8Array[] = [];
  private chunkHead = 0;
  private chunkPos = 0;
  private readonly prefix = new Uint8Array(9);
  private prefixLen = 0;
  /** Length of the message being collected, or -1 while reading its prefix. */
  private need = -1;
  /**
   * Bytes of the message being collected that arrived, until {@link msg} is allocated: views of
   * the chunks they came in, and after them the small pieces copied into {@link small}.
   */
  private parts: Uint8Array[] = [];
  /**
   * Pieces of under {@link SMALL_PIECE} bytes, copied together (its first {@link smallLen}
   * bytes): a view per piece would cost a peer dripping a byte per write a hundred times that.
   */
  private small: Uint8Array | undefined;
  private smallLen = 0;
  private got = 0;
  /**
   * The buffer of the message being collected, once allocated (see {@link collect}): its first
   * `got` bytes have arrived, and the rest may be read straight into it ({@link readTarget}).
   */
  private msg: Uint8Array | undefined;
  /**
   * A length only the configured limit refuses, seen in the input. Raised only when the reader
   * reaches it, so the messages before it still decode, as with Go's lazy reads; bytes after it
   * are ignored. (A length Go refuses too is queued in its message's place instead: see parse.)
   */
  private error: unknown;
  /** The message split() found: a window of a chunk (or of the array its parts were joined in). */
  private mBuf: Uint8Array = EMPTY;
  private mStart = 0;
  private mEnd = 0;
  /** Set instead of a message when split() found a length prefix Go's Decoder refuses too (see parse). */
  private mBad: BadLength | undefined;
  /** mBuf is a buffer this framer allocated for the message alone (see Reader.owned). */
  private mOwned = false;
  /** The bad length prefixes queued and not yet taken. */
  private badQueued = 0;
  /** peekNext split off a message it did not queue, which is not yet taken or left. */
  private held = false;

  /** `allocate`: see DecoderOptions.allocate; every byte of what it returns is written before it is read. */
  constructor(
    private readonly maxMessageSize: number,
    private readonly alloc: (n: number) => Uint8Array = zeroed,
  ) {}

  /** Whether part of a message has arrived (some of its length prefix, or the prefix and not all its bytes). */
  get partial(): boolean {
    while (this.split()) this.enqueue();
    return this.prefixLen > 0 || this.need >= 0;
  }

  /** Whether a message is waiting. */
  get ready(): boolean {
    if (this.head < this.queue.length) return true;
    if (!this.split()) return false;
    this.enqueue();
    return true;
  }

  /**
   * Points `r` at the next whole message (its window of the chunk it arrived in: nothing is
   * allocated per message); false if none has arrived; throws at a bad length.
   */
  shiftInto(r: Reader): boolean {
    if (this.head < this.queue.length) {
      const m = this.queue[this.head]!;
      // Dropped from the queue as taken, so it lives no longer than its reader needs it.
      this.queue[this.head++] = EMPTY;
      if (m instanceof BadLength) {
        this.badQueued--;
        throw m.error;
      }
      readerAt(r, m);
      return true;
    }
    if (this.split()) {
      const bad = this.mBad;
      this.mBad = undefined;
      if (bad !== undefined) throw bad.error;
      this.windowInto(r);
      return true;
    }
    if (this.error !== undefined) throw this.error;
    return false;
  }

  /** Points `r` at the message split() found, where it lies. */
  private windowInto(r: Reader): void {
    r.window(this.mBuf, this.mStart, this.mEnd);
    // The reader may hand out views of a buffer allocated for this message alone; a message
    // inside a chunk shares it with others (or with a caller's array).
    r.owned = this.mOwned ? this.mBuf : undefined;
  }

  /** Queues what split() found, counting bad length prefixes (see {@link failed}). */
  private enqueue(): void {
    const m = this.found();
    if (m instanceof BadLength) this.badQueued++;
    this.queue.push(m);
  }

  /** What split() found: a bad length prefix, or the message as an array of its own bytes' view. */
  private found(): Uint8Array | Owned | BadLength {
    const bad = this.mBad;
    if (bad === undefined) return this.mOwned ? new Owned(this.mBuf) : this.view();
    this.mBad = undefined;
    return bad;
  }

  /** The message split() found, as an array of its own bytes' view. */
  private view(): Uint8Array {
    const b = this.mBuf;
    if (this.mStart === 0 && this.mEnd === b.length) return b;
    // A plain view, not subarray: a Node Buffer's subarray builds another Buffer, slowly.
    return new Uint8Array(b.buffer, b.byteOffset + this.mStart, this.mEnd - this.mStart);
  }

  /**
   * The message `k` places after the next one, without taking it; undefined if it has not
   * arrived, or if a bad length prefix comes first ({@link failed} then says so).
   */
  peek(k: number): Uint8Array | undefined {
    if (!this.queueTo(k)) return undefined;
    const m = this.queue[this.head + k];
    return m instanceof BadLength ? undefined : m instanceof Owned ? m.buf : m;
  }

  /**
   * Points `r` at the message `k` places after the next one, as {@link shiftInto} would, without
   * taking it; false if it has not arrived, or if a bad length prefix comes first. A value read
   * ahead this way is committed with {@link drop}.
   */
  peekInto(r: Reader, k: number): boolean {
    if (!this.queueTo(k)) return false;
    const m = this.queue[this.head + k]!;
    if (m instanceof BadLength) return false;
    readerAt(r, m);
    return true;
  }

  /**
   * Points `r` at the next whole message without taking it, and without queueing it when it is
   * still in the chunks (no view is made of it then); false if none has arrived, or if a bad
   * length prefix comes first. Before any other call, the caller takes it with
   * {@link takePeeked} or leaves it for {@link shiftInto} with {@link leavePeeked}.
   */
  peekNext(r: Reader): boolean {
    if (this.head < this.queue.length) return this.peekInto(r, 0);
    if (!this.split()) return false;
    if (this.mBad !== undefined) {
      this.enqueue();
      return false;
    }
    this.windowInto(r);
    this.held = true;
    return true;
  }

  /** Takes the message {@link peekNext} showed. */
  takePeeked(): void {
    if (this.held) this.held = false;
    else this.queue[this.head++] = EMPTY;
  }

  /** Leaves the message {@link peekNext} showed to be read again. */
  leavePeeked(): void {
    if (!this.held) return;
    this.held = false;
    this.enqueue();
  }

  /** Queues the messages that have arrived up to the one `k` places after the next; false if it has not. */
  private queueTo(k: number): boolean {
    while (this.head + k >= this.queue.length) {
      if (!this.split()) return false;
      this.enqueue();
    }
    return true;
  }

  /** Takes the next `k` messages, which {@link peekInto} has shown to be whole. */
  drop(k: number): void {
    for (let i = 0; i < k; i++) this.queue[this.head++] = EMPTY;
  }

  /** Drops consumed messages once they are many, so memory follows what is unread. */
  compact(): void {
    if (this.head > 0 && this.head === this.queue.length) {
      this.queue.length = 0;
      this.head = 0;
    } else if (this.head > 64 && this.head * 2 > this.queue.length) {
      this.queue.splice(0, this.head);
      this.head = 0;
    }
  }

  /** Throws (and drops) the bad length prefix Go refuses too, when it is next in line. */
  throwBadHead(): void {
    if (!this.ready) return;
    const m = this.queue[this.head];
    if (m instanceof BadLength) {
      this.queue[this.head++] = EMPTY;
      this.badQueued--;
      throw m.error;
    }
  }

  /** Throws the bad length seen in the input, if any. */
  check(): void {
    while (this.split()) this.enqueue();
    if (this.error !== undefined) throw this.error;
  }

  /** Whether a bad length is waiting to be reported (after the messages before it). */
  get failed(): boolean {
    // A count rather than a walk of the queue: a value waiting on its next message asks this
    // on every write, while the messages it has read ahead stay queued.
    return this.error !== undefined || this.badQueued > 0;
  }

  push(chunk: Uint8Array): void {
    if (this.error !== undefined || chunk.length === 0) return;
    this.chunks.push(chunk);
  }

  /**
   * Where the next bytes of the input may be read straight into, or undefined: the part of
   * the message being collected that has not arrived, when its buffer is allocated, at least
   * {@link DIRECT_FROM} bytes are missing and every chunk written has been split (so the next
   * bytes of the stream are that message's). A socket reading into it saves a buffer and a copy
   * per read; the caller then writes the view of what it read there, as any chunk, and the
   * framer, finding the bytes already in place, does not copy them. Nothing else may write there.
   */
  readTarget(): Uint8Array | undefined {
    const msg = this.msg;
    if (msg === undefined || this.chunkHead < this.chunks.length || this.error !== undefined) return undefined;
    if (this.need - this.got < DIRECT_FROM) return undefined;
    return new Uint8Array(msg.buffer, msg.byteOffset + this.got, this.need - this.got);
  }

  /**
   * Splits the next message off the chunks (into mBuf, mStart, mEnd). False when the chunks end
   * first (what was read of a partial message is kept, so no byte is read twice) or at a bad length.
   */
  private split(): boolean {
    while (this.chunkHead < this.chunks.length) {
      const chunk = this.chunks[this.chunkHead]!;
      let found: boolean;
      try {
        found = this.parse(chunk);
      } catch (e) {
        this.error = e;
        this.chunks = [];
        this.chunkHead = 0;
        return false;
      }
      if (this.chunkPos >= chunk.length) {
        // The chunk is used up: forget it.
        this.chunks[this.chunkHead++] = EMPTY;
        this.chunkPos = 0;
        if (this.chunkHead === this.chunks.length) {
          // Mostly one chunk (one socket read): pop() is inlined where setting length is a
          // runtime call, which showed in profiles of small RPC messages.
          if (this.chunkHead === 1) this.chunks.pop();
          else this.chunks.length = 0;
          this.chunkHead = 0;
        }
      }
      if (found) return true;
    }
    return false;
  }

  /** Reads `chunk` from chunkPos until one message is whole (true) or the chunk ends (false). */
  private parse(chunk: Uint8Array): boolean {
    let pos = this.chunkPos;
    const len = chunk.length;
    // The fast case: the whole message, its one-byte prefix included, is in this chunk.
    if (this.need < 0 && this.prefixLen === 0 && pos < len) {
      const n = chunk[pos]!;
      if (n < 0x80 && n < this.maxMessageSize && len - pos > n) {
        this.mBuf = chunk;
        this.mStart = pos + 1;
        this.mEnd = this.chunkPos = pos + 1 + n;
        this.mOwned = false;
        return true;
      }
    }
    try {
      while (pos < len) {
        if (this.need < 0) {
          // Reading the length prefix, which may itself be split across chunks.
          const b0 = this.prefixLen > 0 ? this.prefix[0]! : chunk[pos]!;
          const total = b0 < 0x80 ? 1 : 1 + (256 - b0);
          if (total > 9) {
            // Go's decodeUintReader has read the one byte: errBadUint, and reading goes on after it.
            pos++;
            this.mBad = new BadLength(new GobError(GobErrorCode.BadData, ERR_BAD_UINT));
            return true;
          }
          while (this.prefixLen < total && pos < len) this.prefix[this.prefixLen++] = chunk[pos++]!;
          if (this.prefixLen < total) return false;
          let n = 0;
          if (total === 1) n = b0;
          else for (let i = 1; i < total; i++) n = n * 256 + this.prefix[i]!;
          this.prefixLen = 0;
          if (n >= GO_TOO_BIG) {
            // A length Go refuses too (its tooBig: 8 GiB on 64-bit platforms): Go's errBadCount,
            // exactly, in this message's place; Go's Decoder then reads on after the prefix, and
            // so does this one.
            this.mBad = new BadLength(new GobError(GobErrorCode.Limit, 'invalid message length'));
            return true;
          }
          if (n >= this.maxMessageSize) {
            // Only the configured limit refuses it (Go would read it): nothing after is read.
            fail(GobErrorCode.Limit, `invalid message length: ${n} bytes is over maxMessageSize (${this.maxMessageSize})`);
          }
          if (n === 0) {
            this.mBuf = EMPTY;
            this.mStart = this.mEnd = 0;
            this.mOwned = false;
            return true;
          }
          this.need = n;
          this.got = 0;
          continue;
        }
        const avail = len - pos;
        const want = this.need - this.got;
        if (this.got === 0 && avail >= want) {
          // The whole message is inside this chunk: hand over a view, no copy.
          // A plain view, not chunk.subarray: a Node Buffer's subarray builds another Buffer, slowly.
          this.mBuf = chunk;
          this.mStart = pos;
          this.mEnd = pos += want;
          this.mOwned = false;
          this.need = -1;
          return true;
        }
        const take = Math.min(avail, want);
        this.collect(chunk, pos, take);
        pos += take;
        if (this.got === this.need) {
          const m = this.msg ?? this.allocate();
          this.mBuf = m;
          this.mStart = 0;
          this.mEnd = m.length;
          this.mOwned = true;
          this.msg = undefined;
          this.got = 0;
          this.need = -1;
          return true;
        }
      }
      return false;
    } finally {
      this.chunkPos = pos;
    }
  }

  /**
   * Adds `take` bytes of `chunk` from `pos` to the message being collected: kept as they are
   * until its buffer is allocated, copied into that buffer after, or left where they are when
   * they were read straight into it ({@link readTarget}). The buffer is allocated once
   * 1/{@link ALLOCATE_AT} of a message of up to {@link EARLY_UP_TO} bytes has arrived (half of a
   * larger one), so memory follows the bytes received (a peer declaring a huge message and
   * sending little of it costs little: at most 2× what it sent past 4 MiB) while most of a large
   * message is copied at most once, and most of it can be read in place.
   */
  private collect(chunk: Uint8Array, pos: number, take: number): void {
    const msg = this.msg;
    const got = this.got;
    this.got = got + take;
    if (msg !== undefined) {
      if (chunk.buffer !== msg.buffer || chunk.byteOffset + pos !== msg.byteOffset + got) msg.set(chunk.subarray(pos, pos + take), got);
      return;
    }
    if (take < SMALL_PIECE) this.keepSmall(chunk, pos, take);
    else {
      this.endSmall();
      this.parts.push(chunk.subarray(pos, pos + take));
    }
    if (this.got < this.need && this.got * (this.need <= EARLY_UP_TO ? ALLOCATE_AT : 2) >= this.need) this.msg = this.allocate();
  }

  /** Copies a small piece after those before it, doubling the room (at most the message's length). */
  private keepSmall(chunk: Uint8Array, pos: number, take: number): void {
    let b = this.small;
    const len = this.smallLen;
    if (b === undefined || len + take > b.length) {
      const grown = new Uint8Array(Math.min(this.need, Math.max(2 * (b?.length ?? 0), len + take, 256)));
      if (b !== undefined) grown.set(b.subarray(0, len));
      this.small = b = grown;
    }
    b.set(chunk.subarray(pos, pos + take), len);
    this.smallLen = len + take;
  }

  /** Adds the small pieces kept so far to the parts, in their place before what comes next. */
  private endSmall(): void {
    if (this.small === undefined) return;
    this.parts.push(this.small.subarray(0, this.smallLen));
    this.small = undefined;
    this.smallLen = 0;
  }

  /** The buffer of the message being collected, holding the parts that arrived (then dropped). */
  private allocate(): Uint8Array {
    this.endSmall();
    const m = this.alloc(this.need);
    let off = 0;
    for (const p of this.parts) {
      m.set(p, off);
      off += p.length;
    }
    this.parts = [];
    return m;
  }
}

/** Pieces of a message shorter than this are copied while it is collected (see Framer.small). */
const SMALL_PIECE = 1024;

const EMPTY = new Uint8Array(0);

/** Points `r` at queued message `m`; views of it may be handed out only when it is Owned. */
function readerAt(r: Reader, m: Uint8Array | Owned): void {
  if (m instanceof Owned) {
    r.reset(m.buf);
    r.owned = m.buf;
  } else {
    r.reset(m);
    r.owned = undefined;
  }
}

function zeroed(n: number): Uint8Array {
  return new Uint8Array(n);
}

/**
 * A message's buffer is allocated once this fraction of it (one in ALLOCATE_AT) has arrived:
 * memory for a message is at most this many times its bytes received.
 */
const ALLOCATE_AT = 8;

/**
 * The largest message whose buffer is allocated at 1/{@link ALLOCATE_AT}; a larger one waits for
 * half of its bytes. A peer announcing 1 GiB (Go's limit, the default maxMessageSize) and sending
 * an eighth of it would otherwise make every such connection hold 1 GiB of address space for
 * 128 MiB sent: here it costs at most twice what arrived, and 4 MiB for 512 KiB below that.
 */
const EARLY_UP_TO = 4 << 20;

/** The least a {@link Framer.readTarget} offers: smaller rests are read as any chunk. */
const DIRECT_FROM = 16 << 10;

/** A message in a buffer the framer allocated for it alone (see Reader.owned), queued. */
class Owned {
  constructor(readonly buf: Uint8Array) {}
}

/** A length prefix Go's Decoder refuses, queued where its message would be. */
class BadLength {
  constructor(readonly error: unknown) {}
}

/** decoder.go's tooBig on 64-bit platforms, (1 << 30) << 3: the lengths Go's Decoder refuses. */
const GO_TOO_BIG = 2 ** 33;
