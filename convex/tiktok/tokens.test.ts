/**
 * Keeping connections working (convex/tiktok/tokens.ts), with the simulator as TikTok and Date moved through the
 * hours (tools/testing/clock.ts): the sweep in both token modes, leases, failures, disconnect and key rotation.
 */
import { afterEach, describe, expect, it, vi } from "vitest";
import { installTestClock, PATIENTLY, timed, type TestClock } from "../../tools/testing/clock";
import { connectWorld, type World, type WorldOptions } from "../../tools/testing/connect-world";
import { keyringFromEnv, seal, unseal } from "../../lib/secrets/keyring";
import { api, internal } from "../_generated/api";
import type { Doc, Id } from "../_generated/dataModel";
import { DEFAULT_REFRESH_WINDOW_MS } from "./settings";
import { VERIFY_EVERY_MS } from "./tokenSchedule";
import { checkSpacingMs, LEASE_MS } from "./tokens";

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

// Real HTTP to the simulator and the client's real back-off sleeps (up to 7.5 s per failing check, at random): on a
// busy 2-core machine a test can take several times its idle time.
vi.setConfig({ testTimeout: 60_000 });

let w: World;
let clock: TestClock | undefined;
afterEach(async () => {
  clock?.restore();
  await w?.close();
});

/** A world with one connection covering the first two advertisers, and Date under the test's control. */
async function connected(options: WorldOptions = {}) {
  // Date keeps running with real time, at its pace: the client's pacing and the simulator run on real timers.
  clock = installTestClock();
  w = await connectWorld(options);
  const ids = w.advertiserIds.slice(0, 2);
  const result = await w.connect(w.users.marketer, ids);
  expect(result.outcome).toBe("connected");
  const [connection] = await w.connections();
  return { connection: connection!, ids };
}

async function connection(id: Id<"connections">): Promise<Doc<"connections">> {
  return (await w.t.run((ctx) => ctx.db.get("connections", id)))!;
}

/** Runs the cron's sweep and waits for the maintain actions it scheduled. Returns how many it scheduled. */
async function sweep(): Promise<number> {
  const scheduled = await w.t.mutation(internal.tiktok.tokens.sweep, {});
  await settle();
  return scheduled;
}

/** `sweep()`, with the clock's readings around it: `.during` matches a time the sweep's checks stamped. */
const timedSweep = () => timed(sweep);

/** Waits for scheduled functions due now (timers stay real: only Date is shifted, so nothing is advanced here). */
async function settle() {
  await w.t.finishAllScheduledFunctions(() => {});
}

function later(ms: number) {
  clock!.advance(ms);
}

async function works(accessToken: string, advertiserId: string): Promise<number> {
  const res = await fetch(
    `${w.sim.apiBase}/advertiser/info/?advertiser_ids=${encodeURIComponent(JSON.stringify([advertiserId]))}`,
    { headers: { "Access-Token": accessToken } },
  );
  return ((await res.json()) as { code: number }).code;
}

