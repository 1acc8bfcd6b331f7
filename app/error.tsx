"use client";

import { useEffect } from "react";
import { DB_RECOVERED_EVENT } from "./_components/db-status";

/** Error boundary for pages (e.g. the database is unreachable while rendering an agent page). */
export default function ErrorPage({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  useEffect(() => {
    console.warn("Page error:", error.digest ?? error.message);
  }, [error]);
  // The database banner tells us when Postgres is back: retry without a click.
  useEffect(() => {
    window.addEventListener(DB_RECOVERED_EVENT, reset);
    return () => window.removeEventListener(DB_RECOVERED_EVENT, reset);
  }, [reset]);
  return (
    <div className="mx-auto max-w-lg py-16 text-center" role="alert">
      <h1 className="text-xl font-semibold text-slate-900">Something went wrong</h1>
      <p className="mt-2 text-sm text-slate-500">
        The page could not be loaded. The database may be unreachable; try again in a moment.
        {error.digest && <span className="mt-1 block font-mono text-xs text-slate-400">ref {error.digest}</span>}
      </p>
      <button type="button" onClick={reset} className="mt-6 rounded-lg bg-slate-900 px-4 py-2 text-sm font-medium text-white hover:bg-slate-700">
        Retry
      </button>
    </div>
  );
}
