// Every variable our Convex functions read (documented in .env.convex.example), and the checks `npm run setup` makes on
// .env.convex before it sets anything. Messages name the variable and say what to change; they never quote a secret.

import { emailDelivery } from "../../convex/authEmail";
import { settingsProblems, SYNC_SETTINGS } from "../../convex/tiktok/settings";
import { isKeyId, KEY_ID_FORMAT } from "../../lib/secrets/keyring";
import { isEmailAddress } from "../../lib/ui/errors";
import { formatDotenvValue } from "./dotenv.js";
import { base64Bytes, GENERATE_TOKEN_KEY_HINT, jwksProblem, privateKeyProblem, TOKEN_KEY_BYTES } from "./keys.js";

export const CALLBACK_PATH = "/api/auth/tiktok/callback";
/** The simulator's own app credentials (tools/tiktok-sim): fine for TIKTOK_ENVIRONMENT=local, never for TikTok. */
export const SIM_APP_ID = "sim-app-id";
export const SIM_APP_SECRET = "sim-app-secret";

export interface VariableSpec {
  name: string;
  /** Never printed: shown as "(set, hidden)" and redacted from anything the Convex CLI says. */
  secret: boolean;
  /** Must be in .env.convex. */
  required: boolean;
  /** What to put there when it is missing. */
  hint?: string;
  /** A problem with the value (the sentence after the name), or undefined. */
  check?(value: string): string | undefined;
}

function httpUrl(value: string): URL | undefined {
  try {
    const url = new URL(value);
    return url.protocol === "http:" || url.protocol === "https:" ? url : undefined;
  } catch {
    return undefined;
  }
}

export const VARIABLES: readonly VariableSpec[] = [
  {
    name: "TIKTOK_APP_ID",
    secret: false,
    required: true,
    hint: `your app's id from the TikTok for Business developer portal (My Apps → your app), or ${SIM_APP_ID} for the simulator`,
  },
  {
    name: "TIKTOK_APP_SECRET",
    secret: true,
    required: true,
    hint: `your app's secret from the TikTok for Business developer portal, or ${SIM_APP_SECRET} for the simulator`,
  },
  {
    name: "TIKTOK_ENVIRONMENT",
    secret: false,
    required: true,
    hint: "production, sandbox or local (the simulator)",
  },
  {
    name: "TIKTOK_API_ORIGIN",
    secret: false,
    required: false,
    check: (v) =>
      httpUrl(v)
        ? undefined
        : `must be an http(s) origin such as http://127.0.0.1:8787, or empty for the environment's default; it is "${v}"`,
  },
  {
    name: "TIKTOK_REDIRECT_URI",
    secret: false,
    required: true,
    hint: `where the Next.js app is served followed by ${CALLBACK_PATH}, e.g. http://localhost:3000${CALLBACK_PATH}`,
  },
  {
    name: "TIKTOK_RATE_TIER",
    secret: false,
    required: true,
    hint: "your app's rate tier at TikTok: basic, tier2, tier3 or tier4 (basic if unsure)",
  },
  {
    name: "TIKTOK_TOKEN_REFRESH_WINDOW_MINUTES",
    secret: false,
    required: false,
  },
  // Sync settings: their bounds live with the resolver (convex/tiktok/settings.ts SYNC_SETTINGS), which judges them.
  ...Object.values(SYNC_SETTINGS).map(({ variable }) => ({ name: variable, secret: false, required: false })),
  { name: "TIKTOK_SYNC_ENABLED", secret: false, required: false },
  {
    name: "TOKEN_ENCRYPTION_KEY",
    secret: true,
    required: false,
    check: (v) => {
      const bytes = base64Bytes(v);
      if (bytes === TOKEN_KEY_BYTES) return undefined;
      const what = bytes === undefined ? "it is not base64" : `it decodes to ${bytes} bytes`;
      return `must be ${TOKEN_KEY_BYTES} random bytes, base64-encoded (${what}). Remove it from .env.convex to have one generated, or make one with ${GENERATE_TOKEN_KEY_HINT}`;
    },
  },
  {
    name: "TOKEN_ENCRYPTION_KEY_ID",
    secret: false,
    required: false,
  },
  {
    name: "TOKEN_ENCRYPTION_OLD_KEYS",
    secret: true,
    required: false,
    check: (v) => {
      const ids = new Set<string>();
      for (const entry of v
        .split(",")
        .map((e) => e.trim())
        .filter(Boolean)) {
        const colon = entry.indexOf(":");
        const id = entry.slice(0, colon);
        if (colon <= 0 || !isKeyId(id)) return 'must be "id:base64key" entries separated by commas (e.g. k1:…,k2:…)';
        if (base64Bytes(entry.slice(colon + 1)) !== TOKEN_KEY_BYTES)
          return `has a key for "${id}" that is not ${TOKEN_KEY_BYTES} bytes, base64-encoded`;
        if (ids.has(id)) return `names key "${id}" twice; each key needs its own id`;
        ids.add(id);
      }
      return undefined;
    },
  },
  {
    name: "SITE_URL",
    secret: false,
    required: true,
    hint: "where the Next.js app is served, e.g. http://localhost:3000",
    check: (v) =>
      httpUrl(v)
        ? undefined
        : `must be the http(s) URL the Next.js app is served at, e.g. http://localhost:3000; it is "${v}"`,
  },
  // Email verification at sign-up (convex/authEmail.ts): off when AUTH_EMAIL_DELIVERY is unset.
  {
    name: "AUTH_EMAIL_DELIVERY",
    secret: false,
    required: false,
  },
  { name: "AUTH_RESEND_KEY", secret: true, required: false },
  {
    name: "OWNER_EMAIL",
    secret: false,
    required: false,
    check: (v) =>
      isEmailAddress(v) ? undefined : "must be the email address of whoever may become this deployment's first admin",
  },
  { name: "AUTH_EMAIL_FROM", secret: false, required: false },
  { name: "JWT_PRIVATE_KEY", secret: true, required: false, check: privateKeyProblem },
  // Public, but long and of no use on screen: shown like a secret.
  { name: "JWKS", secret: true, required: false, check: jwksProblem },
];

