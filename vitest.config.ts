/** The test projects: node, convex (edge runtime, through convex-test) and e2e (browser tests). */
import { defineConfig } from "vitest/config";

// Three worlds: plain Node for the TikTok client and tools, Convex's edge runtime (through convex-test) for
// everything under convex/, and the browser tests (e2e/), which need `next build` first and run on their own
// (`vitest run --project e2e`) so their servers and Chromium do not share the two cores with timing-sensitive tests.
export default defineConfig({
  test: {
    projects: [
      {
        extends: true,
        test: {
          name: "node",
          environment: "node",
          include: ["lib/**/*.test.ts", "tools/**/*.test.ts", "app/**/*.test.ts"],
          // The open-redirect tests call the proxy's own redirect helper from Convex Auth's Next.js module, which
          // imports "next/server" without the extension Node's ESM resolver wants (bundled by Vite, it resolves)
          // and guards itself with "server-only" (whose real check only Next's bundler satisfies).
          server: { deps: { inline: ["@convex-dev/auth"] } },
          alias: { "server-only": "./tools/testing/server-only.ts" },
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
      {
        extends: true,
        test: {
          name: "e2e",
          environment: "node",
          include: ["e2e/**/*.test.ts"],
          // Each file gets a fresh stack (simulator, gateway, Next.js), started before its own hooks run.
          setupFiles: ["./e2e/fresh-stack.ts"],
          // One file at a time: each runs a whole stack and Chromium, and 2 cores hold one well.
          fileParallelism: false,
          testTimeout: 60_000,
          hookTimeout: 60_000,
          // Pages update over a WebSocket and a 2-core CI machine is slow: give every expect.poll 10 s, not 1 s.
          expect: { poll: { timeout: 10_000 } },
        },
      },
    ],
    testTimeout: 20_000,
  },
});
