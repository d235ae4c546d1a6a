/**
 * Bounds on what public functions accept. Convex validators say "a string" but not how long, so every public
 * function checks each string and array argument against a limit at its top, before any work (hashing, a lookup, a
 * TikTok call). The refusal names the argument and its limit, and never echoes the value.
 */
import { ConvexError } from "convex/values";

export function invalidArgument(message: string): ConvexError<{ code: "INVALID"; message: string }> {
  return new ConvexError({ code: "INVALID" as const, message });
}

/** Refuses a string longer than `max` characters (undefined passes: optional arguments). */
export function boundString(name: string, value: string | undefined, max: number): void {
  if (value !== undefined && value.length > max) throw invalidArgument(`${name} must be at most ${max} characters`);
}

/** Refuses an array of more than `max` items. */
export function boundArray(name: string, value: readonly unknown[] | undefined, max: number): void {
  if (value !== undefined && value.length > max) throw invalidArgument(`${name} must have at most ${max} items`);
}

/**
 * The one bound for page sizes, page numbers and limits: a whole number from `min` to `max`, or a refusal that says
 * so (a bad page size is a caller's mistake to correct, not a value to guess at).
 */
export function boundWhole(name: string, value: number, min: number, max: number): number {
  if (!Number.isInteger(value) || value < min || value > max)
    throw invalidArgument(`${name} must be a whole number from ${min} to ${max}`);
  return value;
}
