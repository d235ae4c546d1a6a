/**
 * Syncing campaigns and reports from TikTok into Convex. The connect flow schedules `syncConnection` right after
 * an authorization is stored, and flags each advertiser with `syncRequestedAt`.
 *
 * The sync itself (campaigns, then report days, one idempotent upsert per fetched page) is the work of the sync
 * issue; until it lands this function only reports which advertisers are waiting, so the schedule is wired and
 * tested from day one and the flags are never lost.
 */
import { v } from "convex/values";
import { internalMutation } from "../_generated/server";

export const syncConnection = internalMutation({
  args: { connectionId: v.id("connections") },
  returns: v.array(v.string()),
  handler: async (ctx, { connectionId }) => {
    const waiting: string[] = [];
    for await (const row of ctx.db.query("advertisers").withIndex("by_connection", (q) => q.eq("connectionId", connectionId))) {
      if (row.accessible && row.syncRequestedAt !== undefined) waiting.push(row.advertiserId);
    }
    return waiting;
  },
});
