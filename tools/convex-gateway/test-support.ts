// Shared by the gateway's own tests: a gateway on a random port with sign-in keys, tokens for seeded users, the
// real `convex` clients pointed at it, and a small polling helper. Not a test file itself.

import { createHash, randomBytes } from "node:crypto";
import { ConvexClient, ConvexHttpClient } from "convex/browser";
import { WebSocket as NodeWebSocket } from "ws";
import { generateAuthKeys, signJwt, startGateway, type AuthKeys, type Gateway, type GatewayOptions } from "./index.js";

export interface TestGateway extends Gateway {
  keys: AuthKeys;
  /** POSTs JSON to a /_gateway endpoint and returns the parsed answer. */
  control<T = Record<string, unknown>>(
    path: string,
    body?: unknown,
    method?: string,
  ): Promise<{ status: number; body: T }>;
  /** Inserts documents; returns their ids. */
  seed(table: string, ...documents: Record<string, unknown>[]): Promise<string[]>;
  /** A Convex Auth-shaped token for a user: iss = CONVEX_SITE_URL, aud = "convex", sub = "userId|sessionId". */
  tokenFor(userId: string, claims?: Record<string, unknown>): string;
  http(token?: string): ConvexHttpClient;
  /** A ConvexClient (the sync protocol over WebSocket); closed by `close()`. */
  client(token?: string | (() => string | null)): ConvexClient;
}

/** The TikTok settings our functions need to start a connection (the simulator's defaults). */
export const TIKTOK_TEST_ENV = {
  TIKTOK_APP_ID: "sim-app-id",
  TIKTOK_APP_SECRET: "sim-app-secret",
  TIKTOK_ENVIRONMENT: "local",
  TIKTOK_REDIRECT_URI: "http://localhost:3000/api/auth/tiktok/callback",
};

export async function startTestGateway(options: GatewayOptions = {}): Promise<TestGateway> {
  const keys = generateAuthKeys();
  const gateway = await startGateway({
    ...options,
    env: { ...keys, SITE_URL: "http://localhost:3000", ...options.env },
  });
  const clients: ConvexClient[] = [];

  async function control<T>(path: string, body?: unknown, method = body === undefined ? "GET" : "POST") {
    const response = await fetch(`${gateway.url}${path}`, {
      method,
      headers: { "content-type": "application/json" },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    return { status: response.status, body: (await response.json()) as T };
  }

  return {
    ...gateway,
    keys,
    control,
    async seed(table, ...documents) {
      const { status, body } = await control<{ ids?: string[]; error?: string }>("/_gateway/seed", {
        table,
        documents,
      });
      if (status !== 200 || !body.ids) throw new Error(`seeding ${table} failed: ${body.error ?? status}`);
      return body.ids;
    },
    tokenFor(userId, claims = {}) {
      const now = Math.floor(Date.now() / 1000);
      return signJwt(keys.JWT_PRIVATE_KEY, {
        sub: `${userId}|session-1`,
        iss: process.env.CONVEX_SITE_URL,
        aud: "convex",
        iat: now,
        exp: now + 3600,
        ...claims,
      });
    },
    http(token) {
      const client = new ConvexHttpClient(gateway.url, { logger: false });
      if (token) client.setAuth(token);
      return client;
    },
    client(token) {
      const client = new ConvexClient(gateway.url, {
        webSocketConstructor: NodeWebSocket as unknown as typeof WebSocket,
        unsavedChangesWarning: false,
        logger: false,
      });
      if (token !== undefined) client.setAuth(async () => (typeof token === "function" ? token() : token));
      clients.push(client);
      return client;
    },
    async close() {
      await Promise.all(clients.map((c) => c.close()));
      await gateway.close();
    },
  };
}

/**
 * Polls `check` until it returns something other than undefined (or throws its last error at the timeout). The
 * default gives a busy 2-core machine 15 s, under the 20 s test timeout (as tools/testing/clock.ts PATIENTLY does).
 */
export async function eventually<T>(
  check: () => T | undefined | Promise<T | undefined>,
  timeoutMs = 15_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      const value = await check();
      if (value !== undefined) return value;
    } catch (e) {
      lastError = e;
    }
    if (Date.now() > deadline) {
      if (lastError instanceof Error) throw lastError;
      // Nothing thrown (or something that is not an Error, kept as the cause).
      throw new Error(`not reached within ${timeoutMs} ms`, lastError == null ? undefined : { cause: lastError });
    }
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** A workspace with an admin, a marketer, an ops member and an outsider (admin of another workspace). */
export async function seedWorkspace(gw: TestGateway) {
  const [admin, marketer, ops, outsider] = await gw.seed(
    "users",
    { email: "admin@a.test" },
    { email: "marketer@a.test" },
    { email: "ops@a.test" },
    { email: "admin@b.test" },
  );
  const [workspace] = await gw.seed("workspaces", { name: "A", createdBy: admin });
  const [otherWorkspace] = await gw.seed("workspaces", { name: "B", createdBy: outsider });
  await gw.seed(
    "members",
    { workspaceId: workspace, userId: admin, role: "admin", email: "admin@a.test" },
    { workspaceId: workspace, userId: marketer, role: "marketer", email: "marketer@a.test" },
    { workspaceId: workspace, userId: ops, role: "ops", email: "ops@a.test" },
    { workspaceId: otherWorkspace, userId: outsider, role: "admin", email: "admin@b.test" },
  );
  return {
    users: { admin: admin!, marketer: marketer!, ops: ops!, outsider: outsider! },
    workspace: workspace!,
    otherWorkspace: otherWorkspace!,
  };
}

/** An invitation of `email` to the seeded workspace, with the link's secret a test can claim it with. */
export async function seedInvite(
  gw: TestGateway,
  world: Awaited<ReturnType<typeof seedWorkspace>>,
  email: string,
  role = "ops",
) {
  const token = randomBytes(32).toString("base64url");
  const tokenHash = createHash("sha256").update(token).digest("hex");
  const [inviteId] = await gw.seed("invitations", {
    workspaceId: world.workspace,
    email,
    role,
    invitedBy: world.users.admin,
    tokenHash,
    createdAt: Date.now(),
    expiresAt: Date.now() + 86_400_000,
  });
  return { inviteId: inviteId!, token };
}
