/** The root layout: the Convex Auth server provider and the Convex client around every page. */
import { ConvexAuthNextjsServerProvider } from "@convex-dev/auth/nextjs/server";
import type { Metadata, Viewport } from "next";
import type { ReactNode } from "react";
import { convexUrl as readConvexUrl } from "../lib/config/convex-url";
import { ConvexClientProvider } from "./_components/convex-client-provider";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: "TikTok Ads on Convex", template: "%s · TikTok Ads on Convex" },
  description: "Connect TikTok for Business ad accounts, manage campaigns and read reports.",
};

export const viewport: Viewport = { width: "device-width", initialScale: 1, themeColor: "#ffffff" };

export default function RootLayout({ children }: { children: ReactNode }) {
  // Read per request on the server (every page here is dynamic: the session lives in cookies), so a build made
  // without the variable still works once it is set, and a missing one shows a readable page (lib/config/convex-url.ts).
  const convexUrl = readConvexUrl();
  return (
    <ConvexAuthNextjsServerProvider storageNamespace={convexUrl ?? "unconfigured"}>
      <html lang="en">
        <body>
          <ConvexClientProvider convexUrl={convexUrl}>{children}</ConvexClientProvider>
        </body>
      </html>
    </ConvexAuthNextjsServerProvider>
  );
}
