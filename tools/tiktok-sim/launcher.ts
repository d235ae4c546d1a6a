// Starts simulators on request over HTTP. Why: Convex function tests run in vitest's edge-runtime
// environment, which cannot import node:http, so they cannot call start() themselves. vitest's globalSetup
// (plain Node) runs this launcher instead and hands its URL to the tests; each test file then asks for its
// OWN simulator (POST /sims) and drives it through the sim's /_sim/ control API. Files run in parallel and
// change faults, clocks and tokens, so they must never share one simulator.
//
//   POST   /sims            JSON body: serializable SimOptions (see LAUNCH_OPTION_KEYS) → 201 { url, apiBase }
//   DELETE /sims?url=<url>  closes that simulator → 200 { ok: true } (404 if the launcher does not know it)
//
// Closing the launcher closes every simulator it started. Listens on 127.0.0.1, random port.

import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { start } from "./index.js";
import {
  FAULT_KINDS,
  type DatasetOption,
  type FaultRule,
  type RateLimits,
  type Sim,
  type SimOptions,
} from "./types.js";

/** The SimOptions a launcher accepts: everything serializable except where it listens and logging. */
export type LaunchOptions = Pick<
  SimOptions,
  | "seed"
  | "dataset"
  | "appId"
  | "appSecret"
  | "tokenMode"
  | "tier"
  | "rateLimits"
  | "advertiserPathQps"
  | "flavor"
  | "now"
  | "redirectUris"
  | "reportMaxRows"
  | "faults"
>;

/** What POST /sims answers. */
export interface LaunchedSim {
  url: string;
  apiBase: string;
}

export interface Launcher {
  url: string;
  close(): Promise<void>;
}

const MAX_BODY_BYTES = 1024 * 1024;

export async function startLauncher(): Promise<Launcher> {
  const sims = new Map<string, Sim>();
  let closed = false;

  const server = createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      if (!res.headersSent) send(res, 500, { error: err instanceof Error ? err.message : String(err) });
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? "/", "http://launcher.local");
    if (url.pathname.replace(/\/+$/, "") !== "/sims")
      return send(res, 404, { error: `no route ${req.method} ${url.pathname}` });

    if (req.method === "POST") {
      let options: LaunchOptions;
      try {
        options = parseLaunchOptions(await readBody(req));
      } catch (err) {
        return send(res, 400, { error: err instanceof Error ? err.message : String(err) });
      }
      if (closed) return send(res, 503, { error: "the launcher is closing" });
      const sim = await start(options);
      if (closed) {
        await sim.close();
        return send(res, 503, { error: "the launcher is closing" });
      }
      sims.set(sim.url, sim);
      return send(res, 201, { url: sim.url, apiBase: sim.apiBase } satisfies LaunchedSim);
    }

    if (req.method === "DELETE") {
      const target = url.searchParams.get("url");
      if (!target) return send(res, 400, { error: "DELETE /sims needs ?url=<the simulator's url>" });
      const sim = sims.get(target);
      if (!sim) return send(res, 404, { error: `no simulator at ${target}` });
      sims.delete(target);
      await sim.close();
      return send(res, 200, { ok: true });
    }

    return send(res, 405, { error: `/sims takes POST or DELETE, not ${req.method}` });
  }

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      server.off("error", reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  let closing: Promise<void> | undefined;

  return {
    url: `http://127.0.0.1:${port}`,
    close() {
      closing ??= (async () => {
        closed = true;
        const all = [...sims.values()];
        sims.clear();
        await Promise.all(all.map((s) => s.close()));
        await new Promise<void>((resolve) => {
          server.close(() => resolve());
          // Keep-alive connections from test workers would otherwise hold close() open.
          server.closeAllConnections();
        });
      })();
      return closing;
    },
  };
}

function send(res: ServerResponse, status: number, value: unknown): void {
  const body = JSON.stringify(value);
  res.writeHead(status, {
    "Content-Type": "application/json; charset=utf-8",
    "Content-Length": Buffer.byteLength(body),
  });
  res.end(body);
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BODY_BYTES) throw new Error("body too large");
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString("utf8");
}

