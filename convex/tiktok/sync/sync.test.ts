/**
 * Syncing campaigns and daily metrics (convex/tiktok/sync/) with the simulator as TikTok over real HTTP, checked
 * against the simulator's own numbers (its metrics model, read through /_sim/campaign-days, not its report endpoint).
 */
import { afterEach, describe, expect, it, vi } from "vitest";
import { addSums, figures, plusDay, sumsOfStored, totalsOf, ZERO_SUMS, ZERO_TOTALS } from "../../../lib/metrics/sums";
import { addDays } from "../../../lib/tiktok/dates";
import { parseReportMetrics } from "../../../lib/tiktok/reports";
import { metricFieldsOf, storedTruth, TRUTH_METRICS } from "../../../tools/testing/sim-truth";
import { connectWorld, type World, type WorldOptions } from "../../../tools/testing/connect-world";
import { FAULT_KINDS } from "../../../tools/tiktok-sim/types";
import { installTestClock, timed, type TestClock } from "../../../tools/testing/clock";
import { cooldownMessage, MANUAL_SYNC_COOLDOWN_MS } from "../../../lib/sync/cooldown";
import { settleSyncs } from "../../../tools/testing/settle-syncs";
import { api, internal } from "../../_generated/api";
import { createGovernor } from "../governor";
import { NEW_RUN_COUNTS } from "./queue";
import { tiktokSettings } from "../settings";
import type { Doc } from "../../_generated/dataModel";

// Syncs make real HTTP calls to the simulator: on a busy 2-core machine a test can take several times its idle time.
vi.setConfig({ testTimeout: 120_000 });

let w: World;
// Date runs at the real clock's pace, shifted by what a test adds (tools/testing/clock.ts): vitest's fake Date falls
// behind real time on a busy machine, and the app's TikTok budget, booked by Date, then refuses waits the client
// really slept.
let clock: TestClock | undefined;
afterEach(async () => {
  clock?.restore();
  clock = undefined;
  await w?.close();
});

/** Runs the scheduled work until no sync run is queued or running (tools/testing/settle-syncs.ts). */
const settle = (realMs?: number) => settleSyncs(w, realMs);

async function connected(options: WorldOptions & { frozen?: boolean } = {}, approved?: (ids: string[]) => string[]) {
  clock = installTestClock();
  w = await connectWorld({ ...options, sync: true, env: { TIKTOK_SYNC_BACKFILL_DAYS: "12", ...options.env } });
  if (options.frozen) {
    // Hold the simulator's numbers still (they settle over the attribution window as its clock moves): with the
    // clock frozen every request shares one instant, so its rate limits go off too.
    await w.sim.control.setRateLimits(false);
    await w.sim.control.freezeClock();
  }
  const ids = approved ? approved(w.advertiserIds) : w.advertiserIds.slice(0, 1);
  expect((await w.connect(w.users.marketer, ids)).outcome).toBe("connected");
  return ids;
}

/** A sync run as the app would have queued it, for tests that drive its steps by hand. */
function insertRun(
  advertiserId: string,
  fields: Partial<Doc<"syncRuns">> & Pick<Doc<"syncRuns">, "trigger" | "status" | "phase">,
) {
  return w.t.run((ctx) =>
    ctx.db.insert("syncRuns", {
      workspaceId: w.workspace,
      advertiserId,
      ...NEW_RUN_COUNTS,
      queuedAt: Date.now(),
      ...fields,
    }),
  );
}

const table = <T extends "campaigns" | "campaignDays" | "advertiserDays" | "syncRuns" | "restatements" | "advertisers">(
  name: T,
) => w.t.run((ctx) => ctx.db.query(name).collect()) as Promise<Doc<T>[]>;

