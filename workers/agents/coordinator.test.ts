import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { recordHeartbeat } from "../../server/agents/heartbeats";
import { db, pool } from "../../server/db/client";
import { PrismaClient } from "../../server/db/generated/client";
import { markAbandonedCycles, registerRoster, runHealthCheck } from "./coordinator";

const T0 = new Date("2026-11-22T12:00:00Z");
const at = (s: number) => new Date(T0.getTime() + s * 1000);

// A second, independent client + pool: "another worker process" for the concurrency test.
let otherPool: pg.Pool;
let other: PrismaClient;

beforeAll(async () => {
  otherPool = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: 5 });
  other = new PrismaClient({ adapter: new PrismaPg(otherPool) });
  await registerRoster(db());
});

afterAll(async () => {
  await other.$disconnect();
  await otherPool.end();
});

async function flips(agentId: string) {
  return (await db().agentStateChange.findMany({ where: { agentId }, orderBy: { id: "asc" } })).map((c) => `${c.fromState}→${c.toState}`);
}

async function stateEvents(agentId: string) {
  return (await db().event.findMany({ where: { agentId, type: "agent.state_changed" }, orderBy: { id: "asc" } })).map((e) => `${e.severity}: ${e.message}`);
}

describe("agent_coordinator health check", () => {
  it("moves an agent active → late → unresponsive as time passes, and back to active on a heartbeat", async () => {
    const prisma = db();
    await prisma.agent.create({ data: { id: "clocked", name: "Clocked", heartbeatIntervalSeconds: 60, graceSeconds: 30 } });
    await recordHeartbeat(prisma, "clocked", { status: "ok" }, T0);
    expect((await prisma.agent.findUniqueOrThrow({ where: { id: "clocked" } })).state).toBe("active");

    const steps: [number, string][] = [
      [30, "active"],
      [60, "active"],
      [61, "late"],
      [80, "late"],
      [90, "late"],
      [91, "unresponsive"],
      [300, "unresponsive"],
    ];
    for (const [s, expected] of steps) {
      await runHealthCheck(prisma, pool(), { now: at(s) });
      expect((await prisma.agent.findUniqueOrThrow({ where: { id: "clocked" } })).state, `at +${s} s`).toBe(expected);
    }
    await recordHeartbeat(prisma, "clocked", { status: "ok" }, at(301));
    await runHealthCheck(prisma, pool(), { now: at(310) });

    expect(await flips("clocked")).toEqual(["registered→active", "active→late", "late→unresponsive", "unresponsive→active"]);
    expect(await stateEvents("clocked")).toEqual([
      "warning: Clocked (clocked) is late: no heartbeat for 61 s (interval 60 s)",
      "error: Clocked (clocked) is unresponsive: no heartbeat for 91 s (interval 60 s + grace 30 s)",
    ]);
    const agent = await prisma.agent.findUniqueOrThrow({ where: { id: "clocked" } });
    expect(agent.state).toBe("active");
    expect(agent.stateChangedAt).toEqual(at(301));
  });

  it("writes an info event when it is the one to bring an agent back to active", async () => {
    const prisma = db();
    await prisma.agent.create({ data: { id: "stale", name: "Stale", state: "late", heartbeatIntervalSeconds: 60, graceSeconds: 30, lastHeartbeatAt: at(-10), firstSeenAt: at(-999) } });
    const r = await runHealthCheck(prisma, pool(), { now: T0 });
    expect(r.transitions).toEqual([{ agentId: "stale", from: "late", to: "active", reason: "heartbeat received 10 s ago" }]);
    expect(await stateEvents("stale")).toEqual(["info: Stale (stale) is active: heartbeat received 10 s ago"]);
  });

  it("records exactly one flip per transition when two coordinators check concurrently", async () => {
    const prisma = db();
    const ids = Array.from({ length: 20 }, (_, i) => `race_${i}`);
    await prisma.agent.createMany({
      data: ids.map((id) => ({ id, name: id, state: "active" as const, heartbeatIntervalSeconds: 60, graceSeconds: 30, lastHeartbeatAt: T0, firstSeenAt: T0 })),
    });
    for (const s of [70, 120]) {
      const [a, b] = await Promise.all([
        runHealthCheck(prisma, pool(), { now: at(s), workerId: "w-a" }),
        runHealthCheck(other, otherPool, { now: at(s), workerId: "w-b" }),
      ]);
      const mine = (r: typeof a) => r.transitions.filter((t) => t.agentId.startsWith("race_"));
      expect(mine(a).length + mine(b).length, `at +${s} s`).toBe(ids.length);
    }
    for (const id of ids) {
      expect(await flips(id)).toEqual(["active→late", "late→unresponsive"]);
      expect(await stateEvents(id)).toHaveLength(2);
    }
  });

  it("leaves paused, stopped and never-seen agents alone", async () => {
    const prisma = db();
    await prisma.agent.createMany({
      data: [
        { id: "p", name: "p", state: "paused", lastHeartbeatAt: at(-9999) },
        { id: "s", name: "s", state: "stopped", lastHeartbeatAt: at(-9999) },
        { id: "n", name: "n", state: "registered" },
      ],
    });
    const r = await runHealthCheck(prisma, pool(), { now: T0 });
    expect(r.transitions.filter((t) => ["p", "s", "n"].includes(t.agentId))).toEqual([]);
    expect(r.checked).toBeGreaterThanOrEqual(7 + 3);
  });

  it("marks running cycles of dead or superseded workers abandoned, and leaves live ones", async () => {
    const prisma = db();
    const p = pool();
    await p.query(
      `INSERT INTO worker_processes (id, hostname, pid, last_seen_at) VALUES
         ('live', 'h', 1, now()), ('dead', 'h', 2, now() - interval '5 minutes'), ('superseded', 'h', 3, now())`,
    );
    await p.query(
      `INSERT INTO worker_leases (agent_id, worker_id, lease_until, acquired_at) VALUES ('heartbeat_health_agent', 'live', now() + interval '1 minute', now())`,
    );
    const mk = (agentId: string, workerId: string) =>
      prisma.agentCycle.create({ data: { agentId, workerId, startedAt: new Date(Date.now() - 60_000), status: "running" } });
    const liveCycle = await mk("agent_coordinator", "live");
    const deadCycle = await mk("agent_coordinator", "dead");
    const supersededCycle = await mk("heartbeat_health_agent", "superseded");
    const ghostCycle = await mk("agent_coordinator", "never-registered-worker");
    expect(await markAbandonedCycles(p)).toBe(3);
    const status = async (id: bigint) => (await prisma.agentCycle.findUniqueOrThrow({ where: { id } })).status;
    expect(await status(liveCycle.id)).toBe("running");
    expect(await status(deadCycle.id)).toBe("abandoned");
    expect(await status(supersededCycle.id)).toBe("abandoned");
    expect(await status(ghostCycle.id)).toBe("abandoned");
    expect((await prisma.agentCycle.findUniqueOrThrow({ where: { id: deadCycle.id } })).error).toBe("worker dead stopped before the cycle finished");
  });
});
