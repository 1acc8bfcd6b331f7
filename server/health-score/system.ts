/**
 * System health: one number for the whole fleet that counts missing and silent
 * expected agents against it, plus the roster figures and a sentence explaining the number.
 * Pure: server/health-score/service.ts feeds it the current agent rows.
 *
 * Formula.
 *   counted  = expected agents, except paused ones (maintenance) and built-in agents not
 *              implemented yet (shown as "not yet running", never faked), plus non-expected
 *              agents that have reported and are not paused / stopped (a fleet member that
 *              went silent still counts).
 *   each counted agent contributes
 *              active        → its health score (100 while not scored yet)
 *              late          → its health score, at most 50
 *              anything else → 0 (never registered, unresponsive, recovering, failed, stopped)
 *   score    = mean contribution over the counted agents
 *            = coverage × average health of the reporting agents ÷ 100,
 *              where coverage = reporting (active or late) ÷ counted agents.
 *   No counted agents → 100 (nothing is expected to run).
 * The state used is the heartbeat clock's view at `now` (clockState), so the number is right
 * even between two coordinator checks.
 */
import { clockState } from "../agents/state";
import type { AgentState } from "../vocabulary";
import { formatDuration, healthStatus } from "./score";
import { HEALTH_FACTORS, type FactorResult, type MissingAgent, type SystemHealth } from "./types";

const LATE_SCORE_CAP = 50;

export interface SystemAgentInput {
  id: string;
  name: string;
  kind: "builtin" | "external";
  expected: boolean;
  state: string;
  stateChangedAt: Date;
  lastHeartbeatAt: Date | null;
  firstSeenAt: Date | null;
  heartbeatIntervalSeconds: number;
  graceSeconds: number;
  healthScore: number | null;
  /** Built-in agents: false until the agent is built (roster metadata.implemented). */
  implemented?: boolean;
  /** For failed agents: how many recoveries were tried. */
  recoveryCount?: number;
  /** The agent's stored factor breakdown, for the system-wide factor means. */
  healthFactors?: FactorResult[] | null;
}

interface Classified {
  agent: SystemAgentInput;
  state: string;
  counted: boolean;
  reporting: boolean;
  contribution: number;
  notImplemented: boolean;
}

function effectiveState(a: SystemAgentInput, now: Date): string {
  return clockState(a.state as AgentState, a.lastHeartbeatAt, a.heartbeatIntervalSeconds, a.graceSeconds, now);
}

function classify(a: SystemAgentInput, now: Date): Classified {
  const state = effectiveState(a, now);
  const neverSeen = !a.lastHeartbeatAt && !a.firstSeenAt;
  const notImplemented = a.kind === "builtin" && a.implemented === false && neverSeen;
  const reporting = state === "active" || state === "late";
  let counted: boolean;
  if (state === "paused" || notImplemented) counted = false;
  else if (a.expected) counted = true;
  else counted = !neverSeen && state !== "stopped" && state !== "registered";
  let contribution = 0;
  if (state === "active") contribution = a.healthScore ?? 100;
  else if (state === "late") contribution = Math.min(a.healthScore ?? 100, LATE_SCORE_CAP);
  return { agent: a, state, counted, reporting: counted && reporting, contribution: counted ? contribution : 0, notImplemented };
}

/** Why an expected agent is not active, in words an operator understands. */
function missingReason(a: SystemAgentInput, state: string, now: Date, notImplemented: boolean): string {
  const secondsAgo = (d: Date) => formatDuration((now.getTime() - d.getTime()) / 1000);
  switch (state) {
    case "registered":
      return notImplemented ? "not yet running (built in a later release)" : "never registered";
    case "late":
      return `late (last heartbeat ${secondsAgo(a.lastHeartbeatAt!)} ago)`;
    case "unresponsive": {
      const since =
        a.state === "unresponsive" ? a.stateChangedAt : new Date(a.lastHeartbeatAt!.getTime() + (a.heartbeatIntervalSeconds + a.graceSeconds) * 1000);
      return `unresponsive since ${since.toISOString()}`;
    }
    case "paused":
      return "paused";
    case "failed": {
      const n = a.recoveryCount ?? 0;
      return `failed after ${n} recover${n === 1 ? "y" : "ies"}`;
    }
    case "recovering":
      return `recovering since ${a.stateChangedAt.toISOString()}`;
    case "stopped":
      return `stopped at ${a.stateChangedAt.toISOString()}`;
    default:
      return state;
  }
}

const round = (n: number) => Math.round(n);

const stateLabel = (state: string) => (state === "registered" ? "never registered" : state);

/** "a, b, c and 7 more": keeps explanations readable with a thousand agents. */
function listSome(items: readonly string[], max = 5): string {
  if (items.length <= max) return items.join(", ");
  return `${items.slice(0, max).join(", ")} and ${items.length - max} more`;
}

