/**
 * Report metric values at the boundary: TikTok sends every metric as a string (`"14.68"`, `"1079"`), and `"-"`
 * when there is no value (tiktok-api.md §5). We hand out numbers, or null for "no value", and fail loudly on
 * anything else rather than let a NaN (or a hex or blank string read as a number) reach a dashboard.
 */

const DECIMAL = /^-?\d+(\.\d+)?$/;

/** `"14.68"` → 14.68, `"-"` or `""` → null. */
export function parseMetric(value: string): number | null {
  if (value === "-" || value === "") return null;
  if (!DECIMAL.test(value))
    throw new Error(`metric value ${JSON.stringify(value)} is neither a decimal number nor "-"`);
  return Number(value);
}
