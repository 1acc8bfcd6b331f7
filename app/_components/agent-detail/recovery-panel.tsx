"use client";

import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import type { CommandStatus } from "@/server/vocabulary";
import { formatDateTime } from "../format";
import { IncidentTable } from "../incidents";
import { useCan } from "../session";
import { useTRPC } from "../trpc";
import { EmptyState, Panel, QueryView, RelativeTime, SkeletonRows } from "../ui";
import { WebhookForm } from "./webhook-form";

const CMD_STATUS: Record<CommandStatus, string> = { pending: "text-slate-600", delivered: "text-blue-700", succeeded: "text-emerald-700", failed: "text-rose-700", timed_out: "text-amber-700", cancelled: "text-slate-500" };

/** The agent's incidents and recovery commands. */
export function AgentRecoveryPanel({ id }: { id: string }) {
  const trpc = useTRPC();
  const incidents = useQuery(trpc.incidents.list.queryOptions({ agentId: id, status: "all", limit: 10 }));
  const recovery = useQuery(trpc.recovery.forAgent.queryOptions({ agentId: id }));
  // The webhook decides where Vigil sends signed requests: admins only.
  const isAdmin = useCan("admin");
  return (
    <Panel title="Incidents and recoveries" actions={<Link href={`/incidents?status=all&agent=${encodeURIComponent(id)}`} className="text-xs font-medium text-blue-700 hover:underline">All incidents →</Link>} testId="agent-incidents">
      <QueryView query={incidents} what="incidents" skeleton={<SkeletonRows rows={3} />}>
        {(page) => (page.items.length === 0 ? <EmptyState title="No incidents" icon="✓">The self-healing agent has never had to step in for this agent.</EmptyState> : <IncidentTable items={page.items} showAgent={false} />)}
      </QueryView>
      <QueryView query={recovery} what="recovery commands" skeleton={<SkeletonRows rows={2} />}>
        {(r) => (
          <>
            {r.commands.length > 0 && (
              <div className="mt-4">
                <h3 className="text-xs font-semibold uppercase tracking-wide text-slate-500">Recovery commands</h3>
                <ul className="mt-1 divide-y divide-slate-100 text-sm" data-testid="agent-commands">
                  {r.commands.map((c) => (
                    <li key={c.id} className="flex flex-wrap items-baseline justify-between gap-2 py-1.5">
                      <span>
                        <span className="font-mono text-xs">{c.type}</span>
                        {c.purpose === "undo" && <span className="ml-1 text-[11px] text-amber-700">(undo)</span>}
                        <span className={`ml-2 text-xs font-medium ${CMD_STATUS[c.status] ?? ""}`}>{c.status.replace("_", " ")}</span>
                        {c.deliveredBy && <span className="ml-2 text-[11px] text-slate-400">via {c.deliveredBy}</span>}
                        {c.message && <span className="ml-2 text-xs text-slate-500">{c.message}</span>}
                      </span>
                      <span className="text-xs text-slate-400" title={formatDateTime(c.createdAt)}>
                        <RelativeTime iso={c.createdAt} />
                      </span>
                    </li>
                  ))}
                </ul>
              </div>
            )}
            {isAdmin ? (
              <WebhookForm key={r.webhookUrl ?? ""} id={id} current={r.webhookUrl} />
            ) : (
              r.webhookUrl && <p className="mt-3 border-t border-slate-100 pt-3 text-xs text-slate-500">Recovery webhook: {r.webhookUrl}</p>
            )}
            {r.webhookSecretPrefix && <p className="mt-1 text-[11px] text-slate-400">secret {r.webhookSecretPrefix}</p>}
          </>
        )}
      </QueryView>
    </Panel>
  );
}
