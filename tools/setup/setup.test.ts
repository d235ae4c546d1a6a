// `npm run setup` end to end against a stand-in for `npx convex env` (no Convex deployment is reachable from tests):
// the file is checked before anything runs, keys are generated only where neither the file nor the deployment has
// one, a key on the deployment is never replaced, and no secret ever reaches the output.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { CommandResult, ConvexRunner } from "./convex-cli.js";
import { formatDotenv, parseDotenv } from "./dotenv.js";
import { jwksMatchesPrivateKey, keyGenerators, privateKeyProblem } from "./keys.js";
import { runSetup } from "./setup.js";

const APP_SECRET = "s3cr3t-app-secret-from-the-portal";
const TIKTOK_VALUES = {
  TIKTOK_APP_ID: "7000000000000000001",
  TIKTOK_APP_SECRET: APP_SECRET,
  TIKTOK_ENVIRONMENT: "production",
  TIKTOK_REDIRECT_URI: "https://ads.example.com/api/auth/tiktok/callback",
  TIKTOK_RATE_TIER: "tier2",
  SITE_URL: "https://ads.example.com",
};
const RESEND_KEY = "re_live_key_from_resend_dashboard";
/** What a production deployment should have for sign-in: an owner, and addresses proven by an emailed code. */
const SAFE_SIGN_IN = {
  OWNER_EMAIL: "owner@ads.example.com",
  AUTH_EMAIL_DELIVERY: "resend",
  AUTH_RESEND_KEY: RESEND_KEY,
  AUTH_EMAIL_FROM: "Ads <ads@ads.example.com>",
};
const PRODUCTION_VALUES = { ...TIKTOK_VALUES, ...SAFE_SIGN_IN };
const EXISTING_TOKEN_KEY = Buffer.alloc(32, 7).toString("base64");
const EXISTING_AUTH = keyGenerators.authKeys();

/** `npx convex env list / set` over an in-memory deployment, printing what the real CLI prints (names, not values). */
function fakeConvex(initial: Record<string, string> = {}, options: { failSet?: (stdin: string) => string } = {}) {
  const vars = new Map(Object.entries(initial));
  const calls: { args: string[]; stdin?: string }[] = [];
  const runner: ConvexRunner = async (args, { stdin } = {}): Promise<CommandResult> => {
    calls.push({ args, ...(stdin !== undefined ? { stdin } : {}) });
    if (args[0] === "env" && args[1] === "list") {
      expect(args).toContain("--include-values");
      // Like `convex env list`: NAME=value, quoted only when a value needs it.
      const stdout = [...vars]
        .map(([name, value]) => `${name}=${value.includes("#") ? `'${value}'` : value}\n`)
        .join("");
      return {
        code: 0,
        stdout,
        stderr: vars.size === 0 ? "No environment variables set (on dev deployment fake-cat-123)\n" : "",
      };
    }
    if (args[0] === "env" && args[1] === "set" && stdin !== undefined) {
      if (options.failSet) return { code: 1, stdout: "", stderr: options.failSet(stdin) };
      const parsed = parseDotenv(stdin);
      for (const [name, value] of parsed) vars.set(name, value);
      return {
        code: 0,
        stdout: "",
        stderr: `✔ Successfully set ${parsed.size} environment variables from stdin (on dev deployment fake-cat-123)\n`,
      };
    }
    return { code: 1, stdout: "", stderr: `unexpected: convex ${args.join(" ")}` };
  };
  return { vars, calls, runner, sets: () => calls.filter((c) => c.args[1] === "set") };
}

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "setup-test-"));
  writeFileSync(
    join(dir, ".env.local"),
    "CONVEX_DEPLOYMENT=dev:fake-cat-123 # team: t, project: p\nNEXT_PUBLIC_CONVEX_URL=https://fake-cat-123.convex.cloud\n",
  );
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function writeEnvConvex(values: Record<string, string>, extra = "") {
  writeFileSync(join(dir, ".env.convex"), `# my values\n${formatDotenv(Object.entries(values))}${extra}`);
}

async function setup(runner: ConvexRunner, ...argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runSetup(argv, { cwd: dir, runner, out: (l) => out.push(l), err: (l) => err.push(l), env: {} });
  return { code, out: out.join("\n"), err: err.join("\n"), all: [...out, ...err].join("\n") };
}

