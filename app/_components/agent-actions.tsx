"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { Button } from "./forms";
import { useCan } from "./session";
import { useTRPC } from "./trpc";

/** Pause / resume for operators and admins (viewers see nothing; the server refuses them anyway). */
export function AgentActions({ id, state }: { id: string; state: string }) {
  const trpc = useTRPC();
  const qc = useQueryClient();
  const canOperate = useCan("operator");
  const opts = { onSettled: () => qc.invalidateQueries({ queryKey: trpc.agents.pathKey() }) };
  const pause = useMutation(trpc.agentControl.pause.mutationOptions(opts));
  const resume = useMutation(trpc.agentControl.resume.mutationOptions(opts));
  if (!canOperate) return null;
  const error = pause.error ?? resume.error;
  return (
    <div className="mt-3 flex flex-wrap items-center gap-2" data-testid="agent-actions">
      {state === "paused" ? (
        <Button variant="primary" disabled={resume.isPending} onClick={() => resume.mutate({ id })}>
          {resume.isPending ? "Resuming…" : "Resume"}
        </Button>
      ) : (
        <Button disabled={pause.isPending} onClick={() => pause.mutate({ id })} title="Maintenance: no late/unresponsive states, alerts or recovery while paused">
          {pause.isPending ? "Pausing…" : "Pause"}
        </Button>
      )}
      {error && (
        <span role="alert" className="text-xs text-rose-700">
          {error.message}
        </span>
      )}
    </div>
  );
}
