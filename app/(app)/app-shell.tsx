"use client";
/**
 * The frame around every signed-in page: product name, navigation (Members once the role is known), who is signed
 * in, the workspace and your role in it, and Sign out. The header has a fixed height and its late parts reserve
 * their space, so nothing moves when the data arrives.
 */
import { useConvexAuth } from "convex/react";
import Link from "next/link";
import { usePathname } from "next/navigation";
import type { ReactNode } from "react";
import { api } from "../../convex/_generated/api";
import { HOME_PATH } from "../../lib/connect/paths";
import { errorMessage } from "../../lib/ui/errors";
import { roleLabel } from "../../lib/ui/members";
import { appNavigation, isCurrentSection, signInHref, SIGN_IN_PATH } from "../../lib/ui/navigation";
import { BrandName } from "../_components/brand";
import { EmptyState, ErrorState } from "../_components/states";
import { SignOutButton } from "../_components/sign-out-button";
import { useQueryState } from "../_components/use-query-state";
import { useWorkspace, WorkspaceProvider, type Workspace, type WorkspaceState } from "./workspace";
import "./shell.css";

export function AppShell({ children }: { children: ReactNode }) {
  return (
    <WorkspaceProvider>
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <Header />
      <main id="main" className="page" tabIndex={-1}>
        {children}
      </main>
    </WorkspaceProvider>
  );
}

function Header() {
  const pathname = usePathname();
  const state = useWorkspace();
  const nav = appNavigation(state.status === "ready" ? state.workspace.role : null);

  return (
    <header className="app-header">
      <div className="app-header__inner">
        <Link href={HOME_PATH} className="brand">
          <BrandName />
        </Link>
        <nav className="app-nav" aria-label="Main">
          <ul>
            {nav.map((item) => (
              <li key={item.href}>
                <Link
                  href={item.href}
                  className="app-nav__link"
                  aria-current={isCurrentSection(pathname, item.href) ? "page" : undefined}
                >
                  {item.label}
                </Link>
              </li>
            ))}
          </ul>
        </nav>
        <div className="app-header__end">
          <div className="account">
            <SignedInAs />
            <WorkspaceBadge state={state} />
          </div>
          <SignOutButton to={SIGN_IN_PATH} className="button button--ghost button--small sign-out">
            Sign out
          </SignOutButton>
        </div>
      </div>
    </header>
  );
}

/** The signed-in address: which account this is matters when people keep several (work, a client's). */
function SignedInAs() {
  const { isAuthenticated } = useConvexAuth();
  const me = useQueryState(api.workspaces.account.me, isAuthenticated ? {} : "skip");
  if (me.status !== "ready" || !me.data.email)
    return <span className="account__email account__email--placeholder" aria-hidden="true" />;
  return (
    <span className="account__email" title={me.data.email} data-testid="signed-in-email">
      <span className="sr-only">Signed in as </span>
      {me.data.email}
    </span>
  );
}

function WorkspaceBadge({ state }: { state: WorkspaceState }) {
  if (state.status === "loading")
    return <span className="workspace workspace--placeholder skeleton" aria-hidden="true" />;
  if (state.status !== "ready") return <span className="workspace workspace--placeholder" aria-hidden="true" />;
  const { workspace, all, choose } = state;
  return (
    <div className="workspace" data-testid="workspace">
      {all.length > 1 ? (
        <>
          <label htmlFor="workspace-select" className="sr-only">
            Workspace
          </label>
          <select
            id="workspace-select"
            className="workspace__select"
            value={workspace.workspaceId}
            onChange={(e) => choose(e.target.value as Workspace["workspaceId"])}
          >
            {all.map((w) => (
              <option key={w.workspaceId} value={w.workspaceId}>
                {w.name}
              </option>
            ))}
          </select>
        </>
      ) : (
        <span className="workspace__name" title="Workspace">
          <span className="sr-only">Workspace: </span>
          {workspace.name}
        </span>
      )}
      <span className="workspace__role">
        <span className="sr-only">Your role: </span>
        {roleLabel(workspace.role)}
      </span>
    </div>
  );
}

/**
 * What a page shows until it has a workspace to show: placeholders while loading, a way back in when signed out,
 * the error, or the "ask an admin" state for someone nobody has added yet.
 */
export function WorkspaceGate({
  skeleton,
  children,
}: {
  skeleton: ReactNode;
  children: (workspace: Workspace) => ReactNode;
}) {
  const state = useWorkspace();
  const pathname = usePathname();
  switch (state.status) {
    case "loading":
      return <>{skeleton}</>;
    case "signed_out":
      return (
        <EmptyState title="You're signed out" icon="→">
          <p>Your session ended. Sign in again to continue where you were.</p>
          {/* Clears whatever is left of the old session first, so the sign-in page does not send us straight back. */}
          <SignOutButton to={signInHref(pathname)} className="button button--primary">
            Sign in again
          </SignOutButton>
        </EmptyState>
      );
    case "error":
      return (
        <ErrorState
          title="Could not load your workspace"
          message={errorMessage(state.error, "The app could not reach its backend. Try again in a moment.")}
        />
      );
    case "none":
      return (
        <EmptyState title="You're not in a workspace yet" icon="✉">
          <p>
            Your account is ready, but it is not in a workspace yet. Ask an admin of your team&apos;s workspace for an
            invitation link, with the role you need: <strong>Marketer</strong> to connect ad accounts and manage
            campaigns, <strong>Ops</strong> to read reports and activity.
          </p>
          <p className="muted">
            Open the link while signed in with this account&apos;s email address, and you join at once.
          </p>
        </EmptyState>
      );
    case "ready":
      return <>{children(state.workspace)}</>;
  }
}
