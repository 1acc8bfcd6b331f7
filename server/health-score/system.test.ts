import { describe, expect, it } from "vitest";
import { computeSystemHealth, type SystemAgentInput } from "./system";

const NOW = new Date("2026-11-22T12:00:00Z");
const ago = (s: number) => new Date(NOW.getTime() - s * 1000);

let n = 0;
function agent(over: Partial<SystemAgentInput> = {}): SystemAgentInput {
  n += 1;
  return {
    id: `agent_${n}`,
    name: `Agent ${n}`,
    kind: "external",
    expected: true,
    state: "active",
    stateChangedAt: ago(3600),
    lastHeartbeatAt: ago(5),
    firstSeenAt: ago(86_400),
    heartbeatIntervalSeconds: 30,
    graceSeconds: 30,
    healthScore: 100,
    ...over,
  };
}

const active = (score: number | null, over: Partial<SystemAgentInput> = {}) => agent({ healthScore: score, ...over });
const unresponsive = (over: Partial<SystemAgentInput> = {}) => agent({ state: "unresponsive", stateChangedAt: ago(300), lastHeartbeatAt: ago(400), healthScore: 20, ...over });
const neverSeen = (over: Partial<SystemAgentInput> = {}) => agent({ state: "registered", lastHeartbeatAt: null, firstSeenAt: null, healthScore: null, ...over });

describe("system health score", () => {
  it.each([
    { name: "all healthy", agents: () => [active(100), active(100)], score: 100, status: "excellent" },
    { name: "mean of active agents", agents: () => [active(90), active(70)], score: 80, status: "good" },
    { name: "an unresponsive expected agent counts 0", agents: () => [active(100), active(100), unresponsive()], score: 67, status: "fair" },
    { name: "a never-registered expected agent counts 0", agents: () => [active(100), neverSeen()], score: 50, status: "poor" },
    { name: "a failed expected agent counts 0", agents: () => [active(80), agent({ state: "failed", healthScore: 90 })], score: 40, status: "poor" },
    { name: "recovering and stopped count 0", agents: () => [active(90), agent({ state: "recovering" }), agent({ state: "stopped" })], score: 30, status: "critical" },
    { name: "a late agent is capped at 50", agents: () => [active(100), agent({ lastHeartbeatAt: ago(45), healthScore: 95 })], score: 75, status: "good" },
    { name: "late agent below the cap keeps its score", agents: () => [active(100), agent({ lastHeartbeatAt: ago(45), healthScore: 30 })], score: 65, status: "fair" },
    { name: "paused agents are excluded", agents: () => [active(80), agent({ state: "paused", lastHeartbeatAt: ago(9999), healthScore: 0 })], score: 80, status: "good" },
    { name: "active agent not yet scored counts 100", agents: () => [active(null), active(60)], score: 80, status: "good" },
    {
      name: "unimplemented built-ins are excluded",
      agents: () => [active(100, { kind: "builtin" }), neverSeen({ kind: "builtin", implemented: false }), neverSeen({ kind: "builtin", implemented: false })],
      score: 100,
      status: "excellent",
    },
    { name: "a non-expected agent that reports counts", agents: () => [active(100), active(40, { expected: false })], score: 70, status: "fair" },
    { name: "a non-expected agent that went silent counts 0", agents: () => [active(100), unresponsive({ expected: false })], score: 50, status: "poor" },
    { name: "a non-expected agent never seen is ignored", agents: () => [active(100), neverSeen({ expected: false })], score: 100, status: "excellent" },
    { name: "nothing to count → 100", agents: () => [agent({ state: "paused" })], score: 100, status: "excellent" },
    // stored state active but the clock says unresponsive: the live view wins
    { name: "stale stored state is re-clocked", agents: () => [active(100), active(100, { lastHeartbeatAt: ago(120) })], score: 50, status: "poor" },
  ])("$name → $score ($status)", ({ agents, score, status }) => {
    const h = computeSystemHealth(agents(), NOW);
    expect(h.score).toBe(score);
    expect(h.status).toBe(status);
    expect(h.explanation).toContain(`System health ${score}`);
  });

  it("score = coverage × health of reporting agents, both given as factors and in the explanation", () => {
    const h = computeSystemHealth([active(90), active(70), unresponsive(), neverSeen()], NOW);
    // (90 + 70 + 0 + 0) / 4 = 40 = 50 % × 80
    expect(h.score).toBe(40);
    expect(h.factors).toEqual([
      expect.objectContaining({ key: "coverage", score: 50 }),
      expect.objectContaining({ key: "agentHealth", score: 80 }),
    ]);
    expect(h.explanation).toMatch(/= 50 % of the 4 counted agents reporting × their average health 80/);
    expect(h.explanation).toMatch(/Counted as 0: agent_\d+ \(unresponsive\), agent_\d+ \(never registered\)/);
  });
});

