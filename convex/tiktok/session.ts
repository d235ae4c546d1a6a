/**
 * Running TikTok work inside one Convex action: `withTikTokSession` builds the lib/tiktok client from this
 * deployment's resolved settings, paced by the app-wide governor, buffers every call attempt for the ledger,
 * and always writes the ledger in one batch when the work ends, failed work included. A failure is logged once,
 * through one formatter (lib/connect/failures.ts), and turned into the action's answer by the caller's `recover`.
 *
 * Also here: `revokeUnheld`, which ends a token this app obtained but will not keep (used by connect and by the
 * token sweep alike), and `tokenKeyring`.
 */
import { describeFailure, formatFailure, type FailureRecord } from "../../lib/connect/failures";
import { keyringFromEnv, sha256Hex, type Keyring, type SealedSecret } from "../../lib/secrets/keyring";
import { createTikTokClient, type TikTokClient } from "../../lib/tiktok/client";
import type { AttemptEvent } from "../../lib/tiktok/request";
import { internal } from "../_generated/api";
import type { Id } from "../_generated/dataModel";
import { env as deploymentEnv, type ActionCtx } from "../_generated/server";
import { MAX_BATCH } from "./calls";
import { createGovernor } from "./governor";
import { tiktokSettings, type TikTokSettings } from "./settings";
import { openToken } from "./tokenSeal";

export interface TikTokSession {
  tiktok: TikTokClient;
  settings: TikTokSettings;
  /** TikTok call attempts made in this session so far (each retry counts). */
  callCount: () => number;
  /** TikTok's request_id of the latest attempt that got an answer: what an audit entry quotes. */
  lastRequestId: () => string | undefined;
}

export interface SessionOptions {
  /** Names the work in the failure log line, e.g. "TikTok connect". */
  activity: string;
  /** Whose work this is: the ledger rows carry it so ops see their own workspace's calls. */
  workspaceId?: Id<"workspaces">;
  /** How long to wait inline for the app's rate budget before deferring (GovernorDeferral). */
  maxInlineWaitMs?: number;
  /** Background work (the sync) books only its share of the app's budget (governor.ts BACKGROUND_SHARE). */
  background?: boolean;
}

/** What a failed run comes to: the action's answer, and the words the log line gives it (none: not logged). */
export interface Recovery<T> {
  result: T;
  /** e.g. "ended as failed", "will retry"; omit when the failure is routine and needs no log line. */
  logAs?: string;
}

/**
 * Runs `work` with a TikTok session. Settings are resolved first, inside the run, so a misconfigured deployment
 * fails like any other error: logged, recovered, and before any TikTok call. `recover` is awaited before the
 * ledger is written, so the ledger is flushed exactly once however the run ends.
 */
export async function withTikTokSession<T>(
  ctx: ActionCtx,
  options: SessionOptions,
  work: (session: TikTokSession) => Promise<T>,
  recover: (error: unknown, failure: FailureRecord) => Recovery<T> | Promise<Recovery<T>>,
): Promise<T> {
  const buffered: (AttemptEvent & { at: number })[] = [];
  try {
    const settings = tiktokSettings();
    const tiktok = createTikTokClient({
      appId: settings.appId,
      appSecret: settings.appSecret,
      environment: settings.environment,
      apiOrigin: settings.apiOrigin,
      tier: settings.limits,
      governor: createGovernor(ctx, {
        limits: settings.limits,
        maxInlineWaitMs: options.maxInlineWaitMs,
        background: options.background,
      }),
      onAttempt: (event) => buffered.push({ ...event, at: Date.now() }),
    });
    // Attempts are buffered for the ledger until the session ends, so the buffer's length is the count so far.
    return await work({
      tiktok,
      settings,
      callCount: () => buffered.length,
      lastRequestId: () => [...buffered].reverse().find((event) => event.requestId !== undefined)?.requestId,
    });
  } catch (error) {
    const failure = describeFailure(error, Date.now());
    const { result, logAs } = await recover(error, failure);
    // For the operator: TikTok's code and request_id, or which setting to fix. Never a token (see describeFailure).
    if (logAs !== undefined) console.error(`${options.activity} ${logAs}: ${formatFailure(failure)}`);
    return result;
  } finally {
    await flushLedger(ctx, buffered, options.workspaceId);
  }
}

/** Writes the buffered call attempts to the ledger; never throws (a ledger problem must not fail the work). */
async function flushLedger(
  ctx: ActionCtx,
  buffered: (AttemptEvent & { at: number })[],
  workspaceId: Id<"workspaces"> | undefined,
) {
  while (buffered.length > 0) {
    const batch = buffered.splice(0, MAX_BATCH).map(({ retryInMs: _retryIn, ...event }) => ({ ...event, workspaceId }));
    try {
      await ctx.runMutation(internal.tiktok.calls.record, { attempts: batch });
    } catch (error) {
      console.error(`Could not write ${batch.length} TikTok call(s) to the ledger: ${(error as Error).message}`);
    }
  }
}

/**
 * Best-effort revoke of a token this app obtained but will not keep, unless some connection holds the very same
 * token (TikTok can hand one TikTok user the same token again, and revoking it would break that connection).
 */
export async function revokeUnheld(ctx: ActionCtx, session: TikTokSession, accessToken: string): Promise<boolean> {
  try {
    if (
      await ctx.runQuery(internal.tiktok.connectionRecords.tokenHeld, { accessTokenHash: await sha256Hex(accessToken) })
    )
      return false;
    await session.tiktok.oauth.revoke({ accessToken });
    return true;
  } catch (error) {
    console.warn(`Could not revoke an unused TikTok token: ${formatFailure(describeFailure(error, Date.now()))}`);
    return false;
  }
}

/**
 * Best-effort revoke of the token a new authorization replaced. A token that no longer opens (the key it was sealed
 * with was rotated away) cannot be revoked from here: that is logged for the operator, and never turns the connect
 * that replaced it into a failure, since the new connection is already stored.
 */
export async function revokeReplaced(
  ctx: ActionCtx,
  session: TikTokSession,
  keyring: Keyring,
  replaced: { accessToken: SealedSecret; binding: string },
): Promise<boolean> {
  let accessToken: string;
  try {
    ({ token: accessToken } = await openToken(keyring, replaced.accessToken, replaced.binding, "access"));
  } catch (error) {
    console.warn(
      `A replaced TikTok token could not be opened to revoke it: ${formatFailure(describeFailure(error, Date.now()))}. ` +
        "It stays valid at TikTok until the advertiser removes the app in TikTok Ads Manager.",
    );
    return false;
  }
  return revokeUnheld(ctx, session, accessToken);
}

/** The token keyring from TOKEN_ENCRYPTION_KEY(_ID, _OLD_KEYS); errors name the variable to fix. */
export function tokenKeyring(): Promise<Keyring> {
  return keyringFromEnv(deploymentEnv);
}
