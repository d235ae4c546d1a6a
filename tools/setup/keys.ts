// The keys `npm run setup` can make: the token encryption key, and Convex Auth's sign-in key pair in exactly the form
// `npx @convex-dev/auth` writes (PKCS#8 PEM on one line with spaces for newlines; JWKS {"keys":[{"use":"sig",…}]}).

import { createPrivateKey, createPublicKey, generateKeyPairSync, randomBytes } from "node:crypto";

export const TOKEN_KEY_BYTES = 32;
export const GENERATE_TOKEN_KEY_HINT = `node -e "console.log(require('crypto').randomBytes(32).toString('base64'))"`;

export interface AuthKeys {
  JWT_PRIVATE_KEY: string;
  JWKS: string;
}

export interface KeyGenerators {
  tokenEncryptionKey(): string;
  authKeys(): AuthKeys;
}

export const keyGenerators: KeyGenerators = {
  tokenEncryptionKey: () => randomBytes(TOKEN_KEY_BYTES).toString("base64"),
  authKeys() {
    const { privateKey } = generateKeyPairSync("rsa", { modulusLength: 2048, publicExponent: 65537 });
    const pem = privateKey.export({ type: "pkcs8", format: "pem" }).toString();
    const oneLine = pem.trimEnd().replace(/\n/g, " ");
    return { JWT_PRIVATE_KEY: oneLine, JWKS: jwksFromPrivateKey(oneLine) };
  },
};

/** The number of bytes a strict base64 string decodes to, or undefined if it is not base64. */
export function base64Bytes(text: string): number | undefined {
  if (text.length === 0 || text.length % 4 !== 0 || !/^[A-Za-z0-9+/]+={0,2}$/.test(text)) return undefined;
  return Buffer.from(text, "base64").length;
}

/** A PEM key from its one-line environment form (newlines as spaces), or as is. */
function pemOf(value: string): string | undefined {
  const m = /-----BEGIN ([A-Z ]+)-----([\s\S]*)-----END \1-----/.exec(value);
  if (!m) return undefined;
  const body = m[2]!.replace(/\s+/g, "");
  return `-----BEGIN ${m[1]}-----\n${(body.match(/.{1,64}/g) ?? []).join("\n")}\n-----END ${m[1]}-----\n`;
}

/** Why this JWT_PRIVATE_KEY value cannot sign Convex Auth's RS256 tokens, or undefined if it can. Never quotes it. */
export function privateKeyProblem(value: string): string | undefined {
  const pem = pemOf(value);
  if (!pem || !pem.startsWith("-----BEGIN PRIVATE KEY-----")) {
    return "must be an RS256 private key in PKCS#8 PEM form (-----BEGIN PRIVATE KEY----- …), on one line with spaces for newlines";
  }
  try {
    const key = createPrivateKey(pem);
    if (key.asymmetricKeyType !== "rsa") return "must be an RSA key (Convex Auth signs with RS256)";
  } catch {
    return "is not a readable PKCS#8 PEM private key";
  }
  return undefined;
}

/** The JWKS that publishes this JWT_PRIVATE_KEY's public half, as `npx @convex-dev/auth` writes it. */
export function jwksFromPrivateKey(value: string): string {
  const jwk = createPublicKey(createPrivateKey(pemOf(value)!)).export({ format: "jwk" });
  return JSON.stringify({ keys: [{ use: "sig", ...jwk }] });
}

/** Why this JWKS value cannot be used, or undefined. */
export function jwksProblem(value: string): string | undefined {
  try {
    const parsed = JSON.parse(value) as { keys?: unknown };
    if (!Array.isArray(parsed.keys) || parsed.keys.length === 0)
      return 'must be JSON like {"keys":[{…}]} with at least one key';
    if (
      !parsed.keys.some(
        (k: { kty?: unknown; n?: unknown; e?: unknown }) =>
          k?.kty === "RSA" && typeof k.n === "string" && typeof k.e === "string",
      )
    ) {
      return "must contain an RSA public key (kty, n, e)";
    }
  } catch {
    return 'must be JSON like {"keys":[{…}]}';
  }
  return undefined;
}

/** True when the JWKS publishes the public half of this private key (both already valid). */
export function jwksMatchesPrivateKey(jwks: string, privateKey: string): boolean {
  const own = JSON.parse(jwksFromPrivateKey(privateKey)) as { keys: { n: string; e: string }[] };
  const published = JSON.parse(jwks) as { keys: { n?: string; e?: string }[] };
  return published.keys.some((k) => k.n === own.keys[0]!.n && k.e === own.keys[0]!.e);
}
