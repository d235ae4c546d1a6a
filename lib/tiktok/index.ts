/** The TikTok API client: no Convex, no React. See README "lib/tiktok" for the shape. */
export * from "./client";
export * from "./config";
export * from "./errors";
export * from "./retry";
export * from "./request";
export * from "./rate-gate";
export * from "./money";
export * from "./objectives";
export * from "./dates";
export * from "./metrics";
export * from "./ids";
export type { Advertiser } from "./advertisers";
export type {
  Campaign,
  BudgetMode,
  OperationStatus,
  StatusChange,
  CreateCampaignArgs,
  UpdateCampaignArgs,
  ListCampaignsArgs,
} from "./campaigns";
export { BUDGET_MODES, buildCreateBody } from "./campaigns";
export type { CampaignDayRow, ReportPage, CampaignDailyArgs } from "./reports";
export { CAMPAIGN_DAY_METRICS } from "./reports";
export { MAX_DAILY_REPORT_DAYS } from "./dates";
export type { TokenGrant, AuthorizedAdvertiser } from "./oauth";
export type { Page } from "./paging";
