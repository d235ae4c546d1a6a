// TikTok's answer shapes: the JSON envelope `{code, message, request_id, data}` sent with HTTP 200 for
// successes, errors and throttling alike (docs/tiktok-api.md §1), the request ids that go in it, the error type
// handlers throw, and the non-JSON bodies a gateway sends (404 for paths without a trailing slash, 5xx).
// Does not decide which code a situation deserves: callers do.

import { randomBytes } from "node:crypto";
import type { ServerResponse } from "node:http";
import { compactUtc } from "./time.js";

/** The codes the simulator answers with (docs/tiktok-api.md §2). */
export const Code = {
  OK: 0,
  INVALID_PARAMS: 40000,
  NO_PERMISSION: 40001,
  PARAM_ERROR: 40002,
  NOT_FOUND: 40007,
  REPORT_TOO_LARGE: 40067,
  APP_RATE_LIMIT: 40100,
  TOKEN_EXPIRED: 40102,
  TOKEN_MISSING: 40104,
  TOKEN_INVALID: 40105,
  REFRESH_TOKEN_INVALID: 40107,
  REFRESH_TOKEN_EXPIRED: 40103,
  AUTH_CODE_INVALID: 40110,
  ADVERTISER_RATE_LIMIT: 40133,
  INTERNAL_ERROR: 50000,
  INTERNAL_TIMEOUT: 50002,
} as const;

export class ApiError extends Error {
  constructor(
    readonly code: number,
    message: string,
  ) {
    super(message);
  }
}

export function paramError(message: string): ApiError {
  return new ApiError(Code.PARAM_ERROR, message);
}

export interface Envelope {
  code: number;
  message: string;
  request_id: string;
  data: unknown;
}

/**
 * Request ids shaped like TikTok's: a 14-digit UTC timestamp and 18 hex characters. A counter makes them
 * unique within a run; the random tail keeps two simulators (parallel test files) from minting the same ids.
 * The one thing the sim makes that is deliberately not derived from the seed.
 */
export class RequestIds {
  private counter = 0;

  next(now: number): string {
    this.counter = (this.counter + 1) >>> 0;
    return `${compactUtc(now)}${this.counter.toString(16).padStart(8, "0")}${randomBytes(5).toString("hex")}`.toUpperCase();
  }
}

export function sendEnvelope(res: ServerResponse, envelope: Envelope): void {
  const body = JSON.stringify(envelope);
  res.writeHead(200, {
    "Content-Type": "application/json; charset=utf-8",
    "Content-Length": Buffer.byteLength(body),
    "X-Tt-Logid": envelope.request_id,
  });
  res.end(body);
}

const STATUS_TEXT: Record<number, string> = {
  400: "Bad Request",
  404: "Not Found",
  500: "Internal Server Error",
  502: "Bad Gateway",
  504: "Gateway Time-out",
};

/** The kind of page a gateway answers with: HTML, not JSON. */
export function sendGatewayPage(res: ServerResponse, status: number): void {
  const title = `${status} ${STATUS_TEXT[status] ?? "Error"}`;
  const body = `<html>\r\n<head><title>${title}</title></head>\r\n<body>\r\n<center><h1>${title}</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n`;
  res.writeHead(status, { "Content-Type": "text/html", "Content-Length": Buffer.byteLength(body) });
  res.end(body);
}

export function sendJson(res: ServerResponse, status: number, value: unknown): void {
  const body = JSON.stringify(value);
  res.writeHead(status, {
    "Content-Type": "application/json; charset=utf-8",
    "Content-Length": Buffer.byteLength(body),
  });
  res.end(body);
}
