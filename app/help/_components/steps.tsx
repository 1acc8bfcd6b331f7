"use client";

import { formatDurationMs } from "@/app/_components/format";
import type { Step } from "./stream";

function Spinner() {
  return <span className="inline-block h-3.5 w-3.5 animate-spin rounded-full border-2 border-blue-200 border-t-blue-600" aria-hidden="true" />;
}

function StepIcon({ step }: { step: Step }) {
  if (step.status === "running") return <Spinner />;
  if (step.kind === "thinking") return <span className="h-1.5 w-1.5 rounded-full bg-slate-400" aria-hidden="true" />;
  if (step.status === "failed") return <span className="text-xs font-bold text-rose-600" aria-hidden="true">✕</span>;
  return <span className="text-xs font-bold text-emerald-600" aria-hidden="true">✓</span>;
}

/** What the agent did, in order: thinking notes and one row per tool call (spinner while it runs). */
export function StepList({ steps, live }: { steps: Step[]; live: boolean }) {
  if (steps.length === 0) return null;
  return (
    <ol className="space-y-1.5" data-testid="help-steps" aria-live={live ? "polite" : undefined}>
      {steps.map((s, i) => (
        <li key={i} className="flex items-start gap-2 text-xs" data-testid="help-step" data-kind={s.kind} data-status={s.status} data-tool={s.kind === "tool" ? s.text : undefined}>
          <span className="mt-0.5 flex h-4 w-4 shrink-0 items-center justify-center">
            <StepIcon step={s} />
          </span>
          {s.kind === "thinking" ? (
            <span className="min-w-0 italic text-slate-500">{s.text}</span>
          ) : (
            <span className="flex min-w-0 flex-1 flex-wrap items-baseline gap-x-2">
              <span className="font-mono font-medium text-slate-800">{s.text}</span>
              {s.durationMs !== undefined && (
                <span className="whitespace-nowrap tabular-nums text-slate-400" data-testid="help-step-duration">
                  {formatDurationMs(s.durationMs)}
                </span>
              )}
              {s.status === "running" ? (
                <span className="text-slate-400">running…</span>
              ) : (
                s.summary && <span className={`min-w-0 break-words ${s.status === "failed" ? "text-rose-700" : "text-slate-500"}`}>{s.summary}</span>
              )}
            </span>
          )}
        </li>
      ))}
    </ol>
  );
}

/** Finished answers keep their steps one click away instead of in the way. */
export function CollapsedSteps({ steps, open = false }: { steps: Step[]; open?: boolean }) {
  const tools = steps.filter((s) => s.kind === "tool");
  if (steps.length === 0) return null;
  const total = tools.reduce((sum, s) => sum + (s.durationMs ?? 0), 0);
  return (
    <details open={open} className="group rounded-lg bg-slate-50 px-3 py-2" data-testid="help-steps-collapsed">
      <summary className="cursor-pointer select-none text-xs font-medium text-slate-600">
        {tools.length} tool {tools.length === 1 ? "call" : "calls"}
        {total > 0 && <span className="font-normal text-slate-400"> · {formatDurationMs(total)}</span>}
      </summary>
      <div className="mt-2">
        <StepList steps={steps} live={false} />
      </div>
    </details>
  );
}
