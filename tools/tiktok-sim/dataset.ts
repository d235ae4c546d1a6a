// Invents the ad accounts and campaigns the simulator serves: deterministic per seed, anchored to the
// sim clock's starting day. Advertisers get a spread of currencies and timezones (docs/tiktok-api.md §5-6);
// campaigns get objectives, budget modes, statuses and histories (when they delivered) that the metrics
// model turns into report rows. Campaigns are generated per advertiser on demand, and only their
// attributes are stored: daily metrics are computed (metrics.ts), never kept.

import { DAY_MS } from "./time.js";
import { hashString, mix, Rng, unit } from "./prng.js";
import { currencyPrecision, minimumBudget, perUsd } from "./money.js";
import type { DatasetOption, SimAdvertiser } from "./types.js";

export type BudgetMode =
  "BUDGET_MODE_INFINITE" | "BUDGET_MODE_DAY" | "BUDGET_MODE_TOTAL" | "BUDGET_MODE_DYNAMIC_DAILY_BUDGET";

export const BUDGET_MODES: readonly BudgetMode[] = [
  "BUDGET_MODE_INFINITE",
  "BUDGET_MODE_DAY",
  "BUDGET_MODE_TOTAL",
  "BUDGET_MODE_DYNAMIC_DAILY_BUDGET",
];

/** Objectives accepted for new campaigns (docs/tiktok-api.md §5, campaign/create). */
export const CURRENT_OBJECTIVES = [
  "REACH",
  "TRAFFIC",
  "VIDEO_VIEWS",
  "LEAD_GENERATION",
  "ENGAGEMENT",
  "APP_PROMOTION",
  "WEB_CONVERSIONS",
  "PRODUCT_SALES",
] as const;

export interface AdvertiserRecord extends SimAdvertiser {
  index: number;
  key: number;
}

/** How a campaign performs: drawn once per campaign, scaled per day by metrics.ts. */
export interface DeliveryProfile {
  /** Cost per mille in USD before currency conversion. */
  cpmUsd: number;
  /** Clicks per impression (fraction). */
  ctr: number;
  /** Conversions per click (fraction). */
  cvr: number;
  /** Video plays per impression (fraction). */
  playRate: number;
}

export interface CampaignRecord {
  id: string;
  advertiserId: string;
  name: string;
  objective: string;
  appPromotionType?: string;
  budgetMode: BudgetMode;
  budget: number;
  operationStatus: "ENABLE" | "DISABLE";
  deleted: boolean;
  createTime: number;
  modifyTime: number;
  /** Seed for this campaign's daily numbers. */
  key: number;
  /** Spend per full day of delivery, in currency units, before daily noise. */
  dailySpend: number;
  /** When a total budget runs dry at this pace (BUDGET_MODE_TOTAL only). */
  budgetEnd?: number;
  /** Delivery intervals as flat [from, to) pairs; `to` is Infinity while delivering. */
  active: number[];
  profile: DeliveryProfile;
}

interface Profile {
  currency: string;
  timezone: string;
  displayTimezone: string;
  country: string;
}

