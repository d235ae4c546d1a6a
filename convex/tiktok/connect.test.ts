/**
 * Completing a TikTok connection (`connections.complete`, what the callback route calls), with the simulator
 * as TikTok: what is stored when it works, that a reconnect updates rather than duplicates, and that every way
 * it can fail ends on a readable outcome with nothing stored.
 */
import { ConvexError } from "convex/values";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { CONNECT_OUTCOMES } from "../../lib/connect/outcomes";
import { PATIENTLY } from "../../tools/testing/clock";
import { connectWorld, type World } from "../../tools/testing/connect-world";
import { api, internal } from "../_generated/api";
import { STATE_TTL_MS } from "./oauthState";

let w: World;
afterEach(async () => {
  vi.useRealTimers();
  await w?.close();
});

const nothingStored = { connections: [], connectionTokens: [], advertisers: [] };

async function tokenWorks(accessToken: string, advertiserId: string): Promise<number> {
  const res = await fetch(
    `${w.sim.apiBase}/advertiser/info/?advertiser_ids=${encodeURIComponent(JSON.stringify([advertiserId]))}`,
    { headers: { "Access-Token": accessToken } },
  );
  return ((await res.json()) as { code: number }).code;
}

describe("connecting TikTok ad accounts", () => {
  beforeEach(async () => {
    w = await connectWorld();
  });

  it("stores one active connection with the approved advertisers' details and sealed tokens, and schedules the first sync", async () => {
    const approved = w.advertiserIds.slice(0, 2);
    const state = await w.startConnect(w.users.marketer, w.workspace, "/connections?tab=tiktok");
    const authCode = await w.sim.control.authCode(approved);
    const result = await w.as(w.users.marketer).action(api.tiktok.connections.complete, { state, authCode });
    expect(result).toEqual({ outcome: "connected", returnTo: "/connections?tab=tiktok" });

    const [connection, ...others] = await w.connections();
    expect(others).toEqual([]);
    expect(connection).toMatchObject({
      workspaceId: w.workspace,
      status: "active",
      tokenMode: "long_lived",
      connectedBy: w.users.marketer,
      failures: 0,
    });
    expect(connection!.expiresAt).toBeUndefined(); // the Marketing API's tokens do not expire; we never invent an expiry
    expect(connection!.verifiedAt).toBe(connection!.connectedAt);

    const simAdvertisers = (await w.sim.control.state()).advertisers.filter((a) => approved.includes(a.advertiser_id));
    const advertisers = await w.advertisers();
    expect(advertisers.map((a) => a.advertiserId).sort()).toEqual([...approved].sort());
    for (const a of advertisers) {
      const fromTikTok = simAdvertisers.find((s) => s.advertiser_id === a.advertiserId)!;
      expect(a).toMatchObject({
        connectionId: connection!._id,
        name: fromTikTok.name,
        currency: fromTikTok.currency,
        timezone: fromTikTok.timezone,
        accessible: true,
      });
      expect(a.syncRequestedAt).toEqual(expect.any(Number));
    }

    // The stored token is the one TikTok issued, sealed: it opens with the key and works at TikTok.
    const [tokens] = await w.tokens();
    const { accessToken } = await w.openTokens(connection!._id);
    expect(JSON.stringify(tokens)).not.toContain(accessToken);
    expect(tokens!.accessToken.keyId).toBe("k1");
    const info = await fetch(
      `${w.sim.apiBase}/advertiser/info/?advertiser_ids=${encodeURIComponent(JSON.stringify(approved))}`,
      { headers: { "Access-Token": accessToken } },
    );
    expect(((await info.json()) as { code: number }).code).toBe(0);

    // The first sync was scheduled for this connection and sees both advertisers waiting.
    await w.t.finishInProgressScheduledFunctions();
    const scheduled = await w.t.run((ctx) => ctx.db.system.query("_scheduled_functions").collect());
    expect(scheduled.map((s) => [s.name, s.args[0], s.state.kind])).toContainEqual([
      "tiktok/sync/queue:syncConnection",
      { connectionId: connection!._id },
      "success",
    ]);
  });

  it("records every TikTok call in the ledger for the workspace, without tokens or the secret", async () => {
    await w.connect(w.users.marketer, w.advertiserIds.slice(0, 1));
    const rows = await w.as(w.users.ops).query(api.tiktok.calls.recent, { workspaceId: w.workspace });
    expect(rows.map((r) => r.path).sort()).toEqual(["/advertiser/info/", "/oauth2/access_token/"]);
    expect(
      rows.every((r) => r.workspaceId === w.workspace && r.outcome === "ok" && typeof r.requestId === "string"),
    ).toBe(true);
    const [connection] = await w.connections();
    const { accessToken } = await w.openTokens(connection!._id);
    expect(JSON.stringify(rows)).not.toContain(accessToken);
    expect(JSON.stringify(rows)).not.toContain(w.env.TIKTOK_APP_SECRET);
    // Another workspace's ops see none of it.
    expect(await w.as(w.users.outsider).query(api.tiktok.calls.recent, { workspaceId: w.otherWorkspace })).toEqual([]);
  });

  it("reconnecting the same advertisers updates the existing connection instead of adding one", async () => {
    const ids = w.advertiserIds.slice(0, 2);
    await w.connect(w.users.marketer, ids);
    const [first] = await w.connections();
    const again = await w.connect(w.users.colleague, ids);
    expect(again.outcome).toBe("connected");
    const connections = await w.connections();
    expect(connections.map((c) => c._id)).toEqual([first!._id]);
    expect(connections[0]!.connectedBy).toBe(w.users.colleague);
    expect(await w.advertisers()).toHaveLength(2);
    expect(await w.tokens()).toHaveLength(1);
    expect(connections[0]!.binding).not.toBe(first!.binding); // new token, new binding: the old ciphertext is gone
  });

  it("a colleague whose TikTok login reaches only some of a live connection's accounts takes nothing over", async () => {
    const [a, b, c] = w.advertiserIds;
    await w.connect(w.users.marketer, [a!, b!, c!]);
    const [original] = await w.connections();
    const originalToken = (await w.openTokens(original!._id)).accessToken;

    const result = await w.connect(w.users.colleague, [a!]);
    expect(result.outcome).toBe("already_connected");
    expect(await w.connections()).toEqual([original]);
    expect((await w.advertisers()).every((row) => row.accessible && row.connectionId === original!._id)).toBe(true);
    expect((await w.openTokens(original!._id)).accessToken).toBe(originalToken);
    // The colleague's unused token was ended at TikTok; the original still works.
    const revokes = await w.calls("/oauth2/revoke_token/");
    expect(revokes.map((r) => r.code)).toEqual([0]);
    expect(await tokenWorks(originalToken, a!)).toBe(0);
  });

  it("a colleague adding a new account alongside an already-connected one gets a connection for the new one only", async () => {
    const [a, b, d] = w.advertiserIds;
    await w.connect(w.users.marketer, [a!, b!]);
    const [original] = await w.connections();
    expect((await w.connect(w.users.colleague, [a!, d!])).outcome).toBe("connected");
    const connections = await w.connections();
    expect(connections).toHaveLength(2);
    const added = connections.find((x) => x._id !== original!._id)!;
    const byId = new Map((await w.advertisers()).map((row) => [row.advertiserId, row]));
    expect(byId.get(a!)!.connectionId).toBe(original!._id);
    expect(byId.get(b!)!.connectionId).toBe(original!._id);
    expect(byId.get(d!)!.connectionId).toBe(added._id);
    expect([...byId.values()].every((row) => row.accessible)).toBe(true);
  });

  it("a new authorization covering all of a live connection's accounts renews it, and the replaced token is ended at TikTok", async () => {
    const [a, b, c] = w.advertiserIds;
    await w.connect(w.users.marketer, [a!, b!]);
    const [original] = await w.connections();
    const oldToken = (await w.openTokens(original!._id)).accessToken;
    expect((await w.connect(w.users.colleague, [a!, b!, c!])).outcome).toBe("connected");
    expect((await w.connections()).map((x) => x._id)).toEqual([original!._id]);
    expect(await w.advertisers()).toHaveLength(3);
    expect(await tokenWorks(oldToken, a!)).toBe(40105);
    expect(await tokenWorks((await w.openTokens(original!._id)).accessToken, c!)).toBe(0);
  });

  it("a key rotated away without keeping the old one: the reconnect is stored and says so, though the old token cannot be revoked", async () => {
    const [a, b] = w.advertiserIds;
    await w.connect(w.users.marketer, [a!, b!]);
    const [original] = await w.connections();
    const newKey = btoa(String.fromCharCode(...new Array(32).fill(9)));
    vi.stubEnv("TOKEN_ENCRYPTION_KEY", newKey);
    vi.stubEnv("TOKEN_ENCRYPTION_KEY_ID", "k2");
    w.env.TOKEN_ENCRYPTION_KEY = newKey;
    w.env.TOKEN_ENCRYPTION_KEY_ID = "k2";
    const warnings: string[] = [];
    const warn = vi.spyOn(console, "warn").mockImplementation((line: string) => void warnings.push(line));
    try {
      expect((await w.connect(w.users.colleague, [a!, b!])).outcome).toBe("connected");
    } finally {
      warn.mockRestore();
    }
    const [after, ...others] = await w.connections();
    expect(others).toEqual([]);
    expect(after).toMatchObject({ _id: original!._id, status: "active" });
    const [tokens] = await w.tokens();
    expect(tokens!.accessToken.keyId).toBe("k2");
    expect(await tokenWorks((await w.openTokens(original!._id)).accessToken, a!)).toBe(0);
    expect(warnings.join("\n")).toMatch(/replaced TikTok token could not be opened/);
    expect(warnings.join("\n")).not.toContain(newKey);
  });

  it("a reconnect that leaves an account out marks that account unreachable, and a connection needing re-auth says reconnected", async () => {
    const [a, b] = w.advertiserIds;
    await w.connect(w.users.marketer, [a!, b!]);
    const [connection] = await w.connections();
    await w.t.run((ctx) =>
      ctx.db.patch("connections", connection!._id, {
        status: "needs_reauth",
        lastError: { kind: "auth", code: 40105, message: "revoked", at: 1 },
      }),
    );

    const result = await w.connect(w.users.marketer, [a!]);
    expect(result.outcome).toBe("reconnected");
    const [after] = await w.connections();
    expect(after).toMatchObject({ _id: connection!._id, status: "active" });
    expect(after!.lastError).toBeUndefined();
    const byId = new Map((await w.advertisers()).map((row) => [row.advertiserId, row]));
    expect(byId.get(a!)).toMatchObject({ accessible: true });
    expect(byId.get(b!)).toMatchObject({ accessible: false, lostAt: expect.any(Number) });
  });

  it("lists connections with their health and advertisers for every member, and never a token or the secret", async () => {
    await w.connect(w.users.marketer, w.advertiserIds.slice(0, 2));
    const [connection] = await w.connections();
    const list = await w.as(w.users.ops).query(api.tiktok.connections.list, { workspaceId: w.workspace });
    expect(list).toHaveLength(1);
    expect(list[0]).toMatchObject({
      _id: connection!._id,
      status: "active",
      tokenMode: "long_lived",
      connectedByEmail: "marketer@a.test",
      verifiedAt: expect.any(Number),
    });
    expect(list[0]!.advertisers).toHaveLength(2);
    expect(Object.keys(list[0]!)).not.toContain("binding");
    const { accessToken } = await w.openTokens(connection!._id);
    const text = JSON.stringify(list);
    for (const secret of [accessToken, w.env.TIKTOK_APP_SECRET, w.env.TOKEN_ENCRYPTION_KEY])
      expect(text).not.toContain(secret);
  });
});

