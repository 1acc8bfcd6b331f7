/**
 * Recovery planning, pure: which of the 6 recovery types handles an issue, which
 * concrete action that means for the agent at hand, what undoes it, how likely it is to work
 * (from that recovery type's history) and how long it should take, and the retry backoff.
 *
 * | issue                  | recovery type       | built-in agent | external agent       | no agent (system)    |
 * |------------------------|---------------------|----------------|----------------------|----------------------|
 * | agent failure          | unresponsive_agent  | restart        | restart (command)    | notify               |
 * | high error rate        | high_errors         | restart        | restart (command)    | notify               |
 * | performance degradation| performance_problem | restart        | clear_cache          | notify               |
 * | resource exhaustion    | resource_issue      | restart        | reduce_load          | notify               |
 * | database issue         | database_issue      | check_database | reconnect_db         | check_database       |
 * | state inconsistency    | generic             | reconcile_state| reconcile_state      | notify               |
 * | LLM spike              | generic             | restart        | throttle_llm         | notify               |
 * | manual                 | generic             | restart        | restart              | notify               |
 *
 * Subtypes decide first: a database issue with slow queries → cancel_slow_queries, a state
 * inconsistency about a stuck lease → release_stuck_lease, whoever the agent is.
 *
 * Undo (rollback of a failed action):
 * - restart, clear_cache, reconnect_db: cancel the command if the agent has not answered, and put
 *   the agent back in the state it had before the action (a cleared cache refills by itself);
 * - reduce_load → a `restore_load` command; throttle_llm → an `unthrottle_llm` command;
 * - reconcile_state: restore the stored states it changed (only where nobody changed them since);
 * - cancel_slow_queries, release_stuck_lease, check_database, notify: nothing can or needs to be
 *   undone (cancelled queries are retried by their clients; the lease was dead) — recorded as such.
 */
import { COMMAND_ACTIONS, type ActionName, type CommandAction, type IssueType, type RecoveryType } from "../vocabulary";

export function isCommandAction(a: string): a is CommandAction {
  return (COMMAND_ACTIONS as readonly string[]).includes(a);
}

export interface Undo {
  /** Command sent to the agent to undo the action, if any. */
  command?: { type: string; params: Record<string, unknown> };
  cancelPendingCommand: boolean;
  restoreAgentState: boolean;
  /** Internal undo handled by the action's executor (reconcile_state). */
  internal?: boolean;
  description: string;
}

export const UNDO: Record<ActionName, Undo> = {
  restart: { cancelPendingCommand: true, restoreAgentState: true, description: "cancel the restart command if unanswered; restore the agent's previous state" },
  clear_cache: { cancelPendingCommand: true, restoreAgentState: true, description: "cancel the command if unanswered; restore the agent's previous state (a cleared cache refills itself)" },
  reduce_load: { command: { type: "restore_load", params: {} }, cancelPendingCommand: true, restoreAgentState: true, description: "send restore_load so the agent returns to its normal concurrency" },
  reconnect_db: { cancelPendingCommand: true, restoreAgentState: true, description: "cancel the command if unanswered; restore the agent's previous state" },
  throttle_llm: { command: { type: "unthrottle_llm", params: {} }, cancelPendingCommand: true, restoreAgentState: true, description: "send unthrottle_llm so the agent lifts its LLM throttle" },
  cancel_slow_queries: { cancelPendingCommand: false, restoreAgentState: false, description: "nothing to undo: cancelled queries are retried by their clients" },
  check_database: { cancelPendingCommand: false, restoreAgentState: false, description: "nothing to undo: the check changes nothing" },
  reconcile_state: { cancelPendingCommand: false, restoreAgentState: false, internal: true, description: "restore the stored states it changed, where nobody changed them since" },
  release_stuck_lease: { cancelPendingCommand: false, restoreAgentState: false, description: "nothing to undo: the released lease belonged to no live worker" },
  notify: { cancelPendingCommand: false, restoreAgentState: false, description: "nothing to undo: operators were only notified" },
};

