// Who is calling: verifies the JWT a client sends (HTTP `Authorization: Bearer …`, or the sync protocol's
// `Authenticate`) against the providers in convex/auth.config.ts, as a Convex deployment does, and turns it into the
// identity functions see through `ctx.auth.getUserIdentity()`.
//
// - OIDC providers (`{ domain, applicationID }`, Convex Auth's kind): `iss` must be the domain and `aud` the
//   applicationID; keys come from `<domain>/.well-known/openid-configuration` → `jwks_uri`. When the domain is this
//   gateway (Convex Auth's CONVEX_SITE_URL), those documents are served in-process by convex/http.ts, exactly what
//   Convex Auth publishes (the JWKS env var); other domains are fetched over HTTP.
// - `customJwt` providers: `iss` must be the issuer; keys from their `jwks` URL.
// Failures carry the codes and messages Convex uses (401 over HTTP; an AuthError message over the sync protocol).

import { createPublicKey, verify, constants, type JsonWebKey as NodeJwk } from "node:crypto";
import type { JSONValue } from "convex/values";

/** The identity a function sees; `tokenIdentifier` is `${iss}|${sub}` as on Convex. */
export interface Identity {
  subject: string;
  issuer: string;
  tokenIdentifier: string;
  [claim: string]: JSONValue;
}

export interface VerifiedToken {
  identity: Identity;
  /** Epoch ms of `exp`: after it the sync protocol asks the client for a fresh token. */
  expiresAt: number;
}

export class AuthFailure extends Error {
  override name = "AuthFailure";
  constructor(
    readonly code: "Unauthenticated" | "NoAuthProvider" | "InvalidAuthHeader" | "BadAdminKey",
    message: string,
    readonly status = 401,
  ) {
    super(message);
  }

  /** The HTTP body Convex answers with: `{"code":…,"message":…}`. */
  body(): string {
    return JSON.stringify({ code: this.code, message: this.message });
  }
}

const UNVERIFIED =
  "Could not verify OIDC token claim. Check that the token signature is valid and the token hasn't expired.";

type Provider =
  | { kind: "oidc"; domain: string; applicationID: string }
  | { kind: "customJwt"; issuer: string; jwks: string; algorithm?: string; applicationID?: string };

function normalizeOrigin(url: string): string {
  const withScheme = /^[a-z]+:\/\//i.test(url) ? url : `https://${url}`;
  return withScheme.replace(/\/+$/, "");
}

/** The providers of an auth.config.ts default export. Providers whose domain is unset are left out with a warning. */
export function parseAuthConfig(config: unknown, warn: (message: string) => void = () => {}): Provider[] {
  const list = (config as { providers?: unknown[] } | undefined)?.providers ?? [];
  const providers: Provider[] = [];
  for (const raw of list) {
    const p = raw as Record<string, unknown>;
    if (p.type === "customJwt") {
      if (typeof p.issuer !== "string" || typeof p.jwks !== "string") {
        warn("auth.config.ts: a customJwt provider without issuer or jwks is ignored");
        continue;
      }
      providers.push({
        kind: "customJwt",
        issuer: normalizeOrigin(p.issuer),
        jwks: p.jwks,
        ...(typeof p.algorithm === "string" ? { algorithm: p.algorithm } : {}),
        ...(typeof p.applicationID === "string" ? { applicationID: p.applicationID } : {}),
      });
      continue;
    }
    if (typeof p.domain !== "string" || !p.domain || typeof p.applicationID !== "string") {
      warn(`auth.config.ts: a provider without domain or applicationID is ignored (is CONVEX_SITE_URL set?)`);
      continue;
    }
    providers.push({ kind: "oidc", domain: normalizeOrigin(p.domain), applicationID: p.applicationID });
  }
  return providers;
}

function describe(p: Provider): string {
  return p.kind === "oidc"
    ? `OIDC(domain=${p.domain}, app_id=${p.applicationID})`
    : `CustomJWT(issuer=${p.issuer}, app_id=${p.applicationID ?? "none"})`;
}

