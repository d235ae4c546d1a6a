/**
 * A button that shows it is working: while `busy` it is disabled, marked aria-busy and shows a spinner before its
 * words (which the caller may change too: "Creating…"). A plain button unless `type="submit"` is given.
 */
export function BusyButton({
  busy,
  disabled,
  type = "button",
  children,
  ...rest
}: React.ButtonHTMLAttributes<HTMLButtonElement> & { busy: boolean }) {
  return (
    <button type={type} {...rest} disabled={busy || disabled} aria-busy={busy || undefined}>
      {busy ? <span className="spinner" aria-hidden="true" /> : null}
      {children}
    </button>
  );
}
