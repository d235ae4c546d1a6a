/**
 * Marketers' campaign operations (convex/tiktok/campaigns.ts) with the simulator as TikTok over real HTTP: checks
 * made before any call, one TikTok call per operation key, a create retried after a timeout making one campaign,
 * changes in Convex at once and surviving the next sync, the 105% rule, access re-checked when the answer is
 * written, budgets bounded, changes that change nothing making no call, and the per-person and per-account write
 * limits.
 */
import { ConvexError } from "convex/values";
import { afterEach, describe, expect, it, vi } from "vitest";
import { minimumCampaignBudget } from "../../lib/tiktok/money";
import { requestIdFor } from "../../lib/tiktok/ids";
import { addDays } from "../../lib/tiktok/dates";
import { installTestClock, PATIENTLY, type TestClock } from "../../tools/testing/clock";
import { connectWorld, type World } from "../../tools/testing/connect-world";
import { settleSyncs } from "../../tools/testing/settle-syncs";
import { api, internal } from "../_generated/api";
import type { Doc, Id } from "../_generated/dataModel";
import { CAMPAIGN_WRITE_LIMITS, waitInWords } from "./campaignWriteLimits";

vi.setConfig({ testTimeout: 120_000 });

let w: World;
let clock: TestClock | undefined;
let advertiserId: string;
afterEach(async () => {
  vi.useRealTimers();
  clock?.restore();
  await w?.close();
});

/** A connected, synced account, with the simulator's clock frozen so synced spend stays TikTok's spend. */
async function synced() {
  clock = installTestClock();
  w = await connectWorld({ sync: true, env: { TIKTOK_SYNC_BACKFILL_DAYS: "10" } });
  await w.sim.control.setRateLimits(false);
  await w.sim.control.freezeClock();
  advertiserId = w.advertiserIds[0]!;
  expect((await w.connect(w.users.marketer, [advertiserId])).outcome).toBe("connected");
  await settleSyncs(w);
  await w.sim.control.resetRequests();
}

let keys = 0;
/** An operation key as the page makes one (a UUID-like string). */
const newKey = () => `test-operation-key-${++keys}-${Math.random().toString(36).slice(2)}`;

const marketer = () => w.as(w.users.marketer);
const campaignWrites = async () =>
  (await w.sim.control.requests()).filter((r) => r.path.includes("/campaign/") && r.method === "POST");
const rows = (): Promise<Doc<"campaigns">[]> => w.t.run((ctx) => ctx.db.query("campaigns").collect());
const row = async (campaignId: string) => (await rows()).find((c) => c.campaignId === campaignId)!;
const operations = () => w.t.run((ctx) => ctx.db.query("campaignOperations").collect());
const audits = () => w.t.run((ctx) => ctx.db.query("campaignAudit").collect());
const statusCalls = async () => (await campaignWrites()).filter((r) => r.path.endsWith("/campaign/status/update/"));
const liveWith = async (status: "ENABLE" | "DISABLE") =>
  (await rows()).filter((c) => !c.deleted && c.operationStatus === status);
const setStatusArgs = (campaignIds: string[], status: "ENABLE" | "DISABLE" | "DELETE") => ({
  workspaceId: w.workspace,
  advertiserId,
  operationKey: newKey(),
  campaignIds,
  status,
});

/** The simulator's own campaigns of the account (its API, with a token of its own), deleted ones included. */
async function simCampaigns(): Promise<{ campaign_id: string; campaign_name: string; operation_status: string }[]> {
  const { accessToken } = await w.sim.control.token([advertiserId]);
  const query = new URLSearchParams({
    advertiser_id: advertiserId,
    page_size: "1000",
    filtering: JSON.stringify({ secondary_status: "CAMPAIGN_STATUS_ALL" }),
  });
  const res = await fetch(`${w.sim.apiBase}/campaign/get/?${query.toString()}`, {
    headers: { "Access-Token": accessToken },
  });
  const body = (await res.json()) as { data: { list: never[] } };
  return body.data.list;
}

async function refusal(promise: Promise<unknown>): Promise<Record<string, unknown>> {
  const error: unknown = await promise.then(
    () => {
      throw new Error("expected a refusal");
    },
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ConvexError);
  return (error as { data: Record<string, unknown> }).data;
}

