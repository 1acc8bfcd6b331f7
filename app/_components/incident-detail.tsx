"use client";

import { useQuery } from "@tanstack/react-query";
import { formatDateTime } from "./format";
import { formatSeconds, IncidentStatusBadge, IssueSeverityBadge, usd } from "./incident-ui";
import { useTRPC, type RouterOutputs } from "./trpc";
import { AgentLink, DetailHeader, EmptyState, ErrorState, Fact, Facts, Panel, RelativeTime, Skeleton } from "./ui";
import { TableHead } from "./table";
import type { RecoveryStatus } from "@/server/vocabulary";

type Incident = RouterOutputs["incidents"]["byId"];

const STEP_STYLES: Record<string, { dot: string; label: string }> = {
  detected: { dot: "bg-rose-500", label: "Detected" },
  planned: { dot: "bg-violet-500", label: "Planned" },
  executing: { dot: "bg-blue-500", label: "Executing" },
  command_delivered: { dot: "bg-blue-300", label: "Command delivered" },
  webhook: { dot: "bg-blue-300", label: "Webhook" },
  command_acked: { dot: "bg-sky-500", label: "Agent answered" },
  command_timed_out: { dot: "bg-amber-500", label: "Command timed out" },
  verifying: { dot: "bg-cyan-500", label: "Verifying" },
  resolved: { dot: "bg-emerald-500", label: "Resolved" },
  rolled_back: { dot: "bg-amber-500", label: "Rolled back" },
  undo: { dot: "bg-amber-300", label: "Undo" },
  escalated: { dot: "bg-rose-700", label: "Escalated" },
  cancelled: { dot: "bg-slate-400", label: "Cancelled" },
};

function Timeline({ i }: { i: Incident }) {
  const t0 = Date.parse(i.detectedAt);
  return (
    <ol className="relative space-y-4 border-l border-slate-200 pl-5" data-testid="incident-timeline">
      {i.timeline.map((s) => {
        const st = STEP_STYLES[s.kind] ?? { dot: "bg-slate-400", label: s.kind };
        const emphasis = s.kind === "rolled_back" || s.kind === "escalated" ? "rounded-md bg-amber-50 px-2 py-1 -mx-2" : s.kind === "resolved" ? "rounded-md bg-emerald-50 px-2 py-1 -mx-2" : "";
        return (
          <li key={s.id} className="relative" data-testid="timeline-step" data-kind={s.kind} data-key={s.key}>
            <span className={`absolute -left-[25px] top-1.5 h-3 w-3 rounded-full ring-2 ring-white ${st.dot}`} />
            <div className={emphasis}>
              <div className="flex flex-wrap items-baseline gap-x-2 text-sm">
                <span className="font-semibold text-slate-800">{st.label}</span>
                <span className="font-mono text-[11px] text-slate-400">{s.key}</span>
                <span className="text-xs text-slate-500" title={formatDateTime(s.at)}>
                  +{formatSeconds((Date.parse(s.at) - t0) / 1000)}
                </span>
                {s.workerId && <span className="text-[11px] text-slate-400">by {s.workerId}</span>}
              </div>
              <p className="mt-0.5 text-sm text-slate-600">{s.message}</p>
            </div>
          </li>
        );
      })}
    </ol>
  );
}

const ACTION_STATUS: Record<RecoveryStatus, string> = {
  planned: "text-violet-700",
  executing: "text-blue-700",
  verifying: "text-cyan-700",
  succeeded: "text-emerald-700",
  failed: "text-rose-700",
  rolled_back: "text-amber-700",
  skipped: "text-slate-500",
};

