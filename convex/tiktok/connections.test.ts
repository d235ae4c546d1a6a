import { convexTest } from "convex-test";
import rateLimiterTest from "@convex-dev/rate-limiter/test";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { sha256Hex } from "../../lib/secrets/keyring";
import { timed } from "../../tools/testing/clock";
import { api, internal } from "../_generated/api";
import type { Id } from "../_generated/dataModel";
import schema from "../schema";
import { modules } from "../test.setup";
import { STATE_TTL_MS } from "./oauthState";

const ENV = {
  TIKTOK_APP_ID: "app-123",
  TIKTOK_APP_SECRET: "secret-never-shown-456",
  TIKTOK_ENVIRONMENT: "local",
  TIKTOK_API_ORIGIN: "http://127.0.0.1:8787",
  TIKTOK_REDIRECT_URI: "http://localhost:3000/api/auth/tiktok/callback",
};

async function setup() {
  const t = convexTest({ schema, modules, transactionLimits: true });
  rateLimiterTest.register(t);
  const ids = await t.run(async (ctx) => {
    const marketer = await ctx.db.insert("users", { email: "m@a.test" });
    const other = await ctx.db.insert("users", { email: "o@a.test" });
    const workspaceId = await ctx.db.insert("workspaces", { name: "A", createdBy: marketer });
    await ctx.db.insert("members", { workspaceId, userId: marketer, role: "marketer" });
    await ctx.db.insert("members", { workspaceId, userId: other, role: "marketer" });
    return { marketer, other, workspaceId };
  });
  const as = (userId: Id<"users">) => t.withIdentity({ subject: `${userId}|s` });
  return { t, ids, as };
}

describe("starting a TikTok connection", () => {
  beforeEach(() => {
    for (const [k, v] of Object.entries(ENV)) vi.stubEnv(k, v);
  });
  afterEach(() => vi.unstubAllEnvs());

  it("returns the portal URL with the app id, the registered redirect URI and an unguessable state", async () => {
    const { ids, as } = await setup();
    const { url } = await as(ids.marketer).action(api.tiktok.connections.start, { workspaceId: ids.workspaceId });
    const parsed = new URL(url);
    expect(parsed.origin + parsed.pathname).toBe("http://127.0.0.1:8787/portal/auth");
    expect(parsed.searchParams.get("app_id")).toBe("app-123");
    expect(parsed.searchParams.get("redirect_uri")).toBe(ENV.TIKTOK_REDIRECT_URI);
    expect(parsed.searchParams.get("state")).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(url).not.toContain(ENV.TIKTOK_APP_SECRET);
  });

  it("stores only the state's hash, bound to the user and workspace, expiring in 10 minutes", async () => {
    const { t, ids, as } = await setup();
    const started = await timed(() =>
      as(ids.marketer).action(api.tiktok.connections.start, {
        workspaceId: ids.workspaceId,
        returnTo: "/connections?from=settings",
      }),
    );
    const { url } = started.result;
    const state = new URL(url).searchParams.get("state")!;
    const rows = await t.run((ctx) => ctx.db.query("oauthStates").collect());
    expect(rows).toHaveLength(1);
    expect(JSON.stringify(rows)).not.toContain(state);
    expect(rows[0]).toMatchObject({
      stateHash: await sha256Hex(state),
      userId: ids.marketer,
      workspaceId: ids.workspaceId,
      returnTo: "/connections?from=settings",
    });
    // Stamped while start ran: its time plus the 10 minutes.
    expect(rows[0]!.expiresAt - STATE_TTL_MS).toEqual(started.during);
  });

  it.each(["https://evil.test/", "//evil.test/x", "/\\evil.test", "connections"])(
    "refuses returnTo %j and stores nothing",
    async (returnTo) => {
      const { t, ids, as } = await setup();
      await expect(
        as(ids.marketer).action(api.tiktok.connections.start, { workspaceId: ids.workspaceId, returnTo }),
      ).rejects.toThrow(/path on this site/);
      expect(await t.run((ctx) => ctx.db.query("oauthStates").collect())).toEqual([]);
    },
  );

  it("names the missing setting when the deployment is not configured, without leaking the secret", async () => {
    vi.stubEnv("TIKTOK_REDIRECT_URI", "");
    const { ids, as } = await setup();
    const error: unknown = await as(ids.marketer)
      .action(api.tiktok.connections.start, { workspaceId: ids.workspaceId })
      .then(
        () => undefined,
        (e: unknown) => e,
      );
    expect(String((error as Error).message) + JSON.stringify((error as { data?: unknown }).data)).toMatch(
      /TIKTOK_REDIRECT_URI is not set/,
    );
    expect(JSON.stringify((error as { data?: unknown }).data)).not.toContain(ENV.TIKTOK_APP_SECRET);
  });
});

