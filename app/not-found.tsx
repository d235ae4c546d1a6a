/**
 * "Page not found" outside the app shell (a notFound() from a page that has no shell of its own). Addresses that
 * match no page at all are shown inside the shell instead (app/(app)/[...missing]).
 */
import type { Metadata } from "next";
import Link from "next/link";
import { BrandName } from "./_components/brand";

export const metadata: Metadata = { title: "Page not found" };

export default function NotFound() {
  return (
    <main className="landing" id="main">
      <div className="landing__inner">
        <Link href="/" className="brand">
          <BrandName />
        </Link>
        <h1 className="landing__title">Page not found</h1>
        <p className="landing__lede">There is no page at this address. The link may be old or mistyped.</p>
        <div className="landing__actions">
          <Link href="/" className="button button--primary button--large">
            Go to the start page
          </Link>
        </div>
      </div>
    </main>
  );
}
