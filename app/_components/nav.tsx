"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";
import { useEffect, useState } from "react";
import type { Role } from "@/server/auth/roles";
import { LiveIndicator } from "./live";
import { VigilMark } from "./logo";
import { SignOutButton, useCurrentUser } from "./session";

const NAV: readonly { href: string; label: string; icon: string; role?: Role }[] = [
  { href: "/", label: "Overview", icon: "M3 12l9-9 9 9M5 10v10h5v-6h4v6h5V10" },
  { href: "/agents", label: "Agents", icon: "M4 6h16M4 12h16M4 18h10" },
  { href: "/incidents", label: "Incidents", icon: "M12 9v4m0 4h.01M10.3 3.9L1.8 18a2 2 0 001.7 3h17a2 2 0 001.7-3L13.7 3.9a2 2 0 00-3.4 0z" },
  { href: "/performance", label: "Performance", icon: "M3 3v18h18M7 15l4-4 3 3 5-6" },
  { href: "/events", label: "Events", icon: "M12 8v4l3 3M21 12a9 9 0 11-18 0 9 9 0 0118 0z" },
  { href: "/llm", label: "LLM", icon: "M4 7h16M4 12h10M4 17h7M17 14l3 3-3 3" },
  { href: "/help", label: "Help", icon: "M9.1 9a3 3 0 015.8 1c0 2-3 3-3 3M12 17h.01M21 12a9 9 0 11-18 0 9 9 0 0118 0z" },
  { href: "/settings", label: "Settings", icon: "M12 15a3 3 0 100-6 3 3 0 000 6zM19.4 15a1.7 1.7 0 00.3 1.8l.1.1a2 2 0 11-2.8 2.8l-.1-.1a1.7 1.7 0 00-1.8-.3 1.7 1.7 0 00-1 1.5V21a2 2 0 11-4 0v-.1a1.7 1.7 0 00-1.1-1.5 1.7 1.7 0 00-1.8.3l-.1.1a2 2 0 11-2.8-2.8l.1-.1a1.7 1.7 0 00.3-1.8 1.7 1.7 0 00-1.5-1H3a2 2 0 110-4h.1a1.7 1.7 0 001.5-1.1 1.7 1.7 0 00-.3-1.8l-.1-.1a2 2 0 112.8-2.8l.1.1a1.7 1.7 0 001.8.3H9a1.7 1.7 0 001-1.5V3a2 2 0 114 0v.1a1.7 1.7 0 001 1.5 1.7 1.7 0 001.8-.3l.1-.1a2 2 0 112.8 2.8l-.1.1a1.7 1.7 0 00-.3 1.8V9a1.7 1.7 0 001.5 1H21a2 2 0 110 4h-.1a1.7 1.7 0 00-1.5 1z" },
  { href: "/users", label: "Users", icon: "M17 21v-2a4 4 0 00-4-4H5a4 4 0 00-4 4v2M9 11a4 4 0 100-8 4 4 0 000 8zM23 21v-2a4 4 0 00-3-3.9M16 3.1a4 4 0 010 7.8", role: "admin" },
  { href: "/audit", label: "Audit log", icon: "M9 5H7a2 2 0 00-2 2v12a2 2 0 002 2h10a2 2 0 002-2V7a2 2 0 00-2-2h-2M9 5a2 2 0 002 2h2a2 2 0 002-2M9 5a2 2 0 012-2h2a2 2 0 012 2m-6 9l2 2 4-4", role: "admin" },
];

function isActive(pathname: string, href: string) {
  return href === "/" ? pathname === "/" : pathname === href || pathname.startsWith(`${href}/`);
}

function NavLinks({ pathname, onNavigate }: { pathname: string; onNavigate?: () => void }) {
  const user = useCurrentUser();
  const items = NAV.filter((item) => !item.role || user?.role === item.role);
  return (
    <ul className="space-y-1">
      {items.map((item) => {
        const active = isActive(pathname, item.href);
        return (
          <li key={item.href}>
            <Link
              href={item.href}
              onClick={onNavigate}
              aria-current={active ? "page" : undefined}
              className={`flex items-center gap-3 rounded-lg px-3 py-2 text-sm font-medium transition-colors ${
                active ? "bg-white/10 text-white" : "text-slate-300 hover:bg-white/5 hover:text-white"
              }`}
            >
              <svg viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth={1.8} strokeLinecap="round" strokeLinejoin="round" className="h-4 w-4 shrink-0" aria-hidden="true">
                <path d={item.icon} />
              </svg>
              {item.label}
            </Link>
          </li>
        );
      })}
    </ul>
  );
}

function Logo() {
  return (
    <Link href="/" className="flex items-center gap-2 text-white">
      <VigilMark className="h-7 w-7" />
      <span className="text-base font-semibold tracking-tight">Vigil</span>
    </Link>
  );
}

function UserBox() {
  const user = useCurrentUser();
  if (!user) return null;
  return (
    <div className="rounded-lg bg-white/5 px-3 py-2 text-xs text-slate-300" data-testid="user-box">
      <p className="truncate font-medium text-white" title={user.email}>
        {user.email}
      </p>
      <div className="mt-1 flex items-center justify-between gap-2">
        <span className="rounded bg-white/10 px-1.5 py-0.5 text-[11px] uppercase tracking-wide" data-testid="user-role">
          {user.role}
        </span>
        <SignOutButton className="text-slate-300 underline-offset-2 hover:text-white hover:underline" />
      </div>
    </div>
  );
}

/** Sidebar on wide screens, top bar with a collapsible menu on phones. */
export function AppNav() {
  const pathname = usePathname() ?? "/";
  const [open, setOpen] = useState(false);
  useEffect(() => setOpen(false), [pathname]);

  return (
    <>
      {/* desktop sidebar */}
      <aside className="fixed inset-y-0 left-0 z-30 hidden w-56 flex-col bg-slate-900 px-3 py-4 md:flex">
        <div className="px-2 pb-6">
          <Logo />
        </div>
        <nav aria-label="Main" className="flex-1">
          <NavLinks pathname={pathname} />
        </nav>
        <div className="mb-3">
          <UserBox />
        </div>
        <div className="flex items-center justify-between px-2 text-slate-300">
          <LiveIndicator />
          <span className="text-[11px] text-slate-500">control plane</span>
        </div>
      </aside>

      {/* phone top bar */}
      <header className="sticky top-0 z-30 bg-slate-900 md:hidden">
        <div className="flex h-14 items-center justify-between px-4">
          <Logo />
          <div className="flex items-center gap-3 text-slate-300">
            <LiveIndicator />
            <button
              type="button"
              onClick={() => setOpen((o) => !o)}
              aria-expanded={open}
              aria-controls="mobile-nav"
              aria-label={open ? "Close menu" : "Open menu"}
              className="rounded-md p-1.5 text-slate-200 hover:bg-white/10"
            >
              <svg viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth={2} strokeLinecap="round" className="h-6 w-6" aria-hidden="true">
                {open ? <path d="M6 6l12 12M18 6L6 18" /> : <path d="M4 7h16M4 12h16M4 17h16" />}
              </svg>
            </button>
          </div>
        </div>
        {open && (
          <nav id="mobile-nav" aria-label="Main" className="border-t border-white/10 px-3 pb-3 pt-2">
            <NavLinks pathname={pathname} onNavigate={() => setOpen(false)} />
            <div className="mt-3">
              <UserBox />
            </div>
          </nav>
        )}
      </header>
    </>
  );
}
