// Settings that are valid but leave a deployment open to strangers or unable to sign anyone up, judged on what the
// deployment will have once setup is done (.env.convex over the deployment's own values). With
// TIKTOK_ENVIRONMENT=production two are refused unless the person running setup says they mean it
// (`--accept-risk=<id>`): no OWNER_EMAIL (the first stranger to sign up becomes admin) and OWNER_EMAIL without email
// verification (anyone who types that address first becomes admin). The others are warnings: codes captured instead
// of sent in production, and Resend without its key or sender. Each message says what to change.

/** The risks setup refuses in production unless accepted by name, each with why it matters. */
export const RISKS = {
  "no-owner": "no OWNER_EMAIL: the first person to sign up becomes admin",
  "unverified-owner": "OWNER_EMAIL without email verification: the owner's address is never proven",
} as const;
export type RiskId = keyof typeof RISKS;
export const RISK_IDS = Object.keys(RISKS) as RiskId[];

export function isRiskId(value: string): value is RiskId {
  return Object.hasOwn(RISKS, value);
}

export interface Risk {
  id: RiskId;
  message: string;
}

export interface RiskReview {
  /** Not accepted: nothing may be set. */
  refused: Risk[];
  /** Accepted with --accept-risk: said, and setup goes ahead. */
  accepted: Risk[];
  warnings: string[];
}

const VERIFY_HINT = "set AUTH_EMAIL_DELIVERY=resend with AUTH_RESEND_KEY and AUTH_EMAIL_FROM in .env.convex";

/** What `value` (the deployment's value of a variable once setup is done; undefined: unset) adds up to. */
export function reviewRisks(value: (name: string) => string | undefined, accept: ReadonlySet<RiskId>): RiskReview {
  const risks: Risk[] = [];
  const warnings: string[] = [];
  const production = value("TIKTOK_ENVIRONMENT") === "production";
  const owner = value("OWNER_EMAIL");
  const delivery = value("AUTH_EMAIL_DELIVERY");
  const acceptHint = (id: RiskId) => `to go ahead as it is on purpose, run npm run setup -- --accept-risk=${id}`;

  if (production && !owner) {
    risks.push({
      id: "no-owner",
      message:
        "OWNER_EMAIL is not set, and TIKTOK_ENVIRONMENT=production: the first person to sign up on this deployment " +
        "becomes its admin, whoever finds it first. Set OWNER_EMAIL in .env.convex to the address of the person who " +
        `should be admin (and ${VERIFY_HINT}); ${acceptHint("no-owner")}`,
    });
  }
  if (production && owner && !delivery) {
    risks.push({
      id: "unverified-owner",
      message:
        "OWNER_EMAIL is set but AUTH_EMAIL_DELIVERY is not, and TIKTOK_ENVIRONMENT=production: addresses are never " +
        `proven, so whoever signs up first as ${owner} becomes admin. To have the address confirmed by an emailed ` +
        `code, ${VERIFY_HINT}; ${acceptHint("unverified-owner")}`,
    });
  }
  if (production && delivery === "capture") {
    warnings.push(
      "AUTH_EMAIL_DELIVERY=capture with TIKTOK_ENVIRONMENT=production: sign-up codes are kept in the emailOutbox " +
        "table and never sent, so nobody receives one (capture is for the demo and the tests): set " +
        "AUTH_EMAIL_DELIVERY=resend with AUTH_RESEND_KEY and AUTH_EMAIL_FROM",
    );
  }
  if (delivery === "resend" && !value("AUTH_RESEND_KEY")) {
    warnings.push(
      "AUTH_EMAIL_DELIVERY=resend but AUTH_RESEND_KEY is not set: no code can be emailed, so nobody can finish " +
        "signing up: set AUTH_RESEND_KEY to an API key from https://resend.com/api-keys",
    );
  }
  if (delivery === "resend" && !value("AUTH_EMAIL_FROM")) {
    warnings.push(
      "AUTH_EMAIL_DELIVERY=resend but AUTH_EMAIL_FROM is not set: Resend sends nothing without a sender: set it to " +
        'an address Resend has verified for your domain, e.g. "Ads <ads@yourdomain.com>"',
    );
  }
  return {
    refused: risks.filter((r) => !accept.has(r.id)),
    accepted: risks.filter((r) => accept.has(r.id)),
    warnings,
  };
}
