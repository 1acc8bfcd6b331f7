"use client";

import { Tracker } from "@tremor/react";
import { useQuery } from "@tanstack/react-query";
import { formatClock, formatDateTime, formatNumber } from "../format";
import { TableHead } from "../table";
import { useTRPC } from "../trpc";
import { EmptyState, Panel, QueryView, RelativeTime, SkeletonRows } from "../ui";
import type { AgentDetailData } from "./types";

/** A minute-by-minute tracker of the last hour and the latest heartbeats. */
export function HeartbeatsPanel({ a }: { a: AgentDetailData }) {
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
                    <TableHead dense columns={["Received", "Status", "Metrics"]} />
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
