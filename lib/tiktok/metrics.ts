/**
 * Report metric values at the boundary: TikTok sends metrics as strings (`"14.68"`, `"1079"`), `"-"` when there is
 * no value, and some counts as JSON numbers (docs/tiktok-api.md §5, §8). We hand out finite numbers, or null for "no
 * value", and fail loudly on anything else rather than let a NaN, an Infinity (or a hex or blank string read as a
 * number) reach a dashboard.
 */

const DECIMAL = /^-?\d+(\.\d+)?$/;

/** `"14.68"` → 14.68, `"-"` or `""` → null. */
export function parseMetric(value: string): number | null {
  if (value === "-" || value === "") return null;
  if (!DECIMAL.test(value))
    throw new Error(`metric value ${JSON.stringify(value.slice(0, 40))} is neither a decimal number nor "-"`);
  const n = Number(value);
  // 400 digits match the pattern and read as Infinity; nothing TikTok counts comes near 2^53.
  if (!Number.isFinite(n) || Math.abs(n) > Number.MAX_SAFE_INTEGER)
    throw new Error(`metric value ${JSON.stringify(value.slice(0, 40))} is out of range`);
  return n;
}

/**
 * One metric of a report row as TikTok may send it: a decimal string, "-", null (no value), or a JSON number. A
 * missing field fails: the report was asked for it, so its absence means the API changed. `where` names the field.
 */
export function parseMetricValue(value: unknown, where: string): number | null {
  if (value === null) return null;
  if (typeof value === "number") {
    if (!Number.isFinite(value) || Math.abs(value) > Number.MAX_SAFE_INTEGER)
      throw new Error(`${where}: ${value} is out of range`);
    return value;
  }
  if (typeof value !== "string")
    throw new Error(`${where}: expected a string, got ${value === undefined ? "nothing" : typeof value}`);
  try {
    return parseMetric(value);
  } catch (error) {
    throw new Error(`${where}: ${(error as Error).message}`, { cause: error });
  }
}
