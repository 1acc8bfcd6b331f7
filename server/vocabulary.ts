/**
 * Vigil's vocabulary, defined once: every list of states, severities, statuses and types that the
 * API validates, the worker writes and the dashboard shows comes from here. Where the database
 * has an enum the list is read from Prisma's generated enums, so the schema stays the source.
 * Safe to import from client components (no server-only imports). Meanings: docs/architecture.md.
 */
import { AgentKind, AgentState, CommandStatus, CycleStatus, IncidentStatus, IssueSeverity, RecoveryStatus, Severity, UserRole } from "./db/generated/enums";

export type { AgentKind, AgentState, CommandStatus, CycleStatus, IncidentStatus, IssueSeverity, RecoveryStatus, UserRole };
/** An event's severity (debug … critical). Not the same scale as an issue's severity. */
export type EventSeverity = Severity;

const values = <T extends Record<string, string>>(e: T) => Object.values(e) as T[keyof T][];

/** Agent lifecycle states (state machine: docs/architecture.md). */
export const AGENT_STATES = values(AgentState);
export const AGENT_KINDS = values(AgentKind);

/** Event severities, least to most severe. */
export const EVENT_SEVERITIES = values(Severity);
/** The event severities from `min` up (an "at least warning" filter). */
export function eventSeveritiesAtLeast(min: EventSeverity): EventSeverity[] {
  return EVENT_SEVERITIES.slice(EVENT_SEVERITIES.indexOf(min));
}

/** How bad a detected issue (incident or anomaly) is, least to most severe. */
export const ISSUE_SEVERITIES = values(IssueSeverity);
/** Position on the issue-severity scale: 0 = low … 3 = critical (for "at least" filters and max). */
export function issueSeverityRank(s: IssueSeverity): number {
  return ISSUE_SEVERITIES.indexOf(s);
}
/** The more severe of two issue severities. */
export function maxIssueSeverity(a: IssueSeverity, b: IssueSeverity): IssueSeverity {
  return issueSeverityRank(a) >= issueSeverityRank(b) ? a : b;
}
/** The issue severities from `min` up (an "at least high" filter). */
export function issueSeveritiesAtLeast(min: IssueSeverity): IssueSeverity[] {
  return ISSUE_SEVERITIES.slice(issueSeverityRank(min));
}

/** Which event severity an issue of this severity is logged with. */
export const EVENT_SEVERITY_OF_ISSUE: Record<IssueSeverity, EventSeverity> = { low: "info", medium: "warning", high: "error", critical: "critical" };

/** Incident statuses (state machine: docs/architecture.md). */
export const INCIDENT_STATUSES = values(IncidentStatus);
export const OPEN_INCIDENT_STATUSES: readonly IncidentStatus[] = ["detected", "planned", "executing", "verifying", "rolled_back"];
export const CLOSED_INCIDENT_STATUSES: readonly IncidentStatus[] = ["resolved", "escalated", "cancelled"];

export const RECOVERY_STATUSES = values(RecoveryStatus);
export const COMMAND_STATUSES = values(CommandStatus);
export const CYCLE_STATUSES = values(CycleStatus);
export const USER_ROLES = values(UserRole);

/**
 * Metric names with a meaning Vigil knows (agents may report any others): request latency in
 * milliseconds, and resource use in percent. Scorers and detectors extend these lists with the
 * names only they read.
 */
export const REQUEST_LATENCY_METRICS = ["response_time", "response_time_ms", "latency_ms"] as const;
export const RESOURCE_METRICS = ["cpu_usage", "memory_usage"] as const;

/** The one A–F scale of every grade Vigil gives (help answers, LLM runs), best first. */
export const GRADES = ["A", "B", "C", "D", "F"] as const;
export type Grade = (typeof GRADES)[number];

/** Statuses of an LLM run. */
export const LLM_RUN_STATUSES = ["success", "error", "pending"] as const;

/** The 7 kinds of trouble the self-healing agent detects, plus `manual` for operator-triggered recoveries. */
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

/** The 6 recovery types: which playbook handles an issue (server/recovery/plan.ts maps them). */
export const RECOVERY_TYPES = ["unresponsive_agent", "high_errors", "resource_issue", "performance_problem", "database_issue", "generic"] as const;
export type RecoveryType = (typeof RECOVERY_TYPES)[number];

export const RECOVERY_LABELS: Record<RecoveryType, string> = {
  unresponsive_agent: "Unresponsive agent",
  high_errors: "High errors",
  resource_issue: "Resource issue",
  performance_problem: "Performance problem",
  database_issue: "Database issue",
  generic: "Generic",
};

/** Recovery actions an agent carries out (sent as commands) vs those Vigil performs itself. */
export const COMMAND_ACTIONS = ["restart", "clear_cache", "reduce_load", "reconnect_db", "throttle_llm"] as const;
export const INTERNAL_ACTIONS = ["cancel_slow_queries", "check_database", "reconcile_state", "release_stuck_lease", "notify"] as const;
export type CommandAction = (typeof COMMAND_ACTIONS)[number];
export type InternalAction = (typeof INTERNAL_ACTIONS)[number];
export type ActionName = CommandAction | InternalAction;
/** Every command type an agent may receive: the actions plus the undo commands. */
export const COMMAND_TYPES = ["restart", "clear_cache", "reduce_load", "restore_load", "reconnect_db", "throttle_llm", "unthrottle_llm"] as const;
export type CommandType = (typeof COMMAND_TYPES)[number];