const createArgs = (overrides: Record<string, unknown> = {}) => ({
  workspaceId: w.workspace,
  advertiserId,
  operationKey: newKey(),
  name: "Winter sale",
  objective: "TRAFFIC",
  budgetMode: "BUDGET_MODE_DAY",
  budget: 80,
  startNow: false,
  ...overrides,
});

describe("creating a campaign", () => {
  it("makes one paused campaign at TikTok, listed in Convex at once, with an audit entry quoting TikTok's request_id", async () => {
    await synced();
    const args = createArgs();
    const { campaignId, replayed } = await marketer().action(api.tiktok.campaigns.create, args);
    expect(replayed).toBe(false);

    const [call] = await campaignWrites();
    expect(call!.path).toMatch(/\/campaign\/create\/$/);
    expect((call!.body as Record<string, unknown>).request_id).toBe(
      await requestIdFor(`${w.workspace}:${args.operationKey}`),
    );
    expect((call!.body as Record<string, unknown>).operation_status).toBe("DISABLE");
    const stored = await row(campaignId);
    expect(stored).toMatchObject({ name: "Winter sale", objectiveType: "TRAFFIC", budget: 80, deleted: false });
    expect(stored.operationStatus).toBe("DISABLE");

    const listed = await marketer().query(api.tiktok.campaigns.list, {
      workspaceId: w.workspace,
      advertiserId,
      search: "winter",
    });
    expect(listed.rows.map((r) => r.campaignId)).toEqual([campaignId]);

    const [entry] = await w
      .as(w.users.ops)
      .query(api.tiktok.campaigns.audit, { workspaceId: w.workspace, advertiserId });
    expect(entry).toMatchObject({
      actor: "marketer@a.test",
      action: "create",
      campaignIds: [campaignId],
      campaignName: "Winter sale",
      outcome: "succeeded",
      requestId: call!.requestId,
      after: { name: "Winter sale", budget: 80, status: "DISABLE" },
    });
  });

  it("the same operation key twice (a double click) calls TikTok once and answers the same campaign", async () => {
    await synced();
    const args = createArgs({ startNow: true });
    const [first, second] = await Promise.all([
      marketer().action(api.tiktok.campaigns.create, args),
      marketer().action(api.tiktok.campaigns.create, args),
    ]);
    expect(second.campaignId).toBe(first.campaignId);
    expect([first.replayed, second.replayed].sort()).toEqual([false, true]);
    const third = await marketer().action(api.tiktok.campaigns.create, args);
    expect(third).toEqual({ campaignId: first.campaignId, replayed: true });
    expect(await campaignWrites()).toHaveLength(1);
    expect((await simCampaigns()).filter((c) => c.campaign_name === "Winter sale")).toHaveLength(1);
  });

  it("a create whose answers were all lost, retried after our own record of it was lost too, makes one campaign", async () => {
    await synced();
    // TikTok makes the campaign, then the connection drops before the answer, on every attempt.
    await w.sim.control.setFaults([{ kind: "reset", path: "/campaign/create/", afterProcessing: true }]);
    const args = createArgs({ name: "Lost answers" });
    const failed = await refusal(marketer().action(api.tiktok.campaigns.create, args));
    expect(failed).toMatchObject({ code: "TIKTOK", retryLater: true });
    expect((await campaignWrites()).length).toBeGreaterThan(1);

    await w.t.run(async (ctx) => {
      for (const op of await ctx.db.query("campaignOperations").collect())
        await ctx.db.delete("campaignOperations", op._id);
    });
    await w.sim.control.clearFaults();
    const { campaignId } = await marketer().action(api.tiktok.campaigns.create, args);
    const atTikTok = (await simCampaigns()).filter((c) => c.campaign_name === "Lost answers");
    expect(atTikTok.map((c) => c.campaign_id)).toEqual([campaignId]);
    expect((await row(campaignId)).name).toBe("Lost answers");
  });

  it("refuses bad input before calling TikTok, naming the field, and writes nothing", async () => {
    await synced();
    const cases: [string, Record<string, unknown>][] = [
      ["name", { name: "   " }],
      ["name", { name: "x".repeat(513) }],
      ["objective", { objective: "MAGIC" }],
      ["budgetMode", { budgetMode: "BUDGET_MODE_WEEKLY" }],
      ["budget", { budget: 49.99 }],
      ["budget", { budget: 60.123 }],
      ["budget", { budgetMode: "BUDGET_MODE_INFINITE", budget: 100 }],
      ["budget", { budget: undefined }],
      // Issue 17, item 6: no upper bound sent 1e21 to TikTok as "1e+21", and stored 2^53 + 2 and 1e15.
      ["budget", { budget: 1e21 }],
      ["budget", { budget: 2 ** 53 + 2 }],
      ["budget", { budget: 1e15 }],
    ];
    const before = await rows();
    for (const [field, overrides] of cases) {
      const data = await refusal(marketer().action(api.tiktok.campaigns.create, createArgs(overrides)));
      expect(data, JSON.stringify(overrides)).toMatchObject({ code: "INVALID", field });
      expect(String(data.message)).not.toBe("");
    }
    expect(await campaignWrites()).toEqual([]);
    expect(await operations()).toEqual([]);
    expect(await rows()).toEqual(before);
  });

  it("maps the deprecated CONVERSIONS objective to WEB_CONVERSIONS", async () => {
    await synced();
    const { campaignId } = await marketer().action(
      api.tiktok.campaigns.create,
      createArgs({ name: "Old name", objective: "CONVERSIONS" }),
    );
    expect((await row(campaignId)).objectiveType).toBe("WEB_CONVERSIONS");
  });
});

