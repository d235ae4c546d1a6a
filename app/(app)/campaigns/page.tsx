/**
 * /campaigns: an ad account's campaigns, to list, create, pause, enable, re-budget, rename and delete. The list's
 * view (advertiser, filters, search, sort, page) lives in the address, read here on the server so a shared link
 * opens the same list.
 */
import type { Metadata } from "next";
import { parseCampaignListView } from "../../../lib/ui/campaigns";
import { CampaignsView } from "./campaigns-view";

export const metadata: Metadata = { title: "Campaigns" };

export default async function CampaignsPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  return <CampaignsView initial={parseCampaignListView(await searchParams)} />;
}
