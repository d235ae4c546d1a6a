// A Convex deployment (convex-test, transaction limits on) whose TikTok is a fresh simulator of its own, with a
// workspace of people ready to connect: what the connection tests in convex/tiktok/ share.
//
//   const w = await connectWorld({ tokenMode: "expiring" });
//   const { outcome } = await w.connect(w.users.marketer);
//   const [connection] = await w.connections();
//
// Environment variables are stubbed with vi.stubEnv; call `w.close()` (or vi.unstubAllEnvs) when done.
import rateLimiterTest from "@convex-dev/rate-limiter/test";
import workpoolTest from "@convex-dev/workpool/test";
import { convexTest } from "convex-test";
import { vi } from "vitest";
import { keyringFromEnv } from "../../lib/secrets/keyring";
import { openToken } from "../../convex/tiktok/tokenSeal";
import { api } from "../../convex/_generated/api";
import type { Doc, Id } from "../../convex/_generated/dataModel";
import schema from "../../convex/schema";
import { modules } from "../../convex/test.setup";
import { newSim, type NewSimOptions, type SimHandle } from "./sim-client";

export const SIM_APP_ID = "sim-app-id";
export const SIM_APP_SECRET = "sim-app-secret";
/** A fixed test key (32 bytes of 0x07), so tests can open what the code under test sealed. */
export const TEST_ENCRYPTION_KEY = btoa(String.fromCharCode(...new Array<number>(32).fill(7)));

export interface WorldOptions extends Pick<
  NewSimOptions,
  "tokenMode" | "flavor" | "dataset" | "faults" | "rateLimits"
> {
  /** Extra or replaced environment variables of the Convex deployment. */
  env?: Record<string, string>;
  /**
   * Run the automatic syncs (after connecting, the cron). Off by default: tests about connecting and tokens count
   * TikTok calls and faults, and a sync in the background would spend them.
   */
  sync?: boolean;
}

export type World = Awaited<ReturnType<typeof connectWorld>>;

export async function connectWorld(options: WorldOptions = {}) {
  const sim: SimHandle = await newSim({
    dataset: options.dataset ?? "small",
    tokenMode: options.tokenMode,
    flavor: options.flavor,
    faults: options.faults,
    rateLimits: options.rateLimits,
  });
  const env: Record<string, string> = {
    TIKTOK_APP_ID: SIM_APP_ID,
    TIKTOK_APP_SECRET: SIM_APP_SECRET,
    TIKTOK_ENVIRONMENT: options.flavor === "sandbox" ? "sandbox" : "local",
    TIKTOK_API_ORIGIN: sim.url,
    TIKTOK_REDIRECT_URI: "http://localhost:3000/api/auth/tiktok/callback",
    TOKEN_ENCRYPTION_KEY: TEST_ENCRYPTION_KEY,
    TOKEN_ENCRYPTION_KEY_ID: "k1",
    TIKTOK_SYNC_ENABLED: options.sync ? "true" : "false",
    ...options.env,
  };
  for (const [name, value] of Object.entries(env)) vi.stubEnv(name, value);

  const t = convexTest({ schema, modules, transactionLimits: true });
  rateLimiterTest.register(t);
  workpoolTest.register(t, "syncPool");
  const ids = await t.run(async (ctx) => {
    const user = (email: string) => ctx.db.insert("users", { email });
    const marketer = await user("marketer@a.test");
    const colleague = await user("colleague@a.test");
    const ops = await user("ops@a.test");
    const outsider = await user("admin@b.test");
    const workspace = await ctx.db.insert("workspaces", { name: "A", createdBy: marketer });
    const otherWorkspace = await ctx.db.insert("workspaces", { name: "B", createdBy: outsider });
    await ctx.db.insert("members", {
      workspaceId: workspace,
      userId: marketer,
      role: "marketer",
      email: "marketer@a.test",
    });
    await ctx.db.insert("members", {
      workspaceId: workspace,
      userId: colleague,
      role: "marketer",
      email: "colleague@a.test",
    });
    await ctx.db.insert("members", { workspaceId: workspace, userId: ops, role: "ops", email: "ops@a.test" });
    await ctx.db.insert("members", {
      workspaceId: otherWorkspace,
      userId: outsider,
      role: "admin",
      email: "admin@b.test",
    });
    return { users: { marketer, colleague, ops, outsider }, workspace, otherWorkspace };
  });
  const as = (userId: Id<"users">) => t.withIdentity({ subject: `${userId}|session` });
  const advertiserIds = (await sim.control.state()).advertisers.map((a) => a.advertiser_id);

  /** Starts a connect attempt as `userId` and returns the state TikTok would carry back. */
  async function startConnect(
    userId: Id<"users">,
    workspaceId: Id<"workspaces"> = ids.workspace,
    returnTo?: string,
  ): Promise<string> {
    const { url } = await as(userId).action(api.tiktok.connections.start, { workspaceId, returnTo });
    return new URL(url).searchParams.get("state")!;
  }

  /** The whole journey: start, approve these advertisers on "TikTok", and complete as the callback would. */
  async function connect(userId: Id<"users">, approved?: string[]) {
    const state = await startConnect(userId);
    const authCode = await sim.control.authCode(approved);
    return as(userId).action(api.tiktok.connections.complete, { state, authCode });
  }

  const keyring = () => keyringFromEnv(env);

  return {
    t,
    sim,
    env,
    as,
    users: ids.users,
    workspace: ids.workspace,
    otherWorkspace: ids.otherWorkspace,
    /** Every advertiser of the simulator's dataset. */
    advertiserIds,
    startConnect,
    connect,
    connections: (): Promise<Doc<"connections">[]> => t.run((ctx) => ctx.db.query("connections").collect()),
    advertisers: (): Promise<Doc<"advertisers">[]> => t.run((ctx) => ctx.db.query("advertisers").collect()),
    tokens: (): Promise<Doc<"connectionTokens">[]> => t.run((ctx) => ctx.db.query("connectionTokens").collect()),
    /** Every row of every table the connect flow writes, for "nothing was stored" checks. */
    async stored() {
      return t.run(async (ctx) => ({
        connections: await ctx.db.query("connections").collect(),
        connectionTokens: await ctx.db.query("connectionTokens").collect(),
        advertisers: await ctx.db.query("advertisers").collect(),
      }));
    },
    /** The plaintext tokens stored for a connection, opened with the test key. */
    async openTokens(connectionId: Id<"connections">): Promise<{ accessToken: string; refreshToken?: string }> {
      const { connection, tokens } = await t.run(async (ctx) => ({
        connection: (await ctx.db.get(connectionId))!,
        tokens: await ctx.db
          .query("connectionTokens")
          .withIndex("by_connection", (q) => q.eq("connectionId", connectionId))
          .unique(),
      }));
      if (!tokens) throw new Error("no tokens stored for this connection");
      const ring = await keyring();
      return {
        accessToken: (await openToken(ring, tokens.accessToken, connection.binding, "access")).token,
        refreshToken: tokens.refreshToken
          ? (await openToken(ring, tokens.refreshToken, connection.binding, "refresh")).token
          : undefined,
      };
    },
    /** The simulator's log of API calls to a path (e.g. "/oauth2/access_token/"). */
    async calls(path: string) {
      return (await sim.control.requests()).filter((r) => r.path.endsWith(path));
    },
    async close() {
      vi.unstubAllEnvs();
      await sim.close();
    },
  };
}