describe("changing campaigns", () => {
  async function liveCampaigns() {
    return (await rows()).filter((c) => !c.deleted);
  }

  it("pause is in Convex at once, survives the next sync, and bulk changes go 20 campaigns per TikTok call", async () => {
    await synced();
    const live = await liveCampaigns();
    const target = live.find((c) => c.operationStatus === "ENABLE")!;
    expect(target).toBeDefined();
    await marketer().action(api.tiktok.campaigns.setStatus, {
      workspaceId: w.workspace,
      advertiserId,
      operationKey: newKey(),
      campaignIds: [target.campaignId],
      status: "DISABLE",
    });
    expect((await row(target.campaignId)).operationStatus).toBe("DISABLE");

    await marketer().mutation(api.tiktok.sync.queue.syncNow, { workspaceId: w.workspace, advertiserId });
    await settleSyncs(w);
    expect((await row(target.campaignId)).operationStatus).toBe("DISABLE");

    // A campaign already paused is left out of the call (a change that changes nothing): enable them all first.
    const paused = (await liveWith("DISABLE")).map((c) => c.campaignId);
    await marketer().action(api.tiktok.campaigns.setStatus, setStatusArgs(paused, "ENABLE"));
    await w.sim.control.resetRequests();
    const ids = (await liveWith("ENABLE")).slice(0, 21).map((c) => c.campaignId);
    expect(ids).toHaveLength(21);
    const { campaignIds } = await marketer().action(api.tiktok.campaigns.setStatus, {
      workspaceId: w.workspace,
      advertiserId,
      operationKey: newKey(),
      campaignIds: ids,
      status: "DISABLE",
    });
    expect(campaignIds.sort()).toEqual([...ids].sort());
    const statusCalls = (await campaignWrites()).filter((r) => r.path.endsWith("/campaign/status/update/"));
    expect(statusCalls.map((r) => (r.body as { campaign_ids: string[] }).campaign_ids.length)).toEqual([20, 1]);
    for (const id of ids) expect((await row(id)).operationStatus).toBe("DISABLE");
  });

  it("rename and re-budget update the row at once; a budget under 105% of synced spend is refused before TikTok", async () => {
    await synced();
    const listed = await marketer().query(api.tiktok.campaigns.list, {
      workspaceId: w.workspace,
      advertiserId,
      pageSize: 100,
    });
    const minimum = minimumCampaignBudget(listed.advertiser!.currency)!;
    const spender = listed.rows.find((r) => r.budgetFloor !== null && r.budgetFloor > minimum + 1);
    expect(spender, "a campaign whose synced spend puts its budget floor above the minimum").toBeDefined();

    const under = await refusal(
      marketer().action(api.tiktok.campaigns.update, {
        workspaceId: w.workspace,
        advertiserId,
        operationKey: newKey(),
        campaignId: spender!.campaignId,
        budget: Math.floor(spender!.budgetFloor! - 1),
      }),
    );
    expect(under).toMatchObject({ code: "INVALID", field: "budget" });
    expect(String(under.message)).toMatch(/105%/);
    expect(await campaignWrites()).toEqual([]);

    // At exactly the floor we show, TikTok agrees (the same rounding as TikTok's).
    await marketer().action(api.tiktok.campaigns.update, {
      workspaceId: w.workspace,
      advertiserId,
      operationKey: newKey(),
      campaignId: spender!.campaignId,
      name: "  Renamed  ",
      budget: spender!.budgetFloor!,
    });
    expect(await row(spender!.campaignId)).toMatchObject({ name: "Renamed", budget: spender!.budgetFloor });
    const [entry] = await marketer().query(api.tiktok.campaigns.audit, { workspaceId: w.workspace, advertiserId });
    expect(entry).toMatchObject({
      action: "update",
      before: { name: spender!.name, budget: spender!.budget },
      after: { name: "Renamed", budget: spender!.budgetFloor },
      outcome: "succeeded",
    });
  });

  it("a deleted campaign is refused before TikTok; delete marks the row deleted at once", async () => {
    await synced();
    const [target] = await liveCampaigns();
    await marketer().action(api.tiktok.campaigns.setStatus, {
      workspaceId: w.workspace,
      advertiserId,
      operationKey: newKey(),
      campaignIds: [target!.campaignId],
      status: "DELETE",
    });
    expect(await row(target!.campaignId)).toMatchObject({ deleted: true });
    await w.sim.control.resetRequests();
    const data = await refusal(
      marketer().action(api.tiktok.campaigns.setStatus, {
        workspaceId: w.workspace,
        advertiserId,
        operationKey: newKey(),
        campaignIds: [target!.campaignId],
        status: "ENABLE",
      }),
    );
    expect(data).toMatchObject({ code: "INVALID", field: "campaignIds" });
    expect(await campaignWrites()).toEqual([]);
  });
});

