// Plain-fetch helpers for the simulator's own tests: encode GET parameters the way TikTok expects
// (arrays and objects as JSON text), send the Access-Token header, and return the raw answer alongside
// the parsed envelope. Deliberately not the project's client (lib/tiktok): the two check each other.

import type { Sim } from "./types.js";

export interface Envelope<T = any> {
  code: number;
  message: string;
  request_id: string;
  data: T;
}

export interface Answer<T = any> {
  status: number;
  contentType: string;
  text: string;
  json?: Envelope<T>;
}

/** A fixed clock for tests: 2026-02-15 10:30 in Los Angeles (18:30 UTC), mid-hour so minute rounding never straddles. */
export const TEST_NOW = Date.UTC(2026, 1, 15, 18, 30, 0);

export function queryString(params: Record<string, unknown>): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) {
    if (v === undefined) continue;
    q.set(k, typeof v === "string" ? v : JSON.stringify(v));
  }
  const s = q.toString();
  return s ? `?${s}` : "";
}

async function toAnswer<T>(res: Response): Promise<Answer<T>> {
  const text = await res.text();
  const answer: Answer<T> = { status: res.status, contentType: res.headers.get("content-type") ?? "", text };
  try {
    answer.json = JSON.parse(text) as Envelope<T>;
  } catch {
    // non-JSON bodies (gateway pages, injected faults) are checked through `text`
  }
  return answer;
}

export function api(sim: Sim, token?: string) {
  const headers = (extra?: Record<string, string>): Record<string, string> => ({
    ...(token ? { "Access-Token": token } : {}),
    ...extra,
  });
  return {
    async get<T = any>(path: string, params: Record<string, unknown> = {}, init: RequestInit = {}): Promise<Answer<T>> {
      const res = await fetch(`${sim.apiBase}${path}${queryString(params)}`, {
        ...init,
        headers: headers(init.headers as Record<string, string>),
      });
      return toAnswer<T>(res);
    },
    async post<T = any>(path: string, body: unknown, init: RequestInit = {}): Promise<Answer<T>> {
      const res = await fetch(`${sim.apiBase}${path}`, {
        method: "POST",
        ...init,
        headers: headers({ "Content-Type": "application/json", ...(init.headers as Record<string, string>) }),
        body: typeof body === "string" ? body : JSON.stringify(body),
      });
      return toAnswer<T>(res);
    },
  };
}

/** The envelope of an answer that must be JSON; fails loudly otherwise. */
export function envelope<T = any>(a: Answer<T>): Envelope<T> {
  if (!a.json) throw new Error(`expected a JSON envelope, got HTTP ${a.status}: ${a.text.slice(0, 200)}`);
  return a.json;
}

/** Options for tests that are not about throttling: TikTok's limits would otherwise answer 40100 mid-test. */
export const NO_LIMITS = { rateLimits: false, advertiserPathQps: false } as const;

/** Shifts a YYYY-MM-DD date by whole days. */
export function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}
