"use client";

import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { formatDateTime, formatDurationMs } from "../format";
import { useTRPC, type RouterOutputs } from "../trpc";
import { PageHeader, Panel, QueryView, Skeleton } from "../ui";
import { Cost, formatTokens, formatUsd, GradeBadge, LlmTabs, RunStatus } from "./common";

type Trace = RouterOutputs["llm"]["trace"];
type Node = Trace["roots"][number];

const PREVIEW_CHARS = 2_000;

/** Pretty JSON cut to a safe size (rendered as text, so markup in model output is inert). */
export function preview(value: unknown, max = PREVIEW_CHARS): string {
  if (value === null || value === undefined) return "";
  let s: string;
  try {
    s = typeof value === "string" ? value : JSON.stringify(value, null, 2);
  } catch {
    s = String(value);
  }
  return s.length > max ? `${s.slice(0, max)}\n… (${(s.length - max).toLocaleString()} more characters)` : s;
}

function TraceNodeRow({ node, depth, trace }: { node: Node; depth: number; trace: Trace }) {
  const start = Date.parse(trace.startTime);
  const total = Math.max(1, trace.durationMs);
  const offset = ((Date.parse(node.startTime) - start) / total) * 100;
  const width = Math.max(0.5, ((node.latencyMs ?? 0) / total) * 100);
  const inputs = preview(node.inputs);
  const outputs = preview(node.outputs);
  return (
    <li data-testid="trace-node" data-run-id={node.id} data-depth={depth}>
      <details className="group border-b border-slate-100">
        <summary className="flex cursor-pointer list-none flex-wrap items-center gap-x-3 gap-y-1 py-2 pr-2 hover:bg-slate-50" style={{ paddingLeft: `${depth * 20 + 8}px` }}>
          <span className="text-slate-400 group-open:rotate-90" aria-hidden="true">›</span>
          <span className="min-w-0 flex-1">
            <span className="font-medium text-slate-800" data-testid="trace-node-name">{node.name ?? node.id}</span>
            <span className="ml-2 text-xs text-slate-400">{node.runType ?? node.source}{node.model ? ` · ${node.model}` : ""}</span>
          </span>
          <RunStatus status={node.status} />
          <span className="w-20 text-right text-xs tabular-nums text-slate-600">{formatDurationMs(node.latencyMs)}</span>
          <span className="w-28 text-right text-xs tabular-nums text-slate-600">{node.tokens.total === null ? "—" : `${formatTokens(node.tokens.total)} tok`}</span>
          <span className="w-32 text-right text-xs" data-testid="trace-node-cost"><Cost cost={node.cost} unpriced={node.unpricedTokens} /></span>
          <GradeBadge grade={node.grade} />
          <span className="hidden h-2 w-40 rounded bg-slate-100 lg:block" aria-hidden="true">
            <span className="block h-2 rounded bg-blue-400" style={{ marginLeft: `${Math.min(99.5, offset)}%`, width: `${Math.min(100 - offset, width)}%` }} />
          </span>
        </summary>
        <div className="grid gap-3 bg-slate-50/60 px-4 py-3 text-xs md:grid-cols-2" style={{ marginLeft: `${depth * 20}px` }}>
          <dl className="grid grid-cols-[auto_1fr] gap-x-3 gap-y-1 md:col-span-2">
            <dt className="text-slate-500">Run id</dt><dd className="break-all font-mono">{node.id}</dd>
            <dt className="text-slate-500">Started</dt><dd>{formatDateTime(node.startTime)}</dd>
            <dt className="text-slate-500">Tokens</dt>
            <dd className="tabular-nums">
              in {formatTokens(node.tokens.input)} (cached {formatTokens(node.tokens.cacheRead)}, cache write {formatTokens(node.tokens.cacheWrite)}) · out {formatTokens(node.tokens.output)} (reasoning {formatTokens(node.tokens.reasoning)})
            </dd>
            {node.userCost !== null && (<><dt className="text-slate-500">Cost reported by client</dt><dd>{formatUsd(node.userCost)}</dd></>)}
            {node.quality && (<><dt className="text-slate-500">Quality</dt><dd>{node.quality.score} / 100 · predicted satisfaction {node.quality.predictedSatisfaction} / 5{node.feedbackScore !== null ? ` · feedback ${node.feedbackScore}` : ""}</dd></>)}
            {node.error && (<><dt className="text-rose-600">Error</dt><dd className="whitespace-pre-wrap break-words text-rose-700">{preview(node.error, 1000)}</dd></>)}
          </dl>
          <div className="min-w-0">
            <p className="mb-1 font-medium text-slate-600">Inputs</p>
            <pre className="max-h-64 overflow-auto whitespace-pre-wrap break-words rounded-md border border-slate-200 bg-white p-2 font-mono text-[11px] text-slate-700">{inputs || "—"}</pre>
          </div>
          <div className="min-w-0">
            <p className="mb-1 font-medium text-slate-600">Outputs</p>
            <pre className="max-h-64 overflow-auto whitespace-pre-wrap break-words rounded-md border border-slate-200 bg-white p-2 font-mono text-[11px] text-slate-700">{outputs || "—"}</pre>
          </div>
        </div>
      </details>
      {node.children.length > 0 && (
        <ul>
          {node.children.map((c) => (
            <TraceNodeRow key={c.id} node={c as Node} depth={depth + 1} trace={trace} />
          ))}
        </ul>
      )}
    </li>
  );
}

