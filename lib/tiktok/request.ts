/**
 * The one path by which anything reaches TikTok. Resource modules declare calls; this sends them.
 *
 * For each attempt: pace (rate gate, then the app-wide governor), build the URL (base + path with its trailing
 * slash; array/object GET params as JSON text), send with `Access-Token` and a timeout, read the envelope
 * (`code !== 0` is an error even on HTTP 200), parse `data` with the call's schema, report one ledger event,
 * then let the retry classifier decide. See docs/tiktok-api.md §1–3 and docs/architecture.md §3.
 *
 * It deliberately knows nothing of advertisers, campaigns or reports, and never puts a token, the app secret
 * or a full URL (whose query may hold the secret) into an error, an event or a log.
 */
import { z } from "zod";
import {
  TikTokError,
  TikTokInputError,
  TikTokInvalidRequestError,
  TikTokMalformedResponseError,
  TikTokNetworkError,
  TikTokRateLimitError,
  TikTokRedirectError,
  TikTokSchemaError,
  TikTokServerError,
  errorFromCode,
  type CallOutcome,
} from "./errors";
import type { RateGate } from "./rate-gate";
import { classify, type RetryDecision, type RetryPolicy } from "./retry";
import { abortableSleep } from "./sleep";

export type HttpMethod = "GET" | "POST";

/** What every ledger row records about one attempt. */
export interface AttemptEvent {
  method: HttpMethod;
  path: string;
  advertiserId?: string;
  attempt: number;
  /** Milliseconds from send to parsed answer (or failure). */
  ms: number;
  httpStatus?: number;
  /** TikTok's envelope code, when there was an envelope. */
  code?: number;
  requestId?: string;
  outcome: CallOutcome;
  /** Set when the client will try again after this many ms. */
  retryInMs?: number;
  /** The classifier's reason, when the attempt failed. */
  retryReason?: RetryDecision["reason"];
}

/** The Convex side's app-wide limiter: called right before each send; may wait, or throw to defer the work. */
export interface Governor {
  beforeAttempt(info: {
    method: HttpMethod;
    path: string;
    advertiserId?: string;
    attempt: number;
    signal?: AbortSignal;
  }): Promise<void>;
  /** TikTok throttled us anyway: the app-wide limiter should back off for `waitMs`. */
  onThrottled?(info: { scope: TikTokRateLimitError["scope"]; waitMs: number }): void | Promise<void>;
}

export interface TransportOptions {
  /** e.g. `https://business-api.tiktok.com/open_api/v1.3` */
  apiBase: string;
  fetch?: typeof globalThis.fetch;
  /** Per-attempt timeout; default 30 s. */
  timeoutMs?: number;
  rateGate?: RateGate;
  governor?: Governor;
  retry?: Partial<RetryPolicy>;
  onAttempt?: (event: AttemptEvent) => void;
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  /** Strings that must never leave in a message (the app secret). Tokens of each call are added per call. */
  secrets?: string[];
}

export type DataParser<T> = z.ZodType<T> | ((data: unknown) => T);

export interface RequestSpec<T> {
  method: HttpMethod;
  /** Path below the version prefix, with its trailing slash: `/campaign/get/`. */
  path: string;
  accessToken?: string;
  query?: Record<string, unknown>;
  body?: Record<string, unknown>;
  /** Recorded in the ledger; not sent. */
  advertiserId?: string;
  data: DataParser<T>;
  /** Safe to repeat after TikTok may have acted on it. Default: GET yes, POST no. */
  idempotent?: boolean;
  retry?: Partial<RetryPolicy>;
  timeoutMs?: number;
  signal?: AbortSignal;
  /** Further strings to keep out of messages (auth codes, refresh tokens). */
  secrets?: string[];
}

export interface TikTokResponse<T> {
  data: T;
  code: number;
  message: string;
  requestId?: string;
}

export type RequestFn = <T>(spec: RequestSpec<T>) => Promise<TikTokResponse<T>>;

const envelopeSchema = z.object({
  code: z.number(),
  message: z.string().optional().default(""),
  request_id: z.string().optional(),
  data: z.unknown(),
});

/** `20001` is TikTok's "partial success": the data is there and worth keeping. */
const SUCCESS_CODES = new Set([0, 20001]);

/** GET params: arrays and objects travel as JSON text (`fields=["a","b"]`), scalars as themselves. */
export function encodeQuery(query: Record<string, unknown> | undefined): string {
  if (!query) return "";
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined || value === null) continue;
    // Strings as themselves; numbers and booleans print the same as JSON; arrays and objects as JSON text.
    params.set(key, typeof value === "string" ? value : JSON.stringify(value));
  }
  const text = params.toString();
  return text ? `?${text}` : "";
}

