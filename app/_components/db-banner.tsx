"use client";

import { useRouter } from "next/navigation";
import { useEffect, useRef, useState } from "react";
import { BANNER_TEXT, DB_RECOVERED_EVENT, dbStatusFrom, nextPollMs, type DbStatus } from "./db-status";

/**
 * The banner on every page while the database (or the web server) is unreachable.
 * Polls /api/health — right away, then every 15 s, every 3 s while down — and, when the
 * database is back, hides itself, refreshes the server-rendered page and tells the data views to
 * refetch (DB_RECOVERED_EVENT), so nobody has to reload by hand.
 */
export function DatabaseBanner({ initialDown = false }: { initialDown?: boolean }) {
  const [status, setStatus] = useState<DbStatus>(initialDown ? "db-down" : "up");
  const previous = useRef<DbStatus>(status);
  const router = useRouter();

  useEffect(() => {
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const poll = async () => {
      let body: unknown = null;
      try {
        const res = await fetch("/api/health", { cache: "no-store", signal: AbortSignal.timeout(5_000) });
        body = await res.json();
      } catch {
        body = null;
      }
      if (stopped) return;
      const next = dbStatusFrom(body);
      if (previous.current !== "up" && next === "up") {
        router.refresh();
        window.dispatchEvent(new Event(DB_RECOVERED_EVENT));
      }
      previous.current = next;
      setStatus(next);
      timer = setTimeout(poll, nextPollMs(next));
    };
    void poll();
    return () => {
      stopped = true;
      clearTimeout(timer);
    };
  }, [router]);

  if (status === "up") return null;
  return (
    <div role="alert" data-testid="db-banner" className="sticky top-0 z-50 bg-amber-500 px-4 py-2 text-center text-sm font-medium text-amber-950 shadow">
      {BANNER_TEXT[status]}
    </div>
  );
}