// The `timezone` field is either a region name or an Etc/GMT offset (§5); where it is an offset, the
// display zone has the same fixed offset, so local dates never depend on which of the two is read.
const PROFILES: readonly Profile[] = [
  { currency: "USD", timezone: "America/Los_Angeles", displayTimezone: "America/Los_Angeles", country: "US" },
  { currency: "EUR", timezone: "Europe/Berlin", displayTimezone: "Europe/Berlin", country: "DE" },
  { currency: "JPY", timezone: "Etc/GMT-9", displayTimezone: "Asia/Tokyo", country: "JP" },
  { currency: "GBP", timezone: "Europe/London", displayTimezone: "Europe/London", country: "GB" },
  { currency: "KRW", timezone: "Etc/GMT-9", displayTimezone: "Asia/Seoul", country: "KR" },
  { currency: "INR", timezone: "Asia/Kolkata", displayTimezone: "Asia/Kolkata", country: "IN" },
  { currency: "MXN", timezone: "America/Mexico_City", displayTimezone: "America/Mexico_City", country: "MX" },
  { currency: "PLN", timezone: "Europe/Warsaw", displayTimezone: "Europe/Warsaw", country: "PL" },
  { currency: "IDR", timezone: "Etc/GMT-7", displayTimezone: "Asia/Jakarta", country: "ID" },
  { currency: "BRL", timezone: "America/Sao_Paulo", displayTimezone: "America/Sao_Paulo", country: "BR" },
  { currency: "USD", timezone: "America/New_York", displayTimezone: "America/New_York", country: "US" },
  { currency: "EUR", timezone: "Europe/Paris", displayTimezone: "Europe/Paris", country: "FR" },
  { currency: "VND", timezone: "Etc/GMT-7", displayTimezone: "Asia/Ho_Chi_Minh", country: "VN" },
  { currency: "HKD", timezone: "Asia/Hong_Kong", displayTimezone: "Asia/Hong_Kong", country: "HK" },
  { currency: "TWD", timezone: "Asia/Taipei", displayTimezone: "Asia/Taipei", country: "TW" },
  { currency: "HUF", timezone: "Europe/Budapest", displayTimezone: "Europe/Budapest", country: "HU" },
  { currency: "CLP", timezone: "America/Santiago", displayTimezone: "America/Santiago", country: "CL" },
  { currency: "AUD", timezone: "Australia/Sydney", displayTimezone: "Australia/Sydney", country: "AU" },
  { currency: "CAD", timezone: "America/Toronto", displayTimezone: "America/Toronto", country: "CA" },
  { currency: "USD", timezone: "Etc/GMT+5", displayTimezone: "America/Bogota", country: "CO" },
];

const COMPANIES = [
  "Northwind Outfitters",
  "Bluebird Cosmetics",
  "Kite & Kettle",
  "Lumen Sportswear",
  "Harbor Home Goods",
  "Orbit Mobile Games",
  "Saffron Kitchen",
  "Pinecone Toys",
  "Vela Travel",
  "Atlas Fitness",
  "Copperleaf Coffee",
  "Nimbus Electronics",
];

const THEMES = [
  "Spring Sale",
  "Summer Drop",
  "Back to School",
  "Black Friday",
  "Holiday Gifts",
  "New Arrivals",
  "Brand Lift",
  "Always-on",
  "Retargeting",
  "Creator Collab",
  "Clearance",
  "Loyalty",
];

const OBJECTIVE_LABELS: Record<string, string> = {
  REACH: "Reach",
  TRAFFIC: "Traffic",
  VIDEO_VIEWS: "Video Views",
  LEAD_GENERATION: "Leads",
  ENGAGEMENT: "Engagement",
  APP_PROMOTION: "App Installs",
  WEB_CONVERSIONS: "Conversions",
  PRODUCT_SALES: "Catalog Sales",
  CONVERSIONS: "Conversions (legacy)",
  APP_INSTALL: "App Install (legacy)",
};

// Ranges per objective: [cpm USD min,max], [ctr min,max], [cvr min,max], play rate.
const OBJECTIVE_SHAPES: Record<string, [number, number, number, number, number, number, number]> = {
  REACH: [2, 4, 0.002, 0.006, 0.002, 0.01, 0.35],
  VIDEO_VIEWS: [3, 6, 0.004, 0.01, 0.003, 0.012, 0.65],
  TRAFFIC: [5, 9, 0.01, 0.025, 0.01, 0.04, 0.3],
  ENGAGEMENT: [4, 8, 0.008, 0.02, 0.005, 0.02, 0.45],
  LEAD_GENERATION: [6, 10, 0.008, 0.018, 0.03, 0.1, 0.3],
  APP_PROMOTION: [6, 11, 0.008, 0.018, 0.04, 0.12, 0.3],
  WEB_CONVERSIONS: [7, 12, 0.008, 0.018, 0.03, 0.09, 0.3],
  PRODUCT_SALES: [7, 12, 0.01, 0.02, 0.02, 0.06, 0.3],
  CONVERSIONS: [7, 12, 0.008, 0.018, 0.03, 0.09, 0.3],
  APP_INSTALL: [6, 11, 0.008, 0.018, 0.04, 0.12, 0.3],
};

