"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { Money } from "../incident-ui";
import { useTRPC, type RouterOutputs } from "../trpc";
import { AgentLink, EmptyState, Panel, QueryView, SkeletonRows } from "../ui";
import { TableHead } from "../table";

type Rates = RouterOutputs["costs"]["rates"];
const RATE_FIELDS: { key: keyof Rates; label: string; unit: string }[] = [
  { key: "cpuCoreHourMicros", label: "CPU", unit: "per core-hour" },
  { key: "memoryGbHourMicros", label: "Memory", unit: "per GB-hour" },
  { key: "processingHourMicros", label: "Processing", unit: "per hour" },
  { key: "errorMicros", label: "Errors", unit: "per error" },
  { key: "engineerHourlyMicros", label: "Engineer", unit: "per hour (implementation cost)" },
];

/** Cost rates in dollars, stored as integer micro-dollars (exact). */
function RatesForm({ rates }: { rates: Rates }) {
  const trpc = useTRPC();
  const qc = useQueryClient();
  const [draft, setDraft] = useState<Record<string, string>>(() => Object.fromEntries(RATE_FIELDS.map((f) => [f.key, (rates[f.key] / 1e6).toString()])));
  const save = useMutation(
    trpc.costs.updateCostRates.mutationOptions({
      onSuccess: () => void qc.invalidateQueries({ queryKey: trpc.costs.pathKey() }),
    }),
  );
  const parsed = Object.fromEntries(RATE_FIELDS.map((f) => [f.key, Math.round(Number(draft[f.key]) * 1e6)])) as Rates;
  const valid = RATE_FIELDS.every((f) => /^\d+(\.\d{1,6})?$/.test(draft[f.key] ?? ""));
  return (
    <form
      className="mt-4 grid gap-2 border-t border-slate-100 pt-4 sm:grid-cols-5"
      onSubmit={(e) => {
        e.preventDefault();
        if (valid) save.mutate(parsed);
      }}
      data-testid="cost-rates"
    >
      {RATE_FIELDS.map((f) => (
        <label key={f.key} className="text-xs text-slate-600">
          {f.label} ($ {f.unit})
          <input className="mt-1 w-full rounded-md border border-slate-300 px-2 py-1 text-sm tabular-nums" inputMode="decimal" value={draft[f.key]} onChange={(e) => setDraft((d) => ({ ...d, [f.key]: e.target.value }))} />
        </label>
      ))}
      <div className="flex items-center gap-3 sm:col-span-5">
        <button type="submit" disabled={!valid || save.isPending} className="rounded-md bg-blue-600 px-3 py-1.5 text-xs font-semibold text-white disabled:opacity-50">
          Save rates
        </button>
        {!valid && <span className="text-xs text-rose-700">Rates are dollar amounts with at most 6 decimals.</span>}
        {save.isSuccess && <span className="text-xs text-emerald-700">Saved.</span>}
        {save.error && <span className="text-xs text-rose-700">{save.error.message}</span>}
      </div>
    </form>
  );
}

export function CostsPanel() {
  const trpc = useTRPC();
  const q = useQuery(trpc.costs.analysis.queryOptions({ hours: 24 }));
  const rates = useQuery(trpc.costs.rates.queryOptions());
  return (
    <Panel title="Cost analysis" subtitle="Last 24 h · CPU $0.05/core-hour, memory $0.02/GB-hour, processing $0.01/hour, errors per error (configurable)" testId="costs">
      <QueryView query={q} what="the cost analysis" skeleton={<SkeletonRows rows={6} />}>
        {(a) => (
          <>
            <dl className="grid grid-cols-2 gap-2 text-center sm:grid-cols-4">
              {[
                ["Total, 24 h", a.totals.totalMicros],
                ["Per hour", a.totals.perHourMicros],
                ["Savings found / h", a.savingsPerHourMicros],
                ["Errors", a.totals.errorMicros],
              ].map(([label, v]) => (
                <div key={label as string} className="rounded-lg bg-slate-50 px-2 py-3">
                  <dd className="text-lg font-semibold text-slate-900">
                    <Money micros={v as number} digits={4} />
                  </dd>
                  <dt className="text-xs text-slate-500">{label}</dt>
                </div>
              ))}
            </dl>
            {a.agents.length === 0 ? (
              <EmptyState title="No agent activity in the last 24 h" />
            ) : (
              <div className="mt-4 overflow-x-auto">
                <table className="w-full min-w-[640px] text-sm" data-testid="cost-table">
                  <TableHead dense columns={["Agent", "Active h", "CPU", "Memory", "Processing", "Errors", "Total", "Per hour"]} />
                  <tbody className="divide-y divide-slate-100">
                    {a.agents.slice(0, 20).map((c) => (
                      <tr key={c.agentId}>
                        <td className="py-1.5 pr-3"><AgentLink id={c.agentId} name={c.name} /></td>
                        <td className="py-1.5 pr-3 tabular-nums">{c.activeHours}</td>
                        <td className="py-1.5 pr-3"><Money micros={c.cpuMicros} digits={4} /></td>
                        <td className="py-1.5 pr-3"><Money micros={c.memoryMicros} digits={4} /></td>
                        <td className="py-1.5 pr-3"><Money micros={c.processingMicros} digits={4} /></td>
                        <td className="py-1.5 pr-3"><Money micros={c.errorMicros} digits={4} /></td>
                        <td className="py-1.5 pr-3 font-medium"><Money micros={c.totalMicros} digits={4} /></td>
                        <td className="py-1.5"><Money micros={c.perHourMicros} digits={4} /></td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            )}
            <h3 className="mt-5 text-xs font-semibold uppercase tracking-wide text-slate-500">Optimization opportunities</h3>
            {a.opportunities.length === 0 ? (
              <p className="mt-2 text-sm text-slate-500">None: every agent is sized within 30 % headroom of its peak and error-free.</p>
            ) : (
              <ul className="mt-2 divide-y divide-slate-100" data-testid="opportunities">
                {a.opportunities.slice(0, 10).map((o) => (
                  <li key={`${o.agentId}-${o.kind}`} className="py-2 text-sm">
                    <div className="flex flex-wrap justify-between gap-2">
                      <span className="font-medium text-slate-800">{o.title}</span>
                      <span className="text-xs text-slate-600">
                        <Money micros={o.savingsPerHourMicros} digits={4} />/h while running · <Money micros={o.annualSavingsMicros} />/year · ROI {Math.round(o.roi * 100)} %{o.paybackDays !== null ? ` · payback ${o.paybackDays} d` : ""}
                      </span>
                    </div>
                    <p className="text-xs text-slate-500">{o.detail}</p>
                  </li>
                ))}
              </ul>
            )}
            {rates.data && <RatesForm key={JSON.stringify(rates.data)} rates={rates.data} />}
          </>
        )}
      </QueryView>
    </Panel>
  );
}