describe("long-lived tokens (the Marketing API's)", () => {
  it("are left alone until 6 hours after the last verification, then verified once", async () => {
    const { connection: c } = await connected();
    later(VERIFY_EVERY_MS - MINUTE);
    expect(await sweep()).toBe(0);
    later(2 * MINUTE);
    const swept = await timedSweep();
    expect(swept.result).toBe(1);
    const after = await connection(c._id);
    expect(after.verifiedAt).toEqual(swept.during);
    expect(after.nextCheckAt).toBe(after.verifiedAt! + VERIFY_EVERY_MS);
    expect(after.leaseId).toBeUndefined();
    expect(await w.calls("/oauth2/advertiser/get/")).toHaveLength(1);
    expect(await w.calls("/oauth2/access_token/")).toHaveLength(1); // only the connect's exchange: nothing to refresh
    expect(await sweep()).toBe(0);
  });

  it("verification adds accounts granted since connecting and marks removed ones unreachable", async () => {
    const { connection: c, ids } = await connected();
    const { accessToken } = await w.openTokens(c._id);
    const granted = w.advertiserIds[2]!;
    await w.sim.control.grant(accessToken, granted);
    await w.sim.control.removeAdvertiser(accessToken, ids[1]!);
    later(VERIFY_EVERY_MS);
    const swept = await timedSweep();
    const rows = new Map((await w.advertisers()).map((a) => [a.advertiserId, a]));
    expect(rows.get(granted)).toMatchObject({
      connectionId: c._id,
      accessible: true,
      syncRequestedAt: expect.any(Number),
    });
    expect(rows.get(granted)!.name).not.toBe("");
    expect(rows.get(ids[0]!)).toMatchObject({ accessible: true });
    expect(rows.get(ids[1]!)).toMatchObject({ accessible: false, lostAt: swept.during });
  });

  it("one empty list of authorized advertisers marks nothing unreachable: advertiser/info is asked first", async () => {
    const { connection: c, ids } = await connected();
    await w.sim.control.setFaults([{ kind: "emptyList", path: "/oauth2/advertiser/get/", count: 1 }]);
    later(VERIFY_EVERY_MS);
    const swept = await timedSweep();
    expect((await w.advertisers()).filter((a) => ids.includes(a.advertiserId)).map((a) => a.accessible)).toEqual([
      true,
      true,
    ]);
    expect(await connection(c._id)).toMatchObject({ status: "active", verifiedAt: swept.during });
    expect((await w.calls("/oauth2/advertiser/get/")).at(-1)).toMatchObject({ fault: "emptyList" });
  });

  it("an account really lost is found among the held ones and marked, the others kept", async () => {
    const { connection: c } = await connected();
    const held = w.advertiserIds; // the small dataset's three accounts
    expect(held).toHaveLength(3);
    await w.connect(w.users.marketer, held);
    const { accessToken } = await w.openTokens(c._id);
    await w.sim.control.removeAdvertiser(accessToken, held[1]!);
    await w.sim.control.setFaults([{ kind: "emptyList", path: "/oauth2/advertiser/get/", count: 1 }]);
    later(VERIFY_EVERY_MS);
    const swept = await timedSweep();
    const rows = new Map((await w.advertisers()).map((a) => [a.advertiserId, a]));
    expect(held.map((id) => rows.get(id)!.accessible)).toEqual([true, false, true]);
    expect(rows.get(held[1]!)).toMatchObject({ lostAt: swept.during });
  });

  it("a token the advertiser revoked marks the connection needs_reauth with TikTok's code and request_id, and the sweep stops", async () => {
    const { connection: c } = await connected();
    await w.sim.control.revoke((await w.openTokens(c._id)).accessToken);
    later(VERIFY_EVERY_MS);
    const swept = await timedSweep();
    expect(swept.result).toBe(1);
    const after = await connection(c._id);
    expect(after.status).toBe("needs_reauth");
    expect(after.lastError).toMatchObject({
      code: 40105,
      kind: "auth",
      requestId: expect.any(String),
      at: swept.during,
    });
    const [view] = await w.as(w.users.ops).query(api.tiktok.connections.list, { workspaceId: w.workspace });
    expect(view).toMatchObject({ status: "needs_reauth", lastError: { code: 40105 } });
    later(VERIFY_EVERY_MS);
    expect(await sweep()).toBe(0);
    // Reconnect brings the same connection back.
    expect((await w.connect(w.users.marketer, w.advertiserIds.slice(0, 2))).outcome).toBe("reconnected");
    expect(await connection(c._id)).toMatchObject({ status: "active", failures: 0 });
  });

  it("TikTok failing backs off, keeps the connection active and the error readable, and recovers", async () => {
    const { connection: c } = await connected();
    await w.sim.control.setFaults([{ kind: "http500", path: "/oauth2/advertiser/get/" }]);
    later(VERIFY_EVERY_MS);
    await sweep();
    let after = await connection(c._id);
    expect(after).toMatchObject({ status: "active", failures: 1, lastError: { kind: "server" } });
    expect(after.nextCheckAt - after.lastError!.at).toBe(15 * MINUTE);
    later(15 * MINUTE);
    await sweep();
    after = await connection(c._id);
    expect(after.failures).toBe(2);
    expect(after.nextCheckAt - after.lastError!.at).toBe(30 * MINUTE); // doubled
    await w.sim.control.clearFaults();
    later(30 * MINUTE);
    const swept = await timedSweep();
    after = await connection(c._id);
    expect(after).toMatchObject({ status: "active", failures: 0, verifiedAt: swept.during });
    expect(after.lastError).toBeUndefined();
  });

  it("in TikTok's sandbox (no oauth2/advertiser/get) verification reads the held accounts instead", async () => {
    const { connection: c } = await connected({ flavor: "sandbox" });
    later(VERIFY_EVERY_MS);
    // TikTok's clock moves too: the sandbox counts each endpoint's requests per second, minute and day.
    await w.sim.control.advanceClock(VERIFY_EVERY_MS);
    const swept = await timedSweep();
    console.log(
      "DEBUG",
      JSON.stringify(await connection(c._id)),
      JSON.stringify((await w.sim.control.requests?.()) ?? null).slice(0, 2000),
    );
    expect(await connection(c._id)).toMatchObject({ status: "active", verifiedAt: swept.during });
    expect(await w.calls("/oauth2/advertiser/get/")).toEqual([]);
  });
});

