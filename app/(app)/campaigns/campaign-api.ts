/**
 * The Campaigns page's view of `api.tiktok.campaigns` and the shapes it returns, in one place for every component.
 */
import type { FunctionReturnType } from "convex/server";
import { api } from "../../../convex/_generated/api";

export const campaignsApi = api.tiktok.campaigns;

export type CampaignList = FunctionReturnType<typeof api.tiktok.campaigns.list>;
export type CampaignRow = CampaignList["rows"][number];
export type ListedAdvertiser = NonNullable<CampaignList["advertiser"]>;
export type AuditEntry = FunctionReturnType<typeof api.tiktok.campaigns.audit>[number];

/**
 * A fresh operation key: the server records (workspace, key) → outcome, so the same key sent twice (a double click,
 * a retry after a lost answer) does the thing once. A UUID: 36 letters, digits and "-", as the server wants.
 */
export function newOperationKey(): string {
  // randomUUID exists only in secure contexts (https, localhost); getRandomValues everywhere.
  if (typeof crypto.randomUUID === "function") return crypto.randomUUID();
  return Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) => b.toString(16).padStart(2, "0")).join("");
}
