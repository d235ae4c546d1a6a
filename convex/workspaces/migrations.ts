/**
 * One-off data migrations an operator runs from the Convex dashboard (or `npx convex run`), never on a schedule.
 *
 * `normalizeEmails`: accounts created before addresses were normalised (lib/auth/email.ts) kept the address as typed,
 * so `Lead@Corp.test` could not sign in as `lead@corp.test`. This lower-cases and trims the password accounts' ids and
 * the users' and members' addresses, a page at a time. Two accounts that differ only in case are left as they are and
 * reported: merging people is a decision for a person.
 */
import { v } from "convex/values";
import { internal } from "../_generated/api";
import { internalMutation } from "../_generated/server";

const PAGE = 200;

export const normalizeEmails = internalMutation({
  args: { cursor: v.optional(v.union(v.string(), v.null())) },
  returns: v.object({ changed: v.number(), conflicts: v.array(v.string()), done: v.boolean() }),
  handler: async (ctx, { cursor }) => {
    const page = await ctx.db
      .query("authAccounts")
      .withIndex("providerAndAccountId", (q) => q.eq("provider", "password"))
      .paginate({ cursor: cursor ?? null, numItems: PAGE });
    let changed = 0;
    const conflicts: string[] = [];
    for (const account of page.page) {
      const email = account.providerAccountId.trim().toLowerCase();
      if (email === account.providerAccountId) continue;
      const taken = await ctx.db
        .query("authAccounts")
        .withIndex("providerAndAccountId", (q) => q.eq("provider", "password").eq("providerAccountId", email))
        .unique();
      if (taken) {
        conflicts.push(`${account.userId} and ${taken.userId} share ${email}`);
        continue;
      }
      await ctx.db.patch("authAccounts", account._id, { providerAccountId: email });
      await ctx.db.patch("users", account.userId, { email });
      for await (const member of ctx.db.query("members").withIndex("by_user", (q) => q.eq("userId", account.userId))) {
        if (member.email !== email) await ctx.db.patch("members", member._id, { email });
      }
      changed++;
    }
    if (!page.isDone)
      await ctx.scheduler.runAfter(0, internal.workspaces.migrations.normalizeEmails, { cursor: page.continueCursor });
    if (conflicts.length)
      console.warn(
        `normalizeEmails: ${conflicts.length} address(es) used by two accounts; left as they are: ${conflicts.join("; ")}`,
      );
    return { changed, conflicts, done: page.isDone };
  },
});
