"use client";
/**
 * Connect and Reconnect: ask Convex for a TikTok authorization URL (a fresh single-use state) and send the browser
 * there. The button stays busy while the browser leaves; coming back with the Back button re-enables it.
 */
import { useAction } from "convex/react";
import { api } from "../../../convex/_generated/api";
import type { Id } from "../../../convex/_generated/dataModel";
import { DEFAULT_RETURN_TO } from "../../../lib/connect/paths";
import { errorMessage } from "../../../lib/ui/errors";
import { useLeavingBusy } from "../../_components/use-leaving-busy";

export function useStartConnect(workspaceId: Id<"workspaces">, onError: (message: string) => void) {
  const start = useAction(api.tiktok.connections.start);
  const [busy, setBusy] = useLeavingBusy();

  const go = async () => {
    if (busy) return;
    setBusy(true);
    try {
      const { url } = await start({ workspaceId, returnTo: DEFAULT_RETURN_TO });
      window.location.assign(url);
    } catch (error) {
      setBusy(false);
      onError(errorMessage(error, "Could not start connecting to TikTok. Try again in a moment."));
    }
  };

  return { busy, go };
}
