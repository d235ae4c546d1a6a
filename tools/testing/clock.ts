// Time in tests that must pass on a busy machine, however slow each step is.
//
// `installTestClock()` is Date for tests that move through the hours: it runs at exactly the real clock's pace,
// shifted by however far the test moved it. (vitest's fake Date with `shouldAdvanceTime` moves 20 ms each time a
// real 20 ms interval fires; on a busy machine the interval fires late, so that Date falls behind the real timers
// the code under test sleeps on: the app's rate governor, which books its waits in Date time, then finds less time
// passed than it slept, and defers the work it was asked to do.)
//
// `timed(work)` takes the clock's readings just before and just after `work`: a time `work` stamped lies between
// them, which holds on a machine of any speed (a window such as "within the last 5 s" does not).
//
//   const clock = installTestClock();           // afterEach: clock.restore()
//   clock.advance(6 * 60 * 60_000);
//   const swept = await timed(() => sweep());
//   expect(row.verifiedAt).toEqual(swept.during);
import { expect, vi } from "vitest";

/**
 * For vi.waitFor and expect.poll on something another process or a timer brings about: up to 15 s (a busy 2-core
 * machine), looked at every 25 ms. Under the 20 s test timeout, so a failure reports the last look, not a timeout.
 */
export const PATIENTLY = { timeout: 15_000, interval: 25 } as const;

export interface TestClock {
  /** Moves Date `ms` ahead; it keeps running from there. */
  advance(ms: number): void;
  /** Puts Date at `epochMs`; it keeps running from there. */
  setTo(epochMs: number): void;
  /** Puts the real Date back. */
  restore(): void;
}

let installed: TestClock | undefined;

/** Replaces the global Date with one that runs with the real clock, shifted by what the test adds. */
export function installTestClock(): TestClock {
  if (installed) throw new Error("a test clock is already installed: restore() it first");
  const descriptor = Object.getOwnPropertyDescriptor(globalThis, "Date");
  const RealDate = globalThis.Date;
  let offset = 0;
  const now = () => RealDate.now() + offset;
  const ShiftedDate = new Proxy(RealDate, {
    construct: (target, args: unknown[], newTarget: (...a: unknown[]) => unknown) =>
      Reflect.construct(target, args.length === 0 ? [now()] : args, newTarget) as object,
    // Date() called without `new` answers the current time as text.
    apply: () => new RealDate(now()).toString(),
    get: (target, property, receiver): unknown => (property === "now" ? now : Reflect.get(target, property, receiver)),
  });
  // Defined on globalThis (as vi.stubGlobal does), so convex-test hands it to the functions it runs too.
  Object.defineProperty(globalThis, "Date", { value: ShiftedDate, writable: true, configurable: true });
  const clock: TestClock = {
    advance(ms) {
      offset += ms;
    },
    setTo(epochMs) {
      offset = epochMs - RealDate.now();
    },
    restore() {
      if (installed !== clock) return;
      if (descriptor) Object.defineProperty(globalThis, "Date", descriptor);
      installed = undefined;
    },
  };
  installed = clock;
  return clock;
}

/**
 * Moves Date `ms` ahead: the test clock when one is installed, else vitest's fake Date (`vi.useFakeTimers`).
 * For helpers that serve tests of both kinds (./settle-syncs.ts).
 */
export function advanceDate(ms: number): void {
  if (installed) installed.advance(ms);
  else vi.advanceTimersByTime(ms);
}

export interface Timed<T> {
  result: T;
  /** The clock just before the work started, and just after it ended. */
  from: number;
  to: number;
  /** Matches a time from `from` to `to`, both included: one the work stamped while it ran. */
  during: unknown;
}

/** Runs `work` between two readings of `clock` (Date.now unless given). */
export async function timed<T>(work: () => Promise<T>, clock: () => number = () => Date.now()): Promise<Timed<T>> {
  const from = clock();
  const result = await work();
  const to = clock();
  return { result, from, to, during: within(from, to) };
}

/** Matches a number from `from` to `to`, both included. */
export function within(from: number, to: number): unknown {
  return expect.toSatisfy((t: unknown) => typeof t === "number" && t >= from && t <= to, `a time in [${from}, ${to}]`);
}
