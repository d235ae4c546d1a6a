"use client";
/**
 * One form for both: a two-way switch picks "Sign in" or "Create account". Fields are checked before the server
 * is asked, each problem is said next to its field, and the server's answer in plain words above the button.
 * "Forgot your password?" leads to /signin/reset. The code step sends the password along: whoever proves the
 * mailbox decides the account's password (convex/authPassword.ts), so a stranger who signed up first with this
 * address loses it.
 */
import { useAuthActions } from "@convex-dev/auth/react";
import Link from "next/link";
import { AuthCard } from "../_components/auth-card";
import { BusyButton } from "../_components/busy-button";
import { CodeField } from "./code-field";
import { useEffect, useId, useRef, useState } from "react";
import { CODE_HINT, codeProblem, typedCode } from "../../lib/auth/codes";
import { normalizeEmail } from "../../lib/auth/email";
import { describedBy } from "../../lib/ui/aria";
import {
  credentialProblems,
  PASSWORD_MIN_LENGTH,
  signInErrorMessage,
  verificationErrorMessage,
  type AuthFlow,
  type CredentialProblems,
} from "../../lib/ui/errors";

export function SignInForm({
  destination,
  initialFlow,
  finishingConnect,
}: {
  destination: string;
  initialFlow: AuthFlow;
  finishingConnect: boolean;
}) {
  const { signIn } = useAuthActions();
  const [flow, setFlow] = useState<AuthFlow>(initialFlow);
  const [problems, setProblems] = useState<CredentialProblems>({});
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [verifying, setVerifying] = useState<{ email: string; password: string } | null>(null);
  const emailRef = useRef<HTMLInputElement>(null);
  const passwordRef = useRef<HTMLInputElement>(null);
  const ids = {
    email: useId(),
    emailError: useId(),
    password: useId(),
    passwordHint: useId(),
    passwordError: useId(),
    formError: useId(),
  };
  const signingUp = flow === "signUp";

  // Back from the next page (bfcache) with a stale busy flag: the form must work again.
  useEffect(() => {
    const reset = (event: PageTransitionEvent) => {
      if (event.persisted) setBusy(false);
    };
    window.addEventListener("pageshow", reset);
    return () => window.removeEventListener("pageshow", reset);
  }, []);

  if (verifying)
    return (
      <VerifyEmail
        email={verifying.email}
        password={verifying.password}
        destination={destination}
        onBack={() => setVerifying(null)}
      />
    );

  const switchTo = (next: AuthFlow) => {
    setFlow(next);
    setProblems({});
    setError(null);
  };

  return (
    <AuthCard title={signingUp ? "Create your account" : "Sign in"}>
      <p className="auth__lede">
        {finishingConnect
          ? "Sign in to finish connecting TikTok. Your connect link stays valid for 10 minutes."
          : signingUp
            ? destination === "/invite"
              ? "Use the email address your invitation was sent to. After confirming it, you come back to the invitation to join."
              : "The first account on a new deployment becomes its admin. Others join a workspace through an admin's invitation link."
            : "Welcome back. Sign in to your workspace."}
      </p>

      <fieldset className="switch">
        <legend className="sr-only">Do you have an account?</legend>
        <label className="switch__option">
          <input type="radio" name="flow" value="signIn" checked={!signingUp} onChange={() => switchTo("signIn")} />
          <span>Sign in</span>
        </label>
        <label className="switch__option">
          <input type="radio" name="flow" value="signUp" checked={signingUp} onChange={() => switchTo("signUp")} />
          <span>Create account</span>
        </label>
      </fieldset>

      <form
        noValidate
        className="auth__form"
        aria-describedby={error ? ids.formError : undefined}
        onSubmit={async (event) => {
          event.preventDefault();
          const form = new FormData(event.currentTarget);
          const text = (name: string) => {
            const value = form.get(name); // string | File | null; these inputs only ever hold text
            return typeof value === "string" ? value : "";
          };
          const email = text("email").trim();
          const password = text("password");
          const found = credentialProblems(email, password, flow);
          setProblems(found);
          setError(null);
          if (found.email) return emailRef.current?.focus();
          if (found.password) return passwordRef.current?.focus();
          setBusy(true);
          try {
            // The address as the server keeps it: the code step must name the account exactly.
            const address = normalizeEmail(email);
            form.set("email", address);
            form.set("flow", flow);
            const { signingIn } = await signIn("password", form);
            if (!signingIn) {
              // The deployment verifies addresses: a code is on its way, and the session starts once it is entered.
              setBusy(false);
              setVerifying({ email: address, password });
              return;
            }
            // A full load: the session cookies are set, and the callback route (if that is where we go) is not a page.
            window.location.assign(destination);
          } catch (caught) {
            setBusy(false);
            setError(signInErrorMessage(caught, flow));
          }
        }}
      >
        <div className="field">
          <label htmlFor={ids.email}>Email</label>
          <input
            ref={emailRef}
            id={ids.email}
            className="input"
            name="email"
            type="email"
            autoComplete={signingUp ? "email" : "username"}
            inputMode="email"
            spellCheck={false}
            aria-invalid={problems.email ? true : undefined}
            aria-describedby={problems.email ? ids.emailError : undefined}
          />
          {problems.email ? (
            <p id={ids.emailError} className="field-error">
              {problems.email}
            </p>
          ) : null}
        </div>

        <div className="field">
          <label htmlFor={ids.password}>Password</label>
          <input
            ref={passwordRef}
            id={ids.password}
            className="input"
            name="password"
            type="password"
            autoComplete={signingUp ? "new-password" : "current-password"}
            aria-invalid={problems.password ? true : undefined}
            aria-describedby={describedBy(signingUp && ids.passwordHint, problems.password && ids.passwordError)}
          />
          {signingUp ? (
            <p id={ids.passwordHint} className="field-hint">
              At least {PASSWORD_MIN_LENGTH} characters. A short phrase is easier to remember than a short password.
            </p>
          ) : null}
          {problems.password ? (
            <p id={ids.passwordError} className="field-error">
              {problems.password}
            </p>
          ) : null}
        </div>

        <div className="form-error-slot" aria-live="assertive">
          {error ? (
            <p id={ids.formError} className="form-error" data-testid="signin-error">
              {error}
            </p>
          ) : null}
        </div>

        <BusyButton busy={busy} type="submit" className="button button--primary button--block">
          {signingUp ? "Create account" : "Sign in"}
        </BusyButton>
        {signingUp ? null : (
          <p className="small">
            <Link href={`/signin/reset?returnTo=${encodeURIComponent(destination)}`}>Forgot your password?</Link>
          </p>
        )}
      </form>
    </AuthCard>
  );
}