export interface DatasetShape {
  advertisers: number;
  /** Campaigns of each generated advertiser; a named advertiser has exactly its own list. */
  campaignsPerAdvertiser: number;
  /** Hand-written advertisers (the demo's), one per index; the others are generated. */
  named: readonly NamedAdvertiser[];
}

export function datasetShape(option: DatasetOption | undefined): DatasetShape {
  if (option === undefined || option === "demo")
    return { advertisers: 1, campaignsPerAdvertiser: DEMO_CAMPAIGNS.length, named: DEMO_ADVERTISERS.slice(0, 1) };
  if (option === "showcase")
    return {
      advertisers: DEMO_ADVERTISERS.length,
      campaignsPerAdvertiser: DEMO_CAMPAIGNS.length,
      named: DEMO_ADVERTISERS,
    };
  if (option === "small") return { advertisers: 3, campaignsPerAdvertiser: 25, named: [] };
  if (option === "bench") return { advertisers: 20, campaignsPerAdvertiser: 500, named: [] };
  const advertisers = Math.floor(option.advertisers);
  const campaigns = Math.floor(option.campaignsPerAdvertiser);
  if (!(advertisers >= 1 && advertisers <= 999)) throw new Error("dataset.advertisers must be 1..999");
  if (!(campaigns >= 0 && campaigns <= 100_000)) throw new Error("dataset.campaignsPerAdvertiser must be 0..100000");
  return { advertisers, campaignsPerAdvertiser: campaigns, named: [] };
}

export function generateAdvertisers(seed: number, shape: DatasetShape, anchor: number): AdvertiserRecord[] {
  const out: AdvertiserRecord[] = [];
  const ids = new Set<string>();
  for (let i = 0; i < shape.advertisers; i++) {
    const rng = new Rng(mix(seed, 0xad, i));
    const id = uniqueId("7", rng, ids);
    const named = shape.named[i];
    const profile = named?.profile ?? PROFILES[i % PROFILES.length] ?? PROFILES[0]!;
    const company = named?.company ?? COMPANIES[(i + (seed % COMPANIES.length)) % COMPANIES.length]!;
    const balanceUsd = 2000 + rng.next() * 48000;
    const f = 10 ** currencyPrecision(profile.currency);
    out.push({
      index: i,
      key: hashString(id, seed),
      advertiser_id: id,
      name:
        named?.name ??
        `${company} ${profile.country}${i >= PROFILES.length ? ` ${Math.floor(i / PROFILES.length) + 1}` : ""}`,
      currency: profile.currency,
      timezone: profile.timezone,
      display_timezone: profile.displayTimezone,
      balance: Math.round(balanceUsd * perUsd(profile.currency) * f) / f,
      status: "STATUS_ENABLE",
      create_time: Math.floor((anchor - (500 + rng.int(0, 1000)) * DAY_MS) / 1000),
      company,
      country: profile.country,
      role: "ROLE_ADVERTISER",
    });
  }
  return out;
}

export function deliveryProfile(key: number, objective: string): DeliveryProfile {
  const s = OBJECTIVE_SHAPES[objective] ?? OBJECTIVE_SHAPES.TRAFFIC!;
  const between = (min: number, max: number, slot: number) => min + (max - min) * unit(key, slot);
  return {
    cpmUsd: between(s[0], s[1], 101),
    ctr: between(s[2], s[3], 102),
    cvr: between(s[4], s[5], 103),
    playRate: s[6] * between(0.8, 1.2, 104),
  };
}

/** A budget near `usd` dollars in `currency`, rounded the way a person would type it, never below the minimum. */
function typicalBudget(usd: number, currency: string): number {
  const amount = usd * perUsd(currency);
  let rounded: number;
  if (currencyPrecision(currency) === 0) {
    const step = 10 ** Math.max(0, Math.floor(Math.log10(amount)) - 1);
    rounded = Math.ceil(amount / step) * step;
  } else {
    rounded = Math.round(amount);
  }
  return Math.max(rounded, minimumBudget(currency));
}

