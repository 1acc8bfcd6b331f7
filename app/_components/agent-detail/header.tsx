"use client";

import { SparkAreaChart } from "@tremor/react";
import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { AgentActions } from "../agent-recovery";
import { ExportLinks } from "../export-links";
import { formatScore, healthStyle, KIND_LABELS } from "../format";
import { useTRPC } from "../trpc";
import { Chips, HealthBadge, RelativeTime, StateBadge, TrendIndicator } from "../ui";
import type { AgentDetailData } from "./types";

/** Name, state, facts, actions and the health score with its 6-hour sparkline. */
export function Header({ a }: { a: AgentDetailData }) {
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
            <span className="rounded-md bg-slate-100 px-1.5 py-0.5 text-xs font-medium text-slate-600">{KIND_LABELS[a.kind]}</span>
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
