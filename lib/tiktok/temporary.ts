/**
 * The one table of what "try again later" means (docs/tiktok-api.md §2–3): for a TikTok error, whether TikTok said
 * "later" and why. Everything else asks this table: the errors' `retryable`, the retry classifier (which adds
 * waits, idempotency and the attempt budget), and the connection rules in lib/connect/failures.ts.
 *
 * It reads only an error's `kind` and the facts beside it (rate-limit scope, timeout, code), so it imports no
 * error class and the error classes can ask it without an import circle.
 */
import type { TikTokError } from "./errors";

export type TemporaryCause =
  | "app_rate_limit" // 40100, HTTP 429: the whole app went over its tier
  | "advertiser_rate_limit" // 40133
  | "endpoint_rate_limit" // 40016
  | "server_error" // 50000, 50002, 51xxx–59xxx, HTTP 5xx
  | "maintenance" // 60001
  | "conflict" // 40201 task not ready, 40202 write conflict
  | "network" // the connection failed
  | "timeout" // no answer in time
  | "malformed_response" // an answer that is not the JSON envelope
  | "schema_mismatch"; // a well-formed answer whose data is not what TikTok documents

/**
 * Whether repeating the very same request at once can help. A schema mismatch is TikTok's garbage, worth another
 * try at a later run, but asking again within the same second mostly returns the same shape and spends budget.
 */
export const RETRY_INLINE: Readonly<Record<TemporaryCause, boolean>> = {
  app_rate_limit: true,
  advertiser_rate_limit: true,
  endpoint_rate_limit: true,
  server_error: true,
  maintenance: true,
  conflict: true,
  network: true,
  timeout: true,
  malformed_response: true,
  schema_mismatch: false,
};

/** Why the error is temporary, or undefined when only a person (or a code change) can fix it. */
export function temporaryCause(error: TikTokError): TemporaryCause | undefined {
  const facts = error as TikTokError & { scope?: string; timedOut?: boolean };
  switch (error.kind) {
    case "rate_limit":
      return facts.scope === "advertiser"
        ? "advertiser_rate_limit"
        : facts.scope === "endpoint"
          ? "endpoint_rate_limit"
          : "app_rate_limit";
    case "network":
      return facts.timedOut ? "timeout" : "network";
    case "server":
      return error.code === 60001 ? "maintenance" : "server_error";
    case "conflict":
      return "conflict";
    case "malformed_response":
      return "malformed_response";
    case "schema":
      return "schema_mismatch";
    default:
      return undefined;
  }
}
