"use client";
/**
 * The page's message area: the result of the last thing that happened (a connect attempt, a disconnect, a member
 * change). One live region that always exists, so screen readers hear each new message. Dismissible; focusable,
 * so a page can move focus here when the control that started the action went away.
 */
import { useCallback, useRef, useState, type Ref } from "react";

export type NoticeTone = "success" | "info" | "error";

export interface NoticeMessage {
  tone: NoticeTone;
  message: string;
  /** Extra detail under the message (e.g. what to do next). */
  detail?: string;
  /** Changes on every new message, so an identical message is still announced again. */
  id?: number;
}

const TITLES: Record<NoticeTone, string> = { success: "Done", info: "Note", error: "Problem" };
const ICONS: Record<NoticeTone, string> = { success: "✓", info: "i", error: "!" };

export function NoticeArea({
  notice,
  onDismiss,
  ref,
}: {
  notice: NoticeMessage | null;
  onDismiss: () => void;
  ref?: Ref<HTMLDivElement>;
}) {
  return (
    <div ref={ref} className="notice-area" role="status" tabIndex={-1}>
      {notice ? (
        <div
          key={notice.id ?? notice.message}
          className={`notice notice--${notice.tone}`}
          data-testid="notice"
          data-tone={notice.tone}
        >
          <span className="notice__icon" aria-hidden="true">
            {ICONS[notice.tone]}
          </span>
          <div className="notice__body">
            <p className="notice__message">
              <span className="sr-only">{TITLES[notice.tone]}: </span>
              {notice.message}
            </p>
            {notice.detail ? <p className="notice__detail">{notice.detail}</p> : null}
          </div>
          <button
            type="button"
            className="button button--ghost button--small notice__dismiss"
            onClick={onDismiss}
            aria-label="Dismiss message"
          >
            Dismiss
          </button>
        </div>
      ) : null}
    </div>
  );
}

/**
 * A page's notice and the two places focus goes: the notice (when the control that acted is gone) and the page
 * heading (when the notice is dismissed, so focus never falls to the top of the document).
 */
export function usePageNotice(initial: NoticeMessage | null = null) {
  const [notice, setNotice] = useState<NoticeMessage | null>(initial);
  const noticeRef = useRef<HTMLDivElement>(null);
  const headingRef = useRef<HTMLHeadingElement>(null);
  /** Shows a message; a fresh id makes even a repeated message a new announcement. */
  const say = useCallback((message: Omit<NoticeMessage, "id">) => setNotice({ ...message, id: Date.now() }), []);
  const dismiss = useCallback(() => {
    setNotice(null);
    headingRef.current?.focus();
  }, []);
  return { notice, say, dismiss, noticeRef, headingRef };
}
