// Sign-in keys for a gateway that has none (the demo, tests): Convex Auth signs its JWTs with JWT_PRIVATE_KEY and
// publishes JWKS; both must come from one RS256 key pair. The gateway's database lives in memory, so throwaway keys
// lose nothing. Also signs tokens directly, for tests that need a user's token without going through sign-in.

import { createPrivateKey, generateKeyPairSync, sign } from "node:crypto";

export interface AuthKeys {
  /** PKCS#8 PEM on one line, newlines as spaces (how Convex Auth expects it in the environment). */
  JWT_PRIVATE_KEY: string;
  /** `{"keys":[…]}` with the public key. */
  JWKS: string;
}

export function generateAuthKeys(): AuthKeys {
  const { publicKey, privateKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
  const pem = privateKey.export({ type: "pkcs8", format: "pem" }).toString();
  const jwk = publicKey.export({ format: "jwk" });
  return {
    JWT_PRIVATE_KEY: pem.trimEnd().replace(/\n/g, " "),
    JWKS: JSON.stringify({ keys: [{ use: "sig", alg: "RS256", ...jwk }] }),
  };
}

/** A PEM key from its one-line environment form (newlines as spaces) or as is. */
function pemOf(value: string): string {
  const m = /-----BEGIN ([A-Z ]+)-----([\s\S]*)-----END \1-----/.exec(value);
  if (!m) throw new Error("JWT_PRIVATE_KEY is not a PEM key");
  const body = m[2]!.replace(/\s+/g, "");
  return `-----BEGIN ${m[1]}-----\n${body.match(/.{1,64}/g)!.join("\n")}\n-----END ${m[1]}-----\n`;
}

/** An RS256 JWT with these claims, signed with a JWT_PRIVATE_KEY value. */
export function signJwt(privateKeyPem: string, claims: Record<string, unknown>): string {
  const key = createPrivateKey(pemOf(privateKeyPem));
  const encode = (part: unknown) => Buffer.from(JSON.stringify(part)).toString("base64url");
  const signingInput = `${encode({ alg: "RS256", typ: "JWT" })}.${encode(claims)}`;
  return `${signingInput}.${sign("sha256", Buffer.from(signingInput), key).toString("base64url")}`;
}