describe("the first sync after connecting", () => {
  it("backfills every campaign-day, deleted campaigns included, equal to the simulator's own numbers", async () => {
    const [advertiserId] = await connected({ frozen: true, env: { TIKTOK_SYNC_BACKFILL_DAYS: "90" } });
    await settle();
    const [run, ...moreRuns] = await table("syncRuns");
    expect(moreRuns).toEqual([]);
    expect(run).toMatchObject({ advertiserId, trigger: "connect", status: "succeeded", phase: "done" });
    const advertiser = (await table("advertisers")).find((a) => a.advertiserId === advertiserId)!;
    const truth = await w.sim.control.campaignDays({
      advertiserId: advertiserId!,
      startDate: run!.startDate!,
      endDate: run!.endDate!,
      metrics: TRUTH_METRICS,
    });
    expect(truth.length).toBeGreaterThan(0);
    const stored = await table("campaignDays");
    const key = (c: string, d: string) => `${c}|${d}`;
    const byKey = new Map(stored.map((r) => [key(r.campaignId, r.date), r]));
    expect(stored).toHaveLength(truth.length);
    for (const t of truth) {
      const row = byKey.get(key(t.campaign_id, t.date));
      expect(row, `${t.campaign_id} on ${t.date}`).toBeDefined();
      // Every metric of the catalogue, as TikTok's truth has it (spend also checked against the model's own cents).
      expect(metricFieldsOf(row!), `${t.campaign_id} on ${t.date}`).toEqual(metricFieldsOf(storedTruth(t)));
      expect(row!.spendMilli).toBe(Math.round(t.spend * 1000));
    }
    // Deleted campaigns are kept, flagged, and their spend is in the account's.
    const campaigns = await table("campaigns");
    const deletedInTruth = new Set(
      truth.map((t) => t.campaign_id).filter((id) => campaigns.find((c) => c.campaignId === id)?.deleted),
    );
    expect(deletedInTruth.size).toBeGreaterThan(0);
    // Running totals: every row's totals, for every metric, are the sum of its campaign's rows up to it.
    for (const campaignId of new Set(stored.map((r) => r.campaignId))) {
      let totals = ZERO_TOTALS;
      for (const row of stored
        .filter((r) => r.campaignId === campaignId)
        .sort((a, b) => a.date.localeCompare(b.date))) {
        totals = plusDay(totals, row);
        expect(totalsOf(row), `${campaignId} on ${row.date}`).toEqual(totals);
      }
    }
    // The rollup equals the sum of its campaigns', day by day, for every metric.
    for (const day of await table("advertiserDays")) {
      const rows = stored.filter((r) => r.date === day.date);
      expect(sumsOfStored(day), day.date).toEqual(rows.map(sumsOfStored).reduce(addSums, ZERO_SUMS));
    }
    expect(await table("advertiserDays")).toHaveLength(90);
    expect(advertiser).toMatchObject({
      syncedThrough: run!.endDate,
      syncedFrom: run!.startDate,
      lastSyncToday: run!.endDate,
      lastSyncedAt: expect.any(Number),
    });
    expect(advertiser.syncRequestedAt).toBeUndefined();
    expect(run!.startDate).toBe(addDays(run!.endDate!, -89));
    expect(run).toMatchObject({ windowsPlanned: 3, windowsDone: 3 });
  });
});

