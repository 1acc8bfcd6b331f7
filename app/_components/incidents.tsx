"use client";

import { useInfiniteQuery } from "@tanstack/react-query";
import Link from "next/link";
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { formatDateTime } from "./format";
import { INCIDENT_STATUS_STYLES, IncidentStatusBadge, IssueSeverityBadge } from "./incident-ui";
import { ISSUE_LABELS, ISSUE_TYPES, type IncidentStatus, type IssueType } from "@/server/vocabulary";
import { useTRPC, type RouterOutputs } from "./trpc";
import { AgentLink, EmptyState, ErrorState, PageHeader, Panel, RelativeTime, SkeletonRows, useNow } from "./ui";
import { TableHead } from "./table";
import { inputCls } from "./forms";

type IncidentItem = RouterOutputs["incidents"]["list"]["items"][number];

/** The list's status filter: open / all, then the statuses an incident can end in (or wait in, rolled back). */
const STATUS_FILTERS = [
  { value: "open", label: "Open" },
  { value: "all", label: "All" },
  ...(["resolved", "escalated", "rolled_back", "cancelled"] as const).map((s) => ({ value: s, label: INCIDENT_STATUS_STYLES[s].label })),
] satisfies { value: "open" | "all" | IncidentStatus; label: string }[];
type StatusFilter = (typeof STATUS_FILTERS)[number]["value"];

const TYPES: ReadonlyArray<readonly ["" | IssueType, string]> = [["", "All types"], ...ISSUE_TYPES.map((t) => [t, ISSUE_LABELS[t]] as const)];

function duration(i: IncidentItem, now = Date.now()): string {
  const end = i.closedAt ? Date.parse(i.closedAt) : now;
  const s = Math.max(0, Math.round((end - Date.parse(i.detectedAt)) / 1000));
  return s < 120 ? `${s} s` : s < 7200 ? `${Math.floor(s / 60)} min` : `${Math.floor(s / 3600)} h`;
}

/** Incident rows (used on the Incidents page and on an agent's page). */
export function IncidentTable({ items, showAgent = true }: { items: IncidentItem[]; showAgent?: boolean }) {
  const now = useNow();
  return (
    <div className="overflow-x-auto">
      <table className="w-full min-w-[640px] text-sm" data-testid="incident-table">
        <TableHead columns={["Incident", showAgent && "Agent", "Status", "Attempt", "Detected", "Duration"]} />
        <tbody className="divide-y divide-slate-100">
          {items.map((i) => (
            <tr key={i.id} className="align-top" data-testid="incident-row" data-incident-id={i.id} data-status={i.status}>
              <td className="py-2 pr-3">
                <div className="flex items-center gap-2">
                  <IssueSeverityBadge severity={i.severity} />
                  <Link href={`/incidents/${i.id}`} className="font-medium text-blue-700 hover:underline">
                    #{i.id} {i.typeLabel}
                  </Link>
                </div>
                <p className="mt-0.5 max-w-md text-xs text-slate-500">{i.title}</p>
              </td>
              {showAgent && <td className="py-2 pr-3">{i.agentId ? <AgentLink id={i.agentId} /> : <span className="text-xs text-slate-500">system</span>}</td>}
              <td className="py-2 pr-3">
                <IncidentStatusBadge status={i.status} />
              </td>
              <td className="py-2 pr-3 tabular-nums text-slate-600">{i.attempt || "—"}</td>
              <td className="whitespace-nowrap py-2 pr-3 text-slate-600" title={formatDateTime(i.detectedAt)}>
                <RelativeTime iso={i.detectedAt} />
              </td>
              <td className="whitespace-nowrap py-2 tabular-nums text-slate-600">{now === null ? "…" : duration(i, now)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** The Incidents page: filters live in the URL so a filtered view can be shared. */
export function IncidentsPage() {
  const trpc = useTRPC();
  const params = useSearchParams();
  const router = useRouter();
  const pathname = usePathname();
  const status = (STATUS_FILTERS.find((f) => f.value === params.get("status"))?.value ?? "open") as StatusFilter;
  const type = TYPES.find(([v]) => v === params.get("type"))?.[0] ?? "";
  const agentId = params.get("agent")?.trim() || undefined;
  const setParam = (key: string, value: string) => {
    const next = new URLSearchParams(params.toString());
    if (value) next.set(key, value);
    else next.delete(key);
    router.replace(`${pathname}?${next.toString()}`, { scroll: false });
  };
  const q = useInfiniteQuery(
    trpc.incidents.list.infiniteQueryOptions({ status, type: type || undefined, agentId, limit: 50 }, { getNextPageParam: (last) => last.nextCursor }),
  );
  const items = q.data?.pages.flatMap((p) => p.items) ?? [];

  return (
    <>
      <PageHeader title="Incidents" subtitle="Issues the self-healing agent detected, what it did about them, and how it ended" />
      <Panel
        toolbar={
          <div className="flex flex-wrap items-center gap-2">
            <div role="group" aria-label="Status" className="inline-flex flex-wrap rounded-lg bg-slate-100 p-0.5 text-xs font-medium">
              {STATUS_FILTERS.map((f) => (
                <button
                  key={f.value}
                  type="button"
                  onClick={() => setParam("status", f.value === "open" ? "" : f.value)}
                  aria-pressed={status === f.value}
                  className={`rounded-md px-2.5 py-1 ${status === f.value ? "bg-white text-slate-900 shadow-sm" : "text-slate-500 hover:text-slate-800"}`}
                >
                  {f.label}
                </button>
              ))}
            </div>
            <select aria-label="Issue type" className={inputCls} value={type} onChange={(e) => setParam("type", e.target.value)}>
              {TYPES.map(([v, label]) => (
                <option key={v} value={v}>
                  {label}
                </option>
              ))}
            </select>
            <input aria-label="Agent id" placeholder="agent id" className={`${inputCls} w-40`} defaultValue={agentId ?? ""} onKeyDown={(e) => e.key === "Enter" && setParam("agent", e.currentTarget.value.trim())} onBlur={(e) => setParam("agent", e.currentTarget.value.trim())} />
          </div>
        }
        testId="incidents"
      >
        {q.data === undefined ? (
          q.error ? <ErrorState error={q.error} what="incidents" onRetry={() => void q.refetch()} /> : <SkeletonRows rows={6} />
        ) : items.length === 0 ? (
          <EmptyState title={status === "open" ? "No open incidents" : "No incidents match"} icon="✓">
            {status === "open" ? "Everything the self-healing agent watches is healthy right now." : "Try another status or type."}
          </EmptyState>
        ) : (
          <>
            {q.error && <ErrorState error={q.error} what="the latest incidents" onRetry={() => void q.refetch()} />}
            <IncidentTable items={items} />
            {q.hasNextPage && (
              <button type="button" onClick={() => void q.fetchNextPage()} disabled={q.isFetchingNextPage} className="mt-3 text-sm font-medium text-blue-700 hover:underline disabled:opacity-50">
                {q.isFetchingNextPage ? "Loading…" : "Load more"}
              </button>
            )}
          </>
        )}
      </Panel>
    </>
  );
}
