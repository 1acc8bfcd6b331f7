"use client";

import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { AgentRecoveryPanel } from "./agent-detail/recovery-panel";
import { CyclesPanel } from "./agent-detail/cycles-panel";
import { Header } from "./agent-detail/header";
import { HealthBreakdownPanel } from "./agent-detail/health-breakdown";
import { HeartbeatsPanel } from "./agent-detail/heartbeats-panel";
import { MetricsPanel } from "./agent-detail/metrics-panel";
import { StateHistoryPanel } from "./agent-detail/state-history";
import { EventList } from "./events";
import { useTRPC } from "./trpc";
import { ErrorState, Panel, Skeleton } from "./ui";

/** The agent page: loads the agent and lays out its panels (each panel loads its own data). */
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
