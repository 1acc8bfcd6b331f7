"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useCan } from "../session";
import { useState, type FormEvent } from "react";
import { useTRPC, type RouterOutputs } from "../trpc";
import { ErrorState, PageHeader, Panel, QueryView, SkeletonRows } from "../ui";
import { inputCls } from "../forms";
import { LlmTabs } from "./common";

type Price = RouterOutputs["llm"]["prices"]["list"][number];

interface Draft {
  modelPattern: string;
  provider: string;
  project: string;
  inputPerMtok: string;
  outputPerMtok: string;
  cacheReadPerMtok: string;
  cacheWritePerMtok: string;
  reasoningPerMtok: string;
  effectiveFrom: string;
  note: string;
}

const EMPTY: Draft = { modelPattern: "", provider: "", project: "", inputPerMtok: "", outputPerMtok: "", cacheReadPerMtok: "", cacheWritePerMtok: "", reasoningPerMtok: "", effectiveFrom: "", note: "" };
const toDraft = (p: Price): Draft => ({
  modelPattern: p.modelPattern,
  provider: p.provider ?? "",
  project: p.project ?? "",
  inputPerMtok: p.inputPerMtok,
  outputPerMtok: p.outputPerMtok,
  cacheReadPerMtok: p.cacheReadPerMtok ?? "",
  cacheWritePerMtok: p.cacheWritePerMtok ?? "",
  reasoningPerMtok: p.reasoningPerMtok ?? "",
  effectiveFrom: p.effectiveFrom.slice(0, 10),
  note: p.note ?? "",
});
const fromDraft = (d: Draft) => ({
  modelPattern: d.modelPattern.trim(),
  provider: d.provider.trim() || null,
  project: d.project.trim() || null,
  inputPerMtok: d.inputPerMtok.trim(),
  outputPerMtok: d.outputPerMtok.trim(),
  cacheReadPerMtok: d.cacheReadPerMtok.trim() || null,
  cacheWritePerMtok: d.cacheWritePerMtok.trim() || null,
  reasoningPerMtok: d.reasoningPerMtok.trim() || null,
  effectiveFrom: d.effectiveFrom ? new Date(`${d.effectiveFrom}T00:00:00Z`).toISOString() : "",
  note: d.note.trim() || null,
});

const FIELDS: [keyof Draft, string, string][] = [
  ["modelPattern", "Model pattern (regex)", "^gpt-4o$"],
  ["provider", "Provider", "openai"],
  ["project", "Project (blank = all)", ""],
  ["inputPerMtok", "Input $/1M", "2.5"],
  ["cacheReadPerMtok", "Cached input $/1M", "1.25"],
  ["cacheWritePerMtok", "Cache write $/1M", ""],
  ["outputPerMtok", "Output $/1M", "10"],
  ["reasoningPerMtok", "Reasoning $/1M", "10"],
  ["effectiveFrom", "Effective from", ""],
  ["note", "Note", ""],
];

function PriceForm({ initial, onSubmit, onCancel, pending, error, submitLabel }: { initial: Draft; onSubmit: (d: Draft) => void; onCancel?: () => void; pending: boolean; error: { message: string } | null; submitLabel: string }) {
  const [d, setD] = useState(initial);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    onSubmit(d);
  };
  return (
    <form onSubmit={submit} className="space-y-3" aria-label={submitLabel}>
      <div className="grid gap-3 sm:grid-cols-2 lg:grid-cols-5">
        {FIELDS.map(([key, label, placeholder]) => (
          <label key={key} className="block text-xs font-medium text-slate-600">
            {label}
            <input
              className={`${inputCls} mt-1 w-full`}
              type={key === "effectiveFrom" ? "date" : "text"}
              inputMode={key.endsWith("Mtok") ? "decimal" : undefined}
              value={d[key]}
              placeholder={placeholder}
              required={key === "modelPattern" || key === "inputPerMtok" || key === "outputPerMtok"}
              onChange={(e) => setD({ ...d, [key]: e.target.value })}
            />
          </label>
        ))}
      </div>
      {error && <ErrorState error={error} what="the price" />}
      <div className="flex gap-2">
        <button type="submit" disabled={pending} className="rounded-lg bg-blue-600 px-3 py-1.5 text-sm font-semibold text-white hover:bg-blue-700 disabled:opacity-50">
          {pending ? "Saving…" : submitLabel}
        </button>
        {onCancel && (
          <button type="button" onClick={onCancel} className="rounded-lg border border-slate-300 px-3 py-1.5 text-sm font-medium text-slate-700 hover:bg-slate-50">
            Cancel
          </button>
        )}
      </div>
    </form>
  );
}

const cell = (v: string | null) => (v === null ? <span className="text-amber-700" title="No price: these tokens are flagged as unpriced">none</span> : `$${v}`);