describe("a connect attempt that cannot complete ends on a readable outcome and stores nothing", () => {
  beforeEach(async () => {
    w = await connectWorld();
  });

  async function completeWith(state: string, authCode: string, user = w.users.marketer) {
    return w.as(user).action(api.tiktok.connections.complete, { state, authCode });
  }

  it("an unknown state", async () => {
    const authCode = await w.sim.control.authCode();
    expect((await completeWith("forged-state", authCode)).outcome).toBe("unknown_state");
    expect(await w.stored()).toEqual(nothingStored);
    expect(await w.calls("/oauth2/access_token/")).toEqual([]); // the advertiser's code is not spent
  });

  it("a replayed state: the second use changes nothing", async () => {
    const state = await w.startConnect(w.users.marketer);
    const authCode = await w.sim.control.authCode(w.advertiserIds.slice(0, 1));
    expect((await completeWith(state, authCode)).outcome).toBe("connected");
    const before = await w.stored();
    expect((await completeWith(state, authCode)).outcome).toBe("already_used");
    expect(await w.stored()).toEqual(before);
    expect(await w.calls("/oauth2/access_token/")).toHaveLength(1);
  });

  it("an expired state", async () => {
    vi.useFakeTimers({ toFake: ["Date"] });
    const state = await w.startConnect(w.users.marketer);
    vi.setSystemTime(Date.now() + STATE_TTL_MS + 1);
    expect((await completeWith(state, await w.sim.control.authCode())).outcome).toBe("expired_state");
    expect(await w.stored()).toEqual(nothingStored);
  });

  it("another user's state", async () => {
    const state = await w.startConnect(w.users.marketer);
    expect((await completeWith(state, await w.sim.control.authCode(), w.users.colleague)).outcome).toBe("wrong_user");
    expect(await w.stored()).toEqual(nothingStored);
    // …and the owner can still use it.
    expect((await completeWith(state, await w.sim.control.authCode())).outcome).toBe("connected");
  });

  it("a marketer demoted to ops while on TikTok's page", async () => {
    const state = await w.startConnect(w.users.marketer);
    await w.t.run(async (ctx) => {
      const member = (await ctx.db.query("members").collect()).find((m) => m.userId === w.users.marketer)!;
      await ctx.db.patch("members", member._id, { role: "ops" });
    });
    expect((await completeWith(state, await w.sim.control.authCode())).outcome).toBe("not_allowed");
    expect(await w.stored()).toEqual(nothingStored);
  });

  it.each([
    ["removed from the workspace", null],
    ["demoted to ops", "ops"],
  ] as const)(
    "a marketer %s while TikTok answers: nothing is stored, and the token obtained is ended at TikTok",
    async (_, role) => {
      const state = await w.startConnect(w.users.marketer);
      const authCode = await w.sim.control.authCode(w.advertiserIds.slice(0, 1));
      // TikTok holds its answer about the advertisers: the membership changes after the exchange, before the save.
      await w.sim.control.setFaults([{ kind: "stall", path: "/advertiser/info/", afterProcessing: true, count: 1 }]);
      const completing = completeWith(state, authCode);
      await vi.waitFor(async () => expect(await w.calls("/advertiser/info/")).toHaveLength(1), PATIENTLY);
      expect((await w.calls("/oauth2/access_token/")).length).toBe(1);
      await w.t.run(async (ctx) => {
        const member = (await ctx.db.query("members").collect()).find((m) => m.userId === w.users.marketer)!;
        if (role === null) await ctx.db.delete("members", member._id);
        else await ctx.db.patch("members", member._id, { role });
      });
      expect(await w.sim.control.releaseStalls()).toBe(1);
      expect((await completing).outcome).toBe("not_allowed");
      expect(await w.stored()).toEqual(nothingStored);
      expect((await w.calls("/oauth2/revoke_token/")).length).toBe(1);
    },
  );

  it("connect attempts are rate-limited per person: an eleventh in a burst is refused with when to try again, others unaffected", async () => {
    for (let i = 0; i < 10; i++) await w.startConnect(w.users.marketer);
    const error = await w.startConnect(w.users.marketer).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConvexError);
    expect((error as ConvexError<{ code: string; message: string }>).data).toMatchObject({
      code: "RATE_LIMITED",
      message: expect.stringMatching(/try again in \d+ minute/),
    });
    expect(await w.t.run((ctx) => ctx.db.query("oauthStates").collect())).toHaveLength(10);
    await w.startConnect(w.users.colleague);
    expect((await w.calls("/oauth2/access_token/")).length).toBe(0);
  });

  it("an auth code TikTok refuses (40110: used already)", async () => {
    const authCode = await w.sim.control.authCode(w.advertiserIds.slice(0, 1));
    await completeWith(await w.startConnect(w.users.marketer), authCode);
    const before = await w.stored();
    const second = await completeWith(await w.startConnect(w.users.marketer), authCode);
    expect(second.outcome).toBe("code_rejected");
    expect(await w.stored()).toEqual(before);
  });

  it("no advertiser approved (the unused token is ended at TikTok)", async () => {
    expect((await completeWith(await w.startConnect(w.users.marketer), await w.sim.control.authCode([]))).outcome).toBe(
      "no_advertisers",
    );
    expect(await w.stored()).toEqual(nothingStored);
    expect((await w.calls("/oauth2/revoke_token/")).map((r) => r.code)).toEqual([0]);
  });

  it.each([
    ["TikTok is down (HTTP 500)", "http500", "/oauth2/access_token/"],
    ["TikTok answers garbage", "malformed", "/oauth2/access_token/"],
    ["TikTok fails after the exchange, reading the advertisers", "code50000", "/advertiser/info/"],
  ] as const)("%s", async (_name, kind, path) => {
    await w.sim.control.setFaults([{ kind, path, count: 5 }]);
    const result = await completeWith(await w.startConnect(w.users.marketer), await w.sim.control.authCode());
    expect(result).toEqual({ outcome: "tiktok_unavailable", returnTo: "/connections" });
    expect(await w.stored()).toEqual(nothingStored);
  });

  it("a deployment without an encryption key: refused before the advertiser's code is spent", async () => {
    vi.stubEnv("TOKEN_ENCRYPTION_KEY", "");
    const result = await completeWith(await w.startConnect(w.users.marketer), await w.sim.control.authCode());
    expect(result.outcome).toBe("failed");
    expect(await w.stored()).toEqual(nothingStored);
    expect(await w.calls("/oauth2/access_token/")).toEqual([]);
  });

  it("a signed-out caller is refused before anything happens", async () => {
    const state = await w.startConnect(w.users.marketer);
    const error = await w.t.action(api.tiktok.connections.complete, { state, authCode: "x" }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConvexError);
    expect((error as ConvexError<{ code: string }>).data.code).toBe("UNAUTHENTICATED");
    // The state survives for the real owner once signed in.
    expect((await completeWith(state, await w.sim.control.authCode())).outcome).toBe("connected");
  });

  it("every outcome the action can return has a message for the page", () => {
    for (const outcome of [
      "connected",
      "reconnected",
      "already_connected",
      "unknown_state",
      "already_used",
      "expired_state",
      "wrong_user",
      "not_allowed",
      "code_rejected",
      "no_advertisers",
      "tiktok_unavailable",
      "failed",
    ]) {
      expect(CONNECT_OUTCOMES).toHaveProperty(outcome);
    }
  });
});