export const VARIABLE_NAMES = new Set(VARIABLES.map((v) => v.name));
export const SECRET_NAMES = new Set(VARIABLES.filter((v) => v.secret).map((v) => v.name));

/** Read by Next.js or the local tools (.env.local / the shell), never by the Convex functions. */
const LOCAL_NAMES = new Set([
  "NEXT_PUBLIC_CONVEX_URL",
  "CONVEX_DEPLOYMENT",
  "CONVEX_URL",
  "TIKTOK_SIM_PORT",
  "CONVEX_GATEWAY_PORT",
  "CHROMIUM_PATH",
  "PORT",
]);
/** Set by Convex itself on every deployment. */
const CONVEX_MANAGED = new Set(["CONVEX_SITE_URL", "CONVEX_CLOUD_URL"]);

export interface FileCheck {
  /** The known variables with a non-empty value, trimmed; JWT_PRIVATE_KEY normalized to its one-line form. */
  values: Map<string, string>;
  /** Each one names the variable and says what to change. Any problem: nothing is set. */
  problems: string[];
  /** Worth saying, but setting goes ahead. */
  warnings: string[];
}

/** Checks the variables read from .env.convex (`file` names the file in messages). */
export function checkFileValues(raw: Map<string, string>, file = ".env.convex"): FileCheck {
  const values = new Map<string, string>();
  const problems: string[] = [];
  const warnings: string[] = [];
  for (const [name, rawValue] of raw) {
    if (VARIABLE_NAMES.has(name)) {
      let value = rawValue.trim();
      // A PEM pasted with real line breaks (inside double quotes): the one-line form Convex Auth expects.
      if (name === "JWT_PRIVATE_KEY") value = value.replace(/\s*\n\s*/g, " ");
      if (value) values.set(name, value);
    } else if (LOCAL_NAMES.has(name)) {
      warnings.push(
        `${name} in ${file} is not set on the deployment: Next.js and the local tools read it, so it belongs in .env.local`,
      );
    } else if (CONVEX_MANAGED.has(name)) {
      warnings.push(`${name} in ${file} is not set: Convex sets it on every deployment itself`);
    } else {
      warnings.push(`${name} in ${file} is not a variable this app reads, so it is not set (check the spelling)`);
    }
  }
  for (const spec of VARIABLES) {
    const value = values.get(spec.name);
    if (value === undefined) {
      if (spec.required) problems.push(`${spec.name} is missing from ${file}: set it to ${spec.hint}`);
      continue;
    }
    if (formatDotenvValue(value) === undefined) {
      problems.push(
        `${spec.name} cannot be passed on as it is (a line break, or ', \` and " all in one value): change the value`,
      );
      continue;
    }
    const problem = spec.check?.(value);
    if (problem) problems.push(`${spec.name} ${problem}`);
  }

  // The deployment's own rules judge the TikTok settings, in the words the functions themselves would use (a
  // variable already reported above, e.g. missing from the file, is not reported twice).
  const reported = (name: string) => problems.some((p) => p.startsWith(`${name} `));
  for (const problem of settingsProblems(Object.fromEntries(values))) {
    if (!reported(problem.variable)) problems.push(problem.message);
  }
  try {
    emailDelivery(Object.fromEntries(values));
  } catch (error) {
    problems.push((error as Error).message);
  }
  const keyId = values.get("TOKEN_ENCRYPTION_KEY_ID");
  if (keyId !== undefined && !isKeyId(keyId))
    problems.push(`TOKEN_ENCRYPTION_KEY_ID must be ${KEY_ID_FORMAT} (e.g. k1)`);

  const environment = values.get("TIKTOK_ENVIRONMENT");
  if (environment === "production" || environment === "sandbox") {
    if (values.get("TIKTOK_APP_ID") === SIM_APP_ID) {
      problems.push(
        `TIKTOK_APP_ID is the simulator's "${SIM_APP_ID}", but TIKTOK_ENVIRONMENT=${environment}: use your app's id from the TikTok for Business developer portal`,
      );
    }
    if (values.get("TIKTOK_APP_SECRET") === SIM_APP_SECRET) {
      problems.push(
        `TIKTOK_APP_SECRET is the simulator's placeholder, but TIKTOK_ENVIRONMENT=${environment}: use your app's secret from the TikTok for Business developer portal`,
      );
    }
  }
  const redirect = values.get("TIKTOK_REDIRECT_URI");
  const site = values.get("SITE_URL");
  if (redirect && site && httpUrl(redirect) && httpUrl(site) && httpUrl(redirect)!.origin !== httpUrl(site)!.origin) {
    warnings.push(
      `TIKTOK_REDIRECT_URI (${redirect}) is not on SITE_URL (${site}): both should name where the Next.js app is served`,
    );
  }
  return { values, problems, warnings };
}