describe("expiring tokens (the ~24 h expiring tokens some docs describe, docs/tiktok-api.md §7)", () => {
  it("are refreshed inside the refresh window: the new token is stored, the refresh token kept, the old token dead", async () => {
    const { connection: c, ids } = await connected({ tokenMode: "expiring" });
    expect(c.tokenMode).toBe("expiring");
    expect(c.expiresAt).toBeGreaterThan(Date.now());
    const old = await w.openTokens(c._id);
    expect(old.refreshToken).toEqual(expect.any(String));

    const refreshes = async () =>
      (await w.calls("/oauth2/access_token/")).filter(
        (r) => (r.body as { grant_type?: string }).grant_type === "refresh_token",
      );
    // Just before the window: the 6-hourly verification runs, but nothing is refreshed yet.
    clock!.setTo(c.expiresAt! - DEFAULT_REFRESH_WINDOW_MS - MINUTE);
    await sweep();
    expect(await refreshes()).toHaveLength(0);
    // The next look is one sweep interval later, inside the window, well before the expiry.
    const next = (await connection(c._id)).nextCheckAt;
    expect(next).toBeGreaterThan(c.expiresAt! - DEFAULT_REFRESH_WINDOW_MS);
    expect(next).toBeLessThanOrEqual(c.expiresAt! - DEFAULT_REFRESH_WINDOW_MS + 15 * MINUTE);
    clock!.setTo(next);
    const swept = await timedSweep();
    expect(swept.result).toBe(1);
    expect(await refreshes()).toHaveLength(1);
    const after = await connection(c._id);
    expect(after).toMatchObject({ status: "active", tokenMode: "expiring", refreshedAt: swept.during, failures: 0 });
    expect(after.expiresAt).toBeGreaterThan(c.expiresAt!);
    const now = await w.openTokens(c._id);
    expect(now.accessToken).not.toBe(old.accessToken);
    expect(now.refreshToken).toBe(old.refreshToken); // the simulator does not rotate it; we keep what we had
    expect(await works(now.accessToken, ids[0]!)).toBe(0);
    expect(await works(old.accessToken, ids[0]!)).toBe(40105);
  });

  it("50 concurrent refresh triggers on one connection make exactly one token call and lose no token", async () => {
    const { connection: c, ids } = await connected({ tokenMode: "expiring" });
    clock!.setTo(c.expiresAt! - DEFAULT_REFRESH_WINDOW_MS + MINUTE);
    const results = await Promise.all(
      Array.from({ length: 50 }, () => w.t.action(internal.tiktok.tokens.maintain, { connectionId: c._id })),
    );
    expect(results.filter((r) => r === "ok")).toHaveLength(1);
    expect(results.filter((r) => r === "skipped")).toHaveLength(49);
    const refreshes = (await w.calls("/oauth2/access_token/")).filter(
      (r) => (r.body as { grant_type?: string }).grant_type === "refresh_token",
    );
    expect(refreshes).toHaveLength(1);
    expect(await works((await w.openTokens(c._id)).accessToken, ids[0]!)).toBe(0);
  });

  it("a malformed refresh answer never replaces the good token", async () => {
    const { connection: c, ids } = await connected({ tokenMode: "expiring" });
    const before = await w.openTokens(c._id);
    await w.sim.control.setFaults([{ kind: "malformed", path: "/oauth2/access_token/", count: 1 }]);
    clock!.setTo(c.expiresAt! - DEFAULT_REFRESH_WINDOW_MS + MINUTE);
    await sweep();
    const after = await connection(c._id);
    expect(after).toMatchObject({ status: "active", failures: 1, lastError: { kind: "malformed_response" } });
    expect(after.refreshedAt).toBeUndefined();
    expect(await w.openTokens(c._id)).toEqual(before);
    expect(await works(before.accessToken, ids[0]!)).toBe(0);
    // The next sweep after the back-off refreshes normally.
    later(15 * MINUTE);
    const swept = await timedSweep();
    expect(await connection(c._id)).toMatchObject({ failures: 0, refreshedAt: swept.during });
  });

  it("a token TikTok already calls expired (40102) is refreshed on the spot, not sent back to the consent page", async () => {
    const { connection: c, ids } = await connected({ tokenMode: "expiring" });
    await w.sim.control.advanceClock(25 * HOUR); // TikTok's clock runs ahead: the access token has lapsed there
    later(VERIFY_EVERY_MS); // our clock: only the 6-hourly verification is due
    const swept = await timedSweep();
    const after = await connection(c._id);
    expect(after).toMatchObject({
      status: "active",
      failures: 0,
      refreshedAt: swept.during,
      verifiedAt: swept.during,
    });
    expect(await works((await w.openTokens(c._id)).accessToken, ids[0]!)).toBe(0);
  });

  it("a disconnect while a refresh is in flight: the refreshed token, which nobody will hold, is ended at TikTok", async () => {
    const { connection: c } = await connected({ tokenMode: "expiring" });
    clock!.setTo(c.expiresAt! - DEFAULT_REFRESH_WINDOW_MS + MINUTE);
    // TikTok acts on the refresh, then its answer is held until the disconnect is through.
    await w.sim.control.setFaults([{ kind: "stall", path: "/oauth2/access_token/", afterProcessing: true, count: 1 }]);
    const run = w.t.action(internal.tiktok.tokens.maintain, { connectionId: c._id });
    await vi.waitFor(
      async () =>
        expect(
          (await w.calls("/oauth2/access_token/")).some(
            (r) => (r.body as { grant_type?: string }).grant_type === "refresh_token",
          ),
        ).toBe(true),
      PATIENTLY,
    );
    expect(
      await w
        .as(w.users.marketer)
        .action(api.tiktok.connections.disconnect, { workspaceId: w.workspace, connectionId: c._id }),
    ).toEqual({ revokedAtTikTok: true });
    expect(await w.sim.control.releaseStalls()).toBe(1);
    expect(await run).toBe("lost_lease");
    expect(await w.tokens()).toEqual([]);
    // Two revokes: the disconnect's, of the old token (TikTok already ended it with the refresh: 40105, which
    // counts as done), and the refreshed token's, which only that second revoke ends.
    expect((await w.calls("/oauth2/revoke_token/")).map((r) => r.code)).toEqual([40105, 0]);
  });

  it("a revoked authorization (refresh token invalid, 40107) marks the connection needs_reauth", async () => {
    const { connection: c } = await connected({ tokenMode: "expiring" });
    await w.sim.control.revoke((await w.openTokens(c._id)).accessToken);
    clock!.setTo(c.expiresAt! - DEFAULT_REFRESH_WINDOW_MS + MINUTE);
    await sweep();
    expect(await connection(c._id)).toMatchObject({ status: "needs_reauth", lastError: { code: 40107 } });
  });

  it("a refresh token past its own expiry (40103) marks the connection needs_reauth, not a retry", async () => {
    const { connection: c } = await connected({ tokenMode: "expiring" });
    await w.sim.control.advanceClock(366 * 24 * HOUR); // TikTok's clock: the refresh token's year is over
    clock!.setTo(c.expiresAt! - DEFAULT_REFRESH_WINDOW_MS + MINUTE);
    await sweep();
    expect(await connection(c._id)).toMatchObject({ status: "needs_reauth", lastError: { code: 40103 } });
  });

  it.each([
    ["the default 2-hour window: not yet", undefined, 0],
    ["a 10-hour window (TIKTOK_TOKEN_REFRESH_WINDOW_MINUTES=600): refreshed", "600", 1],
  ] as const)("the refresh window is a setting: 9 hours before expiry, %s", async (_name, minutes, expected) => {
    const { connection: c } = await connected({
      tokenMode: "expiring",
      env: minutes ? { TIKTOK_TOKEN_REFRESH_WINDOW_MINUTES: minutes } : {},
    });
    clock!.setTo(c.expiresAt! - 9 * HOUR);
    expect(await sweep()).toBe(1); // the 6-hourly verification is due either way
    const refreshes = (await w.calls("/oauth2/access_token/")).filter(
      (r) => (r.body as { grant_type?: string }).grant_type === "refresh_token",
    );
    expect(refreshes).toHaveLength(expected);
  });
});

