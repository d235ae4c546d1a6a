/**
 * The workspace overview (convex/tiktok/reports.ts overview) applies a preset in each ad account's own timezone: the
 * page sends each account its own dates, and each row's spend is that account's report over those dates, not the
 * chosen account's calendar days. The simulator's small dataset has accounts in Los Angeles, Berlin and Tokyo.
 */
import { ConvexError } from "convex/values";
import { afterEach, describe, expect, it, vi } from "vitest";
import { presetRange } from "../../lib/ui/reports";
import { rangesPerAccount } from "../../lib/reports/presets";
import { installTestClock, type TestClock } from "../../tools/testing/clock";
import { connectWorld, type World } from "../../tools/testing/connect-world";
import { settleSyncs } from "../../tools/testing/settle-syncs";
import { api } from "../_generated/api";

vi.setConfig({ testTimeout: 120_000 });

let w: World;
let clock: TestClock | undefined;
afterEach(async () => {
  clock?.restore();
  await w?.close();
});

describe("the overview, a preset in each account's timezone", () => {
  it("each account's row covers its own last 7 days and equals its own report over them", async () => {
    clock = installTestClock();
    w = await connectWorld({ sync: true, env: { TIKTOK_SYNC_BACKFILL_DAYS: "10" } });
    await w.sim.control.setRateLimits(false);
    await w.sim.control.freezeClock();
    expect((await w.connect(w.users.marketer, w.advertiserIds)).outcome).toBe("connected");
    await settleSyncs(w);

    const accounts = (await w.advertisers()).map((a) => ({
      advertiserId: a.advertiserId,
      timezone: a.displayTimezone ?? a.timezone,
    }));
    // A moment when Tokyo is already a day ahead of Los Angeles: noon in Tokyo.
    const now = Date.parse(`${(await w.advertisers())[0]!.lastSyncToday!}T03:00:00Z`);
    const chosen = accounts.find((a) => a.timezone === "Asia/Tokyo")!;
    const shown = presetRange("last_7_days", "2026-01-01"); // the chosen account's dates: the fallback for others
    const ranges = rangesPerAccount("last_7_days", shown, accounts, now, presetRange);
    expect(new Set(Object.values(ranges).map((r) => r.to)).size).toBeGreaterThan(1);

    const ops = w.as(w.users.ops);
    const overview = await ops.query(api.tiktok.reports.overview, { workspaceId: w.workspace, ...shown, ranges });
    expect(overview.advertisers).toHaveLength(accounts.length);
    for (const row of overview.advertisers) {
      const own = ranges[row.advertiserId]!;
      expect({ from: row.from, to: row.to }).toEqual({ from: own.from, to: own.to });
      const report = await ops.query(api.tiktok.reports.summary, {
        workspaceId: w.workspace,
        advertiserId: row.advertiserId,
        from: own.from,
        to: own.to,
      });
      expect(row.spend, row.name).toBe(report.current.spend);
      expect(row.daysSynced).toBe(report.daysSynced);
    }
    expect(overview.advertisers.find((a) => a.advertiserId === chosen.advertiserId)!.spend).toBeGreaterThan(0);

    // Without per-account dates every row covers the same dates, as before.
    const same = await ops.query(api.tiktok.reports.overview, { workspaceId: w.workspace, ...shown });
    expect(same.advertisers.every((a) => a.from === shown.from && a.to === shown.to)).toBe(true);

    // An account's dates are checked as the range is: a bad one is refused, and nothing is read.
    const refused = await ops
      .query(api.tiktok.reports.overview, {
        workspaceId: w.workspace,
        ...shown,
        ranges: { [chosen.advertiserId]: { from: "2026-12-07", to: "2026-12-01" } },
      })
      .then(
        () => null,
        (e: unknown) => e,
      );
    expect(refused).toBeInstanceOf(ConvexError);
    expect(String((refused as ConvexError<{ message: string }>).data.message)).toContain(
      "from must be on or before to",
    );
  });
});