export function LlmPricesPage() {
  const trpc = useTRPC();
  const qc = useQueryClient();
  const q = useQuery(trpc.llm.prices.list.queryOptions());
  const [editing, setEditing] = useState<string | null>(null);
  const [adding, setAdding] = useState(false);
  const refresh = () => qc.invalidateQueries(trpc.llm.pathFilter());
  const create = useMutation(trpc.llm.prices.create.mutationOptions({ onSuccess: () => { setAdding(false); void refresh(); } }));
  const update = useMutation(trpc.llm.prices.update.mutationOptions({ onSuccess: () => { setEditing(null); void refresh(); } }));
  const remove = useMutation(trpc.llm.prices.delete.mutationOptions({ onSuccess: () => void refresh() }));
  // Prices are rates: operators and admins edit them; viewers only read (the server enforces it too).
  const canEdit = useCan("operator");

  return (
    <>
      <PageHeader
        title="Model prices"
        subtitle="USD per 1M tokens. The most specific matching pattern applies; a project override wins; a later effective date replaces an earlier one. New runs use the new price; stored costs stay as billed."
        actions={canEdit && !adding && <button type="button" onClick={() => setAdding(true)} className="rounded-lg bg-blue-600 px-3 py-1.5 text-sm font-semibold text-white hover:bg-blue-700">Add price</button>}
      />
      <LlmTabs />
      {adding && (
        <Panel title="New price" className="mb-6">
          <PriceForm initial={EMPTY} submitLabel="Create price" pending={create.isPending} error={create.error} onCancel={() => setAdding(false)} onSubmit={(d) => create.mutate(fromDraft(d))} />
        </Panel>
      )}
      <Panel bodyClassName="overflow-x-auto p-0">
        <QueryView query={q} what="prices" skeleton={<div className="p-4"><SkeletonRows rows={10} /></div>}>
          {(prices) => (
            <table className="w-full min-w-[960px] text-sm">
              <thead className="bg-slate-50 text-left text-xs uppercase text-slate-500">
                <tr>
                  <th className="px-4 py-2 font-medium">Model pattern</th>
                  <th className="px-2 py-2 font-medium">Project</th>
                  <th className="px-2 py-2 text-right font-medium">Input</th>
                  <th className="px-2 py-2 text-right font-medium">Cached</th>
                  <th className="px-2 py-2 text-right font-medium">Cache write</th>
                  <th className="px-2 py-2 text-right font-medium">Output</th>
                  <th className="px-2 py-2 text-right font-medium">Reasoning</th>
                  <th className="px-2 py-2 font-medium">From</th>
                  <th className="px-4 py-2" />
                </tr>
              </thead>
              <tbody className="divide-y divide-slate-100">
                {prices.map((p) =>
                  editing === p.id ? (
                    <tr key={p.id}>
                      <td colSpan={9} className="bg-blue-50/40 px-4 py-3">
                        <PriceForm initial={toDraft(p)} submitLabel="Save price" pending={update.isPending} error={update.error} onCancel={() => setEditing(null)} onSubmit={(d) => update.mutate({ id: p.id, ...fromDraft(d) })} />
                      </td>
                    </tr>
                  ) : (
                    <tr key={p.id} data-testid="price-row" data-pattern={p.modelPattern} className="tabular-nums">
                      <td className="max-w-72 px-4 py-2">
                        <span className="block truncate font-mono text-xs text-slate-800" title={p.modelPattern}>{p.modelPattern}</span>
                        <span className="text-[11px] text-slate-400">{p.provider ?? ""}{p.note ? ` · ${p.note}` : ""}{p.seeded ? " · list price" : ""}</span>
                      </td>
                      <td className="px-2 py-2 text-xs">{p.project ?? <span className="text-slate-400">all</span>}</td>
                      <td className="px-2 py-2 text-right" data-testid="price-input">{cell(p.inputPerMtok)}</td>
                      <td className="px-2 py-2 text-right">{cell(p.cacheReadPerMtok)}</td>
                      <td className="px-2 py-2 text-right">{cell(p.cacheWritePerMtok)}</td>
                      <td className="px-2 py-2 text-right">{cell(p.outputPerMtok)}</td>
                      <td className="px-2 py-2 text-right">{cell(p.reasoningPerMtok)}</td>
                      <td className="px-2 py-2 text-xs text-slate-500">{p.effectiveFrom.slice(0, 10)}</td>
                      <td className="whitespace-nowrap px-4 py-2 text-right">
                        {canEdit && (<>
                        <button type="button" onClick={() => setEditing(p.id)} className="text-xs font-medium text-blue-700 hover:underline">Edit</button>
                        <button
                          type="button"
                          onClick={() => window.confirm(`Delete the price for ${p.modelPattern}? Runs of matching models will be flagged unpriced.`) && remove.mutate({ id: p.id })}
                          className="ml-3 text-xs font-medium text-rose-700 hover:underline"
                        >
                          Delete
                        </button>
                        </>)}
                      </td>
                    </tr>
                  ),
                )}
              </tbody>
            </table>
          )}
        </QueryView>
      </Panel>
    </>
  );
}
