"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useCan } from "../session";
import { useTRPC } from "../trpc";

/** The small buttons of the agent header (and its webhook form). */
export const actionButton = "rounded-md px-3 py-1.5 text-xs font-semibold shadow-sm ring-1 ring-inset disabled:opacity-50";

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
          <button type="button" disabled={busy} onClick={() => resume.mutate({ id })} className={`${actionButton} bg-white text-slate-700 ring-slate-300 hover:bg-slate-50`}>
            Resume
          </button>
        ) : null}
        {!paused && (
          <button type="button" disabled={busy} onClick={() => pause.mutate({ id })} className={`${actionButton} bg-white text-slate-700 ring-slate-300 hover:bg-slate-50`} title="Maintenance: no alerts and no recovery until resumed">
            Pause
          </button>
        )}
        <button type="button" disabled={busy || paused || state === "stopped"} onClick={() => restart.mutate({ agentId: id })} className={`${actionButton} bg-blue-600 text-white ring-blue-700 hover:bg-blue-700`} title="Manual recovery: restart through plan → execute → verify, with rollback">
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