/** The second step where the deployment verifies addresses: the code from the email, then into the app. */
function VerifyEmail({
  email,
  password,
  destination,
  onBack,
}: {
  email: string;
  password: string;
  destination: string;
  onBack: () => void;
}) {
  const { signIn } = useAuthActions();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const codeRef = useRef<HTMLInputElement>(null);
  const ids = { code: useId(), hint: useId(), error: useId() };
  useEffect(() => codeRef.current?.focus(), []);

  return (
    <AuthCard title="Check your email">
      <p className="auth__lede">
        We sent a code to <strong>{email}</strong>. Enter it to confirm the address is yours.
      </p>
      <form
        noValidate
        className="auth__form"
        onSubmit={async (event) => {
          event.preventDefault();
          const code = typedCode(new FormData(event.currentTarget).get("code"));
          const problem = codeProblem(code);
          if (problem) {
            setError(problem);
            return codeRef.current?.focus();
          }
          setBusy(true);
          setError(null);
          try {
            // The password chosen on the form comes along: once the code proves the mailbox, it is the account's.
            await signIn("password", { flow: "email-verification", email, code, password });
            window.location.assign(destination);
          } catch (caught) {
            setBusy(false);
            setError(verificationErrorMessage(caught));
            codeRef.current?.focus();
          }
        }}
      >
        <CodeField
          inputRef={codeRef}
          ids={{ input: ids.code, hint: ids.hint, error: ids.error }}
          errorElsewhere={Boolean(error)}
          hint={`${CODE_HINT} To ask for one, go back and send the form again.`}
        />
        <div className="form-error-slot" aria-live="assertive">
          {error ? (
            <p id={ids.error} className="form-error" data-testid="verify-error">
              {error}
            </p>
          ) : null}
        </div>
        <BusyButton busy={busy} type="submit" className="button button--primary button--block">
          Confirm and continue
        </BusyButton>
        <button type="button" className="button button--secondary button--block" onClick={onBack}>
          Back
        </button>
      </form>
    </AuthCard>
  );
}
