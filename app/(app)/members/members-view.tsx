"use client";
/**
 * Members: everyone in the workspace reads who is in it and with which role. Admins also invite by link with a
 * role, change roles, remove people and revoke invitations; the server keeps at least one admin, and its refusal is
 * shown as it says it.
 */
import { useAction, useMutation } from "convex/react";
import type { FunctionReturnType } from "convex/server";
import { useId, useRef, useState } from "react";
import { api } from "../../../convex/_generated/api";
import type { Id } from "../../../convex/_generated/dataModel";
import { BusyButton } from "../../_components/busy-button";
import { ConfirmDialog } from "../../_components/confirm-dialog";
import { NoticeArea, usePageNotice, type NoticeMessage } from "../../_components/notice";
import { PageHead } from "../../_components/page-head";
import { ErrorState, Loading, SkeletonBlock } from "../../_components/states";
import { useNow } from "../../_components/time-ago";
import { useQueryState } from "../../_components/use-query-state";
import { errorMessage, isEmailAddress } from "../../../lib/ui/errors";
import { MAX_EMAIL_LENGTH } from "../../../lib/auth/email";
import { inviteExpiry, inviteLink, roleLabel, ROLE_CHOICES, whomToAsk, type Role } from "../../../lib/ui/members";
import { WorkspaceGate } from "../app-shell";
import type { Workspace } from "../workspace";

type Say = (message: Omit<NoticeMessage, "id">) => void;
type MemberList = FunctionReturnType<typeof api.workspaces.members.list>;
type Member = MemberList["members"][number];

export function MembersView() {
  const { notice, say, dismiss, noticeRef, headingRef } = usePageNotice();

  return (
    <>
      <PageHead
        title="Members"
        headingRef={headingRef}
        lede="Who can use this workspace, and what each person may do."
      />
      <NoticeArea ref={noticeRef} notice={notice} onDismiss={dismiss} />
      <WorkspaceGate skeleton={<MembersSkeleton />}>
        {(workspace) =>
          workspace.role === "admin" ? (
            <MembersAdmin workspace={workspace} say={say} noticeRef={noticeRef} />
          ) : (
            <MembersReadOnly workspace={workspace} />
          )
        }
      </WorkspaceGate>
    </>
  );
}

/** For marketers and ops: the people and their roles, to know whom to ask; changing them is an admin's. */
function MembersReadOnly({ workspace }: { workspace: Workspace }) {
  const list = useQueryState(api.workspaces.members.list, { workspaceId: workspace.workspaceId });
  if (list.status === "loading") return <MembersSkeleton />;
  if (list.status === "error")
    return <ErrorState title="Could not load members" message={errorMessage(list.error, "Try again in a moment.")} />;
  const { members } = list.data;
  return (
    <div className="stack-lg">
      <p className="muted" data-testid="members-read-only">
        You are <strong>{roleLabel(workspace.role)}</strong> in {workspace.name}. Only an admin adds people or changes
        roles: ask {whomToAsk(members)} if someone needs access.
      </p>
      <PeopleCard members={members} aside={(m) => <span className="tag tag--quiet">{roleLabel(m.role)}</span>} />
      <RolesCard />
    </div>
  );
}

/**
 * The People card: each member's email (and "You"), then `aside`, their role as read or the controls that change it.
 * Shared by the read-only and the admin views, so both list people the same way.
 */
function PeopleCard({ members, aside }: { members: Member[]; aside: (member: Member) => React.ReactNode }) {
  return (
    <section className="card" aria-labelledby="members-heading">
      <h2 id="members-heading" className="card__title">
        People <span className="count">{members.length}</span>
      </h2>
      <ul className="rows" aria-label="Members">
        {members.map((m) => (
          <li key={m.memberId} className="row" data-testid="member">
            <div className="row__main">
              <span className="row__title">{m.email ?? "No email on record"}</span>
              {m.you ? <span className="tag">You</span> : null}
            </div>
            {aside(m)}
          </li>
        ))}
      </ul>
    </section>
  );
}

function RolesCard() {
  return (
    <section className="card card--quiet" aria-labelledby="roles-heading">
      <h2 id="roles-heading" className="card__title">
        Roles
      </h2>
      <dl className="roles">
        {ROLE_CHOICES.map((r) => (
          <div key={r.value}>
            <dt>{r.label}</dt>
            <dd>{r.description}</dd>
          </div>
        ))}
      </dl>
    </section>
  );
}

