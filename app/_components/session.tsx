"use client";

import { createContext, useContext, useState, type ReactNode } from "react";
import type { Role } from "@/server/auth/roles";

interface CurrentUser {
  id: string;
  email: string;
  name: string;
  role: Role;
}

const RANK: Record<Role, number> = { viewer: 0, operator: 1, admin: 2 };
const SessionContext = createContext<CurrentUser | null>(null);

/** The signed-in user, from the server's session check in the root layout. */
export function SessionProvider({ user, children }: { user: CurrentUser; children: ReactNode }) {
  return <SessionContext.Provider value={user}>{children}</SessionContext.Provider>;
}

export function useCurrentUser(): CurrentUser | null {
  return useContext(SessionContext);
}

/** Whether to *show* an action. The server enforces the same rule on every mutation regardless. */
export function useCan(role: Role): boolean {
  const u = useCurrentUser();
  return !!u && RANK[u.role] >= RANK[role];
}

/** Ends the session (server-side) and goes to the login page. */
export function SignOutButton({ className = "" }: { className?: string }) {
  const [busy, setBusy] = useState(false);
  return (
    <button
      type="button"
      disabled={busy}
      className={className}
      onClick={async () => {
        setBusy(true);
        await fetch("/api/auth/sign-out", { method: "POST", headers: { "content-type": "application/json" }, body: "{}" }).catch(() => {});
        window.location.assign("/login");
      }}
    >
      {busy ? "Signing out…" : "Sign out"}
    </button>
  );
}
