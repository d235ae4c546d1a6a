// The demo's workspace, made through the app's own doors: a real sign-up with the emailed code, the connect flow
// through the simulator's consent page and the callback's own logic, and the real sync, whose numbers must equal the
// simulator's. Next.js is stood in for by a small server that runs the callback route's handler (handler.ts) the way
// route.ts wires it: the session from Convex Auth's cookie, connections.complete as that user.
import { randomBytes } from "node:crypto";
import { createServer, type Server } from "node:http";
import { ConvexHttpClient } from "convex/browser";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { handleTikTokCallback } from "../../app/api/auth/tiktok/callback/handler";
import { api } from "../../convex/_generated/api";
import { DEFAULT_RETURN_TO } from "../../lib/connect/paths";
import { currencyDecimals } from "../../lib/format/numbers";
import { startGateway, type Gateway } from "../convex-gateway/index.js";
import { start, type Sim } from "../tiktok-sim/index.js";
import { approveForm, connectTikTok, demoAccount, signUp, waitForSync, type SyncedAccount } from "./demo-workspace.js";
import { CALLBACK_PATH, demoDeploymentEnv } from "./stack.js";

let app: Server;
let appUrl: string;
let sim: Sim;
let gateway: Gateway;

/** The Next.js app's callback route, nothing else: what route.ts does, over node:http. */
async function startCallbackRoute(): Promise<void> {
  app = createServer((req, res) => {
    const url = new URL(req.url ?? "/", appUrl);
    if (url.pathname !== CALLBACK_PATH) return void res.writeHead(404).end();
    const token = /(?:^|;\s*)__convexAuthJWT=([^;]+)/.exec(req.headers.cookie ?? "")?.[1];
    void handleTikTokCallback(url, {
      getConvexToken: () => Promise.resolve(token),
      complete: (args, userToken) => {
        const client = new ConvexHttpClient(gateway.url, { logger: false });
        client.setAuth(userToken);
        return client.action(api.tiktok.connections.complete, args);
      },
    }).then((answer) => {
      res.writeHead(answer.status, Object.fromEntries(answer.headers)).end();
    });
  });
  await new Promise<void>((resolve) => app.listen(0, "127.0.0.1", resolve));
  appUrl = `http://localhost:${(app.address() as { port: number }).port}`;
}

beforeAll(async () => {
  await startCallbackRoute();
  // Report numbers settle with the simulator's clock; held still, the sync and the check below see the same ones.
  // A still clock would hold TikTok's per-second rate window still too, so its limits are off (the demo's are on).
  sim = await start({
    dataset: "showcase",
    redirectUris: [`${appUrl}${CALLBACK_PATH}`],
    rateLimits: false,
    advertiserPathQps: false,
  });
  sim.control.freezeClock();
  gateway = await startGateway({
    generateAuthKeys: true,
    env: {
      ...demoDeploymentEnv({ appUrl, simUrl: sim.url, tokenEncryptionKey: randomBytes(32).toString("base64") }),
      TIKTOK_SYNC_BACKFILL_DAYS: "90",
      TIKTOK_SYNC_PARALLELISM: "3",
    },
  });
});
afterAll(async () => {
  await gateway?.close();
  await sim?.close();
  await new Promise((resolve) => app?.close(resolve));
});

describe("the demo workspace", () => {
  it("reads the consent page's form as a browser submits Approve: hidden fields, ticked accounts only", () => {
    const form = approveForm(`<form method="post" action="/portal/auth">
      <input type="hidden" name="app_id" value="app">
      <input type="hidden" name="state" value="a&amp;b">
      <label><input type="checkbox" name="advertiser_ids" value="1" checked> One</label>
      <label><input type="checkbox" name="advertiser_ids" value="2"> Two</label>
      <button id="deny" type="submit" name="decision" value="deny">Deny</button></form>`);
    expect([...form]).toEqual([
      ["app_id", "app"],
      ["state", "a&b"],
      ["advertiser_ids", "1"],
      ["decision", "approve"],
    ]);
  });

  it("signs up, connects the three accounts through consent and callback, and syncs 90 days equal to TikTok's numbers", async () => {
    const account = demoAccount();
    expect(account.password).toMatch(/^demo(-[a-z2-9]{4}){3}$/);
    expect(demoAccount().password).not.toBe(account.password);

    const session = await signUp(gateway.url, account);
    const client = new ConvexHttpClient(gateway.url, { logger: false });
    client.setAuth(session.token);
    // The app's own provisioning made the deployment's first (verified) account admin of a new workspace.
    expect(await client.query(api.workspaces.members.mine, {})).toEqual([expect.objectContaining({ role: "admin" })]);
    const outbox = await fetch(`${gateway.url}/_gateway/tables/emailOutbox`).then((r) => r.json());
    expect((outbox as { documents: { to: string }[] }).documents.map((e) => e.to)).toEqual([account.email]);

    const { workspaceId, landedOn } = await connectTikTok(gateway.url, session);
    expect(landedOn).toBe(`${appUrl}${DEFAULT_RETURN_TO}?tiktok=connected`);
    // TikTok's side saw the real flow: its consent page shown and approved, the code traded for a token, then
    // the accounts read.
    const calls = sim.requests.map((r) => `${r.method} ${r.path.replace("/open_api/v1.3", "")}`);
    expect(calls.slice(0, 4)).toEqual([
      "GET /portal/auth",
      "POST /portal/auth",
      "POST /oauth2/access_token/",
      "GET /advertiser/info/",
    ]);

    const progress: number[] = [];
    const synced = await waitForSync(gateway.url, session, workspaceId, {
      backfillDays: 90,
      timeoutMs: 90_000,
      onProgress: (p) => progress.push(p.succeeded),
    });
    expect(progress.at(-1)).toBe(3);
    const byCurrency = Object.fromEntries(synced.map((a) => [a.currency, a]));
    expect(Object.keys(byCurrency).sort()).toEqual(["EUR", "JPY", "USD"]);
    expect(byCurrency.USD!.timezone).toBe("America/Los_Angeles");
    expect(byCurrency.EUR!.timezone).toBe("Europe/Berlin");
    expect(byCurrency.JPY!.timezone).toBe("Asia/Tokyo");
    for (const a of synced) expect(a.spend).toBeCloseTo(await simSpend(a), currencyDecimals(a.currency));
    // Yen have no decimals, all the way from TikTok's strings to the summary.
    expect(Number.isInteger(byCurrency.JPY!.spend)).toBe(true);
  }, 120_000);
});

/** The account's spend over the 90 local days to today, from the simulator's metrics model (not its reports). */
async function simSpend(account: SyncedAccount): Promise<number> {
  const today = new Intl.DateTimeFormat("en-CA", { timeZone: account.timezone }).format(sim.control.now());
  const from = new Date(Date.parse(`${today}T00:00:00Z`) - 89 * 86_400_000).toISOString().slice(0, 10);
  const days = sim.control.campaignDays({ advertiserId: account.advertiserId, startDate: from, endDate: today });
  const scale = 10 ** currencyDecimals(account.currency);
  return days.reduce((sum, d) => sum + Math.round(d.spend * scale), 0) / scale;
}
