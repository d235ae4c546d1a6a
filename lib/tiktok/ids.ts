/**
 * Idempotency keys for campaign/create: TikTok's `request_id` is a 64-bit integer written as a string
 * (docs/tiktok-api.md §5). Random 63 bits keep it positive as a signed 64-bit value.
 */
const MAX_SIGNED_64 = (1n << 63n) - 1n;

/**
 * The longest id accepted from a caller (advertiser, campaign, ad group, ad): TikTok's are 19-digit numbers today, so
 * anything much longer is not TikTok's and is refused before it reaches a lookup or a call.
 */
export const MAX_ID_LENGTH = 32;

export function newRequestId(): string {
  const [value] = crypto.getRandomValues(new BigUint64Array(1));
  const id = value! & MAX_SIGNED_64 || 1n;
  return id.toString();
}

export function isRequestId(value: string): boolean {
  if (!/^[1-9]\d{0,18}$/.test(value)) return false;
  return BigInt(value) <= MAX_SIGNED_64;
}

/**
 * A request_id derived from a caller's own operation key: the same key always gives the same request_id, so a create
 * retried after a timeout stays one campaign at TikTok even when the caller lost its record of the first attempt.
 */
export async function requestIdFor(operationKey: string): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", new TextEncoder().encode(operationKey)));
  const value = new DataView(digest.buffer).getBigUint64(0) & MAX_SIGNED_64;
  return (value || 1n).toString();
}
