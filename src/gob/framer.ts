// Framing: collects chunks (split anywhere, the length prefix included) and hands over whole
// messages, as decoder.go's recvMessage. Decoding then runs on whole messages only.
import { fail, GobErrorCode } from './error.js';
import { ERR_BAD_UINT } from './reader.js';

/**
 * Splits a byte stream into gob messages: uint(length) then that many bytes. Chunks are kept as
 * written and split when a message is asked for, so each message's view lives only while it is
 * read (splitting a large write up front kept a view of every message in it alive at once).
 */
export class Framer {
  /** Whole messages split off but not taken (the scan peeks ahead); those before `head` are consumed. */
  private readonly queue: Uint8Array[] = [];
  private head = 0;
  /** Chunks written and not yet split, the first read from `chunkPos`. */
  private chunks: Uint8Array[] = [];
  private chunkHead = 0;
  private chunkPos = 0;
  private readonly prefix = new Uint8Array(9);
  private prefixLen = 0;
  /** Length of the message being collected, or -1 while reading its prefix. */
  private need = -1;
  private parts: Uint8Array[] = [];
  private got = 0;
  /**
   * A bad length seen in the input. Raised only when the reader reaches it, so the messages
   * before it still decode, as with Go's lazy reads; bytes after it are ignored.
   */
  private error: unknown;

  constructor(private readonly maxMessageSize: number) {}

  /** Whether part of a message has arrived (some of its length prefix, or the prefix and not all its bytes). */
  get partial(): boolean {
    for (let m = this.split(); m !== undefined; m = this.split()) this.queue.push(m);
    return this.prefixLen > 0 || this.need >= 0;
  }

  /** Whether a message is waiting. */
  get ready(): boolean {
    if (this.head < this.queue.length) return true;
    const m = this.split();
    if (m === undefined) return false;
    this.queue.push(m);
    return true;
  }

  /** The next whole message; undefined if none has arrived; throws at a bad length. */
  shift(): Uint8Array | undefined {
    if (this.head < this.queue.length) {
      const q = this.queue[this.head]!;
      // Dropped from the queue as taken, so it lives no longer than its reader needs it.
      this.queue[this.head++] = EMPTY;
      return q;
    }
    const m = this.split();
    if (m === undefined && this.error !== undefined) throw this.error;
    return m;
  }

  /** The message `k` places after the next one, without taking it; undefined if it has not arrived. */
  peek(k: number): Uint8Array | undefined {
    while (this.head + k >= this.queue.length) {
      const m = this.split();
      if (m === undefined) return undefined;
      this.queue.push(m);
    }
    return this.queue[this.head + k];
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

  /** Throws the bad length seen in the input, if any. */
  check(): void {
    for (let m = this.split(); m !== undefined; m = this.split()) this.queue.push(m);
    if (this.error !== undefined) throw this.error;
  }

  /** Whether a bad length is waiting to be reported (after the messages before it). */
  get failed(): boolean {
    return this.error !== undefined;
  }

  push(chunk: Uint8Array): void {
    if (this.error !== undefined || chunk.length === 0) return;
    this.chunks.push(chunk);
  }

  /**
   * Splits the next message off the chunks. Undefined when the chunks end first (what was read
   * of a partial message is kept, so no byte is read twice) or at a bad length.
   */
  private split(): Uint8Array | undefined {
    while (this.chunkHead < this.chunks.length) {
      const chunk = this.chunks[this.chunkHead]!;
      let m: Uint8Array | undefined;
      try {
        m = this.parse(chunk);
      } catch (e) {
        this.error = e;
        this.chunks = [];
        this.chunkHead = 0;
        return undefined;
      }
      if (this.chunkPos >= chunk.length) {
        // The chunk is used up: forget it.
        this.chunks[this.chunkHead++] = EMPTY;
        this.chunkPos = 0;
        if (this.chunkHead === this.chunks.length) {
          this.chunks.length = 0;
          this.chunkHead = 0;
        }
      }
      if (m !== undefined) return m;
    }
    return undefined;
  }

  /** Reads `chunk` from chunkPos until one message is whole (returned) or the chunk ends. */
  private parse(chunk: Uint8Array): Uint8Array | undefined {
    let pos = this.chunkPos;
    const len = chunk.length;
    try {
      while (pos < len) {
        if (this.need < 0) {
          // Reading the length prefix, which may itself be split across chunks.
          const b0 = this.prefixLen > 0 ? this.prefix[0]! : chunk[pos]!;
          const total = b0 < 0x80 ? 1 : 1 + (256 - b0);
          if (total > 9) fail(GobErrorCode.BadData, ERR_BAD_UINT);
          while (this.prefixLen < total && pos < len) this.prefix[this.prefixLen++] = chunk[pos++]!;
          if (this.prefixLen < total) return undefined;
          let n = 0;
          if (total === 1) n = b0;
          else for (let i = 1; i < total; i++) n = n * 256 + this.prefix[i]!;
          this.prefixLen = 0;
          if (n >= this.maxMessageSize) {
            fail(GobErrorCode.Limit, `invalid message length: ${n} bytes is over maxMessageSize (${this.maxMessageSize})`);
          }
          if (n === 0) return new Uint8Array(0);
          this.need = n;
          this.got = 0;
          continue;
        }
        const avail = len - pos;
        const want = this.need - this.got;
        if (this.got === 0 && avail >= want) {
          // The whole message is inside this chunk: hand over a view, no copy.
          // A plain view, not chunk.subarray: a Node Buffer's subarray builds another Buffer, slowly.
          const m = new Uint8Array(chunk.buffer, chunk.byteOffset + pos, want);
          pos += want;
          this.need = -1;
          return m;
        }
        const take = Math.min(avail, want);
        this.parts.push(chunk.subarray(pos, pos + take));
        this.got += take;
        pos += take;
        if (this.got === this.need) {
          // Allocated only now that every byte has arrived, so memory follows bytes received.
          const m = new Uint8Array(this.need);
          let off = 0;
          for (const p of this.parts) {
            m.set(p, off);
            off += p.length;
          }
          this.parts = [];
          this.got = 0;
          this.need = -1;
          return m;
        }
      }
      return undefined;
    } finally {
      this.chunkPos = pos;
    }
  }
}

const EMPTY = new Uint8Array(0);
