// The campaign endpoints (docs/tiktok-api.md §5): campaign/get with paging, fields and filtering (deleted
// campaigns hidden unless asked for), campaign/create with TikTok's validation (current objectives only,
// per-currency budget minimums and precision, request_id idempotency), campaign/update (the 105% rule)
// and campaign/status/update (1-20 ids; deleted is final). Campaign history feeds the metrics model
// through each record's delivery intervals. Does not compute report rows.

import { type ApiContext, requireAdvertiser } from "./api-context.js";
import { BUDGET_MODES, buildCampaign, CURRENT_OBJECTIVES } from "./dataset.js";
import type { AdvertiserRecord, BudgetMode, CampaignRecord } from "./dataset.js";
import { ApiError, Code, paramError } from "./envelope.js";
import { campaignDay, metricsNow, spendBetween } from "./metrics.js";
import { currencyPrecision, hasValidPrecision, minimumBudget, minorToUnits } from "./money.js";
import { checkStringArray, paging, pageInfo, type Params } from "./params.js";
import { DAY_MS, formatUtc, localDayNumber, parseUtc } from "./time.js";
import type { Flavor, SimCampaign } from "./types.js";
import type { World } from "./world.js";

const CAMPAIGN_FIELDS: readonly string[] = [
  "campaign_id",
  "advertiser_id",
  "campaign_name",
  "campaign_type",
  "objective_type",
  "app_promotion_type",
  "budget_mode",
  "budget",
  "operation_status",
  "secondary_status",
  "create_time",
  "modify_time",
  "is_new_structure",
  "is_smart_performance_campaign",
  "special_industries",
];

const DEPRECATED_OBJECTIVES: Record<string, string> = {
  CONVERSIONS: "Use WEB_CONVERSIONS instead.",
  APP_INSTALL: 'Use APP_PROMOTION with app_promotion_type "APP_INSTALL" instead.',
};

const APP_PROMOTION_TYPES = ["APP_INSTALL", "APP_RETARGETING", "APP_PREREGISTRATION"];

const PRIMARY_STATUSES = [
  "STATUS_ALL",
  "STATUS_NOT_DELETE",
  "STATUS_DELETE",
  "STATUS_DELIVERY_OK",
  "STATUS_DISABLE",
  "STATUS_NOT_DELIVERY",
];
const SECONDARY_STATUSES = [
  "CAMPAIGN_STATUS_ALL",
  "CAMPAIGN_STATUS_NOT_DELETE",
  "CAMPAIGN_STATUS_ENABLE",
  "CAMPAIGN_STATUS_DISABLE",
  "CAMPAIGN_STATUS_DELETE",
  "CAMPAIGN_STATUS_BUDGET_EXCEED",
];
const FILTER_KEYS = [
  "campaign_ids",
  "campaign_name",
  "primary_status",
  "secondary_status",
  "objective_type",
  "creation_filter_start_time",
  "creation_filter_end_time",
];

export function secondaryStatus(c: CampaignRecord, now: number): string {
  if (c.deleted) return "CAMPAIGN_STATUS_DELETE";
  if (c.operationStatus === "DISABLE") return "CAMPAIGN_STATUS_DISABLE";
  if (c.budgetEnd !== undefined && now >= c.budgetEnd) return "CAMPAIGN_STATUS_BUDGET_EXCEED";
  return "CAMPAIGN_STATUS_ENABLE";
}

/** The campaign as the API shows it. Sandbox leaves secondary_status out (§5). */
export function campaignView(c: CampaignRecord, now: number, flavor: Flavor = "production"): SimCampaign {
  const view: SimCampaign = {
    campaign_id: c.id,
    advertiser_id: c.advertiserId,
    campaign_name: c.name,
    campaign_type: "REGULAR_CAMPAIGN",
    objective_type: c.objective,
    budget_mode: c.budgetMode,
    budget: c.budget,
    // A deleted campaign no longer runs: TikTok shows it as DISABLE with secondary_status DELETE.
    operation_status: c.deleted ? "DISABLE" : c.operationStatus,
    create_time: formatUtc(c.createTime),
    modify_time: formatUtc(c.modifyTime),
    is_new_structure: true,
    is_smart_performance_campaign: false,
    special_industries: [],
  };
  if (c.appPromotionType) view.app_promotion_type = c.appPromotionType;
  if (flavor !== "sandbox") view.secondary_status = secondaryStatus(c, now);
  return view;
}

