// How `npm run setup` talks to the Convex deployment: the project's own Convex CLI (`npx convex env …`), run with its
// output captured, never shown as is. The runner is a parameter so tests can stand in for a deployment.

import { spawn } from "node:child_process";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";

export interface CommandResult {
  code: number;
  stdout: string;
  stderr: string;
  /** Stopped after `timeoutMs`: the Convex CLI keeps retrying a deployment it cannot reach. */
  timedOut?: boolean;
}

/** Runs `convex <args>` (e.g. ["env", "list", "--include-values"]), with `stdin` piped in when given. */
export type ConvexRunner = (args: string[], options?: { stdin?: string; timeoutMs?: number }) => Promise<CommandResult>;

/** The Convex CLI from node_modules (what `npx convex` runs), through this Node: no shell, nothing on a command line. */
export function convexCliRunner(cwd: string, env: NodeJS.ProcessEnv = process.env): ConvexRunner {
  // The package's exports hide bin/; its package.json is exported, and bin/main.js sits beside it.
  const bin = join(dirname(createRequire(join(cwd, "package.json")).resolve("convex/package.json")), "bin", "main.js");
  return (args, options = {}) =>
    new Promise((resolve, reject) => {
      const child = spawn(process.execPath, [bin, ...args], {
        cwd,
        // A pipe (not a terminal) on stdin: `env set` then reads the variables from it, and never prompts.
        stdio: [options.stdin === undefined ? "ignore" : "pipe", "pipe", "pipe"],
        env: { ...env, FORCE_COLOR: "0" },
      });
      let stdout = "";
      let stderr = "";
      child.stdout!.setEncoding("utf8").on("data", (chunk: string) => (stdout += chunk));
      child.stderr!.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));
      let timedOut = false;
      const timer =
        options.timeoutMs === undefined
          ? undefined
          : setTimeout(() => {
              timedOut = true;
              child.kill("SIGTERM");
            }, options.timeoutMs);
      child.once("error", (error) => {
        clearTimeout(timer);
        reject(error);
      });
      child.once("close", (code) => {
        clearTimeout(timer);
        resolve({ code: code ?? 1, stdout, stderr, ...(timedOut ? { timedOut } : {}) });
      });
      if (options.stdin !== undefined) child.stdin!.end(options.stdin);
    });
}
