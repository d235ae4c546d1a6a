import { describe, expect, it } from "vitest";
import { historyView, runProgressText, syncNowButton, syncState, type SyncRunLike } from "./sync";

const run = (extra: Partial<SyncRunLike>): SyncRunLike => ({
  status: "running",
  phase: "reports",
  windowsDone: 1,
  windowsPlanned: 3,
  pagesDone: 4,
  rowsWritten: 10,
  deferrals: 0,
  ...extra,
});

describe("an ad account's sync in words", () => {
  it("never synced", () => {
    expect(syncState(undefined)).toMatchObject({ label: "Not synced yet", busy: false });
  });

  it("while running: windows done of planned and pages read, with the dates", () => {
    const state = syncState(run({ startDate: "2026-08-29", endDate: "2026-11-26" }));
    expect(state).toMatchObject({ label: "Syncing", busy: true });
    expect(state.progress).toEqual({ done: 1, planned: 3, text: "1 of 3 report windows · 4 pages read" });
    expect(state.detail).toBe("Reading daily reports for Aug 29, 2026 – Nov 26, 2026.");
    expect(syncState(run({ phase: "details", pagesDone: 1 })).progress?.text).toBe(
      "Reading the account and its campaigns (1 page read)",
    );
  });

  it("says when a running sync is retrying or yielding to people", () => {
    const error = { kind: "server" as const, message: "busy", code: 50000, at: 1 };
    const state = syncState(run({ lastError: error, deferrals: 2 }));
    expect(state.detail).toContain("tries again on its own");
    expect(state.detail).toContain("leave TikTok's rate limit to people");
    expect(state.error).toEqual(error);
  });

  it("how the last run ended: synced, skipped with its reason, failed with its error", () => {
    expect(syncState(run({ status: "succeeded", phase: "done" }))).toMatchObject({
      label: "Synced",
      detail: "The last sync updated 10 rows.",
    });
    expect(syncState(run({ status: "succeeded", phase: "done", rowsWritten: 0 })).detail).toBe(
      "The last sync found nothing new.",
    );
    expect(
      syncState(
        run({
          status: "skipped",
          phase: "done",
          skipReason: "The connection needs re-authorization: reconnect TikTok to resume syncing.",
        }),
      ),
    ).toMatchObject({
      label: "Skipped",
      tone: "warn",
      detail: "The last sync was skipped. The connection needs re-authorization: reconnect TikTok to resume syncing.",
    });
    const error = { kind: "auth" as const, message: "revoked", code: 40105, requestId: "r-1", at: 1 };
    expect(syncState(run({ status: "failed", phase: "done", lastError: error }))).toMatchObject({
      label: "Sync failed",
      tone: "error",
      error,
      busy: false,
    });
  });

  it("a skip reason without its full stop still reads as a sentence", () => {
    expect(syncState(run({ status: "skipped", phase: "done", skipReason: "the account is gone" })).detail).toBe(
      "The last sync was skipped. The account is gone.",
    );
  });

  it("words a going run's progress the same way wherever it is shown", () => {
    expect(runProgressText({ phase: "details", windowsDone: 0, windowsPlanned: 0, pagesDone: 1 })).toBe(
      "Reading the account and its campaigns (1 page read)",
    );
    expect(runProgressText({ phase: "reports", windowsDone: 2, windowsPlanned: 4, pagesDone: 9 })).toBe(
      "2 of 4 report windows · 9 pages read",
    );
  });
});

describe("the Sync now button", () => {
  const at = 1_800_000_000_000;

  it("says Syncing… while a run is going, whatever the cooldown (a press would join that run)", () => {
    expect(syncNowButton(true, at + 60_000, at)).toEqual({ label: "Syncing…", disabled: true });
  });

  it("after a manual run, waits for the stored moment and says in how many minutes", () => {
    expect(syncNowButton(false, at + 3 * 60_000, at)).toEqual({
      label: "Sync again in 3 min",
      disabled: true,
      hint: "Sync now starts one run per ad account every 5 minutes: the next is possible in 3 minutes.",
    });
    expect(syncNowButton(false, at + 1, at)).toMatchObject({ label: "Sync again in 1 min", disabled: true });
    expect(syncNowButton(false, at + 1, at).hint).toMatch(/in 1 minute\.$/);
    // The page's clock ticks every 30 s, so it may lag the run that just started: never "in 6 min".
    expect(syncNowButton(false, at + 5 * 60_000 + 20_000, at)).toMatchObject({ label: "Sync again in 5 min" });
  });

  it("opens once the moment has passed, or when no manual run ever held it", () => {
    expect(syncNowButton(false, at, at)).toEqual({ label: "Sync now", disabled: false });
    expect(syncNowButton(false, undefined, at)).toEqual({ label: "Sync now", disabled: false });
  });
});

describe("the More history control", () => {
  it("says how far back the account is synced, the request on its way, and TikTok's bound", () => {
    const view = historyView({ syncedFrom: "2026-09-09", historyFrom: "2026-06-01" }, "2026-12-08");
    expect(view).toEqual({
      coverage: "Synced from Sep 9, 2026.",
      pending: "History back to Jun 1, 2026 is on its way: it is fetched in the background, a report window at a time.",
      earliestMonth: "2023-12",
      latestMonth: "2026-09",
      limit: "TikTok's reports can be fetched back to December 2023 at most.",
    });
  });

  it("offers months before the coverage's first full month; nothing to offer before the first sync", () => {
    expect(historyView({ syncedFrom: "2026-09-01" }, "2026-12-08").latestMonth).toBe("2026-08");
    expect(historyView({ syncedFrom: "2026-01-01" }, "2026-12-08").latestMonth).toBe("2025-12");
    expect(historyView({}, "2026-12-08")).toMatchObject({ coverage: undefined, latestMonth: undefined });
    expect(historyView({ syncedFrom: "2026-09-01", historyFrom: "2026-09-01" }, "2026-12-08").pending).toBeUndefined();
  });

  it("a running history fetch says so on the sync row", () => {
    expect(syncState(run({ historyFrom: "2026-06-01" }))).toMatchObject({
      label: "Fetching history",
      detail: expect.stringContaining("Fetching history back to Jun 1, 2026."),
    });
  });
});
