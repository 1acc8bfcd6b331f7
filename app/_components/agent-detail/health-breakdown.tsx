import { healthStyle, statusForScore } from "../format";
import { EmptyState, Panel, RelativeTime, ScoreBar } from "../ui";
import type { AgentDetailData } from "./types";

/** The five weighted factors of the agent's latest health score. */
export function HealthBreakdownPanel({ a }: { a: AgentDetailData }) {
  const h = a.health;
  return (
    <Panel
      title="Health breakdown"
      subtitle={h ? `Window: last ${h.windowMinutes} min` : "Five weighted factors"}
      actions={a.healthUpdatedAt ? <span className="text-xs text-slate-400">scored <RelativeTime iso={a.healthUpdatedAt} /></span> : undefined}
      testId="health-breakdown"
    >
      {!h ? (
        <EmptyState title="Not scored yet">The heartbeat health agent scores every agent each cycle; the breakdown appears after its first run.</EmptyState>
      ) : (
        <>
        {h.note && <p className="mb-3 rounded-md bg-amber-50 px-3 py-2 text-xs text-amber-800">{h.note}</p>}
        <ul className="space-y-4">
          {h.factors.map((f) => (
            <li key={f.key} data-testid="health-factor" data-factor={f.key}>
              <div className="flex flex-wrap items-baseline justify-between gap-x-2 text-sm">
                <span className="font-medium text-slate-700">{f.label}</span>
                <span className="flex items-baseline gap-2">
                  <span className="text-xs text-slate-400" title="Nominal weight → weight after renormalizing over factors with data">
                    weight {Math.round(f.weight * 100)}%{f.score != null && Math.abs(f.effectiveWeight - f.weight) > 0.005 ? ` → ${Math.round(f.effectiveWeight * 100)}%` : ""}
                  </span>
                  {f.score == null ? (
                    <span className="rounded bg-slate-100 px-1.5 text-xs font-medium text-slate-500">no data</span>
                  ) : (
                    <span className={`font-semibold tabular-nums ${healthStyle(statusForScore(f.score)).text}`}>{Math.round(f.score)}</span>
                  )}
                </span>
              </div>
              <ScoreBar score={f.score} className="mt-1" />
              <p className="mt-0.5 text-xs text-slate-500">{f.detail}</p>
            </li>
          ))}
        </ul>
        </>
      )}
    </Panel>
  );
}
