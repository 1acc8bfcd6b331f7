import { afterAll, describe, expect, it } from "vitest";
import { db, pool } from "../server/db/client";
import { registerRoster } from "./agents/coordinator";
import type { WorkerConfig } from "./config";
import type { Logger } from "./log";
import type { BuiltinAgentModule } from "./agent-module";
import { WorkerRuntime } from "./runtime";
import { sleep, waitFor } from "../test/worker-process";

const config: WorkerConfig = { healthCheckSeconds: 1, leaseSeconds: 3, cycleSecondsOverride: 1, processHeartbeatSeconds: 1, shutdownTimeoutSeconds: 3, snapshotEveryMinutes: 5, stuckCycleSeconds: 60 };
const quiet: Logger = { info: () => {}, warn: () => {}, error: () => {} };
const modules: BuiltinAgentModule[] = [
  { id: "agent_coordinator", async run() {} },
  { id: "heartbeat_health_agent", async run() {} },
];
const runtimes: WorkerRuntime[] = [];
const make = (workerId: string) => {
  const r = new WorkerRuntime({ workerId, hostname: "h", pid: process.pid, prisma: db(), pool: pool(), config, modules, log: quiet });
  runtimes.push(r);
  return r;
};
afterAll(async () => {
  for (const r of runtimes) await r.shutdown();
});

describe("graceful handover", () => {
  it("a worker stopping while another is alive hands its agents over without marking them stopped", async () => {
    await registerRoster(db());
    const a = make("worker-a");
    await a.start();
    await waitFor("worker-a running both agents", async () => (await db().workerLease.count({ where: { workerId: "worker-a" } })) === 2, 5_000);
    const b = make("worker-b");
    await b.start();
    await sleep(1_500);
    expect(await db().agentCycle.count({ where: { workerId: "worker-b" } })).toBe(0); // b waits: a holds the leases

    await a.shutdown();
    const stoppedAt = new Date();
    const states = await db().agent.findMany({ where: { id: { in: ["agent_coordinator", "heartbeat_health_agent"] } }, select: { state: true } });
    expect(states.map((s) => s.state)).toEqual(["active", "active"]);
    await waitFor(
      "worker-b takes over",
      async () => (await db().agentCycle.groupBy({ by: ["agentId"], where: { workerId: "worker-b", startedAt: { gt: stoppedAt } } })).length === 2,
      3_000,
      100,
    );
    const flips = await db().agentStateChange.findMany({ where: { toState: "stopped" } });
    expect(flips).toEqual([]);
  });
});
