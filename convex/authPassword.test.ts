// Sign-in as an attacker tries it: Convex Auth's signIn action called directly (as any client can), with codes
// captured in the outbox (AUTH_EMAIL_DELIVERY=capture). Issue 17, items 1 to 5.
import { convexTest } from "convex-test";
import rateLimiterTest from "@convex-dev/rate-limiter/test";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { api } from "./_generated/api";
import type { Id } from "./_generated/dataModel";
import { resetSubject, verificationSubject } from "./authEmail";
import { CODES_PER_ADDRESS, CODES_PER_DEPLOYMENT } from "./authThrottle";
import schema from "./schema";
import { modules } from "./test.setup";

type SignInAnswer = { tokens?: { token: string; refreshToken: string } | null; started?: boolean };

/** A throwaway RS256 key for Convex Auth's JWTs, in the one-line PEM form it reads from JWT_PRIVATE_KEY. */
async function jwtPrivateKey(): Promise<string> {
  const pair = await crypto.subtle.generateKey(
    { name: "RSASSA-PKCS1-v1_5", modulusLength: 2048, publicExponent: new Uint8Array([1, 0, 1]), hash: "SHA-256" },
    true,
    ["sign", "verify"],
  );
  const der = new Uint8Array(await crypto.subtle.exportKey("pkcs8", pair.privateKey));
  const base64 = btoa(String.fromCharCode(...der));
  return `-----BEGIN PRIVATE KEY-----\n${base64.match(/.{1,64}/g)!.join("\n")}\n-----END PRIVATE KEY-----\n`;
}

let privateKey: Promise<string> | undefined;

async function setup({ delivery = "capture", owner }: { delivery?: string | null; owner?: string } = {}) {
  vi.stubEnv("JWT_PRIVATE_KEY", await (privateKey ??= jwtPrivateKey()));
  vi.stubEnv("CONVEX_SITE_URL", "http://127.0.0.1:3211");
  vi.stubEnv("SITE_URL", "http://localhost:3000");
  if (delivery) vi.stubEnv("AUTH_EMAIL_DELIVERY", delivery);
  if (owner) vi.stubEnv("OWNER_EMAIL", owner);
  const t = convexTest({ schema, modules, transactionLimits: true });
  rateLimiterTest.register(t);
  const signIn = (params: Record<string, unknown>) =>
    t.action(api.auth.signIn, { provider: "password", params }) as Promise<SignInAnswer>;
  /** The error a refused sign-in throws, as text (what a client shows or matches). */
  const refusal = (params: Record<string, unknown>) =>
    signIn(params).then(
      () => "no error",
      (error: unknown) => String((error as Error).message),
    );
  const outbox = () => t.run((ctx) => ctx.db.query("emailOutbox").collect());
  const mailTo = async (to: string) => (await outbox()).filter((m) => m.to === to);
  const latestCode = async (to: string) => {
    const mail = (await mailTo(to)).at(-1);
    expect(mail, `a code mailed to ${to}`).toBeDefined();
    return mail!.code;
  };
  const users = () => t.run((ctx) => ctx.db.query("users").collect());
  const roleOf = (userId: Id<"users">) =>
    t.run(async (ctx) => (await ctx.db.query("members").collect()).find((m) => m.userId === userId)?.role ?? null);
  const sessionsOf = (userId: Id<"users">) =>
    t.run(async (ctx) => (await ctx.db.query("authSessions").collect()).filter((s) => s.userId === userId).length);
  /** Signs up and proves the address with the code, as the sign-in page does. */
  const signUpVerified = async (email: string, password: string) => {
    expect(await signIn({ flow: "signUp", email, password })).toEqual({ tokens: null });
    const answer = await signIn({ flow: "email-verification", email, password, code: await latestCode(email) });
    expect(answer.tokens?.token).toBeTruthy();
  };
  return { t, signIn, refusal, outbox, mailTo, latestCode, users, roleOf, sessionsOf, signUpVerified };
}

// The rate limiter and code expiry read the clock: freeze it, so no token refills while a test runs (only Date is
// faked; timers stay real for the password hashing and convex-test's own scheduling).
beforeEach(() => vi.useFakeTimers({ now: Date.UTC(2026, 11, 8, 9), toFake: ["Date"] }));
afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllEnvs();
});

