"use client";

import { BarChart, DonutChart, LineChart } from "@tremor/react";
import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useState } from "react";
import { formatClock, formatScore, healthStyle, stateStyle } from "./format";
import { EventList } from "./events";
import { SelfHealingPanel } from "./overview-incidents";
import { useTRPC } from "./trpc";
import { AgentLink, EmptyState, HealthBadge, PageHeader, Panel, QueryView, RelativeTime, ScoreBar, Skeleton, SkeletonRows, StateBadge } from "./ui";

type Range = "1h" | "6h" | "24h";

export function RangeSwitch({ value, onChange, label }: { value: Range; onChange: (r: Range) => void; label: string }) {
  return (
    <div role="group" aria-label={label} className="inline-flex rounded-lg bg-slate-100 p-0.5 text-xs font-medium">
      {(["1h", "6h", "24h"] as const).map((r) => (
        <button
          key={r}
          type="button"
          onClick={() => onChange(r)}
          aria-pressed={value === r}
          className={`rounded-md px-2.5 py-1 ${value === r ? "bg-white text-slate-900 shadow-sm" : "text-slate-500 hover:text-slate-800"}`}
        >
          {r}
        </button>
      ))}
    </div>
  );
}

function SystemHealthPanel() {
  const trpc = useTRPC();
  const q = useQuery(trpc.health.system.queryOptions());
  return (
    <Panel title="System health" subtitle="Aggregate over the expected roster" className="lg:col-span-2" testId="system-health">
      <QueryView
        query={q}
        what="system health"
        skeleton={
          <div className="flex gap-6">
            <Skeleton className="h-20 w-28" />
            <div className="flex-1">
              <SkeletonRows rows={4} />
            </div>
          </div>
        }
      >
        {(h) => {
          const style = healthStyle(h.status);
          return (
            <div className="flex flex-col gap-6 sm:flex-row">
              <div className="shrink-0 sm:w-40">
                <div className={`text-6xl font-bold tabular-nums leading-none ${style.text}`} data-testid="system-health-score">
                  {formatScore(h.score)}
                </div>
                <div className="mt-2 flex items-center gap-2">
                  <HealthBadge status={h.status} />
                  <span className="text-xs text-slate-400">/ 100</span>
                </div>
                <p className="mt-2 text-xs text-slate-400">
                  computed <RelativeTime iso={h.computedAt} />
                </p>
              </div>
              <div className="min-w-0 flex-1">
                <p className="text-sm text-slate-600" data-testid="system-health-explanation">
                  {h.explanation}
                </p>
                <ul className="mt-4 space-y-3" data-testid="system-health-factors">
                  {h.factors.map((f) => (
                    <li key={f.key}>
                      <div className="flex items-baseline justify-between gap-2 text-sm">
                        <span className="font-medium text-slate-700">{f.label}</span>
                        <span className="tabular-nums text-slate-700">{formatScore(f.score)}</span>
                      </div>
                      <ScoreBar score={f.score} className="mt-1" />
                      <p className="mt-0.5 text-xs text-slate-500">{f.detail}</p>
                    </li>
                  ))}
                </ul>
                {h.agentFactors && h.agentFactors.length > 0 && (
                  <div className="mt-5 border-t border-slate-100 pt-4">
                    <h3 className="text-xs font-semibold uppercase tracking-wide text-slate-500">Health factors across reporting agents</h3>
                    <ul className="mt-2 grid gap-x-6 gap-y-2 sm:grid-cols-2" data-testid="fleet-factors">
                      {h.agentFactors.map((f) => (
                        <li key={f.key} title={f.detail}>
                          <div className="flex items-baseline justify-between gap-2 text-xs">
                            <span className="text-slate-600">
                              {f.label} <span className="text-slate-400">· {Math.round(f.weight * 100)}%</span>
                            </span>
                            {f.score == null ? <span className="rounded bg-slate-100 px-1.5 font-medium text-slate-500">no data</span> : <span className="font-semibold tabular-nums text-slate-700">{Math.round(f.score)}</span>}
                          </div>
                          <ScoreBar score={f.score} className="mt-1 h-1.5" />
                        </li>
                      ))}
                    </ul>
                  </div>
                )}
              </div>
            </div>
          );
        }}
      </QueryView>
    </Panel>
  );
}

function RosterPanel() {
  const trpc = useTRPC();
  const q = useQuery(trpc.health.system.queryOptions());
  return (
    <Panel title="Roster" subtitle="Expected agents vs what is running" testId="roster">
      <QueryView query={q} what="the roster" skeleton={<SkeletonRows rows={6} />}>
        {(h) => {
          const { roster } = h;
          return (
            <div>
              <dl className="grid grid-cols-3 gap-2 text-center">
                {[
                  { label: "Expected", value: roster.expected, testId: "roster-expected" },
                  { label: "Registered", value: roster.registered, testId: "roster-registered" },
                  { label: "Active", value: roster.active, testId: "roster-active" },
                ].map((s) => (
                  <div key={s.label} className="rounded-lg bg-slate-50 px-2 py-3">
                    <dd className="text-2xl font-semibold tabular-nums text-slate-900" data-testid={s.testId}>
                      {s.value}
                    </dd>
                    <dt className="text-xs text-slate-500">{s.label}</dt>
                  </div>
                ))}
              </dl>
              {roster.missing.length === 0 ? (
                <p className="mt-4 rounded-lg bg-emerald-50 px-3 py-2 text-sm text-emerald-700">Every expected agent is active.</p>
              ) : (
                <div className="mt-4">
                  <h3 className="text-xs font-semibold uppercase tracking-wide text-slate-500">Not active ({roster.missing.length})</h3>
                  <ul className="mt-2 divide-y divide-slate-100" data-testid="roster-missing">
                    {roster.missing.map((m) => (
                      <li key={m.agentId} className="py-2">
                        <div className="flex items-center justify-between gap-2">
                          <AgentLink id={m.agentId} name={m.name} />
                          <StateBadge state={m.state} />
                        </div>
                        <p className="mt-0.5 text-xs text-slate-500">{m.reason}</p>
                      </li>
                    ))}
                  </ul>
                </div>
              )}
            </div>
          );
        }}
      </QueryView>
    </Panel>
  );
}

