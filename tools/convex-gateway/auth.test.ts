// Convex Auth JWTs through the gateway: verified against the JWKS Convex Auth publishes, refused otherwise, and
// issued for real by our Password sign-in.
import { ConvexError } from "convex/values";
import { afterAll, beforeAll, describe, expect, test, vi } from "vitest";
import { api } from "../../convex/_generated/api";
import { generateAuthKeys, signJwt } from "./auth-keys.js";
import { eventually, startTestGateway, type TestGateway } from "./test-support.js";

let gw: TestGateway;
let userId: string;
let workspaceId: string;

beforeAll(async () => {
  gw = await startTestGateway();
  userId = (await gw.seed("users", { email: "admin@a.test" }))[0]!;
  workspaceId = (await gw.seed("workspaces", { name: "A", createdBy: userId }))[0]!;
  await gw.seed("members", { workspaceId, userId, role: "admin", email: "admin@a.test" });
});
afterAll(() => gw?.close());

const expectedMine = () => [{ workspaceId, name: "A", role: "admin" }];

describe("tokens over HTTP", () => {
  test("a token signed with the deployment's key makes getAuthUserId see the user", async () => {
    expect(await gw.http(gw.tokenFor(userId)).query(api.workspaces.members.mine, {})).toEqual(expectedMine());
  });

  test("a bad signature, an expired token and a foreign issuer are refused with HTTP 401 and Convex's codes", async () => {
    const post = (token: string) =>
      fetch(`${gw.url}/api/query`, {
        method: "POST",
        headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
        body: JSON.stringify({ path: "workspaces/members:mine", args: [{}], format: "convex_encoded_json" }),
      });
    const now = Math.floor(Date.now() / 1000);
    const claims = { sub: `${userId}|s`, iss: process.env.CONVEX_SITE_URL, aud: "convex", iat: now, exp: now + 600 };

    const forged = await post(signJwt(generateAuthKeys().JWT_PRIVATE_KEY, claims));
    expect(forged.status).toBe(401);
    expect(await forged.json()).toEqual({
      code: "Unauthenticated",
      message:
        "Could not verify OIDC token claim. Check that the token signature is valid and the token hasn't expired.",
    });

    const expired = await post(gw.tokenFor(userId, { iat: now - 7200, exp: now - 3600 }));
    expect(expired.status).toBe(401);
    expect(((await expired.json()) as { code: string }).code).toBe("Unauthenticated");

    const foreign = await post(gw.tokenFor(userId, { iss: "https://elsewhere.example" }));
    expect(foreign.status).toBe(401);
    expect(await foreign.json()).toMatchObject({
      code: "NoAuthProvider",
      message: expect.stringContaining(`OIDC(domain=${gw.url}, app_id=convex)`),
    });

    const wrongAudience = await post(gw.tokenFor(userId, { aud: "someone-else" }));
    expect(((await wrongAudience.json()) as { code: string }).code).toBe("NoAuthProvider");

    // ConvexHttpClient turns a 401 into an Error carrying the body.
    await expect(gw.http(gw.tokenFor(userId, { exp: now - 1 })).query(api.workspaces.members.mine, {})).rejects.toThrow(
      "Could not verify OIDC token claim",
    );
  });
});

