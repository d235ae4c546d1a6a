/** The signed-in part of the app: Reports, Campaigns, Connections, Activity and Members inside one shell. */
import type { ReactNode } from "react";
import { AppShell } from "./app-shell";

export default function AppLayout({ children }: { children: ReactNode }) {
  return <AppShell>{children}</AppShell>;
}
