// The front door: one HTTP server on one origin for everything a deployment splits over two (*.convex.cloud for
// /api/* and the sync WebSocket, *.convex.site for convex/http.ts), plus the test-only /_gateway endpoints.
// It only routes, reads bodies and writes answers; the modules behind it do the work. Browsers call it from the
// Next.js origin, so /api and /_gateway answer CORS for localhost origins (any port); other origins get no CORS
// headers and are refused by the browser.

import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { WebSocketServer, type WebSocket } from "ws";
import { handleControl, type ControlDeps } from "./control.js";
import { handleFunctionApi, isFunctionApi, type ApiDeps, type JsonAnswer } from "./http-api.js";
import { handleHttpAction, type HttpActionDeps } from "./http-actions.js";

export interface ServerDeps {
  api: ApiDeps;
  httpActions: HttpActionDeps;
  control: ControlDeps;
  /** A sync-protocol WebSocket was opened at /api/<version>/sync. */
  onSyncSocket: (ws: WebSocket) => void;
  log: (line: string) => void;
  warn: (line: string) => void;
}

const MAX_BODY_BYTES = 32 * 1024 * 1024;
const SYNC_PATH = /^\/api\/[^/]+\/sync$/;
/** `Host` values that can only name this machine: localhost, 127.x.x.x or [::1], with or without a port. */
const LOOPBACK_HOST = /^(localhost|127(?:\.\d{1,3}){3}|\[::1\])(:\d{1,5})?$/i;

export function isLoopbackHost(host: string | undefined): boolean {
  return host !== undefined && LOOPBACK_HOST.test(host);
}

const LOCAL_ORIGIN = /^https?:\/\/(localhost|127(?:\.\d{1,3}){3}|\[::1\])(:\d+)?$/;

class BodyTooLarge extends Error {}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        reject(new BodyTooLarge());
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on("end", () => resolve(Buffer.concat(chunks)));
    req.on("error", reject);
  });
}

function corsHeaders(req: IncomingMessage): Record<string, string> {
  const origin = req.headers.origin;
  if (!origin || !LOCAL_ORIGIN.test(origin)) return {};
  return { "access-control-allow-origin": origin, "access-control-allow-credentials": "true", vary: "Origin" };
}

function preflight(req: IncomingMessage, res: ServerResponse): void {
  const cors = corsHeaders(req);
  res.writeHead(204, {
    ...cors,
    ...(cors["access-control-allow-origin"]
      ? {
          "access-control-allow-methods": "GET, POST, PUT, PATCH, DELETE, OPTIONS",
          "access-control-allow-headers":
            req.headers["access-control-request-headers"] ?? "Content-Type, Authorization, Convex-Client",
          "access-control-max-age": "86400",
        }
      : {}),
  });
  res.end();
}

function sendJson(req: IncomingMessage, res: ServerResponse, answer: JsonAnswer): void {
  res.writeHead(answer.status, { "content-type": "application/json", ...corsHeaders(req) });
  res.end(answer.body);
}

async function sendResponse(res: ServerResponse, response: Response): Promise<void> {
  const headers: Record<string, string | string[]> = {};
  response.headers.forEach((value, name) => {
    if (name !== "set-cookie") headers[name] = value;
  });
  const cookies = response.headers.getSetCookie();
  if (cookies.length) headers["set-cookie"] = cookies;
  res.writeHead(response.status, headers);
  res.end(Buffer.from(await response.arrayBuffer()));
}

export function createGatewayServer(deps: ServerDeps): { server: Server; wss: WebSocketServer } {
  const wss = new WebSocketServer({ noServer: true });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const started = Date.now();
    const method = req.method ?? "GET";
    const url = new URL(req.url ?? "/", "http://gateway.invalid");
    const api = isFunctionApi(url.pathname);
    const control = url.pathname.startsWith("/_gateway/");
    if (method === "OPTIONS" && (api || control)) return preflight(req, res);
    const body = await readBody(req);

    if (api) {
      if (method !== "POST")
        return sendJson(req, res, {
          status: 405,
          body: JSON.stringify({ code: "MethodNotAllowed", message: `${url.pathname} takes POST` }),
        });
      return sendJson(
        req,
        res,
        await handleFunctionApi(deps.api, url.pathname, body.toString("utf8"), req.headers.authorization),
      );
    }
    if (control) {
      // No auth on these doors, so no browser page may use them: a web page can send a cross-origin POST without a
      // preflight (text/plain), but it always says where it comes from. Tests and scripts send no Origin at all.
      if (req.headers.origin !== undefined) {
        return sendJson(req, res, {
          status: 403,
          body: JSON.stringify({ error: "the /_gateway endpoints are for tests and scripts, not web pages" }),
        });
      }
      // A page on a DNS name rebound to 127.0.0.1 reaches us with its own name in Host (and, for a simple GET, maybe
      // no Origin): only loopback names may use these doors.
      if (!isLoopbackHost(req.headers.host)) {
        return sendJson(req, res, {
          status: 403,
          body: JSON.stringify({ error: "the /_gateway endpoints answer only to localhost, 127.0.0.1 or [::1]" }),
        });
      }
      const answer = await handleControl(deps.control, method, url, body.toString("utf8"));
      deps.log(`${method} ${url.pathname} ${answer.status} ${Date.now() - started}ms`);
      return sendJson(req, res, answer);
    }
    const response = await handleHttpAction(deps.httpActions, method, url.pathname + url.search, req.headers, body);
    if (response.status === 404 && method === "OPTIONS") return preflight(req, res); // no OPTIONS route of its own
    deps.log(`${method} ${url.pathname} ${response.status} ${Date.now() - started}ms`);
    return sendResponse(res, response);
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((e: unknown) => {
      const tooLarge = e instanceof BodyTooLarge;
      if (!tooLarge)
        deps.warn(
          `request ${req.method} ${req.url} failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`,
        );
      if (res.headersSent || res.destroyed) return;
      res.writeHead(tooLarge ? 413 : 500, { "content-type": "application/json", ...corsHeaders(req) });
      res.end(
        JSON.stringify({
          code: tooLarge ? "RequestTooLarge" : "InternalServerError",
          message: tooLarge ? "The request body is too large" : String(e),
        }),
      );
    });
  });

  server.on("upgrade", (req, socket, head) => {
    const { pathname } = new URL(req.url ?? "/", "http://gateway.invalid");
    if (!SYNC_PATH.test(pathname)) {
      socket.end("HTTP/1.1 404 Not Found\r\n\r\n");
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => deps.onSyncSocket(ws));
  });

  return { server, wss };
}
