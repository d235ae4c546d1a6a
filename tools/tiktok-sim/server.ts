// The HTTP front door: routes /open_api/v1.3/* through the pipeline TikTok's gateway and API apply
// (faults, throttling, method, body, Access-Token, handler) and wraps every answer in the envelope;
// serves the consent page and hands /_sim/* to the control API. Keeps the request log and, with `log`,
// prints one line per request (path, advertiser, code: never tokens or secrets). Owns stalled requests
// and sockets so close() is prompt. Does not implement any endpoint itself.

import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { Socket } from "node:net";
import type { Services } from "./api-context.js";
import { handlePortal, type PortalDeps } from "./consent-page.js";
import {
  ApiError,
  Code,
  type Envelope,
  paramError,
  type RequestIds,
  sendEnvelope,
  sendGatewayPage,
} from "./envelope.js";
import type { FaultEngine } from "./faults.js";
import { Params } from "./params.js";
import type { RateLimiter } from "./rate-limits.js";
import { ROUTES } from "./routes.js";
import type { FaultRule, SimRequest } from "./types.js";

export const API_PREFIX = "/open_api/v1.3";
const MAX_BODY_BYTES = 5 * 1024 * 1024;
const REDACTED_KEYS = new Set(["secret", "access_token", "refresh_token", "auth_code"]);

export interface ServerDeps {
  svc: Services;
  limiter: RateLimiter;
  faults: FaultEngine;
  requestIds: RequestIds;
  log: SimRequest[];
  printLog: boolean;
  portal: PortalDeps;
  control: (req: IncomingMessage, res: ServerResponse, url: URL, bodyText: string) => void;
}

export interface SimServer {
  server: Server;
  /** Ends stalls and destroys every connection, so server.close() returns at once. */
  dropEverything(this: void): void;
  /** Answers every stalled request now, as it would have been answered at the stall's end; returns how many. */
  releaseStalls(this: void): number;
}

interface Stall {
  timer?: NodeJS.Timeout;
  release: () => void;
}

