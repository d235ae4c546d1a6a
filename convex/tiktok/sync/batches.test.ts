/**
 * A window's dates written in batches (writes.ts writeDates, one mutation for many dates) leave exactly what writing
 * them one date at a time leaves: rows, running totals, cursors, rollups and restatement notes. And the batches a
 * window is cut into (batches.ts writeBatches) cover every date once, in order, within the row budget.
 */
import { convexTest } from "convex-test";
import { metricValues } from "../../../lib/metrics/sums";
import { describe, expect, it } from "vitest";
import { addDays } from "../../../lib/tiktok/dates";
import type { Id } from "../../_generated/dataModel";
import schema from "../../schema";
import { modules } from "../../test.setup";
import { MAX_ROWS_PER_WRITE, writeBatches } from "./batches";
import { rewindCursors, writeDates, type DayRowInput } from "./writes";

const ADVERTISER = "7000000000000000001";
const FIRST = "2026-03-01";
const DAYS = 12;
const campaign = (n: number) => String(1800000000000000000n + BigInt(n));

/** Five campaigns over twelve days; campaign 4 starts on day 3, campaign 3 has no row on even days. */
function pull(version: number): { date: string; rows: DayRowInput[] }[] {
  return Array.from({ length: DAYS }, (_, d) => ({
    date: addDays(FIRST, d),
    rows: [0, 1, 2, 3, 4]
      .filter((c) => !(c === 3 && d % 2 === 0) && !(c === 4 && d < 3))
      .map((c) => ({
        campaignId: campaign(c),
        ...metricValues({
          spend: (c + 1) * (d + 1) * 0.25 + version,
          impressions: 100 * (c + d + version),
          clicks: c + d,
          // Campaign 2 has no conversion tracking: TikTok's "-", kept apart from zero.
          conversions: c === 2 ? null : d + version,
        }),
      })),
  }));
}

async function world() {
  const t = convexTest({ schema, modules, transactionLimits: true });
  const workspaceId: Id<"workspaces"> = await t.run(async (ctx) => {
    const user = await ctx.db.insert("users", { email: "a@b.test" });
    return ctx.db.insert("workspaces", { name: "W", createdBy: user });
  });
  const snapshot = () =>
    t.run(async (ctx) => {
      const strip = <T extends { _id: unknown; _creationTime: unknown }>({ _id, _creationTime, ...rest }: T) => rest;
      const key = (r: { date?: string; campaignId?: string; metric?: string }) =>
        `${r.date ?? ""}|${r.campaignId ?? ""}|${r.metric ?? ""}`;
      const sorted = <T extends { date?: string; campaignId?: string; metric?: string }>(rows: T[]) =>
        rows.sort((a, b) => key(a).localeCompare(key(b)));
      return {
        days: sorted((await ctx.db.query("campaignDays").collect()).map(strip)),
        cursors: sorted((await ctx.db.query("campaignCursors").collect()).map(strip)),
        rollups: sorted((await ctx.db.query("advertiserDays").collect()).map(strip)),
        notes: sorted((await ctx.db.query("restatements").collect()).map(strip)),
      };
    });
  const base = { workspaceId, advertiserId: ADVERTISER, now: 1 };
  const oneByOne = (days: { date: string; rows: DayRowInput[] }[], notesBefore?: string) =>
    t.run(async (ctx) => {
      let changed = 0;
      for (const day of days) changed += await writeDates(ctx, { ...base, days: [day], notesBefore });
      return changed;
    });
  const batched = (days: { date: string; rows: DayRowInput[] }[], notesBefore?: string) =>
    t.run((ctx) => writeDates(ctx, { ...base, days, notesBefore }));
  /** What a run does first: the running totals back to the day before its first date. */
  const rewind = (from: string) => t.run((ctx) => rewindCursors(ctx, workspaceId, ADVERTISER, from));
  return { t, snapshot, oneByOne, batched, rewind };
}