describe("the stored address (issue 17 item 1)", () => {
  it("stays normalised when anyone, signed out, asks for a code with a variant of it; the owner's code still makes them admin", async () => {
    const { signIn, users, latestCode, roleOf } = await setup({ owner: "owner@corp.test" });
    expect(await signIn({ flow: "signUp", email: "owner@corp.test", password: "owner password" })).toEqual({
      tokens: null,
    });
    // A stranger, not signed in, names the address with spaces and capitals.
    expect(await signIn({ flow: "email-verification", email: "  OWNER@Corp.Test " })).toEqual({ tokens: null });
    expect((await users()).map((u) => u.email)).toEqual(["owner@corp.test"]);

    const code = await latestCode("owner@corp.test");
    const answer = await signIn({
      flow: "email-verification",
      email: "owner@corp.test",
      password: "owner password",
      code,
    });
    expect(answer.tokens?.token).toBeTruthy();
    const [owner] = await users();
    expect(owner).toMatchObject({ email: "owner@corp.test", emailVerificationTime: expect.any(Number) });
    expect(await roleOf(owner!._id)).toBe("admin");
  });

  it("stays normalised when a code is checked with a variant of the address", async () => {
    const { signIn, users, latestCode } = await setup();
    await signIn({ flow: "signUp", email: "lead@corp.test", password: "lead password" });
    const code = await latestCode("lead@corp.test");
    const answer = await signIn({
      flow: "email-verification",
      email: " LEAD@corp.TEST",
      password: "lead password",
      code,
    });
    expect(answer.tokens?.token).toBeTruthy();
    expect((await users()).map((u) => [u.email, u.emailVerificationTime !== undefined])).toEqual([
      ["lead@corp.test", true],
    ]);
  });
});

