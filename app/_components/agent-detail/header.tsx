"use client";

import { SparkAreaChart } from "@tremor/react";
import { useQuery } from "@tanstack/react-query";
import { AgentActions } from "./actions";
import { ExportLinks } from "../export-links";
import { formatScore, healthStyle, KIND_LABELS } from "../format";
import { useTRPC } from "../trpc";
import { Chips, DetailHeader, Fact, Facts, HealthBadge, RelativeTime, StateBadge, TrendIndicator } from "../ui";
import type { AgentDetailData } from "./types";

const FACT = "font-medium text-slate-800";

/** Name, state, facts, actions and the health score with its 6-hour sparkline. */
export function Header({ a }: { a: AgentDetailData }) {
  const trpc = useTRPC();
  const history = useQuery(trpc.agents.healthHistory.queryOptions({ id: a.id, range: "6h" }));
  const hs = healthStyle(a.healthStatus);
  return (
    <DetailHeader testId="agent-header" back={{ href: "/agents", label: "Agents" }} crumb={<span className="font-mono">{a.id}</span>}>
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
          <Facts>
            <Fact label="Last heartbeat" className={FACT} testId="agent-last-heartbeat">
              <RelativeTime iso={a.lastHeartbeatAt} />
            </Fact>
            <Fact label="In state since" className={FACT}>
              <RelativeTime iso={a.stateChangedAt} />
            </Fact>
            <Fact label="Interval / grace" className={FACT}>
              {a.heartbeatIntervalSeconds} s / {a.graceSeconds} s
            </Fact>
            <Fact label="Version" className={FACT}>
              {a.version ?? "—"}
            </Fact>
          </Facts>
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
    </DetailHeader>
  );
}
