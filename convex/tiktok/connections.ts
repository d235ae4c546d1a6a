/**
 * Connecting TikTok ad accounts. `start` begins an authorization: it needs real randomness for the state, so it
 * is an action (mutations are deterministic), and it returns the TikTok portal URL to send the marketer to.
 * Completing the authorization (the callback's action) comes next; see convex/tiktok/oauthState.ts.
 */
import { ConvexError, v } from "convex/values";
import { randomToken, sha256Hex } from "../../lib/secrets/keyring";
import { createTikTokClient } from "../../lib/tiktok/client";
import { internal } from "../_generated/api";
import { memberAction } from "../lib/access";
import { safeReturnTo } from "./oauthState";
import { tiktokSettings } from "./settings";

export const start = memberAction("write")({
  args: { returnTo: v.optional(v.string()) },
  returns: v.object({ url: v.string() }),
  handler: async (ctx, { workspaceId, returnTo }) => {
    let path: string;
    try {
      path = safeReturnTo(returnTo);
    } catch (error) {
      throw new ConvexError({ code: "INVALID", message: (error as Error).message });
    }
    const settings = tiktokSettings();
    const state = randomToken(32);
    await ctx.runMutation(internal.tiktok.oauthState.save, {
      stateHash: await sha256Hex(state),
      workspaceId,
      userId: ctx.membership.userId,
      returnTo: path,
      now: Date.now(),
    });
    const tiktok = createTikTokClient({ appId: settings.appId, environment: settings.environment, apiOrigin: settings.apiOrigin, rateGate: false });
    return { url: tiktok.oauth.authorizeUrl({ redirectUri: settings.redirectUri, state }) };
  },
});
