// Throttling as TikTok applies it (docs/tiktok-api.md §3): per developer app, shared by every token — sliding
// windows over any 1000 ms and any 60 s, and a count per UTC day — answered with code 40100; per advertiser
// and path, 40133; in the sandbox, per endpoint 1 request a second, 30 a minute and 1,000 a day (also 40100). A throttled request
// consumes no quota. Time is the sim clock, so advanceClock() also moves the windows.
// Decides only; the server turns a decision into an envelope.

import { Code } from "./envelope.js";
import type { RateLimits, Tier } from "./types.js";
import { DAY_MS } from "./time.js";

export const TIERS: Record<Tier, RateLimits> = {
  basic: { perSecond: 10, perMinute: 600, perDay: 864_000 },
  tier2: { perSecond: 20, perMinute: 1200, perDay: 1_728_000 },
  tier3: { perSecond: 30, perMinute: 1800, perDay: 2_592_000 },
  tier4: { perSecond: 50, perMinute: 3000, perDay: 4_320_000 },
};

/** The sandbox's own limits, per endpoint (docs/tiktok-api.md §3). */
export const SANDBOX_ENDPOINT_LIMITS: RateLimits = { perSecond: 1, perMinute: 30, perDay: 1_000 };

/** Arrival times inside a trailing window, oldest first. */
class Window {
  private times: number[] = [];
  private head = 0;

  constructor(private readonly spanMs: number) {}

  count(now: number): number {
    while (this.head < this.times.length && this.times[this.head]! <= now - this.spanMs) this.head++;
    if (this.head > 1024 && this.head * 2 > this.times.length) {
      this.times = this.times.slice(this.head);
      this.head = 0;
    }
    return this.times.length - this.head;
  }

  add(now: number): void {
    this.times.push(now);
  }
}

export interface Throttle {
  code: number;
  message: string;
}

export class RateLimiter {
  private perSecond = new Window(1000);
  private perMinute = new Window(60_000);
  private day = -1;
  private dayCount = 0;
  private readonly perAdvertiserPath = new Map<string, Window>();
  private readonly perSandboxEndpoint = new Map<
    string,
    { second: Window; minute: Window; day: number; count: number }
  >();

  constructor(
    private limits: RateLimits | false,
    private readonly advertiserPathQps: number | false,
    private readonly sandbox: boolean,
  ) {}

  setLimits(limits: RateLimits | false): void {
    this.limits = limits;
  }

  /** Decides whether a request may pass; when it may, it is counted. */
  admit(now: number, path: string, advertiserId: string | undefined): Throttle | undefined {
    const utcDay = Math.floor(now / DAY_MS);
    if (utcDay !== this.day) {
      this.day = utcDay;
      this.dayCount = 0;
    }
    const limits = this.limits;
    if (limits) {
      if (this.perSecond.count(now) >= limits.perSecond) {
        return appThrottle(
          `the app's limit of ${limits.perSecond} requests per second (QPS). Retry in the next second.`,
        );
      }
      if (this.perMinute.count(now) >= limits.perMinute) {
        return appThrottle(`the app's limit of ${limits.perMinute} requests per minute (QPM). Retry in a few minutes.`);
      }
      if (this.dayCount >= limits.perDay) {
        return appThrottle(`the app's limit of ${limits.perDay} requests per day (QPD). Retry after 00:00 UTC.`);
      }
    }
    let sandboxEndpoint: { second: Window; minute: Window; day: number; count: number } | undefined;
    if (this.sandbox) {
      const { perSecond, perMinute, perDay } = SANDBOX_ENDPOINT_LIMITS;
      sandboxEndpoint = this.perSandboxEndpoint.get(path);
      if (!sandboxEndpoint) {
        sandboxEndpoint = { second: new Window(1000), minute: new Window(60_000), day: utcDay, count: 0 };
        this.perSandboxEndpoint.set(path, sandboxEndpoint);
      }
      if (sandboxEndpoint.day !== utcDay) Object.assign(sandboxEndpoint, { day: utcDay, count: 0 });
      if (sandboxEndpoint.second.count(now) >= perSecond)
        return appThrottle(`the sandbox limit of ${perSecond} request per second (QPS) per endpoint.`);
      if (sandboxEndpoint.minute.count(now) >= perMinute)
        return appThrottle(`the sandbox limit of ${perMinute} requests per minute (QPM) per endpoint.`);
      if (sandboxEndpoint.count >= perDay)
        return appThrottle(
          `the sandbox limit of ${perDay} requests per day (QPD) per endpoint. Retry after 00:00 UTC.`,
        );
    }
    let advWindow: Window | undefined;
    if (this.advertiserPathQps !== false && advertiserId) {
      advWindow = windowFor(this.perAdvertiserPath, `${advertiserId} ${path}`, 1000);
      if (advWindow.count(now) >= this.advertiserPathQps) {
        return {
          code: Code.ADVERTISER_RATE_LIMIT,
          message: `Too many requests: advertiser ${advertiserId} exceeded ${this.advertiserPathQps} requests per second on ${path}. Retry later.`,
        };
      }
    }
    this.perSecond.add(now);
    this.perMinute.add(now);
    this.dayCount += 1;
    if (sandboxEndpoint) {
      sandboxEndpoint.second.add(now);
      sandboxEndpoint.minute.add(now);
      sandboxEndpoint.count += 1;
    }
    advWindow?.add(now);
    return undefined;
  }
}

function windowFor(map: Map<string, Window>, key: string, spanMs: number): Window {
  let w = map.get(key);
  if (!w) map.set(key, (w = new Window(spanMs)));
  return w;
}

function appThrottle(which: string): Throttle {
  return { code: Code.APP_RATE_LIMIT, message: `Too many requests: the request exceeded ${which}` };
}
