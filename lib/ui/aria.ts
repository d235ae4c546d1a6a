/**
 * ARIA wiring the forms share.
 */

/**
 * An aria-describedby value from the ids of what is on screen now (a hint, an error): the shown ones in order, or
 * undefined when none is, so the attribute is left out rather than pointing at nothing.
 */
export function describedBy(...ids: (string | false | null | undefined)[]): string | undefined {
  const shown = ids.filter((id): id is string => typeof id === "string" && id !== "");
  return shown.length > 0 ? shown.join(" ") : undefined;
}
