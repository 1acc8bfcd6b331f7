import { beforeAll, describe, expect, it } from "vitest";
import { ensureBuiltinAgents } from "../agents/builtin-registration";
import { db } from "../db/client";
import { computeAgentHealth, getSystemHealth, scoreAllAgents, storeAgentHealth, storeSystemHealth } from "./service";

const NOW = new Date("2026-11-22T12:00:00Z");
const ago = (s: number) => new Date(NOW.getTime() - s * 1000);

describe("health service (database)", () => {
  beforeAll(async () => {
    const prisma = db();
    await ensureBuiltinAgents(prisma);
    const base = { expected: true, heartbeatIntervalSeconds: 30, graceSeconds: 30, createdAt: ago(86_400) };
    await prisma.agent.createMany({
      data: [
        { id: "healthy", name: "Healthy", state: "active", firstSeenAt: ago(7200), lastHeartbeatAt: ago(10), ...base },
        { id: "errors", name: "Errors", state: "active", firstSeenAt: ago(7200), lastHeartbeatAt: ago(10), ...base },
        { id: "dead", name: "Dead", state: "unresponsive", stateChangedAt: ago(300), firstSeenAt: ago(7200), lastHeartbeatAt: ago(400), ...base },
        { id: "never", name: "Never", state: "registered", ...base },
      ],
    });
    // 30 heartbeats over the 15-minute window for healthy and errors (errors: 6 with status error)
    const hb: { agentId: string; receivedAt: Date; status: string }[] = [];
    for (let i = 0; i < 30; i++) {
      hb.push({ agentId: "healthy", receivedAt: ago(10 + i * 30), status: "ok" });
      hb.push({ agentId: "errors", receivedAt: ago(10 + i * 30), status: i < 6 ? "error" : "ok" });
    }
    for (let i = 0; i < 10; i++) hb.push({ agentId: "dead", receivedAt: ago(400 + i * 30), status: "ok" });
    // outside the window: must not count
    hb.push({ agentId: "healthy", receivedAt: ago(3600), status: "error" });
    await prisma.heartbeat.createMany({ data: hb });
    const metrics: { agentId: string; name: string; value: number; timestamp: Date }[] = [];
    for (let i = 0; i < 20; i++) {
      // baseline hour: 200 ms; window: 200 ms for healthy, 400 ms (2×) for errors
      metrics.push({ agentId: "healthy", name: "latency_ms", value: 200, timestamp: ago(1200 + i * 60) });
      metrics.push({ agentId: "errors", name: "latency_ms", value: 200, timestamp: ago(1200 + i * 60) });
      metrics.push({ agentId: "healthy", name: "latency_ms", value: 200, timestamp: ago(20 + i * 30) });
      metrics.push({ agentId: "errors", name: "latency_ms", value: 400, timestamp: ago(20 + i * 30) });
      metrics.push({ agentId: "healthy", name: "cpu_usage", value: 30, timestamp: ago(20 + i * 30) });
      metrics.push({ agentId: "healthy", name: "unrelated_metric", value: 1e9, timestamp: ago(20 + i * 30) });
    }
    await prisma.metric.createMany({ data: metrics });
    await prisma.event.createMany({
      data: [
        { agentId: "errors", type: "job.failed", message: "boom", severity: "error", timestamp: ago(100) },
        { agentId: "errors", type: "job.done", message: "ok", severity: "info", timestamp: ago(100) },
        // Vigil's own state-change events are not the agent's errors
        { agentId: "healthy", type: "agent.state_changed", message: "late", severity: "error", timestamp: ago(100) },
      ],
    });
    await prisma.agentCycle.createMany({
      data: Array.from({ length: 10 }, (_, i) => ({
        agentId: "agent_coordinator",
        workerId: "w",
        startedAt: ago(30 + i * 30),
        endedAt: ago(29 + i * 30),
        status: i === 0 ? ("failed" as const) : ("succeeded" as const),
        durationMs: 5,
      })),
    });
  });

  it("scores every agent from aggregate queries", async () => {
    const scores = await scoreAllAgents(db(), NOW);
    const by = Object.fromEntries(scores.map((s) => [s.agentId, s.breakdown]));
    expect(Object.keys(by)).toHaveLength(11); // 7 built-in + 4

    const healthy = by.healthy!;
    expect(healthy.score).toBe(100);
    expect(healthy.status).toBe("excellent");
    const f = Object.fromEntries(healthy.factors.map((x) => [x.key, x]));
    expect(f.heartbeatConsistency!.detail).toMatch(/^30 of 30 expected heartbeats/);
    expect(f.performance!.detail).toBe("latency_ms avg 200 ms (baseline 200 ms, 1.00×)");
    expect(f.errorRate!.detail).toBe("0 errors in 30 heartbeats and events (0 %)");
    expect(f.resourceEfficiency!.score).toBe(100);
    expect(f.businessImpact!.score).toBeNull();
    expect(f.businessImpact!.effectiveWeight).toBe(0);

    const errors = by.errors!;
    const e = Object.fromEntries(errors.factors.map((x) => [x.key, x]));
    expect(e.errorRate!.detail).toBe("7 errors in 32 heartbeats and events (21.9 %)");
    expect(e.errorRate!.score).toBe(0);
    expect(e.performance!.score).toBe(30); // 2× baseline
    expect(errors.status).not.toBe("excellent");

    expect(by.dead!.score).toBe(25);
    expect(by.dead!.note).toMatch(/capped/);
    expect(by.never!.score).toBeNull();

    const coord = Object.fromEntries(by.agent_coordinator!.factors.map((x) => [x.key, x]));
    expect(coord.businessImpact!.detail).toBe("9 of 10 cycles succeeded");
  });

  it("computeAgentHealth scores a single agent the same way", async () => {
    const one = await computeAgentHealth(db(), "errors", NOW);
    const all = (await scoreAllAgents(db(), NOW)).find((s) => s.agentId === "errors")!;
    expect(one).toEqual(all.breakdown);
    expect(await computeAgentHealth(db(), "nope", NOW)).toBeNull();
  });

  it("stores scores on agents, snapshots at most every 5 minutes, and computes a trend from them", async () => {
    const prisma = db();
    const first = await storeAgentHealth(prisma, await scoreAllAgents(prisma, NOW), NOW);
    expect(first.updated).toBe(11);
    expect(first.snapshots).toBe(4); // healthy, errors, dead, agent_coordinator (from its cycles); never and the others have no score
    const row = await prisma.agent.findUniqueOrThrow({ where: { id: "healthy" } });
    expect(row.healthScore).toBe(100);
    expect(row.healthStatus).toBe("excellent");
    expect(row.healthTrend).toBe("stable");
    expect(row.healthUpdatedAt).toEqual(NOW);
    expect((row.healthFactors as { factors: unknown[] }).factors).toHaveLength(5);

    // 30 s later: scores are updated, but no new snapshot yet
    const again = await storeAgentHealth(prisma, await scoreAllAgents(prisma, ago(-30)), ago(-30));
    expect(again.updated).toBe(11);
    expect(again.snapshots).toBe(0);
    expect(await prisma.healthSnapshot.count()).toBe(4);

    // a declining history → degrading
    await prisma.healthSnapshot.createMany({
      data: [100, 95, 90, 85].map((score, i) => ({ agentId: "errors", score, status: "excellent", factors: [], computedAt: ago(1500 - i * 300) })),
    });
    const trend = (await scoreAllAgents(prisma, NOW)).find((s) => s.agentId === "errors")!.trend;
    expect(trend).toBe("degrading");
  });

  it("getSystemHealth counts missing and unresponsive expected agents against the fleet", async () => {
    const prisma = db();
    const h = await getSystemHealth(prisma, NOW);
    expect(h.roster.expected).toBe(11);
    expect(h.roster.active).toBe(2);
    const reasons = Object.fromEntries(h.roster.missing.map((m) => [m.agentId, m.reason]));
    expect(reasons.dead).toBe(`unresponsive since ${ago(300).toISOString()}`);
    expect(reasons.never).toBe("never registered");
    expect(reasons.ai_help_agent).toBe("never registered"); // all 7 built-ins are implemented now
    expect(reasons.agent_coordinator).toBe("never registered"); // implemented, but no worker has run it
    expect(reasons.performance_monitor).toBe("never registered");
    // counted: healthy, errors, dead, never and the 7 built-in agents → 2 reporting of 11
    expect(h.factors[0]).toMatchObject({ key: "coverage", score: 18 });
    expect(h.score).toBeLessThan(40);
    expect(h.explanation).not.toMatch(/not yet running/);
    await storeSystemHealth(prisma, h);
    const snap = await prisma.systemHealthSnapshot.findFirstOrThrow({ orderBy: { computedAt: "desc" } });
    expect(snap.score).toBe(h.score);
    expect((snap.roster as { expected: number }).expected).toBe(11);
  });

  it("reports recoveries of failed agents", async () => {
    const prisma = db();
    await prisma.agent.update({ where: { id: "dead" }, data: { state: "failed" } });
    await prisma.agentStateChange.createMany({
      data: [
        { agentId: "dead", fromState: "unresponsive", toState: "recovering", reason: "r", createdAt: ago(900) },
        { agentId: "dead", fromState: "recovering", toState: "active", reason: "r", createdAt: ago(800) },
        { agentId: "dead", fromState: "unresponsive", toState: "recovering", reason: "r", createdAt: ago(200) },
        { agentId: "dead", fromState: "recovering", toState: "unresponsive", reason: "r", createdAt: ago(150) },
        { agentId: "dead", fromState: "unresponsive", toState: "recovering", reason: "r", createdAt: ago(100) },
        { agentId: "dead", fromState: "recovering", toState: "failed", reason: "r", createdAt: ago(50) },
      ],
    });
    const h = await getSystemHealth(prisma, NOW);
    expect(h.roster.missing.find((m) => m.agentId === "dead")!.reason).toBe("failed after 2 recoveries");
  });
});
