// The control surface over HTTP under /_sim/, for processes that cannot call SimControl directly
// (browser tests run the sim as a separate process). Plain JSON in and out, no envelope, no auth, no rate
// limits, not in the request log: this is the test harness's door, clearly outside /open_api/.

import type { IncomingMessage, ServerResponse } from "node:http";
import { sendJson } from "./envelope.js";
import type { FaultRule, RateLimits, SimControl, SimRequest } from "./types.js";

export interface ControlHttpDeps {
  control: SimControl;
  log: SimRequest[];
  info: () => Record<string, unknown>;
}

/** A JSON body field as text: a string as it is, a number or boolean spelled out, anything else (missing too) "". */
function str(v: unknown): string {
  if (typeof v === "string") return v;
  return typeof v === "number" || typeof v === "boolean" ? String(v) : "";
}

/** `Host` values that can only name this machine: localhost, 127.x.x.x or [::1], with or without a port. */
const LOOPBACK_HOST = /^(localhost|127(?:\.\d{1,3}){3}|\[::1\])(:\d{1,5})?$/i;

export function handleControlHttp(
  deps: ControlHttpDeps,
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
  bodyText: string,
): void {
  const { control } = deps;
  // No auth on this door: no web page may use it (a page always sends an Origin with a cross-site request), and no
  // DNS name rebound to 127.0.0.1 either (the page's own name arrives in Host).
  if (req.headers.origin !== undefined || !LOOPBACK_HOST.test(req.headers.host ?? "")) {
    return sendJson(res, 403, {
      error: "the /_sim/ control endpoints are for tests and scripts on this machine, not web pages",
    });
  }
  const route = `${req.method ?? "GET"} ${url.pathname.replace(/\/+$/, "")}`;
  let body: Record<string, unknown> = {};
  if (bodyText.trim() !== "") {
    try {
      const parsed: unknown = JSON.parse(bodyText);
      if (typeof parsed === "object" && parsed !== null && !Array.isArray(parsed))
        body = parsed as Record<string, unknown>;
      else if (parsed === false) body = { limits: false };
    } catch {
      return sendJson(res, 400, { error: "body must be JSON" });
    }
  }
  const ids = (v: unknown): string[] | undefined => (Array.isArray(v) ? v.map(String) : undefined);
  try {
    switch (route) {
      case "GET /_sim/state":
        return sendJson(res, 200, { ...deps.info(), advertisers: control.advertisers(), clock: clockInfo(control) });
      case "GET /_sim/requests":
        return sendJson(res, 200, { requests: deps.log });
      case "POST /_sim/requests/reset":
        control.resetLog();
        return sendJson(res, 200, { ok: true });
      case "POST /_sim/revoke":
        control.revokeToken(str(body.access_token));
        return sendJson(res, 200, { ok: true });
      case "POST /_sim/grant":
        control.grantAdvertiser(str(body.access_token), str(body.advertiser_id));
        return sendJson(res, 200, { ok: true });
      case "POST /_sim/remove-advertiser":
        control.removeAdvertiser(str(body.access_token), str(body.advertiser_id));
        return sendJson(res, 200, { ok: true });
      case "POST /_sim/clock":
        if (body.freeze === true) control.freezeClock();
        control.advanceClock(Number(body.advance_ms ?? 0));
        return sendJson(res, 200, clockInfo(control));
      case "POST /_sim/faults":
        control.setFaults(Array.isArray(body.rules) ? (body.rules as FaultRule[]) : []);
        return sendJson(res, 200, { ok: true });
      case "POST /_sim/stalls/release":
        return sendJson(res, 200, { released: control.releaseStalls() });
      case "POST /_sim/rate-limits":
        control.setRateLimits(rateLimits(body.limits !== undefined ? body.limits : body));
        return sendJson(res, 200, { ok: true });
      case "GET /_sim/report-row-count": {
        // What a campaign × stat_time_day report over this range returns: benchmarks derive their lower bound from it.
        const q = url.searchParams;
        const rows = control.reportRowCount({
          advertiserId: q.get("advertiser_id") ?? "",
          startDate: q.get("start_date") ?? "",
          endDate: q.get("end_date") ?? "",
          includeDeleted: q.get("include_deleted") === "true",
        });
        return sendJson(res, 200, { rows });
      }
      case "GET /_sim/campaign-days": {
        const q = url.searchParams;
        const days = control.campaignDays({
          advertiserId: q.get("advertiser_id") ?? "",
          startDate: q.get("start_date") ?? "",
          endDate: q.get("end_date") ?? "",
          metrics: q.get("metrics")?.split(",").filter(Boolean),
        });
        return sendJson(res, 200, { days });
      }
      case "POST /_sim/auth-code":
        return sendJson(res, 200, { auth_code: control.issueAuthCode(optional(ids(body.advertiser_ids))) });
      case "POST /_sim/token": {
        const t = control.issueToken(optional(ids(body.advertiser_ids)));
        return sendJson(res, 200, {
          access_token: t.accessToken,
          advertiser_ids: t.advertiserIds,
          ...(t.refreshToken ? { refresh_token: t.refreshToken } : {}),
          ...(t.expiresIn !== undefined ? { expires_in: t.expiresIn } : {}),
        });
      }
      default:
        return sendJson(res, 404, { error: `no control endpoint ${route}` });
    }
  } catch (err) {
    return sendJson(res, 400, { error: err instanceof Error ? err.message : String(err) });
  }
}

function rateLimits(v: unknown): RateLimits | false {
  if (v === false) return false;
  const l = v as Partial<RateLimits> | null;
  const ok = (n: unknown) => typeof n === "number" && n > 0;
  if (!l || !ok(l.perSecond) || !ok(l.perMinute) || !ok(l.perDay))
    throw new Error("rate limits need perSecond, perMinute and perDay (positive numbers), or false");
  return { perSecond: l.perSecond!, perMinute: l.perMinute!, perDay: l.perDay! };
}

function optional(advertiserIds: string[] | undefined): { advertiserIds?: string[] } | undefined {
  return advertiserIds ? { advertiserIds } : undefined;
}

function clockInfo(control: SimControl): { now: number; iso: string } {
  const now = control.now();
  return { now, iso: new Date(now).toISOString() };
}
