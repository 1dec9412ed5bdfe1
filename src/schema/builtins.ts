// Exact codecs for the standard library types Go sends through GobEncode: time.Time,
// time.Duration and *big.Int (time/time.go AppendBinary, math/big/intmarsh.go).
import { describeValue, fail, GobErrorCode } from './error.js';
import { type MarshalCodec, type Schema, t } from './schema.js';
import { formatGoString, formatRFC3339Nano } from './timefmt.js';

/**
 * Node's util.inspect hook, by its registered symbol: src/gob imports nothing from Node, and
 * the symbol is the same one `util.inspect.custom` holds.
 */
const inspectCustom = Symbol.for('nodejs.util.inspect.custom');

const TWO32 = 0x1_0000_0000;

/** Seconds from January 1, year 1 UTC (Go's internal epoch) to the Unix epoch. */
const UNIX_TO_INTERNAL = 62135596800n;

/**
 * A Go time.Time as gob carries it: seconds since January 1, year 1 UTC, nanoseconds, and the
 * zone offset in seconds east of UTC (`null` for UTC itself). Kept exactly; convert with
 * {@link GoTime.toDate} (millisecond precision) or read the fields.
 *
 * It prints as Go prints a time: `JSON.stringify` gives Go's `Time.MarshalJSON` text (RFC 3339
 * with nanoseconds, `"2009-11-10T23:00:00.5+01:00"`), `String(t)` Go's `Time.String`
 * (`2009-11-10 23:00:00.5 +0100 +0100`), and `console.log` shows `GoTime(<RFC 3339>)`.
 */
export class GoTime {
  constructor(
    /** Seconds since January 1, year 1 00:00:00 UTC. */
    readonly sec: bigint,
    /** Nanoseconds within the second, 0 to 999,999,999. */
    readonly nsec: number,
    /** Zone offset in seconds east of UTC, or null for UTC. */
    readonly offset: number | null,
  ) {}

  /** Go's zero Time (January 1, year 1, UTC). */
  static readonly zero = new GoTime(0n, 0, null);

  /** From a Date (UTC unless an offset in seconds is given). */
  static fromDate(d: Date, offset: number | null = null): GoTime {
    const ms = d.getTime();
    const s = Math.floor(ms / 1000);
    return new GoTime(BigInt(s) + UNIX_TO_INTERNAL, (ms - s * 1000) * 1e6, offset);
  }

  /** From Unix seconds and nanoseconds. */
  static fromUnix(sec: bigint | number, nsec = 0, offset: number | null = null): GoTime {
    return new GoTime(BigInt(sec) + UNIX_TO_INTERNAL, nsec, offset);
  }

  /** Seconds since the Unix epoch. */
  get unixSeconds(): bigint {
    return this.sec - UNIX_TO_INTERNAL;
  }

  /** The instant as a Date (nanoseconds below a millisecond are dropped). */
  toDate(): Date {
    return new Date(Number(this.unixSeconds) * 1000 + Math.floor(this.nsec / 1e6));
  }

  /** Go's Time.IsZero. */
  isZero(): boolean {
    return this.sec === 0n && this.nsec === 0;
  }

  /** Same instant and same offset. */
  equals(o: GoTime): boolean {
    return this.sec === o.sec && this.nsec === o.nsec && this.offset === o.offset;
  }

  /**
   * Go's `Time.MarshalJSON` text without the quotes, what `JSON.stringify` writes: RFC 3339 with
   * nanoseconds, trailing zeros trimmed, `Z` for UTC. Go refuses years outside [0,9999] and zone
   * offsets of 24 hours or more; JSON.stringify should not throw on a value that decoded, so
   * for those this returns {@link GoTime.toString}'s text instead.
   */
  toJSON(): string {
    try {
      return formatRFC3339Nano(this);
    } catch {
      return formatGoString(this);
    }
  }