describe("consuming an OAuth state", () => {
  it("succeeds once; a replay is already_used", async () => {
    const { t, ids } = await setup();
    const stateHash = await sha256Hex("state-1");
    const now = Date.now();
    await t.mutation(internal.tiktok.oauthState.save, {
      stateHash,
      workspaceId: ids.workspaceId,
      userId: ids.marketer,
      returnTo: "/connections",
      now,
    });
    expect(
      await t.mutation(internal.tiktok.oauthState.consume, { stateHash, userId: ids.marketer, now: now + 1 }),
    ).toEqual({ ok: true, workspaceId: ids.workspaceId, returnTo: "/connections" });
    expect(
      await t.mutation(internal.tiktok.oauthState.consume, { stateHash, userId: ids.marketer, now: now + 2 }),
    ).toEqual({ ok: false, reason: "already_used" });
  });

  it("refuses an unknown state", async () => {
    const { t, ids } = await setup();
    expect(
      await t.mutation(internal.tiktok.oauthState.consume, {
        stateHash: await sha256Hex("never-issued"),
        userId: ids.marketer,
        now: Date.now(),
      }),
    ).toEqual({ ok: false, reason: "unknown_state" });
  });

  it("refuses an expired state, and uses it up", async () => {
    const { t, ids } = await setup();
    const stateHash = await sha256Hex("state-2");
    const now = Date.now();
    await t.mutation(internal.tiktok.oauthState.save, {
      stateHash,
      workspaceId: ids.workspaceId,
      userId: ids.marketer,
      returnTo: "/connections",
      now,
    });
    const late = now + STATE_TTL_MS + 1;
    expect(
      await t.mutation(internal.tiktok.oauthState.consume, { stateHash, userId: ids.marketer, now: late }),
    ).toEqual({ ok: false, reason: "expired_state" });
    expect(
      await t.mutation(internal.tiktok.oauthState.consume, { stateHash, userId: ids.marketer, now: late + 1 }),
    ).toEqual({ ok: false, reason: "already_used" });
  });

  it("refuses another user's state without burning it for its owner", async () => {
    const { t, ids } = await setup();
    const stateHash = await sha256Hex("state-3");
    const now = Date.now();
    await t.mutation(internal.tiktok.oauthState.save, {
      stateHash,
      workspaceId: ids.workspaceId,
      userId: ids.marketer,
      returnTo: "/connections",
      now,
    });
    expect(
      await t.mutation(internal.tiktok.oauthState.consume, { stateHash, userId: ids.other, now: now + 1 }),
    ).toEqual({ ok: false, reason: "wrong_user" });
    expect(
      await t.mutation(internal.tiktok.oauthState.consume, { stateHash, userId: ids.marketer, now: now + 2 }),
    ).toMatchObject({ ok: true });
  });

  it("sweeps long-dead states when new ones are saved", async () => {
    const { t, ids } = await setup();
    const now = Date.now();
    await t.mutation(internal.tiktok.oauthState.save, {
      stateHash: "old",
      workspaceId: ids.workspaceId,
      userId: ids.marketer,
      returnTo: "/",
      now: now - 3 * STATE_TTL_MS,
    });
    await t.mutation(internal.tiktok.oauthState.save, {
      stateHash: "new",
      workspaceId: ids.workspaceId,
      userId: ids.marketer,
      returnTo: "/",
      now,
    });
    expect((await t.run((ctx) => ctx.db.query("oauthStates").collect())).map((s) => s.stateHash)).toEqual(["new"]);
  });
});
