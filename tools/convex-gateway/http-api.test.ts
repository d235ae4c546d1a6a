// The HTTP API as ConvexHttpClient (fetchQuery/fetchAction in Next.js) uses it, against our real functions.
import { ConvexError } from "convex/values";
import { makeFunctionReference } from "convex/server";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { api } from "../../convex/_generated/api";
import type { Id } from "../../convex/_generated/dataModel";
import { seedInvite, seedWorkspace, startTestGateway, TIKTOK_TEST_ENV, type TestGateway } from "./test-support.js";

let gw: TestGateway;
let world: Awaited<ReturnType<typeof seedWorkspace>>;

beforeAll(async () => {
  gw = await startTestGateway({ env: TIKTOK_TEST_ENV });
  world = await seedWorkspace(gw);
});
afterAll(() => gw?.close());

const workspaceId = () => world.workspace as Id<"workspaces">;

describe("ConvexHttpClient against the gateway", () => {
  test("a query, a mutation and an action round-trip with their values", async () => {
    const admin = gw.http(gw.tokenFor(world.users.admin));
    expect(await admin.query(api.workspaces.members.mine, {})).toEqual([
      { workspaceId: world.workspace, name: "A", role: "admin" },
    ]);

    const { inviteId } = await seedInvite(gw, world, "new@a.test");
    expect(
      await admin.mutation(api.workspaces.members.cancelInvite, {
        workspaceId: workspaceId(),
        inviteId: inviteId as Id<"invitations">,
      }),
    ).toBeNull();
    const { invites } = await admin.query(api.workspaces.members.list, { workspaceId: workspaceId() });
    expect(invites.map((i) => i.email)).not.toContain("new@a.test");

    const { url } = await admin.action(api.tiktok.connections.start, { workspaceId: workspaceId() });
    expect(new URL(url).searchParams.get("state")).toMatch(/.{20,}/);
  });

  test("a ConvexError reaches the client with its data", async () => {
    const admin = gw.http(gw.tokenFor(world.users.admin));
    const { members } = await admin.query(api.workspaces.members.list, { workspaceId: workspaceId() });
    const me = members.find((m) => m.you)!.memberId;
    const error = await admin
      .mutation(api.workspaces.members.setRole, { workspaceId: workspaceId(), memberId: me, role: "ops" })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConvexError);
    expect((error as ConvexError<{ code: string }>).data).toEqual({
      code: "LAST_ADMIN",
      message: "A workspace needs at least one admin; make someone else admin first",
    });
    const invalid = await admin
      .action(api.workspaces.members.invite, { workspaceId: workspaceId(), email: "not an email", role: "ops" })
      .catch((e: unknown) => e);
    expect((invalid as ConvexError<{ code: string }>).data).toEqual({
      code: "INVALID",
      message: "Enter an email address such as name@company.com",
    });

    const anonymous = await gw
      .http()
      .query(api.workspaces.members.mine, {})
      .catch((e: unknown) => e);
    expect((anonymous as ConvexError<{ code: string }>).data.code).toBe("UNAUTHENTICATED");

    const ops = await gw
      .http(gw.tokenFor(world.users.ops))
      .action(api.tiktok.connections.start, { workspaceId: workspaceId() })
      .catch((e: unknown) => e);
    expect((ops as ConvexError<{ code: string }>).data.code).toBe("FORBIDDEN");
  });

  test("any other failure reaches the client as an Error with the message, with HTTP 560", async () => {
    const admin = gw.http(gw.tokenFor(world.users.admin));
    const error = await admin.mutation(api.workspaces.invites.accept, { token: 42 } as never).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Error);
    expect(error).not.toBeInstanceOf(ConvexError);
    expect((error as Error).message).toMatch(
      /^\[Request ID: \w+\] Server Error\nUncaught Error: .*Expected `string`, got `42`/,
    );

    const raw = await fetch(`${gw.url}/api/query`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ path: "workspaces/members:mine", args: [{}], format: "convex_encoded_json" }),
    });
    expect(raw.status).toBe(560);
    expect(await raw.json()).toMatchObject({ status: "error", errorData: { code: "UNAUTHENTICATED" }, logLines: [] });
  });

  test("internal functions, unknown ones and the wrong kind are refused as a deployment refuses them", async () => {
    const admin = gw.http(gw.tokenFor(world.users.admin));
    await expect(admin.mutation(makeFunctionReference<"mutation">("tiktok/tokens:sweep"), {})).rejects.toThrow(
      "Could not find public function for 'tiktok/tokens:sweep'",
    );
    await expect(admin.query(makeFunctionReference<"query">("workspaces/members:nope"), {})).rejects.toThrow(
      "Could not find public function",
    );
    await expect(admin.query(makeFunctionReference<"query">("workspaces/members:setRole"), {})).rejects.toThrow(
      "Trying to execute workspaces/members:setRole as Query, but it is defined as Mutation.",
    );
  });

  test("/_gateway/run runs internal functions for tests; /_gateway/tables shows what is stored", async () => {
    const { status, body } = await gw.control("/_gateway/run", { path: "tiktok/tokens:sweep", args: {} });
    expect(status).toBe(200);
    expect(body).toEqual({ status: "success", value: 0, logLines: [] });
    const tables = await gw.control<{ documents: { name: string }[] }>("/_gateway/tables/workspaces");
    expect(tables.body.documents.map((d) => d.name)).toEqual(["A", "B"]);
  });

  test("what a function prints comes back as logLines, as Convex sends them", async () => {
    // Completing a connect attempt on a deployment without TOKEN_ENCRYPTION_KEY logs the misconfiguration.
    const token = gw.tokenFor(world.users.admin);
    const { url } = await gw.http(token).action(api.tiktok.connections.start, { workspaceId: workspaceId() });
    const response = await fetch(`${gw.url}/api/action`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
      body: JSON.stringify({
        path: "tiktok/connections:complete",
        args: [{ state: new URL(url).searchParams.get("state"), authCode: "any-code" }],
        format: "convex_encoded_json",
      }),
    });
    const body = (await response.json()) as { status: string; value: { outcome: string }; logLines: string[] };
    expect(body.status).toBe("success");
    expect(body.logLines).toEqual([
      expect.stringMatching(/^\[ERROR\] ['`"]TikTok connect ended as \w+: .*TOKEN_ENCRYPTION_KEY is not set/),
    ]);
  });

  test("the /_gateway doors refuse anything a web page sends (it always carries an Origin)", async () => {
    const fromPage = await fetch(`${gw.url}/_gateway/seed`, {
      method: "POST",
      headers: { origin: "https://evil.example", "content-type": "text/plain" },
      body: JSON.stringify({ table: "users", document: { email: "planted@evil.example" } }),
    });
    expect(fromPage.status).toBe(403);
    const users = (await (await fetch(`${gw.url}/_gateway/tables/users`)).json()) as {
      documents: { email?: string }[];
    };
    expect(users.documents.map((u) => u.email)).not.toContain("planted@evil.example");
  });

  test("the /_gateway doors answer only to loopback Host names, so a rebound DNS name cannot read the tables", async () => {
    const { request } = await import("node:http");
    const get = (host: string) =>
      new Promise<{ status: number; body: string }>((resolve, reject) => {
        const req = request(`${gw.url}/_gateway/tables/users`, { headers: { host } }, (res) => {
          let body = "";
          res.on("data", (chunk: Buffer) => (body += chunk.toString()));
          res.on("end", () => resolve({ status: res.statusCode ?? 0, body }));
        });
        req.on("error", reject);
        req.end();
      });
    const port = new URL(gw.url).port;
    for (const host of [
      "rebound.evil.example",
      `rebound.evil.example:${port}`,
      "127.0.0.1.evil.example",
      "localhost.evil.example",
      "10.0.0.1",
    ]) {
      const answer = await get(host);
      expect(answer.status, host).toBe(403);
      expect(answer.body).not.toContain("@");
    }
    for (const host of [`127.0.0.1:${port}`, `localhost:${port}`, "localhost"])
      expect((await get(host)).status, host).toBe(200);
  });

  test("refuses to listen beyond this machine", async () => {
    await expect(startTestGateway({ env: TIKTOK_TEST_ENV, host: "0.0.0.0" })).rejects.toThrow(/loopback address/);
  });

  test("CORS: localhost origins are allowed, others are not", async () => {
    const preflight = (origin: string) =>
      fetch(`${gw.url}/api/query`, {
        method: "OPTIONS",
        headers: {
          origin,
          "access-control-request-method": "POST",
          "access-control-request-headers": "content-type,authorization",
        },
      });
    const local = await preflight("http://localhost:3000");
    expect(local.status).toBe(204);
    expect(local.headers.get("access-control-allow-origin")).toBe("http://localhost:3000");
    expect(local.headers.get("access-control-allow-headers")).toBe("content-type,authorization");
    const other = await preflight("https://example.com");
    expect(other.headers.get("access-control-allow-origin")).toBeNull();
  });

  test("Convex Auth's routes of convex/http.ts are served on the same origin", async () => {
    const discovery = (await (await fetch(`${gw.url}/.well-known/openid-configuration`)).json()) as {
      issuer: string;
      jwks_uri: string;
    };
    expect(discovery.issuer).toBe(gw.url);
    const jwks = (await (await fetch(discovery.jwks_uri)).json()) as unknown;
    expect(jwks).toEqual(JSON.parse(gw.keys.JWKS));
  });
});
