"use client";
/**
 * Pause and enable with immediate feedback: the switch shows the new state the moment it is pressed (a local
 * override), TikTok is asked, and the override either gives way to the synced row once it agrees or is rolled back
 * with TikTok's refusal in words. One operation key per press: pressing again is a new intent.
 */
import { useAction } from "convex/react";
import { useCallback, useState } from "react";
import type { NoticeMessage } from "../../_components/notice";
import type { Id } from "../../../convex/_generated/dataModel";
import { campaignFailure, campaignsNamed, statusChangeNotice, statusChangeWords } from "../../../lib/ui/campaigns";
import { campaignsApi, newOperationKey, type CampaignRow } from "./campaign-api";

/** How long a switch TikTok accepted may show ahead of the synced row. */
const OVERRIDE_TTL_MS = 15_000;

export type Say = (message: Omit<NoticeMessage, "id">) => void;
export type Switch = "ENABLE" | "DISABLE";

interface Override {
  status: Switch;
  /** TikTok said yes; waiting for the synced row to say the same. */
  sent: boolean;
}

/** The notice for a refused campaign change: TikTok's words, its code and request_id, and what to do next. */
export function sayFailure(say: Say, error: unknown, what: string) {
  const failure = campaignFailure(error, what);
  say({
    tone: "error",
    message: `${failure.title} ${failure.message}`,
    detail: failure.reference
      ? `${failure.reference} — quote these if you contact TikTok support.`
      : failure.reconnect
        ? "Open Connections and press Reconnect."
        : undefined,
  });
}

export function useStatusChanges({
  workspaceId,
  advertiserId,
  rows,
  say,
}: {
  workspaceId: Id<"workspaces">;
  advertiserId: string;
  rows: readonly CampaignRow[];
  say: Say;
}) {
  const setStatus = useAction(campaignsApi.setStatus);
  const [overrides, setOverrides] = useState<ReadonlyMap<string, Override>>(new Map());

  // An override TikTok accepted gives way once the synced row agrees (computed while rendering, not in an effect,
  // so the switch never flickers back for a frame).
  const agreed = [...overrides].filter(
    ([id, o]) => o.sent && rows.find((r) => r.campaignId === id)?.operationStatus === o.status,
  );
  if (agreed.length) {
    setOverrides((prev) => {
      const next = new Map(prev);
      for (const [id] of agreed) next.delete(id);
      return next;
    });
  }

  const change = useCallback(
    async (targets: readonly CampaignRow[], status: Switch): Promise<boolean> => {
      const ids = targets.map((r) => r.campaignId);
      if (!ids.length) return false;
      const words = statusChangeWords(status);
      const named = campaignsNamed(targets.map((r) => r.name));
      const patch = (update: (next: Map<string, Override>) => void) =>
        setOverrides((prev) => {
          const next = new Map(prev);
          update(next);
          return next;
        });
      patch((next) => ids.forEach((id) => next.set(id, { status, sent: false })));
      try {
        const result = await setStatus({
          workspaceId,
          advertiserId,
          operationKey: newOperationKey(),
          campaignIds: ids,
          status,
        });
        const changed = new Set(result.campaignIds);
        patch((next) =>
          ids.forEach((id) => (changed.has(id) ? next.set(id, { status, sent: true }) : next.delete(id))),
        );
        // The synced row normally agrees within moments; if it never does (the row left the page, or TikTok
        // describes it otherwise), the row's own status wins after a while rather than the switch lying.
        window.setTimeout(
          () => patch((next) => ids.forEach((id) => next.get(id)?.sent && next.delete(id))),
          OVERRIDE_TTL_MS,
        );
        say(statusChangeNotice(status, targets, result));
        return true;
      } catch (error) {
        patch((next) => ids.forEach((id) => next.delete(id)));
        sayFailure(say, error, `${words.verb} ${named}`);
        return false;
      }
    },
    [setStatus, workspaceId, advertiserId, say],
  );

  return { overrides, change };
}

/** A row as it should be shown: with the switch the person just pressed, and the status words to match. */
export function withOverride(row: CampaignRow, override: Override | undefined): CampaignRow {
  if (!override) return row;
  return {
    ...row,
    operationStatus: override.status,
    secondaryStatus: override.status === "ENABLE" ? "CAMPAIGN_STATUS_ENABLE" : "CAMPAIGN_STATUS_DISABLE",
  };
}