  /**
   * Go's `Time.String` as it prints a time that came through gob:
   * `2006-01-02 15:04:05.999999999 -0700 MST`, the zone name `UTC` for UTC and the numeric offset
   * again for other offsets (Go's unnamed fixed zone; Go would print its Local zone's name when
   * the offset happens to match it, which a decoder here cannot know).
   */
  toString(): string {
    return formatGoString(this);
  }

  /** What `console.log` and `util.inspect` show: `GoTime(2009-11-10T23:00:00Z)`. */
  [inspectCustom](): string {
    return `GoTime(${this.toJSON()})`;
  }
}

/**
 * The GoTime a time.Time value stands for: a GoTime, or a valid JS Date (UTC, millisecond
 * precision, as the JSON-RPC codec takes it). Anything else is an INVALID_VALUE GobError.
 */
function asGoTime(v: unknown): GoTime {
  if (v instanceof GoTime) return v;
  if (v instanceof Date) {
    if (Number.isNaN(v.getTime())) fail(GobErrorCode.InvalidValue, 'gob: cannot encode an invalid Date as time.Time');
    return GoTime.fromDate(v);
  }
  return fail(GobErrorCode.InvalidValue, `gob: cannot encode ${describeValue(v)} as time.Time: want a GoTime or a Date`);
}

function timeEncode(value: unknown): Uint8Array {
  const v = asGoTime(value);
  if (typeof v.sec !== 'bigint')
    fail(GobErrorCode.InvalidValue, `gob: cannot encode time.Time: its sec is ${describeValue(v.sec)}, want a bigint`);
  let offsetMin = -1;
  let offsetSec = 0;
  let version = 1;
  if (v.offset !== null) {
    if (v.offset % 60 !== 0) {
      version = 2;
      offsetSec = v.offset % 60;
    }
    offsetMin = Math.trunc(v.offset / 60);
    if (offsetMin < -32768 || offsetMin === -1 || offsetMin > 32767) throw new Error('Time.MarshalBinary: unexpected zone offset');
  }
  // Byte by byte, big-endian, as time.go's appendBinary: a DataView would read the small array's
  // buffer, which makes V8 move it off the heap (about half a microsecond a time).
  const b = new Uint8Array(version === 2 ? 16 : 15);
  b[0] = version;
  const sec = v.sec;
  const n = Number(sec);
  let hi: number;
  let lo: number;
  if (Number.isSafeInteger(n)) {
    hi = Math.floor(n / TWO32) | 0;
    lo = n >>> 0;
  } else {
    // As setBigInt64, modulo 2^64.
    hi = Number(BigInt.asIntN(32, sec >> 32n));
    lo = Number(BigInt.asUintN(32, sec));
  }
  putInt32(b, 1, hi);
  putInt32(b, 5, lo);
  putInt32(b, 9, v.nsec);
  b[13] = offsetMin >> 8;
  b[14] = offsetMin;
  if (version === 2) b[15] = offsetSec;
  return b;
}

/** `x` as four big-endian bytes of a 32-bit integer (modulo 2^32, as DataView.setInt32). */
function putInt32(b: Uint8Array, at: number, x: number): void {
  b[at] = x >>> 24;
  b[at + 1] = x >>> 16;
  b[at + 2] = x >>> 8;
  b[at + 3] = x;
}

/** Four big-endian bytes as a signed 32-bit integer. */
function int32At(b: Uint8Array, at: number): number {
  return (b[at]! << 24) | (b[at + 1]! << 16) | (b[at + 2]! << 8) | b[at + 3]!;
}

