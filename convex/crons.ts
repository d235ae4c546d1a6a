/**
 * Scheduled work: the token sweep keeps every connection working (convex/tiktok/tokens.ts), and the call
 * ledger keeps 30 days (convex/tiktok/calls.ts).
 */
import { cronJobs } from "convex/server";
import { internal } from "./_generated/api";

const crons = cronJobs();

crons.interval("tiktok token sweep", { minutes: 15 }, internal.tiktok.tokens.sweep, {});
crons.daily("tiktok call ledger cleanup", { hourUTC: 3, minuteUTC: 17 }, internal.tiktok.calls.pruneExpired, {});

export default crons;
