"use client";
/** What the in-shell "Page not found" shows: the address that was not found, and the way home. */
import Link from "next/link";
import { usePathname } from "next/navigation";
import { HOME_PATH } from "../../lib/connect/paths";
import { PageHead } from "../_components/page-head";
import { EmptyState } from "../_components/states";

export function NotFoundView() {
  const pathname = usePathname();
  return (
    <>
      <PageHead title="Page not found" />
      <EmptyState title="There is no page at this address" icon="?">
        <p className="not-found__path">
          Nothing lives at <span className="mono">{pathname}</span>. The link may be old or mistyped.
        </p>
        <div className="not-found__links">
          <Link href={HOME_PATH} className="button button--primary">
            Go to Reports
          </Link>
          <Link href="/connections" className="button button--secondary">
            Connections
          </Link>
        </div>
      </EmptyState>
    </>
  );
}