function Actions({ i }: { i: Incident }) {
  if (!i.actions.length) return <EmptyState title="No recovery planned yet" />;
  return (
    <div className="overflow-x-auto">
      <table className="w-full min-w-[640px] text-sm" data-testid="recovery-actions">
        <TableHead dense columns={["#", "Recovery", "Success probability", "Estimated", "Status", "Outcome / undo"]} />
        <tbody className="divide-y divide-slate-100">
          {i.actions.map((a) => (
            <tr key={a.id} className="align-top" data-testid="recovery-action" data-status={a.status}>
              <td className="py-1.5 pr-3 tabular-nums">{a.attempt}</td>
              <td className="py-1.5 pr-3">
                <span className="font-mono text-xs text-slate-800">{a.action}</span>
                <span className="block text-[11px] text-slate-500">{a.recoveryType.replace(/_/g, " ")}</span>
              </td>
              <td className="py-1.5 pr-3 tabular-nums">{Math.round(a.successProbability * 100)} %</td>
              <td className="py-1.5 pr-3 tabular-nums">{formatSeconds(a.estimatedSeconds)}</td>
              <td className={`py-1.5 pr-3 font-medium ${ACTION_STATUS[a.status as RecoveryStatus] ?? ""}`}>{a.status.replace("_", " ")}</td>
              <td className="max-w-sm py-1.5 text-xs text-slate-600">
                {typeof a.result?.failure === "string" && <p className="text-rose-700">{a.result.failure}</p>}
                {a.status === "rolled_back" && typeof a.undo?.description === "string" && <p>Undo: {a.undo.description}</p>}
                {a.status !== "rolled_back" && typeof a.undo?.plan === "string" && <p className="text-slate-400">Undo if it fails: {a.undo.plan}</p>}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export function IncidentDetail({ id }: { id: string }) {
  const trpc = useTRPC();
  const q = useQuery(trpc.incidents.byId.queryOptions({ id }));
  if (q.data === undefined) {
    return q.error ? <ErrorState error={q.error} what={`incident #${id}`} onRetry={() => void q.refetch()} /> : <Skeleton className="h-96 w-full rounded-xl" />;
  }
  const i = q.data;
  const bv = i.businessValue;
  return (
    <>
      <DetailHeader testId="incident-header" back={{ href: "/incidents?status=all", label: "Incidents" }} crumb={`#${i.id}`}>
        <div className="flex flex-wrap items-center gap-2">
          <h1 className="text-xl font-semibold tracking-tight text-slate-900">
            #{i.id} {i.typeLabel}
          </h1>
          <IssueSeverityBadge severity={i.severity} />
          <IncidentStatusBadge status={i.status} />
        </div>
        <p className="mt-1 text-sm text-slate-700" data-testid="incident-title">
          {i.title}
        </p>
        <Facts>
          <Fact label="Agent">{i.agentId ? <AgentLink id={i.agentId} /> : "system"}</Fact>
          <Fact label="Detected" title={formatDateTime(i.detectedAt)}>
            <RelativeTime iso={i.detectedAt} />
          </Fact>
          <Fact label="Attempts" className="tabular-nums">
            {i.attempt}
          </Fact>
          <Fact label={i.closedAt ? "Closed" : i.nextAttemptAt && i.status === "rolled_back" ? "Next attempt" : "Open for"}>
            <RelativeTime iso={i.closedAt ?? (i.status === "rolled_back" ? i.nextAttemptAt : i.detectedAt)} />
          </Fact>
        </Facts>
        {i.resolution && <p className={`mt-3 rounded-md px-3 py-2 text-sm ${i.status === "escalated" ? "bg-rose-50 text-rose-800" : "bg-slate-50 text-slate-700"}`}>{i.resolution}</p>}
      </DetailHeader>
      <div className="grid grid-cols-1 gap-4 lg:grid-cols-3">
        <Panel title="Recovery timeline" subtitle="Every step, in order, recorded exactly once" className="lg:col-span-2" testId="timeline-panel">
          <Timeline i={i} />
        </Panel>
        <div className="space-y-4">
          <Panel title="Business value" testId="business-value">
            {bv ? (
              <>
                <p className="text-2xl font-semibold tabular-nums text-emerald-700">{usd(bv.valuePreservedUsd)}</p>
                <p className="text-xs text-slate-500">preserved by recovering automatically</p>
                <dl className="mt-3 space-y-1 text-xs text-slate-600">
                  <div className="flex justify-between"><dt>Revenue at risk / h</dt><dd className="tabular-nums">{usd(bv.revenueAtRiskPerHourUsd)}</dd></div>
                  <div className="flex justify-between"><dt>Recovered in</dt><dd className="tabular-nums">{bv.automatedMinutes} min</dd></div>
                  <div className="flex justify-between"><dt>Minutes saved</dt><dd className="tabular-nums">{bv.minutesSaved}</dd></div>
                  <div className="flex justify-between"><dt>Revenue preserved</dt><dd className="tabular-nums">{usd(bv.revenuePreservedUsd)}</dd></div>
                  <div className="flex justify-between"><dt>Engineer time saved</dt><dd className="tabular-nums">{usd(bv.engineerSavingsUsd)}</dd></div>
                </dl>
                <p className="mt-3 rounded bg-slate-50 p-2 font-mono text-[11px] text-slate-500" data-testid="business-formula">{bv.formula}</p>
              </>
            ) : (
              <p className="text-sm text-slate-500">Computed when the incident closes.</p>
            )}
          </Panel>
          <Panel title="Evidence">
            <pre className="max-h-64 overflow-auto whitespace-pre-wrap break-words text-xs text-slate-600">{JSON.stringify(i.evidence, null, 2)}</pre>
          </Panel>
        </div>
        <Panel title="Recovery actions" subtitle="One per attempt; a failed action is rolled back with its undo" className="lg:col-span-3">
          <Actions i={i} />
        </Panel>
      </div>
    </>
  );
}
