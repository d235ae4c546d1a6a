import { describe, expect, it } from "vitest";
import { usedComponents } from "./components";

describe("usedComponents reads convex.config.ts", () => {
  it("finds each use, its name option, and a default name from the package", () => {
    const source = `
import { defineApp } from "convex/server";
import rateLimiter from "@convex-dev/rate-limiter/convex.config";
import workpool from "@convex-dev/workpool/convex.config";
const app = defineApp();
app.use(rateLimiter);
app.use(workpool, { name: "syncPool" });
export default app;`;
    expect(usedComponents(source)).toEqual([
      { configImport: "@convex-dev/rate-limiter/convex.config", name: "rateLimiter" },
      { configImport: "@convex-dev/workpool/convex.config", name: "syncPool" },
    ]);
  });

  it("reads options with nested braces (a component's own convex.config, as workpool's uses batch-worker)", () => {
    const source = `
import batchWorker from "@convex-dev/batch-worker/convex.config.js";
const component = defineComponent("workpool");
component.use(batchWorker, { env: { LOG_LEVEL: "REPORT" } });`;
    expect(usedComponents(source)).toEqual([
      { configImport: "@convex-dev/batch-worker/convex.config.js", name: "batchWorker" },
    ]);
  });
});