describe("who may change campaigns", () => {
  it("an ops member is refused before any TikTok call", async () => {
    await synced();
    const data = await refusal(w.as(w.users.ops).action(api.tiktok.campaigns.create, createArgs()));
    expect(data.code).toBe("FORBIDDEN");
    expect(await campaignWrites()).toEqual([]);
  });

  it("a marketer removed while TikTok is answering is refused when the answer is written; the audit keeps what happened", async () => {
    await synced();
    const [target] = (await rows()).filter((c) => !c.deleted && c.operationStatus === "ENABLE");
    // TikTok holds the call until the marketer is gone, then carries it out and answers.
    await w.sim.control.setFaults([{ kind: "stall", path: "/campaign/status/update/", count: 1 }]);
    const pausing = marketer().action(api.tiktok.campaigns.setStatus, {
      workspaceId: w.workspace,
      advertiserId,
      operationKey: newKey(),
      campaignIds: [target!.campaignId],
      status: "DISABLE",
    });
    await vi.waitFor(async () => expect(await campaignWrites()).toHaveLength(1), PATIENTLY);
    await w.t.run(async (ctx) => {
      const member = await ctx.db
        .query("members")
        .withIndex("by_workspace_user", (q) => q.eq("workspaceId", w.workspace).eq("userId", w.users.marketer))
        .unique();
      await ctx.db.delete("members", member!._id);
    });
    expect(await w.sim.control.releaseStalls()).toBe(1);
    expect((await refusal(pausing)).code).toBe("FORBIDDEN");
    expect((await row(target!.campaignId)).operationStatus).toBe("ENABLE");
    const [entry] = await w
      .as(w.users.ops)
      .query(api.tiktok.campaigns.audit, { workspaceId: w.workspace, advertiserId });
    expect(entry).toMatchObject({ action: "disable", outcome: "succeeded", campaignIds: [target!.campaignId] });
  });

  it("a token TikTok no longer accepts marks the connection for re-auth and says to reconnect", async () => {
    await synced();
    const { accessToken } = await w.openTokens((await w.connections())[0]!._id);
    await w.sim.control.revoke(accessToken);
    const data = await refusal(marketer().action(api.tiktok.campaigns.create, createArgs()));
    expect(data.code).toBe("NEEDS_REAUTH");
    expect((await w.connections())[0]!.status).toBe("needs_reauth");
    // Now refused before any call: the connection must be reconnected first.
    await w.sim.control.resetRequests();
    expect((await refusal(marketer().action(api.tiktok.campaigns.create, createArgs()))).code).toBe("NEEDS_REAUTH");
    expect(await campaignWrites()).toEqual([]);
  });
});