export function createSimServer(deps: ServerDeps): SimServer {
  const sockets = new Set<Socket>();
  const stalls = new Set<Stall>();
  const server = createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      if (!res.headersSent && !res.destroyed) sendGatewayPage(res, 500);
      if (!(err instanceof BodyAborted)) console.error("[tiktok-sim] unexpected error", err);
    });
  });
  server.on("connection", (socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    // Stamp arrival before anything asynchronous: rate limits count requests as they arrive (§3).
    const arrivedAt = deps.svc.now();
    const url = new URL(req.url ?? "/", "http://sim.local");
    const path = url.pathname;
    const bodyText = await readBody(req);
    if (path.startsWith("/_sim/")) return deps.control(req, res, url, bodyText);

    const query = Object.fromEntries(url.searchParams);
    const body = parseBody(bodyText);
    const entry: SimRequest = {
      at: arrivedAt,
      method: req.method ?? "GET",
      path,
      query: redact(query) as Record<string, string>,
      body: body.ok ? redact(body.value) : bodyText || undefined,
      httpStatus: 0,
    };
    const advertiserId =
      typeof query.advertiser_id === "string"
        ? query.advertiser_id
        : body.ok
          ? stringField(body.value, "advertiser_id")
          : undefined;
    if (advertiserId) entry.advertiserId = advertiserId;
    deps.log.push(entry);

    if (path === "/portal/auth" || path === "/portal/auth/") {
      handlePortal(req, res, url, bodyText, deps.portal);
      return finish(entry, res.statusCode);
    }
    const route = path.startsWith(`${API_PREFIX}/`) ? ROUTES[path.slice(API_PREFIX.length)] : undefined;
    if (!route) {
      // §1: a path without its trailing slash (or an unknown one) is a gateway 404 with no JSON.
      sendGatewayPage(res, 404);
      return finish(entry, 404);
    }
    const apiPath = path.slice(API_PREFIX.length);
    const run = (): Promise<Envelope> => process(req, arrivedAt, apiPath, query, body, advertiserId);
    const fault = deps.faults.pick(apiPath);
    if (!fault) return answer(res, entry, await run());
    entry.fault = fault.kind;
    if (fault.kind === "emptyList") {
      // The request is carried out; only the list in the answer comes back empty.
      const envelope = await run();
      const data = envelope.data as Record<string, unknown> | undefined;
      return answer(
        res,
        entry,
        envelope.code === 0 && data && Array.isArray(data.list)
          ? { ...envelope, data: { ...data, list: [] } }
          : envelope,
      );
    }
    if (fault.afterProcessing) {
      const envelope = await run();
      if (fault.kind === "stall") return stall(res, entry, fault, () => answer(res, entry, envelope));
      return injectFault(req, res, entry, fault, envelope);
    }
    if (fault.kind === "stall")
      return stall(res, entry, fault, () => void run().then((envelope) => answer(res, entry, envelope)));
    return injectFault(req, res, entry, fault);
  }

  async function process(
    req: IncomingMessage,
    arrivedAt: number,
    apiPath: string,
    query: Record<string, string>,
    body: ParsedBody,
    advertiserId: string | undefined,
  ): Promise<Envelope> {
    const now = arrivedAt;
    const requestId = deps.requestIds.next(now);
    try {
      const route = ROUTES[apiPath]!;
      const throttle = deps.limiter.admit(now, apiPath, advertiserId);
      if (throttle) return { code: throttle.code, message: throttle.message, request_id: requestId, data: {} };
      if (req.method !== route.method) {
        throw new ApiError(
          Code.INVALID_PARAMS,
          `Request method ${req.method ?? ""} is not supported by ${API_PREFIX}${apiPath}; use ${route.method}.`,
        );
      }
      let params: Params;
      if (route.method === "GET") {
        params = new Params("query", query);
      } else {
        if (!body.ok || typeof body.value !== "object" || body.value === null || Array.isArray(body.value)) {
          throw paramError("The request body must be a JSON object (Content-Type: application/json).");
        }
        params = new Params("body", body.value as Record<string, unknown>);
      }
      const token = route.auth ? deps.svc.oauth.authenticate(headerValue(req.headers["access-token"])) : undefined;
      const data = await route.handle({ params, ...(token ? { token } : {}), svc: deps.svc });
      return { code: Code.OK, message: "OK", request_id: requestId, data };
    } catch (err) {
      if (err instanceof ApiError) return { code: err.code, message: err.message, request_id: requestId, data: {} };
      console.error("[tiktok-sim] handler failed", err);
      return { code: Code.INTERNAL_ERROR, message: "Internal service error.", request_id: requestId, data: {} };
    }
  }

  function answer(res: ServerResponse, entry: SimRequest, envelope: Envelope): void {
    if (res.destroyed || res.writableEnded) return;
    sendEnvelope(res, envelope);
    entry.code = envelope.code;
    entry.requestId = envelope.request_id;
    finish(entry, 200);
  }

  function injectFault(
    req: IncomingMessage,
    res: ServerResponse,
    entry: SimRequest,
    fault: FaultRule,
    lost?: Envelope,
  ): void {
    const now = deps.svc.now();
    const envelopeFault = (code: number, message: string) =>
      answer(res, entry, { code, message, request_id: deps.requestIds.next(now), data: {} });
    switch (fault.kind) {
      case "http500":
      case "http502":
      case "http504": {
        const status = Number(fault.kind.slice(4));
        sendGatewayPage(res, status);
        return finish(entry, status);
      }
      case "code50000":
        return envelopeFault(Code.INTERNAL_ERROR, "Internal service error. Please try again later.");
      case "code50002":
        return envelopeFault(Code.INTERNAL_TIMEOUT, "Internal service timeout. Please try again later.");
      case "rate40100":
        return envelopeFault(
          Code.APP_RATE_LIMIT,
          "Too many requests: the request exceeded the app's limit of requests per second (QPS). Retry in the next second.",
        );
      case "reset":
        req.socket.destroy();
        return finish(entry, 0);
      case "malformed": {
        const whole = JSON.stringify(
          lost ?? {
            code: 0,
            message: "OK",
            request_id: deps.requestIds.next(now),
            data: { list: [], page_info: { page: 1, page_size: 10, total_number: 0, total_page: 0 } },
          },
        );
        // Any proper prefix of a JSON object is invalid JSON.
        const cut = whole.slice(0, Math.max(1, Math.floor(whole.length * 0.6)));
        res.writeHead(200, {
          "Content-Type": "application/json; charset=utf-8",
          "Content-Length": Buffer.byteLength(cut),
        });
        res.end(cut);
        return finish(entry, 200);
      }
      case "stall":
      case "emptyList":
        return;
    }
  }

  function stall(res: ServerResponse, entry: SimRequest, fault: FaultRule, release: () => void): void {
    const s: Stall = {
      release() {
        if (s.timer) clearTimeout(s.timer);
        stalls.delete(s);
        release();
      },
    };
    stalls.add(s);
    if (fault.stallMs !== undefined) s.timer = setTimeout(s.release, fault.stallMs);
    res.on("close", () => {
      if (s.timer) clearTimeout(s.timer);
      stalls.delete(s);
      if (entry.httpStatus === 0 && deps.printLog) printLine(entry, "client gave up");
    });
  }

  function finish(entry: SimRequest, httpStatus: number): void {
    entry.httpStatus = httpStatus;
    if (deps.printLog) printLine(entry);
  }

  return {
    server,
    dropEverything() {
      for (const s of stalls) if (s.timer) clearTimeout(s.timer);
      stalls.clear();
      for (const socket of sockets) socket.destroy();
      server.closeAllConnections();
    },
    releaseStalls() {
      const held = [...stalls];
      for (const s of held) s.release();
      return held.length;
    },
  };
}

function printLine(entry: SimRequest, note?: string): void {
  const parts = [
    `[tiktok-sim] ${new Date(entry.at).toISOString()}`,
    entry.method,
    entry.path,
    entry.advertiserId ? `adv=${entry.advertiserId}` : undefined,
    `http=${entry.httpStatus}`,
    entry.code !== undefined ? `code=${entry.code}` : undefined,
    entry.requestId ? `request_id=${entry.requestId}` : undefined,
    entry.fault ? `fault=${entry.fault}` : undefined,
    note,
  ];
  console.log(parts.filter(Boolean).join(" "));
}

class BodyAborted extends Error {}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        req.destroy();
        reject(new BodyAborted("body too large"));
        return;
      }
      chunks.push(chunk);
    });
    req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    req.on("error", () => reject(new BodyAborted("request aborted")));
    req.on("aborted", () => reject(new BodyAborted("request aborted")));
  });
}

type ParsedBody = { ok: true; value: unknown } | { ok: false };

function parseBody(text: string): ParsedBody {
  if (text.trim() === "") return { ok: false };
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch {
    return { ok: false };
  }
}

function stringField(value: unknown, key: string): string | undefined {
  if (typeof value !== "object" || value === null) return undefined;
  const v = (value as Record<string, unknown>)[key];
  return typeof v === "string" ? v : undefined;
}

function headerValue(v: string | string[] | undefined): string | undefined {
  return Array.isArray(v) ? v[0] : v;
}

function redact(value: unknown): unknown {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) out[k] = REDACTED_KEYS.has(k) ? "[redacted]" : v;
  return out;
}
