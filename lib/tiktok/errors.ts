/**
 * Typed TikTok errors, and the one factory that maps TikTok's answer codes to them.
 *
 * TikTok reports failures inside an HTTP 200 envelope (`code !== 0`), so HTTP status alone never decides
 * (docs/tiktok-api.md §1–2). Every error carries what support needs (`code`, `requestId`, `httpStatus`, `path`)
 * and what the retry classifier needs (`kind`, `retryable`, `retryAfterMs`). Messages never contain tokens,
 * the app secret or full URLs: request() redacts them before an error is built.
 *
 * `TikTokInputError` is different in kind: it is raised before any network call, when our own caller passed
 * something TikTok would refuse, and its message says what to change.
 *
 * `GovernorDeferral` is not TikTok's answer at all: the app's own shared budget is booked, so the call was never
 * sent and the work should come back later.
 */
import { temporaryCause } from "./temporary";

export const TIKTOK_ERROR_KINDS = [
  "auth", // the token or auth code is unusable: refresh or re-authorize
  "permission", // the token is fine but may not touch this advertiser
  "rate_limit", // TikTok said "later"
  "invalid_request", // TikTok refused the parameters
  "not_found", // the object does not exist
  "report_too_large", // narrow the report and try again
  "conflict", // task not ready or write conflict: try again shortly
  "server", // TikTok's side failed
  "network", // no answer: connection failed or timed out
  "malformed_response", // an answer that is not the JSON envelope
  "redirect", // the API address redirected elsewhere: refused, never followed
  "schema", // a well-formed answer whose data is not what the API documents
  "input", // our caller's input, refused before any call
  "unknown",
] as const;

export type TikTokErrorKind = (typeof TIKTOK_ERROR_KINDS)[number];

/** How one attempt ended, as the call ledger records it: `ok`, or the kind of error it failed with. */
export const CALL_OUTCOMES = ["ok", ...TIKTOK_ERROR_KINDS] as const;
export type CallOutcome = (typeof CALL_OUTCOMES)[number];

export type AuthProblem =
  | "token_expired" // 40102: refresh if we can, else re-authorize
  | "token_missing" // 40104: a bug on our side
  | "token_revoked" // 40105: the advertiser must authorize again
  | "refresh_token_invalid" // 40107: the advertiser must authorize again
  | "refresh_token_expired" // 40103: the advertiser must authorize again
  | "auth_code_invalid" // 40110: this connect attempt failed; start again
  | "app_credentials"; // the app id or secret is wrong: an operator must fix configuration

export type RateLimitScope = "app" | "advertiser" | "endpoint";

export interface TikTokErrorDetails {
  code?: number;
  requestId?: string;
  httpStatus?: number;
  method?: string;
  path?: string;
  retryAfterMs?: number;
  cause?: unknown;
}

export class TikTokError extends Error {
  override name = "TikTokError";
  readonly kind: TikTokErrorKind = "unknown";
  readonly code?: number;
  readonly requestId?: string;
  readonly httpStatus?: number;
  readonly method?: string;
  readonly path?: string;
  /** Set when the caller should wait at least this long before the same call (e.g. a per-minute limit). */
  retryAfterMs?: number;
  /**
   * The idempotency key (campaign/create's `request_id`) the failed write carried. Retry with the same key:
   * TikTok may have acted on the first attempt, and only the same key keeps a retry from creating a duplicate.
   */
  idempotencyKey?: string;

  constructor(message: string, details: TikTokErrorDetails = {}) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.code = details.code;
    this.requestId = details.requestId;
    this.httpStatus = details.httpStatus;
    this.method = details.method;
    this.path = details.path;
    this.retryAfterMs = details.retryAfterMs;
  }

  /**
   * Whether trying the same call again (now or later) may succeed: asked of the one table in temporary.ts. The
   * classifier adds idempotency, waits and the attempt budget.
   */
  get retryable(): boolean {
    return temporaryCause(this) !== undefined;
  }

  /** A plain object for logs, ledgers and query results: no stack, no cause, nothing secret. */
  toJSON() {
    return {
      name: this.name,
      kind: this.kind,
      message: this.message,
      code: this.code,
      requestId: this.requestId,
      httpStatus: this.httpStatus,
      path: this.path,
      retryable: this.retryable,
    };
  }
}

