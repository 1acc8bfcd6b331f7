"use client";

import { BarChart, DonutChart } from "@tremor/react";
import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useTRPC } from "../trpc";
import { EmptyState, PageHeader, Panel, QueryView, Skeleton } from "../ui";
import { formatTokens, formatUsd, GRADE_COLORS, LlmTabs } from "./common";
import { TableHead } from "../table";
import { GRADES } from "@/server/vocabulary";

function Stat({ label, value, sub, testId }: { label: string; value: string; sub?: string; testId?: string }) {
  return (
    <div className="rounded-xl border border-slate-200 bg-white p-4 shadow-sm" data-testid={testId}>
      <p className="text-xs font-medium uppercase tracking-wide text-slate-500">{label}</p>
      <p className="mt-1 text-2xl font-semibold tabular-nums text-slate-900">{value}</p>
      {sub && <p className="mt-0.5 text-xs text-slate-500">{sub}</p>}
    </div>
  );
}

const pct = (v: number | null) => (v === null ? "no earlier data" : `${v > 0 ? "+" : ""}${v}% vs previous 7 days`);

export function LlmOverview() {
  const trpc = useTRPC();
  const q = useQuery(trpc.llm.report.queryOptions());
  return (
    <>
      <PageHeader title="LLM" subtitle="Spend, quality and efficiency of every LLM call sent to Vigil (LangSmith, OpenTelemetry, native API)" />
      <LlmTabs />
      <QueryView query={q} what="the LLM report" skeleton={<Skeleton className="h-96 w-full rounded-xl" />}>
        {(r) =>
          r.runs.last30d === 0 ? (
            <Panel>
              <EmptyState title="No LLM runs yet" icon="∿">
                Point LangSmith (<code>LANGSMITH_ENDPOINT=…/api/langsmith</code>) or an OTLP exporter (<code>…/api/public/otel/v1/traces</code>) at Vigil; see the README.
              </EmptyState>
            </Panel>
          ) : (
            <div className="space-y-6">
              <div className="grid grid-cols-2 gap-4 lg:grid-cols-4">
                <Stat label="Spend today" value={formatUsd(r.spend.today)} sub={`${r.runs.today} runs`} testId="spend-today" />
                <Stat label="Spend 7 days" value={formatUsd(r.spend.last7d)} sub={pct(r.trends.costChangePct)} testId="spend-7d" />
                <Stat label="Spend 30 days" value={formatUsd(r.spend.last30d)} sub={`${r.runs.last30d} runs · ${r.conversations} conversations`} testId="spend-30d" />
                <Stat
                  label="Cost efficiency"
                  value={r.efficiency.rating ? r.efficiency.rating : "—"}
                  sub={r.efficiency.average === null ? "analyzed each minute by langsmith_bridge" : `average efficiency ${r.efficiency.average} / 100`}
                  testId="efficiency-rating"
                />
              </div>
              {r.unpricedRuns > 0 && (
                <p className="rounded-lg border border-amber-200 bg-amber-50 px-4 py-2 text-sm text-amber-900" role="status">
                  {r.unpricedRuns} run{r.unpricedRuns === 1 ? "" : "s"} had tokens without a price: their cost is incomplete. Add the model on the{" "}
                  <Link className="font-medium underline" href="/llm/prices">model prices</Link> page.
                </p>
              )}
              <div className="grid gap-6 lg:grid-cols-2">
                <Panel title="Cost by day" subtitle="USD, last 30 days (UTC)">
                  <BarChart className="h-60" data={r.byDay.map((d) => ({ day: d.day.slice(5), Cost: Number(d.cost) }))} index="day" categories={["Cost"]} colors={["blue"]} valueFormatter={(v) => formatUsd(String(v))} yAxisWidth={64} showLegend={false} />
                </Panel>
                <Panel title="Cost by model" subtitle="USD, last 30 days">
                  <BarChart
                    className="h-60"
                    data={r.byModel.slice(0, 8).map((m) => ({ model: m.model, Cost: Number(m.cost) }))}
                    index="model"
                    categories={["Cost"]}
                    colors={["violet"]}
                    layout="vertical"
                    valueFormatter={(v) => formatUsd(String(v))}
                    yAxisWidth={180}
                    showLegend={false}
                  />
                </Panel>
              </div>
              <div className="grid gap-6 lg:grid-cols-3">
                <Panel title="Quality grades" subtitle="Runs analyzed in the last 30 days" testId="grade-distribution">
                  {Object.values(r.grades).every((n) => n === 0) ? (
                    <EmptyState title="Not analyzed yet">The langsmith_bridge agent grades new runs every minute.</EmptyState>
                  ) : (
                    <div className="flex items-center gap-4">
                      <DonutChart
                        className="h-36 w-36 shrink-0"
                        data={GRADES.filter((g) => r.grades[g] > 0).map((g) => ({ grade: g, runs: r.grades[g] }))}
                        index="grade"
                        category="runs"
                        colors={GRADES.filter((g) => r.grades[g] > 0).map((g) => GRADE_COLORS[g]!)}
                        showAnimation={false}
                      />
                      <ul className="space-y-1 text-sm">
                        {GRADES.map((g) => (
                          <li key={g} className="flex gap-3 tabular-nums">
                            <span className="w-4 font-semibold">{g}</span>
                            <span className="text-slate-600">{r.grades[g]}</span>
                          </li>
                        ))}
                      </ul>
                    </div>
                  )}
                </Panel>
                <Panel title="Top recommendations" subtitle="Savings per 1,000 conversations, from your token mix and the price table" className="lg:col-span-2" testId="recommendations">
                  {r.recommendations.length === 0 ? (
                    <EmptyState title="Nothing to optimize yet">Recommendations appear once runs use models with a cheaper sibling or large uncached prompts.</EmptyState>
                  ) : (
                    <ul className="divide-y divide-slate-100">
                      {r.recommendations.slice(0, 5).map((rec) => (
                        <li key={`${rec.kind}-${rec.model}`} className="flex flex-wrap items-start justify-between gap-3 py-2.5">
                          <div className="min-w-0 flex-1">
                            <p className="text-sm font-medium text-slate-800">{rec.title}</p>
                            <p className="mt-0.5 text-xs text-slate-500">{rec.detail}</p>
                          </div>
                          <div className="text-right">
                            <p className="text-sm font-semibold tabular-nums text-emerald-700">{formatUsd(rec.savingsPer1kConversations)}</p>
                            <p className="text-[11px] text-slate-400">per 1K conversations</p>
                          </div>
                        </li>
                      ))}
                    </ul>
                  )}
                </Panel>
              </div>
              <div className="grid gap-6 lg:grid-cols-2">
                <Panel title="Models" bodyClassName="overflow-x-auto px-4 py-2">
                  <table className="w-full text-sm">
                    <TableHead caps dense columns={["Model", { label: "Runs", align: "right" }, { label: "Tokens in/out", align: "right" }, { label: "Cost", align: "right" }, { label: "Quality", align: "right" }]} />
                    <tbody className="divide-y divide-slate-100 tabular-nums">
                      {r.byModel.map((m) => (
                        <tr key={m.model}>
                          <td className="max-w-48 truncate py-1.5 pr-3 font-mono text-xs">
                            <Link className="text-blue-700 hover:underline" href={`/llm/runs?model=${encodeURIComponent(m.model)}`}>{m.model}</Link>
                          </td>
                          <td className="py-1.5 pr-3 text-right">{m.runs}</td>
                          <td className="py-1.5 pr-3 text-right">{formatTokens(m.inputTokens)} / {formatTokens(m.outputTokens)}</td>
                          <td className="py-1.5 pr-3 text-right">{formatUsd(m.cost)}</td>
                          <td className="py-1.5 text-right">{m.avgQuality ?? "—"}</td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                </Panel>
                <Panel title="Projects" bodyClassName="overflow-x-auto px-4 py-2">
                  <table className="w-full text-sm">
                    <TableHead caps dense columns={["Project", { label: "Runs", align: "right" }, { label: "Cost", align: "right" }]} />
                    <tbody className="divide-y divide-slate-100 tabular-nums">
                      {r.byProject.map((p) => (
                        <tr key={p.project}>
                          <td className="py-1.5 pr-3">
                            <Link className="text-blue-700 hover:underline" href={`/llm/runs?project=${encodeURIComponent(p.project)}`}>{p.project}</Link>
                          </td>
                          <td className="py-1.5 pr-3 text-right">{p.runs}</td>
                          <td className="py-1.5 text-right">{formatUsd(p.cost)}</td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                </Panel>
              </div>
            </div>
          )
        }
      </QueryView>
    </>
  );
}