function base64UrlJson(part: string | undefined): Record<string, unknown> {
  if (!part) throw new Error("missing part");
  const parsed: unknown = JSON.parse(Buffer.from(part, "base64url").toString("utf8"));
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) throw new Error("not an object");
  return parsed as Record<string, unknown>;
}

type Jwk = NodeJwk & { kid?: string; use?: string; alg?: string };

function checkSignature(alg: string, jwk: Jwk, data: Buffer, signature: Buffer): boolean {
  try {
    const key = createPublicKey({ key: jwk, format: "jwk" });
    switch (alg) {
      case "RS256":
      case "RS384":
      case "RS512":
        return verify(`sha${alg.slice(2)}`, data, key, signature);
      case "PS256":
      case "PS384":
      case "PS512":
        return verify(
          `sha${alg.slice(2)}`,
          data,
          { key, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: Number(alg.slice(2)) / 8 },
          signature,
        );
      case "ES256":
      case "ES384":
        return verify(`sha${alg.slice(2)}`, data, { key, dsaEncoding: "ieee-p1363" }, signature);
      case "EdDSA":
        return verify(null, data, key, signature);
      default:
        return false;
    }
  } catch {
    return false; // a key of another type, or a malformed key
  }
}

const STANDARD_CLAIMS: Record<string, string> = {
  name: "name",
  given_name: "givenName",
  family_name: "familyName",
  nickname: "nickname",
  preferred_username: "preferredUsername",
  profile: "profileUrl",
  picture: "pictureUrl",
  email: "email",
  email_verified: "emailVerified",
  gender: "gender",
  birthdate: "birthday",
  zoneinfo: "timezone",
  locale: "language",
  phone_number: "phoneNumber",
  phone_number_verified: "phoneNumberVerified",
  address: "address",
  updated_at: "updatedAt",
};
const RESERVED_CLAIMS = new Set(["iss", "sub", "aud", "exp", "iat", "nbf", "jti"]);

function identityFrom(claims: Record<string, unknown>, issuer: string, subject: string): Identity {
  const identity: Identity = { subject, issuer, tokenIdentifier: `${issuer}|${subject}` };
  for (const [claim, value] of Object.entries(claims)) {
    if (RESERVED_CLAIMS.has(claim) || value === undefined || value === null) continue;
    identity[STANDARD_CLAIMS[claim] ?? claim] = value as JSONValue;
  }
  return identity;
}

/** Fetches a JSON document (a discovery document or a JWKS); the gateway serves its own origin in-process. */
export type FetchJson = (url: string) => Promise<unknown>;

const KEYS_TTL_MS = 10 * 60_000;
/** A signature that fails against cached keys refetches them, at most this often (key rotation). */
const REFETCH_AFTER_MS = 2_000;

export class TokenVerifier {
  private readonly keys = new Map<string, { keys: Jwk[]; fetchedAt: number }>();

  constructor(
    private readonly providers: Provider[],
    private readonly fetchJson: FetchJson,
  ) {}