describe("writing a window's dates in one batch", () => {
  it("stores what writing them one date at a time stores, restated and rerun alike", async () => {
    const single = await world();
    const batch = await world();
    expect(await batch.batched(pull(0))).toBe(await single.oneByOne(pull(0)));
    expect(await batch.snapshot()).toEqual(await single.snapshot());

    // TikTok restates the last five days; one campaign's row on the last day disappears.
    const restated = pull(1).slice(DAYS - 5);
    restated.at(-1)!.rows = restated.at(-1)!.rows.filter((r) => r.campaignId !== campaign(0));
    const notesBefore = addDays(FIRST, DAYS - 1);
    await single.rewind(restated[0]!.date);
    await batch.rewind(restated[0]!.date);
    const changedSingle = await single.oneByOne(restated, notesBefore);
    expect(await batch.batched(restated, notesBefore)).toBe(changedSingle);
    expect(changedSingle).toBeGreaterThan(0);
    const after = await batch.snapshot();
    expect(after).toEqual(await single.snapshot());
    expect(after.notes.length).toBeGreaterThan(0);

    // A rerun with the same numbers changes no synced data (a cursor may now stand on a campaign's last row rather
    // than on the date its row was removed: the same totals), and still matches the one-date-at-a-time path.
    await single.rewind(restated[0]!.date);
    await batch.rewind(restated[0]!.date);
    expect(await single.oneByOne(restated, notesBefore)).toBe(0);
    expect(await batch.batched(restated, notesBefore)).toBe(0);
    const rerun = await batch.snapshot();
    expect(rerun).toEqual(await single.snapshot());
    expect({ ...rerun, cursors: [] }).toEqual({ ...after, cursors: [] });
    expect(rerun.cursors.map(({ asOf: _, ...totals }) => totals)).toEqual(
      after.cursors.map(({ asOf: _, ...totals }) => totals),
    );
  });

  it("each row's running totals, and each cursor, equal the sums of the days stored through it", async () => {
    const w = await world();
    await w.batched(pull(0).slice(0, 5));
    await w.batched(pull(0).slice(5));
    const { days, cursors } = await w.snapshot();
    expect(cursors).toHaveLength(5);
    for (const cursor of cursors) {
      const rows = days.filter((r) => r.campaignId === cursor.campaignId).sort((a, b) => a.date.localeCompare(b.date));
      let clicks = 0;
      let spend = 0;
      for (const row of rows) {
        clicks += row.clicks;
        spend += row.spendMilli;
        expect([row.cumClicks, row.cumSpendMilli], `${row.campaignId} ${row.date}`).toEqual([clicks, spend]);
      }
      expect([cursor.cumClicks, cursor.cumSpendMilli, cursor.asOf]).toEqual([clicks, spend, rows.at(-1)!.date]);
    }
  });

  it("refuses dates that do not follow each other", async () => {
    const w = await world();
    const days = pull(0);
    await expect(w.batched([days[0]!, days[2]!])).rejects.toThrow(/follow each other/);
  });
});

describe("a window cut into write batches", () => {
  it("covers every date once, in order, each batch within the row budget unless one date alone exceeds it", () => {
    const sizes = [700, 700, 700, 2_500, 10, 1_990, 0, 5];
    const days = sizes.map((n, i) => ({ date: addDays(FIRST, i), rows: Array.from({ length: n }, () => 0) }));
    const batches = writeBatches(days);
    expect(batches.flat().map((d) => d.date)).toEqual(days.map((d) => d.date));
    expect(batches.map((b) => b.map((d) => d.rows.length))).toEqual([[700, 700], [700], [2_500], [10, 1_990, 0], [5]]);
    for (const b of batches) {
      const rows = b.reduce((n, d) => n + d.rows.length, 0);
      expect(rows <= MAX_ROWS_PER_WRITE || b.length === 1).toBe(true);
    }
  });
});
