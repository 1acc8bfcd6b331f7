"use client";

import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { usePathname, useSearchParams } from "next/navigation";
import { useDeferredValue, useMemo, useState } from "react";
import { AGENT_KINDS, AGENT_STATES } from "@/server/vocabulary";
import { formatScore, healthStyle, KIND_LABELS, STATE_STYLES, stateStyle } from "./format";
import { useTRPC, type RouterOutputs } from "./trpc";
import { Chips, EmptyState, ErrorState, HealthBadge, PageHeader, Panel, RelativeTime, Skeleton, StateBadge, TrendIndicator } from "./ui";
import { inputCls, SearchBox } from "./forms";

type Agent = RouterOutputs["agents"]["list"][number];
type SortKey = "name" | "kind" | "state" | "health" | "lastHeartbeat";

// Sorting by state follows the style table's order: healthy first, then worsening, then idle.
const STATE_ORDER: Record<string, number> = Object.fromEntries(Object.keys(STATE_STYLES).map((s, i) => [s, i]));

function compare(a: Agent, b: Agent, key: SortKey): number {
  switch (key) {
    case "name":
      return a.name.localeCompare(b.name) || a.id.localeCompare(b.id);
    case "kind":
      return a.kind.localeCompare(b.kind) || a.name.localeCompare(b.name);
    case "state":
      return (STATE_ORDER[a.state] ?? 99) - (STATE_ORDER[b.state] ?? 99) || a.name.localeCompare(b.name);
    case "health":
      // Agents without a score sort after every scored agent.
      return (a.healthScore ?? -1) - (b.healthScore ?? -1) || a.name.localeCompare(b.name);
    case "lastHeartbeat":
      return (a.lastHeartbeatAt ? Date.parse(a.lastHeartbeatAt) : 0) - (b.lastHeartbeatAt ? Date.parse(b.lastHeartbeatAt) : 0);
  }
}

function SortHeader({ label, k, sort, onSort, className = "" }: { label: string; k: SortKey; sort: { key: SortKey; dir: 1 | -1 }; onSort: (k: SortKey) => void; className?: string }) {
  const active = sort.key === k;
  return (
    <th scope="col" className={`px-3 py-2.5 text-left text-xs font-semibold uppercase tracking-wide text-slate-500 ${className}`} aria-sort={active ? (sort.dir === 1 ? "ascending" : "descending") : "none"}>
      <button type="button" onClick={() => onSort(k)} className={`inline-flex items-center gap-1 uppercase hover:text-slate-800 ${active ? "text-slate-800" : ""}`} data-testid={`sort-${k}`}>
        {label}
        <span aria-hidden="true" className={active ? "" : "opacity-30"}>
          {active && sort.dir === -1 ? "▼" : "▲"}
        </span>
      </button>
    </th>
  );
}

