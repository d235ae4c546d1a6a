/**
 * Scheduled work: the token sweep keeps every connection working (convex/tiktok/tokens.ts), the sync sweep keeps
 * every account's campaigns and reports fresh (convex/tiktok/sync/queue.ts: each account every
 * TIKTOK_SYNC_INTERVAL_MINUTES, looked at every 15 minutes), and the daily cleanups delete what is kept only for a
 * while (convex/retention.ts: the call ledger, restatement notes and sync runs 30 days, lapsed invitations and
 * campaign operation records 7).
 */
import { cronJobs } from "convex/server";
import { internal } from "./_generated/api";

const crons = cronJobs();

crons.interval("tiktok token sweep", { minutes: 15 }, internal.tiktok.tokens.sweep, {});
crons.interval("tiktok sync sweep", { minutes: 15 }, internal.tiktok.sync.queue.sweep, {});
crons.daily("tiktok restatement cleanup", { hourUTC: 3, minuteUTC: 41 }, internal.retention.prune, {
  table: "restatements",
});
crons.daily("expired invitation cleanup", { hourUTC: 3, minuteUTC: 53 }, internal.retention.prune, {
  table: "invitations",
});
crons.daily("campaign operation cleanup", { hourUTC: 4, minuteUTC: 7 }, internal.retention.prune, {
  table: "campaignOperations",
});
crons.daily("sync run cleanup", { hourUTC: 4, minuteUTC: 23 }, internal.retention.prune, {
  table: "syncRuns",
});
crons.daily("tiktok call ledger cleanup", { hourUTC: 3, minuteUTC: 17 }, internal.retention.prune, {
  table: "tiktokCalls",
});

export default crons;
