/**
 * A figure over a range that may hold no synced day: "Not synced", never "USD 0.00", because a zero there would say
 * nothing was spent when nothing was counted. One wording for every page (Reports' cards, table and overview).
 */
import { NO_VALUE } from "./numbers";

export const NOT_SYNCED = "Not synced";

/** The figure's text when at least one day of its range is synced; "Not synced" when none is. */
export function unlessUnsynced(daysSynced: number, figure: () => string): string {
  return daysSynced > 0 ? figure() : NOT_SYNCED;
}

/** For a cell too narrow for words (a chart tooltip, a compact table): "—" when no day is synced. */
export function unlessUnsyncedShort(daysSynced: number, figure: () => string): string {
  return daysSynced > 0 ? figure() : NO_VALUE;
}