/** Checks a POST /sims body; every problem is an Error whose message becomes the 400 answer. */
export function parseLaunchOptions(text: string): LaunchOptions {
  let raw: unknown = {};
  if (text.trim() !== "") {
    try {
      raw = JSON.parse(text);
    } catch {
      throw new Error("body must be JSON (an object of simulator options)");
    }
  }
  if (typeof raw !== "object" || raw === null || Array.isArray(raw))
    throw new Error("body must be a JSON object of simulator options");
  const o = raw as Record<string, unknown>;
  const unknownKeys = Object.keys(o).filter((k) => !(LAUNCH_OPTION_KEYS as readonly string[]).includes(k));
  if (unknownKeys.length > 0) {
    throw new Error(`unknown option(s) ${unknownKeys.join(", ")}; allowed: ${LAUNCH_OPTION_KEYS.join(", ")}`);
  }

  const out: LaunchOptions = {};
  if (o.seed !== undefined) out.seed = integer("seed", o.seed);
  if (o.now !== undefined) out.now = integer("now", o.now);
  if (o.reportMaxRows !== undefined) out.reportMaxRows = positive("reportMaxRows", o.reportMaxRows);
  if (o.appId !== undefined) out.appId = text1("appId", o.appId);
  if (o.appSecret !== undefined) out.appSecret = text1("appSecret", o.appSecret);
  if (o.tokenMode !== undefined) out.tokenMode = oneOf("tokenMode", o.tokenMode, ["long_lived", "expiring"] as const);
  if (o.tier !== undefined) out.tier = oneOf("tier", o.tier, ["basic", "tier2", "tier3", "tier4"] as const);
  if (o.flavor !== undefined) out.flavor = oneOf("flavor", o.flavor, ["production", "sandbox"] as const);
  if (o.dataset !== undefined) out.dataset = dataset(o.dataset);
  if (o.rateLimits !== undefined) out.rateLimits = rateLimits(o.rateLimits);
  if (o.advertiserPathQps !== undefined) {
    out.advertiserPathQps = o.advertiserPathQps === false ? false : positive("advertiserPathQps", o.advertiserPathQps);
  }
  if (o.redirectUris !== undefined) {
    if (!Array.isArray(o.redirectUris) || !o.redirectUris.every((u) => typeof u === "string")) {
      throw new Error("redirectUris must be an array of strings");
    }
    out.redirectUris = o.redirectUris;
  }
  if (o.faults !== undefined) out.faults = faults(o.faults);
  return out;
}

export const LAUNCH_OPTION_KEYS = [
  "seed",
  "dataset",
  "appId",
  "appSecret",
  "tokenMode",
  "tier",
  "rateLimits",
  "advertiserPathQps",
  "flavor",
  "now",
  "redirectUris",
  "reportMaxRows",
  "faults",
] as const satisfies readonly (keyof LaunchOptions)[];

function integer(name: string, v: unknown): number {
  if (typeof v !== "number" || !Number.isSafeInteger(v)) throw new Error(`${name} must be an integer`);
  return v;
}

function positive(name: string, v: unknown): number {
  if (typeof v !== "number" || !Number.isFinite(v) || v <= 0) throw new Error(`${name} must be a positive number`);
  return v;
}

function text1(name: string, v: unknown): string {
  if (typeof v !== "string" || v === "") throw new Error(`${name} must be a non-empty string`);
  return v;
}

function oneOf<T extends string>(name: string, v: unknown, allowed: readonly T[]): T {
  if (typeof v !== "string" || !(allowed as readonly string[]).includes(v))
    throw new Error(`${name} must be one of ${allowed.join(", ")}`);
  return v as T;
}

function dataset(v: unknown): DatasetOption {
  if (v === "demo" || v === "showcase" || v === "small" || v === "bench") return v;
  const d = v as { advertisers?: unknown; campaignsPerAdvertiser?: unknown } | null;
  const count = (n: unknown) => typeof n === "number" && Number.isInteger(n) && n >= 0;
  if (typeof d === "object" && d !== null && count(d.advertisers) && count(d.campaignsPerAdvertiser)) {
    return { advertisers: d.advertisers as number, campaignsPerAdvertiser: d.campaignsPerAdvertiser as number };
  }
  throw new Error(
    'dataset must be "demo", "showcase", "small", "bench" or { advertisers, campaignsPerAdvertiser } (non-negative integers)',
  );
}

function rateLimits(v: unknown): RateLimits | false {
  if (v === false) return false;
  const l = v as Partial<Record<keyof RateLimits, unknown>> | null;
  const ok = (n: unknown) => typeof n === "number" && n > 0;
  if (typeof l !== "object" || l === null || !ok(l.perSecond) || !ok(l.perMinute) || !ok(l.perDay)) {
    throw new Error("rateLimits must be false or { perSecond, perMinute, perDay } (positive numbers)");
  }
  return { perSecond: l.perSecond as number, perMinute: l.perMinute as number, perDay: l.perDay as number };
}

function faults(v: unknown): FaultRule[] {
  if (
    !Array.isArray(v) ||
    !v.every(
      (r) =>
        typeof r === "object" &&
        r !== null &&
        (FAULT_KINDS as readonly string[]).includes((r as { kind?: unknown }).kind as string),
    )
  ) {
    throw new Error(`faults must be an array of rules, each with kind one of ${FAULT_KINDS.join(", ")}`);
  }
  return v as FaultRule[];
}