export class TikTokAuthError extends TikTokError {
  override name = "TikTokAuthError";
  override readonly kind = "auth";
  constructor(
    readonly problem: AuthProblem,
    message: string,
    details?: TikTokErrorDetails,
  ) {
    super(message, details);
  }
}

export class TikTokPermissionError extends TikTokError {
  override name = "TikTokPermissionError";
  override readonly kind = "permission";
}

export class TikTokRateLimitError extends TikTokError {
  override name = "TikTokRateLimitError";
  override readonly kind = "rate_limit";
  constructor(
    readonly scope: RateLimitScope,
    message: string,
    details?: TikTokErrorDetails,
  ) {
    super(message, details);
  }
}

export class TikTokInvalidRequestError extends TikTokError {
  override name = "TikTokInvalidRequestError";
  override readonly kind: TikTokErrorKind = "invalid_request";
}

export class TikTokNotFoundError extends TikTokInvalidRequestError {
  override name = "TikTokNotFoundError";
  override readonly kind = "not_found";
}

export class TikTokReportTooLargeError extends TikTokInvalidRequestError {
  override name = "TikTokReportTooLargeError";
  override readonly kind = "report_too_large";
}

export class TikTokConflictError extends TikTokError {
  override name = "TikTokConflictError";
  override readonly kind = "conflict";
}

export class TikTokServerError extends TikTokError {
  override name = "TikTokServerError";
  override readonly kind = "server";
  /** TikTok's own timeout (50002) or its gateway's (HTTP 504): for reports, ask for less rather than again. */
  get isTimeout(): boolean {
    return this.code === 50002 || this.httpStatus === 504;
  }
}

export class TikTokNetworkError extends TikTokError {
  override name = "TikTokNetworkError";
  override readonly kind = "network";
  constructor(
    message: string,
    /** True when we gave up waiting; false when the connection failed. */
    readonly timedOut: boolean,
    /** True when the request never left this machine, so TikTok cannot have acted on it. */
    readonly notSent: boolean,
    details?: TikTokErrorDetails,
  ) {
    super(message, details);
  }
}

export class TikTokMalformedResponseError extends TikTokError {
  override name = "TikTokMalformedResponseError";
  override readonly kind = "malformed_response";
}

/**
 * The API address answered with a redirect. TikTok's API never redirects; following one would send the token or
 * the app secret to whatever origin it names, so it is refused, never retried, and an operator looks at
 * TIKTOK_API_ORIGIN or the network in between.
 */
export class TikTokRedirectError extends TikTokError {
  override name = "TikTokRedirectError";
  override readonly kind = "redirect";
}

export class TikTokSchemaError extends TikTokError {
  override name = "TikTokSchemaError";
  override readonly kind = "schema";
}

/** Our caller's input, refused before any network call. `field` names what to change. */
export class TikTokInputError extends TikTokError {
  override name = "TikTokInputError";
  override readonly kind = "input";
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(message);
  }
}

/**
 * The app-wide governor (request.ts `Governor`) refused a slot: the budget is booked further ahead than this
 * caller may wait. Nothing was sent; background work reschedules itself after `retryAfterMs`.
 */
export class GovernorDeferral extends Error {
  override name = "GovernorDeferral";
  readonly kind = "deferred";
  constructor(readonly retryAfterMs: number) {
    super(
      `The app's TikTok request budget is booked for the next ${Math.ceil(retryAfterMs / 1000)} s; try again later`,
    );
  }
}

/** The most of TikTok's own `message` an error keeps. */
export const MAX_TIKTOK_MESSAGE = 300;