/** Default expected duration of each action before any history exists (seconds). */
const DEFAULT_ESTIMATE_SECONDS: Record<ActionName, number> = {
  restart: 30,
  clear_cache: 20,
  reduce_load: 45,
  reconnect_db: 20,
  throttle_llm: 60,
  cancel_slow_queries: 5,
  check_database: 5,
  reconcile_state: 5,
  release_stuck_lease: 10,
  notify: 60,
};

function recoveryTypeFor(issue: IssueType): RecoveryType {
  switch (issue) {
    case "agent_failure":
      return "unresponsive_agent";
    case "high_error_rate":
      return "high_errors";
    case "performance_degradation":
      return "performance_problem";
    case "resource_exhaustion":
      return "resource_issue";
    case "database_issue":
      return "database_issue";
    default:
      return "generic";
  }
}

export interface PlanSubject {
  issue: IssueType;
  subtype: string | null;
  agentKind: "builtin" | "external" | null;
}

export interface PlannedAction {
  recoveryType: RecoveryType;
  action: ActionName;
  params: Record<string, unknown>;
  undo: Undo;
}

export function chooseAction(s: PlanSubject): PlannedAction {
  const recoveryType = recoveryTypeFor(s.issue);
  const pick = (action: ActionName, params: Record<string, unknown> = {}): PlannedAction => ({ recoveryType, action, params, undo: UNDO[action] });
  if (s.issue === "state_inconsistency") return pick(s.subtype === "stuck_lease" ? "release_stuck_lease" : s.agentKind === null ? "notify" : "reconcile_state");
  if (s.issue === "database_issue") {
    if (s.subtype === "slow_queries") return pick("cancel_slow_queries");
    if (s.agentKind === "external") return pick("reconnect_db");
    return pick("check_database");
  }
  if (s.agentKind === null) return pick("notify");
  if (s.agentKind === "builtin") return pick("restart", { reason: s.issue });
  switch (s.issue) {
    case "performance_degradation":
      return pick("clear_cache");
    case "resource_exhaustion":
      return pick("reduce_load", { factor: 0.5 });
    case "llm_spike":
      return pick("throttle_llm", { maxRequestsPerMinute: 30 });
    default:
      return pick("restart", { reason: s.issue });
  }
}

export interface ActionHistory {
  succeeded: number;
  failed: number;
  /** Durations (s) of recent successful actions of this type. */
  durationsSeconds: number[];
}

/**
 * Success probability from the recovery type's history with Laplace smoothing:
 * (successes + 1) ÷ (attempts + 2). No history → 50 %; 9 of 10 → 83 %.
 */
export function successProbability(h: Pick<ActionHistory, "succeeded" | "failed">): number {
  return (h.succeeded + 1) / (h.succeeded + h.failed + 2);
}

/** Median of past successful durations, else the action's default. */
export function estimateSeconds(action: ActionName, durations: readonly number[]): number {
  if (!durations.length) return DEFAULT_ESTIMATE_SECONDS[action];
  const s = [...durations].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return Math.max(1, Math.round(s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2));
}

export interface BackoffConfig {
  baseSeconds: number;
  maxSeconds: number;
}

/**
 * Wait before an attempt, by its position in the backoff chain (0 = first ever): 0, then
 * base, 2×base, 4×base … capped at max (10 s doubling to 5 min by default).
 */
export function backoffSeconds(position: number, cfg: BackoffConfig): number {
  if (position <= 0) return 0;
  return Math.min(cfg.baseSeconds * 2 ** (position - 1), cfg.maxSeconds);
}

/**
 * Where a new incident starts in the backoff chain: continuing the previous incident with the
 * same condition if it closed less than `resetSeconds` ago (an agent that keeps failing is not
 * restarted in a tight loop), else from the start (10 min healthy resets the backoff).
 */
export function inheritedBackoffLevel(previous: { closedAt: Date; backoffLevel: number; attempts: number } | null, now: Date, resetSeconds: number): number {
  if (!previous) return 0;
  if ((now.getTime() - previous.closedAt.getTime()) / 1000 >= resetSeconds) return 0;
  return previous.backoffLevel + previous.attempts;
}
