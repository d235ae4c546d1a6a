import { getScriptNonceFromHeader } from "next/dist/server/app-render/get-script-nonce-from-header.js";
import { describe, expect, it } from "vitest";
import { contentSecurityPolicy, newNonce, parsePolicy, type PolicyInputs } from "./content-security-policy";

const PRODUCTION: PolicyInputs = {
  nonce: "bm9uY2UtZm9yLXRlc3Rz",
  convexUrl: "https://happy-otter-123.convex.cloud",
  development: false,
  secure: true,
};

const policy = (inputs: Partial<PolicyInputs> = {}) => parsePolicy(contentSecurityPolicy({ ...PRODUCTION, ...inputs }));

describe("contentSecurityPolicy", () => {
  it("runs only scripts carrying the response's nonce and what they load: no inline code, no eval", () => {
    expect(policy().get("script-src")).toEqual(["'self'", "'nonce-bm9uY2UtZm9yLXRlc3Rz'", "'strict-dynamic'"]);
    expect(policy().get("default-src")).toEqual(["'self'"]);
  });

  it("allows eval in development only, where React rebuilds server error stacks with it", () => {
    expect(policy({ development: true }).get("script-src")).toContain("'unsafe-eval'");
    expect(contentSecurityPolicy(PRODUCTION)).not.toContain("unsafe-eval");
  });

  it("styles: stylesheets from the site or carrying the nonce; style attributes (React's style props) allowed", () => {
    expect(policy().get("style-src")).toEqual(["'self'", "'nonce-bm9uY2UtZm9yLXRlc3Rz'"]);
    expect(policy().get("style-src-attr")).toEqual(["'unsafe-inline'"]);
    // Next.js's development styles carry no nonce (a nonce beside 'unsafe-inline' would switch it off).
    expect(policy({ development: true }).get("style-src")).toEqual(["'self'", "'unsafe-inline'"]);
  });

  it("no plugins, no <base>, forms post only to the site, and no page may be framed", () => {
    const p = policy();
    expect(p.get("object-src")).toEqual(["'none'"]);
    expect(p.get("base-uri")).toEqual(["'none'"]);
    expect(p.get("form-action")).toEqual(["'self'"]);
    expect(p.get("frame-ancestors")).toEqual(["'none'"]);
  });

  it("connects to the site and to the Convex deployment over https and its wss WebSocket", () => {
    expect(policy().get("connect-src")).toEqual([
      "'self'",
      "https://happy-otter-123.convex.cloud",
      "wss://happy-otter-123.convex.cloud",
    ]);
  });

  it("a local backend on plain http is reached over ws, port included", () => {
    expect(policy({ convexUrl: "http://127.0.0.1:3210/" }).get("connect-src")).toEqual([
      "'self'",
      "http://127.0.0.1:3210",
      "ws://127.0.0.1:3210",
    ]);
  });

  it("an unset or malformed Convex URL adds nothing, and cannot smuggle in a directive", () => {
    expect(policy({ convexUrl: undefined }).get("connect-src")).toEqual(["'self'"]);
    for (const convexUrl of ["not a url", "javascript:alert(1)", "https://x.convex.cloud; script-src *"]) {
      const header = contentSecurityPolicy({ ...PRODUCTION, convexUrl });
      expect(parsePolicy(header).get("connect-src"), convexUrl).toEqual(["'self'"]);
      expect(parsePolicy(header).get("script-src"), convexUrl).not.toContain("*");
    }
    // Only the origin goes in: a path or query on the variable stays out of the header.
    expect(policy({ convexUrl: "https://x.convex.cloud/a;b?c d" }).get("connect-src")).toEqual([
      "'self'",
      "https://x.convex.cloud",
      "wss://x.convex.cloud",
    ]);
  });

  it("upgrades insecure requests only on pages served over https (it would break local http)", () => {
    expect(policy().has("upgrade-insecure-requests")).toBe(true);
    expect(policy({ secure: false }).has("upgrade-insecure-requests")).toBe(false);
  });

  it("Next.js reads the nonce back from the header, which is how it puts it on its scripts", () => {
    const nonce = newNonce();
    expect(getScriptNonceFromHeader(contentSecurityPolicy({ ...PRODUCTION, nonce }))).toBe(nonce);
  });
});

describe("newNonce", () => {
  it("is 128 random bits in base64, new every time", () => {
    const nonces = Array.from({ length: 50 }, newNonce);
    for (const nonce of nonces) {
      expect(nonce).toMatch(/^[A-Za-z0-9+/]{22}==$/);
      expect(atob(nonce)).toHaveLength(16);
    }
    expect(new Set(nonces).size).toBe(nonces.length);
  });
});
