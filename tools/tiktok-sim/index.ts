// Entry point of the TikTok API for Business simulator: start() wires the clock, dataset, OAuth, rate
// limits, faults, reports and control surface into one HTTP server on 127.0.0.1 and returns its handle.
// Independent of lib/tiktok on purpose, so the client and the simulator check each other.
// The behaviour it imitates is described in docs/tiktok-api.md (cited as §n in the modules).

import type { AddressInfo } from "node:net";
import type { Services } from "./api-context.js";
import { SimClock } from "./clock.js";
import { createControl } from "./control.js";
import { handleControlHttp } from "./control-http.js";
import { RequestIds } from "./envelope.js";
import { FaultEngine } from "./faults.js";
import { OAuth } from "./oauth.js";
import { RateLimiter, TIERS } from "./rate-limits.js";
import { ReportEngine } from "./reports.js";
import { API_PREFIX, createSimServer } from "./server.js";
import type { Sim, SimOptions, SimRequest } from "./types.js";
import { World } from "./world.js";

export type {
  DatasetOption,
  FaultKind,
  FaultRule,
  Flavor,
  IssuedToken,
  RateLimits,
  Sim,
  SimAdvertiser,
  SimCampaign,
  SimControl,
  SimOptions,
  SimRequest,
  Tier,
  TokenMode,
} from "./types.js";

export const DEFAULT_APP_ID = "sim-app-id";
export const DEFAULT_APP_SECRET = "sim-app-secret";

export async function start(options: SimOptions = {}): Promise<Sim> {
  const seed = options.seed ?? 1;
  const flavor = options.flavor ?? "production";
  const tokenMode = options.tokenMode ?? "long_lived";
  const appId = options.appId ?? DEFAULT_APP_ID;
  const clock = new SimClock(options.now);
  const world = new World(seed, options.dataset, clock.now());
  const log: SimRequest[] = [];
  const reportMaxRows = options.reportMaxRows ?? 200_000;
  const now = () => clock.now();

  const oauth = new OAuth({
    appId,
    appSecret: options.appSecret ?? DEFAULT_APP_SECRET,
    tokenMode,
    seed,
    now,
    allAdvertiserIds: () => world.advertisers.map((a) => a.advertiser_id),
  });
  const reports = new ReportEngine(world, now, () => reportMaxRows);
  const limiter = new RateLimiter(
    options.rateLimits !== undefined ? options.rateLimits : TIERS[options.tier ?? "basic"],
    options.advertiserPathQps ?? 10,
    flavor === "sandbox",
  );
  const faults = new FaultEngine(seed, options.faults ?? []);
  const services: Services = { world, oauth, reports, flavor, now };
  const { server, dropEverything, releaseStalls } = createSimServer({
    svc: services,
    limiter,
    faults,
    requestIds: new RequestIds(),
    log,
    printLog: options.log ?? false,
    portal: {
      appId,
      ...(options.redirectUris ? { redirectUris: options.redirectUris } : {}),
      advertisers: () => world.advertisers,
      issueAuthCode: (ids) => oauth.issueAuthCode(ids),
    },
    control: (req, res, url, body) =>
      handleControlHttp(
        { control, log, info: () => ({ appId, seed, flavor, tokenMode, dataset: options.dataset ?? "demo", apiBase }) },
        req,
        res,
        url,
        body,
      ),
  });
  const control = createControl({ world, oauth, clock, faults, limiter, reports, log, releaseStalls });

  const host = options.host ?? "127.0.0.1";
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  const url = `http://${host.includes(":") ? `[${host}]` : host}:${port}`;
  const apiBase = `${url}${API_PREFIX}`;
  let closing: Promise<void> | undefined;

  return {
    url,
    apiBase,
    control,
    requests: log,
    close() {
      closing ??= new Promise<void>((resolve) => {
        server.close(() => resolve());
        dropEverything();
      });
      return closing;
    },
  };
}
