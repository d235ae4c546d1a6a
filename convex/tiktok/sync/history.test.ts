/**
 * History on demand (queue.ts requestHistory, lib/sync/history.ts) with the simulator as TikTok over real HTTP: who
 * may ask and for which months, the background fetch checked against the simulator's own numbers, a stopped history
 * run resuming where it stopped, and the synced coverage moving only once the days are stored.
 */
import { afterEach, describe, expect, it, vi } from "vitest";
import { plusDay, totalsOf, ZERO_TOTALS } from "../../../lib/metrics/sums";
import { earliestHistoryMonth, monthOf, runWindows } from "../../../lib/sync/history";
import { addDays } from "../../../lib/tiktok/dates";
import { connectWorld, type World } from "../../../tools/testing/connect-world";
import { installTestClock, type TestClock } from "../../../tools/testing/clock";
import { settleSyncs } from "../../../tools/testing/settle-syncs";
import { api, internal } from "../../_generated/api";
import type { Doc } from "../../_generated/dataModel";
import { NEW_RUN_COUNTS } from "./queue";

vi.setConfig({ testTimeout: 120_000 });

let w: World;
let clock: TestClock | undefined;
afterEach(async () => {
  clock?.restore();
  clock = undefined;
  await w?.close();
});

const REPORT_PATH = "/report/integrated/get/";

const table = <T extends "campaignDays" | "advertiserDays" | "syncRuns" | "advertisers" | "tiktokCalls">(name: T) =>
  w.t.run((ctx) => ctx.db.query(name).collect()) as Promise<Doc<T>[]>;

/** One account connected and backfilled (12 days), with the simulator's numbers held still. */
async function backfilled(env: Record<string, string> = {}) {
  clock = installTestClock();
  w = await connectWorld({ sync: true, env: { TIKTOK_SYNC_BACKFILL_DAYS: "12", ...env } });
  await w.sim.control.setRateLimits(false);
  await w.sim.control.freezeClock();
  const advertiserId = w.advertiserIds[0]!;
  expect((await w.connect(w.users.marketer, [advertiserId])).outcome).toBe("connected");
  // With the sync's schedule off, connecting starts no run: Sync now does the backfill.
  if ((await table("syncRuns")).length === 0)
    await w.as(w.users.ops).mutation(api.tiktok.sync.queue.syncNow, { workspaceId: w.workspace, advertiserId });
  await settleSyncs(w);
  const advertiser = (await table("advertisers")).find((a) => a.advertiserId === advertiserId)!;
  expect(advertiser.syncedFrom).toBeDefined();
  return { advertiserId, syncedFrom: advertiser.syncedFrom!, today: advertiser.syncedThrough! };
}

const ask = (user: keyof World["users"], advertiserId: string, month: string) =>
  w.as(w.users[user]).mutation(api.tiktok.sync.queue.requestHistory, { workspaceId: w.workspace, advertiserId, month });

/** Every stored row equals the simulator's own numbers, and every row's running totals sum its campaign's rows. */
async function expectStoredEqualsTruth(advertiserId: string, from: string, to: string) {
  const truth = await w.sim.control.campaignDays({ advertiserId, startDate: from, endDate: to });
  expect(truth.length).toBeGreaterThan(0);
  const stored = (await table("campaignDays")).filter((r) => r.advertiserId === advertiserId);
  expect(stored.map((r) => `${r.campaignId}|${r.date}|${r.clicks}|${r.spendMilli}`).sort()).toEqual(
    truth.map((t) => `${t.campaign_id}|${t.date}|${t.clicks}|${Math.round(t.spend * 1000)}`).sort(),
  );
  for (const campaignId of new Set(stored.map((r) => r.campaignId))) {
    let totals = ZERO_TOTALS;
    for (const row of stored.filter((r) => r.campaignId === campaignId).sort((a, b) => a.date.localeCompare(b.date))) {
      totals = plusDay(totals, row);
      expect(totalsOf(row), `${campaignId} on ${row.date}`).toEqual(totals);
    }
  }
  return truth;
}