describe("a change that changes nothing makes no TikTok call (issue 17, item 8)", () => {
  it("fifteen quick presses of Enable on an enabled campaign make no TikTok call, answer 'already', and record nothing", async () => {
    await synced();
    const [target] = await liveWith("ENABLE");
    const answers = await Promise.all(
      Array.from({ length: 15 }, () =>
        marketer().action(api.tiktok.campaigns.setStatus, setStatusArgs([target!.campaignId], "ENABLE")),
      ),
    );
    for (const answer of answers)
      expect(answer).toEqual({ campaignIds: [], unchanged: [target!.campaignId], replayed: false });
    expect(await w.sim.control.requests()).toEqual([]);
    // Nothing reached TikTok, so nothing claims it did: no operation, no audit entry.
    expect(await operations()).toEqual([]);
    expect(await audits()).toEqual([]);
    expect((await row(target!.campaignId)).operationStatus).toBe("ENABLE");
  });

  it("a bulk change sends only the campaigns not already as asked, and says which were", async () => {
    await synced();
    const [a, b, c] = await liveWith("ENABLE");
    await marketer().action(api.tiktok.campaigns.setStatus, setStatusArgs([c!.campaignId], "DISABLE"));
    await w.sim.control.resetRequests();
    const result = await marketer().action(
      api.tiktok.campaigns.setStatus,
      setStatusArgs([a!.campaignId, b!.campaignId, c!.campaignId], "DISABLE"),
    );
    const sent = [a!.campaignId, b!.campaignId].sort();
    expect([...result.campaignIds].sort()).toEqual(sent);
    expect(result.unchanged).toEqual([c!.campaignId]);
    const calls = await statusCalls();
    expect(calls.map((r) => [...(r.body as { campaign_ids: string[] }).campaign_ids].sort())).toEqual([sent]);
    const [latest] = await marketer().query(api.tiktok.campaigns.audit, { workspaceId: w.workspace, advertiserId });
    expect([...latest!.campaignIds].sort()).toEqual(sent);
  });

  it("renaming to the same name or setting the budget it has makes no call; only what differs is sent", async () => {
    await synced();
    const target = (await rows()).find((c) => !c.deleted && c.budget !== undefined)!;
    const update = (fields: { name?: string; budget?: number }) =>
      marketer().action(api.tiktok.campaigns.update, {
        workspaceId: w.workspace,
        advertiserId,
        operationKey: newKey(),
        campaignId: target.campaignId,
        ...fields,
      });
    expect(await update({ name: ` ${target.name} `, budget: target.budget })).toEqual({
      replayed: false,
      unchanged: true,
    });
    expect(await w.sim.control.requests()).toEqual([]);
    expect(await operations()).toEqual([]);

    expect(await update({ name: "A new name", budget: target.budget })).toEqual({ replayed: false, unchanged: false });
    const [call] = (await campaignWrites()).filter((r) => r.path.endsWith("/campaign/update/"));
    expect(call!.body).toMatchObject({ campaign_id: target.campaignId, campaign_name: "A new name" });
    expect(call!.body).not.toHaveProperty("budget");
    expect((await row(target.campaignId)).name).toBe("A new name");
  });

  it("a row TikTok has not confirmed lately, or one with a change of ours whose answer was lost, is sent on to TikTok", async () => {
    await synced();
    const [target] = await liveWith("ENABLE");
    const id = target!.campaignId;
    // Our word on it is older than any sync interval allows (the sync stopped): TikTok, the authority, is asked, and
    // its answer refreshes the row.
    const long = Date.now() - 2 * 24 * 60 * 60_000;
    await w.t.run(async (ctx) => {
      await ctx.db.patch("campaigns", target!._id, { syncedAt: long });
      for (const a of await ctx.db.query("advertisers").collect())
        await ctx.db.patch("advertisers", a._id, { lastSyncedAt: long });
    });
    expect(await marketer().action(api.tiktok.campaigns.setStatus, setStatusArgs([id], "ENABLE"))).toMatchObject({
      campaignIds: [id],
      unchanged: [],
    });
    expect(await statusCalls()).toHaveLength(1);
    expect(await marketer().action(api.tiktok.campaigns.setStatus, setStatusArgs([id], "ENABLE"))).toMatchObject({
      campaignIds: [],
      unchanged: [id],
    });
    expect(await statusCalls()).toHaveLength(1);

    // A pause whose answer was lost may have reached TikTok: the row's "enabled" no longer answers for it.
    await w.t.run((ctx) =>
      ctx.db.insert("campaignOperations", {
        workspaceId: w.workspace,
        operationKey: "lost-answer-operation-key",
        advertiserId,
        userId: w.users.marketer,
        action: "disable",
        fingerprint: "lost",
        campaignIds: [id],
        state: "retryable",
        startedAt: Date.now(),
        error: { message: "TikTok did not answer", retryLater: true },
      }),
    );
    expect(await marketer().action(api.tiktok.campaigns.setStatus, setStatusArgs([id], "ENABLE"))).toMatchObject({
      campaignIds: [id],
    });
    expect(await statusCalls()).toHaveLength(2);
  });
});

