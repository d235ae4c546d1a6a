// vitest globalSetup for the "convex" project: starts one simulator launcher (tools/tiktok-sim/launcher.ts)
// in Node, where node:http is available, and hands its URL to the tests through `provide`. Convex function
// tests run in the edge runtime and cannot start a simulator themselves; they call newSim() from
// ./sim-client.ts, which asks this launcher for a fresh simulator per test file. Teardown closes them all.

import type { TestProject } from "vitest/node";
import { startLauncher } from "../tiktok-sim/launcher.js";

declare module "vitest" {
  export interface ProvidedContext {
    /** Base URL of the simulator launcher started by tools/testing/global-sim.ts. */
    simLauncherUrl: string;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const launcher = await startLauncher();
  project.provide("simLauncherUrl", launcher.url);
  return () => launcher.close();
}
