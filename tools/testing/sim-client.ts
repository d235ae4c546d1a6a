// Test-side handle on a TikTok simulator for tests that cannot start one in-process (Convex function
// tests run in vitest's edge-runtime environment: fetch only, no node: imports). newSim() asks the
// launcher started by ./global-sim.ts (its URL arrives through vitest's inject) for a fresh simulator of
// this test file's own, and wraps the simulator's /_sim/ control API (tools/tiktok-sim/control-http.ts)
// in typed methods. Point the code under test at `apiBase` as if it were TikTok's.
//
//   const sim = await newSim({ dataset: "small" });
//   const code = await sim.control.authCode();
//   ...
//   await sim.close();
//
// Simulators left open are closed when the launcher stops at the end of the run.

import { inject } from "vitest";
import type { LaunchedSim, LaunchOptions } from "../tiktok-sim/launcher.js";
import type {
  FaultRule,
  IssuedToken,
  RateLimits,
  SimAdvertiser,
  SimCampaignDay,
  SimRequest,
} from "../tiktok-sim/types.js";
import type {} from "./global-sim.js"; // the ProvidedContext["simLauncherUrl"] declaration

export type NewSimOptions = LaunchOptions;

/** GET /_sim/state. */
export interface SimState {
  appId: string;
  seed: number;
  flavor: string;
  tokenMode: string;
  dataset: LaunchOptions["dataset"];
  apiBase: string;
  advertisers: SimAdvertiser[];
  clock: SimClockInfo;
}

export interface SimClockInfo {
  /** Sim clock, epoch ms. */
  now: number;
  iso: string;
}

/** The simulator's control API over HTTP. Every method throws on a non-2xx answer, with the sim's message. */
export interface SimHttpControl {
  state(): Promise<SimState>;
  /** The API request log (control calls are not in it). */
  requests(): Promise<SimRequest[]>;
  resetRequests(): Promise<void>;
  /** An auth code as the consent page would issue it; default: every advertiser of the dataset. */
  authCode(advertiserIds?: string[]): Promise<string>;
  /** A token as if the OAuth exchange had happened; default: every advertiser of the dataset. */
  token(advertiserIds?: string[]): Promise<IssuedToken>;
  revoke(accessToken: string): Promise<void>;
  grant(accessToken: string, advertiserId: string): Promise<void>;
  removeAdvertiser(accessToken: string, advertiserId: string): Promise<void>;
  /** Moves the sim clock forward; answers the new time. */
  advanceClock(ms: number): Promise<SimClockInfo>;
  /** Stops real time from moving the sim clock (turn rate limits off too: every request then shares one instant). */
  freezeClock(): Promise<SimClockInfo>;
  /** Replaces the fault rules. */
  setFaults(rules: FaultRule[]): Promise<void>;
  clearFaults(): Promise<void>;
  /** Answers every request a `stall` fault is holding (SimControl.releaseStalls); answers how many. */
  releaseStalls(): Promise<number>;
  /** App-level rate limits, or false for none. */
  setRateLimits(limits: RateLimits | false): Promise<void>;
  /** Rows of a campaign × stat_time_day report over the range. */
  reportRowCount(args: {
    advertiserId: string;
    startDate: string;
    endDate: string;
    includeDeleted?: boolean;
  }): Promise<number>;
  /** The simulator's own campaign × day numbers (its metrics model, not its report endpoint), deleted campaigns too. */
  campaignDays(args: {
    advertiserId: string;
    startDate: string;
    endDate: string;
    metrics?: readonly string[];
  }): Promise<SimCampaignDay[]>;
}

export interface SimHandle {
  /** e.g. http://127.0.0.1:54321 (the consent page is at `${url}/portal/auth`). */
  url: string;
  /** `${url}/open_api/v1.3`: what the code under test uses instead of TikTok's API origin + prefix. */
  apiBase: string;
  control: SimHttpControl;
  /** Stops this simulator (idempotent). */
  close(): Promise<void>;
}

