/**
 * The running totals under runs that stop halfway (writes.ts): whatever a failed run left in the cursors, the next
 * run's totals are right.
 */
import { convexTest } from "convex-test";
import { metricValues } from "../../../lib/metrics/sums";
import { describe, expect, it } from "vitest";
import { addDays } from "../../../lib/tiktok/dates";
import type { Id } from "../../_generated/dataModel";
import schema from "../../schema";
import { modules } from "../../test.setup";
import { rewindCursors, writeDates } from "./writes";

const ADVERTISER = "7000000000000000001";
const CAMPAIGN = "1800000000000000001";

async function world() {
  const t = convexTest({ schema, modules, transactionLimits: true });
  const workspaceId: Id<"workspaces"> = await t.run(async (ctx) => {
    const user = await ctx.db.insert("users", { email: "a@b.test" });
    return ctx.db.insert("workspaces", { name: "W", createdBy: user });
  });
  const write = (from: string, to: string) =>
    t.run(async (ctx) => {
      for (let date = from; date <= to; date = addDays(date, 1)) {
        await writeDates(ctx, {
          workspaceId,
          advertiserId: ADVERTISER,
          days: [
            {
              date,
              rows: [
                { campaignId: CAMPAIGN, ...metricValues({ spend: 1, impressions: 1, clicks: 1, conversions: 1 }) },
              ],
            },
          ],
          now: 0,
        });
      }
    });
  const rewind = (from: string) => t.run((ctx) => rewindCursors(ctx, workspaceId, ADVERTISER, from));
  const last = () =>
    t.run(async (ctx) => {
      const rows = await ctx.db.query("campaignDays").collect();
      return rows.sort((a, b) => a.date.localeCompare(b.date)).map((r) => [r.date, r.cumImpressions]);
    });
  return { write, rewind, last };
}

describe("running totals after a run that stopped halfway", () => {
  it("a run cut short after two dates, then a full rerun the same day", async () => {
    const w = await world();
    await w.write("2026-01-01", "2026-01-10");
    await w.rewind("2026-01-05");
    await w.write("2026-01-05", "2026-01-06"); // …and the run fails here
    await w.rewind("2026-01-05");
    await w.write("2026-01-05", "2026-01-11");
    expect((await w.last()).at(-1)).toEqual(["2026-01-11", 11]);
    expect((await w.last()).map(([, cum]) => cum)).toEqual(Array.from({ length: 11 }, (_, i) => i + 1));
  });

  it("a run that failed before writing, then the next day's run starting later", async () => {
    const w = await world();
    await w.write("2026-01-01", "2026-01-10");
    await w.rewind("2026-01-04"); // …and the run fails before writing anything
    await w.rewind("2026-01-06");
    await w.write("2026-01-06", "2026-01-12");
    expect((await w.last()).map(([, cum]) => cum)).toEqual(Array.from({ length: 12 }, (_, i) => i + 1));
  });
});