/** Newest first, like TikTok's campaign list. */
function byNewest(a: CampaignRecord, b: CampaignRecord): number {
  return b.createTime - a.createTime || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0);
}

export function listCampaigns(
  world: World,
  adv: AdvertiserRecord,
  now: number,
  includeDeleted: boolean,
): SimCampaign[] {
  return world
    .book(adv)
    .list.filter((c) => includeDeleted || !c.deleted)
    .sort(byNewest)
    .map((c) => campaignView(c, now));
}

type CampaignPredicate = (c: CampaignRecord) => boolean;

function campaignFilter(params: Params, now: number): CampaignPredicate {
  const raw = params.json("filtering");
  if (raw === undefined) return (c) => !c.deleted;
  if (typeof raw !== "object" || raw === null || Array.isArray(raw)) throw paramError("filtering: Not a valid object.");
  const f = raw as Record<string, unknown>;
  for (const key of Object.keys(f)) {
    if (!FILTER_KEYS.includes(key)) throw paramError(`filtering: Unknown field "${key}".`);
  }
  const tests: CampaignPredicate[] = [];
  if (f.campaign_ids !== undefined) {
    const ids = new Set(checkStringArray(f.campaign_ids, "filtering.campaign_ids", { min: 1, max: 100 }));
    tests.push((c) => ids.has(c.id));
  }
  if (f.campaign_name !== undefined) {
    if (typeof f.campaign_name !== "string") throw paramError("filtering.campaign_name: Not a valid string.");
    const needle = f.campaign_name.toLowerCase();
    tests.push((c) => c.name.toLowerCase().includes(needle));
  }
  if (f.objective_type !== undefined) {
    if (typeof f.objective_type !== "string") throw paramError("filtering.objective_type: Not a valid string.");
    // The SDK docs: filtering on WEB_CONVERSIONS or CONVERSIONS returns campaigns of both.
    const wanted =
      f.objective_type === "CONVERSIONS" || f.objective_type === "WEB_CONVERSIONS"
        ? ["CONVERSIONS", "WEB_CONVERSIONS"]
        : [f.objective_type];
    tests.push((c) => wanted.includes(c.objective));
  }
  let deletedAsked = false;
  if (f.primary_status !== undefined) {
    const p = f.primary_status;
    if (typeof p !== "string" || !PRIMARY_STATUSES.includes(p))
      throw paramError(`filtering.primary_status: Must be one of: ${PRIMARY_STATUSES.join(", ")}.`);
    deletedAsked ||= p === "STATUS_ALL" || p === "STATUS_DELETE";
    tests.push((c) => {
      const s = secondaryStatus(c, now);
      switch (p) {
        case "STATUS_NOT_DELETE":
          return !c.deleted;
        case "STATUS_DELETE":
          return c.deleted;
        case "STATUS_DELIVERY_OK":
          return s === "CAMPAIGN_STATUS_ENABLE";
        case "STATUS_DISABLE":
          return s === "CAMPAIGN_STATUS_DISABLE";
        case "STATUS_NOT_DELIVERY":
          return !c.deleted && s !== "CAMPAIGN_STATUS_ENABLE";
        default:
          return true;
      }
    });
  }
  if (f.secondary_status !== undefined) {
    const s2 = f.secondary_status;
    if (typeof s2 !== "string" || !SECONDARY_STATUSES.includes(s2))
      throw paramError(`filtering.secondary_status: Must be one of: ${SECONDARY_STATUSES.join(", ")}.`);
    // docs/tiktok-api.md §5: deleted campaigns only with CAMPAIGN_STATUS_ALL (or when asking for deleted ones).
    deletedAsked ||= s2 === "CAMPAIGN_STATUS_ALL" || s2 === "CAMPAIGN_STATUS_DELETE";
    if (s2 === "CAMPAIGN_STATUS_NOT_DELETE") tests.push((c) => !c.deleted);
    else if (s2 !== "CAMPAIGN_STATUS_ALL") tests.push((c) => secondaryStatus(c, now) === s2);
  }
  for (const [key, cmp] of [
    ["creation_filter_start_time", (t: number, b: number) => t >= b],
    ["creation_filter_end_time", (t: number, b: number) => t <= b],
  ] as const) {
    if (f[key] === undefined) continue;
    const bound = typeof f[key] === "string" ? parseUtc(f[key]) : undefined;
    if (bound === undefined) throw paramError(`filtering.${key}: Must be "YYYY-MM-DD HH:MM:SS" (UTC).`);
    tests.push((c) => cmp(c.createTime, bound));
  }
  if (!deletedAsked) tests.push((c) => !c.deleted);
  return (c) => tests.every((t) => t(c));
}

