// Starts the whole app for one browser-test file, as `npm run demo -- --next start` would (tools/demo/stack.ts): the
// TikTok simulator, the Convex gateway running our real functions, and the production build of the Next.js app.
// It runs in its own process (the gateway loads convex/ through tsx and owns its process's environment). Each file
// gets a fresh one (e2e/fresh-stack.ts), so every journey starts on an empty deployment, as a newcomer's would.
// `next build` must have run first (npm test does).
import { spawn, type ChildProcess } from "node:child_process";
import { createInterface } from "node:readline";

export interface Stack {
  appUrl: string;
  gatewayUrl: string;
  simUrl: string;
  tokenEncryptionKey: string;
}

/**
 * Starts a stack; the answer's `stop` ends it (and everything it started). `dataset: "showcase"` gives the simulator
 * the demo workspace's three ad accounts (Los Angeles, Berlin, Tokyo) instead of one.
 */
export async function startStack(
  options: { dataset?: "demo" | "showcase" } = {},
): Promise<{ stack: Stack; stop: () => Promise<void> }> {
  const child: ChildProcess = spawn(
    process.execPath,
    // tsx as an import hook, not its CLI: the CLI runs the script in a child and SIGKILLs it when a busy gateway is
    // slow to acknowledge a signal, which would leave Next.js running (and Next refuses a second server in the folder).
    [
      "--import",
      "tsx",
      "tools/demo/run.ts",
      "--next",
      "start",
      "--any-ports",
      "--no-crons",
      "--json",
      "--data",
      "empty",
      "--dataset",
      options.dataset ?? "demo",
    ],
    {
      stdio: ["ignore", "pipe", "inherit"],
    },
  );
  let timer: NodeJS.Timeout | undefined;
  try {
    const stack = await new Promise<Stack>((resolve, reject) => {
      timer = setTimeout(() => reject(new Error("the demo stack did not start within 120 s")), 120_000);
      child.once("exit", (code) => reject(new Error(`the demo stack exited with code ${code} (did next build run?)`)));
      createInterface({ input: child.stdout! }).on("line", (line) => {
        if (line.startsWith("{")) resolve(JSON.parse(line) as Stack);
      });
    });
    return { stack, stop: () => stop(child) };
  } catch (error) {
    await stop(child); // a failed start must not leave the gateway, the simulator or Next.js running
    throw error;
  } finally {
    clearTimeout(timer);
  }
}

async function stop(child: ChildProcess) {
  if (child.exitCode !== null) return;
  const exited = new Promise((resolve) => child.once("exit", resolve));
  child.kill("SIGTERM");
  await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 10_000))]);
  if (child.exitCode === null) child.kill("SIGKILL");
}
