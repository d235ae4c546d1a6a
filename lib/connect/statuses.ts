/**
 * A TikTok connection's states, as Convex stores them (convex/tiktok/validators.ts builds its validators from these
 * lists) and the Connections page words them (lib/ui/connections.ts).
 */

/**
 * `active`: working. `needs_reauth`: TikTok refused the token (revoked, expired, refresh token invalid); only the
 * advertiser can fix it, by reconnecting. `revoked`: disconnected in this app; tokens deleted.
 */
export const CONNECTION_STATUSES = ["active", "needs_reauth", "revoked"] as const;
export type ConnectionStatus = (typeof CONNECTION_STATUSES)[number];

/**
 * How a connection's token lives (docs/tiktok-api.md §4, §7): the Marketing API's tokens are `long_lived` (no
 * expiry, verified every 6 h); tokens whose answer carried `expires_in` are `expiring` and refreshed before then.
 */
export const TOKEN_MODES = ["long_lived", "expiring"] as const;
export type TokenMode = (typeof TOKEN_MODES)[number];
