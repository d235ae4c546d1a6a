"use client";
/**
 * Two steps: the address (a code is emailed to it), then the code and a new password (signed in, every other session
 * ended). The first step answers the same whether or not the address has an account, so the page says "if".
 * Where the deployment sends no email, the first step says so and who can help.
 */
import { useAuthActions } from "@convex-dev/auth/react";
import Link from "next/link";
import { useEffect, useId, useRef, useState } from "react";
import { AuthCard } from "../../_components/auth-card";
import { BusyButton } from "../../_components/busy-button";
import { CodeField } from "../code-field";
import { CODE_HINT, codeProblem, resetErrorMessage, typedCode } from "../../../lib/auth/codes";
import { normalizeEmail } from "../../../lib/auth/email";
import { describedBy } from "../../../lib/ui/aria";
import { isEmailAddress, PASSWORD_MIN_LENGTH } from "../../../lib/ui/errors";

function textOf(form: FormData, name: string): string {
  const value = form.get(name); // string | File | null; these inputs only ever hold text
  return typeof value === "string" ? value : "";
}

export function ResetForm({ destination }: { destination: string }) {
  const [email, setEmail] = useState<string | null>(null);
  return email === null ? (
    <AskForCode destination={destination} onSent={setEmail} />
  ) : (
    <ChooseNewPassword email={email} destination={destination} onBack={() => setEmail(null)} />
  );
}

function AskForCode({ destination, onSent }: { destination: string; onSent: (email: string) => void }) {
  const { signIn } = useAuthActions();
  const [problem, setProblem] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const emailRef = useRef<HTMLInputElement>(null);
  const ids = { email: useId(), emailError: useId(), formError: useId() };

  return (
    <AuthCard title="Reset your password">
      <p className="auth__lede">
        Enter the email address you sign in with. We will email you a code to choose a new password.
      </p>
      <form
        noValidate
        className="auth__form"
        aria-describedby={error ? ids.formError : undefined}
        onSubmit={async (event) => {
          event.preventDefault();
          const typed = textOf(new FormData(event.currentTarget), "email").trim();
          const found = !typed
            ? "Enter your email address."
            : isEmailAddress(typed)
              ? null
              : "Enter an email address like name@example.com.";
          setProblem(found);
          setError(null);
          if (found) return emailRef.current?.focus();
          setBusy(true);
          try {
            const address = normalizeEmail(typed);
            await signIn("password", { flow: "reset", email: address });
            onSent(address);
          } catch (caught) {
            setBusy(false);
            setError(resetErrorMessage(caught));
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
            autoComplete="username"
            inputMode="email"
            spellCheck={false}
            aria-invalid={problem ? true : undefined}
            aria-describedby={problem ? ids.emailError : undefined}
          />
          {problem ? (
            <p id={ids.emailError} className="field-error">
              {problem}
            </p>
          ) : null}
        </div>
        <div className="form-error-slot" aria-live="assertive">
          {error ? (
            <p id={ids.formError} className="form-error" data-testid="reset-error">
              {error}
            </p>
          ) : null}
        </div>
        <BusyButton busy={busy} type="submit" className="button button--primary button--block">
          Email me a code
        </BusyButton>
        <p className="small">
          <Link href={`/signin?returnTo=${encodeURIComponent(destination)}`}>Back to sign in</Link>
        </p>
      </form>
    </AuthCard>
  );
}

function ChooseNewPassword({ email, destination, onBack }: { email: string; destination: string; onBack: () => void }) {
  const { signIn } = useAuthActions();
  const [problems, setProblems] = useState<{ code?: string; password?: string }>({});
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const codeRef = useRef<HTMLInputElement>(null);
  const passwordRef = useRef<HTMLInputElement>(null);
  const ids = {
    code: useId(),
    codeHint: useId(),
    codeError: useId(),
    password: useId(),
    passwordHint: useId(),
    passwordError: useId(),
    formError: useId(),
  };
  useEffect(() => codeRef.current?.focus(), []);

  return (
    <AuthCard title="Check your email">
      <p className="auth__lede">
        If <strong>{email}</strong> has an account, we sent it a code. Enter it with the new password you want.
      </p>
      <form
        noValidate
        className="auth__form"
        aria-describedby={error ? ids.formError : undefined}
        onSubmit={async (event) => {
          event.preventDefault();
          const form = new FormData(event.currentTarget);
          const code = typedCode(form.get("code"));
          const newPassword = textOf(form, "newPassword");
          const found = {
            code: codeProblem(code),
            password:
              newPassword.length >= PASSWORD_MIN_LENGTH ? undefined : `Use at least ${PASSWORD_MIN_LENGTH} characters.`,
          };
          setProblems(found);
          setError(null);
          if (found.code) return codeRef.current?.focus();
          if (found.password) return passwordRef.current?.focus();
          setBusy(true);
          try {
            await signIn("password", { flow: "reset-verification", email, code, newPassword });
            // A full load: the session cookies are set, and the destination may be a route, not a page.
            window.location.assign(destination);
          } catch (caught) {
            setBusy(false);
            setError(resetErrorMessage(caught));
            codeRef.current?.focus();
          }
        }}
      >
        <CodeField
          inputRef={codeRef}
          ids={{ input: ids.code, hint: ids.codeHint, error: ids.codeError }}
          problem={problems.code}
          hint={CODE_HINT}
        />
        <div className="field">
          <label htmlFor={ids.password}>New password</label>
          <input
            ref={passwordRef}
            id={ids.password}
            className="input"
            name="newPassword"
            type="password"
            autoComplete="new-password"
            aria-invalid={problems.password ? true : undefined}
            aria-describedby={describedBy(ids.passwordHint, problems.password && ids.passwordError)}
          />
          <p id={ids.passwordHint} className="field-hint">
            At least {PASSWORD_MIN_LENGTH} characters. The old password stops working, and other devices are signed out.
          </p>
          {problems.password ? (
            <p id={ids.passwordError} className="field-error">
              {problems.password}
            </p>
          ) : null}
        </div>
        <div className="form-error-slot" aria-live="assertive">
          {error ? (
            <p id={ids.formError} className="form-error" data-testid="reset-error">
              {error}
            </p>
          ) : null}
        </div>
        <BusyButton busy={busy} type="submit" className="button button--primary button--block">
          Set password and sign in
        </BusyButton>
        <button type="button" className="button button--secondary button--block" onClick={onBack}>
          Back
        </button>
      </form>
    </AuthCard>
  );
}
