/** Issue and incident vocabulary shared by the detector, the recovery engine, the API and the UI. */

/** The 7 issue types of SPEC §5, plus `manual` for operator-triggered recoveries. */
export const ISSUE_TYPES = [
  "agent_failure",
  "high_error_rate",
  "performance_degradation",
  "resource_exhaustion",
  "database_issue",
  "state_inconsistency",
  "llm_spike",
  "manual",
] as const;
export type IssueType = (typeof ISSUE_TYPES)[number];

export const ISSUE_LABELS: Record<IssueType, string> = {
  agent_failure: "Agent failure",
  high_error_rate: "High error rate",
  performance_degradation: "Performance degradation",
  resource_exhaustion: "Resource exhaustion",
  database_issue: "Database issue",
  state_inconsistency: "State inconsistency",
  llm_spike: "LLM cost/latency spike",
  manual: "Manual recovery",
};

export const SEVERITIES = ["low", "medium", "high", "critical"] as const;
export type IssueSeverityName = (typeof SEVERITIES)[number];

export const INCIDENT_STATUSES = ["detected", "planned", "executing", "verifying", "rolled_back", "resolved", "escalated", "cancelled"] as const;
export type IncidentStatusName = (typeof INCIDENT_STATUSES)[number];
export const OPEN_STATUSES: readonly IncidentStatusName[] = ["detected", "planned", "executing", "verifying", "rolled_back"];
export const CLOSED_STATUSES: readonly IncidentStatusName[] = ["resolved", "escalated", "cancelled"];

/**
 * What a detector found. `key` identifies the condition (type + subject): while an incident
 * with that key is open, the same condition does not open another one.
 */
export interface DetectedIssue {
  type: IssueType;
  /** null for system-wide issues (the database, Vigil itself). */
  agentId: string | null;
  severity: IssueSeverityName;
  title: string;
  /** Numbers that made the detector fire, shown on the incident. */
  evidence: Record<string, unknown>;
  /** Refinement of the type that decides the action (e.g. "slow_queries", "stuck_lease"). */
  subtype?: string;
}

export function issueKey(i: { type: string; agentId: string | null; subtype?: string | null }): string {
  return `${i.type}:${i.agentId ?? "system"}${i.subtype ? `:${i.subtype}` : ""}`;
}

export function severityRank(s: IssueSeverityName): number {
  return SEVERITIES.indexOf(s);
}
