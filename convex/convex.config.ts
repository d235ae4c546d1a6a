/** Convex components this app uses. */
import { defineApp } from "convex/server";
import rateLimiter from "@convex-dev/rate-limiter/convex.config";

const app = defineApp();
// The app-wide TikTok governor (convex/tiktok/governor.ts): one budget shared by every action.
app.use(rateLimiter);

export default app;