const SERVER_MESSAGES: Record<number, string> = {
  50000: "TikTok had an internal error",
  50002: "TikTok timed out",
  60001: "TikTok is under maintenance",
};

/**
 * Maps an envelope `code` (non-zero) to the matching error class. Unknown codes fall back to the base class,
 * which is never retried: an unknown failure is surfaced, not hammered.
 */
export function errorFromCode(
  code: number,
  tiktokMessage: string,
  details: Omit<TikTokErrorDetails, "code"> = {},
): TikTokError {
  const d = { ...details, code };
  // TikTok's words are kept for people and support, within reason: a broken or hostile answer could carry megabytes,
  // and this message is stored on connections and sync runs.
  const words =
    tiktokMessage.length > MAX_TIKTOK_MESSAGE ? `${tiktokMessage.slice(0, MAX_TIKTOK_MESSAGE)}…` : tiktokMessage;
  const said = words ? `: ${words}` : "";
  switch (code) {
    case 40000:
      // TikTok reuses 40000 for "app_id does not match" and bad app credentials on the token endpoints.
      if (details.path?.startsWith("/oauth2/") && /app[_ ]?id|secret/i.test(tiktokMessage)) {
        return new TikTokAuthError(
          "app_credentials",
          `TikTok refused the app credentials (check TIKTOK_APP_ID and TIKTOK_APP_SECRET)${said}`,
          d,
        );
      }
      return new TikTokInvalidRequestError(`TikTok refused the request parameters${said}`, d);
    case 40001:
      return new TikTokPermissionError(
        `No permission for this advertiser (the authorization may not cover it, or it was deleted)${said}`,
        d,
      );
    case 40002:
      return new TikTokInvalidRequestError(`TikTok refused a parameter${said}`, d);
    case 40007:
      return new TikTokNotFoundError(`The object does not exist at TikTok${said}`, d);
    case 40067:
      return new TikTokReportTooLargeError(`The report query is too large; narrow the date range${said}`, d);
    case 40100:
      return new TikTokRateLimitError("app", `The app's TikTok rate limit was exceeded${said}`, d);
    case 40133:
      return new TikTokRateLimitError(
        "advertiser",
        `This advertiser's rate limit for the endpoint was exceeded${said}`,
        d,
      );
    case 40016:
      return new TikTokRateLimitError("endpoint", `Requests to this endpoint are too frequent${said}`, d);
    case 40102:
      return new TikTokAuthError("token_expired", `The access token has expired${said}`, d);
    case 40104:
      return new TikTokAuthError("token_missing", `No access token was sent (a bug in the caller)${said}`, d);
    case 40105:
      return new TikTokAuthError(
        "token_revoked",
        `The access token is no longer valid; the advertiser must authorize again${said}`,
        d,
      );
    case 40107:
      return new TikTokAuthError(
        "refresh_token_invalid",
        `The refresh token is invalid; the advertiser must authorize again${said}`,
        d,
      );
    case 40103:
      return new TikTokAuthError(
        "refresh_token_expired",
        `The refresh token has expired; the advertiser must authorize again${said}`,
        d,
      );
    case 40300:
      return new TikTokPermissionError(`The advertiser does not exist or was deleted at TikTok${said}`, d);
    case 40110:
      return new TikTokAuthError(
        "auth_code_invalid",
        `The authorization code was refused (used already, expired after 1 hour, or cancelled); connect again${said}`,
        d,
      );
    case 40201:
    case 40202:
      return new TikTokConflictError(`TikTok asked to try again (task not ready or write conflict)${said}`, d);
    case 60001:
      return new TikTokServerError(`${SERVER_MESSAGES[60001]}${said}`, d);
  }
  if (code === 50000 || code === 50002 || (code >= 51000 && code <= 59999)) {
    return new TikTokServerError(`${SERVER_MESSAGES[code] ?? "TikTok had a server error"}${said}`, d);
  }
  return new TikTokError(`TikTok answered code ${code}${said}`, d);
}