function MembersAdmin({
  workspace,
  say,
  noticeRef,
}: {
  workspace: Workspace;
  say: Say;
  noticeRef: React.RefObject<HTMLDivElement | null>;
}) {
  const list = useQueryState(api.workspaces.members.list, { workspaceId: workspace.workspaceId });
  const workspaceId = workspace.workspaceId;
  const setRole = useMutation(api.workspaces.members.setRole);
  const remove = useMutation(api.workspaces.members.remove);
  const cancelInvite = useMutation(api.workspaces.members.cancelInvite);
  // Invitations expire: their "Expires in…" stays current on an open page.
  const now = useNow();

  const [pendingRole, setPendingRole] = useState<string | null>(null);
  const [pendingCancel, setPendingCancel] = useState<string | null>(null);
  // A confirmation for what is hard to undo: removing someone, or taking away your own admin role.
  const [confirm, setConfirm] = useState<
    { kind: "remove"; member: Member } | { kind: "demote-self"; member: Member; role: Role } | null
  >(null);
  const [confirmBusy, setConfirmBusy] = useState(false);
  const [confirmError, setConfirmError] = useState<string | null>(null);
  const focusNotice = useRef(false);

  const who = (m: { email?: string }) => m.email ?? "this member";

  const changeRole = async (member: Member, role: Role) => {
    setPendingRole(member.memberId);
    try {
      await setRole({ workspaceId, memberId: member.memberId, role });
      say({ tone: "success", message: `${member.you ? "You are" : `${who(member)} is`} now ${roleLabel(role)}.` });
      return true;
    } catch (error) {
      say({ tone: "error", message: errorMessage(error, "Could not change the role. Try again in a moment.") });
      return false;
    } finally {
      setPendingRole(null);
    }
  };

  const runConfirmed = async () => {
    if (!confirm) return;
    setConfirmBusy(true);
    setConfirmError(null);
    try {
      if (confirm.kind === "remove") {
        await remove({ workspaceId, memberId: confirm.member.memberId });
        say({
          tone: "success",
          message: `${confirm.member.you ? "You left the workspace" : `${who(confirm.member)} was removed`}.`,
        });
      } else {
        await setRole({ workspaceId, memberId: confirm.member.memberId, role: confirm.role });
        say({ tone: "success", message: `You are now ${roleLabel(confirm.role)}.` });
      }
      focusNotice.current = true;
      setConfirm(null);
    } catch (error) {
      setConfirmError(errorMessage(error, "That did not work. Try again in a moment."));
    } finally {
      setConfirmBusy(false);
    }
  };

  if (list.status === "loading") return <MembersSkeleton />;
  if (list.status === "error")
    return <ErrorState title="Could not load members" message={errorMessage(list.error, "Try again in a moment.")} />;
  const { members, invites } = list.data;

  return (
    <div className="stack-lg">
      <InviteForm workspaceId={workspaceId} say={say} />

      <PeopleCard
        members={members}
        aside={(m) => (
          <div className="row__controls">
            <RoleControl
              member={m}
              busy={pendingRole === m.memberId}
              onSave={(role) => {
                if (m.you && m.role === "admin" && role !== "admin") {
                  setConfirmError(null);
                  setConfirm({ kind: "demote-self", member: m, role });
                } else {
                  void changeRole(m, role);
                }
              }}
            />
            <button
              type="button"
              className="button button--danger-quiet button--small"
              aria-label={`Remove ${m.email ?? "this member"}`}
              onClick={() => {
                setConfirmError(null);
                setConfirm({ kind: "remove", member: m });
              }}
            >
              Remove
            </button>
          </div>
        )}
      />

      <section className="card" aria-labelledby="invites-heading">
        <h2 id="invites-heading" className="card__title">
          Pending invitations <span className="count">{invites.length}</span>
        </h2>
        {invites.length === 0 ? (
          <p className="muted">
            No pending invitations. An invitation waits here until its link is used, it expires, or you revoke it.
          </p>
        ) : (
          <ul className="rows" aria-label="Pending invitations">
            {invites.map((invite) => (
              <li key={invite.inviteId} className="row" data-testid="invite">
                <div className="row__main">
                  <span className="row__title">{invite.email}</span>
                  <span className="tag tag--quiet">Invited as {roleLabel(invite.role)}</span>
                  <span className={invite.expiresAt <= now ? "tag tag--warn" : "muted small"}>
                    {inviteExpiry(invite.expiresAt, now)}
                  </span>
                </div>
                <div className="row__controls">
                  <button
                    type="button"
                    className="button button--secondary button--small"
                    aria-label={`Revoke the invitation for ${invite.email}`}
                    disabled={pendingCancel === invite.inviteId}
                    aria-busy={pendingCancel === invite.inviteId || undefined}
                    onClick={async () => {
                      setPendingCancel(invite.inviteId);
                      try {
                        await cancelInvite({ workspaceId, inviteId: invite.inviteId });
                        focusNotice.current = false;
                        say({
                          tone: "success",
                          message: `The invitation for ${invite.email} was revoked: its link no longer works.`,
                        });
                        noticeRef.current?.focus();
                      } catch (error) {
                        say({
                          tone: "error",
                          message: errorMessage(error, "Could not revoke the invitation. Try again in a moment."),
                        });
                      } finally {
                        setPendingCancel(null);
                      }
                    }}
                  >
                    Revoke
                  </button>
                </div>
              </li>
            ))}
          </ul>
        )}
      </section>

      <RolesCard />

      <ConfirmDialog
        open={confirm !== null}
        title={
          confirm?.kind === "remove"
            ? confirm.member.you
              ? "Leave this workspace?"
              : `Remove ${who(confirm.member)}?`
            : confirm
              ? `Make yourself ${roleLabel(confirm.role)}?`
              : ""
        }
        confirmLabel={confirm?.kind === "remove" ? (confirm.member.you ? "Leave" : "Remove") : "Change my role"}
        busy={confirmBusy}
        error={confirmError}
        onCancel={() => setConfirm(null)}
        onConfirm={runConfirmed}
        focusAfterClose={() => {
          if (!focusNotice.current) return null;
          focusNotice.current = false;
          return noticeRef.current;
        }}
      >
        {confirm?.kind === "remove" ? (
          confirm.member.you ? (
            <p>You lose access to {workspace.name} at once. Another admin can add you again.</p>
          ) : (
            <p>They lose access to {workspace.name} at once. Their account stays, and you can add them again later.</p>
          )
        ) : confirm ? (
          <p>
            You will no longer be an admin, so you will not be able to manage members. Another admin can change it back.
          </p>
        ) : null}
      </ConfirmDialog>
    </div>
  );
}