export function AgentsPage() {
  const trpc = useTRPC();
  const q = useQuery(trpc.agents.list.queryOptions());
  const pathname = usePathname();
  const params = useSearchParams();

  const state = params.get("state") ?? "";
  const kind = params.get("kind") ?? "";
  const [search, setSearch] = useState(params.get("q") ?? "");
  const deferredSearch = useDeferredValue(search.trim().toLowerCase());
  const [sort, setSort] = useState<{ key: SortKey; dir: 1 | -1 }>({ key: "name", dir: 1 });

  const setParam = (name: string, value: string) => {
    const next = new URLSearchParams(params.toString());
    if (value) next.set(name, value);
    else next.delete(name);
    const qs = next.toString();
    // The native history API (which Next syncs into useSearchParams) instead of router.replace:
    // filters are client-side, and pages render per request (session check), so a router
    // navigation would be a server round trip per change — and quick successive changes would
    // each start from stale params.
    window.history.replaceState(null, "", qs ? `${pathname}?${qs}` : pathname);
  };

  const onSort = (k: SortKey) => setSort((s) => (s.key === k ? { key: k, dir: s.dir === 1 ? -1 : 1 } : { key: k, dir: k === "health" || k === "lastHeartbeat" ? -1 : 1 }));

  const rows = useMemo(() => {
    const list = (q.data ?? []).filter(
      (a) =>
        (!state || a.state === state) &&
        (!kind || a.kind === kind) &&
        (!deferredSearch ||
          a.id.toLowerCase().includes(deferredSearch) ||
          a.name.toLowerCase().includes(deferredSearch) ||
          a.capabilities.some((c) => c.toLowerCase().includes(deferredSearch))),
    );
    return list.sort((a, b) => compare(a, b, sort.key) * sort.dir);
  }, [q.data, state, kind, deferredSearch, sort]);

  const total = q.data?.length ?? 0;
  const filtered = Boolean(state || kind || deferredSearch);

  return (
    <>
      <PageHeader title="Agents" subtitle={q.data ? `${total} agents registered` : "Every agent Vigil knows about"} />
      <Panel
        bodyClassName=""
        toolbar={
          <div className="flex flex-wrap items-center gap-2">
            <SearchBox value={search} onChange={setSearch} placeholder="Search name, id, capability…" label="Search agents" testId="agent-search" />
            <select value={state} onChange={(e) => setParam("state", e.target.value)} aria-label="Filter by state" className={inputCls} data-testid="state-filter">
              <option value="">All states</option>
              {AGENT_STATES.map((s) => (
                <option key={s} value={s}>
                  {stateStyle(s).label}
                </option>
              ))}
            </select>
            <select value={kind} onChange={(e) => setParam("kind", e.target.value)} aria-label="Filter by kind" className={inputCls} data-testid="kind-filter">
              <option value="">All kinds</option>
              {AGENT_KINDS.map((k) => (
                <option key={k} value={k}>
                  {KIND_LABELS[k]}
                </option>
              ))}
            </select>
            {filtered && (
              <button
                type="button"
                className="text-xs font-medium text-blue-700 hover:underline"
                onClick={() => {
                  setSearch("");
                  window.history.replaceState(null, "", pathname);
                }}
              >
                Clear filters
              </button>
            )}
          </div>
        }
      >
        {q.data === undefined ? (
          q.error ? (
            <div className="p-4"><ErrorState error={q.error} what="agents" onRetry={() => void q.refetch()} /></div>
          ) : (
            <div className="space-y-3 p-4" role="status" aria-label="Loading agents">
              {Array.from({ length: 7 }, (_, i) => (
                <Skeleton key={i} className="h-9 w-full" />
              ))}
            </div>
          )
        ) : rows.length === 0 ? (
          <EmptyState title={filtered ? "No agents match these filters" : "No agents yet"}>
            {filtered ? "Clear the filters to see every agent." : "Register one with POST /api/v1/agents — the built-in agents appear after the first start."}
          </EmptyState>
        ) : (
          <>
            {q.error && <div className="p-4 pb-0"><ErrorState error={q.error} what="the latest agent data" onRetry={() => void q.refetch()} /></div>}
            <div className="overflow-x-auto" data-testid="agents-table-scroll">
              <table className="w-full min-w-[980px] divide-y divide-slate-200 text-sm" data-testid="agents-table">
                <thead className="bg-slate-50/70">
                  <tr>
                    <SortHeader label="Agent" k="name" sort={sort} onSort={onSort} className="sticky left-0 z-10 bg-slate-50 pl-4 md:static" />
                    <SortHeader label="Kind" k="kind" sort={sort} onSort={onSort} />
                    <SortHeader label="State" k="state" sort={sort} onSort={onSort} />
                    <SortHeader label="Health" k="health" sort={sort} onSort={onSort} />
                    <SortHeader label="Last heartbeat" k="lastHeartbeat" sort={sort} onSort={onSort} />
                    <th scope="col" className="min-w-[280px] px-3 py-2.5 pr-4 text-left text-xs font-semibold uppercase tracking-wide text-slate-500">
                      Capabilities
                    </th>
                  </tr>
                </thead>
                <tbody className="divide-y divide-slate-100">
                  {rows.map((a) => (
                    <tr key={a.id} className="group hover:bg-slate-50" data-testid="agent-row" data-agent-id={a.id}>
                      {/* The agent column stays in view while the table scrolls sideways on phones. */}
                      <td className="sticky left-0 z-10 max-w-[180px] bg-white py-2.5 pl-4 pr-3 group-hover:bg-slate-50 md:static md:max-w-none">
                        <Link href={`/agents/${encodeURIComponent(a.id)}`} className="font-medium text-slate-900 hover:text-blue-700 hover:underline">
                          {a.name}
                        </Link>
                        <div className="truncate font-mono text-[11px] text-slate-500" title={a.id}>{a.id}</div>
                      </td>
                      <td className="whitespace-nowrap px-3 py-2.5 text-slate-600">
                        {KIND_LABELS[a.kind]}
                        {a.expected && <span className="ml-1.5 rounded bg-blue-50 px-1 text-[10px] font-semibold uppercase text-blue-700" title="On the expected roster">roster</span>}
                      </td>
                      <td className="px-3 py-2.5">
                        <StateBadge state={a.state} />
                      </td>
                      <td className="px-3 py-2.5">
                        <div className="flex items-center gap-2">
                          <span className={`w-7 text-right font-semibold tabular-nums ${healthStyle(a.healthStatus).text}`}>{formatScore(a.healthScore)}</span>
                          <div className="flex flex-col items-start gap-0.5">
                            <HealthBadge status={a.healthStatus} />
                            {a.healthTrend && <TrendIndicator trend={a.healthTrend} />}
                          </div>
                        </div>
                      </td>
                      <td className="whitespace-nowrap px-3 py-2.5 text-slate-600" data-testid="last-heartbeat">
                        <RelativeTime iso={a.lastHeartbeatAt} />
                        <div className="text-[11px] text-slate-400">every {a.heartbeatIntervalSeconds} s</div>
                      </td>
                      <td className="px-3 py-2.5 pr-4">
                        <Chips items={a.capabilities} max={3} />
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
            <p className="border-t border-slate-100 px-4 py-2 text-xs text-slate-500" data-testid="agents-count">
              {filtered ? `${rows.length} of ${total} agents` : `${total} agents`}
            </p>
          </>
        )}
      </Panel>
    </>
  );
}
