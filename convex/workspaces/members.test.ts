import { convexTest } from "convex-test";
import { afterEach, describe, expect, it, vi } from "vitest";
import { api, internal } from "../_generated/api";
import type { Id } from "../_generated/dataModel";
import schema from "../schema";
import { modules } from "../test.setup";
import { provisionUser } from "./provision";

function setup() {
  const t = convexTest({ schema, modules, transactionLimits: true });
  const signUp = (email: string) =>
    t.run(async (ctx) => {
      const userId = await ctx.db.insert("users", { email });
      await provisionUser(ctx, userId);
      return userId;
    });
  const as = (userId: Id<"users">) => t.withIdentity({ subject: `${userId}|s` });
  const onlyWorkspace = async (userId: Id<"users">) => {
    const mine = await as(userId).query(api.workspaces.members.mine, {});
    expect(mine).toHaveLength(1);
    return mine[0]!.workspaceId;
  };
  return { t, signUp, as, onlyWorkspace };
}

afterEach(() => vi.unstubAllEnvs());

describe("workspaces and members", () => {
  it("makes the first user of a fresh deployment admin of a new workspace", async () => {
    const { signUp, as } = setup();
    const first = await signUp("first@example.com");
    expect(await as(first).query(api.workspaces.members.mine, {})).toEqual([
      { workspaceId: expect.any(String), name: "My workspace", role: "admin" },
    ]);
  });

  it("gives an uninvited later user no workspace", async () => {
    const { signUp, as } = setup();
    await signUp("first@example.com");
    const stranger = await signUp("stranger@example.com");
    expect(await as(stranger).query(api.workspaces.members.mine, {})).toEqual([]);
  });

  it("an invitation is claimed with its link by the invited address, once, with the invited role", async () => {
    const { signUp, as, onlyWorkspace } = setup();
    const admin = await signUp("admin@example.com");
    const workspaceId = await onlyWorkspace(admin);
    const invite = await as(admin).action(api.workspaces.members.invite, {
      workspaceId,
      email: " Ops@Example.com ",
      role: "ops",
    });
    expect(invite).toMatchObject({ email: "ops@example.com", token: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/) });
    const ops = await signUp("ops@example.com");
    // Signing up with the address is not enough: nothing is handed out without the link.
    expect(await as(ops).query(api.workspaces.members.mine, {})).toEqual([]);
    expect(await as(ops).query(api.workspaces.invites.preview, { token: invite.token, now: Date.now() })).toEqual({
      ok: true,
      workspaceName: "My workspace",
      role: "ops",
      email: "ops@example.com",
      alreadyMember: false,
    });
    expect(await as(ops).mutation(api.workspaces.invites.accept, { token: invite.token })).toEqual({ workspaceId });
    expect(await as(ops).query(api.workspaces.members.mine, {})).toEqual([
      { workspaceId, name: "My workspace", role: "ops" },
    ]);
    const { invites, members } = await as(admin).query(api.workspaces.members.list, { workspaceId });
    expect(invites).toEqual([]);
    expect(members.map((m) => [m.email, m.role, m.you])).toEqual([
      ["admin@example.com", "admin", true],
      ["ops@example.com", "ops", false],
    ]);
    // Single use.
    await expect(as(ops).mutation(api.workspaces.invites.accept, { token: invite.token })).rejects.toThrow(/not valid/);
  });

  it("a stranger who signs up first with the invited address (in any case) gets nothing without the link", async () => {
    const { t, signUp, as, onlyWorkspace } = setup();
    const admin = await signUp("admin@example.com");
    const workspaceId = await onlyWorkspace(admin);
    const invite = await as(admin).action(api.workspaces.members.invite, {
      workspaceId,
      email: "lead@corp.test",
      role: "admin",
    });
    const stranger = await signUp("lead@corp.test");
    expect(await as(stranger).query(api.workspaces.members.mine, {})).toEqual([]);
    // Guessing is hopeless, and a wrong or oversized token is refused without work.
    for (const token of ["", "x", invite.token.slice(0, -1), `${invite.token}x`]) {
      await expect(as(stranger).mutation(api.workspaces.invites.accept, { token })).rejects.toThrow(/not valid/);
    }
    await expect(as(stranger).mutation(api.workspaces.invites.accept, { token: "y".repeat(10_000) })).rejects.toThrow(
      /token must be at most 64 characters/,
    );
    expect(await as(stranger).query(api.workspaces.members.mine, {})).toEqual([]);
    // The secret itself is stored only hashed.
    const rows = await t.run((ctx) => ctx.db.query("invitations").collect());
    expect(JSON.stringify(rows)).not.toContain(invite.token);
  });

  it("a link is refused for another address, after it expires, and once revoked", async () => {
    const { t, signUp, as, onlyWorkspace } = setup();
    const admin = await signUp("admin@example.com");
    const workspaceId = await onlyWorkspace(admin);
    const other = await signUp("other@example.com");
    const first = await as(admin).action(api.workspaces.members.invite, {
      workspaceId,
      email: "invitee@example.com",
      role: "marketer",
    });
    expect(
      await as(other).query(api.workspaces.invites.preview, { token: first.token, now: Date.now() }),
    ).toMatchObject({ ok: false, problem: "wrong_email" });
    await expect(as(other).mutation(api.workspaces.invites.accept, { token: first.token })).rejects.toThrow(
      /another email address/,
    );

    const invitee = await signUp("invitee@example.com");
    await t.run(async (ctx) => {
      const row = (await ctx.db.query("invitations").collect())[0]!;
      await ctx.db.patch("invitations", row._id, { expiresAt: Date.now() - 1 });
    });
    await expect(as(invitee).mutation(api.workspaces.invites.accept, { token: first.token })).rejects.toThrow(
      /expired/,
    );

    const second = await as(admin).action(api.workspaces.members.invite, {
      workspaceId,
      email: "invitee@example.com",
      role: "marketer",
    });
    const [pending] = (await as(admin).query(api.workspaces.members.list, { workspaceId })).invites;
    expect(pending).toMatchObject({ email: "invitee@example.com", role: "marketer" });
    await as(admin).mutation(api.workspaces.members.cancelInvite, { workspaceId, inviteId: pending!.inviteId });
    await expect(as(invitee).mutation(api.workspaces.invites.accept, { token: second.token })).rejects.toThrow(
      /not valid/,
    );
    expect(await as(invitee).query(api.workspaces.members.mine, {})).toEqual([]);
  });

  it("an admin's invitations stop working when they are removed or demoted, a link to their own other address included", async () => {
    const { signUp, as, onlyWorkspace } = setup();
    const admin = await signUp("admin@example.com");
    const workspaceId = await onlyWorkspace(admin);
    const second = await signUp("second@example.com");
    const toSecond = await as(admin).action(api.workspaces.members.invite, {
      workspaceId,
      email: "second@example.com",
      role: "admin",
    });
    await as(second).mutation(api.workspaces.invites.accept, { token: toSecond.token });
    // The second admin invites an address of their own, then is removed; another invites someone and is demoted.
    const own = await as(second).action(api.workspaces.members.invite, {
      workspaceId,
      email: "alt@example.com",
      role: "admin",
    });
    const { members } = await as(admin).query(api.workspaces.members.list, { workspaceId });
    await as(admin).mutation(api.workspaces.members.remove, {
      workspaceId,
      memberId: members.find((m) => m.email === "second@example.com")!.memberId,
    });
    const alt = await signUp("alt@example.com");
    await expect(as(alt).mutation(api.workspaces.invites.accept, { token: own.token })).rejects.toThrow(/not valid/);
    expect(await as(alt).query(api.workspaces.members.mine, {})).toEqual([]);
    expect((await as(admin).query(api.workspaces.members.list, { workspaceId })).invites).toEqual([]);
  });

  it("inviting the same address again replaces the old link", async () => {
    const { signUp, as, onlyWorkspace } = setup();
    const admin = await signUp("admin@example.com");
    const workspaceId = await onlyWorkspace(admin);
    const old = await as(admin).action(api.workspaces.members.invite, {
      workspaceId,
      email: "x@example.com",
      role: "ops",
    });
    const renewed = await as(admin).action(api.workspaces.members.invite, {
      workspaceId,
      email: "x@example.com",
      role: "marketer",
    });
    const x = await signUp("x@example.com");
    await expect(as(x).mutation(api.workspaces.invites.accept, { token: old.token })).rejects.toThrow(/not valid/);
    await as(x).mutation(api.workspaces.invites.accept, { token: renewed.token });
    expect(await as(x).query(api.workspaces.members.mine, {})).toEqual([
      { workspaceId, name: "My workspace", role: "marketer" },
    ]);
  });

  it("refuses an address that is not an email, or is too long, without echoing it, and writes nothing", async () => {
    const { signUp, as, onlyWorkspace } = setup();
    const admin = await signUp("admin@example.com");
    const workspaceId = await onlyWorkspace(admin);
    await expect(
      as(admin).action(api.workspaces.members.invite, { workspaceId, email: "not-an-email", role: "ops" }),
    ).rejects.toThrow(/Enter an email address/);
    const long = `${"q".repeat(300)}@example.com`;
    const error = await as(admin)
      .action(api.workspaces.members.invite, { workspaceId, email: long, role: "ops" })
      .catch((e: Error) => e);
    expect(String((error as Error).message)).toMatch(/at most 254 characters/);
    expect(String((error as Error).message)).not.toContain("qqqq");
    expect((await as(admin).query(api.workspaces.members.list, { workspaceId })).invites).toEqual([]);
  });

  it("every member reads who is in the workspace and with which role; only admins see pending invitations", async () => {
    const { signUp, as, onlyWorkspace } = setup();
    const admin = await signUp("admin@example.com");
    const workspaceId = await onlyWorkspace(admin);
    const join = async (email: string, role: "ops" | "marketer") => {
      const invite = await as(admin).action(api.workspaces.members.invite, { workspaceId, email, role });
      const user = await signUp(email);
      await as(user).mutation(api.workspaces.invites.accept, { token: invite.token });
      return user;
    };
    const ops = await join("ops@example.com", "ops");
    await join("marketer@example.com", "marketer");
    await as(admin).action(api.workspaces.members.invite, { workspaceId, email: "later@example.com", role: "ops" });
    const seen = await as(ops).query(api.workspaces.members.list, { workspaceId });
    expect(seen.members.map((m) => [m.email, m.role, m.you])).toEqual([
      ["admin@example.com", "admin", false],
      ["ops@example.com", "ops", true],
      ["marketer@example.com", "marketer", false],
    ]);
    expect(seen.invites).toEqual([]);
    expect((await as(admin).query(api.workspaces.members.list, { workspaceId })).invites).toMatchObject([
      { email: "later@example.com", role: "ops" },
    ]);
    // Reading is all: an ops member still changes nothing.
    await expect(
      as(ops).mutation(api.workspaces.members.setRole, {
        workspaceId,
        memberId: seen.members[0]!.memberId,
        role: "ops",
      }),
    ).rejects.toThrow(/admin/i);
  });

  it("never leaves a workspace without an admin", async () => {
    const { signUp, as, onlyWorkspace } = setup();
    const admin = await signUp("admin@example.com");
    const workspaceId = await onlyWorkspace(admin);
    const { members } = await as(admin).query(api.workspaces.members.list, { workspaceId });
    const me = members[0]!.memberId;
    await expect(
      as(admin).mutation(api.workspaces.members.setRole, { workspaceId, memberId: me, role: "ops" }),
    ).rejects.toThrow(/at least one admin/);
    await expect(as(admin).mutation(api.workspaces.members.remove, { workspaceId, memberId: me })).rejects.toThrow(
      /at least one admin/,
    );
  });

  it("with OWNER_EMAIL set, only that address becomes the first admin, whoever signs up first", async () => {
    vi.stubEnv("OWNER_EMAIL", " Owner@Corp.test ");
    const { signUp, as } = setup();
    const early = await signUp("someone@else.test");
    expect(await as(early).query(api.workspaces.members.mine, {})).toEqual([]);
    const owner = await signUp("owner@corp.test");
    expect(await as(owner).query(api.workspaces.members.mine, {})).toEqual([
      { workspaceId: expect.any(String), name: "My workspace", role: "admin" },
    ]);
  });

  it("where email is verified, an unverified address neither becomes admin nor claims an invite, until verified", async () => {
    vi.stubEnv("AUTH_EMAIL_DELIVERY", "capture");
    const { t, signUp, as } = setup();
    const unverified = await signUp("first@example.com");
    expect(await as(unverified).query(api.workspaces.members.mine, {})).toEqual([]);
    // Convex Auth sets emailVerificationTime when the code is entered, then calls back: now the user is provisioned.
    await t.run(async (ctx) => {
      await ctx.db.patch("users", unverified, { emailVerificationTime: Date.now() });
      await provisionUser(ctx, unverified);
    });
    const [mine] = await as(unverified).query(api.workspaces.members.mine, {});
    expect(mine).toMatchObject({ role: "admin" });
    const invite = await as(unverified).action(api.workspaces.members.invite, {
      workspaceId: mine!.workspaceId,
      email: "ops@example.com",
      role: "ops",
    });
    const ops = await signUp("ops@example.com");
    expect(await as(ops).query(api.workspaces.invites.preview, { token: invite.token, now: Date.now() })).toMatchObject(
      { ok: false, problem: "unverified" },
    );
    await expect(as(ops).mutation(api.workspaces.invites.accept, { token: invite.token })).rejects.toThrow(
      /Confirm your email address/,
    );
    await t.run((ctx) => ctx.db.patch("users", ops, { emailVerificationTime: Date.now() }));
    await as(ops).mutation(api.workspaces.invites.accept, { token: invite.token });
    expect(await as(ops).query(api.workspaces.members.mine, {})).toEqual([
      { workspaceId: mine!.workspaceId, name: "My workspace", role: "ops" },
    ]);
  });
});

