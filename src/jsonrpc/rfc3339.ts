// time.Time read from JSON, as time/format_rfc3339.go's UnmarshalJSON: strict RFC 3339, exact
// to the nanosecond and the offset. The writer (MarshalJSON's text) is formatRFC3339Nano in
// schema/timefmt.ts, beside GoTime, whose toJSON uses it.
import { DAYS_TO_UNIX, GoTime, SECONDS_PER_DAY } from '../schema/index.js';

/** Day count from 1970-01-01 of a civil date (the inverse of schema/timefmt.ts's civil). */
function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (month > 2 ? month - 3 : month + 9) + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146_097 + doe - 719_468;
}

function daysIn(month: number, year: number): number {
  if (month === 2) return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
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
