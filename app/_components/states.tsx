"use client";
/** The shared shapes of "nothing yet", "it failed" and "loading", so every page says them the same way. */
import { useId, type ReactNode } from "react";

export function EmptyState({ title, children, icon = "○" }: { title: string; children?: ReactNode; icon?: string }) {
  const id = useId();
  return (
    <section className="panel state" aria-labelledby={id} data-testid="empty-state">
      <span className="state__icon" aria-hidden="true">
        {icon}
      </span>
      <h2 id={id} className="state__title">
        {title}
      </h2>
      {children}
    </section>
  );
}

export function ErrorState({ title, message, onRetry }: { title: string; message: string; onRetry?: () => void }) {
  const id = useId();
  return (
    <section className="panel state state--error" role="alert" aria-labelledby={id} data-testid="error-state">
      <span className="state__icon" aria-hidden="true">
        !
      </span>
      <h2 id={id} className="state__title">
        {title}
      </h2>
      <p>{message}</p>
      <button type="button" className="button button--secondary" onClick={onRetry ?? (() => window.location.reload())}>
        Try again
      </button>
    </section>
  );
}

/** A grey block standing in for content of about the same size; hidden from screen readers (the busy region speaks). */
export function SkeletonBlock({
  width,
  height = "1rem",
  className,
}: {
  width?: string;
  height?: string;
  className?: string;
}) {
  return (
    <span className={`skeleton${className ? ` ${className}` : ""}`} style={{ width, height }} aria-hidden="true" />
  );
}

/** Wraps placeholders: announced once as loading, with the placeholders themselves silent. */
export function Loading({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="loading" role="status" aria-busy="true" aria-label={label}>
      <span className="sr-only">{label}</span>
      {children}
    </div>
  );
}
