/**
 * Worker killed with -9 under load: two real worker processes, metrics and
 * events streaming in through the real routes, two simulated agents going silent so the
 * self-healing agent has incidents in flight. The worker holding the self_healing_agent lease is
 * SIGKILLed while one of its cycles is running. Then:
 * - nothing accepted is lost or doubled (every accepted metric and event stored exactly once);
 * - the survivor holds every lease and finishes the work: both incidents resolve once the agents
 *   come back;
 * - exactly one incident per failed agent, one action per attempt, no duplicated command
 *   (harness.ts duplicateProblems);
 * - the killed worker's unfinished cycle is not left "running" forever by the survivor's work
 *   (it is abandoned or superseded; no later cycle overlaps it).
 */
import { randomUUID } from "node:crypto";
import { afterAll, describe, expect, it } from "vitest";
import { POST as eventsRoute } from "@/app/api/v1/events/route";
import { POST as metricsRoute } from "@/app/api/v1/metrics/route";
import { db, pool } from "../server/db/client";
import { call, makeKey } from "../test/http";
import { duplicateProblems, waitClosed, waitIncident, waitStatus } from "../test/fault-injection/harness";
import { FAST_CLOCK_ENV } from "../test/fault-injection/fast-clock";
import { SimAgent } from "../test/fault-injection/sim-agent";
import { killWorker, sleep, spawnWorker, waitFor, type SpawnedWorker } from "../test/worker-process";

const ENV = FAST_CLOCK_ENV;

const workers: SpawnedWorker[] = [];
const sims: SimAgent[] = [];
afterAll(() => {
  sims.forEach((s) => s.stop());
  workers.forEach((w) => killWorker(w));
});

/** Ingestion load until stopped: metric batches (with Idempotency-Key) and events with ids, counting what was accepted. */
function startLoad(key: string, agents: string[]) {
  const accepted = { metrics: 0, events: 0, requests: 0, failures: [] as string[] };
  let running = true;
  let seq = 0;
  const loop = (async () => {
    while (running) {
      const batch = Array.from({ length: 25 }, () => ({ agentId: agents[seq % agents.length]!, name: "k9_load", value: seq++ }));
      const m = await call(metricsRoute, { key, body: { metrics: batch }, headers: { "idempotency-key": `k9-${randomUUID()}` } });
      if (m.status === 202) accepted.metrics += m.body.accepted ?? batch.length;
      else accepted.failures.push(`metrics → ${m.status} ${JSON.stringify(m.body)}`);
      const events = Array.from({ length: 5 }, (_, i) => ({ id: `k9-${seq}-${i}`, type: "k9.load", message: "load", severity: "info", agentId: agents[i % agents.length] }));
      const e = await call(eventsRoute, { key, body: { events } });
      if (e.status === 202) accepted.events += e.body.accepted ?? events.length;
      else accepted.failures.push(`events → ${e.status} ${JSON.stringify(e.body)}`);
      accepted.requests += 2;
      await sleep(20);
    }
  })();
  return {
    accepted,
    stop: async () => {
      running = false;
      await loop;
    },
  };
}

