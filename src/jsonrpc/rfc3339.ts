// time.Time in JSON, as time/format_rfc3339.go: MarshalJSON writes RFC 3339 with nanoseconds
// (trailing zeros trimmed, "Z" for a zero offset) and refuses years outside [0,9999] and zone
// hours beyond 23; UnmarshalJSON reads strict RFC 3339. Exact to the nanosecond and the offset.
import { GoTime } from '../gob/index.js';

/** Days from January 1, year 1 to January 1, 1970 (proleptic Gregorian). */
const DAYS_TO_UNIX = 719_162;
const SECONDS_PER_DAY = 86_400n;

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

/** Day count from 1970-01-01 of a civil date (the inverse of {@link civil}). */
function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (month > 2 ? month - 3 : month + 9) + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146_097 + doe - 719_468;
}

function daysIn(month: number, year: number): number {
  if (month === 2) return (year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0)) ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

function pad(n: number, width: number): string {
  const s = String(Math.abs(n)).padStart(width, '0');
  return n < 0 ? '-' + s : s;
}

/**
 * Go's `Time.MarshalJSON` text, without the quotes: `2006-01-02T15:04:05.999999999Z07:00`.
 * Throws an Error with Go's text (`Time.MarshalJSON: year outside of range [0,9999]`).
 */
export function formatRFC3339Nano(t: GoTime): string {
  const offset = t.offset ?? 0;
  const wall = t.sec + BigInt(offset);
  let days = wall / SECONDS_PER_DAY;
  let secs = wall % SECONDS_PER_DAY;
  if (secs < 0n) {
    secs += SECONDS_PER_DAY;
    days -= 1n;
  }
  const { year, month, day } = civil(Number(days) - DAYS_TO_UNIX);
  if (year < 0 || year > 9999) throw new Error('Time.MarshalJSON: year outside of range [0,9999]');
  const s = Number(secs);
  let out = `${pad(year, 4)}-${pad(month, 2)}-${pad(day, 2)}T${pad(Math.floor(s / 3600), 2)}:${pad(Math.floor(s / 60) % 60, 2)}:${pad(s % 60, 2)}`;
  if (t.nsec !== 0) out += '.' + String(t.nsec).padStart(9, '0').replace(/0+$/, '');
  if (offset === 0) return out + 'Z';
  // Go divides with truncation, then prints the sign of what is left (so -30 s is "+00:00").
  let zone = Math.trunc(offset / 60);
  const sign = zone < 0 ? '-' : '+';
  zone = Math.abs(zone);
  if (Math.floor(zone / 60) >= 24) throw new Error('Time.MarshalJSON: timezone hour outside of range [0,23]');
  return `${out}${sign}${pad(Math.floor(zone / 60), 2)}:${pad(zone % 60, 2)}`;
}

const RFC3339 = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d+))?(Z|[+-]\d{2}:\d{2})$/;

/**
 * Reads RFC 3339 as Go's `Time.UnmarshalJSON` (parseStrictRFC3339): "Z" gives UTC (offset
 * null), "+hh:mm" a fixed offset; digits past nanoseconds are dropped. Throws an Error when the
 * text is not RFC 3339 or a field is out of range.
 */
export function parseRFC3339(s: string): GoTime {
  const m = RFC3339.exec(s);
  if (!m) throw new Error(`parsing time ${JSON.stringify(s)} as "2006-01-02T15:04:05Z07:00": not RFC 3339`);
  const year = Number(m[1]);
  const month = Number(m[2]);
  const day = Number(m[3]);
  const hour = Number(m[4]);
  const min = Number(m[5]);
  const sec = Number(m[6]);
  // Go's range errors name the field (time.Parse: `parsing time "...": day out of range`).
  const range = (field: string) => new Error(`parsing time ${JSON.stringify(s)}: ${field} out of range`);
  if (month < 1 || month > 12) throw range('month');
  if (day < 1 || day > daysIn(month, year)) throw range('day');
  if (hour > 23) throw range('hour');
  if (min > 59) throw range('minute');
  if (sec > 59) throw range('second');
  const nsec = m[7] ? Number(m[7].slice(0, 9).padEnd(9, '0')) : 0;
  let offset: number | null = null;
  if (m[8] !== 'Z') {
    const zh = Number(m[8]!.slice(1, 3));
    const zm = Number(m[8]!.slice(4, 6));
    if (zh > 23 || zm > 59) throw range('time zone offset');
    offset = (zh * 60 + zm) * 60 * (m[8]![0] === '-' ? -1 : 1);
  }
  const days = BigInt(daysFromCivil(year, month, day) + DAYS_TO_UNIX);
  const wall = days * SECONDS_PER_DAY + BigInt(hour * 3600 + min * 60 + sec);
  return new GoTime(wall - BigInt(offset ?? 0), nsec, offset);
}
