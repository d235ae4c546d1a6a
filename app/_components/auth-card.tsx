/**
 * The card the signed-out pages sit on (sign in, the email code, an invitation): the brand, a title, and the page's
 * own content below.
 */
import Link from "next/link";
import type { ReactNode } from "react";
import { BrandName } from "./brand";

export function AuthCard({ title, children }: { title: string; children: ReactNode }) {
  return (
    <main className="auth" id="main">
      <div className="auth__card card">
        <Link href="/" className="brand brand--auth">
          <BrandName />
        </Link>
        <h1 className="auth__title">{title}</h1>
        {children}
      </div>
    </main>
  );
}