export interface CampaignSpec {
  name: string;
  objective: string;
  appPromotionType?: string;
  budgetMode: BudgetMode;
  budgetUsd: number;
  /** For BUDGET_MODE_TOTAL: days the total budget lasts. */
  plannedDays?: number;
  createdDaysAgo: number;
  status: "ENABLE" | "DISABLE" | "DELETED";
  /** For stopped campaigns: days ago delivery stopped. */
  stoppedDaysAgo?: number;
  /** Absolute creation time, for legacy campaigns predating 2023-10-27. */
  createdAt?: number;
}

const DEMO_CAMPAIGNS: readonly CampaignSpec[] = [
  {
    name: "Spring Sale - Website Traffic",
    objective: "TRAFFIC",
    budgetMode: "BUDGET_MODE_DAY",
    budgetUsd: 100,
    createdDaysAgo: 95,
    status: "ENABLE",
  },
  {
    name: "Brand Awareness Q1",
    objective: "REACH",
    budgetMode: "BUDGET_MODE_DAY",
    budgetUsd: 150,
    createdDaysAgo: 120,
    status: "ENABLE",
  },
  {
    name: "Product Launch - Video Views",
    objective: "VIDEO_VIEWS",
    budgetMode: "BUDGET_MODE_DAY",
    budgetUsd: 80,
    createdDaysAgo: 60,
    status: "ENABLE",
  },
  {
    name: "Newsletter Sign-ups",
    objective: "LEAD_GENERATION",
    budgetMode: "BUDGET_MODE_DAY",
    budgetUsd: 60,
    createdDaysAgo: 75,
    status: "ENABLE",
  },
  {
    name: "Always-on Web Conversions",
    objective: "WEB_CONVERSIONS",
    budgetMode: "BUDGET_MODE_DAY",
    budgetUsd: 250,
    createdDaysAgo: 300,
    status: "ENABLE",
  },
  {
    name: "Catalog Sales - Dynamic",
    objective: "PRODUCT_SALES",
    budgetMode: "BUDGET_MODE_DYNAMIC_DAILY_BUDGET",
    budgetUsd: 200,
    createdDaysAgo: 45,
    status: "ENABLE",
  },
  {
    name: "App Installs - iOS",
    objective: "APP_PROMOTION",
    appPromotionType: "APP_INSTALL",
    budgetMode: "BUDGET_MODE_DAY",
    budgetUsd: 120,
    createdDaysAgo: 33,
    status: "ENABLE",
  },
  {
    name: "Community Engagement",
    objective: "ENGAGEMENT",
    budgetMode: "BUDGET_MODE_INFINITE",
    budgetUsd: 90,
    createdDaysAgo: 200,
    status: "ENABLE",
  },
  {
    name: "Holiday Promo (lifetime budget)",
    objective: "TRAFFIC",
    budgetMode: "BUDGET_MODE_TOTAL",
    budgetUsd: 6000,
    plannedDays: 60,
    createdDaysAgo: 40,
    status: "ENABLE",
  },
  {
    name: "Retargeting - Cart Abandoners",
    objective: "WEB_CONVERSIONS",
    budgetMode: "BUDGET_MODE_DAY",
    budgetUsd: 90,
    createdDaysAgo: 12,
    status: "ENABLE",
  },
  {
    name: "Test Campaign (paused)",
    objective: "TRAFFIC",
    budgetMode: "BUDGET_MODE_DAY",
    budgetUsd: 50,
    createdDaysAgo: 70,
    status: "DISABLE",
    stoppedDaysAgo: 10,
  },
  {
    name: "Old Summer Campaign",
    objective: "REACH",
    budgetMode: "BUDGET_MODE_DAY",
    budgetUsd: 70,
    createdDaysAgo: 250,
    status: "DELETED",
    stoppedDaysAgo: 150,
  },
  {
    name: "Legacy Conversions 2023",
    objective: "CONVERSIONS",
    budgetMode: "BUDGET_MODE_DAY",
    budgetUsd: 100,
    createdDaysAgo: 0,
    createdAt: Date.UTC(2023, 5, 1, 16, 20, 0),
    status: "DISABLE",
    stoppedDaysAgo: 500,
  },
];