describe("worker killed with -9 under load", () => {
  it("loses nothing, the survivor takes over and finishes the incidents once each", async () => {
    const p = pool();
    const key = await makeKey(["ingest"]);
    workers.push(spawnWorker(ENV), spawnWorker(ENV));
    const [w1, w2] = workers as [SpawnedWorker, SpawnedWorker];
    const rows = await waitFor("both workers registered", async () => {
      const r = await p.query<{ id: string; pid: number }>("SELECT id, pid FROM worker_processes WHERE stopped_at IS NULL");
      return r.rows.length === 2 ? r.rows : null;
    }, 30_000).catch((e) => {
      throw new Error(`${(e as Error).message}\n--- worker 1:\n${w1.output()}\n--- worker 2:\n${w2.output()}`);
    });
    const idOf = (w: SpawnedWorker) => rows.find((r) => r.pid === w.pid)!.id;
    await waitFor("self-healing running", () => db().agentCycle.count({ where: { agentId: "self_healing_agent", status: "succeeded" } }), 30_000);

    const ids = ["k9-ok-1", "k9-ok-2", "k9-down-1", "k9-down-2"];
    for (const id of ids) {
      const s = new SimAgent(id, key);
      await s.register();
      sims.push(s.start());
    }
    const load = startLoad(key, ids);
    await sleep(7_000); // baseline heartbeats before the failures
    const down = sims.filter((s) => s.id.startsWith("k9-down"));
    for (const s of down) s.alive = false;
    const incidents = await Promise.all(down.map((s) => waitIncident(db(), { agentId: s.id, type: "agent_failure" }, 30_000)));
    for (const [i, inc] of incidents.entries()) expect(inc, `incident for ${down[i]!.id}`).not.toBeNull();

    // Kill -9 the self-healing lease holder while one of its cycles is running.
    const { holder, cycleId } = await waitFor("a running self-healing cycle", async () => {
      const r = await p.query<{ worker_id: string; id: string }>(
        `SELECT c.worker_id, c.id::text FROM agent_cycles c JOIN worker_leases l ON l.agent_id = c.agent_id AND l.worker_id = c.worker_id
         WHERE c.agent_id = 'self_healing_agent' AND c.status = 'running' ORDER BY c.id DESC LIMIT 1`,
      );
      return r.rows[0] ? { holder: r.rows[0].worker_id, cycleId: r.rows[0].id } : null;
    }, 15_000, 20);
    const victim = idOf(w1) === holder ? w1 : w2;
    const survivor = victim === w1 ? w2 : w1;
    victim.child.kill("SIGKILL");
    await victim.exited;

    // The agents come back once recovery is under way; the survivor must drive both incidents to the end.
    await Promise.all(
      incidents.map(async (inc, i) => {
        await waitStatus(db(), inc!.id, ["executing", "verifying", "rolled_back", "resolved", "escalated"], 45_000);
        down[i]!.alive = true;
      }),
    );
    const outcomes = await Promise.all(incidents.map((inc) => waitClosed(db(), inc!.id, 60_000)));
    await load.stop();
    console.log(`kill -9 under load: ${load.accepted.requests} requests, ${load.accepted.metrics} metrics and ${load.accepted.events} events accepted; outcomes ${outcomes.join(", ")}`);
    expect(outcomes).toEqual(["resolved", "resolved"]);
    expect(load.accepted.failures).toEqual([]);

    // Nothing lost, nothing doubled.
    const m = await p.query<{ n: number; distinct: number }>("SELECT count(*)::int AS n, count(DISTINCT value)::int AS distinct FROM metrics WHERE name = 'k9_load'");
    expect(m.rows[0]).toEqual({ n: load.accepted.metrics, distinct: load.accepted.metrics });
    const e = await p.query<{ n: number }>("SELECT count(*)::int AS n FROM events WHERE type = 'k9.load'");
    expect(e.rows[0]!.n).toBe(load.accepted.events);

    // The survivor holds every lease; the victim's cycle did not stay running next to newer ones.
    const leases = await p.query<{ worker_id: string }>("SELECT DISTINCT worker_id FROM worker_leases");
    expect(leases.rows.map((r) => r.worker_id)).toEqual([idOf(survivor)]);
    const later = await p.query<{ n: number }>("SELECT count(*)::int AS n FROM agent_cycles WHERE agent_id = 'self_healing_agent' AND worker_id = $1 AND status = 'succeeded' AND id > $2", [idOf(survivor), cycleId]);
    expect(later.rows[0]!.n).toBeGreaterThan(0);

    // Exactly one incident per failed agent, no duplicated action or command.
    for (const s of down) expect(await db().incident.count({ where: { agentId: s.id } }), s.id).toBe(1);
    expect(await duplicateProblems(db(), incidents.map((i) => i!.id), sims)).toEqual([]);
    expect(survivor.child.exitCode).toBeNull();
  }, 180_000);
});