describe("a squatted address (issue 17 item 2)", () => {
  it("a stranger who signs up first with the owner's address and never verifies it cannot lock the owner out", async () => {
    const { signIn, refusal, users, latestCode, roleOf, sessionsOf } = await setup({ owner: "owner@corp.test" });
    expect(await signIn({ flow: "signUp", email: "owner@corp.test", password: "stranger password" })).toEqual({
      tokens: null,
    });
    // The real owner signs up: not "already exists", but a code to their mailbox.
    expect(await signIn({ flow: "signUp", email: "owner@corp.test", password: "owner password" })).toEqual({
      tokens: null,
    });
    const code = await latestCode("owner@corp.test");
    const proven = await signIn({
      flow: "email-verification",
      email: "owner@corp.test",
      password: "owner password",
      code,
    });
    expect(proven.tokens?.token).toBeTruthy();

    const [owner, ...others] = await users();
    expect(others).toEqual([]);
    expect(await roleOf(owner!._id)).toBe("admin");
    expect(await sessionsOf(owner!._id)).toBe(1);
    // The stranger's password is gone; the owner's works.
    expect(await refusal({ flow: "signIn", email: "owner@corp.test", password: "stranger password" })).toMatch(
      /InvalidSecret/,
    );
    expect(
      (await signIn({ flow: "signIn", email: "owner@corp.test", password: "owner password" })).tokens,
    ).toBeTruthy();
  });

  it("the code step needs the password: a client that leaves it out cannot keep a squatter's password", async () => {
    const { signIn, refusal, users, latestCode, sessionsOf } = await setup({ owner: "owner@corp.test" });
    await signIn({ flow: "signUp", email: "owner@corp.test", password: "stranger password" });
    await signIn({ flow: "signUp", email: "owner@corp.test", password: "owner password" });
    const code = await latestCode("owner@corp.test");
    expect(await refusal({ flow: "email-verification", email: "owner@corp.test", code })).toMatch(
      /Send the password chosen at sign-up/,
    );
    // Refused before the code was checked: the address is still unproven, and the code still works with a password.
    const [owner] = await users();
    expect(owner!.emailVerificationTime).toBeUndefined();
    expect(await sessionsOf(owner!._id)).toBe(0);
    const proven = await signIn({
      flow: "email-verification",
      email: "owner@corp.test",
      password: "owner password",
      code,
    });
    expect(proven.tokens?.token).toBeTruthy();
    expect(await refusal({ flow: "signIn", email: "owner@corp.test", password: "stranger password" })).toMatch(
      /InvalidSecret/,
    );
  });

  it("the squatter gets no workspace and no session while the address is unproven", async () => {
    const { signIn, users, roleOf, sessionsOf } = await setup({ owner: "owner@corp.test" });
    await signIn({ flow: "signUp", email: "owner@corp.test", password: "stranger password" });
    // Signing in again with the password they chose only sends another code.
    expect(await signIn({ flow: "signIn", email: "owner@corp.test", password: "stranger password" })).toEqual({
      tokens: null,
    });
    const [squatter] = await users();
    expect(await roleOf(squatter!._id)).toBeNull();
    expect(await sessionsOf(squatter!._id)).toBe(0);
  });

  it("a forgotten password is reset with an emailed code: the new one works, the old one and every other session end", async () => {
    const { signIn, refusal, users, mailTo, latestCode, sessionsOf, signUpVerified } = await setup();
    await signUpVerified("kate@corp.test", "first password");
    const [kate] = await users();
    expect(await sessionsOf(kate!._id)).toBe(1);

    expect(await signIn({ flow: "reset", email: " Kate@Corp.test" })).toEqual({ tokens: null });
    const mail = (await mailTo("kate@corp.test")).at(-1)!;
    expect(mail.subject).toBe(resetSubject);
    expect(
      await refusal({
        flow: "reset-verification",
        email: "kate@corp.test",
        code: "00000000",
        newPassword: "second password",
      }),
    ).toMatch(/Could not verify code/);
    const reset = await signIn({
      flow: "reset-verification",
      email: "kate@corp.test",
      code: await latestCode("kate@corp.test"),
      newPassword: "second password",
    });
    expect(reset.tokens?.token).toBeTruthy();
    expect(await sessionsOf(kate!._id)).toBe(1); // the reset's own; the earlier one ended
    expect(await refusal({ flow: "signIn", email: "kate@corp.test", password: "first password" })).toMatch(
      /InvalidSecret/,
    );
    expect(
      (await signIn({ flow: "signIn", email: "kate@corp.test", password: "second password" })).tokens,
    ).toBeTruthy();
  });

  it("a reset proves a squatted address too: the owner gets in and gets the workspace", async () => {
    const { signIn, refusal, users, latestCode, roleOf } = await setup({ owner: "owner@corp.test" });
    await signIn({ flow: "signUp", email: "owner@corp.test", password: "stranger password" });
    await signIn({ flow: "reset", email: "owner@corp.test" });
    const reset = await signIn({
      flow: "reset-verification",
      email: "owner@corp.test",
      code: await latestCode("owner@corp.test"),
      newPassword: "owner password",
    });
    expect(reset.tokens?.token).toBeTruthy();
    const [owner] = await users();
    expect(await roleOf(owner!._id)).toBe("admin");
    expect(await refusal({ flow: "signIn", email: "owner@corp.test", password: "stranger password" })).toMatch(
      /InvalidSecret/,
    );
  });

  it("a reset code is not a sign-up code, and a code works only for its own address", async () => {
    const { signIn, refusal, latestCode, signUpVerified } = await setup();
    await signUpVerified("kate@corp.test", "kate password");
    await signUpVerified("lead@corp.test", "lead password");
    await signIn({ flow: "reset", email: "kate@corp.test" });
    const code = await latestCode("kate@corp.test");
    expect(
      await refusal({ flow: "reset-verification", email: "lead@corp.test", code, newPassword: "taken over!" }),
    ).toMatch(/Could not verify code/);
    expect(
      await refusal({ flow: "email-verification", email: "kate@corp.test", code, password: "taken over!" }),
    ).toMatch(/Could not verify code/);
    expect((await signIn({ flow: "signIn", email: "lead@corp.test", password: "lead password" })).tokens).toBeTruthy();
    expect((await signIn({ flow: "signIn", email: "kate@corp.test", password: "kate password" })).tokens).toBeTruthy();
  });

  it("without email delivery there is no reset, and the answer says what to set", async () => {
    const { refusal } = await setup({ delivery: null });
    expect(await refusal({ flow: "reset", email: "kate@corp.test" })).toMatch(/RESET_UNAVAILABLE.*AUTH_EMAIL_DELIVERY/);
  });
});

