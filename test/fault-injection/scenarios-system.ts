/**
 * Fault-injection scenarios on Vigil itself: its database (outage, slow queries), its leases,
 * and its built-in agents (hang, throw) inside the real worker processes (test/fault-injection/faults.ts).
 */
import pg from "pg";
import { resumeAgent } from "../../server/recovery/operator";
import { FAULT_KEY_PREFIX } from "./faults";
import { sleep, waitFor } from "../worker-process";
import { dbNow, waitClosed, waitIncident, type Harness, type Outcome, type Scenario } from "./harness";

/** The built-in agent the sequential scenarios break (the coordinator and self-healing stay healthy). */
const VICTIM = "heartbeat_health_agent";

async function setFault(h: Harness, fault: { mode: "hang" | "throw"; untilRestart: boolean } | null) {
  if (!fault) await h.prisma.setting.deleteMany({ where: { key: FAULT_KEY_PREFIX + VICTIM } });
  else await h.prisma.setting.upsert({ where: { key: FAULT_KEY_PREFIX + VICTIM }, create: { key: FAULT_KEY_PREFIX + VICTIM, value: fault }, update: { value: fault } });
}

/** A successful cycle of the victim that started after `since` (it runs again). */
async function runsAgain(h: Harness, since: Date): Promise<string[]> {
  try {
    await waitFor("a successful cycle", async () => (await h.prisma.agentCycle.count({ where: { agentId: VICTIM, status: "succeeded", startedAt: { gt: since } } })) > 0, 15_000);
    return [];
  } catch {
    return [`${VICTIM} did not complete a cycle afterwards`];
  }
}

async function builtin(h: Harness, type: string, inject: () => Promise<void>, extra?: (incidentId: bigint) => Promise<string[]>): Promise<Outcome> {
  const t0 = await dbNow(h.pool);
  await inject();
  const inc = await waitIncident(h.prisma, { agentId: VICTIM, type, detectedAt: { gte: t0 } });
  if (!inc) {
    const seen = await h.prisma.incident.findMany({ where: { agentId: VICTIM }, select: { id: true, type: true, status: true, detectedAt: true } });
    const state = (await h.prisma.agent.findUniqueOrThrow({ where: { id: VICTIM } })).state;
    return { detectedMs: null, outcome: "none", incidentIds: [], sims: [], problems: [`no ${type} incident for ${VICTIM} (state ${state}; incidents: ${seen.map((i) => `#${i.id} ${i.type} ${i.status}`).join(", ")})`] };
  }
  const outcome = await waitClosed(h.prisma, inc.id);
  const closedAt = (await h.prisma.incident.findUniqueOrThrow({ where: { id: inc.id } })).closedAt ?? new Date();
  const problems = outcome === "resolved" ? await runsAgain(h, closedAt) : [];
  return { detectedMs: inc.detectedAt.getTime() - t0.getTime(), outcome, incidentIds: [inc.id], sims: [], problems: [...problems, ...((await extra?.(inc.id)) ?? [])] };
}

export const systemScenarios: Scenario[] = [
  {
    name: "database connection loss and return (worker behind a TCP proxy)",
    expected: "resolved",
    async run(h) {
      const t0 = await dbNow(h.pool);
      await h.databaseOutage(3_000);
      const inc = await waitIncident(h.prisma, { fingerprint: "database_issue:system:connection", detectedAt: { gte: t0 } });
      if (!inc) return { detectedMs: null, outcome: "none", incidentIds: [], sims: [], problems: ["no database incident"] };
      const outcome = await waitClosed(h.prisma, inc.id);
      return { detectedMs: inc.detectedAt.getTime() - t0.getTime(), outcome, incidentIds: [inc.id], sims: [], note: "detection includes the 3 s outage", problems: [] };
    },
  },
  {
    name: "slow queries",
    expected: "resolved",
    async run(h) {
      const client = new pg.Client({ connectionString: process.env.DATABASE_URL });
      client.on("error", () => {});
      await client.connect();
      const t0 = await dbNow(h.pool);
      const query = client.query("SELECT pg_sleep(120)").then(
        () => "finished",
        (e: { code?: string }) => e.code ?? "error",
      );
      const inc = await waitIncident(h.prisma, { fingerprint: "database_issue:system:slow_queries", detectedAt: { gte: t0 } });
      const outcome = inc ? await waitClosed(h.prisma, inc.id) : "none";
      const how = await Promise.race([query, sleep(5_000).then(() => "still running")]);
      await client.end().catch(() => {});
      return {
        detectedMs: inc ? inc.detectedAt.getTime() - t0.getTime() : null,
        outcome,
        incidentIds: inc ? [inc.id] : [],
        sims: [],
        problems: ["57014", "57P01"].includes(how) ? [] : [`the slow query was not stopped (${how})`],
      };
    },
  },
];

/** Run one after another: they all break the same built-in agent. */
export const builtinScenarios: Scenario[] = [
  {
    name: "stuck lease (held by a dead worker for an hour)",
    expected: "resolved",
    run: (h) =>
      builtin(h, "state_inconsistency", async () => {
        await h.pool.query(
          `INSERT INTO worker_leases (agent_id, worker_id, lease_until, acquired_at) VALUES ($1, 'dead-worker:0', now() + interval '1 hour', now())
           ON CONFLICT (agent_id) DO UPDATE SET worker_id = EXCLUDED.worker_id, lease_until = EXCLUDED.lease_until, acquired_at = now()`,
          [VICTIM],
        );
      }),
  },
  {
    name: "built-in agent that hangs (recovers after a restart)",
    expected: "resolved",
    run: (h) =>
      builtin(
        h,
        "agent_failure",
        () => setFault(h, { mode: "hang", untilRestart: true }),
        async () => ((await h.prisma.agentCycle.count({ where: { agentId: VICTIM, status: "abandoned", error: { contains: "restart" } } })) > 0 ? [] : ["no cycle was abandoned by the restart"]),
      ),
  },
  {
    name: "built-in agent that throws (recovers after a restart)",
    expected: "resolved",
    run: (h) => builtin(h, "high_error_rate", () => setFault(h, { mode: "throw", untilRestart: true })),
  },
  {
    name: "built-in agent that throws every cycle → escalation",
    expected: "escalated",
    async run(h) {
      const r = await builtin(h, "high_error_rate", () => setFault(h, { mode: "throw", untilRestart: false }), async () => {
        const state = (await h.prisma.agent.findUniqueOrThrow({ where: { id: VICTIM } })).state;
        return state === "failed" ? [] : [`${VICTIM} is ${state}, expected failed`];
      });
      await setFault(h, null);
      await resumeAgent(h.prisma, VICTIM, "test").catch(() => undefined);
      await sleep(500);
      return r;
    },
  },
];
