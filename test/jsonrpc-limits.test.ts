// The JSON reader's cost is linear in its input (issue 9 kind 2): long numbers never reach a
// bigint conversion they cannot need, and the longest number and string are options with
// documented defaults (64 KiB for numbers; strings bounded only by maxMessageSize, as Go).
import { deepStrictEqual, strictEqual, throws } from 'node:assert/strict';
import { test } from 'node:test';
import { t } from '../src/gob/index.js';
import { DEFAULT_MAX_NUMBER_LENGTH, JsonErrorCode, JsonScanner, unmarshal, type ScannerOptions } from '../src/jsonrpc/index.js';

const enc = new TextEncoder();

/** The values the scanner returns for `text` fed in chunks of `chunk` bytes, as strings. */
function scan(text: string, chunk: number, options?: ScannerOptions): string[] {
  const s = new JsonScanner(options);
  const bytes = enc.encode(text);
  const out: string[] = [];
  for (let p = 0; p < bytes.length; p += chunk) {
    s.write(bytes.subarray(p, p + chunk));
    for (let v = s.next(); v !== undefined; v = s.next()) out.push(Buffer.from(v).toString());
  }
  const last = s.finish();
  if (last !== undefined) out.push(Buffer.from(last).toString());
  return out;
}

const numberLimit = (n: number) => ({ code: JsonErrorCode.Limit, message: `jsonrpc: JSON number longer than the limit of ${n} bytes` });
const stringLimit = (n: number) => ({ code: JsonErrorCode.Limit, message: `jsonrpc: JSON string longer than the limit of ${n} bytes` });

test('the default number limit is 64 KiB', () => {
  strictEqual(DEFAULT_MAX_NUMBER_LENGTH, 65536);
  const longest = '9'.repeat(65536);
  deepStrictEqual(scan(`[${longest}]`, 4096), [`[${longest}]`]);
  throws(() => scan(`[${longest}9]`, 4096), numberLimit(65536));
  // A number is refused as soon as the limit is passed, before it ends.
  const s = new JsonScanner();
  s.write(enc.encode(`{"a":-${'1'.repeat(70_000)}`));
  throws(() => s.next(), numberLimit(65536));
});

test('maxNumberLength counts sign, digits, point and exponent, however the input is split', () => {
  // biome-ignore format: the cases just within and just past the limit, a theme a line
  const cases: [string, boolean][] = [
    ['12345678', true], ['123456789', false], ['-1234567', true], ['-12345678', false],
    ['1.234567', true], ['1.2345678', false], ['1e+12345', true], ['1.5E-123', true], ['1.5E-1234', false],
    // Bytes scanned one at a time (the point, 'e', its sign, the first digit after them) count
    // as well as runs of digits do.
    ['1234567.8', false], ['12345678.9', false], ['1234567e8', false], ['-1234567e+8', false], ['1.234e+7', true],
    ['1.2345e+7', false], ['12345678.', false], ['-0.00000', true], ['-0.000000', false],
  ];
  for (const [n, ok] of cases) {
    for (const chunk of [1, 3, 100]) {
      for (const text of [n, `[${n},0]`, `{"k":${n}}`]) {
        if (ok) deepStrictEqual(scan(text, chunk, { maxNumberLength: 8 }), [text], text);
        else throws(() => scan(text, chunk, { maxNumberLength: 8 }), numberLimit(8), text);
      }
    }
  }
});

test('maxStringLength counts the bytes between the quotes as sent, keys included', () => {
  // biome-ignore format: the cases just within and just past the limit, a theme a line
  const cases: [string, boolean][] = [
    ['"abcdefgh"', true], ['"abcdefghi"', false], ['"\\n\\n\\n\\n"', true], ['"\\n\\n\\n\\na"', false],
    ['"\\u00e9\\u00e9"', false], ['"é€abc"', true], ['"é€abcd"', false],
    // An escape past the limit is refused at its first byte over, before it could be found bad.
    ['"abcdef\\n"', true], ['"abcdefgh\\x"', false], ['"abcdefg\\u00zz"', false],
  ];
  for (const [str, ok] of cases) {
    for (const chunk of [1, 2, 100]) {
      for (const text of [str, `[${str}]`, `{${str}:1}`]) {
        if (ok) deepStrictEqual(scan(text, chunk, { maxStringLength: 8 }), [text], text);
        else throws(() => scan(text, chunk, { maxStringLength: 8 }), stringLimit(8), text);
      }
    }
  }
  // Within the limit, the bad escape is the error.
  for (const chunk of [1, 2, 100]) {
    throws(() => scan('"abcd\\u00zz"', chunk, { maxStringLength: 8 }), {
      code: JsonErrorCode.Syntax,
      message: "invalid character 'z' in \\u hexadecimal character escape",
    });
  }
  // By default only maxMessageSize bounds a string, as Go.
  const big = 'x'.repeat(1 << 20);
  deepStrictEqual(unmarshal(`"${big}"`, t.string), big);
});

test('unmarshal takes the same limits', () => {
  throws(() => unmarshal('[1234]', undefined, { maxNumberLength: 3 }), numberLimit(3));
  throws(() => unmarshal('{"abcd":1}', undefined, { maxStringLength: 3 }), stringLimit(3));
  deepStrictEqual(unmarshal('{"abc":123}', undefined, { maxStringLength: 3, maxNumberLength: 3 }), { abc: 123 });
});

