"use client";
/**
 * A failure TikTok reported, as a callout: what went wrong in plain words, TikTok's own message, and the code and
 * request_id to quote to TikTok support. Shared by a connection's last error and an ad account's sync error.
 */
import { TimeAgo } from "../../_components/time-ago";
import { failureDetail, failureHeadline, failureReference, type ConnectionError } from "../../../lib/ui/connections";

export function TikTokFailure({
  title,
  error,
  now,
  tone,
  className,
  testId,
}: {
  /** The callout's first words, before "· <how long ago>". */
  title: string;
  error: ConnectionError;
  now: number;
  tone: "warn" | "error";
  className?: string;
  testId: string;
}) {
  const reference = failureReference(error);
  const detail = failureDetail(error);
  return (
    <div className={`callout callout--${tone}${className ? ` ${className}` : ""}`} data-testid={testId}>
      <p className="callout__title">
        {title} · <TimeAgo at={error.at} now={now} past />
      </p>
      <p>
        {failureHeadline(error)}
        {detail ? (
          <>
            {" "}
            TikTok said: <q>{detail}</q>
          </>
        ) : null}
      </p>
      {reference ? (
        <p className="callout__ref">
          <span className="mono">{reference}</span>
          <span className="muted"> — quote these if you contact TikTok support.</span>
        </p>
      ) : null}
    </div>
  );
}
