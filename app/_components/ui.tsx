"use client";

import Link from "next/link";
import { useSyncExternalStore, type ReactNode } from "react";
import type { EventSeverity } from "@/server/vocabulary";
import { formatAgo, formatDateTime, healthStyle, SEVERITY_STYLES, stateStyle, statusForScore } from "./format";

/* ---------- layout pieces ---------- */

export function PageHeader({ title, subtitle, actions }: { title: ReactNode; subtitle?: ReactNode; actions?: ReactNode }) {
  return (
    <div className="mb-6 flex flex-wrap items-end justify-between gap-3">
      <div className="min-w-0">
        <h1 className="truncate text-2xl font-semibold tracking-tight text-slate-900">{title}</h1>
        {subtitle && <div className="mt-1 text-sm text-slate-500">{subtitle}</div>}
      </div>
      {actions && <div className="flex flex-wrap items-center gap-2">{actions}</div>}
    </div>
  );
}

export function Panel({ title, subtitle, actions, toolbar, children, className = "", bodyClassName = "p-4", testId }: {
  title?: ReactNode;
  subtitle?: ReactNode;
  actions?: ReactNode;
  /** Filters and the like, shown in the header instead of a title. */
  toolbar?: ReactNode;
  children: ReactNode;
  className?: string;
  bodyClassName?: string;
  testId?: string;
}) {
  return (
    <section className={`min-w-0 rounded-xl border border-slate-200 bg-white shadow-sm ${className}`} data-testid={testId}>
      {(title || actions || toolbar) && (
        <header className="flex flex-wrap items-center justify-between gap-2 border-b border-slate-100 px-4 py-3">
          <div className="min-w-0">
            {title && <h2 className="text-sm font-semibold text-slate-800">{title}</h2>}
            {subtitle && <p className="text-xs text-slate-500">{subtitle}</p>}
            {toolbar}
          </div>
          {actions}
        </header>
      )}
      <div className={bodyClassName}>{children}</div>
    </section>
  );
}

export function Skeleton({ className = "h-4 w-full" }: { className?: string }) {
  return <div className={`animate-pulse rounded-md bg-slate-200/70 ${className}`} aria-hidden="true" />;
}

export function SkeletonRows({ rows = 5 }: { rows?: number }) {
  return (
    <div className="space-y-3" role="status" aria-label="Loading">
      {Array.from({ length: rows }, (_, i) => (
        <Skeleton key={i} className={`h-4 ${i % 3 === 2 ? "w-2/3" : "w-full"}`} />
      ))}
    </div>
  );
}

export function EmptyState({ title, children, icon = "○" }: { title: string; children?: ReactNode; icon?: string }) {
  return (
    <div className="flex flex-col items-center justify-center px-4 py-10 text-center" data-testid="empty-state">
      <div className="mb-2 flex h-10 w-10 items-center justify-center rounded-full bg-slate-100 text-lg text-slate-400">{icon}</div>
      <p className="text-sm font-medium text-slate-700">{title}</p>
      {children && <div className="mt-1 max-w-sm text-sm text-slate-500">{children}</div>}
    </div>
  );
}

interface ErrorLike {
  message: string;
  data?: { code?: string; httpStatus?: number } | null;
}

export function ErrorState({ error, onRetry, what = "data" }: { error: ErrorLike | null; onRetry?: () => void; what?: string }) {
  const code = error?.data?.code;
  const friendly =
    code === "NOT_FOUND"
      ? error?.message
      : error?.message?.includes("fetch") || error?.message?.includes("NetworkError")
        ? "The server could not be reached."
        : error?.message || "Unknown error";
  return (
    <div role="alert" className="rounded-lg border border-rose-200 bg-rose-50 px-4 py-3 text-sm text-rose-800" data-testid="error-state">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <div className="min-w-0">
          <p className="font-medium">Could not load {what}</p>
          <p className="mt-0.5 break-words text-rose-700">
            {friendly}
            {code && code !== "NOT_FOUND" && <span className="ml-1 text-rose-500">({code})</span>}
          </p>
        </div>
        {onRetry && (
          <button type="button" onClick={onRetry} className="rounded-md bg-white px-3 py-1.5 text-xs font-semibold text-rose-700 shadow-sm ring-1 ring-rose-300 hover:bg-rose-100">
            Retry
          </button>
        )}
      </div>
    </div>
  );
}

/**
 * Renders a query's loading / error / data states uniformly.
 */
export function QueryView<T>({ query, what, skeleton, children }: {
  query: { data: T | undefined; error: ErrorLike | null; isPending: boolean; refetch: () => unknown };
  what: string;
  skeleton?: ReactNode;
  children: (data: T) => ReactNode;
}) {
  if (query.data !== undefined) {
    return (
      <>
        {query.error && <div className="mb-3"><ErrorState error={query.error} what={`the latest ${what}`} onRetry={() => void query.refetch()} /></div>}
        {children(query.data)}
      </>
    );
  }
  if (query.error) return <ErrorState error={query.error} what={what} onRetry={() => void query.refetch()} />;
  return <>{skeleton ?? <SkeletonRows />}</>;
}

/* ---------- badges ---------- */

const pill = "inline-flex items-center gap-1 whitespace-nowrap rounded-full px-2 py-0.5 text-xs font-medium ring-1 ring-inset";

