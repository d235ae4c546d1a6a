// Crons on demand, end to end: a marketer connects the simulator's TikTok through the gateway, TikTok revokes the
// token, the token sweep runs through /_gateway/crons/<name>, and the Connections subscription shows it live.
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { api } from "../../convex/_generated/api";
import type { Id } from "../../convex/_generated/dataModel";
import { keyringFromEnv, type SealedSecret } from "../../lib/secrets/keyring";
import { openToken } from "../../convex/tiktok/tokenSeal";
import { DEFAULT_APP_ID, DEFAULT_APP_SECRET, start, type Sim } from "../tiktok-sim/index.js";
import { nextRun } from "./crons.js";
import { eventually, seedWorkspace, startTestGateway, type TestGateway } from "./test-support.js";

const env = {
  TIKTOK_APP_ID: DEFAULT_APP_ID,
  TIKTOK_APP_SECRET: DEFAULT_APP_SECRET,
  TIKTOK_ENVIRONMENT: "local",
  TIKTOK_REDIRECT_URI: "http://localhost:3000/api/auth/tiktok/callback",
  TOKEN_ENCRYPTION_KEY: Buffer.alloc(32, 7).toString("base64"),
  TOKEN_ENCRYPTION_KEY_ID: "k1",
};

let sim: Sim;
let gw: TestGateway;
let world: Awaited<ReturnType<typeof seedWorkspace>>;

beforeAll(async () => {
  sim = await start({ dataset: "small" });
  gw = await startTestGateway({ env: { ...env, TIKTOK_API_ORIGIN: sim.url } });
  world = await seedWorkspace(gw);
});
afterAll(async () => {
  await gw?.close();
  await sim?.close();
});

type ConnectionView = { _id: string; status: string; lastError?: { message: string }; advertisers: { name: string }[] };

describe("crons through /_gateway", () => {
  test("lists the jobs of convex/crons.ts", async () => {
    const { body } = await gw.control<{
      crons: { name: string; function: string; schedule: { type: string }; nextRunAt: string }[];
    }>("/_gateway/crons");
    expect(body.crons.map((c) => [c.name, c.function, c.schedule.type])).toEqual([
      ["tiktok token sweep", "tiktok/tokens:sweep", "interval"],
      ["tiktok sync sweep", "tiktok/sync/queue:sweep", "interval"],
      ["tiktok restatement cleanup", "retention:prune", "daily"],
      ["expired invitation cleanup", "retention:prune", "daily"],
      ["campaign operation cleanup", "retention:prune", "daily"],
      ["sync run cleanup", "retention:prune", "daily"],
      ["tiktok call ledger cleanup", "retention:prune", "daily"],
    ]);
    expect(Date.parse(body.crons[0]!.nextRunAt)).toBeGreaterThan(Date.now());
    expect((await gw.control("/_gateway/crons/no%20such%20job", {})).status).toBe(404);
  });

  test("the token sweep, run on demand, waits for the checks it scheduled, and the page sees the result live", async () => {
    const workspaceId = world.workspace as Id<"workspaces">;
    const marketer = gw.client(gw.tokenFor(world.users.marketer));
    const seen: ConnectionView[][] = [];
    marketer.onUpdate(api.tiktok.connections.list, { workspaceId }, (v) => seen.push(v as ConnectionView[]));

    // Connect, as the callback route would after TikTok's consent page.
    const { url } = await marketer.action(api.tiktok.connections.start, { workspaceId });
    const state = new URL(url).searchParams.get("state")!;
    const { outcome } = await marketer.action(api.tiktok.connections.complete, {
      state,
      authCode: sim.control.issueAuthCode(),
    });
    expect(outcome).toBe("connected");
    const [connection] = await eventually(() => (seen.at(-1)?.length ? seen.at(-1) : undefined));
    expect(connection!.status).toBe("active");
    expect(connection!.advertisers.length).toBeGreaterThan(0);

    // TikTok revokes the token (the test opens it with the deployment's key to tell the simulator which one).
    const stored = await gw.control<{ documents: { connectionId: string; accessToken: SealedSecret }[] }>(
      "/_gateway/tables/connectionTokens",
    );
    const conn = await gw.control<{ documents: { _id: string; binding: string }[] }>("/_gateway/tables/connections");
    const { token: accessToken } = await openToken(
      await keyringFromEnv(env),
      stored.body.documents[0]!.accessToken,
      conn.body.documents[0]!.binding,
      "access",
    );
    sim.control.revokeToken(accessToken);

    // The check is six hours away: make it due, then run the sweep.
    expect(
      (await gw.control("/_gateway/patch", { id: connection!._id, fields: { nextCheckAt: 0, verifiedAt: 0 } })).status,
    ).toBe(200);
    const run = await gw.control("/_gateway/crons/tiktok%20token%20sweep", {});
    expect(run.status).toBe(200);
    expect(run.body).toMatchObject({
      status: "success",
      value: 1,
      cron: "tiktok token sweep",
      function: "tiktok/tokens:sweep",
      settled: true,
    });

    // The scheduled check ran before the answer came back...
    const after = await gw.control<{ documents: { status: string }[] }>("/_gateway/tables/connections");
    expect(after.body.documents[0]!.status).toBe("needs_reauth");
    // ...and the subscription shows it without anyone asking.
    const latest = await eventually(() => (seen.at(-1)?.[0]?.status === "needs_reauth" ? seen.at(-1)![0] : undefined));
    expect(latest.lastError?.message).toBeTruthy();

    expect((await gw.control("/_gateway/settle", {})).body).toMatchObject({ settled: true, running: 0, due: 0 });
  });
});

describe("when a schedule fires next (for --run-crons)", () => {
  const at = Date.UTC(2026, 0, 31, 10, 30); // Saturday 31 January 2026, 10:30 UTC
  test.each([
    [{ type: "interval", minutes: 15 }, Date.UTC(2026, 0, 31, 10, 45)],
    [{ type: "interval", seconds: 30 }, Date.UTC(2026, 0, 31, 10, 30, 30)],
    [{ type: "hourly", minuteUTC: 5 }, Date.UTC(2026, 0, 31, 11, 5)],
    [{ type: "daily", hourUTC: 3, minuteUTC: 17 }, Date.UTC(2026, 1, 1, 3, 17)],
    [{ type: "daily", hourUTC: 11 }, Date.UTC(2026, 0, 31, 11, 0)],
    [{ type: "weekly", dayOfWeek: "monday", hourUTC: 9 }, Date.UTC(2026, 1, 2, 9, 0)],
    [{ type: "monthly", day: 31, hourUTC: 8 }, Date.UTC(2026, 2, 31, 8, 0)], // February has no 31st
    [{ type: "cron", cron: "0 * * * *" }, null],
  ])("%j", (schedule, expected) => {
    expect(nextRun(schedule, at)).toBe(expected);
  });
});
