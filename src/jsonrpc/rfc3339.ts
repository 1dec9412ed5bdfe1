// time.Time read from JSON, as time/format_rfc3339.go's UnmarshalJSON: strict RFC 3339, exact
// to the nanosecond and the offset. The writer (MarshalJSON's text) is formatRFC3339Nano in
// schema/timefmt.ts, beside GoTime, whose toJSON uses it.
import { DAYS_TO_UNIX, GoTime } from '../schema/index.js';

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

/** The `n` ASCII digits of `s` from `i` as a number, or -1 when one is not a digit. */
function digits(s: string, i: number, n: number): number {
  let v = 0;
  for (let k = i; k < i + n; k++) {
    const d = s.charCodeAt(k) - 48;
    // (NaN past the end of `s` fails too.)
    if (!(d >= 0 && d <= 9)) return -1;
    v = v * 10 + d;
  }
  return v;
}

/**
 * Reads RFC 3339 as Go's `Time.UnmarshalJSON` (parseStrictRFC3339): "Z" gives UTC (offset
 * null), "+hh:mm" a fixed offset; digits past nanoseconds are dropped. Throws an Error when the
 * text is not RFC 3339 or a field is out of range.
 */
export function parseRFC3339(s: string): GoTime {
  // 2006-01-02T15:04:05[.999999999](Z|-07:00), read in place (a RegExp match and its eight
  // substrings cost most of a time's decoding).
  const year = digits(s, 0, 4);
  const month = digits(s, 5, 2);
  const day = digits(s, 8, 2);
  const hour = digits(s, 11, 2);
  const min = digits(s, 14, 2);
  const sec = digits(s, 17, 2);
  let i = 19;
  let fracDigits = 0;
  let nsec = 0;
  if (s.charCodeAt(i) === 0x2e) {
    // '.': at least one digit; the first nine are the nanoseconds.
    for (i++; i < s.length; i++) {
      const d = s.charCodeAt(i) - 48;
      if (d < 0 || d > 9) break;
      if (fracDigits < 9) nsec = nsec * 10 + d;
      fracDigits++;
    }
    if (fracDigits === 0) i = -1;
    else for (let k = fracDigits; k < 9; k++) nsec *= 10;
  }
  const zone = i >= 0 ? s.charCodeAt(i) : -1;
  const zh = zone === 0x2b || zone === 0x2d ? digits(s, i + 1, 2) : 0;
  const zm = zone === 0x2b || zone === 0x2d ? digits(s, i + 4, 2) : 0;
  const zoneEnd = zone === 0x5a ? i + 1 : zone === 0x2b || zone === 0x2d ? i + 6 : -1;
  if (
    year < 0 ||
    month < 0 ||
    day < 0 ||
    hour < 0 ||
    min < 0 ||
    sec < 0 ||
    s.charCodeAt(4) !== 0x2d ||
    s.charCodeAt(7) !== 0x2d ||
    s.charCodeAt(10) !== 0x54 ||
    s.charCodeAt(13) !== 0x3a ||
    s.charCodeAt(16) !== 0x3a ||
    zoneEnd !== s.length ||
    zh < 0 ||
    zm < 0 ||
    (zoneEnd === i + 6 && s.charCodeAt(i + 3) !== 0x3a)
  ) {
    throw new Error(`parsing time ${JSON.stringify(s)} as "2006-01-02T15:04:05Z07:00": not RFC 3339`);
  }
  // Go's range errors name the field (time.Parse: `parsing time "...": day out of range`).
  const range = (field: string) => new Error(`parsing time ${JSON.stringify(s)}: ${field} out of range`);
  if (month < 1 || month > 12) throw range('month');
  if (day < 1 || day > daysIn(month, year)) throw range('day');
  if (hour > 23) throw range('hour');
  if (min > 59) throw range('minute');
  if (sec > 59) throw range('second');
  let offset: number | null = null;
  if (zone !== 0x5a) {
    if (zh > 23 || zm > 59) throw range('time zone offset');
    offset = (zh * 60 + zm) * 60 * (zone === 0x2d ? -1 : 1);
  }
  // Four-digit years keep the seconds since year 1 below 3.2e11: exact in a double.
  const wall = (daysFromCivil(year, month, day) + DAYS_TO_UNIX) * 86_400 + hour * 3600 + min * 60 + sec;
  return new GoTime(BigInt(wall - (offset ?? 0)), nsec, offset);
}
