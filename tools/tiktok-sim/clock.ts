// The simulator's clock: starts at `now` (or the real time), then moves with real time plus whatever
// tests add through advanceClock(). Auth-code expiry, token expiry, rate-limit windows, campaign times and
// report attribution all read this clock, so a test can "wait an hour" instantly.
// It never goes backwards and never sleeps.

export class SimClock {
  private readonly startSim: number;
  private readonly startReal: number;
  private offset = 0;
  /** Set by freeze(): real time no longer moves the clock (advance() still does). */
  private frozenAt?: number;

  constructor(initial?: number) {
    this.startReal = Date.now();
    this.startSim = initial ?? this.startReal;
  }

  now(): number {
    return (this.frozenAt ?? this.startSim + (Date.now() - this.startReal)) + this.offset;
  }

  /**
   * Stops real time from moving the clock, so report numbers that settle over time (the attribution window) hold
   * still between two syncs a test compares. Pair it with rate limits off: every request then shares one instant.
   */
  freeze(): void {
    this.frozenAt ??= this.startSim + (Date.now() - this.startReal);
  }

  advance(ms: number): void {
    if (!Number.isFinite(ms) || ms < 0) throw new Error(`advanceClock needs a non-negative number of ms, got ${ms}`);
    this.offset += ms;
  }
}