function launcherUrl(): string {
  const url = inject("simLauncherUrl");
  if (!url) {
    throw new Error(
      "newSim(): no simulator launcher; add tools/testing/global-sim.ts to this vitest project's globalSetup",
    );
  }
  return url;
}

async function call<T>(method: "GET" | "POST" | "DELETE", url: string, body?: unknown): Promise<T> {
  const res = await fetch(url, {
    method,
    ...(body === undefined ? {} : { headers: { "Content-Type": "application/json" }, body: JSON.stringify(body) }),
  });
  const text = await res.text();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  if (!res.ok) {
    const message: unknown = (json as { error?: unknown } | undefined)?.error ?? text.slice(0, 200);
    throw new Error(`${method} ${url}: HTTP ${res.status}: ${String(message)}`);
  }
  return json as T;
}

export async function newSim(options: NewSimOptions = {}): Promise<SimHandle> {
  const launcher = launcherUrl();
  const { url, apiBase } = await call<LaunchedSim>("POST", `${launcher}/sims`, options);
  const ctl = (path: string) => `${url}/_sim/${path}`;
  const post = async (path: string, body: unknown = {}) => {
    await call<unknown>("POST", ctl(path), body);
  };
  const ids = (advertiserIds?: string[]) => (advertiserIds ? { advertiser_ids: advertiserIds } : {});

  const control: SimHttpControl = {
    state: () => call<SimState>("GET", ctl("state")),
    requests: async () => (await call<{ requests: SimRequest[] }>("GET", ctl("requests"))).requests,
    resetRequests: () => post("requests/reset"),
    authCode: async (advertiserIds) =>
      (await call<{ auth_code: string }>("POST", ctl("auth-code"), ids(advertiserIds))).auth_code,
    async token(advertiserIds) {
      const t = await call<{
        access_token: string;
        advertiser_ids: string[];
        refresh_token?: string;
        expires_in?: number;
      }>("POST", ctl("token"), ids(advertiserIds));
      return {
        accessToken: t.access_token,
        advertiserIds: t.advertiser_ids,
        ...(t.refresh_token !== undefined ? { refreshToken: t.refresh_token } : {}),
        ...(t.expires_in !== undefined ? { expiresIn: t.expires_in } : {}),
      };
    },
    revoke: (accessToken) => post("revoke", { access_token: accessToken }),
    grant: (accessToken, advertiserId) => post("grant", { access_token: accessToken, advertiser_id: advertiserId }),
    removeAdvertiser: (accessToken, advertiserId) =>
      post("remove-advertiser", { access_token: accessToken, advertiser_id: advertiserId }),
    advanceClock: (ms) => call<SimClockInfo>("POST", ctl("clock"), { advance_ms: ms }),
    freezeClock: () => call<SimClockInfo>("POST", ctl("clock"), { freeze: true }),
    setFaults: (rules) => post("faults", { rules }),
    clearFaults: () => post("faults", { rules: [] }),
    releaseStalls: async () => (await call<{ released: number }>("POST", ctl("stalls/release"))).released,
    setRateLimits: (limits) => post("rate-limits", { limits }),
    async reportRowCount({ advertiserId, startDate, endDate, includeDeleted }) {
      const q = new URLSearchParams({ advertiser_id: advertiserId, start_date: startDate, end_date: endDate });
      if (includeDeleted) q.set("include_deleted", "true");
      return (await call<{ rows: number }>("GET", ctl(`report-row-count?${q}`))).rows;
    },
    async campaignDays({ advertiserId, startDate, endDate, metrics }) {
      const q = new URLSearchParams({ advertiser_id: advertiserId, start_date: startDate, end_date: endDate });
      if (metrics?.length) q.set("metrics", metrics.join(","));
      return (await call<{ days: SimCampaignDay[] }>("GET", ctl(`campaign-days?${q}`))).days;
    },
  };

  let closing: Promise<void> | undefined;
  return {
    url,
    apiBase,
    control,
    close() {
      closing ??= call<unknown>("DELETE", `${launcher}/sims?url=${encodeURIComponent(url)}`).then(() => undefined);
      return closing;
    },
  };
}
