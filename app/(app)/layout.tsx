/** The signed-in part of the app: Connections, Members (and later Campaigns, Reports) inside one shell. */
import type { ReactNode } from "react";
import { AppShell } from "./app-shell";

export default function AppLayout({ children }: { children: ReactNode }) {
  return <AppShell>{children}</AppShell>;
}