describe("the sweep", () => {
  it("spreads its checks out so they use at most half the app's rate budget", async () => {
    const { connection: c } = await connected();
    await w.t.run(async (ctx) => {
      for (let i = 0; i < 3; i++)
        await ctx.db.insert("connections", { ...c, _id: undefined, _creationTime: undefined, nextCheckAt: 0 } as never);
      await ctx.db.patch("connections", c._id, { nextCheckAt: 0 });
    });
    expect(checkSpacingMs()).toBe(Math.ceil(2000 / (10 * 0.97 * 0.5))); // Basic: 10/s, governed at 97%, half of it
    expect(await w.t.mutation(internal.tiktok.tokens.sweep, {})).toBe(4);
    const times = (await w.t.run((ctx) => ctx.db.system.query("_scheduled_functions").collect()))
      .filter((f) => f.name === "tiktok/tokens:maintain")
      .map((f) => f.scheduledTime)
      .sort((a, b) => a - b);
    expect(times.slice(1).map((t, i) => t - times[i]!)).toEqual([checkSpacingMs(), checkSpacingMs(), checkSpacingMs()]);
  });
});

describe("handing out checks", () => {
  it("a connection handed out is not handed out again by the next sweep", async () => {
    const { connection: c } = await connected();
    later(VERIFY_EVERY_MS);
    const handedOut = await timed(async () => {
      expect(await w.t.mutation(internal.tiktok.tokens.sweep, {})).toBe(1);
      expect(await w.t.mutation(internal.tiktok.tokens.sweep, {})).toBe(0);
      await settle();
    });
    expect(await connection(c._id)).toMatchObject({ verifiedAt: handedOut.during });
  });

  it("with more due than one batch, the follow-up batch waits at least a minute", async () => {
    const { connection: c } = await connected();
    await w.t.run(async (ctx) => {
      for (let i = 0; i < 101; i++)
        await ctx.db.insert("connections", { ...c, _id: undefined, _creationTime: undefined, nextCheckAt: 0 } as never);
    });
    const before = Date.now();
    expect(await w.t.mutation(internal.tiktok.tokens.sweep, {})).toBe(100);
    const pending = await w.t.run(async (ctx) => {
      const all = await ctx.db.system.query("_scheduled_functions").collect();
      // Nothing should actually run after this test: the rows have no tokens, and the world goes away.
      for (const f of all) if (f.state.kind === "pending") await ctx.scheduler.cancel(f._id);
      return all.filter((f) => f.name === "tiktok/tokens:sweep").map((f) => f.scheduledTime - before);
    });
    expect(pending).toHaveLength(1);
    expect(pending[0]).toBeGreaterThanOrEqual(60_000);
  });
});