export function StateBadge({ state }: { state: string }) {
  const s = stateStyle(state);
  return (
    <span className={`${pill} ${s.badge}`} data-testid="state-badge" data-state={state}>
      <span className={`h-1.5 w-1.5 rounded-full ${s.dot}`} />
      {s.label}
    </span>
  );
}

export function HealthBadge({ status }: { status: string | null | undefined }) {
  const s = healthStyle(status);
  return <span className={`${pill} ${s.badge}`}>{s.label}</span>;
}

export function SeverityBadge({ severity }: { severity: string }) {
  return <span className={`${pill} ${SEVERITY_STYLES[severity as EventSeverity] ?? SEVERITY_STYLES.info}`}>{severity}</span>;
}

export function TrendIndicator({ trend }: { trend: string | null | undefined }) {
  if (!trend) return <span className="text-xs text-slate-400">no trend yet</span>;
  const map: Record<string, { icon: string; cls: string }> = {
    improving: { icon: "↗", cls: "text-emerald-600" },
    stable: { icon: "→", cls: "text-slate-500" },
    degrading: { icon: "↘", cls: "text-rose-600" },
  };
  const m = map[trend] ?? { icon: "·", cls: "text-slate-500" };
  return (
    <span className={`inline-flex items-center gap-1 text-xs font-medium ${m.cls}`}>
      <span aria-hidden="true">{m.icon}</span>
      {trend}
    </span>
  );
}

export function Chips({ items, max = 4 }: { items: string[]; max?: number }) {
  if (items.length === 0) return <span className="text-xs text-slate-400">—</span>;
  const shown = items.slice(0, max);
  return (
    <span className="flex flex-wrap gap-1">
      {shown.map((c) => (
        <span key={c} className="whitespace-nowrap rounded-md bg-slate-100 px-1.5 py-0.5 text-[11px] font-medium text-slate-600">
          {c}
        </span>
      ))}
      {items.length > max && <span className="text-[11px] text-slate-400" title={items.slice(max).join(", ")}>+{items.length - max}</span>}
    </span>
  );
}

/* ---------- time ---------- */

// One shared 1 s clock for every relative time on the page. The server snapshot is null, so
// relative times render only in the browser (no hydration mismatch).
let now = Date.now();
const listeners = new Set<() => void>();
let ticker: ReturnType<typeof setInterval> | null = null;
function subscribeClock(cb: () => void) {
  listeners.add(cb);
  if (!ticker) {
    now = Date.now();
    ticker = setInterval(() => {
      now = Date.now();
      for (const l of listeners) l();
    }, 1000);
  }
  return () => {
    listeners.delete(cb);
    if (listeners.size === 0 && ticker) {
      clearInterval(ticker);
      ticker = null;
    }
  };
}

export function useNow(): number | null {
  return useSyncExternalStore(subscribeClock, () => now, () => null);
}

export function RelativeTime({ iso, empty = "never", className = "" }: { iso: string | null | undefined; empty?: string; className?: string }) {
  const n = useNow();
  if (!iso) return <span className={`text-slate-400 ${className}`}>{empty}</span>;
  const t = Date.parse(iso);
  return (
    <time dateTime={iso} title={n === null ? undefined : formatDateTime(iso)} className={className} suppressHydrationWarning>
      {n === null ? "…" : formatAgo(t, n)}
    </time>
  );
}

export function AgentLink({ id, name }: { id: string; name?: string | null }) {
  return (
    <Link href={`/agents/${encodeURIComponent(id)}`} className="font-medium text-blue-700 hover:underline">
      {name ?? id}
    </Link>
  );
}

export function ScoreBar({ score, className = "" }: { score: number | null; className?: string }) {
  const s = healthStyle(statusForScore(score));
  return (
    <div className={`h-2 w-full overflow-hidden rounded-full bg-slate-100 ${className}`} role="progressbar" aria-valuemin={0} aria-valuemax={100} aria-valuenow={score ?? undefined}>
      {score != null && <div className={`h-full rounded-full ${s.bar}`} style={{ width: `${Math.max(2, Math.min(100, score))}%` }} />}
    </div>
  );
}

/** The card at the top of a detail page: a breadcrumb back to its list, then the page's own header. */
export function DetailHeader({ testId, back, crumb, children }: { testId: string; back: { href: string; label: string }; crumb: ReactNode; children: ReactNode }) {
  return (
    <div className="mb-6 rounded-xl border border-slate-200 bg-white p-4 shadow-sm sm:p-5" data-testid={testId}>
      <nav className="mb-2 text-xs text-slate-500" aria-label="Breadcrumb">
        <Link href={back.href} className="hover:underline">
          {back.label}
        </Link>{" "}
        / {crumb}
      </nav>
      {children}
    </div>
  );
}

/** The grid of labelled facts in a detail header. */
export function Facts({ children }: { children: ReactNode }) {
  return <dl className="mt-3 grid grid-cols-2 gap-x-6 gap-y-2 text-sm sm:grid-cols-4">{children}</dl>;
}

export function Fact({ label, children, className, title, testId }: { label: ReactNode; children: ReactNode; className?: string; title?: string; testId?: string }) {
  return (
    <div>
      <dt className="text-xs text-slate-500">{label}</dt>
      <dd className={className} title={title} data-testid={testId}>
        {children}
      </dd>
    </div>
  );
}
