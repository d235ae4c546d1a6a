/**
 * Every public query, mutation and action in convex/ refuses callers who should not reach it: anonymous callers,
 * members of another workspace and, for writes, ops members; and admits those who should. Functions are found
 * by loading the modules, so one added later without an entry in CATALOGUE fails "every public function is
 * catalogued" until someone states what it needs and how to call it.
 */
import { convexTest } from "convex-test";
import rateLimiterTest from "@convex-dev/rate-limiter/test";
import { makeFunctionReference } from "convex/server";
import { ConvexError } from "convex/values";
import { describe, expect, it } from "vitest";
import type { Id } from "./_generated/dataModel";
import schema from "./schema";
import { modules } from "./test.setup";

type Need = "signedIn" | "read" | "write" | "admin";
type Kind = "query" | "mutation" | "action";
interface World {
  a: Id<"workspaces">;
  opsMemberId: Id<"members">;
  inviteId: Id<"invitations">;
  connectionId: Id<"connections">;
}
interface Entry {
  needs: Need;
  args: (w: World) => Record<string, unknown>;
}

/** What each public function needs, and arguments that pass its validators. */
const CATALOGUE: Record<string, Entry> = {
  "workspaces/members:mine": { needs: "signedIn", args: () => ({}) },
  "workspaces/members:list": { needs: "read", args: (w) => ({ workspaceId: w.a }) },
  "workspaces/members:invite": {
    needs: "admin",
    args: (w) => ({ workspaceId: w.a, email: "new@example.com", role: "ops" }),
  },
  // The workspace comes from the invite the link's secret names; convex/workspaces/members.test.ts proves who may claim it.
  "workspaces/invites:preview": { needs: "signedIn", args: () => ({ token: "no-such-token", now: 0 }) },
  "workspaces/invites:accept": { needs: "signedIn", args: () => ({ token: "no-such-token" }) },
  "workspaces/members:setRole": {
    needs: "admin",
    args: (w) => ({ workspaceId: w.a, memberId: w.opsMemberId, role: "ops" }),
  },
  "workspaces/members:remove": { needs: "admin", args: (w) => ({ workspaceId: w.a, memberId: w.opsMemberId }) },
  "tiktok/connections:start": { needs: "write", args: (w) => ({ workspaceId: w.a, returnTo: "/connections" }) },
  "workspaces/members:cancelInvite": { needs: "admin", args: (w) => ({ workspaceId: w.a, inviteId: w.inviteId }) },
  // The workspace comes from the stored OAuth state; convex/tiktok/connect.test.ts proves an ops member's attempt ends as not_allowed.
  "tiktok/connections:complete": { needs: "signedIn", args: () => ({ state: "no-such-state", authCode: "code" }) },
  "tiktok/connections:disconnect": {
    needs: "write",
    args: (w) => ({ workspaceId: w.a, connectionId: w.connectionId }),
  },
  "tiktok/connections:list": { needs: "read", args: (w) => ({ workspaceId: w.a }) },
  // An advertiser this workspace does not have: admitted callers get NOT_FOUND (sync.test.ts covers the real thing).
  "tiktok/sync/queue:syncNow": {
    needs: "read",
    args: (w) => ({ workspaceId: w.a, advertiserId: "7000000000000000001" }),
  },
  "tiktok/sync/queries:status": { needs: "read", args: (w) => ({ workspaceId: w.a }) },
  // An advertiser this workspace does not have: admitted writers get NOT_FOUND (history.test.ts covers the real thing).
  "tiktok/sync/queue:requestHistory": {
    needs: "write",
    args: (w) => ({ workspaceId: w.a, advertiserId: "7000000000000000001", month: "2026-01" }),
  },
  // An advertiser this workspace does not have: admitted readers get an empty list; admitted writers get NOT_FOUND
  // before any TikTok call (convex/tiktok/campaigns.test.ts covers the real thing).
  "tiktok/campaigns:list": { needs: "read", args: (w) => ({ workspaceId: w.a, advertiserId: "7000000000000000001" }) },
  "tiktok/campaigns:audit": { needs: "read", args: (w) => ({ workspaceId: w.a, advertiserId: "7000000000000000001" }) },
  "tiktok/campaigns:create": {
    needs: "write",
    args: (w) => ({
      workspaceId: w.a,
      advertiserId: "7000000000000000001",
      operationKey: "access-test-operation-key",
      name: "Access",
      objective: "TRAFFIC",
      budgetMode: "BUDGET_MODE_DAY",
      budget: 50,
      startNow: false,
    }),
  },
  "tiktok/campaigns:setStatus": {
    needs: "write",
    args: (w) => ({
      workspaceId: w.a,
      advertiserId: "7000000000000000001",
      operationKey: "access-test-operation-key",
      campaignIds: ["1800000000000000001"],
      status: "DISABLE",
    }),
  },
  "tiktok/campaigns:update": {
    needs: "write",
    args: (w) => ({
      workspaceId: w.a,
      advertiserId: "7000000000000000001",
      operationKey: "access-test-operation-key",
      campaignId: "1800000000000000001",
      name: "Access",
    }),
  },
  "tiktok/sync/queries:recentRuns": { needs: "read", args: (w) => ({ workspaceId: w.a, limit: 10 }) },
  "tiktok/reportExports:campaignDays": {
    needs: "read",
    args: (w) => ({
      workspaceId: w.a,
      advertiserId: "7000000000000000001",
      from: "2026-11-01",
      to: "2026-11-07",
      cursor: null,
    }),
  },
  "tiktok/reports:overview": {
    needs: "read",
    args: (w) => ({ workspaceId: w.a, from: "2026-11-01", to: "2026-11-07" }),
  },
  // An advertiser this workspace does not have: admitted callers get INVALID ("not connected").
  ...Object.fromEntries(
    ["summary", "series", "campaignTable", "campaignCsv", "restatements"].map((name) => [
      `tiktok/reports:${name}`,
      {
        needs: "read" as const,
        args: (w: World) => ({
          workspaceId: w.a,
          advertiserId: "7000000000000000001",
          from: "2026-11-01",
          to: "2026-11-07",
        }),
      },
    ]),
  ),
  "tiktok/calls:recent": { needs: "read", args: (w) => ({ workspaceId: w.a, limit: 10 }) },
  "tiktok/calls:ledger": {
    needs: "read",
    args: (w) => ({ workspaceId: w.a, limit: 10, failedOnly: true, advertiserId: "7000000000000000001", path: "/x/" }),
  },
  "workspaces/account:me": { needs: "signedIn", args: () => ({}) },
};

