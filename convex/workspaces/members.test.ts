import { convexTest } from "convex-test";
import { describe, expect, it } from "vitest";
import { api } from "../_generated/api";
import type { Id } from "../_generated/dataModel";
import schema from "../schema";
import { modules } from "../test.setup";
import { provisionNewUser } from "./provision";

function setup() {
  const t = convexTest({ schema, modules, transactionLimits: true });
  const signUp = (email: string) =>
    t.run(async (ctx) => {
      const userId = await ctx.db.insert("users", { email });
      await provisionNewUser(ctx, userId);
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

describe("workspaces and members", () => {
  it("makes the first user of a fresh deployment admin of a new workspace", async () => {
    const { signUp, as } = setup();
    const first = await signUp("first@example.com");
    expect(await as(first).query(api.workspaces.members.mine, {})).toEqual([{ workspaceId: expect.any(String), name: "My workspace", role: "admin" }]);
  });

  it("gives an uninvited later user no workspace", async () => {
    const { signUp, as } = setup();
    await signUp("first@example.com");
    const stranger = await signUp("stranger@example.com");
    expect(await as(stranger).query(api.workspaces.members.mine, {})).toEqual([]);
  });

  it("lets an admin invite by email; the invitee joins with that role on sign-up, case-insensitively", async () => {
    const { signUp, as, onlyWorkspace } = setup();
    const admin = await signUp("admin@example.com");
    const workspaceId = await onlyWorkspace(admin);
    expect(await as(admin).mutation(api.workspaces.members.add, { workspaceId, email: " Ops@Example.com ", role: "ops" })).toBe("invited");
    const ops = await signUp("ops@example.com");
    expect(await as(ops).query(api.workspaces.members.mine, {})).toEqual([{ workspaceId, name: "My workspace", role: "ops" }]);
    const { invites, members } = await as(admin).query(api.workspaces.members.list, { workspaceId });
    expect(invites).toEqual([]);
    expect(members.map((m) => [m.email, m.role, m.you])).toEqual([
      ["admin@example.com", "admin", true],
      ["ops@example.com", "ops", false],
    ]);
  });

  it("adds an existing user at once, and only once", async () => {
    const { signUp, as, onlyWorkspace } = setup();
    const admin = await signUp("admin@example.com");
    await signUp("marketer@example.com");
    const workspaceId = await onlyWorkspace(admin);
    expect(await as(admin).mutation(api.workspaces.members.add, { workspaceId, email: "marketer@example.com", role: "marketer" })).toBe("added");
    expect(await as(admin).mutation(api.workspaces.members.add, { workspaceId, email: "marketer@example.com", role: "ops" })).toBe("already_member");
  });

  it("refuses an address that is not an email, and writes nothing", async () => {
    const { signUp, as, onlyWorkspace } = setup();
    const admin = await signUp("admin@example.com");
    const workspaceId = await onlyWorkspace(admin);
    await expect(as(admin).mutation(api.workspaces.members.add, { workspaceId, email: "not-an-email", role: "ops" })).rejects.toThrow(/not an email/);
    expect((await as(admin).query(api.workspaces.members.list, { workspaceId })).invites).toEqual([]);
  });

  it("never leaves a workspace without an admin", async () => {
    const { signUp, as, onlyWorkspace } = setup();
    const admin = await signUp("admin@example.com");
    const workspaceId = await onlyWorkspace(admin);
    const { members } = await as(admin).query(api.workspaces.members.list, { workspaceId });
    const me = members[0]!.memberId;
    await expect(as(admin).mutation(api.workspaces.members.setRole, { workspaceId, memberId: me, role: "ops" })).rejects.toThrow(/at least one admin/);
    await expect(as(admin).mutation(api.workspaces.members.remove, { workspaceId, memberId: me })).rejects.toThrow(/at least one admin/);
  });
});
