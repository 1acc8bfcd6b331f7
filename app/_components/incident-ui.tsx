"use client";

/** Small shared pieces of the incident and performance screens: badges and money. */
import { formatMicros } from "@/server/incidents/business";
import type { IncidentStatus, IssueSeverity } from "@/server/vocabulary";

const pill = "inline-flex items-center gap-1 whitespace-nowrap rounded-full px-2 py-0.5 text-xs font-medium ring-1 ring-inset";

const ISSUE_SEVERITY_STYLES: Record<IssueSeverity, string> = {
  low: "bg-sky-50 text-sky-700 ring-sky-600/20",
  medium: "bg-amber-50 text-amber-800 ring-amber-600/25",
  high: "bg-orange-50 text-orange-700 ring-orange-600/25",
  critical: "bg-rose-600 text-white ring-rose-700",
};

export const INCIDENT_STATUS_STYLES: Record<IncidentStatus, { cls: string; label: string }> = {
  detected: { cls: "bg-rose-50 text-rose-700 ring-rose-600/20", label: "Detected" },
  planned: { cls: "bg-violet-50 text-violet-700 ring-violet-600/20", label: "Planned" },
  executing: { cls: "bg-blue-50 text-blue-700 ring-blue-600/20", label: "Executing" },
  verifying: { cls: "bg-cyan-50 text-cyan-800 ring-cyan-600/20", label: "Verifying" },
  rolled_back: { cls: "bg-amber-50 text-amber-800 ring-amber-600/25", label: "Rolled back" },
  resolved: { cls: "bg-emerald-50 text-emerald-700 ring-emerald-600/20", label: "Resolved" },
  escalated: { cls: "bg-rose-600 text-white ring-rose-700", label: "Escalated" },
  cancelled: { cls: "bg-slate-100 text-slate-600 ring-slate-400/20", label: "Cancelled" },
};

export function IssueSeverityBadge({ severity }: { severity: string }) {
  return (
    <span className={`${pill} ${ISSUE_SEVERITY_STYLES[severity as IssueSeverity] ?? ISSUE_SEVERITY_STYLES.low}`} data-testid="issue-severity" data-severity={severity}>
      {severity}
    </span>
  );
}

export function IncidentStatusBadge({ status }: { status: string }) {
  const s = INCIDENT_STATUS_STYLES[status as IncidentStatus] ?? INCIDENT_STATUS_STYLES.detected!;
  return (
    <span className={`${pill} ${s.cls}`} data-testid="incident-status" data-status={status}>
      {s.label}
    </span>
  );
}

export function Money({ micros, digits = 2 }: { micros: number | string; digits?: 2 | 4 | 6 }) {
  const m = typeof micros === "string" ? Math.round(Number(micros) * 1e6) : micros;
  return <span className="tabular-nums">{formatMicros(m, digits)}</span>;
}

export function usd(decimal: string, digits: 2 | 4 = 2): string {
  return formatMicros(Math.round(Number(decimal) * 1e6), digits);
}

export function formatSeconds(s: number | null | undefined): string {
  if (s == null) return "—";
  if (s < 1) return `${Math.round(s * 1000)} ms`;
  if (s < 120) return `${Math.round(s * 10) / 10} s`;
  return `${Math.floor(s / 60)} min ${Math.round(s % 60)} s`;
}

/** Triggers a file download of `text` (the executive report). */
export function download(filename: string, text: string, type: string) {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = document.createElement("a");
  a.href = url;
  a.download = filename;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1_000);
}
