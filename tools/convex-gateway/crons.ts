// The jobs of convex/crons.ts, read from its default export: `cronJobs()` keeps them in `.crons` as
// name → { name: function path, args: [convexToJson(args)], schedule } (node_modules/convex/src/server/cron.ts).
// Tests and the demo run a job on demand (POST /_gateway/crons/<name>); with `runCrons` the gateway also runs them
// on their schedules (interval, hourly, daily, weekly, monthly; cron-string schedules only on demand).

import { jsonToConvex, type JSONValue, type Value } from "convex/values";
import type { Backend } from "./backend.js";

export interface CronJob {
  name: string;
  /** e.g. "tiktok/tokens:sweep" */
  functionPath: string;
  args: Record<string, Value>;
  schedule: { type: string } & Record<string, unknown>;
}

export async function loadCrons(backend: Backend): Promise<CronJob[]> {
  const mod = await backend.loadModule("crons");
  const jobs = (
    mod?.default as
      { crons?: Record<string, { name: string; args: JSONValue[]; schedule: CronJob["schedule"] }> } | undefined
  )?.crons;
  if (!jobs) return [];
  return Object.entries(jobs).map(([name, job]) => ({
    name,
    functionPath: job.name,
    args: jsonToConvex(job.args[0] ?? {}) as Record<string, Value>,
    schedule: job.schedule,
  }));
}

const DAYS = ["sunday", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday"];

/** The first time after `after` (epoch ms) the schedule fires, or null for schedules only run on demand. */
export function nextRun(schedule: CronJob["schedule"], after: number): number | null {
  const s = schedule as Record<string, number | string | undefined>;
  const minute = typeof s.minuteUTC === "number" ? s.minuteUTC : 0;
  const hour = typeof s.hourUTC === "number" ? s.hourUTC : 0;
  // Walks candidate instants forward from the start of the current unit until one is after `after`.
  const first = (start: Date, step: (d: Date) => void, matches: (d: Date) => boolean = () => true) => {
    const d = new Date(start);
    for (let i = 0; i < 500; i++) {
      if (d.getTime() > after && matches(d)) return d.getTime();
      step(d);
    }
    return null;
  };
  const at = new Date(after);
  switch (schedule.type) {
    case "interval": {
      const ms =
        ((s.seconds as number) ?? 0) * 1000 +
        ((s.minutes as number) ?? 0) * 60_000 +
        ((s.hours as number) ?? 0) * 3_600_000;
      return ms > 0 ? after + ms : null;
    }
    case "hourly":
      return first(
        new Date(Date.UTC(at.getUTCFullYear(), at.getUTCMonth(), at.getUTCDate(), at.getUTCHours(), minute)),
        (d) => d.setUTCHours(d.getUTCHours() + 1),
      );
    case "daily":
      return first(new Date(Date.UTC(at.getUTCFullYear(), at.getUTCMonth(), at.getUTCDate(), hour, minute)), (d) =>
        d.setUTCDate(d.getUTCDate() + 1),
      );
    case "weekly":
      return first(
        new Date(Date.UTC(at.getUTCFullYear(), at.getUTCMonth(), at.getUTCDate(), hour, minute)),
        (d) => d.setUTCDate(d.getUTCDate() + 1),
        (d) => DAYS[d.getUTCDay()] === s.dayOfWeek,
      );
    case "monthly":
      return nextMonthly(after, s.day as number, hour, minute);
    default:
      return null;
  }
}

/** Months without that day (the 31st in April) are skipped. */
function nextMonthly(after: number, day: number, hour: number, minute: number): number | null {
  const at = new Date(after);
  for (let i = 0; i < 24; i++) {
    const year = at.getUTCFullYear();
    const month = at.getUTCMonth() + i;
    const daysInMonth = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
    if (day > daysInMonth) continue;
    const t = Date.UTC(year, month, day, hour, minute);
    if (t > after) return t;
  }
  return null;
}

/** setTimeout cannot wait longer than about 24.8 days; longer waits are re-armed. */
const MAX_TIMER_MS = 2 ** 31 - 1;

/** Runs each job at its next scheduled time, then schedules it again. */
export class CronTimer {
  private readonly timers = new Map<string, NodeJS.Timeout>();
  /** Jobs running now: stop() waits for them, so none loses its environment halfway (close() restores it next). */
  private readonly running = new Set<Promise<void>>();
  private stopped = false;

  constructor(
    private readonly jobs: CronJob[],
    private readonly run: (job: CronJob) => Promise<void>,
    private readonly warn: (message: string) => void,
  ) {}

  start(): void {
    for (const job of this.jobs) {
      if (nextRun(job.schedule, Date.now()) === null) {
        this.warn(
          `cron "${job.name}" (${job.schedule.type}) only runs on demand: POST /_gateway/crons/${encodeURIComponent(job.name)}`,
        );
        continue;
      }
      this.arm(job);
    }
  }

  private arm(job: CronJob, at = nextRun(job.schedule, Date.now())): void {
    if (this.stopped || at === null) return;
    const wait = at - Date.now();
    const timer = setTimeout(
      () => {
        if (wait > MAX_TIMER_MS) return this.arm(job, at);
        const run = this.run(job)
          .catch((e: unknown) => this.warn(`cron "${job.name}" failed: ${e instanceof Error ? e.message : String(e)}`))
          .finally(() => {
            this.running.delete(run);
            this.arm(job);
          });
        this.running.add(run);
      },
      Math.min(Math.max(wait, 0), MAX_TIMER_MS),
    );
    timer.unref();
    this.timers.set(job.name, timer);
  }

  /** No more runs; resolves once the ones under way have finished. */
  async stop(): Promise<void> {
    this.stopped = true;
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
    await Promise.all(this.running);
  }
}