describe("reports over the synced data", () => {
  it("summary, series, campaign table and CSV agree with each other and with the simulator", async () => {
    const [advertiserId] = await connected({ frozen: true, env: { TIKTOK_SYNC_BACKFILL_DAYS: "40" } });
    await settle();
    const [run] = await table("syncRuns");
    const to = run!.endDate!;
    const from = addDays(to, -13);
    const truth = await w.sim.control.campaignDays({
      advertiserId: advertiserId!,
      startDate: from,
      endDate: to,
      metrics: TRUTH_METRICS,
    });
    const ops = w.as(w.users.ops);
    const args = { workspaceId: w.workspace, advertiserId: advertiserId!, from, to };
    const summary = await ops.query(api.tiktok.reports.summary, args);
    const spend = truth.reduce((n, t) => n + Math.round(t.spend * 1000), 0) / 1000;
    const clicks = truth.reduce((n, t) => n + t.clicks, 0);
    const impressions = truth.reduce((n, t) => n + t.impressions, 0);
    expect(summary.current).toMatchObject({
      spend,
      clicks,
      impressions,
      conversions: truth.reduce((n, t) => n + t.conversion, 0),
    });
    expect(summary.current.ctr).toBeCloseTo((clicks / impressions) * 100, 10);
    // Every figure of the catalogue, ratios included, from the truth's sums.
    expect(summary.current).toEqual(figures(truth.map((t) => sumsOfStored(storedTruth(t))).reduce(addSums, ZERO_SUMS)));
    expect(summary).toMatchObject({
      days: 14,
      daysSynced: 14,
      previousFrom: addDays(from, -14),
      previousTo: addDays(from, -1),
      dataAsOf: expect.any(Number),
    });
    expect(summary.provisionalFrom).toBe(addDays(to, -7));

    const series = await ops.query(api.tiktok.reports.series, args);
    expect(series.points.map((p) => p.date)).toEqual(Array.from({ length: 14 }, (_, i) => addDays(from, i)));
    for (const point of series.points) {
      const dayTruth = truth.filter((t) => t.date === point.date);
      expect(point.synced).toBe(true);
      expect(point.figures.clicks).toBe(dayTruth.reduce((n, t) => n + t.clicks, 0));
      expect(point.provisional).toBe(point.date >= addDays(to, -7));
    }
    // A day before the sync reached is "not synced", not "no delivery".
    const earlier = await ops.query(api.tiktok.reports.series, {
      ...args,
      from: addDays(run!.startDate!, -2),
      to: run!.startDate!,
    });
    expect(earlier.points.map((p) => p.synced)).toEqual([false, false, true]);

    const tableArgs = { ...args, sort: "spend" as const, order: "desc" as const, pageSize: 5 };
    const page1 = await ops.query(api.tiktok.reports.campaignTable, tableArgs);
    expect(page1.totals).toEqual(summary.current);
    expect(page1.rows).toHaveLength(Math.min(5, page1.total));
    expect(page1.rows.map((r) => r.figures.spend)).toEqual(
      [...page1.rows.map((r) => r.figures.spend)].sort((a, b) => b - a),
    );
    const everything = await ops.query(api.tiktok.reports.campaignTable, { ...tableArgs, pageSize: 200 });
    for (const row of everything.rows) {
      const rowTruth = truth.filter((t) => t.campaign_id === row.campaignId);
      expect(row.figures.clicks, row.name).toBe(rowTruth.reduce((n, t) => n + t.clicks, 0));
    }
    const csv = await ops.query(api.tiktok.reports.campaignCsv, { ...args, sort: "spend", order: "desc" });
    const lines = csv.csv.trim().split("\r\n");
    expect(lines).toHaveLength(everything.rows.length + 2);
    expect(lines.slice(1, -1).map((l) => l.split(",")[2])).toEqual(everything.rows.map((r) => r.campaignId));
    expect(lines.at(-1)).toContain(",Total,");

    const overview = await ops.query(api.tiktok.reports.overview, { workspaceId: w.workspace, from, to });
    expect(overview.byCurrency).toEqual([{ currency: overview.advertisers[0]!.currency, spend, advertisers: 1 }]);
  });
});