// The demo's second and third accounts (the "showcase" dataset): another currency and timezone each, JPY with no
// decimals, names beyond ASCII, and a campaign deleted inside the last 90 days whose spend still counts.
const BERLIN_CAMPAIGNS: readonly CampaignSpec[] = [
  enabledSpec("Frühjahrs-Sale – Laufschuhe", "TRAFFIC", "BUDGET_MODE_DAY", 120, 80),
  enabledSpec("Marathon Season Reach", "REACH", "BUDGET_MODE_DAY", 90, 140),
  enabledSpec("Trikot Launch – Video Views", "VIDEO_VIEWS", "BUDGET_MODE_DAY", 70, 50),
  enabledSpec("Newsletter Leads DACH", "LEAD_GENERATION", "BUDGET_MODE_DAY", 50, 65),
  enabledSpec("Webshop Conversions – Always-on", "WEB_CONVERSIONS", "BUDGET_MODE_DAY", 220, 260),
  enabledSpec("Katalog – Dynamic Product Ads", "PRODUCT_SALES", "BUDGET_MODE_DYNAMIC_DAILY_BUDGET", 180, 100),
  {
    ...enabledSpec("Lumen Run App – Android", "APP_PROMOTION", "BUDGET_MODE_DAY", 100, 28),
    appPromotionType: "APP_INSTALL",
  },
  enabledSpec("Community Challenge #LumenRun", "ENGAGEMENT", "BUDGET_MODE_INFINITE", 60, 150),
  { ...enabledSpec("Black Friday Teaser (Gesamtbudget)", "TRAFFIC", "BUDGET_MODE_TOTAL", 4500, 30), plannedDays: 45 },
  enabledSpec("Retargeting – Warenkorb", "WEB_CONVERSIONS", "BUDGET_MODE_DAY", 80, 20),
  {
    ...enabledSpec("Sommer-Test (pausiert)", "TRAFFIC", "BUDGET_MODE_DAY", 50, 85),
    status: "DISABLE",
    stoppedDaysAgo: 18,
  },
  {
    ...enabledSpec("Winterkollektion 2025", "REACH", "BUDGET_MODE_DAY", 60, 130),
    status: "DELETED",
    stoppedDaysAgo: 35,
  },
];

const TOKYO_CAMPAIGNS: readonly CampaignSpec[] = [
  enabledSpec("春のセール – Traffic", "TRAFFIC", "BUDGET_MODE_DAY", 110, 90),
  enabledSpec("Brand Awareness – 東京", "REACH", "BUDGET_MODE_DAY", 130, 160),
  enabledSpec("新商品 Matcha Kettle – Video Views", "VIDEO_VIEWS", "BUDGET_MODE_DAY", 75, 55),
  enabledSpec("Tea Club Sign-ups", "LEAD_GENERATION", "BUDGET_MODE_DAY", 55, 70),
  enabledSpec("Always-on Web Conversions (JP)", "WEB_CONVERSIONS", "BUDGET_MODE_DAY", 240, 280),
  enabledSpec("Catalog Sales – Teaware", "PRODUCT_SALES", "BUDGET_MODE_DYNAMIC_DAILY_BUDGET", 160, 60),
  {
    ...enabledSpec("Kite & Kettle App – iOS", "APP_PROMOTION", "BUDGET_MODE_DAY", 90, 40),
    appPromotionType: "APP_INSTALL",
  },
  enabledSpec("お茶の時間 Engagement", "ENGAGEMENT", "BUDGET_MODE_INFINITE", 70, 120),
  { ...enabledSpec("Golden Week (lifetime budget)", "TRAFFIC", "BUDGET_MODE_TOTAL", 3000, 75), plannedDays: 30 },
  enabledSpec("Retargeting – Cart", "WEB_CONVERSIONS", "BUDGET_MODE_DAY", 85, 15),
  { ...enabledSpec("Test – Paused", "TRAFFIC", "BUDGET_MODE_DAY", 50, 60), status: "DISABLE", stoppedDaysAgo: 25 },
  { ...enabledSpec("Autumn Tea Festival", "REACH", "BUDGET_MODE_DAY", 70, 120), status: "DELETED", stoppedDaysAgo: 20 },
];

