// A child process of the matrix bench (bench/matrix.ts): decodes one stream file as the `ints`
// workload (`ints-typed`: into a Float64Array) or the `map` workload and prints the process's
// peak RSS in KiB; `none` decodes nothing, for the baseline of an empty Node process that has
// loaded the same modules.
import { readFileSync } from 'node:fs';
import { Decoder, t, type Schema } from '../src/gob/index.js';

const [what, file] = process.argv.slice(2);
let keep: unknown;
if (what !== 'none') {
  const schema: Schema =
    what === 'ints' ? t.slice(t.int) : what === 'ints-typed' ? t.slice(t.int, { as: Float64Array }) : t.map(t.string, t.string);
  const d = new Decoder();
  // The file as read, not a copy (Go decodes the bytes os.ReadFile returned).
  d.write(readFileSync(file!));
  keep = d.next(schema);
}
// VmHWM, not resourceUsage().maxRSS: Linux carries ru_maxrss over fork and exec, so this child
// would report the peak of the bench process that started it. Linux only.
const hwm = /VmHWM:\s*(\d+) kB/.exec(readFileSync('/proc/self/status', 'utf8'));
if (!hwm) throw new Error('no VmHWM in /proc/self/status');
console.log(JSON.stringify({ maxRssKiB: Number(hwm[1]) }));
void keep;
