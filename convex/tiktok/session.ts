/**
 * A TikTok session for one Convex action: the lib/tiktok client configured from this deployment's settings,
 * paced by the app-wide governor, with every call attempt buffered for the ledger and written in one batch by
 * `flush()` (call it in a `finally`, so failed work is logged too).
 */
import { createTikTokClient, type TikTokClient } from "../../lib/tiktok/client";
import type { AttemptEvent } from "../../lib/tiktok/request";
import { keyringFromEnv, type Keyring } from "../../lib/secrets/keyring";
import { internal } from "../_generated/api";
import type { Id } from "../_generated/dataModel";
import type { ActionCtx } from "../_generated/server";
import { MAX_BATCH } from "./calls";
import { createGovernor } from "./governor";
import { tiktokSettings, type TikTokSettings } from "./settings";

export interface TikTokSession {
  tiktok: TikTokClient;
  settings: TikTokSettings;
  /** Writes the buffered call attempts to the ledger; never throws (a ledger problem must not fail the work). */
  flush(): Promise<void>;
}

export interface SessionOptions {
  /** Whose work this is: the ledger rows carry it so ops see their own workspace's calls. */
  workspaceId?: Id<"workspaces">;
  /** How long to wait inline for the app's rate budget before deferring (GovernorDeferral). */
  maxInlineWaitMs?: number;
}

export function tiktokSession(ctx: ActionCtx, options: SessionOptions = {}): TikTokSession {
  const settings = tiktokSettings();
  const buffered: (AttemptEvent & { at: number })[] = [];
  const tiktok = createTikTokClient({
    appId: settings.appId,
    appSecret: settings.appSecret,
    environment: settings.environment,
    apiOrigin: settings.apiOrigin,
    tier: settings.tier,
    governor: createGovernor(ctx, { tier: settings.tier, maxInlineWaitMs: options.maxInlineWaitMs }),
    onAttempt: (event) => buffered.push({ ...event, at: Date.now() }),
  });
  return {
    tiktok,
    settings,
    async flush() {
      while (buffered.length > 0) {
        const batch = buffered.splice(0, MAX_BATCH).map(({ retryInMs: _retryIn, ...event }) => ({ ...event, workspaceId: options.workspaceId }));
        try {
          await ctx.runMutation(internal.tiktok.calls.record, { attempts: batch });
        } catch (error) {
          console.error(`Could not write ${batch.length} TikTok call(s) to the ledger: ${(error as Error).message}`);
        }
      }
    },
  };
}

/** The token keyring from TOKEN_ENCRYPTION_KEY(_ID, _OLD_KEYS); errors name the variable to fix. */
export function tokenKeyring(): Promise<Keyring> {
  return keyringFromEnv(process.env);
}
