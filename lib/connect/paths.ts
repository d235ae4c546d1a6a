/**
 * Where we may send a browser back to: a path on this site only. `//evil.test` and `/\evil.test` are read by
 * browsers as other origins, and control characters can split headers, so all are refused.
 */
/** Where a connect attempt returns when it named nowhere (or somewhere not allowed). */
export const DEFAULT_RETURN_TO = "/connections";

export function isSameSitePath(value: string): boolean {
  return value.length <= 512 && value.startsWith("/") && !value.startsWith("//") && !value.includes("\\") && !/[\u0000-\u001f]/.test(value);
}