describe("tokens over the sync protocol", () => {
  test("a good token authenticates the connection", async () => {
    const client = gw.client(gw.tokenFor(userId));
    const values: unknown[] = [];
    client.onUpdate(api.workspaces.members.mine, {}, (v) => values.push(v));
    expect(await eventually(() => values.at(-1))).toEqual(expectedMine());
  });

  test("a bad token is refused: the client learns it is signed out and its queries run anonymously", async () => {
    const forged = signJwt(generateAuthKeys().JWT_PRIVATE_KEY, {
      sub: `${userId}|s`,
      iss: process.env.CONVEX_SITE_URL,
      aud: "convex",
      iat: Math.floor(Date.now() / 1000),
      exp: Math.floor(Date.now() / 1000) + 600,
    });
    const onChange = vi.fn();
    const client = gw.client();
    client.setAuth(async () => forged, onChange);
    const errors: unknown[] = [];
    client.onUpdate(
      api.workspaces.members.mine,
      {},
      () => {},
      (e) => errors.push(e),
    );
    await eventually(() => (onChange.mock.calls.length > 0 ? true : undefined));
    expect(onChange).toHaveBeenCalledWith(false);
    expect(onChange).not.toHaveBeenCalledWith(true);
    const error = await eventually(() => errors[0]);
    expect((error as ConvexError<{ code: string }>).data.code).toBe("UNAUTHENTICATED");
  });
});

describe("Convex Auth's Password sign-in through the HTTP API (what its Next.js server helpers do)", () => {
  test("sign up returns tokens that the gateway accepts; sign in with a wrong password is refused", async () => {
    const http = gw.http();
    const signUp = (await http.action(api.auth.signIn, {
      provider: "password",
      params: { email: "new@a.test", password: "correct horse battery", flow: "signUp" },
    })) as { tokens?: { token: string; refreshToken: string } | null };
    expect(signUp.tokens?.token).toMatch(/^ey[\w-]+\.[\w-]+\.[\w-]+$/);
    expect(signUp.tokens?.refreshToken).toBeTruthy();

    // The new user is uninvited on a deployment that has a workspace already: signed in, in no workspace.
    expect(await gw.http(signUp.tokens!.token).query(api.workspaces.members.mine, {})).toEqual([]);

    const signIn = (await http.action(api.auth.signIn, {
      provider: "password",
      params: { email: "new@a.test", password: "correct horse battery", flow: "signIn" },
    })) as { tokens?: { token: string } | null };
    expect(signIn.tokens?.token).toBeTruthy();

    await expect(
      http.action(api.auth.signIn, {
        provider: "password",
        params: { email: "new@a.test", password: "wrong password!", flow: "signIn" },
      }),
    ).rejects.toThrow(/InvalidSecret/);
  });

  test("an address is one account whatever its case or spaces, stored lower-cased; oversized input is refused before any work", async () => {
    const http = gw.http();
    const signIn = (email: string, password: string, flow: "signUp" | "signIn") =>
      http.action(api.auth.signIn, { provider: "password", params: { email, password, flow } }) as Promise<{
        tokens?: { token: string } | null;
      }>;
    const created = await signIn(" Lead@Corp.Test ", "correct horse battery", "signUp");
    expect(created.tokens?.token).toBeTruthy();
    const users = (await gw.control<{ documents: { email?: string }[] }>("/_gateway/tables/users")).body.documents;
    expect(users.map((u) => u.email)).toContain("lead@corp.test");
    expect(users.map((u) => u.email)).not.toContain(" Lead@Corp.Test ");
    expect((await signIn("lead@corp.test", "correct horse battery", "signIn")).tokens?.token).toBeTruthy();
    expect((await signIn("LEAD@CORP.TEST", "correct horse battery", "signIn")).tokens?.token).toBeTruthy();
    // The same address in another case is the same account, not a second one.
    await expect(signIn("lead@CORP.test", "another password!", "signUp")).rejects.toThrow(/already exists/);

    const tooLong = await signIn(`${"x".repeat(300)}@corp.test`, "correct horse battery", "signUp").catch(
      (e: unknown) => e,
    );
    expect((tooLong as ConvexError<{ code: string; message: string }>).data).toMatchObject({
      code: "INVALID",
      message: expect.stringMatching(/at most 254/),
    });
    const hugePassword = await signIn("lead@corp.test", "p".repeat(100_000), "signIn").catch((e: unknown) => e);
    expect((hugePassword as ConvexError<{ code: string; message: string }>).data).toMatchObject({
      code: "INVALID",
      message: "password must be at most 256 characters",
    });
  });
});