describe("one refresh at a time", () => {
  it("a reconnect while a refresh holds the lease wins: the refresh's late commit is refused", async () => {
    const { connection: c } = await connected({ tokenMode: "expiring" });
    clock!.setTo(c.expiresAt! - DEFAULT_REFRESH_WINDOW_MS + MINUTE);
    const held = await w.t.mutation(internal.tiktok.tokens.claim, {
      connectionId: c._id,
      leaseId: "stale-lease",
      now: Date.now(),
    });
    expect(held).not.toBeNull();
    expect(
      await w.t.mutation(internal.tiktok.tokens.claim, { connectionId: c._id, leaseId: "second", now: Date.now() }),
    ).toBeNull();
    await w.connect(w.users.marketer, w.advertiserIds.slice(0, 2));
    const fresh = await w.openTokens(c._id);
    const committed = await w.t.mutation(internal.tiktok.tokens.commit, {
      connectionId: c._id,
      leaseId: "stale-lease",
      now: Date.now(),
      release: true,
      refreshWindowMs: DEFAULT_REFRESH_WINDOW_MS,
      tokens: { accessToken: held!.accessToken, refreshToken: held!.refreshToken, accessTokenHash: "stale" },
    });
    expect(committed).toBe(false);
    expect(await w.openTokens(c._id)).toEqual(fresh);
  });

  it("an abandoned lease expires, so a crashed run does not block the connection for good", async () => {
    const { connection: c } = await connected();
    later(VERIFY_EVERY_MS);
    await w.t.mutation(internal.tiktok.tokens.claim, { connectionId: c._id, leaseId: "crashed", now: Date.now() });
    expect(await sweep()).toBe(0);
    later(LEASE_MS + 1);
    const swept = await timedSweep();
    expect(swept.result).toBe(1);
    expect(await connection(c._id)).toMatchObject({ verifiedAt: swept.during });
  });
});