export function redact(text: string, secrets: readonly (string | undefined)[]): string {
  let out = text;
  for (const secret of secrets) {
    if (secret && secret.length >= 4) out = out.split(secret).join("[redacted]");
  }
  return out;
}

function parseData<T>(parser: DataParser<T>, data: unknown): T {
  if (typeof parser === "function") return parser(data);
  return parser.parse(data);
}

/** Connection failures where the request never left this machine (so TikTok cannot have acted on it). */
const NOT_SENT_CODES = new Set(["ECONNREFUSED", "ENOTFOUND", "EAI_AGAIN", "ENETUNREACH", "EHOSTUNREACH"]);

function networkErrorCode(error: unknown): string | undefined {
  const cause = (error as { cause?: { code?: unknown } } | undefined)?.cause;
  if (typeof cause?.code === "string") return cause.code;
  const own = (error as { code?: unknown } | undefined)?.code;
  return typeof own === "string" ? own : undefined;
}

export function createTransport(options: TransportOptions): RequestFn {
  const doFetch = options.fetch ?? globalThis.fetch.bind(globalThis);
  const sleep = options.sleep ?? abortableSleep;
  const apiBase = options.apiBase.replace(/\/+$/, "");

  return async function request<T>(spec: RequestSpec<T>): Promise<TikTokResponse<T>> {
    if (!spec.path.startsWith("/") || !spec.path.endsWith("/")) {
      // TikTok answers a path without its trailing slash with a bare HTTP 404: catch the bug here instead.
      throw new TikTokInputError("path", `TikTok API paths start and end with "/": got ${spec.path}`);
    }
    if (spec.accessToken !== undefined && !spec.accessToken) {
      // Without a token TikTok answers 40104 (a bug on our side): say so before spending a request.
      throw new TikTokInputError(
        "accessToken",
        `An access token is required for ${spec.method} ${spec.path}; this connection has none`,
      );
    }
    const idempotent = spec.idempotent ?? spec.method === "GET";
    const policy = { ...options.retry, ...spec.retry };
    const secrets = [...(options.secrets ?? []), spec.accessToken, ...(spec.secrets ?? [])];
    const url = apiBase + spec.path + (spec.method === "GET" ? encodeQuery(spec.query) : "");
    const headers: Record<string, string> = { "Content-Type": "application/json" };
    if (spec.accessToken) headers["Access-Token"] = spec.accessToken;
    const body = spec.method === "POST" ? JSON.stringify(spec.body ?? {}) : undefined;
    const where = { method: spec.method, path: spec.path };

    const report = (event: AttemptEvent) => {
      // The ledger must never turn a call's outcome around (a create that succeeded must not look failed).
      try {
        options.onAttempt?.(event);
      } catch {
        /* a broken ledger loses an event, not a campaign */
      }
    };

    for (let attempt = 1; ; attempt++) {
      spec.signal?.throwIfAborted();
      // The app-wide governor may wait (up to seconds); the in-process gate comes last, right before the send.
      await options.governor?.beforeAttempt({
        ...where,
        advertiserId: spec.advertiserId,
        attempt,
        signal: spec.signal,
      });
      await options.rateGate?.acquire(spec.signal);

      const started = performance.now();
      const event: AttemptEvent = { ...where, advertiserId: spec.advertiserId, attempt, ms: 0, outcome: "ok" };
      let failure: TikTokError;
      try {
        const response = await sendOnce<T>(
          doFetch,
          url,
          { method: spec.method, headers, body },
          spec,
          options.timeoutMs,
          secrets,
          event,
        );
        event.ms = Math.round(performance.now() - started);
        report(event);
        return response;
      } catch (error) {
        if (!(error instanceof TikTokError)) throw error; // the caller's own abort, or a bug: not ours to retry
        failure = error;
      }

      const decision = classify(failure, attempt, { idempotent, policy });
      event.ms = Math.round(performance.now() - started);
      event.outcome = failure.kind;
      event.retryReason = decision.reason;
      if (decision.retry) event.retryInMs = decision.waitMs;
      report(event);

      if (failure instanceof TikTokRateLimitError) {
        if (failure.scope === "app") options.rateGate?.backOff(Date.now() + decision.waitMs);
        // Best effort: failing to record the back-off app-wide must not hide TikTok's own answer.
        await Promise.resolve(options.governor?.onThrottled?.({ scope: failure.scope, waitMs: decision.waitMs })).catch(
          () => undefined,
        );
      }
      if (!decision.retry) {
        if (failure.retryable) failure.retryAfterMs = Math.max(failure.retryAfterMs ?? 0, decision.waitMs);
        throw failure;
      }
      await sleep(decision.waitMs, spec.signal);
    }
  };
}