describe("limits on campaign writes, per person and per ad account (issue 17, item 8)", () => {
  const PERSON = CAMPAIGN_WRITE_LIMITS.campaignWritesPerPerson;
  const ACCOUNT = CAMPAIGN_WRITE_LIMITS.campaignWritesPerAccount;
  /** The wait for one more write once a bucket is empty, with time standing still. */
  const oneWrite = (limit: { rate: number; period: number }) => Math.ceil(limit.period / limit.rate);

  /** Date stands still from here (the limits refill with time), so every count below is exact on any machine. */
  function holdDate() {
    vi.useFakeTimers({ toFake: ["Date"], now: Date.now() });
  }

  /** A claim as the page's press makes one (campaignOperations.begin), without the TikTok call after it. */
  const claim = (userId: Id<"users">, campaignId: string) =>
    w.t.mutation(internal.tiktok.campaignOperations.begin, {
      workspaceId: w.workspace,
      userId,
      advertiserId,
      operationKey: newKey(),
      fingerprint: newKey(),
      requestId: "1",
      request: { action: "status", campaignIds: [campaignId], status: "DISABLE" },
      now: Date.now(),
    });

  async function anotherMarketer(): Promise<Id<"users">> {
    return w.t.run(async (ctx) => {
      const userId = await ctx.db.insert("users", { email: "third@a.test" });
      await ctx.db.insert("members", { workspaceId: w.workspace, userId, role: "marketer", email: "third@a.test" });
      return userId;
    });
  }

  it("a person's writes past their limit are refused before any TikTok call, saying when to retry; then they go through", async () => {
    await synced();
    const [target, other] = await liveWith("ENABLE");
    holdDate();
    for (let i = 0; i < PERSON.capacity; i++)
      expect((await claim(w.users.marketer, target!.campaignId)).kind).toBe("go");
    const before = await operations();

    const data = await refusal(
      marketer().action(api.tiktok.campaigns.setStatus, setStatusArgs([other!.campaignId], "DISABLE")),
    );
    const wait = oneWrite(PERSON);
    expect(data).toMatchObject({ code: "RATE_LIMITED", scope: "person", retryAfterMs: wait });
    expect(String(data.message)).toContain(`Try again in ${waitInWords(wait)}`);
    expect(waitInWords(wait)).toMatch(/^\d+ seconds?$/);
    expect(await w.sim.control.requests()).toEqual([]);
    expect(await operations()).toEqual(before);

    // Someone else's limit holds no one else back.
    const colleague = await w
      .as(w.users.colleague)
      .action(api.tiktok.campaigns.setStatus, setStatusArgs([other!.campaignId], "DISABLE"));
    expect(colleague.campaignIds).toEqual([other!.campaignId]);

    vi.setSystemTime(Date.now() + wait);
    const after = await marketer().action(api.tiktok.campaigns.setStatus, setStatusArgs([other!.campaignId], "ENABLE"));
    expect(after.campaignIds).toEqual([other!.campaignId]);
  });

  it("an ad account's writes are limited for everyone changing it together", async () => {
    await synced();
    const [target, other] = await liveWith("ENABLE");
    const third = await anotherMarketer();
    holdDate();
    const colleagueShare = ACCOUNT.capacity - PERSON.capacity;
    expect(colleagueShare, "two people can empty the account's allowance").toBeLessThanOrEqual(PERSON.capacity);
    for (let i = 0; i < PERSON.capacity; i++)
      expect((await claim(w.users.marketer, target!.campaignId)).kind).toBe("go");
    for (let i = 0; i < colleagueShare; i++)
      expect((await claim(w.users.colleague, target!.campaignId)).kind).toBe("go");

    const data = await refusal(
      w.as(third).action(api.tiktok.campaigns.setStatus, setStatusArgs([other!.campaignId], "DISABLE")),
    );
    expect(data).toMatchObject({ code: "RATE_LIMITED", scope: "account", retryAfterMs: oneWrite(ACCOUNT) });
    expect(String(data.message)).toMatch(/this ad account/);
    expect(String(data.message)).toContain(`Try again in ${waitInWords(oneWrite(ACCOUNT))}`);
    expect(await w.sim.control.requests()).toEqual([]);
  });

  it("refused input, a replayed key and a change that changes nothing take nothing from the limit", async () => {
    await synced();
    const [target, other] = await liveWith("ENABLE");
    holdDate();
    for (let i = 0; i <= PERSON.capacity; i++) {
      const data = await refusal(marketer().action(api.tiktok.campaigns.create, createArgs({ budget: 1e21 })));
      expect(data).toMatchObject({ code: "INVALID", field: "budget" });
      const same = await marketer().action(
        api.tiktok.campaigns.setStatus,
        setStatusArgs([other!.campaignId], "ENABLE"),
      );
      expect(same.unchanged).toEqual([other!.campaignId]);
    }
    // One real change, then its key pressed again and again: one write.
    const once = setStatusArgs([target!.campaignId], "DISABLE");
    expect((await marketer().action(api.tiktok.campaigns.setStatus, once)).replayed).toBe(false);
    for (let i = 0; i <= PERSON.capacity; i++)
      expect((await marketer().action(api.tiktok.campaigns.setStatus, once)).replayed).toBe(true);
    expect(await statusCalls()).toHaveLength(1);

    for (let i = 1; i < PERSON.capacity; i++)
      expect((await claim(w.users.marketer, other!.campaignId)).kind).toBe("go");
    expect(await refusal(claim(w.users.marketer, other!.campaignId))).toMatchObject({ code: "RATE_LIMITED" });
  });
});