/** Every secret the deployment ends up with, and pieces of the long ones, must be absent from what was printed. */
function expectNoSecret(printed: string, secrets: (string | undefined)[]) {
  for (const secret of secrets) {
    if (!secret) continue;
    expect(printed).not.toContain(secret);
    if (secret.length > 60) expect(printed).not.toContain(secret.slice(40, 80));
  }
}

describe("npm run setup", () => {
  it("on a new deployment: sets the file's values and generates the token key and the sign-in key pair, in one call", async () => {
    writeEnvConvex({ ...PRODUCTION_VALUES, TIKTOK_TOKEN_REFRESH_WINDOW_MINUTES: "120" });
    const convex = fakeConvex();
    const run = await setup(convex.runner);
    expect(run.code, run.all).toBe(0);

    expect(convex.calls.map((c) => c.args)).toEqual([
      ["env", "list", "--include-values"],
      ["env", "set", "--force"],
    ]);
    const v = convex.vars;
    for (const [name, value] of Object.entries(PRODUCTION_VALUES)) expect(v.get(name)).toBe(value);
    expect(v.get("TIKTOK_TOKEN_REFRESH_WINDOW_MINUTES")).toBe("120");
    expect(Buffer.from(v.get("TOKEN_ENCRYPTION_KEY")!, "base64")).toHaveLength(32);
    expect(v.get("TOKEN_ENCRYPTION_KEY_ID")).toBe("k1");
    // Convex Auth's format: PKCS#8 PEM on one line, spaces for newlines; JWKS {"keys":[{"use":"sig",…}]} of that key.
    const privateKey = v.get("JWT_PRIVATE_KEY")!;
    expect(privateKey).toMatch(/^-----BEGIN PRIVATE KEY----- [A-Za-z0-9+/= ]+ -----END PRIVATE KEY-----$/);
    expect(privateKeyProblem(privateKey)).toBeUndefined();
    const jwks = JSON.parse(v.get("JWKS")!) as { keys: Record<string, string>[] };
    expect(jwks.keys[0]).toMatchObject({ use: "sig", kty: "RSA", e: "AQAB" });
    expect(jwksMatchesPrivateKey(v.get("JWKS")!, privateKey)).toBe(true);
    expect(v.has("TIKTOK_API_ORIGIN")).toBe(false); // not in the file: not set

    // Names and non-secret values are shown; secrets are not.
    expect(run.out).toMatch(/TIKTOK_APP_ID +7000000000000000001/);
    expect(run.out).toMatch(/TIKTOK_APP_SECRET +\(set, hidden\)/);
    expect(run.out).toMatch(/TOKEN_ENCRYPTION_KEY +\(generated\)/);
    expect(run.out).toMatch(/JWT_PRIVATE_KEY +\(generated\)/);
    expect(run.out).toMatch(/JWKS +\(generated\)/);
    expect(run.out).toContain("dev:fake-cat-123");
    expect(run.out).toContain("Successfully set 15 environment variables");
    expect(run.out).toMatch(/AUTH_RESEND_KEY +\(set, hidden\)/);
    expectNoSecret(run.all, [APP_SECRET, RESEND_KEY, v.get("TOKEN_ENCRYPTION_KEY"), privateKey, v.get("JWKS")]);
  });

  it("never replaces a key the deployment has, and leaves equal values alone", async () => {
    writeEnvConvex(PRODUCTION_VALUES);
    const before = {
      TOKEN_ENCRYPTION_KEY: EXISTING_TOKEN_KEY,
      TOKEN_ENCRYPTION_KEY_ID: "k7",
      ...EXISTING_AUTH,
      TIKTOK_APP_ID: PRODUCTION_VALUES.TIKTOK_APP_ID,
      TIKTOK_RATE_TIER: "basic",
    };
    const convex = fakeConvex(before);
    const run = await setup(convex.runner);
    expect(run.code, run.all).toBe(0);

    for (const name of ["TOKEN_ENCRYPTION_KEY", "TOKEN_ENCRYPTION_KEY_ID", "JWT_PRIVATE_KEY", "JWKS"] as const) {
      expect(convex.vars.get(name)).toBe(before[name]);
    }
    // Only what is new or changed is sent.
    const sent = parseDotenv(convex.sets()[0]!.stdin!);
    expect([...sent.keys()].sort()).toEqual([
      "AUTH_EMAIL_DELIVERY",
      "AUTH_EMAIL_FROM",
      "AUTH_RESEND_KEY",
      "OWNER_EMAIL",
      "SITE_URL",
      "TIKTOK_APP_SECRET",
      "TIKTOK_ENVIRONMENT",
      "TIKTOK_RATE_TIER",
      "TIKTOK_REDIRECT_URI",
    ]);
    expect(convex.vars.get("TIKTOK_RATE_TIER")).toBe("tier2");
    expect(run.out).toMatch(/TIKTOK_RATE_TIER +tier2 +\(was basic\)/);
    expect(run.out).toMatch(/TOKEN_ENCRYPTION_KEY +\(hidden\) +\(already on the deployment, kept\)/);
    expect(run.out).toMatch(/TIKTOK_APP_ID +7000000000000000001 +\(unchanged\)/);
    expectNoSecret(run.all, [APP_SECRET, EXISTING_TOKEN_KEY, EXISTING_AUTH.JWT_PRIVATE_KEY, EXISTING_AUTH.JWKS]);

    // Run again: nothing left to change, nothing set.
    const again = await setup(convex.runner);
    expect(again.code).toBe(0);
    expect(convex.sets()).toHaveLength(1);
    expect(again.out).toContain("Nothing to change");
  });

  it("generates only what is missing: JWKS derived from the deployment's private key, the token key when only it is absent", async () => {
    writeEnvConvex(PRODUCTION_VALUES);
    const convex = fakeConvex({ JWT_PRIVATE_KEY: EXISTING_AUTH.JWT_PRIVATE_KEY, TOKEN_ENCRYPTION_KEY_ID: "k3" });
    const run = await setup(convex.runner);
    expect(run.code, run.all).toBe(0);
    expect(convex.vars.get("JWT_PRIVATE_KEY")).toBe(EXISTING_AUTH.JWT_PRIVATE_KEY);
    expect(convex.vars.get("JWKS")).toBe(EXISTING_AUTH.JWKS);
    expect(convex.vars.get("TOKEN_ENCRYPTION_KEY_ID")).toBe("k3");
    expect(Buffer.from(convex.vars.get("TOKEN_ENCRYPTION_KEY")!, "base64")).toHaveLength(32);
    expect(run.out).toMatch(/JWKS +\(derived from JWT_PRIVATE_KEY\)/);
  });

  it("refuses a .env.convex key that would replace the deployment's, and sets nothing", async () => {
    const otherKey = Buffer.alloc(32, 9).toString("base64");
    const other = keyGenerators.authKeys();
    writeEnvConvex({
      ...PRODUCTION_VALUES,
      TOKEN_ENCRYPTION_KEY: otherKey,
      JWT_PRIVATE_KEY: other.JWT_PRIVATE_KEY,
      JWKS: other.JWKS,
    });
    const convex = fakeConvex({ TOKEN_ENCRYPTION_KEY: EXISTING_TOKEN_KEY, ...EXISTING_AUTH });
    const run = await setup(convex.runner);
    expect(run.code).toBe(1);
    expect(convex.sets()).toHaveLength(0);
    expect(run.err).toMatch(/TOKEN_ENCRYPTION_KEY in \.env\.convex differs from the key already on the deployment/);
    expect(run.err).toMatch(/JWT_PRIVATE_KEY in \.env\.convex differs/);
    expect(run.err).toMatch(/JWKS in \.env\.convex differs/);
    expect(run.err).toContain("Nothing was set");
    expectNoSecret(run.all, [
      APP_SECRET,
      otherKey,
      EXISTING_TOKEN_KEY,
      other.JWT_PRIVATE_KEY,
      EXISTING_AUTH.JWT_PRIVATE_KEY,
    ]);
  });

  it("lets a key be rotated when the deployment's current key stays as an old key", async () => {
    const newKey = Buffer.alloc(32, 9).toString("base64");
    writeEnvConvex({
      ...PRODUCTION_VALUES,
      TOKEN_ENCRYPTION_KEY: newKey,
      TOKEN_ENCRYPTION_KEY_ID: "k2",
      TOKEN_ENCRYPTION_OLD_KEYS: `k1:${EXISTING_TOKEN_KEY}`,
    });
    const convex = fakeConvex({ TOKEN_ENCRYPTION_KEY: EXISTING_TOKEN_KEY, ...EXISTING_AUTH });
    const run = await setup(convex.runner);
    expect(run.code, run.all).toBe(0);
    expect(convex.vars.get("TOKEN_ENCRYPTION_KEY")).toBe(newKey);
    expect(convex.vars.get("TOKEN_ENCRYPTION_OLD_KEYS")).toBe(`k1:${EXISTING_TOKEN_KEY}`);
    expect(run.out).toMatch(/TOKEN_ENCRYPTION_KEY +\(changed, hidden\)/);
    expectNoSecret(run.all, [newKey, EXISTING_TOKEN_KEY]);
  });

  it("checks the whole file first: one message per problem, naming the variable; nothing runs", async () => {
    writeEnvConvex(
      {
        TIKTOK_APP_ID: "sim-app-id",
        TIKTOK_ENVIRONMENT: "prod",
        TIKTOK_REDIRECT_URI: "http://localhost:3000/callback",
        TIKTOK_RATE_TIER: "gold",
        SITE_URL: "localhost:3000",
        TOKEN_ENCRYPTION_KEY: "c2hvcnQ=",
        TIKTOK_TOKEN_REFRESH_WINDOW_MINUTES: "10",
      },
      "TIKTOK_APP_SECRET=\nNEXT_PUBLIC_CONVEX_URL=https://x.convex.cloud\n",
    );
    const convex = fakeConvex();
    const run = await setup(convex.runner);
    expect(run.code).toBe(1);
    expect(convex.calls).toHaveLength(0);
    const problems = run.err.split("\n").filter((l) => l.startsWith("✖"));
    expect(problems).toHaveLength(7);
    expect(run.err).toMatch(/✖ TIKTOK_APP_SECRET is missing from \.env\.convex/);
    // The deployment's own words (convex/tiktok/settings.ts): one rule, one wording.
    expect(run.err).toMatch(/✖ TIKTOK_ENVIRONMENT must be production, sandbox or local; got prod/);
    expect(run.err).toMatch(
      /✖ TIKTOK_REDIRECT_URI must be this app's origin followed by \/api\/auth\/tiktok\/callback/,
    );
    expect(run.err).toMatch(/✖ TIKTOK_RATE_TIER must be one of basic, tier2, tier3, tier4; got gold/);
    expect(run.err).toMatch(/✖ SITE_URL must be the http\(s\) URL/);
    expect(run.err).toMatch(/✖ TOKEN_ENCRYPTION_KEY must be 32 random bytes, base64-encoded \(it decodes to 5 bytes\)/);
    expect(run.err).toMatch(/✖ TIKTOK_TOKEN_REFRESH_WINDOW_MINUTES must be a number of minutes, at least 30/);
    expect(run.err).toMatch(/warning: NEXT_PUBLIC_CONVEX_URL .* belongs in \.env\.local/);
    expect(run.err).toContain("Nothing was set");
    expect(run.err).not.toContain("c2hvcnQ="); // a bad secret is not quoted either
  });

  it("refuses the simulator's app credentials for TikTok itself, without printing the secret", async () => {
    writeEnvConvex({
      ...PRODUCTION_VALUES,
      TIKTOK_APP_ID: "sim-app-id",
      TIKTOK_APP_SECRET: "sim-app-secret",
      TIKTOK_ENVIRONMENT: "sandbox",
    });
    const convex = fakeConvex();
    const run = await setup(convex.runner);
    expect(run.code).toBe(1);
    expect(convex.calls).toHaveLength(0);
    expect(run.err).toMatch(/✖ TIKTOK_APP_ID is the simulator's "sim-app-id", but TIKTOK_ENVIRONMENT=sandbox/);
    expect(run.err).toMatch(/✖ TIKTOK_APP_SECRET is the simulator's placeholder/);
    expect(run.err).not.toContain("sim-app-secret");
  });

  it("says how to create .env.convex when it is missing", async () => {
    const convex = fakeConvex();
    const run = await setup(convex.runner);
    expect(run.code).toBe(1);
    expect(run.err).toContain("cp .env.convex.example .env.convex");
    expect(run.err).toMatch(/fill in the TikTok values/);
    expect(convex.calls).toHaveLength(0);
  });

  it("says to run npx convex dev first when no deployment is configured", async () => {
    rmSync(join(dir, ".env.local"));
    writeEnvConvex(PRODUCTION_VALUES);
    const convex = fakeConvex();
    const run = await setup(convex.runner);
    expect(run.code).toBe(1);
    expect(run.err).toContain("npx convex dev");
    expect(convex.calls).toHaveLength(0);
  });

  it("--dry-run prints the plan and runs nothing", async () => {
    writeEnvConvex({ ...PRODUCTION_VALUES, TIKTOK_API_ORIGIN: "https://proxy.example.com" });
    const convex = fakeConvex();
    const run = await setup(convex.runner, "--dry-run");
    expect(run.code, run.all).toBe(0);
    expect(convex.calls).toHaveLength(0);
    expect(run.out).toMatch(/Dry run: nothing is read from or set on the deployment/);
    expect(run.out).toMatch(/TIKTOK_API_ORIGIN +https:\/\/proxy\.example\.com/);
    expect(run.out).toMatch(/TIKTOK_APP_SECRET +\(set, hidden\)/);
    expect(run.out).toMatch(/TOKEN_ENCRYPTION_KEY +\(generated unless the deployment has one\)/);
    expect(run.out).toMatch(/JWT_PRIVATE_KEY +\(generated unless the deployment has one\)/);
    expect(run.out).toContain("npx convex env set --force");
    expectNoSecret(run.all, [APP_SECRET]);
  });

  it("--prod and --deployment go to the Convex CLI", async () => {
    writeEnvConvex(PRODUCTION_VALUES);
    const convex = fakeConvex();
    expect((await setup(convex.runner, "--prod")).code).toBe(0);
    expect(convex.calls.map((c) => c.args.at(-1))).toEqual(["--prod", "--prod"]);
    const other = fakeConvex();
    expect((await setup(other.runner, "--deployment", "staging")).code).toBe(0);
    expect(other.calls[1]!.args).toEqual(["env", "set", "--force", "--deployment", "staging"]);
  });

  it("with TIKTOK_ENVIRONMENT=local, reminds that npm run sim must be running", async () => {
    writeEnvConvex({
      ...PRODUCTION_VALUES,
      TIKTOK_ENVIRONMENT: "local",
      TIKTOK_APP_ID: "sim-app-id",
      TIKTOK_APP_SECRET: "sim-app-secret",
      TIKTOK_REDIRECT_URI: "http://localhost:3000/api/auth/tiktok/callback",
      SITE_URL: "http://localhost:3000",
    });
    const run = await setup(fakeConvex().runner);
    expect(run.code, run.all).toBe(0);
    expect(run.out).toMatch(/TIKTOK_ENVIRONMENT=local.*another terminal: npm run sim$/m);
    // dev:… is a cloud deployment: it cannot reach a simulator on this machine.
    expect(run.err).toMatch(/warning: TIKTOK_ENVIRONMENT=local .* cloud deployment cannot reach/);
  });

  it("shows what the Convex CLI said when it fails, with secrets blanked", async () => {
    writeEnvConvex(PRODUCTION_VALUES);
    // A CLI that echoes what it was given: nothing of it may reach the screen as is.
    const convex = fakeConvex({}, { failSet: (stdin) => `error: bad request ${stdin}` });
    const run = await setup(convex.runner);
    expect(run.code).toBe(1);
    expect(run.err).toContain("npx convex env set --force failed (exit 1)");
    expect(run.err).toContain("(hidden)");
    const sent = parseDotenv(convex.sets()[0]!.stdin!);
    expectNoSecret(run.all, [
      APP_SECRET,
      sent.get("TOKEN_ENCRYPTION_KEY"),
      sent.get("JWT_PRIVATE_KEY"),
      sent.get("JWKS"),
    ]);
  });

  it("gives up on a deployment that does not answer, and sets nothing", async () => {
    writeEnvConvex(PRODUCTION_VALUES);
    const calls: string[][] = [];
    const silent: ConvexRunner = async (args, { timeoutMs } = {}) => {
      calls.push(args);
      expect(timeoutMs).toBeGreaterThan(0);
      return {
        code: 1,
        stdout: "",
        stderr: "WebSocket closed with code 1006\nAttempting reconnect in 1089ms\n",
        timedOut: true,
      };
    };
    const run = await setup(silent);
    expect(run.code).toBe(1);
    expect(calls).toEqual([["env", "list", "--include-values"]]);
    expect(run.err).toMatch(
      /npx convex env list --include-values got no answer from the deployment within \d+ s\. It said:\n {2}WebSocket closed/,
    );
    expect(run.err).toMatch(/Nothing was set\. Is `npx convex dev` running/);
  });
});

describe("npm run setup and risky production settings", () => {
  it("refuses TIKTOK_ENVIRONMENT=production without OWNER_EMAIL, saying what to set or how to accept it; sets nothing", async () => {
    writeEnvConvex({
      ...TIKTOK_VALUES,
      AUTH_EMAIL_DELIVERY: "resend",
      AUTH_RESEND_KEY: RESEND_KEY,
      AUTH_EMAIL_FROM: "a@b.co",
    });
    const convex = fakeConvex();
    const run = await setup(convex.runner);
    expect(run.code, run.all).toBe(1);
    expect(convex.sets()).toHaveLength(0);
    expect(run.err).toMatch(
      /✖ OWNER_EMAIL is not set, and TIKTOK_ENVIRONMENT=production: the first person to sign up on this deployment becomes its admin/,
    );
    expect(run.err).toMatch(/Set OWNER_EMAIL in \.env\.convex .*run npm run setup -- --accept-risk=no-owner/);
    expect(run.err).toContain("Nothing was set");
    expectNoSecret(run.all, [APP_SECRET, RESEND_KEY]);

    // Said on purpose: set, with the risk still named.
    const accepted = await setup(convex.runner, "--accept-risk=no-owner");
    expect(accepted.code, accepted.all).toBe(0);
    expect(convex.sets()).toHaveLength(1);
    expect(accepted.err).toContain(
      "warning: accepted with --accept-risk=no-owner: no OWNER_EMAIL: the first person to sign up becomes admin",
    );
    expect(accepted.err).not.toContain("✖");
  });

  it("an OWNER_EMAIL the deployment already has counts, though .env.convex leaves it out", async () => {
    const { OWNER_EMAIL, ...rest } = PRODUCTION_VALUES;
    writeEnvConvex(rest);
    const convex = fakeConvex({ OWNER_EMAIL });
    const run = await setup(convex.runner);
    expect(run.code, run.all).toBe(0);
    expect(run.err).not.toContain("OWNER_EMAIL");
    expect(convex.vars.get("OWNER_EMAIL")).toBe(OWNER_EMAIL);
  });

  it("refuses OWNER_EMAIL without email verification in production unless --accept-risk=unverified-owner", async () => {
    writeEnvConvex({ ...TIKTOK_VALUES, OWNER_EMAIL: "owner@ads.example.com" });
    const convex = fakeConvex();
    const run = await setup(convex.runner);
    expect(run.code, run.all).toBe(1);
    expect(convex.sets()).toHaveLength(0);
    expect(run.err).toMatch(
      /✖ OWNER_EMAIL is set but AUTH_EMAIL_DELIVERY is not, and TIKTOK_ENVIRONMENT=production: addresses are never proven, so whoever signs up first as owner@ads\.example\.com becomes admin/,
    );
    expect(run.err).toMatch(/set AUTH_EMAIL_DELIVERY=resend with AUTH_RESEND_KEY and AUTH_EMAIL_FROM in \.env\.convex/);
    expect(run.err).toMatch(/--accept-risk=unverified-owner$/m);

    // The deployment's own AUTH_EMAIL_DELIVERY counts too: verification already on, nothing to accept.
    const verified = fakeConvex({
      AUTH_EMAIL_DELIVERY: "resend",
      AUTH_RESEND_KEY: RESEND_KEY,
      AUTH_EMAIL_FROM: "a@b.co",
    });
    expect((await setup(verified.runner)).code).toBe(0);

    const accepted = await setup(convex.runner, "--accept-risk", "unverified-owner");
    expect(accepted.code, accepted.all).toBe(0);
    expect(convex.vars.get("OWNER_EMAIL")).toBe("owner@ads.example.com");
    expect(accepted.err).toContain("warning: accepted with --accept-risk=unverified-owner");
  });

  it("accepting one risk does not accept another; a name setup does not know is refused with the ones it takes", async () => {
    writeEnvConvex(TIKTOK_VALUES); // no OWNER_EMAIL, no verification: only "no-owner" applies
    const convex = fakeConvex();
    expect((await setup(convex.runner, "--accept-risk=unverified-owner")).code).toBe(1);
    expect((await setup(convex.runner, "--accept-risk=no-owner", "--accept-risk=unverified-owner")).code).toBe(0);
    const unknown = await setup(fakeConvex().runner, "--accept-risk=everything");
    expect(unknown.code).toBe(2);
    expect(unknown.err).toBe('--accept-risk takes no-owner or unverified-owner; got "everything"');
  });

  it("warns about codes captured instead of sent in production, and Resend without its key or sender; setting goes ahead", async () => {
    writeEnvConvex({ ...PRODUCTION_VALUES, AUTH_EMAIL_DELIVERY: "capture" });
    const capture = await setup(fakeConvex().runner);
    expect(capture.code, capture.all).toBe(0);
    expect(capture.err).toMatch(
      /warning: AUTH_EMAIL_DELIVERY=capture with TIKTOK_ENVIRONMENT=production: sign-up codes are kept in the emailOutbox table and never sent, so nobody receives one .*: set AUTH_EMAIL_DELIVERY=resend/,
    );

    const { AUTH_RESEND_KEY: _key, AUTH_EMAIL_FROM: _from, ...noKey } = PRODUCTION_VALUES;
    writeEnvConvex(noKey);
    const resend = await setup(fakeConvex().runner);
    expect(resend.code, resend.all).toBe(0);
    expect(resend.err).toMatch(
      /warning: AUTH_EMAIL_DELIVERY=resend but AUTH_RESEND_KEY is not set: no code can be emailed, so nobody can finish signing up: set AUTH_RESEND_KEY/,
    );
    expect(resend.err).toMatch(/warning: AUTH_EMAIL_DELIVERY=resend but AUTH_EMAIL_FROM is not set: .*set it to/);
    // Resend without its key is broken anywhere, not only in production.
    writeEnvConvex({ ...noKey, TIKTOK_ENVIRONMENT: "sandbox" });
    expect((await setup(fakeConvex().runner)).err).toMatch(/warning: AUTH_EMAIL_DELIVERY=resend but AUTH_RESEND_KEY/);
  });

  it("holds only production to it: the sandbox without OWNER_EMAIL is set as before", async () => {
    writeEnvConvex({ ...TIKTOK_VALUES, TIKTOK_ENVIRONMENT: "sandbox" });
    const run = await setup(fakeConvex().runner);
    expect(run.code, run.all).toBe(0);
    expect(run.err).toBe("");
  });

  it("--dry-run refuses the same, judged on the file alone", async () => {
    writeEnvConvex(TIKTOK_VALUES);
    const convex = fakeConvex();
    const run = await setup(convex.runner, "--dry-run");
    expect(run.code).toBe(1);
    expect(convex.calls).toHaveLength(0);
    expect(run.err).toMatch(/✖ OWNER_EMAIL is not set/);
    expect(run.err).toMatch(/A real run would set nothing unless the deployment already has what is missing/);
    expect((await setup(convex.runner, "--dry-run", "--accept-risk=no-owner")).code).toBe(0);
  });
});

describe("the .env format", () => {
  it("writes values that parse back exactly, PEM keys and JSON included", () => {
    const keys = keyGenerators.authKeys();
    const values: [string, string][] = [
      ["A", "plain"],
      ["B", "with # hash"],
      ["C", `{"keys":[{"use":"sig"}]}`],
      ["D", "it's"],
      ["E", `it's "quoted"`],
      ["F", " padded "],
      ["G", "a\\nb"],
      ["JWT_PRIVATE_KEY", keys.JWT_PRIVATE_KEY],
      ["JWKS", keys.JWKS],
    ];
    expect([...parseDotenv(formatDotenv(values))]).toEqual(values);
  });

  it("reads .env files as dotenv does: comments, quotes, export, CRLF", () => {
    const parsed = parseDotenv(`# comment\r\nexport A=1 # note\r\nB="x\\ny"\nC='#not a comment'\nD=\nE = spaced \n`);
    expect(Object.fromEntries(parsed)).toEqual({ A: "1", B: "x\ny", C: "#not a comment", D: "", E: "spaced" });
  });
});
