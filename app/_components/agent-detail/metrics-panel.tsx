"use client";

import { AreaChart } from "@tremor/react";
import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { formatClock, formatNumber } from "../format";
import { RangeSwitch } from "../overview";
import { useTRPC } from "../trpc";
import { EmptyState, Panel, QueryView, Skeleton } from "../ui";

type Range = "1h" | "6h" | "24h";

const SERIES_COLORS = ["blue", "emerald", "violet", "amber", "cyan", "rose", "teal", "orange"] as const;

/** One chart per metric the agent sends, over a switchable range. */
export function MetricsPanel({ id }: { id: string }) {
  const trpc = useTRPC();
  const [range, setRange] = useState<Range>("1h");
  const q = useQuery(trpc.agents.metrics.queryOptions({ id, range }));
  return (
    <Panel title="Metrics" subtitle={`Averaged per ${range === "1h" ? "minute" : range === "6h" ? "5 minutes" : "15 minutes"}`} actions={<RangeSwitch value={range} onChange={setRange} label="Metric range" />} testId="metrics">
      <QueryView query={q} what="metrics" skeleton={<div className="grid gap-4 md:grid-cols-2"><Skeleton className="h-48" /><Skeleton className="h-48" /></div>}>
        {(m) =>
          m.series.length === 0 ? (
            <EmptyState title={`No metrics in the last ${range}`}>Send them with POST /api/v1/metrics or in a heartbeat&apos;s &quot;metrics&quot; field.</EmptyState>
          ) : (
            <div className="grid gap-4 md:grid-cols-2">
              {m.series.map((s, i) => {
                const color = SERIES_COLORS[i % SERIES_COLORS.length]!;
                return (
                  <div key={s.name} className="min-w-0 rounded-lg border border-slate-100 p-3" data-testid="metric-chart" data-metric={s.name}>
                    <div className="flex items-baseline justify-between gap-2">
                      <h3 className="truncate font-mono text-xs font-semibold text-slate-700">{s.name}</h3>
                      <span className="text-sm font-semibold tabular-nums text-slate-900">{s.latest == null ? "—" : formatNumber(s.latest, s.unit)}</span>
                    </div>
                    <p className="text-[11px] text-slate-400">
                      {s.samples} sample{s.samples === 1 ? "" : "s"}
                      {s.unit && s.unit.length > 3 ? ` · ${s.unit}` : ""}
                    </p>
                    <AreaChart
                      className="mt-2 h-40"
                      data={s.points.map((p) => ({ time: formatClock(p.t), [s.name]: p.value }))}
                      index="time"
                      categories={[s.name]}
                      colors={[color]}
                      valueFormatter={(v: number) => formatNumber(v, s.unit && s.unit.length <= 3 ? s.unit : null)}
                      showLegend={false}
                      yAxisWidth={60}
                      autoMinValue
                      connectNulls
                      showAnimation={false}
                    />
                  </div>
                );
              })}
            </div>
          )
        }
      </QueryView>
    </Panel>
  );
}