describe("asking for more history", () => {
  it("is refused to ops, and to bad, too old or already synced months with what to change; nothing is written", async () => {
    const { advertiserId, syncedFrom, today } = await backfilled();
    const before = { advertisers: await table("advertisers"), runs: await table("syncRuns") };
    await expect(ask("ops", advertiserId, monthOf(addDays(syncedFrom, -40)))).rejects.toThrow(/FORBIDDEN/);
    await expect(ask("marketer", advertiserId, "2026-13")).rejects.toThrow(/Choose a month, written YYYY-MM/);
    await expect(ask("marketer", advertiserId, "March")).rejects.toThrow(/Choose a month, written YYYY-MM/);
    await expect(ask("marketer", advertiserId, "2026-03-01")).rejects.toThrow(/month.*at most 7/i);
    const tooOld = monthOf(addDays(`${earliestHistoryMonth(today)}-01`, -1));
    await expect(ask("marketer", advertiserId, tooOld)).rejects.toThrow(
      /back to .* at most; choose that month or a later one/,
    );
    const nextMonth = monthOf(addDays(`${monthOf(today)}-28`, 10));
    await expect(ask("marketer", advertiserId, nextMonth)).rejects.toThrow(
      /synced already; choose .* or an earlier month/,
    );
    await expect(ask("marketer", "7000000000000000001", "2026-01")).rejects.toThrow(/not connected to your workspace/);
    expect({ advertisers: await table("advertisers"), runs: await table("syncRuns") }).toEqual(before);
  });

  it("is refused until the account's first sync has finished", async () => {
    clock = installTestClock();
    w = await connectWorld({ sync: true, env: { TIKTOK_SYNC_ENABLED: "false" } });
    const advertiserId = w.advertiserIds[0]!;
    expect((await w.connect(w.users.marketer, [advertiserId])).outcome).toBe("connected");
    await expect(ask("marketer", advertiserId, "2026-01")).rejects.toThrow(/first sync has not finished yet/);
    expect(await table("syncRuns")).toEqual([]);
  });
});