function checkFields(params: Params): string[] | undefined {
  const fields = params.stringArray("fields", { min: 1 });
  for (const f of fields ?? []) {
    if (!CAMPAIGN_FIELDS.includes(f)) throw paramError(`fields: Invalid field "${f}".`);
  }
  return fields;
}

/** GET /campaign/get/ */
export function campaignGet(ctx: ApiContext): unknown {
  const adv = requireAdvertiser(ctx, ctx.params.requiredString("advertiser_id"));
  const fields = checkFields(ctx.params);
  const now = ctx.svc.now();
  const keep = campaignFilter(ctx.params, now);
  const { page, pageSize } = paging(ctx.params);
  const matching = ctx.svc.world.book(adv).list.filter(keep).sort(byNewest);
  const list = matching.slice((page - 1) * pageSize, page * pageSize).map((c) => {
    const view = campaignView(c, now, ctx.svc.flavor) as unknown as Record<string, unknown>;
    if (!fields) return view;
    return Object.fromEntries(fields.filter((f) => f in view).map((f) => [f, view[f]]));
  });
  return { list, page_info: pageInfo(page, pageSize, matching.length) };
}

function campaignName(params: Params): string {
  const name = params.requiredString("campaign_name");
  const length = Array.from(name).length;
  if (length < 1 || length > 512) throw paramError("campaign_name: Length must be between 1 and 512.");
  return name;
}

function checkBudget(value: unknown, adv: AdvertiserRecord): number {
  if (typeof value !== "number" || !Number.isFinite(value)) throw paramError("budget: Not a valid number.");
  const currency = adv.currency;
  if (!hasValidPrecision(value, currency)) {
    throw paramError(
      currencyPrecision(currency) === 0
        ? `budget: ${currency} budgets must be whole numbers.`
        : `budget: At most 2 decimal places are allowed for ${currency}.`,
    );
  }
  const min = minimumBudget(currency);
  if (value < min) throw paramError(`budget: The budget must be at least ${min} ${currency}.`);
  return value;
}

const REQUEST_ID_RE = /^\d{1,20}$/;

function checkRequestId(params: Params): string | undefined {
  const id = params.string("request_id");
  if (id === undefined) return undefined;
  if (!REQUEST_ID_RE.test(id) || BigInt(id) > 18446744073709551615n) {
    throw paramError("request_id: Must be a 64-bit integer written as a string.");
  }
  return id;
}

