"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";

/** USD decimal string → "$0.0123" (enough digits that small LLM costs do not read as $0). */
export function formatUsd(v: string | null | undefined): string {
  if (v === null || v === undefined) return "—";
  const n = Number(v);
  if (n === 0) return "$0";
  if (n >= 100) return `$${n.toLocaleString(undefined, { maximumFractionDigits: 0 })}`;
  if (n >= 1) return `$${n.toFixed(2)}`;
  if (n >= 0.01) return `$${n.toFixed(4)}`;
  // Small per-call costs: three significant digits, never exponent notation.
  const digits = Math.min(12, 2 - Math.floor(Math.log10(n)));
  return `$${n.toFixed(digits).replace(/0+$/, "")}`;
}

export function formatTokens(n: number | null | undefined): string {
  if (n === null || n === undefined) return "—";
  if (n >= 1_000_000) return `${(n / 1_000_000).toFixed(1)}M`;
  if (n >= 10_000) return `${(n / 1000).toFixed(1)}k`;
  return n.toLocaleString();
}

const GRADE_STYLES: Record<string, string> = {
  A: "bg-emerald-50 text-emerald-700 ring-emerald-600/20",
  B: "bg-teal-50 text-teal-700 ring-teal-600/20",
  C: "bg-amber-50 text-amber-800 ring-amber-600/25",
  D: "bg-orange-50 text-orange-700 ring-orange-600/25",
  F: "bg-rose-50 text-rose-700 ring-rose-600/25",
};
export const GRADE_COLORS: Record<string, string> = { A: "emerald", B: "teal", C: "amber", D: "orange", F: "rose" };

export function GradeBadge({ grade }: { grade: string | null | undefined }) {
  if (!grade) return <span className="text-xs text-slate-400" title="Not analyzed yet">—</span>;
  return <span className={`inline-flex h-6 w-6 items-center justify-center rounded-full text-xs font-bold ring-1 ring-inset ${GRADE_STYLES[grade] ?? ""}`}>{grade}</span>;
}

export function RunStatus({ status }: { status: string }) {
  const cls = status === "error" ? "bg-rose-50 text-rose-700 ring-rose-600/25" : status === "pending" ? "bg-slate-100 text-slate-600 ring-slate-400/20" : "bg-emerald-50 text-emerald-700 ring-emerald-600/20";
  return <span className={`inline-flex items-center rounded-full px-2 py-0.5 text-xs font-medium ring-1 ring-inset ${cls}`}>{status}</span>;
}

/** Cost with the "unpriced tokens" flag when part of the usage has no price. */
export function Cost({ cost, unpriced }: { cost: string | null; unpriced: string[] }) {
  return (
    <span className="inline-flex items-center gap-1 tabular-nums">
      {formatUsd(cost)}
      {unpriced.length > 0 && (
        <span className="rounded bg-amber-100 px-1 text-[10px] font-semibold uppercase text-amber-800" title={`No price for: ${unpriced.join(", ")}`} data-testid="unpriced-flag">
          unpriced tokens
        </span>
      )}
    </span>
  );
}

const TABS = [
  { href: "/llm", label: "Overview" },
  { href: "/llm/runs", label: "Runs" },
  { href: "/llm/prices", label: "Model prices" },
];

export function LlmTabs() {
  const pathname = usePathname() ?? "";
  return (
    <nav aria-label="LLM sections" className="mb-5 flex gap-1 border-b border-slate-200">
      {TABS.map((t) => {
        const active = t.href === "/llm" ? pathname === "/llm" : pathname.startsWith(t.href);
        return (
          <Link key={t.href} href={t.href} aria-current={active ? "page" : undefined} className={`-mb-px border-b-2 px-3 py-2 text-sm font-medium ${active ? "border-blue-600 text-blue-700" : "border-transparent text-slate-500 hover:text-slate-800"}`}>
            {t.label}
          </Link>
        );
      })}
    </nav>
  );
}
