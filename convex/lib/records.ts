/** Comparing a stored document with the fields about to be written, so that an unchanged one is not written again. */

/** True when two records hold the same values for every key of `next` (undefined and missing alike). */
export function same(current: Record<string, unknown>, next: Record<string, unknown>): boolean {
  return Object.entries(next).every(([key, value]) => current[key] === value);
}