describe("roster and missing reasons", () => {
  it("counts expected, registered, active and explains every expected agent that is not active", () => {
    const agents = [
      active(100, { id: "a_active" }),
      agent({ id: "a_late", lastHeartbeatAt: ago(95), heartbeatIntervalSeconds: 60, graceSeconds: 60 }),
      unresponsive({ id: "a_unresp", stateChangedAt: new Date("2026-11-22T11:55:00Z") }),
      neverSeen({ id: "a_never" }),
      agent({ id: "a_paused", state: "paused" }),
      agent({ id: "a_failed", state: "failed", recoveryCount: 3 }),
      agent({ id: "a_stopped", state: "stopped", stateChangedAt: new Date("2026-11-22T10:00:00Z") }),
      neverSeen({ id: "b_future", kind: "builtin", implemented: false }),
      active(100, { id: "x_extra", expected: false }),
    ];
    const h = computeSystemHealth(agents, NOW);
    expect(h.roster.expected).toBe(8);
    expect(h.roster.registered).toBe(6); // all but a_never and b_future
    expect(h.roster.active).toBe(1);
    const reasons = Object.fromEntries(h.roster.missing.map((m) => [m.agentId, m.reason]));
    expect(reasons).toEqual({
      a_late: "late (last heartbeat 95 s ago)",
      a_unresp: "unresponsive since 2026-11-22T11:55:00.000Z",
      a_never: "never registered",
      a_paused: "paused",
      a_failed: "failed after 3 recoveries",
      a_stopped: "stopped at 2026-11-22T10:00:00.000Z",
      b_future: "not yet running (built in a later release)",
    });
    expect(h.roster.missing.find((m) => m.agentId === "a_late")!.state).toBe("late");
    expect(h.explanation).toMatch(/Not counted: 1 built-in agent not yet running, 1 paused\./);
  });

  it("an agent the clock says is unresponsive but not yet flipped gets a computed 'since'", () => {
    const h = computeSystemHealth([agent({ id: "a", lastHeartbeatAt: new Date("2026-11-22T11:50:00Z") })], NOW);
    expect(h.roster.missing[0]).toMatchObject({ agentId: "a", state: "unresponsive", reason: "unresponsive since 2026-11-22T11:51:00.000Z" });
  });

  it("missing or unresponsive expected agents lower system health monotonically", () => {
    const base = Array.from({ length: 5 }, () => active(90));
    const scores = [0, 1, 2, 3].map((k) => computeSystemHealth([...base.slice(k), ...Array.from({ length: k }, () => unresponsive())], NOW).score);
    expect(scores).toEqual([90, 72, 54, 36]);
  });

  it("keeps the explanation short with many silent agents", () => {
    const h = computeSystemHealth([active(100, { id: "ok" }), ...Array.from({ length: 40 }, (_, i) => unresponsive({ id: `gone_${i}` }))], NOW);
    expect(h.explanation).toMatch(/Counted as 0: gone_0 \(unresponsive\), gone_1 \(unresponsive\), gone_2 \(unresponsive\), gone_3 \(unresponsive\), gone_4 \(unresponsive\) and 35 more\./);
    expect(h.explanation.length).toBeLessThan(600);
    expect(h.factors[0]!.detail).toMatch(/and 35 more$/);
  });

  it("averages the agents' factor breakdowns for the per-factor view", () => {
    const factors = (hb: number, perf: number | null) => [
      { key: "heartbeatConsistency" as const, label: "Heartbeat consistency", weight: 0.3, effectiveWeight: 0.5, score: hb, detail: "" },
      { key: "performance" as const, label: "Performance", weight: 0.25, effectiveWeight: 0, score: perf, detail: "" },
    ];
    const h = computeSystemHealth([active(90, { id: "p", healthFactors: factors(100, null) }), active(90, { id: "q", healthFactors: factors(80, 60) })], NOW);
    const byKey = Object.fromEntries(h.agentFactors!.map((f) => [f.key, f]));
    expect(byKey.heartbeatConsistency).toMatchObject({ score: 90, detail: "mean over 2 agents; lowest q 80" });
    expect(byKey.performance).toMatchObject({ score: 60 });
    expect(byKey.errorRate!.score).toBeNull();
  });
});