describe("encryption keys", () => {
  it("a rotated key: old tokens still open, and the next check re-seals them with the new key", async () => {
    const { connection: c, ids } = await connected();
    const before = await w.openTokens(c._id);
    const newKey = btoa(String.fromCharCode(...new Array(32).fill(9)));
    vi.stubEnv("TOKEN_ENCRYPTION_OLD_KEYS", `k1:${w.env.TOKEN_ENCRYPTION_KEY}`);
    vi.stubEnv("TOKEN_ENCRYPTION_KEY", newKey);
    vi.stubEnv("TOKEN_ENCRYPTION_KEY_ID", "k2");
    w.env.TOKEN_ENCRYPTION_OLD_KEYS = `k1:${w.env.TOKEN_ENCRYPTION_KEY}`;
    w.env.TOKEN_ENCRYPTION_KEY = newKey;
    w.env.TOKEN_ENCRYPTION_KEY_ID = "k2";
    later(VERIFY_EVERY_MS);
    await sweep();
    const [tokens] = await w.tokens();
    expect(tokens!.accessToken.keyId).toBe("k2");
    expect(await w.openTokens(c._id)).toEqual(before);
    expect(await works(before.accessToken, ids[0]!)).toBe(0);
  });

  it("a ciphertext moved onto another connection does not open", async () => {
    const { connection: c } = await connected();
    await w.t.run((ctx) => ctx.db.patch("connections", c._id, { binding: "another-connection" }));
    await expect(w.openTokens(c._id)).rejects.toThrow(/could not be decrypted/);
  });
  it("the access and refresh ciphertexts swapped in the database open as neither, and the check fails without a token in sight", async () => {
    const { connection: c } = await connected({ tokenMode: "expiring" });
    const before = await w.openTokens(c._id);
    await w.t.run(async (ctx) => {
      const row = (await ctx.db
        .query("connectionTokens")
        .withIndex("by_connection", (q) => q.eq("connectionId", c._id))
        .unique())!;
      await ctx.db.patch("connectionTokens", row._id, {
        accessToken: row.refreshToken!,
        refreshToken: row.accessToken,
      });
    });
    await expect(w.openTokens(c._id)).rejects.toThrow(/could not be decrypted/);
    later(VERIFY_EVERY_MS);
    await sweep();
    const after = await connection(c._id);
    expect(after.lastError).toMatchObject({ kind: "config", message: expect.stringMatching(/could not be decrypted/) });
    expect(JSON.stringify(after)).not.toContain(before.accessToken);
    expect(JSON.stringify(after)).not.toContain(before.refreshToken!);
  });

  it("tokens sealed before the field was bound (binding alone) still open, and the next check re-seals them", async () => {
    const { connection: c, ids } = await connected({ tokenMode: "expiring" });
    const plain = await w.openTokens(c._id);
    const ring = await keyringFromEnv(w.env);
    await w.t.run(async (ctx) => {
      const row = (await ctx.db
        .query("connectionTokens")
        .withIndex("by_connection", (q) => q.eq("connectionId", c._id))
        .unique())!;
      await ctx.db.patch("connectionTokens", row._id, {
        accessToken: await seal(ring, plain.accessToken, c.binding),
        refreshToken: await seal(ring, plain.refreshToken!, c.binding),
      });
    });
    expect(await w.openTokens(c._id)).toEqual(plain);
    later(VERIFY_EVERY_MS);
    await sweep();
    const [tokens] = await w.tokens();
    await expect(unseal(ring, tokens!.accessToken, c.binding)).rejects.toThrow(); // no longer the old scheme
    expect(await unseal(ring, tokens!.accessToken, `${c.binding}/access`)).toBe(plain.accessToken);
    expect(await unseal(ring, tokens!.refreshToken!, `${c.binding}/refresh`)).toBe(plain.refreshToken);
    expect(await works(plain.accessToken, ids[0]!)).toBe(0);
  });
});

