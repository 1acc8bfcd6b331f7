/** Shared display helpers: colors per state/status, number and time formatting. */

import { healthStatus } from "@/server/health-score/score";
import type { AgentKind, AgentState, EventSeverity } from "@/server/vocabulary";

/** Static class strings (Tailwind must see them literally). */
export const STATE_STYLES: Record<AgentState, { badge: string; dot: string; chart: string; label: string }> = {
  active: { badge: "bg-emerald-50 text-emerald-700 ring-emerald-600/20", dot: "bg-emerald-500", chart: "emerald", label: "Active" },
  late: { badge: "bg-amber-50 text-amber-800 ring-amber-600/25", dot: "bg-amber-500", chart: "amber", label: "Late" },
  unresponsive: { badge: "bg-orange-50 text-orange-700 ring-orange-600/25", dot: "bg-orange-500", chart: "orange", label: "Unresponsive" },
  recovering: { badge: "bg-violet-50 text-violet-700 ring-violet-600/20", dot: "bg-violet-500", chart: "violet", label: "Recovering" },
  failed: { badge: "bg-rose-600 text-white ring-rose-700", dot: "bg-rose-700", chart: "rose", label: "Failed" },
  paused: { badge: "bg-blue-50 text-blue-700 ring-blue-600/20", dot: "bg-blue-400", chart: "blue", label: "Paused" },
  stopped: { badge: "bg-slate-100 text-slate-500 ring-slate-400/20", dot: "bg-slate-300", chart: "slate", label: "Stopped" },
  registered: { badge: "bg-cyan-50 text-cyan-800 ring-cyan-600/20", dot: "bg-cyan-500", chart: "cyan", label: "Registered" },
};

export const KIND_LABELS: Record<AgentKind, string> = { builtin: "Built-in", external: "External" };

export function stateStyle(state: string) {
  return STATE_STYLES[state as AgentState] ?? STATE_STYLES.registered;
}

const HEALTH_STYLES: Record<string, { text: string; badge: string; bar: string; label: string }> = {
  excellent: { text: "text-emerald-600", badge: "bg-emerald-50 text-emerald-700 ring-emerald-600/20", bar: "bg-emerald-500", label: "Excellent" },
  good: { text: "text-teal-600", badge: "bg-teal-50 text-teal-700 ring-teal-600/20", bar: "bg-teal-500", label: "Good" },
  fair: { text: "text-amber-600", badge: "bg-amber-50 text-amber-800 ring-amber-600/25", bar: "bg-amber-500", label: "Fair" },
  poor: { text: "text-orange-600", badge: "bg-orange-50 text-orange-700 ring-orange-600/25", bar: "bg-orange-500", label: "Poor" },
  critical: { text: "text-rose-600", badge: "bg-rose-50 text-rose-700 ring-rose-600/25", bar: "bg-rose-500", label: "Critical" },
};
const NO_HEALTH = { text: "text-slate-400", badge: "bg-slate-50 text-slate-500 ring-slate-400/20", bar: "bg-slate-300", label: "No data" };

export function healthStyle(status: string | null | undefined) {
  return (status && HEALTH_STYLES[status]) || NO_HEALTH;
}

/** The health status band of a score that comes without one (the scorer's own thresholds). */
export function statusForScore(score: number | null | undefined): string | null {
  return score == null ? null : healthStatus(score);
}

export const SEVERITY_STYLES: Record<EventSeverity, string> = {
  debug: "bg-slate-100 text-slate-600 ring-slate-400/20",
  info: "bg-sky-50 text-sky-700 ring-sky-600/20",
  warning: "bg-amber-50 text-amber-800 ring-amber-600/25",
  error: "bg-rose-50 text-rose-700 ring-rose-600/25",
  critical: "bg-rose-600 text-white ring-rose-700",
};

export function formatScore(score: number | null | undefined): string {
  return score == null ? "—" : String(Math.round(score));
}

export function formatNumber(v: number, unit?: string | null): string {
  const abs = Math.abs(v);
  if (v === 0) return unit ? `0 ${unit}` : "0";
  const s =
    abs >= 1e6 ? `${(v / 1e6).toFixed(1)}M` : abs >= 1e4 ? `${(v / 1e3).toFixed(1)}k` : abs >= 100 ? v.toFixed(0) : abs >= 1 ? v.toFixed(1).replace(/\.0$/, "") : String(Number(v.toPrecision(2)));
  return unit ? `${s} ${unit}` : s;
}

export function formatDurationMs(ms: number | null | undefined): string {
  if (ms == null) return "—";
  if (ms < 1000) return `${Math.round(ms)} ms`;
  const s = ms / 1000;
  if (s < 60) return `${s.toFixed(s < 10 ? 2 : 1)} s`;
  const m = Math.floor(s / 60);
  return `${m} min ${Math.round(s % 60)} s`;
}

/** "12 s ago", "5 min ago", "3 h ago", "2 d ago" (or "in 4 s" for the future). */
export function formatAgo(thenMs: number, nowMs: number): string {
  const diff = Math.round((nowMs - thenMs) / 1000);
  const future = diff < -1;
  const s = Math.abs(diff);
  let text: string;
  if (s < 2) return "just now";
  if (s < 60) text = `${s} s`;
  else if (s < 3600) text = `${Math.floor(s / 60)} min`;
  else if (s < 86400) text = `${Math.floor(s / 3600)} h`;
  else text = `${Math.floor(s / 86400)} d`;
  return future ? `in ${text}` : `${text} ago`;
}

export function formatClock(ms: number, withSeconds = false): string {
  return new Date(ms).toLocaleTimeString(undefined, { hour: "2-digit", minute: "2-digit", ...(withSeconds ? { second: "2-digit" } : {}) });
}

export function formatDateTime(iso: string): string {
  return new Date(iso).toLocaleString(undefined, { month: "short", day: "numeric", hour: "2-digit", minute: "2-digit", second: "2-digit" });
}
