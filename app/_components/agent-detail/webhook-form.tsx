"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useTRPC } from "../trpc";
import { actionButton } from "./actions";


/** Where Vigil sends the agent's signed recovery requests (admins only); shows the signing secret once. */
export function WebhookForm({ id, current }: { id: string; current: string | null }) {
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
        <button type="submit" disabled={save.isPending} className={`${actionButton} bg-white text-slate-700 ring-slate-300 hover:bg-slate-50`}>
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