describe("disconnecting", () => {
  it("revokes at TikTok, deletes the tokens, marks the connection revoked and its advertisers unreachable", async () => {
    const { connection: c, ids } = await connected();
    const { accessToken } = await w.openTokens(c._id);
    const disconnected = await timed(() =>
      w
        .as(w.users.marketer)
        .action(api.tiktok.connections.disconnect, { workspaceId: w.workspace, connectionId: c._id }),
    );
    expect(disconnected.result).toEqual({ revokedAtTikTok: true });
    expect(await w.tokens()).toEqual([]);
    expect(await connection(c._id)).toMatchObject({ status: "revoked", revokedAt: disconnected.during });
    expect((await w.advertisers()).every((a) => !a.accessible)).toBe(true);
    expect(await works(accessToken, ids[0]!)).toBe(40105);
    later(VERIFY_EVERY_MS);
    expect(await sweep()).toBe(0);
  });

  it("disconnecting twice is the same as once", async () => {
    const { connection: c } = await connected();
    await w
      .as(w.users.marketer)
      .action(api.tiktok.connections.disconnect, { workspaceId: w.workspace, connectionId: c._id });
    const once = await connection(c._id);
    later(MINUTE);
    expect(
      await w
        .as(w.users.marketer)
        .action(api.tiktok.connections.disconnect, { workspaceId: w.workspace, connectionId: c._id }),
    ).toEqual({ revokedAtTikTok: false });
    expect(await connection(c._id)).toEqual(once);
    expect(await w.calls("/oauth2/revoke_token/")).toHaveLength(1);
  });

  it("still disconnects when TikTok cannot be reached, and says so", async () => {
    const { connection: c } = await connected();
    await w.sim.control.setFaults([{ kind: "http500", path: "/oauth2/revoke_token/" }]);
    const result = await w
      .as(w.users.marketer)
      .action(api.tiktok.connections.disconnect, { workspaceId: w.workspace, connectionId: c._id });
    expect(result).toEqual({ revokedAtTikTok: false });
    expect(await w.tokens()).toEqual([]);
    expect(await connection(c._id)).toMatchObject({ status: "revoked" });
  });

  it("leaves TikTok's token alone when another workspace's connection holds the same one", async () => {
    const { connection: c, ids } = await connected();
    const { accessToken } = await w.openTokens(c._id);
    const twin = await w.t.run(async (ctx) => {
      const tokens = (await ctx.db.query("connectionTokens").first())!;
      const other = await ctx.db.insert("connections", {
        ...c,
        _id: undefined,
        _creationTime: undefined,
        workspaceId: w.otherWorkspace,
      } as never);
      await ctx.db.insert("connectionTokens", {
        ...tokens,
        _id: undefined,
        _creationTime: undefined,
        connectionId: other,
      } as never);
      return other;
    });
    expect(twin).toBeDefined();
    const result = await w
      .as(w.users.marketer)
      .action(api.tiktok.connections.disconnect, { workspaceId: w.workspace, connectionId: c._id });
    expect(result).toEqual({ revokedAtTikTok: false });
    expect(await works(accessToken, ids[0]!)).toBe(0);
  });

  it("another workspace's connection id is not found", async () => {
    const { connection: c } = await connected();
    const error = await w
      .as(w.users.outsider)
      .action(api.tiktok.connections.disconnect, { workspaceId: w.otherWorkspace, connectionId: c._id })
      .catch((e: unknown) => e);
    expect(String((error as Error).message)).toMatch(/does not exist in your workspace/);
    expect(await connection(c._id)).toMatchObject({ status: "active" });
  });
});

describe("the call ledger", () => {
  it("keeps 30 days: the daily cleanup removes older calls", async () => {
    await connected();
    const calls = async () => (await w.t.run((ctx) => ctx.db.query("tiktokCalls").collect())).length;
    expect(await calls()).toBe(2);
    later(29 * 24 * HOUR);
    await w.t.mutation(internal.retention.prune, { table: "tiktokCalls" });
    await settle();
    expect(await calls()).toBe(2);
    later(2 * 24 * HOUR);
    await w.t.mutation(internal.retention.prune, { table: "tiktokCalls" });
    await settle();
    expect(await calls()).toBe(0);
  });
});
