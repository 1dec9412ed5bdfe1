// The shortest decimal of a float32, as Go's strconv picks it (FormatFloat with bitSize 32, and
// so fmt's %v and encoding/json): of the decimals with the fewest digits inside the interval of
// values that round to the float32, the nearest, a tie going to the even last digit; for a
// power of two, whose interval is narrower below than above, as Go's Dragonbox rounds it. Both
// the JSON codec and the command line write float32s with these digits. Pure: imports nothing.

const SINGLE = new Float32Array(1);
const SINGLE_BITS = new Uint32Array(SINGLE.buffer);

/** 5^k for k = 0..10: a float32's odd mantissa (below 2^24) has at most ten factors of five. */
const POW5 = [1, 5, 25, 125, 625, 3125, 15625, 78125, 390625, 1953125, 9765625];

/**
 * The number nearest the shortest decimal Go writes for the float32 `f` (a value Math.fround
 * returns); its own shortest form, `String()`, has the same digits: 0.1 for float32(0.1), whose
 * float64 form is 0.10000000149011612. Zero, infinities and NaN come back as they are.
 * Mirrors Go's `strconv.FormatFloat(f, 'g', -1, 32)` digits.
 *
 * Most values take the fast path: `toExponential` gives the nearest decimal of each length, and
 * reading it back as a double tells whether it lies inside `f`'s interval, whose ends are
 * doubles too. The exact path (integers) takes what that cannot decide: powers of two, a decimal
 * that reads back as an end of the interval, and a decimal exactly halfway between two of its
 * length (`toExponential` rounds those away from zero, Go to the even digit).
 */
export function shortestSingle(f: number): number {
  if (f === 0 || !Number.isFinite(f)) return f;
  SINGLE[0] = f;
  const bits = SINGLE_BITS[0]!;
  const biased = (bits >>> 23) & 0xff;
  const fraction = bits & 0x7f_ffff;
  if (fraction === 0 && biased !== 0) return exactSingle(f, biased, fraction);
  // f = m * 2^e exactly; its interval is f ± 2^(e-1), both ends doubles.
  let m = biased === 0 ? fraction : fraction | 0x80_0000;
  let e = (biased === 0 ? 1 : biased) - 150;
  const abs = Math.abs(f);
  const half = 2 ** (e - 1);
  const lo = abs - half;
  const hi = abs + half;
  const inclusive = (m & 1) === 0;
  // The fewest significant digits (1 to 9) whose nearest decimal lies in the interval: once one
  // count has such a decimal, every larger count has too, so a binary search finds it.
  let low = 1;
  let high = 9;
  while (low < high) {
    const p = (low + high) >> 1;
    const d = Number(abs.toExponential(p - 1));
    if (d === lo || d === hi) return exactSingle(f, biased, fraction);
    if (inclusive ? d >= lo && d <= hi : d > lo && d < hi) high = p;
    else low = p + 1;
  }
  const text = abs.toExponential(low - 1);
  const d = Number(text);
  if (d === lo || d === hi) return exactSingle(f, biased, fraction);
  // Halfway between two decimals of this length (the last digit's unit 10^k) means 2f / 10^k is
  // an odd integer: with f = m * 2^e, m odd, that is k = e + 1 and, for k > 0, 5^k dividing m.
  while ((m & 1) === 0) {
    m >>>= 1;
    e++;
  }
  const k = Number(text.slice(text.indexOf('e') + 1)) - low + 1;
  if (k === e + 1 && (k <= 0 || m % POW5[k]! === 0)) {
    // toExponential went away from zero; both neighbours are inside, and Go takes the even one.
    const last = text.charCodeAt(text.indexOf('e') - 1) - 0x30;
    if ((last & 1) === 1)
      return Math.sign(f) * Number(`${text.slice(0, text.indexOf('e') - 1)}${last - 1}${text.slice(text.indexOf('e'))}`);
  }
  return Math.sign(f) * d;
}

/**
 * {@link shortestSingle} in exact integer arithmetic, for any finite nonzero float32 `f` whose
 * biased exponent and fraction bits are `biased` and `fraction`.
 */
function exactSingle(f: number, biased: number, fraction: number): number {
  // f = m * 2^e exactly; the values that round to f lie between the midpoints with its neighbours.
  const m = BigInt(biased === 0 ? fraction : fraction | 0x80_0000);
  const e = (biased === 0 ? 1 : biased) - 150;
  // In units of 2^(e - 2): f is 4m, the interval [4m - 2, 4m + 2], or [4m - 1, ...] for a normal
  // power of two, whose neighbour below is half as far (Go takes the smallest normal so too);
  // ends included when m is even.
  const value = 4n * m;
  const powerOfTwo = fraction === 0 && biased !== 0;
  const low = powerOfTwo ? value - 1n : value - 2n;
  const high = value + 2n;
  const inclusive = m % 2n === 0n;
  const b = e - 2;
  let k = Math.floor(Math.log10(Math.abs(f))); // the leading digit's power of ten, corrected below
  // Compare x * 2^b (x in the units above) with c * 10^q, both scaled to integers.
  const scaled = (x: bigint, q: number): [bigint, bigint] => {
    const bin = x * 2n ** BigInt(Math.max(b, 0)) * 10n ** BigInt(Math.max(-q, 0));
    const dec = 10n ** BigInt(Math.max(q, 0)) * 2n ** BigInt(Math.max(-b, 0));
    return [bin, dec];
  };
  {
    const [v, ten] = scaled(value, k);
    if (v < ten) k--;
    else if (v >= 10n * ten) k++;
  }
  for (let p = 1; p <= 9; p++) {
    const q = k - p + 1;
    const [v, unit] = scaled(value, q);
    const [lo] = scaled(low, q);
    const [hi] = scaled(high, q);
    const floor = v / unit;
    let best: bigint | undefined;
    for (const c of [floor, floor + 1n]) {
      const at = c * unit;
      if (!(inclusive ? at >= lo && at <= hi : at > lo && at < hi)) continue;
      if (best === undefined) {
        best = c;
        continue;
      }
      // Both fit: the nearer. On a tie the even one, as Go's Dragonbox rounds, but for a power
      // of two the one above (its own rounding up, save at 2^-54).
      const dBest = v - best * unit;
      const dC = c * unit - v;
      if (dC < dBest || (dC === dBest && (powerOfTwo && e !== -77 ? true : c % 2n === 0n))) best = c;
    }
    if (best !== undefined) return Math.sign(f) * Number(`${best}e${q}`);
  }
  return f;
}
