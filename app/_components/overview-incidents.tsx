"use client";

import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useTRPC } from "./trpc";
import { Panel, QueryView, SkeletonRows } from "./ui";

function Stat({ label, value, href, tone, testId }: { label: string; value: number; href: string; tone: string; testId: string }) {
  return (
    <Link href={href} className="rounded-lg bg-slate-50 px-2 py-3 text-center hover:bg-slate-100">
      <span className={`block text-2xl font-semibold tabular-nums ${value ? tone : "text-slate-900"}`} data-testid={testId}>
        {value}
      </span>
      <span className="text-xs text-slate-500">{label}</span>
    </Link>
  );
}

/** Open incidents and recent anomalies on the Overview page. */
export function SelfHealingPanel({ className = "" }: { className?: string }) {
  const trpc = useTRPC();
  const incidents = useQuery(trpc.incidents.counts.queryOptions());
  const anomalies = useQuery(trpc.anomalies.counts.queryOptions());
  return (
    <Panel title="Self-healing" subtitle="Open incidents now · last 24 h outcomes · anomalies in the last hour" className={className} testId="self-healing">
      <QueryView query={incidents} what="incident counts" skeleton={<SkeletonRows rows={3} />}>
        {(c) => (
          <>
            <div className="grid grid-cols-3 gap-2 lg:max-w-2xl">
              <Stat label="Open incidents" value={c.open} href="/incidents" tone="text-rose-600" testId="open-incidents" />
              <Stat label="Critical / high" value={c.critical + c.high} href="/incidents" tone="text-rose-600" testId="open-critical" />
              <Stat label="Anomalies (1 h)" value={anomalies.data?.lastHour ?? 0} href="/performance" tone="text-amber-600" testId="anomalies-hour" />
            </div>
            <p className="mt-3 text-xs text-slate-500">
              Last 24 h: {c.opened} incidents, {c.resolved} resolved automatically, {c.escalated} escalated to a human.
            </p>
          </>
        )}
      </QueryView>
    </Panel>
  );
}
