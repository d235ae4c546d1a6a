/**
 * Encryption at rest for OAuth tokens: AES-256-GCM with a key id, and additional data that binds each ciphertext
 * to the record it belongs to (a ciphertext copied onto another connection will not decrypt).
 *
 * Keys come from the environment: `TOKEN_ENCRYPTION_KEY` (32 random bytes, base64) named by
 * `TOKEN_ENCRYPTION_KEY_ID`, plus `TOKEN_ENCRYPTION_OLD_KEYS` (`id:base64,id:base64`) during a rotation.
 * New ciphertexts always use the current key; old ones still decrypt, and `needsRotation` tells the caller to
 * re-encrypt lazily (cal.com's keyring does the same).
 *
 * Web Crypto only: it runs in Convex's default runtime (actions), Node and browsers alike. Nothing here logs,
 * and no error message contains key material or plaintext.
 */

export interface SealedSecret {
  /** Which key sealed it. */
  keyId: string;
  /** 12-byte GCM nonce, base64. */
  iv: string;
  /** Ciphertext with its 16-byte tag, base64. */
  data: string;
}

export interface Keyring {
  currentKeyId: string;
  keys: Map<string, CryptoKey>;
}

/** A key setting is missing or malformed, or a secret will not open. `kind: "config"`: an operator must fix it. */
export class KeyringError extends Error {
  override name = "KeyringError";
  readonly kind = "config";
}

const KEY_BYTES = 32;
const IV_BYTES = 12;
const GENERATE_HINT = `node -e "console.log(require('crypto').randomBytes(32).toString('base64'))"`;

function fromBase64(text: string): Uint8Array {
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

function toBase64(bytes: Uint8Array): string {
  let binary = "";
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary);
}

/**
 * What a key id may look like: short and plain, so an id can be named in a message. A key pasted where an id
 * belongs (`key:id` instead of `id:key`) is 44 characters with `+`, `/` or `=` and never passes, so it is never
 * echoed back into an error, a connection's last error or a log line.
 */
const KEY_ID = /^[A-Za-z0-9._-]{1,24}$/;
export const KEY_ID_FORMAT = "1 to 24 letters, digits, '.', '_' or '-'";

export function isKeyId(value: string): boolean {
  return KEY_ID.test(value);
}

async function importKey(where: string, base64: string): Promise<CryptoKey> {
  let raw: Uint8Array;
  try {
    raw = fromBase64(base64.trim());
  } catch {
    throw new KeyringError(
      `${where} is not valid base64; it must be ${KEY_BYTES} random bytes, base64-encoded (generate one with ${GENERATE_HINT})`,
    );
  }
  if (raw.length !== KEY_BYTES) {
    throw new KeyringError(
      `${where} must be ${KEY_BYTES} bytes, base64-encoded; it decodes to ${raw.length}. Generate one with ${GENERATE_HINT}`,
    );
  }
  return crypto.subtle.importKey("raw", raw as BufferSource, "AES-GCM", false, ["encrypt", "decrypt"]);
}

/** Builds the keyring from environment variables, or says exactly which one to fix (never echoing a value). */
export async function keyringFromEnv(env: Record<string, string | undefined>): Promise<Keyring> {
  const current = env.TOKEN_ENCRYPTION_KEY;
  if (!current)
    throw new KeyringError(
      `TOKEN_ENCRYPTION_KEY is not set; generate one with ${GENERATE_HINT} and set it on the Convex deployment (npm run setup does both)`,
    );
  const currentKeyId = env.TOKEN_ENCRYPTION_KEY_ID?.trim() || "k1";
  if (!isKeyId(currentKeyId))
    throw new KeyringError(`TOKEN_ENCRYPTION_KEY_ID must be ${KEY_ID_FORMAT}; it names the key, it is not the key`);
  const keys = new Map<string, CryptoKey>([[currentKeyId, await importKey("TOKEN_ENCRYPTION_KEY", current)]]);
  const entries = (env.TOKEN_ENCRYPTION_OLD_KEYS ?? "")
    .split(",")
    .map((e) => e.trim())
    .filter(Boolean);
  for (const [index, entry] of entries.entries()) {
    const where = `TOKEN_ENCRYPTION_OLD_KEYS entry ${index + 1} of ${entries.length}`;
    const colon = entry.indexOf(":");
    const keyId = colon > 0 ? entry.slice(0, colon) : "";
    if (!isKeyId(keyId)) {
      throw new KeyringError(
        `${where} must be "id:base64key" (id first, ${KEY_ID_FORMAT}; entries comma-separated); check that id and key are not swapped`,
      );
    }
    if (keys.has(keyId)) throw new KeyringError(`${where} repeats the key id ${keyId}; each key needs its own id`);
    keys.set(keyId, await importKey(`${where}'s key`, entry.slice(colon + 1)));
  }
  return { currentKeyId, keys };
}

/** Encrypts `plaintext` with the current key, bound to `boundTo` (e.g. the owning record's stable id). */
export async function seal(keyring: Keyring, plaintext: string, boundTo: string): Promise<SealedSecret> {
  const key = keyring.keys.get(keyring.currentKeyId)!;
  const iv = crypto.getRandomValues(new Uint8Array(IV_BYTES));
  const data = await crypto.subtle.encrypt(
    { name: "AES-GCM", iv: iv as BufferSource, additionalData: new TextEncoder().encode(boundTo) as BufferSource },
    key,
    new TextEncoder().encode(plaintext),
  );
  return { keyId: keyring.currentKeyId, iv: toBase64(iv), data: toBase64(new Uint8Array(data)) };
}

/** Decrypts a sealed secret; fails without detail if it was altered or bound to another record. */
export async function unseal(keyring: Keyring, sealed: SealedSecret, boundTo: string): Promise<string> {
  const key = keyring.keys.get(sealed.keyId);
  if (!key) {
    const named = isKeyId(sealed.keyId) ? `key "${sealed.keyId}"` : "a key whose id is not configured";
    throw new KeyringError(
      `This secret was sealed with ${named}, which is not configured; add that key to TOKEN_ENCRYPTION_OLD_KEYS as "id:base64key"`,
    );
  }
  try {
    const plain = await crypto.subtle.decrypt(
      {
        name: "AES-GCM",
        iv: fromBase64(sealed.iv) as BufferSource,
        additionalData: new TextEncoder().encode(boundTo) as BufferSource,
      },
      key,
      fromBase64(sealed.data) as BufferSource,
    );
    return new TextDecoder().decode(plain);
  } catch {
    throw new KeyringError("A stored secret could not be decrypted: it was altered, or belongs to another record");
  }
}

/** True when the secret was sealed with an older key and should be re-sealed with the current one. */
export function needsRotation(keyring: Keyring, sealed: SealedSecret): boolean {
  return sealed.keyId !== keyring.currentKeyId;
}

/** SHA-256 of a string, hex: for storing values that must be matched but never read back (OAuth states). */
export async function sha256Hex(text: string): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(text));
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, "0")).join("");
}

/** `bytes` of randomness, base64url (for OAuth states and other unguessable handles). */
export function randomToken(bytes = 32): string {
  return toBase64(crypto.getRandomValues(new Uint8Array(bytes)))
    .replace(/\+/g, "-")
    .replace(/\//g, "_")
    .replace(/=+$/, "");
}