/** Public on purpose: Convex Auth's own endpoints, which anonymous visitors must reach to sign in. */
const PUBLIC_BY_DESIGN = new Set(["auth:signIn", "auth:signOut", "auth:isAuthenticated"]);

interface RegisteredFunction {
  isQuery?: boolean;
  isMutation?: boolean;
  isAction?: boolean;
  isPublic?: boolean;
  /** The args validator as JSON (Convex's own export for its dashboard). */
  exportArgs?: () => string;
}

/** A top-level argument's validator type, as exportArgs describes it. */
type ArgType = { type: string };

async function publicFunctions(): Promise<{ name: string; kind: Kind; args: Record<string, ArgType> }[]> {
  const found: { name: string; kind: Kind; args: Record<string, ArgType> }[] = [];
  for (const [path, load] of Object.entries(modules)) {
    // Configuration files declare no functions (and convex.config's imports only resolve in Convex's bundler).
    if (/(^|\/)(convex|auth)\.config\.ts$|_generated\//.test(path)) continue;
    const mod = (await load()) as Record<string, unknown>;
    const modulePath = path.replace(/^\.\//, "").replace(/\.ts$/, "");
    for (const [exportName, value] of Object.entries(mod)) {
      // Registered Convex functions are callables carrying isQuery/isMutation/isAction/isPublic flags.
      if (typeof value !== "function") continue;
      const fn = value as RegisteredFunction;
      if (!fn.isPublic) continue;
      const kind: Kind | undefined = fn.isQuery
        ? "query"
        : fn.isMutation
          ? "mutation"
          : fn.isAction
            ? "action"
            : undefined;
      const exported = JSON.parse(fn.exportArgs?.() ?? "{}") as { value?: Record<string, { fieldType: ArgType }> };
      const args = Object.fromEntries(
        Object.entries(exported.value ?? {}).map(([arg, field]) => [arg, field.fieldType]),
      );
      if (kind) found.push({ name: `${modulePath}:${exportName}`, kind, args });
    }
  }
  return found.sort((x, y) => x.name.localeCompare(y.name));
}

async function setupWorld() {
  const t = convexTest({ schema, modules, transactionLimits: true });
  rateLimiterTest.register(t);
  const ids = await t.run(async (ctx) => {
    const user = (email: string) => ctx.db.insert("users", { email });
    const [adminA, marketerA, opsA, adminB] = await Promise.all(
      ["admin@a.test", "marketer@a.test", "ops@a.test", "admin@b.test"].map(user),
    );
    const a = await ctx.db.insert("workspaces", { name: "A", createdBy: adminA! });
    const b = await ctx.db.insert("workspaces", { name: "B", createdBy: adminB! });
    await ctx.db.insert("members", { workspaceId: a, userId: adminA!, role: "admin" });
    await ctx.db.insert("members", { workspaceId: a, userId: marketerA!, role: "marketer" });
    const opsMemberId = await ctx.db.insert("members", { workspaceId: a, userId: opsA!, role: "ops" });
    await ctx.db.insert("members", { workspaceId: b, userId: adminB!, role: "admin" });
    const inviteId = await ctx.db.insert("invitations", {
      workspaceId: a,
      email: "later@a.test",
      role: "ops",
      invitedBy: adminA!,
      tokenHash: "h",
      createdAt: 0,
      expiresAt: 1,
    });
    const connectionId = await ctx.db.insert("connections", {
      workspaceId: a,
      status: "active",
      tokenMode: "long_lived",
      binding: "b",
      scope: [],
      connectedBy: marketerA!,
      connectedAt: 0,
      nextCheckAt: 0,
      failures: 0,
    });
    return {
      adminA: adminA!,
      marketerA: marketerA!,
      opsA: opsA!,
      adminB: adminB!,
      a,
      opsMemberId,
      inviteId,
      connectionId,
    };
  });
  const as = (userId: Id<"users">) => t.withIdentity({ subject: `${userId}|session-1` });
  return { t, ids, as };
}

type Caller = Pick<ReturnType<typeof convexTest>, "query" | "mutation" | "action">;

async function call(caller: Caller, name: string, kind: Kind, args: Record<string, unknown>): Promise<unknown> {
  try {
    if (kind === "query") await caller.query(makeFunctionReference<"query">(name), args);
    else if (kind === "mutation") await caller.mutation(makeFunctionReference<"mutation">(name), args);
    else await caller.action(makeFunctionReference<"action">(name), args);
    return undefined;
  } catch (error) {
    return error;
  }
}

function accessCode(error: unknown): string | undefined {
  if (error instanceof ConvexError && typeof error.data === "object" && error.data !== null) {
    const code = (error.data as { code?: unknown }).code;
    if (code === "UNAUTHENTICATED" || code === "FORBIDDEN") return code;
  }
  return undefined;
}

const ALLOWED: Record<Need, readonly ("admin" | "marketer" | "ops")[]> = {
  signedIn: ["admin", "marketer", "ops"],
  read: ["admin", "marketer", "ops"],
  write: ["admin", "marketer"],
  admin: ["admin"],
};

describe("access control over every public function", async () => {
  const functions = await publicFunctions();

  it("every public function is catalogued (or public by design)", () => {
    const missing = functions.map((f) => f.name).filter((n) => !CATALOGUE[n] && !PUBLIC_BY_DESIGN.has(n));
    expect(missing, "add these to CATALOGUE with what they need").toEqual([]);
    const stale = Object.keys(CATALOGUE).filter((n) => !functions.some((f) => f.name === n));
    expect(stale, "these CATALOGUE entries match no public function").toEqual([]);
  });

  const catalogued = functions.filter((f) => CATALOGUE[f.name]);

  it.each(catalogued)("$name refuses an anonymous caller", async ({ name, kind }) => {
    const { t, ids } = await setupWorld();
    const error = await call(t, name, kind, CATALOGUE[name]!.args(ids));
    expect(accessCode(error)).toBe("UNAUTHENTICATED");
  });

  it.each(catalogued.filter((f) => CATALOGUE[f.name]!.needs !== "signedIn"))(
    "$name refuses a member of another workspace",
    async ({ name, kind }) => {
      const { ids, as } = await setupWorld();
      const error = await call(as(ids.adminB), name, kind, CATALOGUE[name]!.args(ids));
      expect(accessCode(error)).toBe("FORBIDDEN");
    },
  );

  it.each(catalogued)("$name admits exactly the roles its catalogue entry names", async ({ name, kind }) => {
    const entry = CATALOGUE[name]!;
    for (const role of ["ops", "marketer", "admin"] as const) {
      const { ids, as } = await setupWorld();
      const user = role === "admin" ? ids.adminA : role === "marketer" ? ids.marketerA : ids.opsA;
      const error = await call(as(user), name, kind, entry.args(ids));
      if (ALLOWED[entry.needs].includes(role)) expect(accessCode(error), `${role} should be admitted`).toBeUndefined();
      else expect(accessCode(error), `${role} should be refused`).toBe("FORBIDDEN");
    }
  });

  // Far past any real value, well inside Convex's own argument size limit.
  const HUGE_STRING = "\u00e9x".repeat(50_000);
  const HUGE_ARRAY = Array.from({ length: 20_000 }, () => "x");
  const bounded = catalogued.flatMap((f) =>
    Object.entries(f.args)
      .filter(([, type]) => type.type === "string" || type.type === "array")
      .map(([arg, type]) => ({
        ...f,
        arg,
        label: `${f.name} (${arg})`,
        huge: type.type === "string" ? HUGE_STRING : HUGE_ARRAY,
      })),
  );

  it("finds the string and array arguments to bound", () => {
    expect(bounded.map((b) => b.label)).toEqual(
      expect.arrayContaining(["tiktok/connections:complete (state)", "workspaces/members:invite (email)"]),
    );
  });

  it.each(bounded)(
    "$label: an oversized value is refused as INVALID, naming the argument, before any work",
    async ({ name, kind, arg, huge }) => {
      const { t, ids, as } = await setupWorld();
      const before = await t.run(async (ctx) => ({
        invites: await ctx.db.query("invitations").collect(),
        states: await ctx.db.query("oauthStates").collect(),
      }));
      const error = await call(as(ids.adminA), name, kind, { ...CATALOGUE[name]!.args(ids), [arg]: huge });
      expect(error).toBeInstanceOf(ConvexError);
      const data = (error as ConvexError<{ code: string; message: string }>).data;
      expect(data.code).toBe("INVALID");
      expect(data.message).toMatch(new RegExp(`${arg}|address|path`, "i"));
      expect(data.message).not.toContain("xxxxxxxx");
      expect(data.message).not.toContain("\u00e9x\u00e9x");
      expect(
        await t.run(async (ctx) => ({
          invites: await ctx.db.query("invitations").collect(),
          states: await ctx.db.query("oauthStates").collect(),
        })),
      ).toEqual(before);
    },
  );
});