describe("the list's spend column", () => {
  /** Spend per campaign as the Reports page's campaign table shows it for the same dates. */
  async function reportSpend(range: { from: string; to: string }): Promise<Map<string, number | null>> {
    const table = await w.as(w.users.ops).query(api.tiktok.reports.campaignTable, {
      workspaceId: w.workspace,
      advertiserId,
      ...range,
      pageSize: 200,
    });
    return new Map(table.rows.map((r) => [r.campaignId, r.figures.spend]));
  }

  const listed = (today?: string) =>
    marketer().query(api.tiktok.campaigns.list, {
      workspaceId: w.workspace,
      advertiserId,
      pageSize: 100,
      ...(today ? { today } : {}),
    });

  it("covers the 7 whole days before the page's today, the Reports page's Last 7 days, and says which", async () => {
    await synced();
    const [account] = await w.t.run((ctx) => ctx.db.query("advertisers").collect());
    const syncToday = account!.lastSyncToday!;
    // The page's today may be later than the last sync's: the column follows the page, not the sync.
    for (const today of [syncToday, addDays(syncToday, -1)]) {
      const list = await listed(today);
      const week = { from: addDays(today, -7), to: addDays(today, -1) };
      expect({ from: list.spendFrom, to: list.spendTo }).toEqual(week);
      const onReports = await reportSpend(week);
      expect(list.rows.length).toBeGreaterThan(0);
      for (const row of list.rows) expect(row.spend7d, row.name).toBe(onReports.get(row.campaignId) ?? 0);
      expect(list.rows.some((r) => (r.spend7d ?? 0) > 0)).toBe(true);
    }
  });

  it("without the page's today, the last sync's local date stands in, today still left out", async () => {
    await synced();
    const [account] = await w.t.run((ctx) => ctx.db.query("advertisers").collect());
    const today = account!.lastSyncToday!;
    const list = await listed();
    expect({ from: list.spendFrom, to: list.spendTo }).toEqual({ from: addDays(today, -7), to: addDays(today, -1) });
    const onReports = await reportSpend({ from: addDays(today, -7), to: addDays(today, -1) });
    for (const row of list.rows) expect(row.spend7d, row.name).toBe(onReports.get(row.campaignId) ?? 0);
  });

  it("refuses a today that is not a date, and says how to write it", async () => {
    await synced();
    const data = await refusal(listed("tomorrow"));
    expect(String(data.message)).toContain("YYYY-MM-DD");
  });
});