describe("later syncs", () => {
  it("a rerun with nothing new at TikTok changes no row", async () => {
    await connected({ frozen: true, env: { TIKTOK_SYNC_BACKFILL_DAYS: "20" } });
    await settle();
    const before = {
      days: await table("campaignDays"),
      rollups: await table("advertiserDays"),
      campaigns: await table("campaigns"),
    };
    const [advertiser] = await table("advertisers");
    await w
      .as(w.users.ops)
      .mutation(api.tiktok.sync.queue.syncNow, { workspaceId: w.workspace, advertiserId: advertiser!.advertiserId });
    await settle();
    const runs = await table("syncRuns");
    expect(runs.map((r) => [r.trigger, r.status])).toEqual([
      ["connect", "succeeded"],
      ["manual", "succeeded"],
    ]);
    expect(runs[1]!.rowsWritten).toBe(0);
    expect(runs[1]!.startDate).toBe(addDays(runs[1]!.endDate!, -7)); // today and the 7-day lookback, not the backfill
    expect({
      days: await table("campaignDays"),
      rollups: await table("advertiserDays"),
      campaigns: await table("campaigns"),
    }).toEqual(before);
    expect(await table("restatements")).toEqual([]);
  });

  it("restated days are updated to TikTok's new numbers and noted per metric", async () => {
    const [advertiserId] = await connected({ frozen: true, env: { TIKTOK_SYNC_BACKFILL_DAYS: "10" } });
    await settle();
    // Attribution settles: recent days gain conversions as the simulator's clock moves on.
    await w.sim.control.advanceClock(20 * 60_000);
    await w
      .as(w.users.ops)
      .mutation(api.tiktok.sync.queue.syncNow, { workspaceId: w.workspace, advertiserId: advertiserId! });
    await settle();
    const run = (await table("syncRuns"))[1]!;
    expect(run.status).toBe("succeeded");
    const truth = await w.sim.control.campaignDays({
      advertiserId: advertiserId!,
      startDate: run.startDate!,
      endDate: run.endDate!,
    });
    const stored = (await table("campaignDays")).filter((r) => r.date >= run.startDate!);
    expect(stored.map((r) => [r.campaignId, r.date, r.conversions]).sort()).toEqual(
      truth.map((t) => [t.campaign_id, t.date, t.conversion]).sort(),
    );
    const notes = await w.as(w.users.ops).query(api.tiktok.reports.restatements, {
      workspaceId: w.workspace,
      advertiserId: advertiserId!,
      from: run.startDate!,
      to: run.endDate!,
    });
    expect(notes.length).toBeGreaterThan(0);
    // The day that was "today" at the first sync was still filling then: its growth is no restatement.
    const firstRun = (await table("syncRuns"))[0]!;
    expect(notes.filter((n) => n.date >= firstRun.endDate!)).toEqual([]);
    expect(run.rowsWritten).toBeGreaterThan(0);
    for (const note of notes) {
      const day = (await table("advertiserDays")).find((d) => d.date === note.date)!;
      const current = note.metric === "spend" ? day.spendMilli / 1000 : (day[note.metric] ?? null);
      expect(note.after).toBe(current);
      expect(note.before).not.toBe(note.after);
    }
  });

  it("an account whose connection needs re-authorization is skipped with that reason, and others go on", async () => {
    const ids = await connected({ env: { TIKTOK_SYNC_BACKFILL_DAYS: "5" } }, (all) => all.slice(0, 2));
    await settle();
    const [connection] = await w.connections();
    await w.t.run((ctx) => ctx.db.patch("connections", connection!._id, { status: "needs_reauth" }));
    await w
      .as(w.users.ops)
      .mutation(api.tiktok.sync.queue.syncNow, { workspaceId: w.workspace, advertiserId: ids[0]! });
    await settle();
    const runs = await table("syncRuns");
    expect(runs.filter((r) => r.trigger === "manual")).toEqual([
      expect.objectContaining({ status: "skipped", skipReason: expect.stringMatching(/re-authorization/) }),
    ]);
    expect(runs.filter((r) => r.trigger === "connect").map((r) => r.status)).toEqual(["succeeded", "succeeded"]);
  });

  it("an account TikTok no longer lets this token read fails alone, marked unreachable; the other completes", async () => {
    const ids = await connected({ env: { TIKTOK_SYNC_BACKFILL_DAYS: "5" } }, (all) => all.slice(0, 2));
    const [connection] = await w.connections();
    const { accessToken } = await w.openTokens(connection!._id);
    await w.sim.control.removeAdvertiser(accessToken, ids[1]!);
    await settle();
    const runs = new Map((await table("syncRuns")).map((r) => [r.advertiserId, r]));
    expect(runs.get(ids[0]!), JSON.stringify([...runs.values()])).toMatchObject({ status: "succeeded" });
    expect(runs.get(ids[1]!)).toMatchObject({
      status: "failed",
      lastError: expect.objectContaining({ kind: "permission" }),
    });
    const advertisers = new Map((await table("advertisers")).map((a) => [a.advertiserId, a]));
    expect(advertisers.get(ids[1]!)).toMatchObject({ accessible: false, lostAt: expect.any(Number) });
    expect(advertisers.get(ids[0]!)).toMatchObject({ accessible: true, syncedThrough: expect.any(String) });
    expect(await w.connections()).toEqual([expect.objectContaining({ status: "active" })]);
  });

  it("Sync now joins a run already queued or running instead of starting another", async () => {
    const [advertiserId] = await connected({ env: { TIKTOK_SYNC_BACKFILL_DAYS: "5" } });
    const ops = w.as(w.users.ops);
    const first = await ops.mutation(api.tiktok.sync.queue.syncNow, {
      workspaceId: w.workspace,
      advertiserId: advertiserId!,
    });
    const second = await ops.mutation(api.tiktok.sync.queue.syncNow, {
      workspaceId: w.workspace,
      advertiserId: advertiserId!,
    });
    expect(second).toBe(first);
    await settle();
    expect((await table("syncRuns")).map((r) => r.status)).toEqual(["succeeded"]);
    await expect(
      ops.mutation(api.tiktok.sync.queue.syncNow, { workspaceId: w.workspace, advertiserId: "7999999999999999999" }),
    ).rejects.toThrow(/not connected/);
  });
});