/** An enabled campaign; spread over it what differs. */
function enabledSpec(
  name: string,
  objective: string,
  budgetMode: BudgetMode,
  budgetUsd: number,
  createdDaysAgo: number,
): CampaignSpec {
  return { name, objective, budgetMode, budgetUsd, createdDaysAgo, status: "ENABLE" };
}

/** A hand-written ad account of the demo: who it is, its currency and timezone, and its campaigns. */
export interface NamedAdvertiser {
  company: string;
  name: string;
  profile: Profile;
  campaigns: readonly CampaignSpec[];
}

/**
 * The demo's ad accounts: the "demo" dataset is the first, the "showcase" dataset all three (USD in Los Angeles,
 * EUR in Berlin, JPY in Tokyo). Each keeps the place its profile has in PROFILES, so its id, balance and creation
 * time are the ones a generated dataset would draw at that index.
 */
export const DEMO_ADVERTISERS: readonly NamedAdvertiser[] = [
  {
    company: "Northwind Outfitters",
    name: "Northwind Outfitters US",
    profile: PROFILES[0]!,
    campaigns: DEMO_CAMPAIGNS,
  },
  { company: "Lumen Sportswear", name: "Lumen Sportswear DE", profile: PROFILES[1]!, campaigns: BERLIN_CAMPAIGNS },
  { company: "Kite & Kettle", name: "Kite & Kettle JP", profile: PROFILES[2]!, campaigns: TOKYO_CAMPAIGNS },
];

function genericSpec(rng: Rng, index: number, anchor: number): CampaignSpec {
  const legacy = index % 37 === 17 && anchor > Date.UTC(2023, 9, 27) + 400 * DAY_MS;
  const objective = legacy ? rng.pick(["CONVERSIONS", "APP_INSTALL"]) : rng.pick(CURRENT_OBJECTIVES);
  const r = rng.next();
  const budgetMode: BudgetMode =
    r < 0.6
      ? "BUDGET_MODE_DAY"
      : r < 0.75
        ? "BUDGET_MODE_TOTAL"
        : r < 0.9
          ? "BUDGET_MODE_INFINITE"
          : "BUDGET_MODE_DYNAMIC_DAILY_BUDGET";
  const plannedDays = rng.int(14, 90);
  const budgetUsd =
    budgetMode === "BUDGET_MODE_TOTAL"
      ? rng.pick([50, 75, 100, 150, 200]) * plannedDays
      : rng.pick([50, 60, 75, 100, 120, 150, 200, 250, 300, 500]);
  const createdDaysAgo = legacy ? 0 : rng.int(1, 420) + rng.next();
  const s = rng.next();
  const status = s < 0.72 ? "ENABLE" : s < 0.9 ? "DISABLE" : "DELETED";
  const theme = THEMES[(index + rng.int(0, THEMES.length - 1)) % THEMES.length]!;
  const label = OBJECTIVE_LABELS[objective] ?? objective;
  const appPromotionType = objective === "APP_PROMOTION" ? rng.pick(["APP_INSTALL", "APP_RETARGETING"]) : undefined;
  const spec: CampaignSpec = {
    name: `${theme} - ${label} ${String(index + 1).padStart(3, "0")}`,
    objective,
    budgetMode,
    budgetUsd,
    plannedDays,
    createdDaysAgo,
    status: legacy ? "DISABLE" : status,
    stoppedDaysAgo: createdDaysAgo * rng.next() * 0.9,
  };
  if (appPromotionType) spec.appPromotionType = appPromotionType;
  if (legacy) {
    spec.createdAt = Date.UTC(2022, 6, 1) + rng.int(0, 450) * DAY_MS + rng.int(0, 86_399) * 1000;
    spec.stoppedDaysAgo = rng.int(300, 700);
  }
  return spec;
}

/**
 * A 19-digit id (above 2^53, like TikTok's: docs/tiktok-api.md §1) not yet in `taken`. Callers draw in a fixed
 * order from a seeded generator, so the ids are the same on every run.
 */
export function uniqueId(prefix: string, rng: Rng, taken: Set<string>): string {
  for (;;) {
    const id = `${prefix}${rng.digits(19 - prefix.length)}`;
    if (!taken.has(id)) {
      taken.add(id);
      return id;
    }
  }
}

