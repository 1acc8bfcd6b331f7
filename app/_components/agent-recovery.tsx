"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useState } from "react";
import { formatDateTime } from "./format";
import { IncidentTable } from "./incidents";
import { useCan } from "./session";
import { useTRPC } from "./trpc";
import { EmptyState, Panel, QueryView, RelativeTime, SkeletonRows } from "./ui";
import type { CommandStatus } from "@/server/vocabulary";

const btn = "rounded-md px-3 py-1.5 text-xs font-semibold shadow-sm ring-1 ring-inset disabled:opacity-50";

/** Pause / resume / restart (manual recovery) on the agent page. */
export function AgentActions({ id, state }: { id: string; state: string }) {
  const trpc = useTRPC();
  const qc = useQueryClient();
  const refresh = () => {
    void qc.invalidateQueries({ queryKey: trpc.agents.pathKey() });
    void qc.invalidateQueries({ queryKey: trpc.incidents.pathKey() });
    void qc.invalidateQueries({ queryKey: trpc.recovery.pathKey() });
  };
  const pause = useMutation(trpc.agentControl.pause.mutationOptions({ onSuccess: refresh }));
  const resume = useMutation(trpc.agentControl.resume.mutationOptions({ onSuccess: refresh }));
  // Operators and admins act; viewers see no buttons (the server refuses them anyway).
  const canOperate = useCan("operator");
  const restart = useMutation(trpc.recovery.triggerManualRecovery.mutationOptions({ onSuccess: refresh }));
  const busy = pause.isPending || resume.isPending || restart.isPending;
  const error = pause.error ?? resume.error ?? restart.error;
  const paused = state === "paused";
  if (!canOperate) return null;
  return (
    <div className="flex flex-col items-start gap-1" data-testid="agent-actions">
      <div className="flex flex-wrap gap-2">
        {paused || state === "failed" ? (
          <button type="button" disabled={busy} onClick={() => resume.mutate({ id })} className={`${btn} bg-white text-slate-700 ring-slate-300 hover:bg-slate-50`}>
            Resume
          </button>
        ) : null}
        {!paused && (
          <button type="button" disabled={busy} onClick={() => pause.mutate({ id })} className={`${btn} bg-white text-slate-700 ring-slate-300 hover:bg-slate-50`} title="Maintenance: no alerts and no recovery until resumed">
            Pause
          </button>
        )}
        <button type="button" disabled={busy || paused || state === "stopped"} onClick={() => restart.mutate({ agentId: id })} className={`${btn} bg-blue-600 text-white ring-blue-700 hover:bg-blue-700`} title="Manual recovery: restart through plan → execute → verify, with rollback">
          Restart
        </button>
      </div>
      {restart.data && (
        <Link href={`/incidents/${restart.data.incidentId}`} className="text-xs text-blue-700 hover:underline">
          Recovery #{restart.data.incidentId} {restart.data.created ? "started" : "already running"} →
        </Link>
      )}
      {error && <p className="text-xs text-rose-700">{error.message}</p>}
    </div>
  );
}

function WebhookForm({ id, current }: { id: string; current: string | null }) {
  const trpc = useTRPC();
  const qc = useQueryClient();
  const [url, setUrl] = useState(current ?? "");
  const save = useMutation(trpc.recovery.setWebhook.mutationOptions({ onSuccess: () => void qc.invalidateQueries({ queryKey: trpc.recovery.forAgent.queryKey({ agentId: id }) }) }));
  return (
    <form
      className="mt-3 border-t border-slate-100 pt-3"
      onSubmit={(e) => {
        e.preventDefault();
        save.mutate({ agentId: id, url: url.trim() || null });
      }}
    >
      <label className="text-xs font-medium text-slate-600" htmlFor="webhook-url">
        Recovery webhook (signed, optional)
      </label>
      <div className="mt-1 flex gap-2">
        <input id="webhook-url" className="min-w-0 flex-1 rounded-md border border-slate-300 px-2 py-1 text-sm" placeholder="https://agent-host.internal/vigil" value={url} onChange={(e) => setUrl(e.target.value)} />
        <button type="submit" disabled={save.isPending} className={`${btn} bg-white text-slate-700 ring-slate-300 hover:bg-slate-50`}>
          Save
        </button>
      </div>
      {save.data?.webhookSecret && (
        <p className="mt-2 break-all rounded bg-amber-50 p-2 font-mono text-[11px] text-amber-900">
          Signing secret (give it to the receiver; it is not shown again in full): {save.data.webhookSecret}
        </p>
      )}
      {save.error && <p className="mt-1 text-xs text-rose-700">{save.error.message}</p>}
    </form>
  );
}

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
