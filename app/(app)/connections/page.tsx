/**
 * /connections: the workspace's TikTok connections. `?tiktok=<outcome>` is how the TikTok callback says how a
 * connect attempt ended (lib/connect/outcomes.ts); it is read here on the server so the message is in the first
 * paint, then removed from the address by the page.
 */
import type { Metadata } from "next";
import { outcomeBanner } from "../../../lib/ui/navigation";
import { ConnectionsView } from "./connections-view";

export const metadata: Metadata = { title: "Connections" };

export default async function ConnectionsPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const params = await searchParams;
  return <ConnectionsView outcome={outcomeBanner(params["tiktok"])} />;
}