/** POST /campaign/create/ */
export function campaignCreate(ctx: ApiContext): unknown {
  const p = ctx.params;
  const adv = requireAdvertiser(ctx, p.requiredString("advertiser_id"));
  const { world } = ctx.svc;
  const book = world.book(adv);
  const now = ctx.svc.now();
  const requestId = checkRequestId(p);
  if (requestId !== undefined) {
    const existing = book.requestIds.get(requestId);
    const campaign = existing === undefined ? undefined : book.byId.get(existing);
    // §5: a retry with the same request_id answers the campaign the first attempt created.
    if (campaign) return campaignView(campaign, now, ctx.svc.flavor);
  }
  const name = campaignName(p);
  const objective = p.requiredString("objective_type");
  const replacement = DEPRECATED_OBJECTIVES[objective];
  if (replacement) {
    throw paramError(`objective_type: ${objective} is deprecated for new campaigns since 2023-10-27. ${replacement}`);
  }
  if (!(CURRENT_OBJECTIVES as readonly string[]).includes(objective)) {
    throw paramError(`objective_type: Must be one of: ${CURRENT_OBJECTIVES.join(", ")}.`);
  }
  let appPromotionType: string | undefined;
  if (objective === "APP_PROMOTION") {
    appPromotionType = p.string("app_promotion_type");
    if (appPromotionType === undefined)
      throw paramError("app_promotion_type: Required when objective_type is APP_PROMOTION.");
    if (!APP_PROMOTION_TYPES.includes(appPromotionType))
      throw paramError(`app_promotion_type: Must be one of: ${APP_PROMOTION_TYPES.join(", ")}.`);
  }
  const budgetMode = p.requiredString("budget_mode");
  if (!(BUDGET_MODES as readonly string[]).includes(budgetMode))
    throw paramError(`budget_mode: Must be one of: ${BUDGET_MODES.join(", ")}.`);
  let budget = 0;
  if (budgetMode === "BUDGET_MODE_INFINITE") {
    if (p.has("budget") && p.raw("budget") !== 0)
      throw paramError("budget: Must not be set when budget_mode is BUDGET_MODE_INFINITE.");
  } else {
    if (!p.has("budget")) throw paramError(`budget: Required when budget_mode is ${budgetMode}.`);
    budget = checkBudget(p.raw("budget"), adv);
  }
  const status = p.string("operation_status") ?? "ENABLE";
  if (status !== "ENABLE" && status !== "DISABLE")
    throw paramError("operation_status: Must be one of: ENABLE, DISABLE.");

  const record = buildCampaign({
    id: world.nextCampaignId(adv),
    advertiser: adv,
    seed: world.seed,
    name,
    objective,
    ...(appPromotionType ? { appPromotionType } : {}),
    budgetMode: budgetMode as BudgetMode,
    budget,
    spendUsdIfUncapped: 100,
    plannedDays: 30,
    operationStatus: status,
    deleted: false,
    createTime: now,
    modifyTime: now,
    active: status === "ENABLE" ? [now, Infinity] : [],
  });
  book.list.push(record);
  book.byId.set(record.id, record);
  if (requestId !== undefined) book.requestIds.set(requestId, record.id);
  world.touched(adv);
  return campaignView(record, now, ctx.svc.flavor);
}

function findCampaign(ctx: ApiContext, adv: AdvertiserRecord, id: string): CampaignRecord {
  const c = ctx.svc.world.book(adv).byId.get(id);
  if (!c) throw new ApiError(Code.NOT_FOUND, `Campaign ${id} does not exist under advertiser ${adv.advertiser_id}.`);
  return c;
}

