"use client";

import { ExportLinks } from "./export-links";
import { AreaChart, SparkAreaChart, Tracker } from "@tremor/react";
import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useState } from "react";
import { AgentActions, AgentRecoveryPanel } from "./agent-recovery";
import { formatClock, formatDateTime, formatDurationMs, formatNumber, formatScore, healthStyle, stateStyle } from "./format";
import { EventList } from "./events";
import { RangeSwitch } from "./overview";
import { useTRPC, type RouterOutputs } from "./trpc";
import { Chips, EmptyState, ErrorState, HealthBadge, Panel, QueryView, RelativeTime, ScoreBar, Skeleton, SkeletonRows, StateBadge, TrendIndicator } from "./ui";

type Range = "1h" | "6h" | "24h";
type AgentDetailData = RouterOutputs["agents"]["byId"];

const SERIES_COLORS = ["blue", "emerald", "violet", "amber", "cyan", "rose", "teal", "orange"] as const;

function Header({ a }: { a: AgentDetailData }) {
  const trpc = useTRPC();
  const history = useQuery(trpc.agents.healthHistory.queryOptions({ id: a.id, range: "6h" }));
  const hs = healthStyle(a.healthStatus);
  return (
    <div className="mb-6 rounded-xl border border-slate-200 bg-white p-4 shadow-sm sm:p-5" data-testid="agent-header">
      <nav className="mb-2 text-xs text-slate-500" aria-label="Breadcrumb">
        <Link href="/agents" className="hover:underline">
          Agents
        </Link>{" "}
        / <span className="font-mono">{a.id}</span>
      </nav>
      <div className="flex flex-col gap-4 lg:flex-row lg:items-start lg:justify-between">
        <div className="min-w-0">
          <div className="flex flex-wrap items-center gap-2">
            <h1 className="text-2xl font-semibold tracking-tight text-slate-900">{a.name}</h1>
            <StateBadge state={a.state} />
            <span className="rounded-md bg-slate-100 px-1.5 py-0.5 text-xs font-medium text-slate-600">{a.kind === "builtin" ? "Built-in" : "External"}</span>
            {a.expected && <span className="rounded-md bg-blue-50 px-1.5 py-0.5 text-xs font-medium text-blue-700">On roster</span>}
          </div>
          <p className="mt-0.5 font-mono text-xs text-slate-500">{a.id}</p>
          <p className="mt-1 flex flex-wrap gap-3">
            <ExportLinks type="metrics" agentId={a.id} />
            <ExportLinks type="events" agentId={a.id} />
          </p>
          {a.description && <p className="mt-2 max-w-2xl text-sm text-slate-600">{a.description}</p>}
          {a.kind === "builtin" && !a.implemented && (
            <p className="mt-2 inline-block rounded-md bg-amber-50 px-2 py-1 text-xs text-amber-800">This built-in agent is not implemented yet, so it does not run or heartbeat.</p>
          )}
          <dl className="mt-3 grid grid-cols-2 gap-x-6 gap-y-2 text-sm sm:grid-cols-4">
            <div>
              <dt className="text-xs text-slate-500">Last heartbeat</dt>
              <dd className="font-medium text-slate-800" data-testid="agent-last-heartbeat">
                <RelativeTime iso={a.lastHeartbeatAt} />
              </dd>
            </div>
            <div>
              <dt className="text-xs text-slate-500">In state since</dt>
              <dd className="font-medium text-slate-800">
                <RelativeTime iso={a.stateChangedAt} />
              </dd>
            </div>
            <div>
              <dt className="text-xs text-slate-500">Interval / grace</dt>
              <dd className="font-medium text-slate-800">
                {a.heartbeatIntervalSeconds} s / {a.graceSeconds} s
              </dd>
            </div>
            <div>
              <dt className="text-xs text-slate-500">Version</dt>
              <dd className="font-medium text-slate-800">{a.version ?? "—"}</dd>
            </div>
          </dl>
          <div className="mt-3">
            <Chips items={a.capabilities} max={12} />
          </div>
          <div className="mt-4">
            <AgentActions id={a.id} state={a.state} />
          </div>
        </div>
        <div className="flex shrink-0 items-center gap-4 rounded-lg bg-slate-50 p-3 lg:w-80">
          <div>
            <div className={`text-4xl font-bold tabular-nums leading-none ${hs.text}`} data-testid="agent-health-score">
              {formatScore(a.healthScore)}
            </div>
            <div className="mt-1.5 flex flex-col gap-1">
              <HealthBadge status={a.healthStatus} />
              <TrendIndicator trend={a.healthTrend} />
            </div>
          </div>
          <div className="min-w-0 flex-1">
            <p className="mb-1 text-[11px] text-slate-500">Health, last 6 h</p>
            {history.data && history.data.length > 1 ? (
              <SparkAreaChart data={history.data} index="t" categories={["score"]} colors={["blue"]} className="h-12 w-full" minValue={0} maxValue={100} />
            ) : (
              <p className="text-xs text-slate-400">{history.isPending ? "…" : "not enough history"}</p>
            )}
          </div>
        </div>
      </div>
    </div>
  );
}

