"use client";

import { useQuery } from "@tanstack/react-query";
import { formatDateTime, stateStyle } from "../format";
import { useTRPC } from "../trpc";
import { EmptyState, Panel, QueryView, RelativeTime, SkeletonRows, StateBadge } from "../ui";

/** The agent's state changes, newest first. */
export function StateHistoryPanel({ id }: { id: string }) {
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
