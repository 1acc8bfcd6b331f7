"use client";

import { LineChart } from "@tremor/react";
import { useQuery } from "@tanstack/react-query";
import { formatClock } from "../format";
import { useTRPC } from "../trpc";
import { EmptyState, Panel, QueryView, RelativeTime, Skeleton, SkeletonRows } from "../ui";

const PRIORITY: Record<string, string> = { high: "bg-rose-50 text-rose-700", medium: "bg-amber-50 text-amber-800", low: "bg-slate-100 text-slate-600" };

function Figure({ label, value, ok }: { label: string; value: string; ok: boolean | null }) {
  return (
    <div className="rounded-lg bg-slate-50 px-3 py-2">
      <dd className={`text-lg font-semibold tabular-nums ${ok === false ? "text-rose-600" : "text-slate-900"}`}>{value}</dd>
      <dt className="text-xs text-slate-500">{label}</dt>
    </div>
  );
}

const CHARTS = [
  { key: "p95", label: "Query p95 (ms)", color: "violet" },
  { key: "cacheHitPct", label: "Cache hit (%)", color: "emerald" },
  { key: "connections", label: "Connections", color: "blue" },
  { key: "consistencyPct", label: "State consistency (%)", color: "teal" },
  { key: "errorRatePct", label: "Error rate (%)", color: "rose" },
  { key: "ingestPerMinute", label: "Rows ingested / min", color: "cyan" },
] as const;

export function DatabasePanel() {
  const trpc = useTRPC();
  const latest = useQuery(trpc.dbmonitor.latest.queryOptions());
  const trend = useQuery(trpc.dbmonitor.trend.queryOptions({ hours: 24 }));
  return (
    <Panel title="Database and shared state" subtitle="enhanced_shared_state_monitor, every 30 s" testId="dbmonitor">
      <QueryView query={latest} what="database figures" skeleton={<SkeletonRows rows={5} />}>
        {(l) =>
          !l ? (
            <EmptyState title="No snapshot yet">The shared-state monitor stores its first snapshot within 30 s of the worker starting.</EmptyState>
          ) : (
            <>
              <p className="mb-2 text-xs text-slate-400">
                collected <RelativeTime iso={l.collectedAt} />
              </p>
              <dl className="grid grid-cols-2 gap-2 sm:grid-cols-4 lg:grid-cols-8">
                <Figure label="Agents" value={`${l.figures.activeAgents}/${l.figures.registeredAgents}`} ok={null} />
                <Figure label="Connections" value={`${l.figures.connectionsUsed}/${l.figures.connectionsMax}`} ok={l.figures.connectionsUsed / l.figures.connectionsMax < l.thresholds.connectionsMaxShare} />
                <Figure label="Query p95" value={`${Math.round(l.figures.queryP95Ms)} ms`} ok={l.figures.queryP95Ms < l.thresholds.queryP95MaxMs} />
                <Figure label="Cache hit" value={l.figures.cacheHitRatio === null ? "—" : `${(l.figures.cacheHitRatio * 100).toFixed(1)} %`} ok={l.figures.cacheHitRatio === null ? null : l.figures.cacheHitRatio >= l.thresholds.cacheHitMin} />
                <Figure label="Consistency" value={`${(l.figures.consistencyScore * 100).toFixed(0)} %`} ok={l.figures.consistencyScore >= l.thresholds.consistencyMin} />
                <Figure label="Error rate" value={l.figures.errorRate === null ? "—" : `${(l.figures.errorRate * 100).toFixed(1)} %`} ok={l.figures.errorRate === null ? null : l.figures.errorRate < l.thresholds.errorRateMax} />
                <Figure label="Ingested / min" value={String(l.figures.ingestPerMinute)} ok={null} />
                <Figure label="Database" value={`${(l.figures.databaseBytes / 1024 ** 2).toFixed(0)} MB`} ok={null} />
              </dl>
              {l.breaches.length > 0 && (
                <ul className="mt-3 space-y-1" data-testid="db-breaches">
                  {l.breaches.map((b) => (
                    <li key={b.title} className="rounded-md bg-rose-50 px-3 py-1.5 text-sm text-rose-800">
                      {b.title}
                    </li>
                  ))}
                </ul>
              )}
              <h3 className="mt-4 text-xs font-semibold uppercase tracking-wide text-slate-500">Recommendations</h3>
              <ul className="mt-2 space-y-1.5" data-testid="db-recommendations">
                {l.recommendations.map((r) => (
                  <li key={r.text} className="flex gap-2 text-sm text-slate-700">
                    <span className={`h-fit shrink-0 rounded px-1.5 text-[11px] font-medium ${PRIORITY[r.priority]}`}>{r.priority}</span>
                    {r.text}
                  </li>
                ))}
              </ul>
            </>
          )
        }
      </QueryView>
      <h3 className="mt-5 text-xs font-semibold uppercase tracking-wide text-slate-500">Last 24 h</h3>
      <QueryView query={trend} what="trends" skeleton={<Skeleton className="h-40 w-full" />}>
        {(points) =>
          points.length < 2 ? (
            <p className="mt-2 text-sm text-slate-500">Trends appear after a few snapshots.</p>
          ) : (
            <div className="mt-2 grid gap-4 md:grid-cols-2 xl:grid-cols-3">
              {CHARTS.map((c) => (
                <div key={c.key} className="min-w-0">
                  <p className="text-xs font-medium text-slate-600">{c.label}</p>
                  <LineChart className="h-32" data={points.map((p) => ({ time: formatClock(p.t), [c.label]: p[c.key] }))} index="time" categories={[c.label]} colors={[c.color]} showLegend={false} yAxisWidth={44} autoMinValue connectNulls showAnimation={false} />
                </div>
              ))}
            </div>
          )
        }
      </QueryView>
    </Panel>
  );
}
