/**
 * /reports, the home page after sign-in: an ad account's figures over a date range, its daily chart, its campaigns
 * and the workspace's spend per currency. Every choice lives in the address (lib/ui/reports.ts), so a copied link
 * shows the same report; the view reads it with useSearchParams, hence the Suspense boundary.
 */
import type { Metadata } from "next";
import { Suspense } from "react";
import { ReportsSkeleton, ReportsView } from "./reports-view";

export const metadata: Metadata = { title: "Reports" };

export default function ReportsPage() {
  return (
    <Suspense fallback={<ReportsSkeleton />}>
      <ReportsView />
    </Suspense>
  );
}
