"use client";
/**
 * The Convex React client for the whole app, authenticated by Convex Auth (the server provider in the root layout
 * hands it the session). The URL comes from the server at request time, so nothing here runs at build time and a
 * missing URL shows a readable page instead of crashing the render.
 */
import { ConvexAuthNextjsProvider } from "@convex-dev/auth/nextjs";
import { ConvexReactClient } from "convex/react";
import { useState, type ReactNode } from "react";

export function ConvexClientProvider({ convexUrl, children }: { convexUrl: string | undefined; children: ReactNode }) {
  // Created once per page load; on the server it never opens a connection (the client connects lazily).
  const [client] = useState(() => (convexUrl ? new ConvexReactClient(convexUrl) : null));
  if (!client) {
    return (
      <main className="centered-page" id="main">
        <div className="panel state">
          <h1>This app is not configured yet</h1>
          <p>
            <code>NEXT_PUBLIC_CONVEX_URL</code> is not set, so the app cannot reach its Convex backend. Set it (for
            example by running <code>npx convex dev</code>, which writes it to <code>.env.local</code>) and restart the
            server.
          </p>
        </div>
      </main>
    );
  }
  return <ConvexAuthNextjsProvider client={client}>{children}</ConvexAuthNextjsProvider>;
}