describe("Sync now's cooldown", () => {
  it("after a manual run ends, a press within the cooldown is refused with when to retry, and starts no run", async () => {
    const [advertiserId] = await connected({ env: { TIKTOK_SYNC_BACKFILL_DAYS: "5", TIKTOK_SYNC_ENABLED: "false" } });
    const queuedAt = Date.now() - 2 * 60_000;
    const ended = await insertRun(advertiserId!, {
      trigger: "manual",
      status: "succeeded",
      phase: "done",
      queuedAt,
      finishedAt: queuedAt + 60_000,
    });
    const allowedAt = queuedAt + MANUAL_SYNC_COOLDOWN_MS;
    const ops = w.as(w.users.ops);
    const args = { workspaceId: w.workspace, advertiserId: advertiserId! };
    const callsBefore = (await w.sim.control.requests()).length;

    const refused = await timed(() => ops.mutation(api.tiktok.sync.queue.syncNow, args).catch((e: unknown) => e));
    const data = (refused.result as { data: { code: string; retryAfterMs: number; message: string } }).data;
    expect(data.code).toBe("RATE_LIMITED");
    // The wait counts from the mutation's own clock reading, which lies between the test's two readings.
    expect(data.retryAfterMs).toBeGreaterThanOrEqual(allowedAt - refused.to);
    expect(data.retryAfterMs).toBeLessThanOrEqual(allowedAt - refused.from);
    expect(data.message).toBe(cooldownMessage(allowedAt, allowedAt - data.retryAfterMs));
    expect(data.message).toMatch(/Sync now is possible again in \d minutes?/);
    await w.t.finishAllScheduledFunctions(() => undefined);
    expect((await table("syncRuns")).map((r) => r._id)).toEqual([ended]);
    expect((await w.sim.control.requests()).length).toBe(callsBefore);

    // The page is told the same moment, from the stored run: it compares it with its own clock.
    const [status] = await ops.query(api.tiktok.sync.queries.status, { workspaceId: w.workspace });
    expect(status).toMatchObject({ advertiserId, nextManualSyncAt: allowedAt });
  });

  it("once the cooldown is over a press starts a run; presses during that run join it", async () => {
    const [advertiserId] = await connected({ env: { TIKTOK_SYNC_BACKFILL_DAYS: "5", TIKTOK_SYNC_ENABLED: "false" } });
    const queuedAt = Date.now() - 2 * 60_000;
    const earlier = await insertRun(advertiserId!, {
      trigger: "manual",
      status: "succeeded",
      phase: "done",
      queuedAt,
      finishedAt: queuedAt + 60_000,
    });
    clock!.setTo(queuedAt + MANUAL_SYNC_COOLDOWN_MS);
    const ops = w.as(w.users.ops);
    const args = { workspaceId: w.workspace, advertiserId: advertiserId! };
    const started = await timed(() => ops.mutation(api.tiktok.sync.queue.syncNow, args));
    expect(started.result).not.toBe(earlier);
    // Inside the new run's cooldown, but the run is going: the press joins it, as a marketer's does too.
    expect(await ops.mutation(api.tiktok.sync.queue.syncNow, args)).toBe(started.result);
    expect(await w.as(w.users.marketer).mutation(api.tiktok.sync.queue.syncNow, args)).toBe(started.result);
    const [status] = await ops.query(api.tiktok.sync.queries.status, { workspaceId: w.workspace });
    const run = await w.t.run((ctx) => ctx.db.get("syncRuns", started.result));
    expect(run).toMatchObject({ trigger: "manual", queuedAt: started.during });
    expect(status!.nextManualSyncAt).toBe(run!.queuedAt + MANUAL_SYNC_COOLDOWN_MS);
    await settle();
    expect((await table("syncRuns")).map((r) => [r.trigger, r.status])).toEqual([
      ["manual", "succeeded"],
      ["manual", "succeeded"],
    ]);
  });

  it("runs the app started (connect, schedule) hold Sync now back only while they are going", async () => {
    const [advertiserId] = await connected({ env: { TIKTOK_SYNC_BACKFILL_DAYS: "5" } });
    await settle();
    expect((await table("syncRuns")).map((r) => [r.trigger, r.status])).toEqual([["connect", "succeeded"]]);
    const ops = w.as(w.users.ops);
    const [before] = await ops.query(api.tiktok.sync.queries.status, { workspaceId: w.workspace });
    expect(before!.nextManualSyncAt).toBeUndefined();
    const runId = await ops.mutation(api.tiktok.sync.queue.syncNow, {
      workspaceId: w.workspace,
      advertiserId: advertiserId!,
    });
    expect(await w.t.run((ctx) => ctx.db.get("syncRuns", runId))).toMatchObject({ trigger: "manual" });
  });
});

