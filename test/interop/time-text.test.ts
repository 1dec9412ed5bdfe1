// Issue 12 point 7 against Go: a time.Time Go sends through gob, decoded as a GoTime, prints as
// Go prints it after the same round trip: String() is Go's Time.String and JSON.stringify is
// Go's json.Marshal text (where Go refuses, toJSON falls back to the String text). And JSON
// texts of times, lenient, malformed and out of range, read as Go's json.Unmarshal reads them.
import { deepStrictEqual, strictEqual, throws } from 'node:assert/strict';
import { test } from 'node:test';
import { inspect } from 'node:util';
import { decode, t } from '../../src/gob/index.js';
import { JsonError, marshal, unmarshal } from '../../src/jsonrpc/index.js';
import { runGo } from '../helpers/goproc.js';

test('decoded times print as Go prints them: Time.String, json.Marshal, and inspect', async () => {
  const r = await runGo('timetext', []);
  strictEqual(r.code, 0, r.stderr);
  strictEqual(r.lines.length, 9);
  for (const line of r.lines) {
    const m = /^([0-9a-f]+) (".*") (".*")$/.exec(line);
    if (!m) throw new Error(`unexpected line from timetext: ${line}`);
    // Go's %q of these ASCII texts is valid JSON.
    const goString = JSON.parse(m[2]!) as string;
    const goJson = JSON.parse(m[3]!) as string;
    const v = decode(Buffer.from(m[1]!, 'hex'), t.time);
    strictEqual(String(v), goString, line);
    if (goJson.startsWith('error: ')) {
      strictEqual(JSON.stringify(v), JSON.stringify(goString), line);
      throws(() => marshal(v, t.time), { code: 'MARSHALER', message: goJson.slice('error: '.length) }, line);
    } else {
      strictEqual(JSON.stringify(v), goJson, line);
      strictEqual(marshal(v, t.time), goJson, line);
    }
    strictEqual(inspect(v), `GoTime(${JSON.parse(JSON.stringify(v))})`, line);
  }
});

/**
 * JSON texts of times: RFC 3339 with every byte of one replaced, left out, or doubled, by bytes
 * that matter to time.Parse; and forms only time.Parse takes (a one-digit hour, a comma before
 * the fraction, offsets of 24 hours or 60 minutes), escapes it does not undo, non-ASCII bytes.
 */
function timeTexts(): string[] {
  const bases = ['2006-01-02T15:04:05.123456789+07:30', '2024-02-29T23:59:59Z', '0000-01-01T00:00:00-24:00'];
  const bytes = ['0', '1', '2', '3', '5', '6', '9', '-', '+', ':', 'T', 't', 'Z', 'z', '.', ',', ' ', 'x', '\\u0030', '\u00e9'];
  const texts = new Set<string>();
  for (const base of bases) {
    texts.add(base);
    for (let i = 0; i <= base.length; i++) {
      texts.add(base.slice(0, i) + base.slice(i + 1));
      texts.add(base.slice(0, i) + base.slice(i, i + 1) + base.slice(i));
      for (const b of bytes) texts.add(base.slice(0, i) + b + base.slice(i + 1));
    }
  }
  for (const t of [
    '2006-01-02T5:04:05Z',
    '2006-01-02T15:04:05,5Z',
    '2006-01-02T15:04:05.Z',
    '2006-01-02T15:04:05.1234567891234+01:00',
    '2006-01-02T15:04:05+24:00',
    '2006-01-02T15:04:05-00:60',
    '2006-01-02T15:04:05+24:61',
    '2006-01-02T15:04:05+25:00',
    '2006-01-02T15:04:05+1:00',
    '2006-01-02T15:04:05+01:0x',
    '2006-01-02T15:04:05*01:00',
    '2006-01-02T24:00:00Z',
    '2006-01-02T23:60:00Z',
    '2006-01-02T23:59:60Z',
    '2006-00-02T15:04:05Z',
    '2006-02-29T15:04:05Z',
    '2000-02-29T15:04:05Z',
    '1900-02-29T15:04:05Z',
    '2006-04-31T15:04:05Z',
    '2006-04-00T15:04:05Z',
    '2006-01-02T15:04:05Z ',
    '2006-01-02T15:04:05\\u005a',
    '2006-01-02T15:04:05\\"Z',
    '\u00e92006-01-02T15:04:05Z',
    '',
    '2006',
  ]) {
    texts.add(t);
  }
  return [...texts].map((t) => `"${t}"`);
}

test("times read from JSON as Go's json.Unmarshal reads them: values, lenient forms and error texts", async () => {
  const texts = timeTexts();
  const r = await runGo('timejson', [], { input: Buffer.from(texts.join('\n') + '\n') });
  strictEqual(r.code, 0, r.stderr);
  strictEqual(r.lines.length, texts.length);
  const ours = texts.map((text) => {
    try {
      const v = unmarshal(text, t.time);
      return `ok ${v.unixSeconds} ${v.nsec} ${v.offset ?? 0}`;
    } catch (e) {
      if (!(e instanceof JsonError)) throw e;
      return `error ${e.message}`;
    }
  });
  deepStrictEqual(ours, r.lines);
  // The table holds both kinds, and forms only time.Parse takes.
  const ok = r.lines.filter((l) => l.startsWith('ok ')).length;
  deepStrictEqual([ok > 100, texts.length - ok > 1000], [true, true]);
  const goSays = (text: string) => r.lines[texts.indexOf(`"${text}"`)];
  strictEqual(goSays('2006-01-02T5:04:05Z'), 'ok 1136178245 0 0');
  strictEqual(goSays('2006-01-02T15:04:05,5Z'), 'ok 1136214245 500000000 0');
  strictEqual(goSays('2006-01-02T15:04:05+24:00'), 'ok 1136127845 0 86400');
  strictEqual(goSays('2006-01-02T15:04:05+24:61'), 'error parsing time "2006-01-02T15:04:05+24:61": time zone offset minute out of range');
});
