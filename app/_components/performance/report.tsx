"use client";

import { useQuery } from "@tanstack/react-query";
import { healthStyle, statusForScore } from "../format";
import { download, Money } from "../incident-ui";
import { useTRPC } from "../trpc";
import { Panel, QueryView, ScoreBar, SkeletonRows } from "../ui";

const RATING_STYLES: Record<string, string> = {
  excellent: "bg-emerald-50 text-emerald-700",
  good: "bg-teal-50 text-teal-700",
  fair: "bg-amber-50 text-amber-800",
  poor: "bg-rose-50 text-rose-700",
};

export function ExecutiveReportPanel() {
  const trpc = useTRPC();
  const q = useQuery({ ...trpc.costs.executiveReport.queryOptions({ hours: 24 }), staleTime: 30_000 });
  return (
    <Panel
      title="Executive report"
      subtitle="Last 24 h"
      actions={
        q.data && (
          <div className="flex gap-2">
            <button type="button" className="rounded-md bg-white px-2.5 py-1 text-xs font-semibold text-slate-700 ring-1 ring-slate-300 hover:bg-slate-50" onClick={() => download(`vigil-report-${q.data.report.generatedAt.slice(0, 10)}.md`, q.data.markdown, "text/markdown")} data-testid="download-markdown">
              Download Markdown
            </button>
            <button type="button" className="rounded-md bg-white px-2.5 py-1 text-xs font-semibold text-slate-700 ring-1 ring-slate-300 hover:bg-slate-50" onClick={() => download(`vigil-report-${q.data.report.generatedAt.slice(0, 10)}.json`, JSON.stringify(q.data.report, null, 2), "application/json")} data-testid="download-json">
              Download JSON
            </button>
          </div>
        )
      }
      testId="executive-report"
    >
      <QueryView query={q} what="the executive report" skeleton={<SkeletonRows rows={8} />}>
        {({ report: r }) => (
          <div className="grid gap-6 lg:grid-cols-3">
            <div>
              <p className="text-xs text-slate-500">Performance score</p>
              <p className={`text-5xl font-bold tabular-nums ${healthStyle(statusForScore(r.performanceScore)).text}`} data-testid="performance-score">
                {Math.round(r.performanceScore)}
              </p>
              <p className="mt-2 text-xs text-slate-500">Cost efficiency</p>
              <span className={`inline-block rounded-md px-2 py-0.5 text-sm font-semibold ${RATING_STYLES[r.costEfficiency.rating]}`} data-testid="cost-efficiency">
                {r.costEfficiency.rating}
              </span>
              <p className="mt-1 text-xs text-slate-500">
                <Money micros={r.costEfficiency.savingsPerHourMicros} digits={4} />/h of <Money micros={r.costEfficiency.costPerHourMicros} digits={4} />/h could be saved
              </p>
              <p className="mt-3 text-[11px] text-slate-400">generated in {r.generatedInMs} ms</p>
            </div>
            <div>
              <ul className="space-y-3">
                {r.components.map((c) => (
                  <li key={c.key}>
                    <div className="flex justify-between text-sm">
                      <span className="text-slate-700">
                        {c.label} <span className="text-xs text-slate-400">{Math.round(c.weight * 100)} %</span>
                      </span>
                      <span className="tabular-nums">{c.score === null ? "no data" : Math.round(c.score)}</span>
                    </div>
                    <ScoreBar score={c.score} className="mt-1" />
                    <p className="mt-0.5 text-xs text-slate-500">{c.detail}</p>
                  </li>
                ))}
              </ul>
            </div>
            <div>
              <h3 className="text-xs font-semibold uppercase tracking-wide text-slate-500">Top initiatives</h3>
              {r.initiatives.length === 0 ? (
                <p className="mt-2 text-sm text-slate-500">Nothing to optimize in this period.</p>
              ) : (
                <ol className="mt-2 list-decimal space-y-2 pl-5 text-sm" data-testid="initiatives">
                  {r.initiatives.map((x) => (
                    <li key={x.title}>
                      <span className="font-medium text-slate-800">{x.title}</span>
                      <span className="block text-xs text-slate-500">
                        <Money micros={x.expectedAnnualValueMicros} />/year expected{x.roi !== null ? ` · ROI ${Math.round(x.roi * 100)} %` : ""}
                      </span>
                    </li>
                  ))}
                </ol>
              )}
            </div>
            <ul className="list-disc space-y-1 pl-5 text-sm text-slate-600 lg:col-span-3">
              {r.highlights.map((h) => (
                <li key={h}>{h}</li>
              ))}
            </ul>
          </div>
        )}
      </QueryView>
    </Panel>
  );
}
