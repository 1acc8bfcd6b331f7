import { afterAll, describe, expect, it } from "vitest";
import { db, pool } from "../server/db/client";
import { registerRoster } from "./agents/coordinator";
import type { WorkerConfig } from "./config";
import type { Logger } from "./log";
import type { BuiltinAgentModule } from "./agent-module";
import { WorkerRuntime } from "./runtime";
import { sleep, waitFor } from "../test/worker-process";

const config: WorkerConfig = {
  healthCheckSeconds: 1,
  leaseSeconds: 3,
  cycleSecondsOverride: 1,
  processHeartbeatSeconds: 1,
  shutdownTimeoutSeconds: 3,
  snapshotEveryMinutes: 5,
  stuckCycleSeconds: 60,
};
const lines: string[] = [];
const log: Logger = { info: (m) => lines.push(m), warn: (m) => lines.push(`warn: ${m}`), error: (m) => lines.push(`error: ${m}`) };

let runtime: WorkerRuntime | undefined;
afterAll(async () => {
  await runtime?.shutdown();
});

describe("worker runtime (in process)", () => {
  it("records every cycle, keeps running an agent whose cycle throws, heartbeats for it, and stops it on shutdown", async () => {
    const prisma = db();
    const p = pool();
    await registerRoster(prisma);
    let calls = 0;
    const flaky: BuiltinAgentModule = {
      id: "agent_coordinator",
      periodSeconds: () => 1,
      async run() {
        calls++;
        if (calls === 2) throw new Error("could not reach postgresql://vigil:hunter2@db.internal:5432/vigil: bad row");
        return { summary: { call: calls }, metrics: { things_done: calls } };
      },
    };
    const steady: BuiltinAgentModule = { id: "heartbeat_health_agent", async run() {} };
    runtime = new WorkerRuntime({ workerId: "test-worker", hostname: "h", pid: process.pid, prisma, pool: p, config, modules: [flaky, steady], log });
    expect(runtime.agentIds.sort()).toEqual(["agent_coordinator", "heartbeat_health_agent"]);
    await runtime.start();

    const rows = await waitFor(
      "4 coordinator cycles",
      async () => {
        const r = await prisma.agentCycle.findMany({ where: { agentId: "agent_coordinator", status: { not: "running" } }, orderBy: { id: "asc" } });
        return r.length >= 4 ? r : null;
      },
      15_000,
    );
    expect(rows.map((r) => r.status).slice(0, 4)).toEqual(["succeeded", "failed", "succeeded", "succeeded"]);
    const failed = rows[1]!;
    expect(failed.error).toBe("could not reach postgresql://***@db.internal:5432/vigil: bad row");
    expect(failed.durationMs).not.toBeNull();
    expect(failed.endedAt).not.toBeNull();
    expect(rows[0]!.summary).toMatchObject({ call: 1, leaseHeldAtEnd: true });
    expect(rows.every((r) => r.workerId === "test-worker")).toBe(true);

    // built-in agents heartbeat like any agent: status per cycle, cycle metrics stored as metrics
    const hbs = await prisma.heartbeat.findMany({ where: { agentId: "agent_coordinator" }, orderBy: { id: "asc" } });
    expect(hbs.slice(0, 3).map((h) => h.status)).toEqual(["ok", "error", "ok"]);
    const metricNames = new Set((await prisma.metric.findMany({ where: { agentId: "agent_coordinator" } })).map((m) => m.name));
    expect(metricNames).toEqual(new Set(["cycle_duration_ms", "things_done"]));
    const agent = await prisma.agent.findUniqueOrThrow({ where: { id: "agent_coordinator" } });
    expect(agent.state).toBe("active");

    expect(runtime.counters.successfulStartups).toBe(2);
    expect(runtime.counters.cyclesFailed).toBe(1);
    const proc = await p.query("SELECT counters, stopped_at FROM worker_processes WHERE id = 'test-worker'");
    expect(proc.rows[0].stopped_at).toBeNull();
    expect(proc.rows[0].counters).toMatchObject({ successfulStartups: 2, leasesHeld: 2 });
    expect(lines.some((l) => l.startsWith("warn: agent_coordinator cycle failed"))).toBe(true);
    expect(lines.join("\n")).not.toContain("hunter2");
  }, 30_000);

  it("runs no cycles for a paused agent", async () => {
    const prisma = db();
    await prisma.agent.update({ where: { id: "heartbeat_health_agent" }, data: { state: "paused" } });
    await sleep(1_200);
    const count = () => prisma.agentCycle.count({ where: { agentId: "heartbeat_health_agent" } });
    const before = await count();
    await sleep(2_500);
    expect(await count()).toBe(before);
  });

  it("shutdown marks its agents stopped (no other live worker), releases leases and records the stop", async () => {
    const prisma = db();
    await runtime!.shutdown();
    const states = Object.fromEntries((await prisma.agent.findMany({ where: { kind: "builtin" } })).map((a) => [a.id, a.state]));
    expect(states.agent_coordinator).toBe("stopped");
    expect(states.heartbeat_health_agent).toBe("paused"); // paused stays paused
    expect(states.performance_monitor).toBe("registered");
    expect(await prisma.workerLease.count()).toBe(0);
    expect((await prisma.workerProcess.findUniqueOrThrow({ where: { id: "test-worker" } })).stoppedAt).not.toBeNull();
    const ev = await prisma.event.findFirstOrThrow({ where: { agentId: "agent_coordinator", type: "agent.state_changed" }, orderBy: { id: "desc" } });
    expect(ev.message).toBe("Agent coordinator (agent_coordinator) stopped: worker shut down");
    expect(await prisma.agentCycle.count({ where: { status: "running" } })).toBe(0);
  });
});
