/**
 * A sync run's states, as Convex stores them (convex/tiktok/validators.ts builds its validators from these lists)
 * and the pages word them (lib/ui/sync.ts, lib/ui/activity.ts).
 */

/** `queued` until its turn, `running`, then how it ended: `succeeded`, `failed`, or `skipped` (not synced at all). */
export const SYNC_RUN_STATUSES = ["queued", "running", "succeeded", "failed", "skipped"] as const;
export type SyncRunStatus = (typeof SYNC_RUN_STATUSES)[number];

/** Where a run is, in order: the account and its campaigns, then the report windows; every finished run ends at `done`. */
export const SYNC_PHASES = ["details", "reports", "done"] as const;
export type SyncPhase = (typeof SYNC_PHASES)[number];

/** What started a run: a new connection, the schedule, someone pressing Sync now, or asking for more history. */
export const SYNC_TRIGGERS = ["connect", "schedule", "manual", "history"] as const;
export type SyncTrigger = (typeof SYNC_TRIGGERS)[number];
