import { describe, expect, it } from "vitest";
import { RECOVERY_TYPES } from "../vocabulary";
import { backoffSeconds, chooseAction, estimateSeconds, inheritedBackoffLevel, successProbability, UNDO } from "./plan";

describe("chooseAction", () => {
  it.each([
    { issue: "agent_failure", subtype: null, kind: "external", type: "unresponsive_agent", action: "restart" },
    { issue: "agent_failure", subtype: "hung", kind: "builtin", type: "unresponsive_agent", action: "restart" },
    { issue: "high_error_rate", subtype: null, kind: "external", type: "high_errors", action: "restart" },
    { issue: "high_error_rate", subtype: null, kind: null, type: "high_errors", action: "notify" },
    { issue: "performance_degradation", subtype: null, kind: "external", type: "performance_problem", action: "clear_cache" },
    { issue: "performance_degradation", subtype: null, kind: "builtin", type: "performance_problem", action: "restart" },
    { issue: "resource_exhaustion", subtype: null, kind: "external", type: "resource_issue", action: "reduce_load" },
    { issue: "database_issue", subtype: "slow_queries", kind: null, type: "database_issue", action: "cancel_slow_queries" },
    { issue: "database_issue", subtype: "connection", kind: "external", type: "database_issue", action: "reconnect_db" },
    { issue: "database_issue", subtype: "connection", kind: null, type: "database_issue", action: "check_database" },
    { issue: "state_inconsistency", subtype: "stuck_lease", kind: "builtin", type: "generic", action: "release_stuck_lease" },
    { issue: "state_inconsistency", subtype: "orphan_recovering", kind: "external", type: "generic", action: "reconcile_state" },
    { issue: "state_inconsistency", subtype: "consistency_score", kind: null, type: "generic", action: "notify" },
    { issue: "database_issue", subtype: "cache_hit", kind: null, type: "database_issue", action: "check_database" },
    { issue: "llm_spike", subtype: "cost", kind: "external", type: "generic", action: "throttle_llm" },
    { issue: "manual", subtype: null, kind: "external", type: "generic", action: "restart" },
  ] as const)("$issue/$subtype on $kind → $type: $action", ({ issue, subtype, kind, type, action }) => {
    const p = chooseAction({ issue, subtype, agentKind: kind });
    expect([p.recoveryType, p.action]).toEqual([type, action]);
    expect(p.undo).toBe(UNDO[p.action]);
  });

  it("covers all 6 recovery types", () => {
    const seen = new Set(
      (["agent_failure", "high_error_rate", "performance_degradation", "resource_exhaustion", "database_issue", "state_inconsistency"] as const).map(
        (issue) => chooseAction({ issue, subtype: null, agentKind: "external" }).recoveryType,
      ),
    );
    expect([...seen].sort()).toEqual([...RECOVERY_TYPES].sort());
  });

  it("every action that changes an agent's behavior has an undo command or cancels its command", () => {
    expect(UNDO.reduce_load.command?.type).toBe("restore_load");
    expect(UNDO.throttle_llm.command?.type).toBe("unthrottle_llm");
    expect(UNDO.restart.cancelPendingCommand && UNDO.restart.restoreAgentState).toBe(true);
  });
});

describe("success probability (Laplace)", () => {
  it.each([
    { s: 0, f: 0, p: 0.5 },
    { s: 1, f: 0, p: 2 / 3 },
    { s: 9, f: 1, p: 10 / 12 },
    { s: 0, f: 4, p: 1 / 6 },
  ])("$s succeeded, $f failed → $p", ({ s, f, p }) => expect(successProbability({ succeeded: s, failed: f })).toBeCloseTo(p, 10));
});

describe("estimated time", () => {
  it.each([
    { durations: [], est: 30 },
    { durations: [10], est: 10 },
    { durations: [40, 10, 20], est: 20 },
    { durations: [10, 20, 31, 41], est: 26 }, // (20 + 31) / 2 = 25.5 → 26
    { durations: [0.2], est: 1 },
  ])("restart after $durations → $est s", ({ durations, est }) => expect(estimateSeconds("restart", durations)).toBe(est));
});

describe("backoff: 10 s doubling to a 5 min cap", () => {
  const cfg = { baseSeconds: 10, maxSeconds: 300 };
  it.each([
    [0, 0],
    [1, 10],
    [2, 20],
    [3, 40],
    [5, 160],
    [6, 300],
    [12, 300],
  ])("position %i waits %i s", (pos, secs) => expect(backoffSeconds(pos, cfg)).toBe(secs));

  it("continues the chain within 10 min of the previous incident, resets after", () => {
    const now = new Date("2026-11-22T12:00:00Z");
    const prev = (minutesAgo: number) => ({ closedAt: new Date(now.getTime() - minutesAgo * 60_000), backoffLevel: 1, attempts: 2 });
    expect(inheritedBackoffLevel(null, now, 600)).toBe(0);
    expect(inheritedBackoffLevel(prev(5), now, 600)).toBe(3);
    expect(inheritedBackoffLevel(prev(10), now, 600)).toBe(0);
  });
});
