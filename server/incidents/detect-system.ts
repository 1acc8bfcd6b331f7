/**
 * System-level detectors of the self-healing agent (see detect.ts for the agent-scoped ones),
 * pure: leases no worker could have taken, long-running queries, Vigil's own database outages.
 */
import type { DetectionConfig } from "./detect";
import type { DetectedIssue } from "./types";

export interface LeaseObservation {
  agentId: string;
  workerId: string;
  secondsLeft: number;
}

export function detectStuckLeases(leases: readonly LeaseObservation[], cfg: DetectionConfig): DetectedIssue[] {
  return leases
    .filter((l) => l.secondsLeft > cfg.stuckLeaseSeconds)
    .map((l) => ({
      type: "state_inconsistency" as const,
      agentId: l.agentId,
      severity: "high" as const,
      subtype: "stuck_lease",
      title: `Lease on ${l.agentId} held by ${l.workerId} for another ${Math.round(l.secondsLeft)} s: no cycles can run`,
      evidence: { workerId: l.workerId, secondsLeft: Math.round(l.secondsLeft), maxExpectedSeconds: cfg.stuckLeaseSeconds },
    }));
}

export interface SlowQuery {
  pid: number;
  seconds: number;
  query: string;
}

export function detectSlowQueries(queries: readonly SlowQuery[], cfg: DetectionConfig): DetectedIssue[] {
  const slow = queries.filter((q) => q.seconds > cfg.slowQuerySeconds);
  if (!slow.length) return [];
  const longest = Math.max(...slow.map((q) => q.seconds));
  return [
    {
      type: "database_issue",
      agentId: null,
      severity: longest > 10 * cfg.slowQuerySeconds ? "critical" : "high",
      subtype: "slow_queries",
      title: `${slow.length} database quer${slow.length === 1 ? "y" : "ies"} running longer than ${cfg.slowQuerySeconds} s (longest ${Math.round(longest)} s)`,
      evidence: { count: slow.length, longestSeconds: Math.round(longest), pids: slow.map((q) => q.pid).slice(0, 20), samples: slow.slice(0, 3).map((q) => q.query.slice(0, 120)) },
    },
  ];
}

/** Vigil's own database outages and agents' connection failures without an agent id. */
export function detectSystemConnectionLoss(events: { count: number; longestSeconds: number | null }): DetectedIssue[] {
  if (events.count === 0) return [];
  return [
    {
      type: "database_issue",
      agentId: null,
      severity: "high",
      subtype: "connection",
      title: `Database connection lost${events.longestSeconds ? ` for ${Math.round(events.longestSeconds)} s` : ""} (${events.count} report${events.count === 1 ? "" : "s"})`,
      evidence: { reports: events.count, longestOutageSeconds: events.longestSeconds },
    },
  ];
}
