"use client";

import { useInfiniteQuery, useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { formatDurationMs } from "../format";
import { useTRPC } from "../trpc";
import { EmptyState, ErrorState, PageHeader, Panel, RelativeTime, SkeletonRows } from "../ui";
import { inputCls } from "../forms";
import { Cost, formatTokens, GradeBadge, LlmTabs, RunStatus } from "./common";
import { LoadOlder, TableHead } from "../table";
import { GRADES, LLM_RUN_STATUSES, type Grade } from "@/server/vocabulary";

const RANGES = [
  { hours: 1, label: "Last hour" },
  { hours: 24, label: "Last 24 hours" },
  { hours: 24 * 7, label: "Last 7 days" },
  { hours: 24 * 30, label: "Last 30 days" },
];

/** Runs list with filters kept in the URL (shareable, and the overview links into it). */
export function LlmRunsPage() {
  const trpc = useTRPC();
  const router = useRouter();
  const pathname = usePathname();
  const params = useSearchParams();
  const project = params.get("project") ?? "";
  const model = params.get("model") ?? "";
  const status = (params.get("status") ?? "") as (typeof LLM_RUN_STATUSES)[number] | "";
  const grade = (params.get("grade") ?? "") as Grade | "";
  const hours = Number(params.get("hours") ?? 24 * 7) || 24 * 7;
  const set = (key: string, value: string) => {
    const next = new URLSearchParams(params.toString());
    if (value) next.set(key, value);
    else next.delete(key);
    router.replace(`${pathname}?${next.toString()}`, { scroll: false });
  };
  const facets = useQuery(trpc.llm.facets.queryOptions());
  const q = useInfiniteQuery(
    trpc.llm.runs.infiniteQueryOptions(
      { project: project || undefined, model: model || undefined, status: status || undefined, grade: grade || undefined, hours, limit: 50 },
      { getNextPageParam: (last) => last.nextCursor },
    ),
  );
  const items = q.data?.pages.flatMap((p) => p.items) ?? [];
  const filtered = Boolean(project || model || status || grade);

  return (
    <>
      <PageHeader title="LLM runs" subtitle="Every run, newest first: click one to see its trace" />
      <LlmTabs />
      <Panel
        bodyClassName="overflow-x-auto px-4 pb-2"
        toolbar={
          <div className="flex flex-wrap items-center gap-2">
            <select aria-label="Project" className={inputCls} value={project} onChange={(e) => set("project", e.target.value)}>
              <option value="">All projects</option>
              {[...new Set([...(facets.data?.projects ?? []), ...(project ? [project] : [])])].map((p) => (
                <option key={p} value={p}>{p}</option>
              ))}
            </select>
            <select aria-label="Model" className={inputCls} value={model} onChange={(e) => set("model", e.target.value)}>
              <option value="">All models</option>
              {[...new Set([...(facets.data?.models ?? []), ...(model ? [model] : [])])].map((m) => (
                <option key={m} value={m}>{m}</option>
              ))}
            </select>
            <select aria-label="Status" className={inputCls} value={status} onChange={(e) => set("status", e.target.value)}>
              <option value="">Any status</option>
              {LLM_RUN_STATUSES.map((s) => (
                <option key={s} value={s}>{s}</option>
              ))}
            </select>
            <select aria-label="Grade" className={inputCls} value={grade} onChange={(e) => set("grade", e.target.value)}>
              <option value="">Any grade</option>
              {GRADES.map((g) => (
                <option key={g} value={g}>Grade {g}</option>
              ))}
            </select>
            <select aria-label="Time range" className={inputCls} value={hours} onChange={(e) => set("hours", e.target.value === String(24 * 7) ? "" : e.target.value)}>
              {RANGES.map((r) => (
                <option key={r.hours} value={r.hours}>{r.label}</option>
              ))}
            </select>
          </div>
        }
      >
        {q.data === undefined ? (
          q.error ? <ErrorState error={q.error} what="runs" onRetry={() => void q.refetch()} /> : <SkeletonRows rows={8} />
        ) : items.length === 0 ? (
          <EmptyState title={filtered ? "No runs match these filters" : "No LLM runs in this time range"}>
            {filtered ? "Clear a filter or widen the time range." : "Runs arrive from LangSmith clients, OpenTelemetry exporters and POST /api/v1/llm/runs."}
          </EmptyState>
        ) : (
          <>
            {q.error && <ErrorState error={q.error} what="more runs" onRetry={() => void q.refetch()} />}
            <table className="w-full min-w-[860px] text-sm">
              <TableHead caps columns={["Started", "Run", "Model", "Status", { label: "Tokens in / out", align: "right" }, { label: "Latency", align: "right" }, { label: "Cost", align: "right" }, { label: "Grade", align: "center" }]} />
              <tbody className="divide-y divide-slate-100">
                {items.map((r) => (
                  <tr key={r.id} data-testid="llm-run-row" className="align-top">
                    <td className="whitespace-nowrap py-2 pr-3 text-xs text-slate-500"><RelativeTime iso={r.startTime} /></td>
                    <td className="max-w-64 py-2 pr-3">
                      <Link href={`/llm/traces/${encodeURIComponent(r.traceId)}`} className="block truncate font-medium text-blue-700 hover:underline">{r.name ?? r.id}</Link>
                      <span className="block truncate text-xs text-slate-400">{r.project} · {r.runType ?? r.source}</span>
                    </td>
                    <td className="max-w-48 truncate py-2 pr-3 font-mono text-xs text-slate-700">{r.model ?? "—"}</td>
                    <td className="py-2 pr-3"><RunStatus status={r.status} /></td>
                    <td className="whitespace-nowrap py-2 pr-3 text-right tabular-nums">{formatTokens(r.tokens.input)} / {formatTokens(r.tokens.output)}</td>
                    <td className="whitespace-nowrap py-2 pr-3 text-right tabular-nums">{formatDurationMs(r.latencyMs)}</td>
                    <td className="whitespace-nowrap py-2 pr-3 text-right" data-testid="run-cost"><Cost cost={r.cost} unpriced={r.unpricedTokens} /></td>
                    <td className="py-2 text-center"><GradeBadge grade={r.grade} /></td>
                  </tr>
                ))}
              </tbody>
            </table>
            <LoadOlder query={q} more="Load older runs" count={items.length} noun={["run", "runs"]} end="end of list" />
          </>
        )}
      </Panel>
    </>
  );
}