/** POST /campaign/update/ */
export function campaignUpdate(ctx: ApiContext): unknown {
  const p = ctx.params;
  const adv = requireAdvertiser(ctx, p.requiredString("advertiser_id"));
  const c = findCampaign(ctx, adv, p.requiredString("campaign_id"));
  const now = ctx.svc.now();
  if (c.deleted) throw paramError(`campaign_id: Campaign ${c.id} has been deleted and can't be modified.`);
  const name = p.has("campaign_name") ? campaignName(p) : undefined;
  if (p.has("budget_mode") && p.raw("budget_mode") !== c.budgetMode)
    throw paramError("budget_mode: The budget mode of an existing campaign can't be changed.");
  let budget: number | undefined;
  if (p.has("budget")) {
    if (c.budgetMode === "BUDGET_MODE_INFINITE")
      throw paramError("budget: A campaign with BUDGET_MODE_INFINITE has no budget to update.");
    budget = checkBudget(p.raw("budget"), adv);
    const spent = alreadySpent(c, adv, now);
    // §5: the new budget must be at least 105% of what is already spent (today's spend for daily budgets).
    const floor = Math.ceil((spent.minor * 105) / 100 - 1e-9) / 10 ** currencyPrecision(adv.currency);
    if (budget < floor) {
      throw paramError(
        `budget: The new budget must be at least 105% of the amount already spent ${spent.label} (${minorToUnits(spent.minor, adv.currency)} ${adv.currency}), i.e. at least ${floor} ${adv.currency}.`,
      );
    }
  }
  if (name !== undefined) c.name = name;
  if (budget !== undefined && budget !== c.budget) {
    if (c.budgetMode === "BUDGET_MODE_TOTAL" && c.dailySpend > 0) {
      // A larger lifetime budget lasts longer at the same pace; it never ends delivery in the past.
      c.budgetEnd = Math.max(now, c.createTime + ((budget * 0.95) / c.dailySpend) * DAY_MS);
    }
    c.budget = budget;
  }
  c.modifyTime = now;
  ctx.svc.world.touched(adv);
  return campaignView(c, now, ctx.svc.flavor);
}

function alreadySpent(c: CampaignRecord, adv: AdvertiserRecord, now: number): { minor: number; label: string } {
  const tz = adv.display_timezone;
  const today = localDayNumber(now, tz);
  const mNow = metricsNow(now);
  if (c.budgetMode === "BUDGET_MODE_TOTAL") {
    return {
      minor: spendBetween(c, adv, localDayNumber(c.createTime, tz), today, mNow),
      label: "over the campaign's lifetime",
    };
  }
  return { minor: campaignDay(c, adv, today, mNow)?.spendMinor ?? 0, label: "today" };
}

/** POST /campaign/status/update/ */
export function campaignStatusUpdate(ctx: ApiContext): unknown {
  const p = ctx.params;
  const adv = requireAdvertiser(ctx, p.requiredString("advertiser_id"));
  const ids = p.stringArray("campaign_ids", { required: true, min: 1, max: 20 })!;
  const op = p.requiredString("operation_status");
  if (op !== "ENABLE" && op !== "DISABLE" && op !== "DELETE")
    throw paramError("operation_status: Must be one of: ENABLE, DISABLE, DELETE.");
  const records = ids.map((id) => findCampaign(ctx, adv, id));
  for (const c of records) {
    if (c.deleted && op !== "DELETE")
      throw paramError(`campaign_ids: Campaign ${c.id} has been deleted; its status can't be changed.`);
  }
  const now = ctx.svc.now();
  for (const c of records) applyStatus(c, op, now);
  ctx.svc.world.touched(adv);
  // Response shape from the SDK models (bububa/tiktok-business model/campaign/status_update.go).
  return {
    campaign_ids: ids,
    status: op,
    campaign_list: records.map((c) => ({ campaign_id: c.id, status: c.deleted ? "DELETE" : c.operationStatus })),
  };
}

function applyStatus(c: CampaignRecord, op: "ENABLE" | "DISABLE" | "DELETE", now: number): void {
  if (c.deleted) return;
  const last = c.active.length - 1;
  const delivering = last >= 1 && c.active[last] === Infinity;
  if (op === "ENABLE") {
    if (!delivering) c.active.push(now, Infinity);
    c.operationStatus = "ENABLE";
  } else {
    if (delivering) c.active[last] = now;
    c.operationStatus = "DISABLE";
    if (op === "DELETE") c.deleted = true;
  }
  c.modifyTime = now;
}
