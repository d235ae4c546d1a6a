/** A status in words with a coloured dot: the colour supports the text, never replaces it. */
import type { Tone } from "../../lib/ui/connections";

export function Badge({
  tone,
  children,
  className,
}: {
  tone: Tone | "info";
  children: React.ReactNode;
  className?: string;
}) {
  return (
    <span className={`badge badge--${tone}${className ? ` ${className}` : ""}`}>
      <span className="badge__dot" aria-hidden="true" />
      {children}
    </span>
  );
}
