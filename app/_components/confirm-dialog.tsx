"use client";
/**
 * A confirmation as a native modal <dialog>: the rest of the page is inert while it is open, Escape cancels, focus
 * starts on the safe choice (Cancel) and returns where it was when the dialog closes. While the action runs the
 * buttons are disabled and Escape is ignored; a failure is shown inside the dialog.
 */
import { useEffect, useEffectEvent, useId, useRef, type ReactNode } from "react";
import { BusyButton } from "./busy-button";

export interface ConfirmDialogProps {
  open: boolean;
  title: string;
  children: ReactNode;
  confirmLabel: string;
  /** "danger" for destructive actions. */
  tone?: "danger" | "primary";
  busy?: boolean;
  error?: string | null;
  onConfirm: () => void;
  onCancel: () => void;
  /** Where focus goes once the dialog has closed; by default back to the control that opened it. */
  focusAfterClose?: () => HTMLElement | null | undefined;
}

export function ConfirmDialog({
  open,
  title,
  children,
  confirmLabel,
  tone = "danger",
  busy = false,
  error,
  onConfirm,
  onCancel,
  focusAfterClose,
}: ConfirmDialogProps) {
  const ref = useRef<HTMLDialogElement>(null);
  const cancelRef = useRef<HTMLButtonElement>(null);
  const returnFocus = useRef<HTMLElement | null>(null);
  const titleId = useId();
  const bodyId = useId();

  // An Effect Event: focusAfterClose is read at the moment of closing only, and a new one does not re-run the effect.
  const restoreFocus = useEffectEvent(() => {
    // Back to the control that opened it when it is still there, unless the page has a better place (the
    // control may be gone: a disconnected connection loses its Disconnect button).
    const target = focusAfterClose?.() ?? returnFocus.current;
    if (target && target.isConnected && !target.hasAttribute("disabled")) target.focus();
  });

  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (open && !dialog.open) {
      returnFocus.current = document.activeElement instanceof HTMLElement ? document.activeElement : null;
      dialog.showModal();
      cancelRef.current?.focus();
    } else if (!open && dialog.open) {
      dialog.close();
      restoreFocus();
    }
  }, [open]);

  return (
    <dialog
      ref={ref}
      className="dialog"
      aria-labelledby={titleId}
      aria-describedby={bodyId}
      onCancel={(event) => {
        // Escape: never in the middle of the action; otherwise it is a Cancel.
        event.preventDefault();
        if (!busy) onCancel();
      }}
      onClose={() => {
        // The browser may close it anyway (a repeated Escape cannot always be refused): keep the page in step.
        if (open) onCancel();
      }}
    >
      <h2 id={titleId} className="dialog__title">
        {title}
      </h2>
      <div id={bodyId} className="dialog__body">
        {children}
      </div>
      {error ? (
        <p className="dialog__error" role="alert">
          {error}
        </p>
      ) : null}
      <div className="dialog__actions">
        <button ref={cancelRef} type="button" className="button button--secondary" onClick={onCancel} disabled={busy}>
          Cancel
        </button>
        <BusyButton
          busy={busy}
          className={`button ${tone === "danger" ? "button--danger" : "button--primary"}`}
          onClick={onConfirm}
        >
          {confirmLabel}
        </BusyButton>
      </div>
    </dialog>
  );
}