/**
 * A member's role: choosing in the list only drafts the change, and "Save role" applies it. Saving on `change`
 * would save at every arrow key (browsers fire `change` for each one on a closed select), so moving from Ops to
 * Admin by keyboard would pass through Marketer; the select also stays enabled, so keyboard focus never drops.
 */
function RoleControl({ member, busy, onSave }: { member: Member; busy: boolean; onSave: (role: Role) => void }) {
  const [draft, setDraft] = useState<Role>(member.role);
  const [savedRole, setSavedRole] = useState<Role>(member.role);
  if (savedRole !== member.role) {
    // The role changed (saved here, or by another admin): the draft follows it.
    setSavedRole(member.role);
    setDraft(member.role);
  }
  const who = member.email ?? "this member";
  return (
    <>
      <label className="sr-only" htmlFor={`role-${member.memberId}`}>
        Role for {who}
      </label>
      <select
        id={`role-${member.memberId}`}
        className="select select--small"
        value={draft}
        onChange={(e) => setDraft(e.target.value as Role)}
      >
        {ROLE_CHOICES.map((r) => (
          <option key={r.value} value={r.value}>
            {r.label}
          </option>
        ))}
      </select>
      {draft !== member.role ? (
        <button
          type="button"
          className="button button--primary button--small"
          aria-label={`Save role for ${who}`}
          disabled={busy}
          aria-busy={busy || undefined}
          onClick={() => onSave(draft)}
        >
          Save role
        </button>
      ) : null}
    </>
  );
}

type CreatedInvite = FunctionReturnType<typeof api.workspaces.members.invite>;

/**
 * Invite by email and role. The answer's link is shown once, to copy and send: the app keeps only a hash of its
 * secret, so it cannot show it again (inviting the same address again makes a new link and ends the old one).
 */
