/**
 * Scheduled work: the token sweep keeps every connection working (convex/tiktok/tokens.ts), the sync sweep keeps
 * every account's campaigns and reports fresh (convex/tiktok/sync.ts: each account every
 * TIKTOK_SYNC_INTERVAL_MINUTES, looked at every 15 minutes), the call ledger keeps 30 days (convex/tiktok/calls.ts)
 * and restatement notes 30 days.
 */
import { cronJobs } from "convex/server";
import { internal } from "./_generated/api";

const crons = cronJobs();

crons.interval("tiktok token sweep", { minutes: 15 }, internal.tiktok.tokens.sweep, {});
crons.interval("tiktok sync sweep", { minutes: 15 }, internal.tiktok.sync.sweep, {});
crons.daily("tiktok restatement cleanup", { hourUTC: 3, minuteUTC: 41 }, internal.tiktok.sync.pruneRestatements, {});
crons.daily("expired invitation cleanup", { hourUTC: 3, minuteUTC: 53 }, internal.workspaces.invites.pruneExpired, {});
crons.daily(
  "campaign operation cleanup",
  { hourUTC: 4, minuteUTC: 7 },
  internal.tiktok.campaignOperations.pruneExpired,
  {},
);
crons.daily("tiktok call ledger cleanup", { hourUTC: 3, minuteUTC: 17 }, internal.tiktok.calls.pruneExpired, {});

export default crons;
