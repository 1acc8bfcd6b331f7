"use client";

import { useInfiniteQuery, useQuery } from "@tanstack/react-query";
import { useDeferredValue, useState } from "react";
import { EVENT_SEVERITIES, type EventSeverity } from "@/server/vocabulary";
import { formatDateTime } from "./format";
import { useTRPC, type RouterOutputs } from "./trpc";
import { ExportLinks } from "./export-links";
import { AgentLink, EmptyState, ErrorState, PageHeader, Panel, RelativeTime, SeverityBadge, SkeletonRows } from "./ui";
import { inputCls, SearchBox } from "./forms";
import { LoadOlder } from "./table";

type EventItem = RouterOutputs["events"]["list"]["items"][number];

function EventRow({ e, compact, showAgent }: { e: EventItem; compact?: boolean; showAgent: boolean }) {
  return (
    <li className="flex gap-3 py-2.5" data-testid="event-row">
      <div className="w-20 shrink-0 pt-0.5">
        <SeverityBadge severity={e.severity} />
      </div>
      <div className="min-w-0 flex-1">
        <p className={`break-words text-sm text-slate-800 ${compact ? "line-clamp-2" : ""}`}>{e.message}</p>
        <p className="mt-0.5 flex flex-wrap items-center gap-x-2 text-xs text-slate-500">
          <span className="font-mono text-[11px] text-slate-600">{e.type}</span>
          {showAgent && e.agentId && (
            <>
              <span aria-hidden="true">·</span>
              <AgentLink id={e.agentId} name={e.agentName ?? e.agentId} />
            </>
          )}
          <span aria-hidden="true">·</span>
          <span title={formatDateTime(e.timestamp)}>
            <RelativeTime iso={e.timestamp} />
          </span>
        </p>
      </div>
    </li>
  );
}

/** Newest events (optionally of one agent), first page only. */
export function EventList({ agentId, limit = 10, compact }: { agentId?: string; limit?: number; compact?: boolean }) {
  const trpc = useTRPC();
  const q = useQuery(trpc.events.list.queryOptions({ agentId, limit }));
  if (q.data === undefined) {
    if (q.error) return <div className="py-2"><ErrorState error={q.error} what="events" onRetry={() => void q.refetch()} /></div>;
    return <div className="py-3"><SkeletonRows rows={4} /></div>;
  }
  if (q.data.items.length === 0) {
    return (
      <EmptyState title="No events yet">
        {agentId ? "This agent has not reported any events." : "Events arrive through POST /api/v1/events and from the built-in agents."}
      </EmptyState>
    );
  }
  return (
    <ul className="divide-y divide-slate-100">
      {q.data.items.map((e) => (
        <EventRow key={e.id} e={e} compact={compact} showAgent={!agentId} />
      ))}
    </ul>
  );
}

/** The Events page: filterable, paginated log. */
export function EventsPage() {
  const trpc = useTRPC();
  const [minSeverity, setMinSeverity] = useState<EventSeverity | "">("");
  const [type, setType] = useState("");
  const [search, setSearch] = useState("");
  const deferredSearch = useDeferredValue(search.trim());
  const types = useQuery(trpc.events.types.queryOptions());
  const q = useInfiniteQuery(
    trpc.events.list.infiniteQueryOptions(
      { limit: 50, minSeverity: minSeverity || undefined, type: type || undefined, search: deferredSearch || undefined },
      { getNextPageParam: (last) => last.nextCursor },
    ),
  );
  const items = q.data?.pages.flatMap((p) => p.items) ?? [];
  const filtered = Boolean(minSeverity || type || deferredSearch);

  return (
    <>
      <PageHeader title="Events" subtitle="System event log, newest first" actions={<ExportLinks type="events" />} />
      <Panel
        bodyClassName="px-4 py-2"
        toolbar={
          <div className="flex flex-wrap items-center gap-2">
            <SearchBox value={search} onChange={setSearch} placeholder="Search message, type, agent…" label="Search events" />
            <select value={minSeverity} onChange={(e) => setMinSeverity(e.target.value as typeof minSeverity)} aria-label="Minimum severity" className={inputCls}>
              <option value="">All severities</option>
              {EVENT_SEVERITIES.map((s) => (
                <option key={s} value={s}>
                  {s === "critical" ? "critical" : `${s} and above`}
                </option>
              ))}
            </select>
            <select value={type} onChange={(e) => setType(e.target.value)} aria-label="Event type" className={inputCls}>
              <option value="">All types</option>
              {types.data?.map((t) => (
                <option key={t.type} value={t.type}>
                  {t.type} ({t.count})
                </option>
              ))}
            </select>
          </div>
        }
      >
        {q.data === undefined ? (
          q.error ? (
            <div className="py-2"><ErrorState error={q.error} what="events" onRetry={() => void q.refetch()} /></div>
          ) : (
            <div className="py-3"><SkeletonRows rows={8} /></div>
          )
        ) : items.length === 0 ? (
          <EmptyState title={filtered ? "No events match these filters" : "No events yet"}>
            {filtered ? "Try a lower severity or clear the search." : "Events arrive through POST /api/v1/events and from the built-in agents."}
          </EmptyState>
        ) : (
          <>
            {q.error && <div className="py-2"><ErrorState error={q.error} what="more events" onRetry={() => void q.refetch()} /></div>}
            <ul className="divide-y divide-slate-100">
              {items.map((e) => (
                <EventRow key={e.id} e={e} showAgent />
              ))}
            </ul>
            <LoadOlder query={q} more="Load older events" count={items.length} noun={["event", "events"]} />
          </>
        )}
      </Panel>
    </>
  );
}
