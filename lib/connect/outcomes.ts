/**
 * How a "Connect TikTok" attempt ended, and what the Connections page tells the marketer. Shared by the callback
 * route (which picks the outcome) and the page (which shows the message): the outcome travels in the redirect's
 * `tiktok` query parameter, never any detail that could be sensitive.
 */
export const CONNECT_OUTCOMES = {
  connected: {
    tone: "success",
    message: "Your TikTok ad accounts are connected. Their first sync has started: follow it below, then open Reports.",
  },
  reconnected: { tone: "success", message: "Your TikTok connection is working again." },
  denied: { tone: "info", message: "Access was declined on TikTok's page, so nothing was connected." },
  missing_code: {
    tone: "error",
    message: "TikTok sent you back without an authorization code. Nothing was connected; try Connect TikTok again.",
  },
  missing_state: {
    tone: "error",
    message: "This link is missing its security check. Nothing was connected; start again from Connect TikTok.",
  },
  unknown_state: {
    tone: "error",
    message: "This connect link was not issued by this app. Nothing was connected; start again from Connect TikTok.",
  },
  already_used: {
    tone: "info",
    message: "This connect link was already used. If your accounts are not listed below, connect again.",
  },
  expired_state: {
    tone: "error",
    message: "This connect link expired (links last 10 minutes). Nothing was connected; start again.",
  },
  wrong_user: {
    tone: "error",
    message: "This connect link was started by someone else. Start your own from Connect TikTok.",
  },
  code_rejected: {
    tone: "error",
    message:
      "TikTok refused the authorization (it may have expired or been used already). Nothing was connected; try again.",
  },
  already_connected: {
    tone: "info",
    message:
      "These ad accounts are already connected in this workspace through another TikTok login, so nothing changed.",
  },
  no_advertisers: {
    tone: "error",
    message: "No ad accounts were authorized. Choose at least one account on TikTok's page.",
  },
  not_allowed: {
    tone: "error",
    message: "Your role cannot connect ad accounts. Ask a workspace admin for the marketer role.",
  },
  tiktok_unavailable: {
    tone: "error",
    message: "TikTok did not answer. Nothing was connected; try again in a few minutes.",
  },
  failed: { tone: "error", message: "Something went wrong while connecting to TikTok. Nothing was stored; try again." },
} as const satisfies Record<string, { tone: "success" | "info" | "error"; message: string }>;

export type ConnectOutcome = keyof typeof CONNECT_OUTCOMES;

export function isConnectOutcome(value: string | null | undefined): value is ConnectOutcome {
  return typeof value === "string" && Object.hasOwn(CONNECT_OUTCOMES, value);
}