describe("secrets stay secret", () => {
  beforeEach(async () => {
    w = await connectWorld({ tokenMode: "expiring" });
  });

  it("no log line, error message or public query result carries a token, an auth code, the app secret or the key", async () => {
    const lines: string[] = [];
    for (const level of ["log", "info", "warn", "error", "debug"] as const) {
      vi.spyOn(console, level).mockImplementation((...args: unknown[]) => {
        lines.push(
          args
            .map((a) =>
              a instanceof Error ? `${a.message} ${a.stack}` : typeof a === "string" ? a : JSON.stringify(a),
            )
            .join(" "),
        );
      });
    }
    const seen: unknown[] = [];
    const authCodes: string[] = [];
    const attempt = async (approved?: string[]) => {
      const code = await w.sim.control.authCode(approved);
      authCodes.push(code);
      const state = await w.startConnect(w.users.marketer);
      seen.push(await w.as(w.users.marketer).action(api.tiktok.connections.complete, { state, authCode: code }));
      return { state, code };
    };
    // A connect that works, one whose code TikTok refuses (a replay of the code), and one while TikTok is down.
    const first = await attempt(w.advertiserIds.slice(0, 2));
    seen.push(
      await w.as(w.users.marketer).action(api.tiktok.connections.complete, {
        state: await w.startConnect(w.users.marketer),
        authCode: first.code,
      }),
    );
    await w.sim.control.setFaults([{ kind: "http500", path: "/oauth2/access_token/", count: 1 }]);
    await attempt(w.advertiserIds.slice(2, 3));
    const [connection] = await w.connections();
    const firstTokens = await w.openTokens(connection!._id);
    // A refresh (the token is inside its window)…
    await w.t.run((ctx) =>
      ctx.db.patch("connections", connection!._id, {
        nextCheckAt: 0,
        connectedAt: Date.now() - 86_400_000,
        expiresAt: Date.now() + 60_000,
      }),
    );
    seen.push(await w.t.action(internal.tiktok.tokens.maintain, { connectionId: connection!._id }));
    const tokens = await w.openTokens(connection!._id);
    expect(tokens.accessToken).not.toBe(firstTokens.accessToken);
    // …then the token is refused at the next check (needs_reauth, error kept), then the connection is disconnected.
    await w.sim.control.revoke(tokens.accessToken);
    await w.t.run((ctx) => ctx.db.patch("connections", connection!._id, { nextCheckAt: 0 }));
    seen.push(await w.t.action(internal.tiktok.tokens.maintain, { connectionId: connection!._id }));
    seen.push(await w.as(w.users.ops).query(api.tiktok.connections.list, { workspaceId: w.workspace }));
    seen.push(await w.as(w.users.ops).query(api.tiktok.calls.recent, { workspaceId: w.workspace, limit: 200 }));
    seen.push(
      await w
        .as(w.users.ops)
        .action(api.tiktok.connections.disconnect, { workspaceId: w.workspace, connectionId: connection!._id })
        .catch((e: unknown) => (e as Error).message),
    );
    seen.push(
      await w
        .as(w.users.marketer)
        .action(api.tiktok.connections.disconnect, { workspaceId: w.workspace, connectionId: connection!._id }),
    );
    seen.push(
      await w
        .as(w.users.marketer)
        .action(api.tiktok.connections.disconnect, { workspaceId: w.workspace, connectionId: "x" as never })
        .catch((e: unknown) => (e as Error).message),
    );

    const secrets = [
      firstTokens.accessToken,
      tokens.accessToken,
      tokens.refreshToken!,
      ...authCodes,
      w.env.TIKTOK_APP_SECRET!,
      w.env.TOKEN_ENCRYPTION_KEY!,
    ];
    expect(secrets.every((s) => typeof s === "string" && s.length >= 8)).toBe(true);
    const everything = JSON.stringify(seen) + "\n" + lines.join("\n");
    expect(lines.length).toBeGreaterThan(0); // the failures above were logged, so the scan scanned something
    for (const secret of secrets) expect(everything).not.toContain(secret);
  });
});
