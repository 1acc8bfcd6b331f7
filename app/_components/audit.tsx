"use client";

import { useInfiniteQuery, useQuery } from "@tanstack/react-query";
import { useDeferredValue, useState } from "react";
import { formatDateTime } from "./format";
import { inputCls, SearchBox } from "./forms";
import { useTRPC } from "./trpc";
import { EmptyState, ErrorState, Panel, SkeletonRows } from "./ui";
import { LoadOlder, TableHead } from "./table";

/** datetime-local (browser time) → ISO, or undefined when empty. */
const toIso = (v: string) => (v ? new Date(v).toISOString() : undefined);

function Details({ d }: { d: Record<string, unknown> }) {
  const entries = Object.entries(d);
  if (entries.length === 0) return <span className="text-slate-300">—</span>;
  return (
    <span className="font-mono text-xs text-slate-500">
      {entries.map(([k, v]) => `${k}=${typeof v === "object" ? JSON.stringify(v) : String(v)}`).join(" ")}
    </span>
  );
}

/** Audit log page (admins): who did what when, filterable by actor, action and time. */
export function AuditLog() {
  const trpc = useTRPC();
  const [actor, setActor] = useState("");
  const [action, setAction] = useState("");
  const [from, setFrom] = useState("");
  const [to, setTo] = useState("");
  const deferredActor = useDeferredValue(actor.trim());
  const actions = useQuery(trpc.audit.actions.queryOptions());
  const groups = [...new Set((actions.data ?? []).map((a) => `${a.split(".")[0]}.`))];
  const q = useInfiniteQuery(
    trpc.audit.list.infiniteQueryOptions(
      { limit: 50, actor: deferredActor || undefined, action: action || undefined, from: toIso(from), to: toIso(to) },
      { getNextPageParam: (last) => last.nextCursor },
    ),
  );
  const items = q.data?.pages.flatMap((p) => p.items) ?? [];
  return (
    <Panel
      bodyClassName="px-4 py-2"
      toolbar={
        <div className="flex flex-wrap items-center gap-2">
          <SearchBox value={actor} onChange={setActor} placeholder="Actor email…" label="Actor" width="sm:w-56" />
          <select value={action} onChange={(e) => setAction(e.target.value)} aria-label="Action" className={inputCls}>
            <option value="">All actions</option>
            {groups.map((g) => (
              <option key={g} value={g}>
                {g}*
              </option>
            ))}
            {actions.data?.map((a) => (
              <option key={a} value={a}>
                {a}
              </option>
            ))}
          </select>
          <label className="flex items-center gap-1 text-xs text-slate-500">
            from
            <input type="datetime-local" value={from} onChange={(e) => setFrom(e.target.value)} aria-label="From" className={inputCls} />
          </label>
          <label className="flex items-center gap-1 text-xs text-slate-500">
            to
            <input type="datetime-local" value={to} onChange={(e) => setTo(e.target.value)} aria-label="To" className={inputCls} />
          </label>
        </div>
      }
    >
      {q.data === undefined ? (
        q.error ? <ErrorState error={q.error} what="the audit log" onRetry={() => void q.refetch()} /> : <SkeletonRows rows={8} />
      ) : items.length === 0 ? (
        <EmptyState title="No entries match">Sign-ins, key and user changes, settings and agent actions appear here.</EmptyState>
      ) : (
        <>
          <div className="-mx-4 overflow-x-auto">
            <table className="min-w-full text-left text-sm">
              <TableHead cells columns={["When", "Actor", "Action", "Target", "IP", "Details"]} />
              <tbody className="divide-y divide-slate-100">
                {items.map((e) => (
                  <tr key={e.id} data-testid="audit-row" data-action={e.action}>
                    <td className="whitespace-nowrap px-4 py-2 text-slate-600">{formatDateTime(e.at)}</td>
                    <td className="whitespace-nowrap px-4 py-2 text-slate-800">{e.actorEmail ?? "—"}</td>
                    <td className="whitespace-nowrap px-4 py-2">
                      <span className={`rounded-md px-1.5 py-0.5 font-mono text-xs ${e.action === "auth.login_failed" ? "bg-rose-50 text-rose-700" : "bg-slate-100 text-slate-700"}`}>{e.action}</span>
                    </td>
                    <td className="px-4 py-2 text-slate-700">{e.target ?? "—"}</td>
                    <td className="whitespace-nowrap px-4 py-2 font-mono text-xs text-slate-500">{e.ip ?? "—"}</td>
                    <td className="px-4 py-2">
                      <Details d={e.details} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <LoadOlder query={q} more="Load older entries" count={items.length} noun={["entry", "entries"]} />
        </>
      )}
    </Panel>
  );
}
