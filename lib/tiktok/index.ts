/** The TikTok API client: no Convex, no React. See README "lib/tiktok" for the shape. */
export * from "./client.js";
export * from "./config.js";
export * from "./errors.js";
export * from "./retry.js";
export * from "./request.js";
export * from "./rate-gate.js";
export * from "./money.js";
export * from "./objectives.js";
export * from "./dates.js";
export * from "./metrics.js";
export * from "./ids.js";
export type { Advertiser } from "./advertisers.js";
export type {
  Campaign,
  BudgetMode,
  OperationStatus,
  StatusChange,
  CreateCampaignArgs,
  UpdateCampaignArgs,
  ListCampaignsArgs,
} from "./campaigns.js";
export { BUDGET_MODES, buildCreateBody } from "./campaigns.js";
export type { CampaignDayRow, ReportPage, CampaignDailyArgs } from "./reports.js";
export { CAMPAIGN_DAY_METRICS, MAX_DAILY_REPORT_DAYS } from "./reports.js";
export type { TokenGrant, AuthorizedAdvertiser } from "./oauth.js";
export type { Page } from "./paging.js";
