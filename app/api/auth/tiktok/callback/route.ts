/** GET /api/auth/tiktok/callback: wires handler.ts (all the logic, unit-tested) to Convex Auth and Convex. */
import { convexAuthNextjsToken } from "@convex-dev/auth/nextjs/server";
import { fetchAction } from "convex/nextjs";
import type { NextRequest } from "next/server";
import { api } from "../../../../../convex/_generated/api";
import { convexUrl } from "../../../../../lib/config/convex-url";
import { handleTikTokCallback } from "./handler";

export const dynamic = "force-dynamic";

export async function GET(request: NextRequest): Promise<Response> {
  return handleTikTokCallback(new URL(request.url), {
    getConvexToken: () => convexAuthNextjsToken(),
    complete: (args, token) => fetchAction(api.tiktok.connections.complete, args, { token, url: convexUrl() }),
  });
}
