/** Convex components this app uses. */
import { defineApp } from "convex/server";
import rateLimiter from "@convex-dev/rate-limiter/convex.config";
import workpool from "@convex-dev/workpool/convex.config";

const app = defineApp();
// The app-wide TikTok governor (convex/tiktok/governor.ts): one budget shared by every action.
app.use(rateLimiter);
// Sync jobs (convex/tiktok/sync/): a bounded number of advertisers synced at once, each a chain of short steps.
app.use(workpool, { name: "syncPool" });

export default app;
