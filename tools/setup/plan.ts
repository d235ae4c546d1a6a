// What `npm run setup` will change on the deployment, decided from .env.convex and what the deployment already has:
// values from the file are set (or left alone when equal), keys are generated only where neither has one, and a key
// the deployment already has is never replaced (stored tokens would no longer open; everyone would be signed out).

import {
  jwksFromPrivateKey,
  jwksMatchesPrivateKey,
  jwksProblem,
  privateKeyProblem,
  type KeyGenerators,
} from "./keys.js";
import { SECRET_NAMES, VARIABLES } from "./variables.js";

export type RowStatus =
  /** From .env.convex; the deployment did not have it. */
  | "new"
  /** From .env.convex; the deployment had another value. */
  | "changed"
  /** From .env.convex; the deployment already has this value. */
  | "unchanged"
  /** Made by setup: neither .env.convex nor the deployment had it. */
  | "generated"
  /** TOKEN_ENCRYPTION_KEY_ID's default, k1. */
  | "default"
  /** JWKS computed from the JWT_PRIVATE_KEY in use. */
  | "derived"
  /** Not in .env.convex; the deployment's value stays. */
  | "kept";

export interface Row {
  name: string;
  status: RowStatus;
  value: string;
  /** The deployment's value before, for "changed". */
  previous?: string;
  secret: boolean;
}

export interface Plan {
  rows: Row[];
  /** What to send to the deployment, in .env.convex.example's order. */
  changes: Map<string, string>;
  /** Any of these: nothing is set. */
  problems: string[];
  warnings: string[];
}

const DEFAULT_KEY_ID = "k1";
/** Replacing one of these on a deployment signs everyone out: setup never does. */
const SIGN_IN_KEYS = new Set(["JWT_PRIVATE_KEY", "JWKS"]);

function oldKeyEntries(value: string | undefined): { id: string; key: string }[] {
  return (value ?? "")
    .split(",")
    .map((e) => e.trim())
    .filter(Boolean)
    .map((e) => ({ id: e.slice(0, Math.max(0, e.indexOf(":"))), key: e.slice(e.indexOf(":") + 1) }));
}

/**
 * The plan for a deployment that has `deployment` (name → value) given a checked .env.convex (`file`). For a dry run,
 * pass an empty deployment: every row then says what would be set on a deployment that has nothing yet.
 */
