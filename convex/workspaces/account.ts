/**
 * The signed-in person's own account, as the app shell's header shows it ("signed in as …"). Only their address:
 * Convex Auth's session token carries the user id, not the email, so the page asks.
 */
import { v } from "convex/values";
import { signedInQuery } from "../lib/access";

export const me = signedInQuery({
  args: {},
  returns: v.object({ email: v.union(v.string(), v.null()) }),
  handler: async (ctx) => {
    const user = await ctx.db.get("users", ctx.userId);
    return { email: user?.email ?? null };
  },
});
