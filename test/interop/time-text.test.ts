// Issue 12 point 7 against Go: a time.Time Go sends through gob, decoded as a GoTime, prints as
// Go prints it after the same round trip: String() is Go's Time.String and JSON.stringify is
// Go's json.Marshal text (where Go refuses, toJSON falls back to the String text).
import { strictEqual, throws } from 'node:assert/strict';
import { test } from 'node:test';
import { inspect } from 'node:util';
import { decode, t } from '../../src/gob/index.js';
import { marshal } from '../../src/jsonrpc/index.js';
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