export function planChanges(file: Map<string, string>, deployment: Map<string, string>, keys: KeyGenerators): Plan {
  const rows = new Map<string, Row>();
  const problems: string[] = [];
  const warnings: string[] = [];
  const row = (name: string, status: RowStatus, value: string, previous?: string) =>
    rows.set(name, {
      name,
      status,
      value,
      secret: SECRET_NAMES.has(name),
      ...(previous !== undefined ? { previous } : {}),
    });

  let signInConflict = false;

  // 1. Everything .env.convex gives.
  for (const { name } of VARIABLES) {
    const value = file.get(name);
    if (value === undefined) continue;
    const current = deployment.get(name);
    if (current === undefined) row(name, "new", value);
    else if (current === value) row(name, "unchanged", value);
    else if (SIGN_IN_KEYS.has(name)) {
      signInConflict = true;
      problems.push(
        `${name} in .env.convex differs from the one already on the deployment, and replacing it would sign everyone out: ` +
          `remove ${name} from .env.convex to keep the deployment's (to replace the sign-in keys on purpose, set both with npx convex env set)`,
      );
    } else row(name, "changed", value, current);
  }

  // 2. The token encryption key and its id: generated / defaulted only where neither has one.
  if (!file.has("TOKEN_ENCRYPTION_KEY")) {
    const current = deployment.get("TOKEN_ENCRYPTION_KEY");
    if (current !== undefined) row("TOKEN_ENCRYPTION_KEY", "kept", current);
    else row("TOKEN_ENCRYPTION_KEY", "generated", keys.tokenEncryptionKey());
  }
  if (!file.has("TOKEN_ENCRYPTION_KEY_ID")) {
    const current = deployment.get("TOKEN_ENCRYPTION_KEY_ID");
    if (current !== undefined) row("TOKEN_ENCRYPTION_KEY_ID", "kept", current);
    else row("TOKEN_ENCRYPTION_KEY_ID", "default", DEFAULT_KEY_ID);
  }
  const currentKey = deployment.get("TOKEN_ENCRYPTION_KEY");
  if (currentKey !== undefined) {
    // The pair the stored tokens are sealed with must still open after the change: kept as is, or listed as an old key.
    const currentId = deployment.get("TOKEN_ENCRYPTION_KEY_ID") || DEFAULT_KEY_ID;
    const nextKey = rows.get("TOKEN_ENCRYPTION_KEY")!.value;
    const nextId = rows.get("TOKEN_ENCRYPTION_KEY_ID")!.value;
    const nextOld = file.get("TOKEN_ENCRYPTION_OLD_KEYS") ?? deployment.get("TOKEN_ENCRYPTION_OLD_KEYS");
    const stillOpens =
      (nextKey === currentKey && nextId === currentId) ||
      oldKeyEntries(nextOld).some((e) => e.id === currentId && e.key === currentKey);
    if (!stillOpens) {
      const rotate =
        `to rotate the key, keep the new one in .env.convex under a new TOKEN_ENCRYPTION_KEY_ID and put the deployment's current key ` +
        `in TOKEN_ENCRYPTION_OLD_KEYS as "${currentId}:<current key>" (npx convex env get TOKEN_ENCRYPTION_KEY shows it)`;
      problems.push(
        nextKey !== currentKey
          ? `TOKEN_ENCRYPTION_KEY in .env.convex differs from the key already on the deployment, and the tokens stored with that key would no longer open: remove it from .env.convex to keep the deployment's key, or, ${rotate}`
          : `TOKEN_ENCRYPTION_KEY_ID in .env.convex ("${nextId}") differs from the deployment's ("${currentId}"), which names the key the stored tokens were sealed with: remove it from .env.convex, or, ${rotate}`,
      );
    }
  }
  if (["TOKEN_ENCRYPTION_KEY_ID", "TOKEN_ENCRYPTION_OLD_KEYS"].some((n) => file.has(n))) {
    const nextId = rows.get("TOKEN_ENCRYPTION_KEY_ID")!.value;
    const nextOld = file.get("TOKEN_ENCRYPTION_OLD_KEYS") ?? deployment.get("TOKEN_ENCRYPTION_OLD_KEYS");
    if (oldKeyEntries(nextOld).some((e) => e.id === nextId)) {
      problems.push(
        `TOKEN_ENCRYPTION_OLD_KEYS names "${nextId}", which is also TOKEN_ENCRYPTION_KEY_ID: give the current key an id of its own`,
      );
    }
  }

  // 3. Convex Auth's key pair: both generated when neither place has a private key; JWKS derived when only it is missing.
  if (!signInConflict) {
    const where = (name: string) => (file.has(name) ? "in .env.convex" : "on the deployment");
    const privateKey = file.get("JWT_PRIVATE_KEY") ?? deployment.get("JWT_PRIVATE_KEY");
    const jwks = file.get("JWKS") ?? deployment.get("JWKS");
    if (!file.has("JWT_PRIVATE_KEY") && privateKey !== undefined) row("JWT_PRIVATE_KEY", "kept", privateKey);
    if (!file.has("JWKS") && jwks !== undefined) row("JWKS", "kept", jwks);
    const privateProblem =
      privateKey !== undefined && !file.has("JWT_PRIVATE_KEY") ? privateKeyProblem(privateKey) : undefined;
    const jwksBroken = jwks !== undefined && !file.has("JWKS") ? jwksProblem(jwks) : undefined;
    if (privateProblem) {
      problems.push(
        `The deployment's JWT_PRIVATE_KEY ${privateProblem}: set a working pair in .env.convex (JWT_PRIVATE_KEY and JWKS), or remove both from the deployment (npx convex env remove) and run setup again to generate them`,
      );
    } else if (jwksBroken) {
      problems.push(
        `The deployment's JWKS ${jwksBroken}: remove it (npx convex env remove JWKS) and run setup again; it is derived from JWT_PRIVATE_KEY`,
      );
    } else if (privateKey === undefined && jwks === undefined) {
      const pair = keys.authKeys();
      row("JWT_PRIVATE_KEY", "generated", pair.JWT_PRIVATE_KEY);
      row("JWKS", "generated", pair.JWKS);
    } else if (privateKey === undefined) {
      problems.push(
        file.has("JWKS")
          ? "JWKS is in .env.convex but JWT_PRIVATE_KEY is not: give both from one key pair, or remove JWKS from .env.convex to have both generated"
          : "JWKS is on the deployment but JWT_PRIVATE_KEY is not, so nobody can sign in: remove JWKS from the deployment (npx convex env remove JWKS) and run setup again to generate both, or put the matching JWT_PRIVATE_KEY in .env.convex",
      );
    } else if (jwks === undefined) {
      row("JWKS", "derived", jwksFromPrivateKey(privateKey));
    } else if (!jwksMatchesPrivateKey(jwks, privateKey)) {
      if (file.has("JWT_PRIVATE_KEY") || file.has("JWKS")) {
        problems.push(
          `JWKS (${where("JWKS")}) does not publish the public half of JWT_PRIVATE_KEY (${where("JWT_PRIVATE_KEY")}): give both from one key pair, or remove both from .env.convex`,
        );
      } else {
        warnings.push(
          "The deployment's JWKS does not match its JWT_PRIVATE_KEY, so sign-in fails there; setup leaves them alone (replace both with npx convex env set to fix it)",
        );
      }
    }
  }

  const ordered = VARIABLES.map((v) => rows.get(v.name)).filter((r): r is Row => r !== undefined);
  const changes = new Map(
    ordered.filter((r) => r.status !== "unchanged" && r.status !== "kept").map((r) => [r.name, r.value]),
  );
  return { rows: ordered, changes, problems, warnings };
}
