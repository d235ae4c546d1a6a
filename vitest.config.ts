import { defineConfig } from "vitest/config";

// Two worlds: plain Node for the TikTok client and tools, and Convex's edge runtime
// (through convex-test) for everything under convex/.
export default defineConfig({
  test: {
    projects: [
      {
        extends: true,
        test: {
          name: "node",
          environment: "node",
          include: ["lib/**/*.test.ts", "tools/**/*.test.ts", "app/**/*.test.ts"],
        },
      },
      {
        extends: true,
        test: {
          name: "convex",
          environment: "edge-runtime",
          include: ["convex/**/*.test.ts"],
          // One simulator launcher per run; each test file gets its own simulator from it (tools/testing/sim-client.ts).
          globalSetup: ["./tools/testing/global-sim.ts"],
          server: { deps: { inline: ["convex-test"] } },
        },
      },
    ],
    testTimeout: 20_000,
  },
});
