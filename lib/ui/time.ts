/**
 * Times as people read them on the Connections page: "5 minutes ago", "in 3 hours", with the exact moment kept
 * for a tooltip. Pure functions of (time, now) so they are unit-tested and re-rendered by a ticking clock.
 */

const UNITS: ReadonlyArray<[Intl.RelativeTimeFormatUnit, number]> = [
  ["year", 365 * 24 * 60 * 60_000],
  ["month", 30 * 24 * 60 * 60_000],
  ["week", 7 * 24 * 60 * 60_000],
  ["day", 24 * 60 * 60_000],
  ["hour", 60 * 60_000],
  ["minute", 60_000],
];

const relative = new Intl.RelativeTimeFormat("en", { numeric: "auto" });

/** "just now", "5 minutes ago", "in 2 hours", "yesterday", "in 3 days", "2 months ago". */
export function relativeTime(at: number, now: number): string {
  const diff = at - now;
  const size = Math.abs(diff);
  if (size < 45_000) return diff <= 0 ? "just now" : "in a moment";
  for (const [unit, ms] of UNITS) {
    // Switch to a unit once at least one whole of it has passed (90 s reads "2 minutes", 50 min "50 minutes").
    if (size >= ms || unit === "minute") {
      const value = Math.max(1, Math.round(size / ms));
      return relative.format(diff < 0 ? -value : value, unit);
    }
  }
  /* c8 ignore next */
  return relative.format(Math.round(diff / 60_000), "minute");
}

/** "Mar 3, 2025, 2:05:09 PM UTC": the full moment, in the viewer's time zone unless one is given. */
export function exactTime(at: number, timeZone?: string): string {
  return new Intl.DateTimeFormat("en", { dateStyle: "medium", timeStyle: "long", timeZone }).format(new Date(at));
}

/** For `<time dateTime>`. */
export function isoTime(at: number): string {
  return new Date(at).toISOString();
}
