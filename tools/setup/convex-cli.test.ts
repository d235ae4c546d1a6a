// `npm run setup` with the project's real Convex CLI (node_modules/convex), against a stand-in for a self-hosted Convex
// backend on 127.0.0.1: the few sync-protocol messages `convex env list` uses, and the endpoint `convex env set` posts
// to. This checks what the fake runner of setup.test.ts cannot: that this CLI version accepts our arguments, reads
// our stdin as we write it, and prints the list as we parse it. No network, no account.
import { mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import { WebSocketServer } from "ws";
import { PROJECT_ROOT } from "../convex-gateway/modules.js";
import { convexCliRunner } from "./convex-cli.js";
import { formatDotenv } from "./dotenv.js";
import { jwksMatchesPrivateKey, privateKeyProblem } from "./keys.js";
import { runSetup } from "./setup.js";

type Message = {
  type: string;
  baseVersion?: number;
  newVersion?: number;
  modifications?: { type: string; queryId: number; udfPath: string; args: { name?: string }[] }[];
};

/** The deployment's variables, and a server that speaks just enough Convex to list and change them. */
function fakeBackend(vars: Map<string, string>): Server {
  const ts = (n: number) => {
    const bytes = Buffer.alloc(8);
    bytes.writeBigUInt64LE(BigInt(n));
    return bytes.toString("base64");
  };
  let clock = 1;
  const server = createServer((req, res) => {
    let body = "";
    req.on("data", (chunk: Buffer) => (body += chunk.toString()));
    req.on("end", () => {
      if (req.method === "POST" && req.url?.startsWith("/api/update_environment_variables")) {
        for (const { name, value } of (JSON.parse(body) as { changes: { name: string; value: string | null }[] })
          .changes) {
          if (value === null) vars.delete(name);
          else vars.set(name, value);
        }
        res.writeHead(200, { "Content-Type": "application/json" }).end("{}");
      } else res.writeHead(404).end();
    });
  });
  new WebSocketServer({ server }).on("connection", (ws) => {
    let version = { querySet: 0, identity: 0, ts: ts(0) };
    const transition = (modifications: unknown[], change: Partial<typeof version>) => {
      const end = { ...version, ...change, ts: ts(++clock) };
      ws.send(JSON.stringify({ type: "Transition", startVersion: version, endVersion: end, modifications }));
      version = end;
    };
    ws.on("message", (data: Buffer) => {
      const m = JSON.parse(data.toString()) as Message;
      if (m.type === "Authenticate") transition([], { identity: m.baseVersion! + 1 });
      if (m.type === "ModifyQuerySet") {
        const added = m.modifications!.filter((q) => q.type === "Add");
        const value = (q: (typeof added)[number]) => {
          if (!q.udfPath.endsWith(":get")) return [...vars].map(([name, v]) => ({ name, value: v }));
          const name = q.args[0]!.name!;
          return vars.has(name) ? { name, value: vars.get(name) } : null;
        };
        transition(
          added.map((q) => ({
            type: "QueryUpdated",
            queryId: q.queryId,
            value: value(q),
            logLines: [],
            journal: null,
          })),
          { querySet: m.newVersion! },
        );
      }
    });
  });
  return server;
}

const APP_SECRET = "the-real-app-secret-0123456789";
const vars = new Map([
  ["OTHER_SETTING", "a # b"],
  ["TIKTOK_RATE_TIER", "basic"],
]);
let server: Server;
let dir: string;

beforeAll(async () => {
  server = fakeBackend(vars);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  dir = mkdtempSync(join(tmpdir(), "setup-cli-"));
  symlinkSync(join(PROJECT_ROOT, "node_modules"), join(dir, "node_modules"), "dir");
  writeFileSync(
    join(dir, "package.json"),
    JSON.stringify({ name: "setup-cli-test", private: true, dependencies: { convex: "*" } }),
  );
  const { port } = server.address() as AddressInfo;
  writeFileSync(
    join(dir, ".env.local"),
    `CONVEX_SELF_HOSTED_URL=http://127.0.0.1:${port}\nCONVEX_SELF_HOSTED_ADMIN_KEY=test-admin-key\n`,
  );
  writeFileSync(
    join(dir, ".env.convex"),
    formatDotenv(
      Object.entries({
        TIKTOK_APP_ID: "sim-app-id",
        TIKTOK_APP_SECRET: APP_SECRET,
        TIKTOK_ENVIRONMENT: "local",
        TIKTOK_REDIRECT_URI: "http://localhost:3000/api/auth/tiktok/callback",
        TIKTOK_RATE_TIER: "tier2",
        SITE_URL: "http://localhost:3000",
      }),
    ),
  );
});
afterAll(async () => {
  await new Promise((resolve) => server?.close(resolve));
  if (dir) rmSync(dir, { recursive: true, force: true });
});

it("sets everything through the real `npx convex env set --force`, values on stdin", { timeout: 60_000 }, async () => {
  const lines: string[] = [];
  // The deployment is chosen by .env.local alone, whatever the shell running the tests has.
  const env = { ...process.env };
  for (const name of Object.keys(env)) if (name.startsWith("CONVEX_")) delete env[name];
  const io = {
    cwd: dir,
    env,
    runner: convexCliRunner(dir, env),
    out: (l: string) => lines.push(l),
    err: (l: string) => lines.push(l),
  };
  expect(await runSetup([], io), lines.join("\n")).toBe(0);

  expect(vars.get("TIKTOK_APP_SECRET")).toBe(APP_SECRET);
  expect(vars.get("TIKTOK_RATE_TIER")).toBe("tier2");
  expect(vars.get("OTHER_SETTING")).toBe("a # b"); // read back through the CLI's quoting, and left alone
  expect(Buffer.from(vars.get("TOKEN_ENCRYPTION_KEY")!, "base64")).toHaveLength(32);
  expect(privateKeyProblem(vars.get("JWT_PRIVATE_KEY")!)).toBeUndefined();
  expect(jwksMatchesPrivateKey(vars.get("JWKS")!, vars.get("JWT_PRIVATE_KEY")!)).toBe(true);
  const printed = lines.join("\n");
  expect(printed).toMatch(/Successfully set 10 environment variables/);
  for (const secret of [APP_SECRET, vars.get("TOKEN_ENCRYPTION_KEY")!, vars.get("JWT_PRIVATE_KEY")!.slice(40, 80)])
    expect(printed).not.toContain(secret);

  // Again: the CLI's list matches what is there, so nothing is sent and the keys stay.
  const keys = [vars.get("TOKEN_ENCRYPTION_KEY"), vars.get("JWT_PRIVATE_KEY")];
  lines.length = 0;
  expect(await runSetup([], io), lines.join("\n")).toBe(0);
  expect(lines.join("\n")).toContain("Nothing to change");
  expect([vars.get("TOKEN_ENCRYPTION_KEY"), vars.get("JWT_PRIVATE_KEY")]).toEqual(keys);
});