describe("runs that meet trouble", () => {
  it("a step deferred because the app's TikTok budget is booked waits and is queued again; it is not a failure", async () => {
    const [advertiserId] = await connected({
      frozen: true,
      env: { TIKTOK_SYNC_BACKFILL_DAYS: "5", TIKTOK_SYNC_ENABLED: "false" },
    });
    const runId = await insertRun(advertiserId!, { trigger: "manual", status: "queued", phase: "details" });
    // The app's budget is booked for the next 10 minutes (as after TikTok said its per-minute limit was exceeded).
    await w.t.run(async (ctx) => {
      const governor = createGovernor(ctx, { limits: tiktokSettings().limits, maxInlineWaitMs: 1_000 });
      await governor.onThrottled!({ scope: "app", waitMs: 600_000 });
    });
    const callsBefore = (await w.sim.control.requests()).length;
    const outcome = await w.t.action(internal.tiktok.sync.step.runStep, { runId });
    expect(outcome).toMatchObject({ next: "wait", deferred: true });
    expect(outcome.afterMs).toBeGreaterThan(60_000);
    expect((await w.sim.control.requests()).length).toBe(callsBefore); // nothing was sent
    // What the workpool hands back after the step: counted, queued again for later, not failed.
    await w.t.mutation(internal.tiktok.sync.step.afterStep, {
      workId: "w1" as never,
      context: { runId },
      result: { kind: "success", returnValue: outcome },
    });
    const run = await w.t.run((ctx) => ctx.db.get("syncRuns", runId));
    expect(run).toMatchObject({ status: "running", deferrals: 1, attempts: 0 });
    expect(run!.lastError).toBeUndefined();
  });

  it("a run whose report window keeps failing at TikTok retries with back-off and resumes where it stopped", async () => {
    const [advertiserId] = await connected({
      frozen: true,
      env: { TIKTOK_SYNC_BACKFILL_DAYS: "45", TIKTOK_SYNC_ENABLED: "false" },
    });
    // Report calls fail for a while: more than the client's own retries, so the step fails and the run waits.
    await w.sim.control.setFaults([{ kind: "http502", path: "/report/integrated/get/", count: 8 }]);
    await w
      .as(w.users.ops)
      .mutation(api.tiktok.sync.queue.syncNow, { workspaceId: w.workspace, advertiserId: advertiserId! });
    await settle();
    const [run] = await table("syncRuns");
    expect(run).toMatchObject({ status: "succeeded", windowsDone: 2, windowsPlanned: 2 });
    const truth = await w.sim.control.campaignDays({
      advertiserId: advertiserId!,
      startDate: run!.startDate!,
      endDate: run!.endDate!,
    });
    expect(await table("campaignDays")).toHaveLength(truth.length);
    expect(await table("advertiserDays")).toHaveLength(45);
  });

  it("fault soak: 20% of TikTok's answers faulty in every way the simulator has; every row arrives once, and a rerun changes nothing", async () => {
    clock = installTestClock();
    w = await connectWorld({
      sync: true,
      dataset: { advertisers: 10, campaignsPerAdvertiser: 8 },
      env: { TIKTOK_SYNC_BACKFILL_DAYS: "90", TIKTOK_SYNC_PARALLELISM: "4" },
    });
    await w.sim.control.setRateLimits(false);
    await w.sim.control.freezeClock();
    // Every fault but an empty list: TikTok's empty page is an answer, not a fault, and would rightly drop rows.
    const kinds = FAULT_KINDS.filter((kind) => kind !== "emptyList");
    await w.sim.control.setFaults(
      kinds.map((kind) => ({
        kind,
        probability: 0.2 / kinds.length,
        ...(kind === "stall" ? { stallMs: 500 } : {}),
        path: kind === "stall" ? "/advertiser/info/" : undefined,
      })),
    );
    expect((await w.connect(w.users.marketer, w.advertiserIds)).outcome).toBe("connected");
    await settle();
    await w.sim.control.clearFaults();
    const runs = await table("syncRuns");
    expect(runs.map((r) => r.status)).toEqual(Array.from({ length: 10 }, () => "succeeded"));
    const stored = await table("campaignDays");
    const keys = stored.map((r) => `${r.advertiserId}|${r.campaignId}|${r.date}`);
    expect(new Set(keys).size).toBe(keys.length);
    let expected = 0;
    for (const run of runs) {
      const truth = await w.sim.control.campaignDays({
        advertiserId: run.advertiserId,
        startDate: run.startDate!,
        endDate: run.endDate!,
      });
      expected += truth.length;
      const mine = new Map(
        stored.filter((r) => r.advertiserId === run.advertiserId).map((r) => [`${r.campaignId}|${r.date}`, r]),
      );
      for (const t of truth)
        expect(mine.get(`${t.campaign_id}|${t.date}`)?.clicks, `${t.campaign_id} ${t.date}`).toBe(t.clicks);
    }
    expect(stored).toHaveLength(expected);
    // A rerun with nothing new changes no stored row. (Date moves in this test, so an account whose local date has
    // turned since gets that new day's row: only the days the first runs covered are compared.)
    const covered = new Map(runs.map((r) => [r.advertiserId, r.endDate!]));
    const snapshot = async () => ({
      days: (await table("campaignDays")).filter((r) => r.date <= covered.get(r.advertiserId)!),
      rollups: (await table("advertiserDays")).filter((r) => r.date <= covered.get(r.advertiserId)!),
    });
    const before = await snapshot();
    for (const id of w.advertiserIds) {
      await w.as(w.users.ops).mutation(api.tiktok.sync.queue.syncNow, { workspaceId: w.workspace, advertiserId: id });
    }
    await settle();
    const reruns = (await table("syncRuns")).filter((r) => r.trigger === "manual");
    expect(reruns.map((r) => r.status)).toEqual(Array.from({ length: 10 }, () => "succeeded"));
    expect(await snapshot()).toEqual(before);
    expect(await table("restatements")).toEqual([]);
  }, 120_000);
});