function HealthBreakdownPanel({ a }: { a: AgentDetailData }) {
  const h = a.health;
  return (
    <Panel
      title="Health breakdown"
      subtitle={h ? `Window: last ${h.windowMinutes} min` : "Five weighted factors (SPEC §5)"}
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
                  <span className="text-xs text-slate-400" title="Nominal weight → weight after renormalising over factors with data">
                    weight {Math.round(f.weight * 100)}%{f.score != null && Math.abs(f.effectiveWeight - f.weight) > 0.005 ? ` → ${Math.round(f.effectiveWeight * 100)}%` : ""}
                  </span>
                  {f.score == null ? (
                    <span className="rounded bg-slate-100 px-1.5 text-xs font-medium text-slate-500">no data</span>
                  ) : (
                    <span className={`font-semibold tabular-nums ${healthStyle(scoreStatus(f.score)).text}`}>{Math.round(f.score)}</span>
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

function scoreStatus(s: number) {
  return s >= 90 ? "excellent" : s >= 75 ? "good" : s >= 60 ? "fair" : s >= 40 ? "poor" : "critical";
}

function MetricsPanel({ id }: { id: string }) {
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

function HeartbeatsPanel({ a }: { a: AgentDetailData }) {
  const trpc = useTRPC();
  const q = useQuery(trpc.agents.heartbeats.queryOptions({ id: a.id, limit: 15 }));
  return (
    <Panel title="Heartbeats" subtitle="Last 60 minutes, one block per minute" testId="heartbeats">
      <QueryView query={q} what="heartbeats" skeleton={<SkeletonRows rows={5} />}>
        {(hb) => {
          const firstSeen = a.firstSeenAt ? Date.parse(a.firstSeenAt) : null;
          const expectedPerMin = Math.max(1, 60 / a.heartbeatIntervalSeconds);
          const blocks = hb.minutes.map((m) => {
            const before = firstSeen === null || m.t + 60_000 <= firstSeen;
            const current = m.t === hb.minutes[hb.minutes.length - 1]?.t;
            // The current minute is still filling up: any heartbeat in it counts as on time.
            const color = m.count > 0 ? (current || m.count >= Math.floor(expectedPerMin) ? "emerald" : "amber") : before || current ? "slate-200" : "rose";
            return { key: m.t, color, tooltip: `${formatClock(m.t)} · ${m.count} heartbeat${m.count === 1 ? "" : "s"}` };
          });
          return (
            <>
              <Tracker data={blocks} className="mt-1" />
              <div className="mt-1 flex justify-between text-[11px] text-slate-400">
                <span>60 min ago</span>
                <span>now</span>
              </div>
              {hb.recent.length === 0 ? (
                <EmptyState title="No heartbeats yet">This agent has never reported a heartbeat.</EmptyState>
              ) : (
                <div className="mt-3 overflow-x-auto">
                  <table className="w-full min-w-[420px] text-sm" data-testid="heartbeat-list">
                    <thead>
                      <tr className="text-left text-xs text-slate-500">
                        <th className="py-1.5 pr-3 font-medium">Received</th>
                        <th className="py-1.5 pr-3 font-medium">Status</th>
                        <th className="py-1.5 font-medium">Metrics</th>
                      </tr>
                    </thead>
                    <tbody className="divide-y divide-slate-100">
                      {hb.recent.map((h) => (
                        <tr key={h.id} data-testid="heartbeat-row">
                          <td className="whitespace-nowrap py-1.5 pr-3 text-slate-700" title={formatDateTime(h.receivedAt)}>
                            <RelativeTime iso={h.receivedAt} />
                          </td>
                          <td className="py-1.5 pr-3 text-slate-600">{h.status ?? "—"}</td>
                          <td className="py-1.5 font-mono text-[11px] text-slate-500">
                            {h.metrics && Object.keys(h.metrics).length
                              ? Object.entries(h.metrics)
                                  .slice(0, 4)
                                  .map(([k, v]) => `${k}=${typeof v === "number" ? formatNumber(v) : String(v)}`)
                                  .join("  ")
                              : "—"}
                          </td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                </div>
              )}
            </>
          );
        }}
      </QueryView>
    </Panel>
  );
}

const CYCLE_STYLES: Record<string, string> = {
  running: "bg-blue-50 text-blue-700 ring-blue-600/20",
  succeeded: "bg-emerald-50 text-emerald-700 ring-emerald-600/20",
  failed: "bg-rose-50 text-rose-700 ring-rose-600/25",
  abandoned: "bg-slate-100 text-slate-600 ring-slate-400/20",
};

function CyclesPanel({ id }: { id: string }) {
  const trpc = useTRPC();
  const q = useQuery(trpc.agents.cycles.queryOptions({ id, limit: 15 }));
  return (
    <Panel title="Cycles" subtitle="Runs of this built-in agent" bodyClassName="p-0" testId="cycles">
      <div className="p-4 pt-2">
        <QueryView query={q} what="cycles" skeleton={<SkeletonRows rows={5} />}>
          {(cycles) =>
            cycles.length === 0 ? (
              <EmptyState title="No cycles recorded yet" />
            ) : (
              <div className="overflow-x-auto">
                <table className="w-full min-w-[520px] text-sm" data-testid="cycles-table">
                  <thead>
                    <tr className="text-left text-xs text-slate-500">
                      <th className="py-1.5 pr-3 font-medium">Started</th>
                      <th className="py-1.5 pr-3 font-medium">Duration</th>
                      <th className="py-1.5 pr-3 font-medium">Status</th>
                      <th className="py-1.5 font-medium">Error</th>
                    </tr>
                  </thead>
                  <tbody className="divide-y divide-slate-100">
                    {cycles.map((c) => (
                      <tr key={c.id}>
                        <td className="whitespace-nowrap py-1.5 pr-3 text-slate-700" title={formatDateTime(c.startedAt)}>
                          <RelativeTime iso={c.startedAt} />
                        </td>
                        <td className="whitespace-nowrap py-1.5 pr-3 tabular-nums text-slate-600">{formatDurationMs(c.durationMs)}</td>
                        <td className="py-1.5 pr-3">
                          <span className={`inline-flex rounded-full px-2 py-0.5 text-xs font-medium ring-1 ring-inset ${CYCLE_STYLES[c.status] ?? CYCLE_STYLES.abandoned}`}>{c.status}</span>
                        </td>
                        <td className="max-w-xs truncate py-1.5 text-xs text-rose-700" title={c.error ?? undefined}>
                          {c.error ?? <span className="text-slate-300">—</span>}
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            )
          }
        </QueryView>
      </div>
    </Panel>
  );
}

function StateHistoryPanel({ id }: { id: string }) {
  const trpc = useTRPC();
  const q = useQuery(trpc.agents.stateChanges.queryOptions({ id, limit: 20 }));
  return (
    <Panel title="State history" testId="state-history">
      <QueryView query={q} what="state history" skeleton={<SkeletonRows rows={4} />}>
        {(changes) =>
          changes.length === 0 ? (
            <EmptyState title="No state changes yet" />
          ) : (
            <ol className="relative space-y-3 border-l border-slate-200 pl-4">
              {changes.map((c) => (
                <li key={c.id} className="relative">
                  <span className={`absolute -left-[21px] top-1.5 h-2.5 w-2.5 rounded-full ring-2 ring-white ${stateStyle(c.toState).dot}`} />
                  <div className="flex flex-wrap items-center gap-1.5 text-sm">
                    <StateBadge state={c.fromState} />
                    <span className="text-slate-400">→</span>
                    <StateBadge state={c.toState} />
                    <span className="text-xs text-slate-400" title={formatDateTime(c.at)}>
                      <RelativeTime iso={c.at} />
                    </span>
                  </div>
                  <p className="mt-0.5 text-xs text-slate-500">{c.reason}</p>
                </li>
              ))}
            </ol>
          )
        }
      </QueryView>
    </Panel>
  );
}

export function AgentDetail({ id }: { id: string }) {
  const trpc = useTRPC();
  const q = useQuery(trpc.agents.byId.queryOptions({ id }));

  if (q.data === undefined) {
    if (q.error) {
      return (
        <div className="space-y-4">
          <ErrorState error={q.error} what="this agent" onRetry={() => void q.refetch()} />
          <Link href="/agents" className="text-sm text-blue-700 hover:underline">
            ← All agents
          </Link>
        </div>
      );
    }
    return (
      <div className="space-y-4" role="status" aria-label="Loading agent">
        <Skeleton className="h-40 w-full rounded-xl" />
        <div className="grid gap-4 lg:grid-cols-3">
          <Skeleton className="h-72 lg:col-span-1" />
          <Skeleton className="h-72 lg:col-span-2" />
        </div>
      </div>
    );
  }

  const a = q.data;
  return (
    <>
      {q.error && <div className="mb-3"><ErrorState error={q.error} what="the latest agent data" onRetry={() => void q.refetch()} /></div>}
      <Header a={a} />
      <div className="grid grid-cols-1 gap-4 lg:grid-cols-3">
        <HealthBreakdownPanel a={a} />
        <div className="min-w-0 lg:col-span-2">
          <MetricsPanel id={a.id} />
        </div>
        <div className="min-w-0 lg:col-span-2">
          <HeartbeatsPanel a={a} />
        </div>
        <StateHistoryPanel id={a.id} />
        <div className="min-w-0 lg:col-span-3">
          <AgentRecoveryPanel id={a.id} />
        </div>
        <Panel title="Events" className="lg:col-span-3" bodyClassName="px-4 py-2" testId="agent-events">
          <EventList agentId={a.id} limit={15} />
        </Panel>
        {a.kind === "builtin" ? (
          <div className="min-w-0 lg:col-span-3">
            <CyclesPanel id={a.id} />
          </div>
        ) : null}
      </div>
    </>
  );
}
