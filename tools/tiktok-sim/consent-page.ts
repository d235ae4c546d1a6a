// The advertiser consent screen at /portal/auth (docs/tiktok-api.md §4): a small HTML page listing the
// dataset's ad accounts (all checked) with Approve and Deny buttons. Approve redirects to redirect_uri with
// auth_code, code (same value) and state; Deny redirects with state and error=access_denied and no code.
// An unknown app_id or a missing/unregistered redirect_uri gets an error page and no redirect: sending the
// user to an unchecked URL is what a real authorization server must never do. No scope parameter exists.

import type { IncomingMessage, ServerResponse } from "node:http";
import type { AdvertiserRecord } from "./dataset.js";

export interface PortalDeps {
  appId: string;
  redirectUris?: string[];
  advertisers: () => AdvertiserRecord[];
  issueAuthCode: (advertiserIds: string[]) => string;
}

const SCOPES = ["Ad Account Management", "Ad Management", "Reporting"];

const ENTITIES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };

function esc(text: string): string {
  return text.replace(/[&<>"']/g, (ch) => ENTITIES[ch] ?? ch);
}

const STYLE = `
:root { color-scheme: light; font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; }
*, *::before, *::after { box-sizing: border-box; }
body { margin: 0; min-height: 100vh; display: grid; place-items: center; background: #f4f4f6; color: #161823; }
main { width: min(440px, calc(100vw - 32px)); background: #fff; border-radius: 12px; box-shadow: 0 4px 24px rgba(0,0,0,.08); padding: 28px; }
.brand { display: flex; align-items: center; gap: 8px; font-weight: 700; margin-bottom: 16px; }
.logo { width: 28px; height: 28px; border-radius: 8px; background: #161823; color: #fff; display: grid; place-items: center; font-size: 15px; box-shadow: -2px -2px 0 #25f4ee, 2px 2px 0 #fe2c55; }
.badge { font-size: 11px; font-weight: 600; color: #d40f3c; border: 1px solid #d40f3c; border-radius: 999px; padding: 1px 8px; }
h1 { font-size: 19px; line-height: 1.35; margin: 0 0 12px; }
p { margin: 0 0 10px; color: #3d3f4a; font-size: 14px; }
ul.scopes { margin: 0 0 16px; padding-left: 20px; font-size: 14px; }
fieldset { border: 1px solid #e3e3e8; border-radius: 8px; padding: 8px 12px; margin: 0 0 14px; max-height: 240px; overflow: auto; }
legend { font-size: 13px; font-weight: 600; padding: 0 4px; }
label.account { display: flex; gap: 10px; align-items: flex-start; padding: 8px 0; border-bottom: 1px solid #f0f0f3; font-size: 14px; cursor: pointer; }
label.account:last-child { border-bottom: 0; }
label.account small { display: block; color: #6b6d78; font-size: 12px; }
.redirect { font-size: 12px; color: #6b6d78; word-break: break-all; }
.actions { display: flex; gap: 10px; justify-content: flex-end; margin-top: 18px; }
button { font: inherit; font-weight: 600; border-radius: 6px; padding: 9px 20px; cursor: pointer; border: 1px solid transparent; }
button:focus-visible { outline: 3px solid #25f4ee; outline-offset: 2px; }
/* TikTok pink, darkened to 5.3:1 against white so the text meets WCAG AA. */
#approve { background: #d40f3c; color: #fff; }
#deny { background: #fff; color: #161823; border-color: #d0d1d6; }
.alert { background: #fff1f3; border: 1px solid #fe2c55; color: #a3001e; border-radius: 6px; padding: 8px 10px; font-size: 13px; }
`;

function page(title: string, body: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(title)}</title>
<style>${STYLE}</style>
</head>
<body>
<main>
<div class="brand"><span class="logo" aria-hidden="true">♪</span> TikTok For Business <span class="badge">Simulator</span></div>
${body}
</main>
</body>
</html>`;
}

function consentPage(deps: PortalDeps, redirectUri: string, state: string | null, alert?: string): string {
  const appName = `App ${deps.appId}`;
  const accounts = deps
    .advertisers()
    .map(
      (
        a,
      ) => `<label class="account"><input type="checkbox" name="advertiser_ids" value="${esc(a.advertiser_id)}" checked>
<span>${esc(a.name)}<small>ID ${esc(a.advertiser_id)} · ${esc(a.currency)} · ${esc(a.display_timezone)}</small></span></label>`,
    )
    .join("\n");
  let destination = redirectUri;
  try {
    destination = new URL(redirectUri).origin;
  } catch {
    // validated before rendering; keep the raw text if parsing ever fails
  }
  return page(
    `Authorize ${appName} - TikTok For Business`,
    `<h1 id="consent-title">${esc(appName)} wants to access your TikTok For Business ad accounts</h1>
${alert ? `<p class="alert" role="alert">${esc(alert)}</p>` : ""}
<p>If you approve, the app will be able to use:</p>
<ul class="scopes">${SCOPES.map((s) => `<li>${esc(s)}</li>`).join("")}</ul>
<form method="post" action="/portal/auth" aria-labelledby="consent-title">
<input type="hidden" name="app_id" value="${esc(deps.appId)}">
<input type="hidden" name="redirect_uri" value="${esc(redirectUri)}">
${state === null ? "" : `<input type="hidden" name="state" value="${esc(state)}">`}
<fieldset><legend>Ad accounts to authorize</legend>
${accounts}
</fieldset>
<p class="redirect">You will be sent back to ${esc(destination)}.</p>
<div class="actions">
<button id="deny" type="submit" name="decision" value="deny">Deny</button>
<button id="approve" type="submit" name="decision" value="approve">Approve</button>
</div>
</form>`,
  );
}

function errorPage(message: string): string {
  return page(
    "Authorization error - TikTok For Business",
    `<h1>Something went wrong</h1>
<p class="alert" role="alert">${esc(message)}</p>
<p>Return to the app and try connecting again.</p>`,
  );
}

function sendHtml(res: ServerResponse, status: number, html: string): void {
  res.writeHead(status, { "Content-Type": "text/html; charset=utf-8", "Content-Length": Buffer.byteLength(html) });
  res.end(html);
}

function problem(deps: PortalDeps, appId: string | null, redirectUri: string | null): string | undefined {
  if (!appId) return "The authorization link is missing app_id.";
  if (appId !== deps.appId) return `No app with app_id ${appId} exists.`;
  if (!redirectUri) return "The authorization link is missing redirect_uri.";
  let url: URL;
  try {
    url = new URL(redirectUri);
  } catch {
    return "redirect_uri is not a valid URL.";
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") return "redirect_uri must be an http(s) URL.";
  if (deps.redirectUris && !deps.redirectUris.includes(redirectUri))
    return "redirect_uri is not registered for this app.";
  return undefined;
}

function redirect(res: ServerResponse, target: string): void {
  res.writeHead(302, { Location: target, "Content-Length": 0 });
  res.end();
}

/** GET shows the consent screen; POST (the form) records the decision and redirects. */
export function handlePortal(
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
  bodyText: string,
  deps: PortalDeps,
): void {
  if (req.method === "GET" || req.method === "HEAD") {
    const q = url.searchParams;
    const issue = problem(deps, q.get("app_id"), q.get("redirect_uri"));
    if (issue) return sendHtml(res, 400, errorPage(issue));
    return sendHtml(res, 200, consentPage(deps, q.get("redirect_uri")!, q.get("state")));
  }
  if (req.method !== "POST") return sendHtml(res, 405, errorPage("Method not allowed."));
  const form = new URLSearchParams(bodyText);
  const redirectUri = form.get("redirect_uri");
  const issue = problem(deps, form.get("app_id"), redirectUri);
  if (issue) return sendHtml(res, 400, errorPage(issue));
  const state = form.get("state");
  const target = new URL(redirectUri!);
  if (form.get("decision") !== "approve") {
    if (state !== null) target.searchParams.set("state", state);
    target.searchParams.set("error", "access_denied");
    return redirect(res, target.toString());
  }
  const known = new Set(deps.advertisers().map((a) => a.advertiser_id));
  const chosen = form.getAll("advertiser_ids").filter((id) => known.has(id));
  if (chosen.length === 0)
    return sendHtml(res, 400, consentPage(deps, redirectUri!, state, "Select at least one ad account to approve."));
  const code = deps.issueAuthCode(chosen);
  // §4: TikTok sends auth_code, a code parameter with the same value, and the state it was given.
  target.searchParams.set("auth_code", code);
  target.searchParams.set("code", code);
  if (state !== null) target.searchParams.set("state", state);
  redirect(res, target.toString());
}