describe("the watchdog", () => {
  it("ends a run that stopped making progress, so the next sync starts afresh instead of joining it", async () => {
    const [advertiserId] = await connected({ env: { TIKTOK_SYNC_BACKFILL_DAYS: "5", TIKTOK_SYNC_ENABLED: "false" } });
    const stuck = await insertRun(advertiserId!, {
      trigger: "schedule",
      status: "running",
      phase: "reports",
      windowsPlanned: 1,
      queuedAt: Date.now() - 2 * 60 * 60_000,
      lastStepAt: Date.now() - 60 * 60_000,
    });
    const ops = w.as(w.users.ops);
    expect(
      await ops.mutation(api.tiktok.sync.queue.syncNow, { workspaceId: w.workspace, advertiserId: advertiserId! }),
    ).toBe(stuck);
    await w.t.mutation(internal.tiktok.sync.queue.sweep, {});
    expect(await w.t.run((ctx) => ctx.db.get("syncRuns", stuck))).toMatchObject({
      status: "failed",
      lastError: { message: expect.stringMatching(/stopped making progress/) },
    });
    const fresh = await ops.mutation(api.tiktok.sync.queue.syncNow, {
      workspaceId: w.workspace,
      advertiserId: advertiserId!,
    });
    expect(fresh).not.toBe(stuck);
    await settle();
    expect(await w.t.run((ctx) => ctx.db.get("syncRuns", fresh))).toMatchObject({ status: "succeeded" });
  });
});

