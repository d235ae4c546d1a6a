// A port already in use: `npm run sim`, `npm run gateway` and `npm run demo` say which port and what moves it, in one
// line, and exit non-zero (not a stack trace).
import { spawn, type ChildProcess } from "node:child_process";
import { createServer, type Server } from "node:net";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { PROJECT_ROOT } from "../convex-gateway/modules.js";

const TSX = join(PROJECT_ROOT, "node_modules/tsx/dist/cli.mjs");

// A command that did not give up on the port would run on: whatever is left when a test ends (passed, failed or timed
// out) is ended then, so the test's own timeout is the only deadline, however slow the machine is to start one.
const running = new Set<ChildProcess>();
afterEach(() => {
  for (const child of running) child.kill("SIGKILL");
  running.clear();
});

function run(
  script: string,
  args: string[],
  env: Record<string, string>,
): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [TSX, join(PROJECT_ROOT, script), ...args], {
      cwd: PROJECT_ROOT,
      env: { ...process.env, ...env, NEXT_TELEMETRY_DISABLED: "1" },
      stdio: ["ignore", "ignore", "pipe"],
    });
    running.add(child);
    let stderr = "";
    child.stderr.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));
    child.once("error", reject);
    child.once("close", (code) => {
      running.delete(child);
      resolve({ code, stderr });
    });
  });
}

function listen(host?: string): Promise<Server> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, host, () => resolve(server));
  });
}
const portOf = (server: Server) => (server.address() as { port: number }).port;

async function freePort(): Promise<number> {
  const server = await listen("127.0.0.1");
  const port = portOf(server);
  await new Promise((resolve) => server.close(resolve));
  return port;
}

let busy: Server;
let port: number;
beforeAll(async () => {
  busy = await listen("127.0.0.1");
  port = portOf(busy);
});
afterAll(() => new Promise((resolve) => busy.close(resolve)));

/** One line naming the port and the setting, and no stack trace. */
function expectOneLine(stderr: string, setting: string) {
  const lines = stderr.trim().split("\n");
  expect(lines, stderr).toHaveLength(1);
  expect(lines[0]).toContain(`Port ${port} is in use`);
  expect(lines[0]).toContain(setting);
}

// Each test starts Node with tsx once or three times: seconds each when idle, several times that on a busy machine.
describe("a port in use", { timeout: 120_000 }, () => {
  it("npm run sim names TIKTOK_SIM_PORT", async () => {
    const { code, stderr } = await run("tools/tiktok-sim/cli.ts", [], { TIKTOK_SIM_PORT: String(port) });
    expect(code).toBe(1);
    expectOneLine(stderr, "TIKTOK_SIM_PORT=<port> npm run sim");
  });

  it("npm run gateway names CONVEX_GATEWAY_PORT", async () => {
    const { code, stderr } = await run("tools/convex-gateway/cli.ts", [], { CONVEX_GATEWAY_PORT: String(port) });
    expect(code).toBe(1);
    expectOneLine(stderr, "CONVEX_GATEWAY_PORT=<port> npm run gateway");
  });

  it("npm run demo names --port for the app, and each server's variable for the others", async () => {
    const app = await run("tools/demo/run.ts", ["--port", String(port), "--no-crons"], {});
    expect(app.code).toBe(1);
    expectOneLine(app.stderr, "npm run demo -- --port <port>");

    const sim = await run("tools/demo/run.ts", ["--port", String(await freePort()), "--no-crons"], {
      TIKTOK_SIM_PORT: String(port),
    });
    expect(sim.code).toBe(1);
    expectOneLine(sim.stderr, "TIKTOK_SIM_PORT=<port> npm run demo");

    const gateway = await run("tools/demo/run.ts", ["--port", String(await freePort()), "--no-crons"], {
      TIKTOK_SIM_PORT: String(await freePort()),
      CONVEX_GATEWAY_PORT: String(port),
    });
    expect(gateway.code).toBe(1);
    expectOneLine(gateway.stderr, "CONVEX_GATEWAY_PORT=<port> npm run demo");
  });
});
