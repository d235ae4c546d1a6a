/**
 * Sync now's cooldown: one manual run per ad account every few minutes, counted from the last manual run's queue time
 * (`syncRuns.queuedAt`, trigger "manual"). The mutation refuses a press inside it (convex/tiktok/sync/queue.ts), the
 * status query hands the page the moment the next press is allowed, and the page words it (lib/ui/sync.ts). Pure, so
 * the rule and its wording are unit tests; the scheduled and connect syncs are not limited by it.
 *
 * Why five minutes: a routine run (today and the lookback days) finishes within a minute or two, so a press after a
 * run ends is rarely held long, while a member pressing again each time a run ends can no longer keep an account
 * syncing back to back. At most twelve manual runs an hour per account, each a handful of calls, leaves the app's
 * TikTok budget to the scheduled syncs and to people creating or pausing campaigns (docs/architecture.md §8, "A
 * background share of the governor").
 */

export const MANUAL_SYNC_COOLDOWN_MS = 5 * 60_000;

/** When Sync now may start the next run after a manual run queued at `lastManualQueuedAt` (none: any time). */
export function nextManualSyncAt(lastManualQueuedAt: number | undefined): number | undefined {
  return lastManualQueuedAt === undefined ? undefined : lastManualQueuedAt + MANUAL_SYNC_COOLDOWN_MS;
}

/** Whole minutes from `now` until `at`, rounded up and at least one: "in 1 minute" until the moment comes. */
export function minutesUntil(at: number, now: number): number {
  return Math.max(1, Math.ceil((at - now) / 60_000));
}

/** What a refused press is told: when the next run is possible, and that the regular syncs go on. */
export function cooldownMessage(nextAt: number, now: number): string {
  const minutes = minutesUntil(nextAt, now);
  const cooldown = MANUAL_SYNC_COOLDOWN_MS / 60_000;
  return (
    `This ad account was synced on request less than ${cooldown} minutes ago. Sync now is possible again in ` +
    `${minutes} minute${minutes === 1 ? "" : "s"}; the scheduled syncs go on meanwhile.`
  );
}