describe("normalizeEmails (a one-off migration)", () => {
  it("lower-cases accounts created as typed, and leaves two accounts that differ only in case alone", async () => {
    const { t } = setup();
    const ids = await t.run(async (ctx) => {
      const make = async (email: string) => {
        const userId = await ctx.db.insert("users", { email });
        await ctx.db.insert("authAccounts", { userId, provider: "password", providerAccountId: email });
        return userId;
      };
      const lead = await make("Lead@Corp.test");
      const twinA = await make("Twin@Corp.test");
      const twinB = await make("twin@corp.test");
      const workspaceId = await ctx.db.insert("workspaces", { name: "W", createdBy: lead });
      await ctx.db.insert("members", { workspaceId, userId: lead, role: "ops", email: "Lead@Corp.test" });
      return { lead, twinA, twinB };
    });
    const result = await t.mutation(internal.workspaces.migrations.normalizeEmails, {});
    expect(result).toMatchObject({ changed: 1, done: true, conflicts: [expect.stringContaining("twin@corp.test")] });
    const after = await t.run(async (ctx) => ({
      accounts: (await ctx.db.query("authAccounts").collect()).map((a) => a.providerAccountId).sort(),
      lead: await ctx.db.get("users", ids.lead),
      members: (await ctx.db.query("members").collect()).map((m) => m.email),
    }));
    expect(after.accounts).toEqual(["Twin@Corp.test", "lead@corp.test", "twin@corp.test"]);
    expect(after.lead?.email).toBe("lead@corp.test");
    expect(after.members).toEqual(["lead@corp.test"]);
  });
});

describe("expired invitations", () => {
  it("stay listed for a week after they lapse, then the daily cleanup removes them", async () => {
    const { t, signUp, as, onlyWorkspace } = setup();
    const admin = await signUp("admin@example.com");
    const workspaceId = await onlyWorkspace(admin);
    await as(admin).action(api.workspaces.members.invite, { workspaceId, email: "late@example.com", role: "ops" });
    await as(admin).action(api.workspaces.members.invite, { workspaceId, email: "lapsed@example.com", role: "ops" });
    const day = 24 * 60 * 60_000;
    await t.run(async (ctx) => {
      for (const invite of await ctx.db.query("invitations").collect()) {
        const lapsedLongAgo = invite.email === "lapsed@example.com";
        await ctx.db.patch("invitations", invite._id, { expiresAt: Date.now() - (lapsedLongAgo ? 8 : 1) * day });
      }
    });
    expect(await t.mutation(internal.retention.prune, { table: "invitations" })).toBe(1);
    const { invites } = await as(admin).query(api.workspaces.members.list, { workspaceId });
    expect(invites.map((i) => i.email)).toEqual(["late@example.com"]);
  });
});