function HeartbeatRatePanel() {
  const trpc = useTRPC();
  const q = useQuery(trpc.agents.heartbeatRate.queryOptions({ minutes: 60 }));
  return (
    <Panel title="Heartbeats per minute" subtitle="Last 60 minutes" testId="heartbeat-rate">
      <QueryView query={q} what="heartbeat counts" skeleton={<Skeleton className="h-56 w-full" />}>
        {(points) => {
          const total = points.reduce((s, p) => s + p.builtin + p.external, 0);
          const data = points.map((p) => ({ time: formatClock(p.t), "Built-in": p.builtin, External: p.external }));
          return total === 0 ? (
            <EmptyState title="No heartbeats in the last hour">Agents report with POST /api/v1/agents/&#123;id&#125;/heartbeats.</EmptyState>
          ) : (
            <>
              <p className="mb-2 text-xs text-slate-500">
                <span className="font-semibold text-slate-700 tabular-nums">{total}</span> heartbeats in the last hour
              </p>
              <BarChart
                className="h-56"
                data={data}
                index="time"
                categories={["Built-in", "External"]}
                colors={["blue", "emerald"]}
                stack
                yAxisWidth={36}
                allowDecimals={false}
                showAnimation={false}
              />
            </>
          );
        }}
      </QueryView>
    </Panel>
  );
}

function HealthHistoryPanel() {
  const trpc = useTRPC();
  const [range, setRange] = useState<Range>("6h");
  const q = useQuery(trpc.health.history.queryOptions({ range }));
  return (
    <Panel title="System health over time" subtitle="From system health snapshots" actions={<RangeSwitch value={range} onChange={setRange} label="Health history range" />} testId="health-history">
      <QueryView query={q} what="health history" skeleton={<Skeleton className="h-56 w-full" />}>
        {(h) =>
          h.points.length === 0 ? (
            <EmptyState title="No snapshots yet">The health agent records a system health snapshot every cycle.</EmptyState>
          ) : (
            <LineChart
              className="h-56"
              data={h.points.map((p) => ({ time: formatClock(p.t), Score: p.score, Lowest: p.min }))}
              index="time"
              categories={["Score", "Lowest"]}
              colors={["blue", "rose"]}
              minValue={0}
              maxValue={100}
              yAxisWidth={36}
              connectNulls
              showAnimation={false}
            />
          )
        }
      </QueryView>
    </Panel>
  );
}

function StatesPanel() {
  const trpc = useTRPC();
  const q = useQuery(trpc.agents.stateCounts.queryOptions());
  return (
    <Panel title="Agents by state" testId="state-counts">
      <QueryView query={q} what="agent states" skeleton={<SkeletonRows rows={6} />}>
        {(counts) => {
          const nonZero = counts.filter((c) => c.count > 0);
          const total = counts.reduce((s, c) => s + c.count, 0);
          if (total === 0) return <EmptyState title="No agents yet" />;
          return (
            <div className="flex flex-col items-center gap-4 sm:flex-row lg:flex-col xl:flex-row">
              <DonutChart
                className="h-36 w-36 shrink-0"
                data={nonZero.map((c) => ({ state: stateStyle(c.state).label, count: c.count }))}
                index="state"
                category="count"
                colors={nonZero.map((c) => stateStyle(c.state).chart)}
                label={`${total} agents`}
                showAnimation={false}
              />
              <ul className="w-full space-y-1.5 text-sm">
                {counts.map((c) => (
                  <li key={c.state}>
                    <Link href={`/agents?state=${c.state}`} className="flex items-center justify-between rounded-md px-2 py-1 hover:bg-slate-50" data-testid={`state-count-${c.state}`}>
                      <span className="flex items-center gap-2">
                        <span className={`h-2 w-2 rounded-full ${stateStyle(c.state).dot}`} />
                        <span className={c.count ? "text-slate-700" : "text-slate-400"}>{stateStyle(c.state).label}</span>
                      </span>
                      <span className={`tabular-nums ${c.count ? "font-semibold text-slate-900" : "text-slate-400"}`}>{c.count}</span>
                    </Link>
                  </li>
                ))}
              </ul>
            </div>
          );
        }}
      </QueryView>
    </Panel>
  );
}

function RecentEventsPanel() {
  return (
    <Panel
      title="Recent events"
      className="lg:col-span-2"
      actions={
        <Link href="/events" className="text-xs font-medium text-blue-700 hover:underline">
          All events →
        </Link>
      }
      bodyClassName="px-4 py-2"
      testId="recent-events"
    >
      <EventList limit={8} compact />
    </Panel>
  );
}

export function Overview() {
  return (
    <>
      <PageHeader title="Overview" subtitle="Fleet health, roster and activity at a glance" />
      <div className="grid grid-cols-1 gap-4 lg:grid-cols-3">
        <SystemHealthPanel />
        <RosterPanel />
        <SelfHealingPanel className="lg:col-span-3" />
        <div className="grid grid-cols-1 gap-4 lg:col-span-3 lg:grid-cols-2">
          <HeartbeatRatePanel />
          <HealthHistoryPanel />
        </div>
        <StatesPanel />
        <RecentEventsPanel />
      </div>
    </>
  );
}

