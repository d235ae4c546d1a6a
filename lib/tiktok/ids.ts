/**
 * Idempotency keys for campaign/create: TikTok's `request_id` is a 64-bit integer written as a string
 * (tiktok-api.md §5). Random 63 bits keep it positive as a signed 64-bit value.
 */
const MAX_SIGNED_64 = (1n << 63n) - 1n;

export function newRequestId(): string {
  const [value] = crypto.getRandomValues(new BigUint64Array(1));
  const id = value! & MAX_SIGNED_64 || 1n;
  return id.toString();
}

export function isRequestId(value: string): boolean {
  if (!/^[1-9]\d{0,18}$/.test(value)) return false;
  return BigInt(value) <= MAX_SIGNED_64;
}