  async verify(token: string, now = Date.now()): Promise<VerifiedToken> {
    const parts = token.split(".");
    let header: Record<string, unknown>;
    let claims: Record<string, unknown>;
    try {
      if (parts.length !== 3) throw new Error("not three parts");
      header = base64UrlJson(parts[0]);
      claims = base64UrlJson(parts[1]);
    } catch {
      throw new AuthFailure(
        "InvalidAuthHeader",
        "Could not parse JWT payload. Check that the token is a valid JWT format with three parts separated by dots.",
      );
    }
    const issuer = typeof claims.iss === "string" ? normalizeOrigin(claims.iss) : undefined;
    const audiences = typeof claims.aud === "string" ? [claims.aud] : Array.isArray(claims.aud) ? claims.aud : [];
    const provider = this.providers.find((p) =>
      p.kind === "oidc"
        ? p.domain === issuer && audiences.includes(p.applicationID)
        : p.issuer === issuer && (p.applicationID === undefined || audiences.includes(p.applicationID)),
    );
    if (!provider) {
      throw new AuthFailure(
        "NoAuthProvider",
        this.providers.length === 0
          ? "No auth provider found matching the given token (no providers configured). Check convex/auth.config.ts."
          : `No auth provider found matching the given token. Check that your JWT's issuer and audience match one of your configured providers: [${this.providers.map(describe).join(", ")}]`,
      );
    }

    const alg = typeof header.alg === "string" ? header.alg : "";
    if (provider.kind === "customJwt" && provider.algorithm && provider.algorithm !== alg)
      throw new AuthFailure("Unauthenticated", UNVERIFIED);
    const data = Buffer.from(`${parts[0]}.${parts[1]}`);
    const signature = Buffer.from(parts[2]!, "base64url");
    const kid = typeof header.kid === "string" ? header.kid : undefined;
    const signedBy = (keys: Jwk[]) =>
      keys
        .filter(
          (k) =>
            (kid === undefined || k.kid === kid) &&
            (k.use === undefined || k.use === "sig") &&
            (k.alg === undefined || k.alg === alg),
        )
        .some((k) => checkSignature(alg, k, data, signature));
    let valid = signedBy(await this.keysOf(provider, now, false));
    if (!valid) valid = signedBy(await this.keysOf(provider, now, true));
    if (!valid) throw new AuthFailure("Unauthenticated", UNVERIFIED);

    const exp = claims.exp;
    if (typeof exp !== "number" || exp * 1000 <= now) throw new AuthFailure("Unauthenticated", UNVERIFIED);
    if (typeof claims.nbf === "number" && claims.nbf * 1000 > now + 60_000)
      throw new AuthFailure("Unauthenticated", UNVERIFIED);
    if (typeof claims.sub !== "string" || !claims.sub) throw new AuthFailure("Unauthenticated", UNVERIFIED);

    return { identity: identityFrom(claims, claims.iss as string, claims.sub), expiresAt: exp * 1000 };
  }

  private async keysOf(provider: Provider, now: number, refresh: boolean): Promise<Jwk[]> {
    const id = provider.kind === "oidc" ? provider.domain : provider.jwks;
    const cached = this.keys.get(id);
    if (cached && now - cached.fetchedAt < KEYS_TTL_MS && (!refresh || now - cached.fetchedAt < REFETCH_AFTER_MS)) {
      return cached.keys;
    }
    try {
      let jwksUrl = provider.kind === "customJwt" ? provider.jwks : undefined;
      if (provider.kind === "oidc") {
        const discovery = (await this.fetchJson(`${provider.domain}/.well-known/openid-configuration`)) as {
          jwks_uri?: unknown;
        };
        if (typeof discovery?.jwks_uri !== "string") throw new Error("no jwks_uri in the discovery document");
        jwksUrl = discovery.jwks_uri;
      }
      const jwks = (await this.fetchJson(jwksUrl!)) as { keys?: unknown };
      const keys = Array.isArray(jwks?.keys) ? (jwks.keys as Jwk[]) : [];
      this.keys.set(id, { keys, fetchedAt: now });
      return keys;
    } catch (e) {
      // Keys that cannot be fetched verify nothing; the token is refused like a bad signature.
      if (cached) return cached.keys;
      throw new AuthFailure(
        "Unauthenticated",
        `${UNVERIFIED} (could not fetch the keys of ${describe(provider)}: ${e instanceof Error ? e.message : String(e)})`,
      );
    }
  }
}

/** Parses an HTTP `Authorization` header: no header is an anonymous caller. */
export async function identityFromHeader(
  header: string | undefined,
  verifier: TokenVerifier,
): Promise<VerifiedToken | null> {
  if (!header) return null;
  const [scheme, value] = header.split(/\s+/, 2);
  if (scheme === "Bearer" && value) return await verifier.verify(value);
  if (scheme === "Convex") {
    throw new AuthFailure(
      "BadAdminKey",
      "The Convex gateway accepts no admin keys: call internal functions through POST /_gateway/run.",
    );
  }
  throw new AuthFailure("InvalidAuthHeader", "The Authorization header must be `Bearer <token>`.");
}