describe("a run cut in the middle of a window", () => {
  it("resumes at the first date not yet written, and every total comes out right", async () => {
    const [advertiserId] = await connected({
      frozen: true,
      env: { TIKTOK_SYNC_BACKFILL_DAYS: "10", TIKTOK_SYNC_ENABLED: "false" },
    });
    const runId = await insertRun(advertiserId!, { trigger: "manual", status: "queued", phase: "details" });
    // Step one (details and campaigns), run by hand; then the report step's first four dates are written and the
    // action dies: nothing more of that window is written.
    expect(await w.t.action(internal.tiktok.sync.step.runStep, { runId })).toMatchObject({ next: "continue" });
    const planned = (await w.t.run((ctx) => ctx.db.get("syncRuns", runId)))!;
    const truth = await w.sim.control.campaignDays({
      advertiserId: advertiserId!,
      startDate: planned.startDate!,
      endDate: planned.endDate!,
      metrics: TRUTH_METRICS,
    });
    for (let i = 0; i < 4; i++) {
      const date = addDays(planned.startDate!, i);
      const rows = truth
        .filter((t) => t.date === date)
        .map((t) => ({ campaignId: t.campaign_id, ...parseReportMetrics(t.metrics) }));
      await w.t.mutation(internal.tiktok.sync.batches.writeRunDates, {
        runId,
        days: [{ date, rows }],
        pages: 0,
        calls: 0,
        endOfWindow: false,
        intervalMs: 3_600_000,
        lookbackDays: 7,
        now: Date.now(),
      });
    }
    expect((await w.t.run((ctx) => ctx.db.get("syncRuns", runId)))!.nextDate).toBe(addDays(planned.startDate!, 4));
    // The next step picks the run up where it stopped.
    expect(await w.t.action(internal.tiktok.sync.step.runStep, { runId })).toMatchObject({ next: "stop" });
    const run = (await w.t.run((ctx) => ctx.db.get("syncRuns", runId)))!;
    expect(run).toMatchObject({ status: "succeeded", windowsDone: 1 });
    const stored = await table("campaignDays");
    expect(stored).toHaveLength(truth.length);
    for (const campaignId of new Set(stored.map((r) => r.campaignId))) {
      const rows = stored.filter((r) => r.campaignId === campaignId).sort((a, b) => a.date.localeCompare(b.date));
      const clicks = truth.filter((t) => t.campaign_id === campaignId).reduce((n, t) => n + t.clicks, 0);
      expect(rows.at(-1)!.cumClicks, campaignId).toBe(clicks);
    }
  });
});
