// Text forms of a time.Time, as time/format.go and time/format_rfc3339.go write them: the
// RFC 3339 text of Time.MarshalJSON and the layout of Time.String. They live beside GoTime so
// that decoded times print and serialise without the JSON layer (src/gob imports nothing else).

/** Days from January 1, year 1 to January 1, 1970 (proleptic Gregorian). */
export const DAYS_TO_UNIX = 719_162;
export const SECONDS_PER_DAY = 86_400n;

/** The fields of a GoTime the formatters read (a structural type, so no import cycle). */
export interface TimeFields {
  readonly sec: bigint;
  readonly nsec: number;
  readonly offset: number | null;
}

/** Civil date of a day count from 1970-01-01 (the well-known era/day-of-era decomposition). */
function civil(days: number): { year: number; month: number; day: number } {
  const z = days + 719_468;
  const era = Math.floor(z / 146_097);
  const doe = z - era * 146_097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36_524) - Math.floor(doe / 146_096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  return { year: yoe + era * 400 + (month <= 2 ? 1 : 0), month, day };
}

/** Zero-padded to `width` digits, the sign in front (Go's appendInt). */
function pad(n: number, width: number): string {
  const s = String(Math.abs(n)).padStart(width, '0');
  return n < 0 ? '-' + s : s;
}

/** Two digits, zero-padded: `n` is 0 to 99. */
function two(n: number): string {
  return n < 10 ? '0' + n : String(n);
}

/** The largest |seconds| whose arithmetic in doubles stays exact (wall clock and days alike). */
const EXACT_SECONDS = 2 ** 52;

/** The wall clock of `t` in its own zone: civil date and seconds within the day. */
function wallClock(t: TimeFields): { year: number; month: number; day: number; secs: number } {
  const sec = Number(t.sec);
  if (Math.abs(sec) < EXACT_SECONDS) {
    // The usual case, in doubles: a bigint division and remainder cost ten times as much.
    const wall = sec + (t.offset ?? 0);
    const days = Math.floor(wall / 86_400);
    const civilDate = civil(days - DAYS_TO_UNIX);
    return { year: civilDate.year, month: civilDate.month, day: civilDate.day, secs: wall - days * 86_400 };
  }
  const wall = t.sec + BigInt(t.offset ?? 0);
  let days = wall / SECONDS_PER_DAY;
  let secs = wall % SECONDS_PER_DAY;
  if (secs < 0n) {
    secs += SECONDS_PER_DAY;
    days -= 1n;
  }
  return { ...civil(Number(days) - DAYS_TO_UNIX), secs: Number(secs) };
}

/** `.999999999` for `nsec` nanoseconds with trailing zeros trimmed, or '' for none. */
function fraction(nsec: number): string {
  if (nsec === 0) return '';
  let digits = 9;
  while (nsec % 10 === 0) {
    nsec /= 10;
    digits--;
  }
  return '.' + String(nsec).padStart(digits, '0');
}

/** `2006-01-02`, the separator, then `15:04:05.999999999` (trailing zeros trimmed). */
function dateTime(t: TimeFields, sep: string): { text: string; year: number } {
  const { year, month, day, secs: s } = wallClock(t);
  const text = `${pad(year, 4)}-${two(month)}-${two(day)}${sep}${two(Math.floor(s / 3600))}:${two(Math.floor(s / 60) % 60)}:${two(s % 60)}${fraction(t.nsec)}`;
  return { text, year };
}

/**
 * Go's `Time.MarshalJSON` text, without the quotes: `2006-01-02T15:04:05.999999999Z07:00`.
 * Throws an Error with Go's text (`Time.MarshalJSON: year outside of range [0,9999]`).
 */
export function formatRFC3339Nano(t: TimeFields): string {
  const { text, year } = dateTime(t, 'T');
  if (year < 0 || year > 9999) throw new Error('Time.MarshalJSON: year outside of range [0,9999]');
  const offset = t.offset ?? 0;
  if (offset === 0) return text + 'Z';
  // Go divides with truncation, then prints the sign of what is left (so -30 s is "+00:00").
  let zone = Math.trunc(offset / 60);
  const sign = zone < 0 ? '-' : '+';
  zone = Math.abs(zone);
  if (Math.floor(zone / 60) >= 24) throw new Error('Time.MarshalJSON: timezone hour outside of range [0,23]');
  return `${text}${sign}${pad(Math.floor(zone / 60), 2)}:${pad(zone % 60, 2)}`;
}

/**
 * Go's `Time.String` for a time as gob delivers it: `2006-01-02 15:04:05.999999999 -0700 MST`,
 * where the zone name is `UTC` for UTC (offset null) and, as for Go's unnamed fixed zones, the
 * numeric offset again otherwise. Any year prints (no range limit, as Go's String).
 */
export function formatGoString(t: TimeFields): string {
  const { text } = dateTime(t, ' ');
  if (t.offset === null) return text + ' +0000 UTC';
  // time/format.go's stdNumTZ and unnamed stdTZ: minutes truncated, then the sign of those.
  let zone = Math.trunc(t.offset / 60);
  const sign = zone < 0 ? '-' : '+';
  zone = Math.abs(zone);
  const num = `${sign}${pad(Math.floor(zone / 60), 2)}${pad(zone % 60, 2)}`;
  return `${text} ${num} ${num}`;
}
