// Starts the whole app for the browser tests, as `npm run demo -- --next start` would (tools/demo/stack.ts): the
// TikTok simulator, the Convex gateway running our real functions, and the production build of the Next.js app.
// It runs in its own process (the gateway loads convex/ through tsx and owns its process's environment), and the
// tests get its URLs through vitest's provide/inject. `next build` must have run first (npm test does).
import { spawn, type ChildProcess } from "node:child_process";
import { createInterface } from "node:readline";
import type { TestProject } from "vitest/node";

interface Stack {
  appUrl: string;
  gatewayUrl: string;
  simUrl: string;
  tokenEncryptionKey: string;
}

declare module "vitest" {
  export interface ProvidedContext {
    stack: Stack;
  }
}

let child: ChildProcess | undefined;

export default async function setup(project: TestProject) {
  child = spawn(
    process.execPath,
    ["node_modules/tsx/dist/cli.mjs", "tools/demo/run.ts", "--next", "start", "--any-ports", "--no-crons", "--json"],
    {
      stdio: ["ignore", "pipe", "inherit"],
    },
  );
  let timer: NodeJS.Timeout | undefined;
  try {
    const stack = await new Promise<Stack>((resolve, reject) => {
      timer = setTimeout(() => reject(new Error("the demo stack did not start within 120 s")), 120_000);
      child!.once("exit", (code) => reject(new Error(`the demo stack exited with code ${code} (did next build run?)`)));
      createInterface({ input: child!.stdout! }).on("line", (line) => {
        if (line.startsWith("{")) resolve(JSON.parse(line) as Stack);
      });
    });
    project.provide("stack", stack);
  } catch (error) {
    await stop(); // a failed start must not leave the gateway, the simulator or Next.js running
    throw error;
  } finally {
    clearTimeout(timer);
  }
  return stop;
}

async function stop() {
  if (!child || child.exitCode !== null) return;
  const exited = new Promise((resolve) => child!.once("exit", resolve));
  child.kill("SIGTERM");
  await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 10_000))]);
  if (child.exitCode === null) child.kill("SIGKILL");
}