/** One HTTP exchange, turned into a parsed response or a typed error. Fills `event` as facts become known. */
async function sendOnce<T>(
  doFetch: typeof globalThis.fetch,
  url: string,
  init: { method: HttpMethod; headers: Record<string, string>; body?: string },
  spec: RequestSpec<T>,
  defaultTimeoutMs: number | undefined,
  secrets: readonly (string | undefined)[],
  event: AttemptEvent,
): Promise<TikTokResponse<T>> {
  const where = { method: spec.method, path: spec.path };
  const timeoutMs = spec.timeoutMs ?? defaultTimeoutMs ?? 30_000;
  // AbortController + setTimeout rather than AbortSignal.timeout/any: every runtime we run in has these two.
  const controller = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort(new Error("timeout"));
  }, timeoutMs);
  const onCallerAbort = () => controller.abort(spec.signal!.reason);
  spec.signal?.addEventListener("abort", onCallerAbort, { once: true });

  let httpStatus: number;
  let text: string;
  try {
    // Never follow a redirect: it would carry the Access-Token header, the app secret or an auth code to another
    // origin, and its answer would be taken as TikTok's. "manual" hands the 3xx back to be refused below.
    const response = await doFetch(url, { ...init, signal: controller.signal, redirect: "manual" });
    if (response.type === "opaqueredirect" || (response.status >= 300 && response.status < 400)) {
      event.httpStatus = response.status;
      await response.body?.cancel().catch(() => undefined);
      throw new TikTokRedirectError(
        `TikTok's address answered ${spec.method} ${spec.path} with a redirect (HTTP ${response.status}); it was not followed`,
        {
          ...where,
          httpStatus: response.status,
        },
      );
    }
    httpStatus = response.status;
    event.httpStatus = httpStatus;
    text = await response.text();
  } catch (error) {
    if (error instanceof TikTokRedirectError) throw error;
    if (spec.signal?.aborted) throw spec.signal.reason; // the caller gave up: not a TikTok failure
    if (timedOut) {
      throw new TikTokNetworkError(
        `No answer from TikTok within ${timeoutMs} ms (${spec.method} ${spec.path})`,
        true,
        false,
        where,
      );
    }
    const code = networkErrorCode(error);
    const notSent = code !== undefined && NOT_SENT_CODES.has(code);
    throw new TikTokNetworkError(
      `Could not reach TikTok (${spec.method} ${spec.path}): ${code ?? "connection failed"}`,
      false,
      notSent,
      where,
    );
  } finally {
    clearTimeout(timer);
    spec.signal?.removeEventListener("abort", onCallerAbort);
  }

  const http = { ...where, httpStatus };
  if (httpStatus >= 500) throw new TikTokServerError(`TikTok's gateway answered HTTP ${httpStatus}`, http);
  if (httpStatus === 429) throw new TikTokRateLimitError("app", `TikTok answered HTTP 429 (too many requests)`, http);
  if (httpStatus === 404)
    throw new TikTokInvalidRequestError(`TikTok has no endpoint ${spec.method} ${spec.path} (HTTP 404)`, http);

  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    // A 4xx page is a refusal, not a garbled answer: repeating it would get the same page.
    if (httpStatus >= 400)
      throw new TikTokInvalidRequestError(`TikTok refused ${spec.method} ${spec.path} with HTTP ${httpStatus}`, http);
    throw new TikTokMalformedResponseError(`TikTok answered HTTP ${httpStatus} with a body that is not JSON`, http);
  }
  const envelope = envelopeSchema.safeParse(json);
  if (!envelope.success) {
    throw new TikTokMalformedResponseError(
      `TikTok answered HTTP ${httpStatus} without the {code, message, data} envelope`,
      http,
    );
  }
  const { code, message, request_id: requestId } = envelope.data;
  event.code = code;
  event.requestId = requestId;
  const details = { ...http, requestId };
  if (!SUCCESS_CODES.has(code)) throw errorFromCode(code, redact(message, secrets), details);
  if (httpStatus >= 400)
    throw new TikTokError(`TikTok answered HTTP ${httpStatus} with code ${code}`, { ...details, code });

  try {
    return { data: parseData(spec.data, envelope.data.data), code, message, requestId };
  } catch (error) {
    if (error instanceof TikTokError) throw error;
    const issue = error instanceof z.ZodError ? summarizeZodError(error) : String(error);
    throw new TikTokSchemaError(
      `TikTok's answer to ${spec.method} ${spec.path} did not match the documented shape: ${issue}`,
      { ...details, code },
    );
  }
}

function summarizeZodError(error: z.ZodError): string {
  return error.issues
    .slice(0, 3)
    .map((issue) => `${issue.path.join(".") || "data"}: ${issue.message}`)
    .join("; ");
}