describe("the audit and the filters say exactly what happened (issue 18, item 10)", () => {
  it("a bulk pause's audit entry names the campaigns it paused", async () => {
    await synced();
    const targets = (await liveWith("ENABLE")).slice(0, 3);
    expect(targets).toHaveLength(3);
    await marketer().action(
      api.tiktok.campaigns.setStatus,
      setStatusArgs(
        targets.map((c) => c.campaignId),
        "DISABLE",
      ),
    );
    const [entry] = await marketer().query(api.tiktok.campaigns.audit, { workspaceId: w.workspace, advertiserId });
    expect(entry).toMatchObject({ action: "disable", outcome: "succeeded" });
    expect([...(entry!.campaignNames ?? [])].sort()).toEqual(targets.map((c) => c.name).sort());
  });

  it("a budget change TikTok refuses is logged with the amount tried", async () => {
    await synced();
    const listed = await marketer().query(api.tiktok.campaigns.list, {
      workspaceId: w.workspace,
      advertiserId,
      pageSize: 100,
    });
    const target = listed.rows.find((r) => r.budget !== undefined && r.budgetMode !== "BUDGET_MODE_INFINITE")!;
    expect(target).toBeDefined();
    const tried = Math.max(target.budgetFloor ?? 0, target.budget!) + 25;
    // Every try fails (the client retries TikTok's server errors), so the change ends refused.
    await w.sim.control.setFaults([{ kind: "code50000", path: "/campaign/update/" }]);
    await refusal(
      marketer().action(api.tiktok.campaigns.update, {
        workspaceId: w.workspace,
        advertiserId,
        operationKey: newKey(),
        campaignId: target.campaignId,
        budget: tried,
      }),
    );
    const [entry] = await marketer().query(api.tiktok.campaigns.audit, { workspaceId: w.workspace, advertiserId });
    expect(entry).toMatchObject({
      action: "update",
      outcome: "failed",
      before: { budget: target.budget },
      after: { budget: tried },
    });
  });

  it("the objective filter lists an old and a current name of one objective once, and matches both", async () => {
    await synced();
    const [a, b] = (await rows()).filter((c) => !c.deleted);
    await w.t.run(async (ctx) => {
      await ctx.db.patch("campaigns", a!._id, { objectiveType: "CONVERSIONS" });
      await ctx.db.patch("campaigns", b!._id, { objectiveType: "WEB_CONVERSIONS" });
    });
    const listArgs = { workspaceId: w.workspace, advertiserId, pageSize: 100 };
    const all = await marketer().query(api.tiktok.campaigns.list, listArgs);
    expect(all.objectives.filter((o) => o === "CONVERSIONS" || o === "WEB_CONVERSIONS")).toHaveLength(1);
    for (const objective of ["CONVERSIONS", "WEB_CONVERSIONS"]) {
      const shown = await marketer().query(api.tiktok.campaigns.list, { ...listArgs, objective });
      const ids = shown.rows.map((r) => r.campaignId);
      expect(ids).toContain(a!.campaignId);
      expect(ids).toContain(b!.campaignId);
    }
  });
});
