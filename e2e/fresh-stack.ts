// Runs before each browser-test file (vitest setupFiles): a fresh stack for the file, stopped when it ends. The
// journeys check what only a new deployment shows (the first account becomes the admin, nothing is stored yet), so no
// file may inherit another's users, connections or simulator state. A file whose own lines say
// `// e2e-dataset: showcase` gets the simulator's three demo ad accounts (in three timezones) instead of one.
import { readFileSync } from "node:fs";
import { afterAll, beforeAll, expect } from "vitest";
import { startStack } from "./stack";
import { setStack } from "./support";

let stop: (() => Promise<void>) | undefined;

beforeAll(async () => {
  const testPath = expect.getState().testPath;
  const showcase = testPath !== undefined && /^\/\/ e2e-dataset: showcase$/m.test(readFileSync(testPath, "utf8"));
  const started = await startStack(showcase ? { dataset: "showcase" } : {});
  setStack(started.stack);
  stop = started.stop;
}, 130_000);

afterAll(async () => {
  await stop?.();
}, 20_000);
