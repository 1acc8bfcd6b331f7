"use client";

import { LineChart } from "@tremor/react";
import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { formatClock, formatDateTime, formatNumber } from "../format";
import { IssueSeverityBadge } from "../incident-ui";
import { useTRPC } from "../trpc";
import { AgentLink, EmptyState, Panel, QueryView, RelativeTime, Skeleton, SkeletonRows } from "../ui";
import { ISSUE_SEVERITIES, type IssueSeverity } from "@/server/vocabulary";


/** The points around one anomaly: the metric, its expected level (median) and the flagged point. */
function AnomalyChart({ id }: { id: string }) {
  const trpc = useTRPC();
  const q = useQuery(trpc.anomalies.around.queryOptions({ id, minutes: 10 }));
  return (
    <QueryView query={q} what="the points around this anomaly" skeleton={<Skeleton className="h-56 w-full" />}>
      {({ anomaly, points }) => {
        const data = points.map((p) => ({
          time: formatClock(p.t, true),
          [anomaly.metric]: p.value,
          expected: anomaly.expected,
          // Only the selected point: Tremor draws a lone value as a dot.
          anomaly: p.t === Date.parse(anomaly.metricAt) && p.value === anomaly.value ? p.value : null,
        }));
        return (
          <div data-testid="anomaly-chart">
            <p className="mb-2 text-xs text-slate-500">
              <span className="font-mono">{anomaly.metric}</span> of <AgentLink id={anomaly.agentId} /> ± 10 min around {formatDateTime(anomaly.metricAt)} — {anomaly.reason}
            </p>
            <LineChart
              className="h-56"
              data={data}
              index="time"
              categories={[anomaly.metric, "expected", "anomaly"]}
              colors={["blue", "slate", "rose"]}
              valueFormatter={(v: number) => formatNumber(v)}
              yAxisWidth={56}
              autoMinValue
              connectNulls={false}
              showAnimation={false}
            />
          </div>
        );
      }}
    </QueryView>
  );
}

export function AnomaliesPanel() {
  const trpc = useTRPC();
  const [minSeverity, setMinSeverity] = useState<IssueSeverity>("low");
  const [selected, setSelected] = useState<string | null>(null);
  const q = useQuery(trpc.anomalies.list.queryOptions({ hours: 24, minSeverity, limit: 50 }));
  const current = selected ?? q.data?.[0]?.id ?? null;
  return (
    <Panel
      title="Anomalies"
      subtitle="Last 24 h · robust z-score (median/MAD) ≥ 4.5 or static thresholds"
      actions={
        <div role="group" aria-label="Minimum severity" className="inline-flex rounded-lg bg-slate-100 p-0.5 text-xs font-medium">
          {ISSUE_SEVERITIES.map((s) => (
            <button key={s} type="button" onClick={() => setMinSeverity(s)} aria-pressed={minSeverity === s} className={`rounded-md px-2.5 py-1 ${minSeverity === s ? "bg-white text-slate-900 shadow-sm" : "text-slate-500 hover:text-slate-800"}`}>
              {s}+
            </button>
          ))}
        </div>
      }
      testId="anomalies"
    >
      <QueryView query={q} what="anomalies" skeleton={<SkeletonRows rows={6} />}>
        {(items) =>
          items.length === 0 ? (
            <EmptyState title="No anomalies in the last 24 h" icon="✓">The performance monitor scores every metric point as it arrives.</EmptyState>
          ) : (
            <div className="grid gap-4 lg:grid-cols-5">
              <ul className="max-h-80 divide-y divide-slate-100 overflow-y-auto lg:col-span-2" data-testid="anomaly-list">
                {items.map((a) => (
                  <li key={a.id}>
                    <button type="button" onClick={() => setSelected(a.id)} aria-pressed={current === a.id} className={`w-full px-2 py-2 text-left hover:bg-slate-50 ${current === a.id ? "bg-blue-50" : ""}`} data-testid="anomaly-row">
                      <div className="flex items-center justify-between gap-2">
                        <span className="truncate font-mono text-xs text-slate-800">
                          {a.agentId} · {a.metric}
                        </span>
                        <IssueSeverityBadge severity={a.severity} />
                      </div>
                      <p className="mt-0.5 text-xs text-slate-500">
                        {formatNumber(a.value)} (expected {a.expected === null ? "—" : formatNumber(a.expected)}) · {a.method} · <RelativeTime iso={a.detectedAt} /> · flagged after {a.latencySeconds} s
                      </p>
                    </button>
                  </li>
                ))}
              </ul>
              <div className="min-w-0 lg:col-span-3">{current && <AnomalyChart id={current} />}</div>
            </div>
          )
        }
      </QueryView>
    </Panel>
  );
}