test('integers too long for 64 bits fail with Go texts without a bigint conversion', () => {
  const long = '1234567890123456789012345';
  const typeErr = (goType: string, text: string) => ({
    code: JsonErrorCode.Type,
    message: `json: cannot unmarshal number ${text} into Go value of type ${goType}`,
  });
  throws(() => unmarshal(long, t.int64), typeErr('int64', long));
  throws(() => unmarshal(long, t.uint64n), typeErr('uint64', long));
  throws(() => unmarshal(`{"${long}":1}`, t.map(t.int64, t.int)), typeErr('int64', long));
  // Beyond float64, a schema-less number is Go's float64 error, not a bigint of any length.
  const huge = `1${'0'.repeat(400)}`;
  throws(() => unmarshal(huge), typeErr('float64', huge));
  // Up to float64's range, integers beyond 2^53 stay exact.
  const max = `1${'0'.repeat(300)}`;
  strictEqual(unmarshal(max), 10n ** 300n);
  // A number as long as the limit allows is read in time proportional to its length.
  const digits = '7'.repeat(DEFAULT_MAX_NUMBER_LENGTH);
  throws(() => unmarshal(digits, t.int64), typeErr('int64', digits));
  throws(() => unmarshal(digits), typeErr('float64', digits));
});

/**
 * What the scanner makes of `text` written whole, cut once at every offset, and byte by byte:
 * the values it returns, or the error that stopped it as { code, message }.
 */
function everySplit(text: string, options: ScannerOptions): Array<[string, string[] | { code: string; message: string }]> {
  const bytes = enc.encode(text);
  const splits: Array<[string, number[]]> = [
    ['whole', []],
    ['bytewise', Array.from(bytes, (_, k) => k + 1)],
  ];
  for (let k = 1; k < bytes.length; k++) splits.push([`cut at ${k}`, [k]]);
  return splits.map(([name, cuts]) => {
    const s = new JsonScanner(options);
    const out: string[] = [];
    try {
      let from = 0;
      for (const to of [...cuts, bytes.length]) {
        if (to <= from) continue;
        s.write(bytes.subarray(from, to));
        from = to;
        for (let v = s.next(); v !== undefined; v = s.next()) out.push(Buffer.from(v).toString());
      }
      const last = s.finish();
      if (last !== undefined) out.push(Buffer.from(last).toString());
      return [name, out];
    } catch (e) {
      const { code, message } = e as { code: string; message: string };
      return [name, { code, message }];
    }
  });
}

test('past maxMessageSize the error at the earlier byte wins, however the input is split', () => {
  const limit = { code: JsonErrorCode.Limit, message: 'jsonrpc: JSON value larger than the limit of 16 bytes' };
  const tab = { code: JsonErrorCode.Syntax, message: "invalid character '\\t' in string literal" };
  const cases: Array<[string, string, string[] | { code: string; message: string }]> = [
    // A syntax error after byte 17 (the first one past the limit): LIMIT, not the later error.
    ['syntax error after the limit', `["${'a'.repeat(20)}\t"]`, limit],
    ['bad literal after the limit', `[${'1,'.repeat(9)}x]`, limit],
    // A syntax error at byte 17 itself, or before it, comes first.
    ['syntax error at the byte past the limit', `["${'a'.repeat(14)}\t"]`, tab],
    ['syntax error before the limit', `["aa\t${'a'.repeat(20)}"]`, tab],
    // Exactly 16 bytes is within the limit; 17 is not.
    ['a value of exactly the limit', `["${'a'.repeat(12)}"]`, [`["${'a'.repeat(12)}"]`]],
    ['a value one byte over', `["${'a'.repeat(13)}"]`, limit],
    // A top-level number ends at the byte after it, which is not part of it.
    ['a number of exactly the limit', `${'9'.repeat(16)} `, ['9'.repeat(16)]],
    ['a number one digit over', `${'9'.repeat(17)} `, limit],
    // Whitespace between values does not count.
    ['whitespace around values', `${' '.repeat(40)}[1] ${' '.repeat(40)}[2]`, ['[1]', '[2]']],
  ];
  for (const [name, text, want] of cases) {
    for (const [split, got] of everySplit(text, { maxMessageSize: 16 })) deepStrictEqual(got, want, `${name}, ${split}`);
  }
});

test('the fuzz finding: a 5,000-byte string with a tab past a 4,096-byte limit fails LIMIT whole and chunked', () => {
  // As fixtures/fuzz-regressions/mismatch-json-syntax-error-past-the-size-limit-wins-*.json:
  // written whole, the scan used to run on to the tab and report it; in chunks, LIMIT.
  const text = `[{"k":"${'A'.repeat(5000)}\t"}]`;
  const want = { code: JsonErrorCode.Limit, message: 'jsonrpc: JSON value larger than the limit of 4096 bytes' };
  const bytes = enc.encode(text);
  for (const cuts of [[], [4103], [100, 4000, 4097, 4098], [4096], [4097]]) {
    const s = new JsonScanner({ maxMessageSize: 4096 });
    let from = 0;
    let got: unknown;
    try {
      for (const to of [...cuts, bytes.length]) {
        s.write(bytes.subarray(from, to));
        from = to;
        s.next();
      }
    } catch (e) {
      const { code, message } = e as { code: string; message: string };
      got = { code, message };
    }
    deepStrictEqual(got, want, `cuts ${cuts.join(',')}`);
  }
});
