// Node's timers keep a delay in a signed 32-bit count of milliseconds: setTimeout with a longer
// delay warns (TimeoutOverflowWarning) and fires after 1 ms, so a grace period or timeout of a
// month would cut at once. Every timer option is checked against this limit here.

/** The longest delay a Node timer keeps: 2^31 - 1 milliseconds (about 24.8 days). */
export const MAX_TIMER_MS = 2 ** 31 - 1;

/**
 * Throws a RangeError naming option `name` when `value` is a finite number of milliseconds beyond
 * {@link MAX_TIMER_MS} (`Infinity`, meaning no limit, passes). Other values are left to the caller.
 */
export function checkTimerMs(name: string, value: unknown): void {
  const e = timerMsError(name, value);
  if (e) throw e;
}

/** The RangeError {@link checkTimerMs} throws, or undefined where it would pass (for callers that reject instead). */
export function timerMsError(name: string, value: unknown): RangeError | undefined {
  if (typeof value !== 'number' || value <= MAX_TIMER_MS || value === Infinity) return undefined;
  return new RangeError(`gobrpc: ${name} must be at most ${MAX_TIMER_MS} ms (Node's timer limit) or Infinity, got ${value}`);
}
