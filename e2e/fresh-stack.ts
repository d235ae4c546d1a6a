// Runs before each browser-test file (vitest setupFiles): a fresh stack for the file, stopped when it ends. The
// journeys check what only a new deployment shows (the first account becomes the admin, nothing is stored yet), so no
// file may inherit another's users, connections or simulator state.
import { afterAll, beforeAll } from "vitest";
import { startStack } from "./stack";
import { setStack } from "./support";

let stop: (() => Promise<void>) | undefined;

beforeAll(async () => {
  const started = await startStack();
  setStack(started.stack);
  stop = started.stop;
}, 130_000);

afterAll(async () => {
  await stop?.();
}, 20_000);
