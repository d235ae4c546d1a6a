/**
 * A count with its noun in the right number ("1 more change", "3 more changes"), so no page writes "1 more changes"
 * by gluing an "s" on regardless.
 */

/** "1 change", "1,200 changes"; `many` for nouns whose plural is not the singular plus "s". */
export function countOf(n: number, one: string, many = `${one}s`): string {
  return `${n.toLocaleString("en")} ${n === 1 ? one : many}`;
}