/**
 * The advertiser's campaigns: its own hand-written list when it is one of the demo's (`specs`), else `count`
 * generated ones.
 */
export function generateCampaigns(
  seed: number,
  adv: AdvertiserRecord,
  count: number,
  specs: readonly CampaignSpec[] | undefined,
  anchor: number,
): CampaignRecord[] {
  const out: CampaignRecord[] = [];
  const ids = new Set<string>();
  const idRng = new Rng(mix(seed, 0x1d, adv.index));
  for (let j = 0; j < (specs?.length ?? count); j++) {
    const rng = new Rng(mix(seed, 0xca, adv.index, j));
    const spec = specs?.[j] ?? genericSpec(rng, j, anchor);
    const id = uniqueId("17", idRng, ids);
    const createTime = spec.createdAt ?? Math.floor(anchor - spec.createdDaysAgo * DAY_MS - rng.int(0, 3600) * 1000);
    const stop =
      spec.status === "ENABLE" ? Infinity : Math.max(createTime + DAY_MS, anchor - (spec.stoppedDaysAgo ?? 0) * DAY_MS);
    out.push(
      buildCampaign({
        id,
        advertiser: adv,
        seed,
        name: spec.name,
        objective: spec.objective,
        ...(spec.appPromotionType ? { appPromotionType: spec.appPromotionType } : {}),
        budgetMode: spec.budgetMode,
        budget: spec.budgetMode === "BUDGET_MODE_INFINITE" ? 0 : typicalBudget(spec.budgetUsd, adv.currency),
        spendUsdIfUncapped: spec.budgetUsd,
        plannedDays: spec.plannedDays ?? 30,
        operationStatus: spec.status === "ENABLE" ? "ENABLE" : "DISABLE",
        deleted: spec.status === "DELETED",
        createTime,
        modifyTime: Number.isFinite(stop)
          ? Math.min(stop, anchor)
          : createTime + Math.floor((anchor - createTime) * 0.3 * rng.next()),
        active: [createTime, stop],
      }),
    );
  }
  return out;
}

export interface NewCampaign {
  id: string;
  advertiser: AdvertiserRecord;
  seed: number;
  name: string;
  objective: string;
  appPromotionType?: string;
  budgetMode: BudgetMode;
  budget: number;
  /** For BUDGET_MODE_INFINITE, the USD-equivalent daily spend to simulate. */
  spendUsdIfUncapped: number;
  plannedDays: number;
  operationStatus: "ENABLE" | "DISABLE";
  deleted: boolean;
  createTime: number;
  modifyTime: number;
  active: number[];
}

export function buildCampaign(n: NewCampaign): CampaignRecord {
  const key = hashString(n.id, n.seed);
  let dailySpend: number;
  let budgetEnd: number | undefined;
  switch (n.budgetMode) {
    case "BUDGET_MODE_TOTAL":
      // Paced so that the lifetime budget is nearly spent when planned delivery ends.
      dailySpend = (n.budget * 0.95) / n.plannedDays;
      budgetEnd = n.createTime + n.plannedDays * DAY_MS;
      break;
    case "BUDGET_MODE_INFINITE":
      dailySpend = n.spendUsdIfUncapped * perUsd(n.advertiser.currency);
      break;
    default:
      // Daily noise keeps spend within about 0.38..0.74 of the budget (metrics.ts), so a day never overspends.
      dailySpend = n.budget * 0.55;
  }
  const record: CampaignRecord = {
    id: n.id,
    advertiserId: n.advertiser.advertiser_id,
    name: n.name,
    objective: n.objective,
    budgetMode: n.budgetMode,
    budget: n.budget,
    operationStatus: n.operationStatus,
    deleted: n.deleted,
    createTime: n.createTime,
    modifyTime: n.modifyTime,
    key,
    dailySpend,
    active: n.active,
    profile: deliveryProfile(key, n.objective),
  };
  if (n.appPromotionType) record.appPromotionType = n.appPromotionType;
  if (budgetEnd !== undefined) record.budgetEnd = budgetEnd;
  return record;
}