describe("code emails are throttled (issue 17 item 3)", () => {
  it(`mails an address at most ${CODES_PER_ADDRESS.capacity} codes at once, and answers every request the same`, async () => {
    const { signIn, mailTo } = await setup();
    const answers = [await signIn({ flow: "signUp", email: "kate@corp.test", password: "kate password" })];
    for (let i = 0; i < 20; i++) answers.push(await signIn({ flow: "email-verification", email: "kate@corp.test" }));
    expect(new Set(answers.map((a) => JSON.stringify(a)))).toEqual(new Set([JSON.stringify({ tokens: null })]));
    expect(await mailTo("kate@corp.test")).toHaveLength(CODES_PER_ADDRESS.capacity);
    // Other ways to ask count against the same address, in any spelling of it.
    expect(await signIn({ flow: "reset", email: "KATE@corp.test" })).toEqual({ tokens: null });
    expect(await signIn({ flow: "signIn", email: "kate@corp.test ", password: "kate password" })).toEqual({
      tokens: null,
    });
    expect(await mailTo("kate@corp.test")).toHaveLength(CODES_PER_ADDRESS.capacity);
  });

  it(`mails at most ${CODES_PER_DEPLOYMENT.capacity} codes at once over the whole deployment, however many addresses ask`, async () => {
    const { t, signIn, outbox } = await setup();
    const addresses = Array.from({ length: CODES_PER_DEPLOYMENT.capacity + 2 }, (_, i) => `person${i}@corp.test`);
    // Accounts stored directly (hashing 32 passwords would only slow the test): each address asks for its first code.
    await t.run(async (ctx) => {
      for (const email of addresses) {
        const userId = await ctx.db.insert("users", { email });
        await ctx.db.insert("authAccounts", { userId, provider: "password", providerAccountId: email, secret: "-" });
      }
    });
    for (const email of addresses)
      expect(await signIn({ flow: "email-verification", email })).toEqual({ tokens: null });
    expect(await outbox()).toHaveLength(CODES_PER_DEPLOYMENT.capacity);
  });
});

describe("where codes go (issue 17 item 4)", () => {
  it("mails the code to the stored, normalised address, never to the variant typed (a Kelvin sign for the k)", async () => {
    const { signIn, outbox, users } = await setup();
    await signIn({ flow: "signUp", email: "\u212Aate@corp.test", password: "kate password" });
    expect((await users()).map((u) => u.email)).toEqual(["kate@corp.test"]);
    expect((await outbox()).map((m) => [m.to, m.subject])).toEqual([["kate@corp.test", verificationSubject]]);
  });
});

describe("registered and unknown addresses answer alike (issue 17 item 5)", () => {
  it("asking for a code answers the same for a registered address and an unknown one, and only the first is mailed", async () => {
    const { signIn, outbox, signUpVerified } = await setup();
    await signUpVerified("kate@corp.test", "kate password");
    const before = (await outbox()).length;
    for (const flow of ["email-verification", "reset"]) {
      const registered = await signIn({ flow, email: "kate@corp.test" });
      const unknown = await signIn({ flow, email: "nobody@corp.test" });
      expect(unknown).toEqual(registered);
    }
    expect((await outbox()).slice(before).map((m) => m.to)).toEqual(["kate@corp.test", "kate@corp.test"]);
  });

  it("checking a code, signing in and signing up fail or answer alike for a registered address and an unknown one", async () => {
    const { signIn, refusal, signUpVerified } = await setup();
    await signUpVerified("kate@corp.test", "kate password");
    const wrongCode = { code: "12345678", password: "kate password" };
    expect(await refusal({ flow: "email-verification", email: "nobody@corp.test", ...wrongCode })).toBe(
      await refusal({ flow: "email-verification", email: "kate@corp.test", ...wrongCode }),
    );
    expect(
      await refusal({ flow: "reset-verification", email: "nobody@corp.test", code: "1", newPassword: "x".repeat(9) }),
    ).toBe(
      await refusal({ flow: "reset-verification", email: "kate@corp.test", code: "1", newPassword: "x".repeat(9) }),
    );
    expect(await refusal({ flow: "signIn", email: "nobody@corp.test", password: "some password" })).toBe(
      await refusal({ flow: "signIn", email: "kate@corp.test", password: "some password" }),
    );
    // Signing up with a registered address looks like signing up with a new one: a code is on its way.
    expect(await signIn({ flow: "signUp", email: "kate@corp.test", password: "another password" })).toEqual(
      await signIn({ flow: "signUp", email: "new@corp.test", password: "another password" }),
    );
    // And kate's password is still hers until that code comes back.
    expect((await signIn({ flow: "signIn", email: "kate@corp.test", password: "kate password" })).tokens).toBeTruthy();
  });
});