function InviteForm({ workspaceId, say }: { workspaceId: Id<"workspaces">; say: Say }) {
  const invite = useAction(api.workspaces.members.invite);
  const [email, setEmail] = useState("");
  const [role, setRole] = useState<Role>("marketer");
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [created, setCreated] = useState<CreatedInvite | null>(null);
  const emailRef = useRef<HTMLInputElement>(null);
  const linkRef = useRef<HTMLInputElement>(null);
  const ids = { email: useId(), role: useId(), problem: useId(), roleHint: useId(), link: useId(), linkHint: useId() };

  return (
    <section className="card" aria-labelledby="add-heading">
      <h2 id="add-heading" className="card__title">
        Invite someone
      </h2>
      <form
        className="add-form"
        noValidate
        onSubmit={async (event) => {
          event.preventDefault();
          if (!isEmailAddress(email)) {
            setProblem(
              email.trim()
                ? "Enter an email address like name@example.com."
                : "Enter the email address of the person to invite.",
            );
            emailRef.current?.focus();
            return;
          }
          setProblem(null);
          setBusy(true);
          try {
            const result = await invite({ workspaceId, email: email.trim(), role });
            setCreated(result);
            setEmail("");
            say({
              tone: "success",
              message: `Invitation for ${result.email} created. Copy its link below and send it to them.`,
            });
            // Focus the link, so it can be copied at once (and a screen reader reads it).
            requestAnimationFrame(() => linkRef.current?.select());
          } catch (error) {
            setProblem(errorMessage(error, "Could not create the invitation. Try again in a moment."));
            emailRef.current?.focus();
          } finally {
            setBusy(false);
          }
        }}
      >
        <div className="field add-form__email">
          <label htmlFor={ids.email}>Email address</label>
          <input
            ref={emailRef}
            id={ids.email}
            className="input"
            type="email"
            name="email"
            autoComplete="off"
            inputMode="email"
            spellCheck={false}
            maxLength={MAX_EMAIL_LENGTH}
            value={email}
            onChange={(e) => setEmail(e.target.value)}
            aria-invalid={problem ? true : undefined}
            aria-describedby={problem ? ids.problem : undefined}
          />
        </div>
        <div className="field add-form__role">
          <label htmlFor={ids.role}>Role</label>
          <select
            id={ids.role}
            className="select"
            value={role}
            onChange={(e) => setRole(e.target.value as Role)}
            aria-describedby={ids.roleHint}
          >
            {ROLE_CHOICES.map((r) => (
              <option key={r.value} value={r.value}>
                {r.label}
              </option>
            ))}
          </select>
        </div>
        <BusyButton busy={busy} type="submit" className="button button--primary add-form__submit">
          Create invite link
        </BusyButton>
        <p id={ids.roleHint} className="field-hint add-form__hint">
          {ROLE_CHOICES.find((r) => r.value === role)?.description} They join by opening the link, signed in with this
          email address.
        </p>
        {problem ? (
          <p id={ids.problem} className="field-error add-form__error" role="alert">
            {problem}
          </p>
        ) : null}
      </form>
      {created ? (
        <InviteLinkPanel
          created={created}
          linkRef={linkRef}
          ids={{ link: ids.link, hint: ids.linkHint }}
          onDone={() => setCreated(null)}
        />
      ) : null}
    </section>
  );
}

function InviteLinkPanel({
  created,
  linkRef,
  ids,
  onDone,
}: {
  created: CreatedInvite;
  linkRef: React.RefObject<HTMLInputElement | null>;
  ids: { link: string; hint: string };
  onDone: () => void;
}) {
  const [copied, setCopied] = useState<"yes" | "no" | null>(null);
  const now = useNow();
  const link = inviteLink(window.location.origin, created.token);
  return (
    <div className="invite-link" data-testid="invite-link">
      <label htmlFor={ids.link} className="invite-link__label">
        Invitation link for {created.email}
      </label>
      <div className="invite-link__row">
        <input
          ref={linkRef}
          id={ids.link}
          className="input invite-link__input"
          readOnly
          value={link}
          aria-describedby={ids.hint}
          onFocus={(e) => e.target.select()}
        />
        <button
          type="button"
          className="button button--secondary"
          onClick={async () => {
            try {
              await navigator.clipboard.writeText(link);
              setCopied("yes");
            } catch {
              linkRef.current?.select();
              setCopied("no");
            }
          }}
        >
          Copy link
        </button>
        <button type="button" className="button button--secondary" onClick={onDone}>
          Done
        </button>
      </div>
      <p id={ids.hint} className="field-hint">
        Shown only now: the app keeps no copy. It works once, for {created.email} only, and{" "}
        {inviteExpiry(created.expiresAt, now).toLowerCase()}.
      </p>
      <p className="field-hint" aria-live="polite">
        {copied === "yes"
          ? "Copied."
          : copied === "no"
            ? "Could not copy automatically: the link is selected, press Ctrl+C (⌘C on a Mac)."
            : ""}
      </p>
    </div>
  );
}

function MembersSkeleton() {
  return (
    <Loading label="Loading members">
      <div className="stack-lg">
        <div className="card">
          <SkeletonBlock width="9rem" height="1.2rem" />
          <div className="add-form add-form--skeleton">
            <SkeletonBlock height="2.5rem" />
            <SkeletonBlock height="2.5rem" />
            <SkeletonBlock height="2.5rem" />
          </div>
        </div>
        <div className="card">
          <SkeletonBlock width="7rem" height="1.2rem" />
          {[0, 1, 2].map((i) => (
            <div key={i} className="row">
              <SkeletonBlock width="14rem" height="1rem" />
              <SkeletonBlock width="9rem" height="2rem" />
            </div>
          ))}
        </div>
      </div>
    </Loading>
  );
}
