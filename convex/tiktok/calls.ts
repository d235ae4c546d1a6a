/**
 * The TikTok call ledger: one row per attempt, written in batches (one mutation per action's worth of events,
 * never one per call), and pruned after a retention period (convex/retention.ts). Ops read it on the Activity page to quote `request_id`s
 * to TikTok support.
 *
 * Rows carry no token, no secret and no URL: only what lib/tiktok's AttemptEvent holds.
 */
import { v, type Infer } from "convex/values";
import type { Doc, Id } from "../_generated/dataModel";
import { internalMutation, type QueryCtx } from "../_generated/server";
import { memberQuery } from "../lib/access";
import { boundString, boundWhole } from "../lib/bounds";
import { MAX_ID_LENGTH } from "../../lib/tiktok/ids";
import { callAttemptFields } from "./validators";

export const attemptValidator = v.object(callAttemptFields);

/** Well under Convex's 16,000 writes per transaction, so a batch can never be refused for size. */
export const MAX_BATCH = 1_000;

export const record = internalMutation({
  args: { attempts: v.array(attemptValidator) },
  returns: v.number(),
  handler: async (ctx, { attempts }) => {
    if (attempts.length > MAX_BATCH) throw new Error(`Record at most ${MAX_BATCH} attempts per call; split the batch`);
    // `failed` beside each attempt: the Activity page's "failed only" filter reads it through an index.
    for (const attempt of attempts)
      await ctx.db.insert("tiktokCalls", { ...attempt, failed: attempt.outcome !== "ok" });
    return attempts.length;
  },
});

const MAX_PAGE = 200;
const DEFAULT_PAGE = 50;
/** An advertiser id is a 19-digit number today; anything much longer is not TikTok's. */
/** TikTok's API paths are short ("/report/integrated/get/"). */
const MAX_PATH_LENGTH = 128;

/** A row as the pages see it: its fields listed one by one, so nothing added to the table later leaks out. */
const callView = v.object({ _id: v.id("tiktokCalls"), ...callAttemptFields });
type CallView = Infer<typeof callView>;

function viewOf(row: Doc<"tiktokCalls">): CallView {
  return {
    _id: row._id,
    workspaceId: row.workspaceId,
    method: row.method,
    path: row.path,
    advertiserId: row.advertiserId,
    httpStatus: row.httpStatus,
    code: row.code,
    requestId: row.requestId,
    attempt: row.attempt,
    ms: row.ms,
    outcome: row.outcome,
    retryReason: row.retryReason,
    at: row.at,
  };
}

function pageSize(limit: number | undefined): number {
  return boundWhole("limit", limit ?? DEFAULT_PAGE, 1, MAX_PAGE);
}

interface LedgerFilter {
  failedOnly?: boolean;
  advertiserId?: string;
  path?: string;
}

/**
 * The workspace's calls matching `filter` with `at` before `before`, newest first: always exactly one index range
 * (schema.ts keeps an index for each mix of filters), so a filter that matches little never scans the rest.
 */
function ledgerQuery(ctx: QueryCtx, workspaceId: Id<"workspaces">, filter: LedgerFilter, before: number | undefined) {
  const until = before !== undefined && Number.isFinite(before) ? before : Number.MAX_SAFE_INTEGER;
  const { advertiserId, path } = filter;
  const calls = ctx.db.query("tiktokCalls");
  if (filter.failedOnly) {
    if (advertiserId !== undefined && path !== undefined)
      return calls.withIndex("by_workspace_advertiser_path_failed_at", (q) =>
        q
          .eq("workspaceId", workspaceId)
          .eq("advertiserId", advertiserId)
          .eq("path", path)
          .eq("failed", true)
          .lt("at", until),
      );
    if (advertiserId !== undefined)
      return calls.withIndex("by_workspace_advertiser_failed_at", (q) =>
        q.eq("workspaceId", workspaceId).eq("advertiserId", advertiserId).eq("failed", true).lt("at", until),
      );
    if (path !== undefined)
      return calls.withIndex("by_workspace_path_failed_at", (q) =>
        q.eq("workspaceId", workspaceId).eq("path", path).eq("failed", true).lt("at", until),
      );
    return calls.withIndex("by_workspace_failed_at", (q) =>
      q.eq("workspaceId", workspaceId).eq("failed", true).lt("at", until),
    );
  }
  if (advertiserId !== undefined && path !== undefined)
    return calls.withIndex("by_workspace_advertiser_path_at", (q) =>
      q.eq("workspaceId", workspaceId).eq("advertiserId", advertiserId).eq("path", path).lt("at", until),
    );
  if (advertiserId !== undefined)
    return calls.withIndex("by_workspace_advertiser_at", (q) =>
      q.eq("workspaceId", workspaceId).eq("advertiserId", advertiserId).lt("at", until),
    );
  if (path !== undefined)
    return calls.withIndex("by_workspace_path_at", (q) =>
      q.eq("workspaceId", workspaceId).eq("path", path).lt("at", until),
    );
  return calls.withIndex("by_workspace_at", (q) => q.eq("workspaceId", workspaceId).lt("at", until));
}

/** The workspace's latest TikTok calls, newest first; `before` (epoch ms) pages further back. */
export const recent = memberQuery("read")({
  args: { limit: v.optional(v.number()), before: v.optional(v.number()) },
  returns: v.array(callView),
  handler: async (ctx, { workspaceId, limit, before }) => {
    const rows = await ledgerQuery(ctx, workspaceId, {}, before).order("desc").take(pageSize(limit));
    return rows.map(viewOf);
  },
});

/**
 * The Activity page's ledger: one page of calls, newest first, filtered by any mix of failed only, advertiser and
 * endpoint, and `older`, the `before` that shows the next page back (null at the end).
 *
 * Rows that share the page's last millisecond are held back for the next page when more rows follow, so paging by
 * time neither repeats nor skips a call (only a page made entirely of one millisecond's calls cannot be split).
 */
export const ledger = memberQuery("read")({
  args: {
    limit: v.optional(v.number()),
    before: v.optional(v.number()),
    failedOnly: v.optional(v.boolean()),
    advertiserId: v.optional(v.string()),
    path: v.optional(v.string()),
  },
  returns: v.object({
    calls: v.array(v.object({ ...callView.fields, failed: v.boolean() })),
    older: v.union(v.number(), v.null()),
  }),
  handler: async (ctx, { workspaceId, ...args }) => {
    boundString("advertiserId", args.advertiserId, MAX_ID_LENGTH);
    boundString("path", args.path, MAX_PATH_LENGTH);
    return readLedger(ctx, workspaceId, args);
  },
});

/** One page of the ledger (see `ledger`): at most `limit` + 1 rows read, from one index range. */
export async function readLedger(
  ctx: QueryCtx,
  workspaceId: Id<"workspaces">,
  args: LedgerFilter & { limit?: number; before?: number },
) {
  const size = pageSize(args.limit);
  const rows = await ledgerQuery(ctx, workspaceId, args, args.before)
    .order("desc")
    .take(size + 1);
  let page = rows.slice(0, size);
  const more = rows.length > size;
  if (more) {
    const boundary = rows[size]!.at;
    const whole = page.filter((row) => row.at !== boundary);
    if (whole.length > 0) page = whole;
  }
  return {
    calls: page.map((row) => ({ ...viewOf(row), failed: row.outcome !== "ok" })),
    older: more ? page[page.length - 1]!.at : null,
  };
}