export function computeSystemHealth(agents: readonly SystemAgentInput[], now: Date): SystemHealth {
  const all = agents.map((a) => classify(a, now));
  const counted = all.filter((c) => c.counted);
  const reporting = counted.filter((c) => c.reporting);
  const expected = all.filter((c) => c.agent.expected);

  const missing: MissingAgent[] = expected
    .filter((c) => c.state !== "active")
    .map((c) => ({ agentId: c.agent.id, name: c.agent.name, reason: missingReason(c.agent, c.state, now, c.notImplemented), state: c.state }));

  const total = counted.reduce((s, c) => s + c.contribution, 0);
  const rawScore = counted.length ? total / counted.length : 100;
  const score = round(rawScore);
  const coverage = counted.length ? (100 * reporting.length) / counted.length : 100;
  const avgHealth = reporting.length ? reporting.reduce((s, c) => s + c.contribution, 0) / reporting.length : 0;

  const silent = counted.filter((c) => !c.reporting);
  const lateOnes = reporting.filter((c) => c.state === "late");
  const unscored = reporting.filter((c) => c.state === "active" && c.agent.healthScore === null);
  const lowest = [...reporting].sort((a, b) => a.contribution - b.contribution)[0];

  const factors: SystemHealth["factors"] = [
    {
      key: "coverage",
      label: "Agents reporting",
      weight: 1,
      score: round(coverage),
      detail: counted.length
        ? `${reporting.length} of ${counted.length} counted agents reporting` +
          (silent.length ? `; counted as 0: ${listSome(silent.map((c) => `${c.agent.id} (${stateLabel(c.state)})`))}` : "")
        : "no agents to count",
    },
    {
      key: "agentHealth",
      label: "Health of reporting agents",
      weight: 1,
      score: round(avgHealth),
      detail: reporting.length
        ? `average over ${reporting.length} reporting agent${reporting.length === 1 ? "" : "s"}` +
          (lowest ? `; lowest ${lowest.agent.id} ${round(lowest.contribution)}` : "") +
          (lateOnes.length ? `; late, capped at ${LATE_SCORE_CAP}: ${listSome(lateOnes.map((c) => c.agent.id))}` : "") +
          (unscored.length ? `; not scored yet (counted as 100): ${listSome(unscored.map((c) => c.agent.id))}` : "")
        : "no agent is reporting",
    },
  ];

  const agentFactors = HEALTH_FACTORS.map((f) => {
    const vals: { id: string; score: number }[] = [];
    for (const c of reporting) {
      const fr = c.agent.healthFactors?.find((x) => x.key === f.key);
      if (fr && typeof fr.score === "number") vals.push({ id: c.agent.id, score: fr.score });
    }
    if (!vals.length) return { key: f.key, label: f.label, weight: f.weight, score: null, detail: "no data from any reporting agent" };
    const mean = vals.reduce((s, v) => s + v.score, 0) / vals.length;
    const low = vals.reduce((m, v) => (v.score < m.score ? v : m));
    return {
      key: f.key,
      label: f.label,
      weight: f.weight,
      score: round(mean),
      detail: `mean over ${vals.length} agent${vals.length === 1 ? "" : "s"}; lowest ${low.id} ${round(low.score)}`,
    };
  });

  const status = healthStatus(score);
  const excludedNotImpl = all.filter((c) => c.notImplemented && c.agent.expected).length;
  const excludedPaused = all.filter((c) => c.state === "paused").length;
  const notCounted = [
    excludedNotImpl && `${excludedNotImpl} built-in agent${excludedNotImpl === 1 ? "" : "s"} not yet running`,
    excludedPaused && `${excludedPaused} paused`,
  ].filter(Boolean);
  const explanation = counted.length
    ? `System health ${score} (${status}) = ${round(coverage)} % of the ${counted.length} counted agents reporting × their average health ${round(avgHealth)}. ` +
      (silent.length ? `Counted as 0: ${listSome(silent.map((c) => `${c.agent.id} (${stateLabel(c.state)})`))}. ` : "") +
      (lateOnes.length ? `Late agents count at most ${LATE_SCORE_CAP}: ${listSome(lateOnes.map((c) => c.agent.id))}. ` : "") +
      `Missing, unresponsive, recovering, failed and stopped agents count 0.` +
      (notCounted.length ? ` Not counted: ${notCounted.join(", ")}.` : "")
    : `System health 100: no agents are expected to run right now` + (notCounted.length ? ` (not counted: ${notCounted.join(", ")}).` : ".");

  return {
    score,
    status,
    computedAt: now.toISOString(),
    roster: {
      expected: expected.length,
      registered: expected.filter((c) => c.agent.lastHeartbeatAt || c.agent.firstSeenAt).length,
      active: expected.filter((c) => c.state === "active").length,
      missing,
    },
    factors,
    explanation,
    agentFactors,
  };
}
