/**
 * Runs a convex-test world's scheduled work (the workpool's loop, the sync steps) until no sync run is queued or
 * running. Steps are actions on real timers (they talk to the simulator over HTTP), so between rounds real time
 * passes too; Date (the caller's ./clock.ts test clock, or vitest's fake Date) moves a minute per round, so work
 * scheduled for later (a step waiting for the TikTok budget) comes due.
 */
import { advanceDate } from "./clock";
import type { World } from "./connect-world";

export async function settleSyncs(w: World, realMs = 60_000): Promise<void> {
  const deadline = performance.now() + realMs; // real time: Date is moved
  for (;;) {
    await w.t.finishAllScheduledFunctions(() => advanceDate(60_000));
    const runs = await w.t.run((ctx) => ctx.db.query("syncRuns").collect());
    const busy = runs.filter((r) => r.status === "queued" || r.status === "running");
    if (busy.length === 0) return;
    if (performance.now() > deadline) throw new Error(`sync runs still going: ${JSON.stringify(busy)}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
