/**
 * Report metric values at the boundary: TikTok sends every metric as a string (`"14.68"`, `"1079"`), and `"-"`
 * when there is no value (tiktok-api.md §5). We hand out numbers, or null for "no value", and fail loudly on
 * anything else rather than let a NaN reach a dashboard.
 */

/** `"14.68"` → 14.68, `"-"` or `""` → null. Numbers pass through (defensive: TikTok may change). */
export function parseMetric(value: unknown): number | null {
  if (typeof value === "number") return Number.isFinite(value) ? value : null;
  if (value === "-" || value === "" || value === null || value === undefined) return null;
  if (typeof value === "string") {
    const n = Number(value);
    if (Number.isFinite(n)) return n;
  }
  throw new Error(`metric value ${JSON.stringify(value)} is neither a number nor "-"`);
}

/** For counts and spend, where "no value" means nothing happened. */
export function parseMetricOrZero(value: unknown): number {
  return parseMetric(value) ?? 0;
}