function timeDecode(b: Uint8Array): GoTime {
  if (b.length === 0) throw new Error('Time.UnmarshalBinary: no data');
  const version = b[0];
  if (version !== 1 && version !== 2) throw new Error('Time.UnmarshalBinary: unsupported version');
  if (b.length !== (version === 2 ? 16 : 15)) throw new Error('Time.UnmarshalBinary: invalid length');
  const hi = int32At(b, 1);
  const lo = int32At(b, 5) >>> 0;
  const n = hi * TWO32 + lo;
  const sec = Number.isSafeInteger(n) ? BigInt(n) : (BigInt(hi) << 32n) | BigInt(lo);
  const nsec = int32At(b, 9);
  // time.go: int16 minutes, then (version 2) the seconds as an unsigned byte, as Go reads it.
  let offset = (((b[13]! << 24) >> 16) | b[14]!) * 60;
  if (version === 2) offset += b[15]!;
  return new GoTime(sec, nsec, offset === -60 ? null : offset);
}

/** The codecs of this package whose `decode` keeps nothing of the bytes it is given. */
const transientCodecs = new WeakSet<object>();

/**
 * Whether `codec` is one of this package's whose `decode` keeps nothing of the bytes it is given,
 * so that the gob decoder may pass a view of the message rather than a copy. A codec made from
 * one (`{ ...t.time.codec, decode }`) is not: its decode may keep them.
 */
export function keepsNoBytes(codec: object | undefined): boolean {
  return codec !== undefined && transientCodecs.has(codec);
}

const timeCodec: MarshalCodec<GoTime> = {
  encode: timeEncode,
  decode: timeDecode,
  // A value that is not a time is "sent", so that encoding it fails with its field's path.
  isZero: (v: unknown) => {
    const time = v instanceof GoTime ? v : v instanceof Date && !Number.isNaN(v.getTime()) ? GoTime.fromDate(v) : null;
    return time?.isZero() === true && time.offset === null;
  },
  zero: () => GoTime.zero,
};

function bigEncode(v: bigint | null): Uint8Array {
  if (v === null) return new Uint8Array(0);
  const neg = v < 0n;
  let abs = neg ? -v : v;
  const bytes: number[] = [];
  while (abs > 0n) {
    bytes.push(Number(abs & 0xffn));
    abs >>= 8n;
  }
  const out = new Uint8Array(1 + bytes.length);
  out[0] = (1 << 1) | (neg ? 1 : 0);
  for (let i = 0; i < bytes.length; i++) out[bytes.length - i] = bytes[i]!;
  return out;
}

function bigDecode(b: Uint8Array): bigint {
  if (b.length === 0) return 0n;
  if (b[0]! >> 1 !== 1) throw new Error(`Int.GobDecode: encoding version ${b[0]! >> 1} not supported`);
  let x = 0n;
  for (let i = 1; i < b.length; i++) x = (x << 8n) | BigInt(b[i]!);
  return b[0]! & 1 ? -x : x;
}

const bigCodec: MarshalCodec<bigint | null> = { encode: bigEncode, decode: bigDecode, zero: () => null };
transientCodecs.add(timeCodec);
transientCodecs.add(bigCodec);

/**
 * time.Time, exact to the nanosecond and the zone offset (both binary versions). Decodes to a
 * {@link GoTime}; encodes a GoTime, or a JS Date (as UTC, millisecond precision). Any other value
 * is an `INVALID_VALUE` GobError `gob: cannot encode <what> as time.Time: want a GoTime or a Date`.
 */
export const timeSchema: Schema<GoTime> = t.gobEncoder<GoTime>('time.Time', timeCodec);
/** time.Duration: int64 nanoseconds, as a number (range-checked). */
export const durationSchema: Schema<number> = t.named('time.Duration', t.int64);
/** time.Duration as a bigint. */
export const durationBigSchema: Schema<bigint> = t.named('time.Duration', t.int64n);
/**
 * *big.Int as a bigint (null for a nil pointer). Go's *big.Int has a pointer receiver, which
 * gives its type definition Go's particular id and name; `pointerReceiver` reproduces that.
 */
export const bigIntSchema: Schema<bigint | null> = Object.freeze({
  kind: 'external',
  marshal: 'gob',
  name: 'big.Int',
  pointerReceiver: true,
  codec: bigCodec,
}) as unknown as Schema<bigint | null>;
