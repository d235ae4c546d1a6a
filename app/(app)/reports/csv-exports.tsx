"use client";
/**
 * The campaign table's two downloads: its totals (exactly the table's rows, same search and order, every page, from
 * tiktok.reports.campaignCsv) and the same campaigns day by day (tiktok.reportExports.campaignDays, read page by
 * page, written by lib/reports/csv.ts). Both files start with a UTF-8 byte-order mark and are named by the account,
 * currency and dates (lib/reports/csv.ts).
 */
import { useConvex } from "convex/react";
import { useState } from "react";
import { api } from "../../../convex/_generated/api";
import type { Id } from "../../../convex/_generated/dataModel";
import type { SortOrder } from "../../../lib/lists/contract";
import { campaignDayCsv, csvFileName, csvFileText, type CampaignDays } from "../../../lib/reports/csv";
import type { ReportTableSort } from "../../../lib/reports/table";
import { errorMessage } from "../../../lib/ui/errors";
import { BusyButton } from "../../_components/busy-button";

export interface CsvExportArgs {
  workspaceId: Id<"workspaces">;
  advertiserId: string;
  from: string;
  to: string;
  sort: ReportTableSort;
  order: SortOrder;
  search?: string;
}

/** Hands `text` to the browser as a file download. */
function download(filename: string, text: string): void {
  const url = URL.createObjectURL(new Blob([csvFileText(text)], { type: "text/csv;charset=utf-8" }));
  const link = document.createElement("a");
  link.href = url;
  link.download = filename;
  document.body.append(link);
  link.click();
  link.remove();
  window.setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

export function CsvExports({
  args,
  account,
}: {
  args: CsvExportArgs;
  account: { name: string; advertiserId: string; currency: string };
}) {
  const convex = useConvex();
  const [busy, setBusy] = useState<"totals" | "days" | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const fileName = (kind: "campaigns" | "campaigns-by-day") =>
    csvFileName({ kind, account, currency: account.currency, from: args.from, to: args.to });

  const run = async (kind: "totals" | "days", work: () => Promise<void>) => {
    setBusy(kind);
    setProblem(null);
    try {
      await work();
    } catch (error) {
      setProblem(errorMessage(error, "Could not export the campaigns. Try again in a moment."));
    } finally {
      setBusy(null);
    }
  };

  const exportTotals = () =>
    run("totals", async () => {
      const { csv } = await convex.query(api.tiktok.reports.campaignCsv, args);
      download(fileName("campaigns"), csv);
    });

  const exportDays = () =>
    run("days", async () => {
      const campaigns: CampaignDays[] = [];
      let cursor: string | null = null;
      for (;;) {
        const page: { campaigns: CampaignDays[]; continueCursor: string; isDone: boolean } = await convex.query(
          api.tiktok.reportExports.campaignDays,
          {
            workspaceId: args.workspaceId,
            advertiserId: args.advertiserId,
            from: args.from,
            to: args.to,
            ...(args.search ? { search: args.search } : {}),
            cursor,
          },
        );
        campaigns.push(...page.campaigns);
        if (page.isDone) break;
        cursor = page.continueCursor;
      }
      download(fileName("campaigns-by-day"), campaignDayCsv({ currency: account.currency, campaigns }));
    });

  return (
    <>
      <BusyButton
        busy={busy === "totals"}
        disabled={busy !== null}
        className="button button--secondary"
        onClick={exportTotals}
        data-testid="export-csv"
      >
        Export totals (CSV)
      </BusyButton>
      <BusyButton
        busy={busy === "days"}
        disabled={busy !== null}
        className="button button--secondary"
        onClick={exportDays}
        data-testid="export-csv-by-day"
      >
        Export by day (CSV)
      </BusyButton>
      {problem ? (
        <p className="form-error" role="alert">
          {problem}
        </p>
      ) : null}
    </>
  );
}