describe("the history fetch", () => {
  it("fetches only the missing days in TikTok's largest windows, re-threads the stored ones, and moves the coverage when done", async () => {
    const { advertiserId, syncedFrom, today } = await backfilled();
    const month = monthOf(addDays(syncedFrom, -35));
    const from = await ask("marketer", advertiserId, month);
    expect(from).toBe(`${month}-01`);
    // Asked, not stored: the coverage has not moved, the request is pending.
    expect(
      (await w.as(w.users.ops).query(api.tiktok.sync.queries.status, { workspaceId: w.workspace }))[0],
    ).toMatchObject({
      syncedFrom,
      historyFrom: from,
    });
    const callsBefore = (await table("tiktokCalls")).length;
    await settleSyncs(w);

    const runs = await table("syncRuns");
    expect(runs.map((r) => [r.trigger, r.status]).slice(1)).toEqual([["history", "succeeded"]]);
    const run = runs[1]!;
    expect(run).toMatchObject({ startDate: from, endDate: today, historyFrom: from, storedFrom: syncedFrom });
    const windows = runWindows({ startDate: from, endDate: today, storedFrom: run.storedFrom, storedTo: run.storedTo });
    expect(run).toMatchObject({ windowsPlanned: windows.length, windowsDone: windows.length });
    // Each missing day is asked for once, in windows of up to 30 days; the days stored before are not asked again.
    const reportCalls = (await table("tiktokCalls")).slice(callsBefore).filter((c) => c.path === REPORT_PATH);
    expect(reportCalls).toHaveLength(windows.filter((x) => !x.stored).length);
    expect(windows.filter((x) => x.stored).length).toBeGreaterThan(0);

    await expectStoredEqualsTruth(advertiserId, from, today);
    const advertiser = (await table("advertisers"))[0]!;
    expect(advertiser).toMatchObject({ syncedFrom: from, syncedThrough: today });
    expect(advertiser.historyFrom).toBeUndefined();
    expect(advertiser.historyThrough).toBeUndefined();
    expect(await table("advertiserDays")).toHaveLength(
      Math.round((Date.parse(today) - Date.parse(from)) / 86_400_000) + 1,
    );

    // The reports: a range before the old backfill is synced, and a campaign's total across the old boundary is right.
    const ops = w.as(w.users.ops);
    const early = { workspaceId: w.workspace, advertiserId, from, to: addDays(from, 9) };
    const summary = await ops.query(api.tiktok.reports.summary, early);
    expect(summary.daysSynced).toBe(10);
    const across = {
      workspaceId: w.workspace,
      advertiserId,
      from: addDays(syncedFrom, -6),
      to: addDays(syncedFrom, 5),
    };
    const truth = await w.sim.control.campaignDays({ advertiserId, startDate: across.from, endDate: across.to });
    const table_ = await ops.query(api.tiktok.reports.campaignTable, { ...across, pageSize: 200 });
    for (const row of table_.rows) {
      const spend = truth
        .filter((t) => t.campaign_id === row.campaignId)
        .reduce((n, t) => n + Math.round(t.spend * 1000), 0);
      expect(Math.round(row.figures.spend * 1000), row.campaignId).toBe(spend);
    }
  });

  it("TikTok failing for a while in the middle of the history: the run waits, retries and carries on from the same window", async () => {
    const { advertiserId, syncedFrom, today } = await backfilled();
    // More failures than the client's own retries: the step fails, the run backs off and tries the window again.
    await w.sim.control.setFaults([{ kind: "http502", path: REPORT_PATH, count: 8 }]);
    const from = await ask("marketer", advertiserId, monthOf(addDays(syncedFrom, -35)));
    await settleSyncs(w);
    await w.sim.control.clearFaults();
    const run = (await table("syncRuns")).at(-1)!;
    expect(run).toMatchObject({ trigger: "history", status: "succeeded", historyFrom: from });
    expect(run.lastError).toMatchObject({ kind: "server", message: expect.stringContaining("502") }); // it did fail on the way
    const windows = runWindows({ startDate: from, endDate: today, storedFrom: run.storedFrom, storedTo: run.storedTo });
    const answered = (await table("tiktokCalls")).filter(
      (c) => c.path === REPORT_PATH && c.outcome === "ok" && c.at >= run.queuedAt,
    );
    expect(answered).toHaveLength(windows.filter((x) => !x.stored).length);
    await expectStoredEqualsTruth(advertiserId, from, today);
    expect((await table("advertisers"))[0]).toMatchObject({ syncedFrom: from });
  });

  it("a history run that stopped resumes at its first unstored day, and the coverage moves only when all is stored", async () => {
    const { advertiserId, syncedFrom, today } = await backfilled({ TIKTOK_SYNC_ENABLED: "false" });
    const from = `${monthOf(addDays(syncedFrom, -50))}-01`;
    // A run as requestHistory makes it, driven step by hand: the details, then the first history window.
    const advertiserRow = (await table("advertisers"))[0]!;
    await w.t.run((ctx) => ctx.db.patch("advertisers", advertiserRow._id, { historyFrom: from }));
    const runId = await w.t.run((ctx) =>
      ctx.db.insert("syncRuns", {
        workspaceId: w.workspace,
        advertiserId,
        trigger: "history",
        status: "queued",
        phase: "details",
        ...NEW_RUN_COUNTS,
        queuedAt: Date.now(),
      }),
    );
    expect(await w.t.action(internal.tiktok.sync.step.runStep, { runId })).toMatchObject({ next: "continue" });
    expect(await w.t.action(internal.tiktok.sync.step.runStep, { runId })).toMatchObject({ next: "continue" });
    const firstWindowEnd = addDays(from, 29);
    // Then it stops (a crash, the watchdog): the days it stored are kept, the coverage has not moved.
    await w.t.run((ctx) =>
      ctx.db.patch("syncRuns", runId, { status: "failed", phase: "done", finishedAt: Date.now() }),
    );
    expect((await table("advertisers"))[0]).toMatchObject({
      syncedFrom,
      historyFrom: from,
      historyThrough: firstWindowEnd,
    });

    // The next run of the account (the schedule's, Sync now, or here the marketer asking again for the same month)
    // carries on from the day after, not from the month's first day.
    const callsBefore = (await table("tiktokCalls")).length;
    expect(await ask("marketer", advertiserId, monthOf(from))).toBe(from);
    expect((await table("advertisers"))[0]).toMatchObject({ historyThrough: firstWindowEnd });
    await settleSyncs(w);
    const resumed = (await table("syncRuns")).at(-1)!;
    expect(resumed).toMatchObject({ status: "succeeded", startDate: addDays(firstWindowEnd, 1), historyFrom: from });
    const windows = runWindows({
      startDate: resumed.startDate!,
      endDate: today,
      storedFrom: resumed.storedFrom,
      storedTo: resumed.storedTo,
    });
    const reportCalls = (await table("tiktokCalls")).slice(callsBefore).filter((c) => c.path === REPORT_PATH);
    expect(reportCalls).toHaveLength(windows.filter((x) => !x.stored).length);
    await expectStoredEqualsTruth(advertiserId, from, today);
    expect((await table("advertisers"))[0]).toMatchObject({ syncedFrom: from });
    expect((await table("advertisers"))[0]!.historyFrom).toBeUndefined();
  });

  it("history asked for while a regular run is going is fetched by a run of its own right after it", async () => {
    const { advertiserId, syncedFrom, today } = await backfilled({ TIKTOK_SYNC_ENABLED: "false" });
    // A regular run, driven step by hand, has planned its dates (the lookback) before the request arrives.
    const runId = await w.t.run((ctx) =>
      ctx.db.insert("syncRuns", {
        workspaceId: w.workspace,
        advertiserId,
        trigger: "schedule",
        status: "queued",
        phase: "details",
        ...NEW_RUN_COUNTS,
        queuedAt: Date.now(),
      }),
    );
    expect(await w.t.action(internal.tiktok.sync.step.runStep, { runId })).toMatchObject({ next: "continue" });
    const from = await ask("marketer", advertiserId, monthOf(addDays(syncedFrom, -20)));
    expect((await table("syncRuns")).filter((r) => r.status === "running" || r.status === "queued")).toEqual([
      expect.objectContaining({ _id: runId, startDate: addDays(today, -7) }),
    ]); // joined, not doubled
    expect(await w.t.action(internal.tiktok.sync.step.runStep, { runId })).toMatchObject({ next: "stop" });
    await settleSyncs(w);
    const runs = await table("syncRuns");
    expect(runs.map((r) => [r.trigger, r.status]).slice(1)).toEqual([
      ["schedule", "succeeded"],
      ["history", "succeeded"],
    ]);
    await expectStoredEqualsTruth(advertiserId, from, today);
    expect((await table("advertisers"))[0]).toMatchObject({ syncedFrom: from });
  });
});
