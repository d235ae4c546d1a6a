"use client";
/**
 * Accepting an invitation. The link's secret arrives in the fragment; it is kept in this tab's sessionStorage
 * and removed from the address bar at once, so it survives the trip through sign-in or sign-up (which comes back
 * to /invite) without ever being sent in a URL. Signed in, the page shows where the link leads and joins on a
 * button: nothing happens merely by opening a link.
 */
import { useConvexAuth, useMutation } from "convex/react";
import Link from "next/link";
import { AuthCard } from "../_components/auth-card";
import { BusyButton } from "../_components/busy-button";
import { useEffect, useState } from "react";
import { api } from "../../convex/_generated/api";
import { HOME_PATH } from "../../lib/connect/paths";
import { errorMessage } from "../../lib/ui/errors";
import { inviteTokenFromHash, roleLabel, ROLE_CHOICES } from "../../lib/ui/members";
import { SignOutButton } from "../_components/sign-out-button";
import { useQueryState } from "../_components/use-query-state";
import { chooseWorkspace } from "../(app)/workspace";

const TOKEN_KEY = "tiktok-ads:invite";

function takeToken(): string | null {
  try {
    const fromLink = inviteTokenFromHash(window.location.hash);
    if (fromLink) {
      window.sessionStorage.setItem(TOKEN_KEY, fromLink);
      window.history.replaceState(null, "", window.location.pathname);
      return fromLink;
    }
    return window.sessionStorage.getItem(TOKEN_KEY);
  } catch {
    return inviteTokenFromHash(window.location.hash);
  }
}

function forgetToken() {
  try {
    window.sessionStorage.removeItem(TOKEN_KEY);
  } catch {
    // Storage unavailable: nothing was kept.
  }
}

export function InviteView() {
  const { isLoading, isAuthenticated } = useConvexAuth();
  // undefined: not read yet (the server render has no window); null: no invitation in this tab.
  const [token, setToken] = useState<string | null | undefined>(undefined);
  useEffect(() => {
    // eslint-disable-next-line react-hooks/set-state-in-effect -- the fragment and sessionStorage exist only in the browser, after hydration
    setToken(takeToken());
  }, []);

  let body;
  if (token === undefined || isLoading) body = <p className="auth__lede">Opening your invitation…</p>;
  else if (token === null) body = <NoInvitation />;
  else if (!isAuthenticated) body = <SignInFirst />;
  else body = <Join token={token} />;

  return <AuthCard title="Your invitation">{body}</AuthCard>;
}

function NoInvitation() {
  return (
    <p className="auth__lede">
      This page needs the whole invitation link, as the admin sent it (it ends in <code>#token=…</code>). Open the link
      again, or ask the admin for a new one.
    </p>
  );
}

function SignInFirst() {
  return (
    <>
      <p className="auth__lede">
        Sign in, or create an account, with the email address the invitation was sent to. You come back here to join.
      </p>
      <div className="stack-sm auth__actions">
        <Link className="button button--primary button--block" href="/signin?mode=signup&returnTo=%2Finvite">
          Create an account
        </Link>
        <Link className="button button--secondary button--block" href="/signin?returnTo=%2Finvite">
          I have an account: sign in
        </Link>
      </div>
    </>
  );
}

function Join({ token }: { token: string }) {
  const [now] = useState(() => Date.now());
  const preview = useQueryState(api.workspaces.invites.preview, { token, now });
  const accept = useMutation(api.workspaces.invites.accept);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  if (preview.status === "loading") return <p className="auth__lede">Checking your invitation…</p>;
  if (preview.status === "error") {
    return (
      <div className="auth__actions">
        <p className="form-error">
          {errorMessage(preview.error, "Could not check the invitation. Try again in a moment.")}
        </p>
      </div>
    );
  }
  const info = preview.data;
  if (!info.ok) {
    return (
      <div className="stack-sm auth__actions">
        <p className="form-error" data-testid="invite-problem">
          {info.message}
        </p>
        {info.problem === "wrong_email" ? (
          // Sign out and come back here (the link's secret stays in this tab) to use the invited address.
          <SignOutButton to="/invite" className="button button--primary button--block">
            Sign out and use the invited address
          </SignOutButton>
        ) : null}
        <Link className="button button--secondary button--block" href={HOME_PATH}>
          Go to the app
        </Link>
      </div>
    );
  }
  return (
    <>
      <p className="auth__lede">
        You are invited to join <strong>{info.workspaceName}</strong> as <strong>{roleLabel(info.role)}</strong>:{" "}
        {ROLE_CHOICES.find((r) => r.value === info.role)?.description.toLowerCase()}
      </p>
      <p className="auth__lede">
        Signed in as <strong>{info.email}</strong>.
        {info.alreadyMember ? " You are already a member there; joining keeps the role you have." : ""}
      </p>
      <div className="stack-sm auth__actions">
        <div className="form-error-slot" aria-live="assertive">
          {error ? <p className="form-error">{error}</p> : null}
        </div>
        <BusyButton
          busy={busy}
          className="button button--primary button--block"
          onClick={async () => {
            setBusy(true);
            setError(null);
            try {
              const { workspaceId } = await accept({ token });
              forgetToken();
              chooseWorkspace(workspaceId);
              window.location.assign(HOME_PATH);
            } catch (caught) {
              setBusy(false);
              setError(errorMessage(caught, "Could not join. Try again in a moment."));
            }
          }}
        >
          Join {info.workspaceName}
        </BusyButton>
      </div>
    </>
  );
}