export function LlmTraceView({ traceId }: { traceId: string }) {
  const trpc = useTRPC();
  const q = useQuery(trpc.llm.trace.queryOptions({ traceId }));
  return (
    <>
      <PageHeader
        title="Trace"
        subtitle={<span className="break-all font-mono text-xs">{traceId}</span>}
        actions={<Link href="/llm/runs" className="text-sm font-medium text-blue-700 hover:underline">← All runs</Link>}
      />
      <LlmTabs />
      <QueryView query={q} what="the trace" skeleton={<Skeleton className="h-64 w-full rounded-xl" />}>
        {(t) => (
          <div className="space-y-6">
            <div className="flex flex-wrap gap-x-8 gap-y-2 text-sm" data-testid="trace-summary">
              <span><span className="text-slate-500">Runs</span> <strong className="tabular-nums">{t.runCount}</strong></span>
              <span><span className="text-slate-500">Duration</span> <strong className="tabular-nums">{formatDurationMs(t.durationMs)}</strong></span>
              <span><span className="text-slate-500">Tokens in / out</span> <strong className="tabular-nums">{formatTokens(t.totals.inputTokens)} / {formatTokens(t.totals.outputTokens)}</strong></span>
              <span><span className="text-slate-500">Cost</span> <strong className="tabular-nums" data-testid="trace-cost">{formatUsd(t.totals.cost)}</strong></span>
              {t.totals.unpricedRuns > 0 && <span className="text-amber-700">{t.totals.unpricedRuns} run(s) with unpriced tokens</span>}
            </div>
            <Panel title="Run tree" subtitle="Click a run for its inputs, outputs and token details" bodyClassName="p-0">
              <ul data-testid="trace-tree">
                {t.roots.map((n) => (
                  <TraceNodeRow key={n.id} node={n} depth={0} trace={t} />
                ))}
              </ul>
            </Panel>
            {t.feedback.length > 0 && (
              <Panel title="Feedback" testId="trace-feedback">
                <ul className="divide-y divide-slate-100 text-sm">
                  {t.feedback.map((f) => (
                    <li key={f.id} className="flex flex-wrap gap-3 py-1.5">
                      <span className="font-medium">{f.key}</span>
                      <span className="tabular-nums">{f.score ?? "—"}</span>
                      {f.comment && <span className="text-slate-500">{f.comment}</span>}
                    </li>
                  ))}
                </ul>
              </Panel>
            )}
          </div>
        )}
      </QueryView>
    </>
  );
}
