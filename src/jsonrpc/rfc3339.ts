// time.Time read from JSON, as time/format_rfc3339.go's UnmarshalJSON: strict RFC 3339 in
// place, exact to the nanosecond and the offset, and anything else as time.Parse reads it with
// the RFC 3339 layout, which is Go's fallback, with its error texts. The writer (MarshalJSON's
// text) is formatRFC3339Nano in schema/timefmt.ts, beside GoTime, whose toJSON uses it.
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
 * Reads a time as Go's `Time.UnmarshalJSON` reads the text between the quotes (one character
 * per byte, escapes not undone): strict RFC 3339 first, and what that refuses as `time.Parse`
 * with the RFC 3339 layout reads it, which also takes a one-digit hour, a comma before the
 * fraction, and zone offsets up to 24:60. "Z" gives UTC (offset null), "+hh:mm" a fixed offset;
 * digits past nanoseconds are dropped. Throws an Error with `time.Parse`'s text when neither
 * reads it (`parsing time "…" as "2006-01-02T15:04:05Z07:00": cannot parse "…" as "…"`, or
 * `parsing time "…": month out of range`).
 */
export function parseRFC3339(s: string): GoTime {
  return strictRFC3339(s) ?? parseLayout(s);
}

/** Go's parseRFC3339: the common form read in place, or undefined for anything else. */
function strictRFC3339(s: string): GoTime | undefined {
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
    if (fracDigits === 0) return undefined;
    for (let k = fracDigits; k < 9; k++) nsec *= 10;
  }
  const zone = s.charCodeAt(i);
  const signed = zone === 0x2b || zone === 0x2d;
  const zh = signed ? digits(s, i + 1, 2) : 0;
  const zm = signed ? digits(s, i + 4, 2) : 0;
  const zoneEnd = zone === 0x5a ? i + 1 : signed ? i + 6 : -1;
  if (
    year < 0 ||
    month < 1 ||
    month > 12 ||
    day < 1 ||
    hour < 0 ||
    hour > 23 ||
    min < 0 ||
    min > 59 ||
    sec < 0 ||
    sec > 59 ||
    s.charCodeAt(4) !== 0x2d ||
    s.charCodeAt(7) !== 0x2d ||
    s.charCodeAt(10) !== 0x54 ||
    s.charCodeAt(13) !== 0x3a ||
    s.charCodeAt(16) !== 0x3a ||
    zoneEnd !== s.length ||
    zh < 0 ||
    zh > 23 ||
    zm < 0 ||
    zm > 59 ||
    (signed && s.charCodeAt(i + 3) !== 0x3a) ||
    day > daysIn(month, year)
  ) {
    return undefined;
  }
  return timeOf(year, month, day, hour, min, sec, nsec, zone === 0x5a ? null : (zh * 60 + zm) * 60 * (zone === 0x2d ? -1 : 1));
}

function timeOf(
  year: number,
  month: number,
  day: number,
  hour: number,
  min: number,
  sec: number,
  nsec: number,
  offset: number | null,
): GoTime {
  // Four-digit years keep the seconds since year 1 below 3.2e11: exact in a double.
  const wall = (daysFromCivil(year, month, day) + DAYS_TO_UNIX) * 86_400 + hour * 3600 + min * 60 + sec;
  return new GoTime(BigInt(wall - (offset ?? 0)), nsec, offset);
}

const LAYOUT = '2006-01-02T15:04:05Z07:00';

/**
 * time.Parse(time.RFC3339, s), chunk by chunk as time/format.go's parse goes through the
 * layout, with its error texts. Local is taken to have no offset in common with the text (a
 * decoder cannot know the peer's zone), so an offset gives a fixed zone.
 */
