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

/** Throws the RangeError a `busyPoll` option documents, unless `value` is absent or in [0, 1e6] µs. */
export function checkBusyPoll(value: unknown): void {
  if (value === undefined || (typeof value === 'number' && value >= 0 && value <= 1e6)) return;
  const shown =
    typeof value === 'number'
      ? String(value)
      : typeof value === 'string'
        ? `the string ${JSON.stringify(value)}`
        : value === null
          ? 'null'
          : `a ${typeof value}`;
  throw new RangeError(`gobrpc: busyPoll must be a number of microseconds in [0, 1000000], got ${shown}`);
}

/**
 * The `busyPoll` options of clients and servers: after each {@link extend}, keeps Node's event
 * loop turning through `setImmediate` (so it polls its sockets with no timeout instead of
 * sleeping) for `us` microseconds, or until `wanted()` is false at a turn.
 */
export class BusyPoll {
  private readonly ms: number;
  private until = 0;
  /** extend() was called since the last turn: the next turn starts the budget again. */
  private extended = false;
  private running = false;

  constructor(
    us: number,
    private readonly wanted: () => boolean,
  ) {
    this.ms = us / 1000;
  }

  /**
   * Starts the budget again. Called per request or reply, so it reads no clock: the turn that
   * follows, which reads one anyway, counts the budget from then.
   */
  extend(): void {
    this.extended = true;
    if (this.running) return;
    this.running = true;
    setImmediate(this.turn);
  }

  private readonly turn = (): void => {
    const now = performance.now();
    if (this.extended) {
      this.extended = false;
      this.until = now + this.ms;
    }
    if (!this.wanted() || now >= this.until) this.running = false;
    else setImmediate(this.turn);
  };
}
