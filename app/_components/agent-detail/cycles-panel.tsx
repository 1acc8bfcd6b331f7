"use client";

import { useQuery } from "@tanstack/react-query";
import { formatDateTime, formatDurationMs } from "../format";
import { TableHead } from "../table";
import { useTRPC } from "../trpc";
import { EmptyState, Panel, QueryView, RelativeTime, SkeletonRows } from "../ui";
import type { CycleStatus } from "@/server/vocabulary";

const CYCLE_STYLES: Record<CycleStatus, string> = {
  running: "bg-blue-50 text-blue-700 ring-blue-600/20",
  succeeded: "bg-emerald-50 text-emerald-700 ring-emerald-600/20",
  failed: "bg-rose-50 text-rose-700 ring-rose-600/25",
  abandoned: "bg-slate-100 text-slate-600 ring-slate-400/20",
};

/** The recorded runs of a built-in agent. */
export function CyclesPanel({ id }: { id: string }) {
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
                  <TableHead dense columns={["Started", "Duration", "Status", "Error"]} />
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
