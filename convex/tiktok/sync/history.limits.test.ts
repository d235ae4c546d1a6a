/**
 * Re-threading stored days (batches.ts rethreadRunDates) stays inside Convex's transaction limits at 1,000 campaigns
 * (transactionLimits: true): each mutation takes whole dates up to half of MAX_ROWS_PER_WRITE rows, so a date of 1,000
 * campaigns is one mutation, and the running totals come out as if the history had always been there.
 */
import { convexTest } from "convex-test";
import { expect, it } from "vitest";
import { SUM_NAMES } from "../../../lib/metrics/catalogue";
import { plusDay, toStoredDay, totalsOf, ZERO_TOTALS, type MetricValues } from "../../../lib/metrics/sums";
import { internal } from "../../_generated/api";
import schema from "../../schema";
import { modules } from "../../test.setup";
import { NEW_RUN_COUNTS } from "./queue";

const CAMPAIGNS = 1_000;
const HISTORY_DATE = "2026-08-31";
const STORED = ["2026-09-01", "2026-09-02"];
const DAY = toStoredDay({
  ...(Object.fromEntries(SUM_NAMES.map((name) => [name, 0])) as MetricValues),
  spend: 1.5,
  impressions: 100,
  clicks: 2,
});

it("1,000 campaigns: one stored date per mutation, totals counting the history before it", async () => {
  const t = convexTest({ schema, modules, transactionLimits: true });
  const advertiserId = "7000000000000000001";
  const workspaceId = await t.run(async (ctx) => {
    const userId = await ctx.db.insert("users", { email: "m@seed.test" });
    return ctx.db.insert("workspaces", { name: "Seed", createdBy: userId });
  });
  const ids = Array.from({ length: CAMPAIGNS }, (_, c) => String(1800000000000000000n + BigInt(c)));
  // The history day, written by the run with totals from zero; the stored days still counting from their own first.
  await t.run(async (ctx) => {
    for (const campaignId of ids) {
      const history = plusDay(ZERO_TOTALS, DAY);
      await ctx.db.insert("campaignDays", {
        workspaceId,
        advertiserId,
        campaignId,
        date: HISTORY_DATE,
        ...DAY,
        ...history,
      });
      await ctx.db.insert("campaignCursors", { workspaceId, advertiserId, campaignId, asOf: HISTORY_DATE, ...history });
    }
  });
  await t.run(async (ctx) => {
    for (const campaignId of ids) {
      let totals = ZERO_TOTALS;
      for (const date of STORED) {
        totals = plusDay(totals, DAY);
        await ctx.db.insert("campaignDays", { workspaceId, advertiserId, campaignId, date, ...DAY, ...totals });
      }
    }
    for (const date of STORED)
      await ctx.db.insert("advertiserDays", {
        workspaceId,
        advertiserId,
        date,
        ...toStoredDay(
          Object.fromEntries(
            SUM_NAMES.map((name) => [
              name,
              name === "spend"
                ? 1.5 * CAMPAIGNS
                : name === "impressions"
                  ? 100 * CAMPAIGNS
                  : name === "clicks"
                    ? 2 * CAMPAIGNS
                    : 0,
            ]),
          ) as MetricValues,
        ),
        campaigns: CAMPAIGNS,
        syncedAt: 0,
      });
  });
  const runId = await t.run((ctx) =>
    ctx.db.insert("syncRuns", {
      workspaceId,
      advertiserId,
      trigger: "history",
      status: "running",
      phase: "reports",
      ...NEW_RUN_COUNTS,
      queuedAt: 0,
      startDate: HISTORY_DATE,
      endDate: "2026-09-10",
      historyFrom: HISTORY_DATE,
      storedFrom: STORED[0],
      storedTo: STORED[1],
      nextDate: STORED[0],
    }),
  );
  const rethread = () =>
    t.mutation(internal.tiktok.sync.batches.rethreadRunDates, { runId, through: STORED[1]!, now: 1 });
  expect(await rethread()).toBe(STORED[0]);
  expect(await rethread()).toBe(STORED[1]);
  expect(await rethread()).toBeNull(); // past the stored days: nothing more to do here
  const rows = await t.run((ctx) => ctx.db.query("campaignDays").collect());
  const one = rows.filter((r) => r.campaignId === ids[7]).sort((a, b) => a.date.localeCompare(b.date));
  let totals = ZERO_TOTALS;
  for (const row of one) {
    totals = plusDay(totals, DAY);
    expect(totalsOf(row), row.date).toEqual(totals);
  }
  const run = await t.run((ctx) => ctx.db.get("syncRuns", runId));
  expect(run).toMatchObject({ nextDate: "2026-09-03", windowsDone: 1, rowsWritten: 2 * CAMPAIGNS });
  expect(await t.run((ctx) => ctx.db.query("restatements").collect())).toEqual([]);
}, 300_000);
