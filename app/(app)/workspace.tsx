"use client";
/**
 * Which workspace the signed-in person is looking at, and their role in it, for every page inside the app shell.
 * `mine` is live: when an admin adds someone, their "ask an admin" page turns into the app on its own.
 */
import { useConvexAuth } from "convex/react";
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from "react";
import { api } from "../../convex/_generated/api";
import type { Id } from "../../convex/_generated/dataModel";
import { can, type Role } from "../../lib/workspaces/roles";
import { useQueryState } from "../_components/use-query-state";

export interface Workspace {
  workspaceId: Id<"workspaces">;
  name: string;
  role: Role;
}

export type WorkspaceState =
  | { status: "loading" }
  | { status: "signed_out" }
  | { status: "error"; error: Error }
  | { status: "none" }
  | { status: "ready"; workspace: Workspace; all: Workspace[]; choose: (id: Id<"workspaces">) => void };

const WorkspaceContext = createContext<WorkspaceState>({ status: "loading" });

const STORAGE_KEY = "tiktok-ads:workspace";

export function WorkspaceProvider({ children }: { children: ReactNode }) {
  const { isLoading, isAuthenticated } = useConvexAuth();
  const mine = useQueryState(api.workspaces.members.mine, isAuthenticated ? {} : "skip");
  const [chosen, setChosen] = useState<string | null>(null);

  useEffect(() => {
    try {
      // Read after hydration, not in useState's initialiser: the server has no localStorage, and the first render
      // must match the server's HTML.
      // eslint-disable-next-line react-hooks/set-state-in-effect -- the one-time read of browser-only storage on mount
      setChosen(window.localStorage.getItem(STORAGE_KEY));
    } catch {
      // Storage can be unavailable (private modes): the first workspace it is.
    }
  }, []);

  const choose = useCallback((id: Id<"workspaces">) => {
    setChosen(id);
    chooseWorkspace(id);
  }, []);

  const state = useMemo((): WorkspaceState => {
    if (isLoading) return { status: "loading" };
    if (!isAuthenticated) return { status: "signed_out" };
    if (mine.status === "loading") return { status: "loading" };
    if (mine.status === "error") return { status: "error", error: mine.error };
    const all = mine.data;
    const first = all[0];
    if (!first) return { status: "none" };
    const workspace = all.find((w) => w.workspaceId === chosen) ?? first;
    return { status: "ready", workspace, all, choose };
  }, [isLoading, isAuthenticated, mine, chosen, choose]);

  return <WorkspaceContext.Provider value={state}>{children}</WorkspaceContext.Provider>;
}

/** Remembers `id` as the workspace to open next (e.g. one just joined through an invitation). */
export function chooseWorkspace(id: Id<"workspaces">): void {
  try {
    window.localStorage.setItem(STORAGE_KEY, id);
  } catch {
    // Not remembered: the first workspace opens instead.
  }
}

export function useWorkspace(): WorkspaceState {
  return useContext(WorkspaceContext);
}

/** Whether the role may change things (connect, campaigns): the rule itself lives in lib/workspaces/roles.ts. */
export function canWrite(role: Role): boolean {
  return can(role, "write");
}
