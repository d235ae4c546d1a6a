/**
 * The simulator in a process of its own, for the benchmarks (so its CPU is not the measured code's), and its control
 * endpoints. The Basic tier is enforced: 10 req/s, 600/min per app.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { join } from "node:path";

const ROOT = join(import.meta.dirname, "..");

export const BENCH_APP = { appId: "bench-app", appSecret: "bench-secret-000" };

export async function startSimProcess(
  dataset: { advertisers: number; campaigns: number },
  extraArgs: string[] = [],
): Promise<{ child: ChildProcess; origin: string }> {
  const args = [
    "--import",
    "tsx",
    join(ROOT, "tools/tiktok-sim/cli.ts"),
    "--port",
    "0",
    "--dataset",
    `${dataset.advertisers}x${dataset.campaigns}`,
    "--tier",
    "basic",
    "--app-id",
    BENCH_APP.appId,
    "--app-secret",
    BENCH_APP.appSecret,
    ...extraArgs,
  ];
  const child = spawn(process.execPath, args, { cwd: ROOT, stdio: ["ignore", "pipe", "inherit"] });
  // Keep reading the child's output to the end (a closed pipe would kill it with EPIPE when it says goodbye).
  let output = "";
  child.stdout.setEncoding("utf8");
  return new Promise((resolve, reject) => {
    child.stdout.on("data", (chunk: string) => {
      output += chunk;
      const m = /API base:\s+(http:\/\/[^\s]+)\/open_api\/v1\.3/.exec(output);
      if (m) resolve({ child, origin: m[1]! });
    });
    child.once("exit", () => reject(new Error(`the simulator exited before listening:\n${output}`)));
  });
}

/** A call to the simulator's control door, e.g. `simControl(origin, "GET", "/_sim/state")`. */
export async function simControl<T>(origin: string, method: "GET" | "POST", path: string, body?: unknown): Promise<T> {
  const res = await fetch(origin + path, {
    method,
    headers: { "Content-Type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`${method} ${path}: HTTP ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}
