/**
 * /activity: the TikTok call ledger and the recent sync runs, for every member. The filters live in the address
 * (`?failed=1&advertiser=…&endpoint=…&before=…`), so a link to a failing call shows it to a colleague.
 */
import type { Metadata } from "next";
import { Suspense } from "react";
import { ActivityView } from "./activity-view";

export const metadata: Metadata = { title: "Activity" };

export default function ActivityPage() {
  // The view reads the address itself (useSearchParams), so a filter change redraws at once.
  return (
    <Suspense>
      <ActivityView />
    </Suspense>
  );
}