function parseLayout(value: string): GoTime {
  let v = value;
  const cannot = (layoutElem: string, valueElem: string) =>
    new Error(`parsing time ${quote(value)} as ${quote(LAYOUT)}: cannot parse ${quote(valueElem)} as ${quote(layoutElem)}`);
  const outOfRange = (what: string) => new Error(`parsing time ${quote(value)}: ${what} out of range`);
  const literal = (c: string) => {
    if (v.length === 0 || v[0] !== c) throw cannot(c, v);
    v = v.slice(1);
  };
  // getnum: one or two digits (`fixed`: two), or -1.
  const num = (fixed: boolean): number => {
    if (!isDigit(v, 0)) return -1;
    if (!isDigit(v, 1)) {
      if (fixed) return -1;
      const n = v.charCodeAt(0) - 48;
      v = v.slice(1);
      return n;
    }
    const n = (v.charCodeAt(0) - 48) * 10 + v.charCodeAt(1) - 48;
    v = v.slice(2);
    return n;
  };
  let hold = v;
  const year = v.length >= 4 ? digits(v, 0, 4) : -1;
  if (year < 0) throw cannot('2006', hold);
  v = v.slice(4);
  literal('-');
  hold = v;
  const month = num(true);
  if (month < 0) throw cannot('01', hold);
  if (month === 0 || month > 12) throw outOfRange('month');
  literal('-');
  hold = v;
  const day = num(true);
  if (day < 0) throw cannot('02', hold);
  literal('T');
  hold = v;
  const hour = num(false);
  if (hour < 0) throw cannot('15', hold);
  if (hour >= 24) throw outOfRange('hour');
  literal(':');
  hold = v;
  const min = num(true);
  if (min < 0) throw cannot('04', hold);
  if (min >= 60) throw outOfRange('minute');
  literal(':');
  hold = v;
  const sec = num(true);
  if (sec < 0) throw cannot('05', hold);
  if (sec >= 60) throw outOfRange('second');
  let nsec = 0;
  if (v.length >= 2 && (v[0] === '.' || v[0] === ',') && isDigit(v, 1)) {
    // A fraction the layout does not name: its digits to the first other byte, nine kept.
    let n = 2;
    while (n < v.length && isDigit(v, n)) n++;
    const kept = Math.min(n, 10);
    nsec = Number(v.slice(1, kept)) * 10 ** (10 - kept);
    v = v.slice(n);
  }
  hold = v;
  let offset: number | null = null;
  if (v.length >= 1 && v[0] === 'Z') v = v.slice(1);
  else {
    if (v.length < 6 || v[3] !== ':') throw cannot('Z07:00', hold);
    const sign = v[0];
    const zh = digits(v, 1, 2);
    const zm = zh < 0 ? 0 : digits(v, 4, 2);
    v = v.slice(6);
    // Go's own bounds are > 24 and > 60 ("some people do write offsets of 24 hours"), the
    // minute's message winning when both are out.
    if (zm > 60) throw outOfRange('time zone offset minute');
    if (zh > 24) throw outOfRange('time zone offset hour');
    if (zh < 0 || zm < 0 || (sign !== '+' && sign !== '-')) throw cannot('Z07:00', hold);
    offset = (zh * 60 + zm) * 60 * (sign === '-' ? -1 : 1);
  }
  if (v.length > 0) throw new Error(`parsing time ${quote(value)}: extra text: ${quote(v)}`);
  if (day < 1 || day > daysIn(month, year)) throw outOfRange('day');
  return timeOf(year, month, day, hour, min, sec, nsec, offset);
}

function isDigit(s: string, i: number): boolean {
  const c = s.charCodeAt(i);
  return c >= 0x30 && c <= 0x39;
}

/**
 * Go's time.quote of text given one character per byte: `"` and `\` escaped, and each byte
 * below 0x20 or from 0x80 written as \xNN (time's quote does so for every byte of a non-ASCII
 * or control rune, and for a byte that is not UTF-8).
 */
function quote(s: string): string {
  let out = '"';
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x20 || c >= 0x80) out += `\\x${c.toString(16).padStart(2, '0')}`;
    else if (c === 0x22 || c === 0x5c) out += `\\${s[i]}`;
    else out += s[i];
  }
  return `${out}"`;
}
