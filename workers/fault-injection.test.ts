/**
 * Fault-injection suite: 24 scenarios against real worker processes (two
 * direct, one behind a TCP proxy for the outage) and a real database, on a compressed clock.
 * Prints detection time and outcome per scenario and the recovery success rate (≥ 85 %); every
 * scenario is checked for duplicate actions (harness.ts `duplicateProblems`).
 *
 * External-agent and database scenarios run concurrently; the built-in agent scenarios run one
 * after another alongside them (they break the same agent).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db, pool } from "../server/db/client";
import { makeKey } from "../test/http";
import { duplicateProblems, type Harness, type Outcome, type Scenario } from "../test/fault-injection/harness";
import { FAST_CLOCK_ENV } from "../test/fault-injection/fast-clock";
import { externalScenarios } from "../test/fault-injection/scenarios-external";
import { builtinScenarios, systemScenarios } from "../test/fault-injection/scenarios-system";
import { SimAgent, WebhookReceiver } from "../test/fault-injection/sim-agent";
import { killWorker, proxiedDatabase, sleep, spawnWorker, waitFor, type SpawnedWorker, type TcpProxy } from "../test/worker-process";

const ENV = FAST_CLOCK_ENV;
// The in-test racing cycles read the same configuration. The webhook receiver listens on 127.0.0.1, which outgoing requests reach only when allow-listed.
Object.assign(process.env, { VIGIL_OUTBOUND_ALLOWLIST: "127.0.0.1/32", VIGIL_HEALTH_CHECK_SECONDS: "1", VIGIL_RECOVERY_BACKOFF_BASE_SECONDS: "1", VIGIL_RECOVERY_BACKOFF_MAX_SECONDS: "4", VIGIL_RECOVERY_VERIFY_SECONDS: "6", VIGIL_COMMAND_TIMEOUT_SECONDS: "4", VIGIL_DETECTION: ENV.VIGIL_DETECTION });

const ENTRY = "test/fault-injection/fault-worker.ts";
const workers: SpawnedWorker[] = [];
const sims: SimAgent[] = [];
const receiver = new WebhookReceiver();
let proxy: TcpProxy | undefined;

afterAll(async () => {
  sims.forEach((s) => s.stop());
  workers.forEach((w) => killWorker(w));
  await receiver.stop();
  await proxy?.stop();
});

beforeAll(async () => {
  const proxied = await proxiedDatabase();
  proxy = proxied.proxy;
  workers.push(spawnWorker(ENV, ENTRY), spawnWorker(ENV, ENTRY), spawnWorker({ ...ENV, DATABASE_URL: proxied.url }, ENTRY));
  await receiver.start();
  await waitFor(
    "workers running the self-healing agent",
    async () => (await pool().query("SELECT count(*)::int AS n FROM agent_cycles WHERE agent_id = 'self_healing_agent' AND status = 'succeeded'")).rows[0].n > 0 && (await pool().query("SELECT count(*)::int AS n FROM worker_processes")).rows[0].n === 3,
    40_000,
  ).catch((e) => {
    throw new Error(`${(e as Error).message}\n${workers.map((w) => w.output()).join("\n---\n")}`);
  });
}, 60_000);

describe("fault injection", () => {
  it("detects, recovers (or escalates) every scenario without duplicate actions; recovery success ≥ 85 %", async () => {
    const key = await makeKey(["ingest", "read"]);
    let outageDone!: () => void;
    const afterOutage = new Promise<void>((r) => (outageDone = r));
    const h: Harness = {
      key,
      prisma: db(),
      pool: pool(),
      receiver,
      async sim(id, opts) {
        const s = new SimAgent(id, key);
        await s.register(opts);
        sims.push(s);
        return s.start();
      },
      async killSelfHealingWorker() {
        await afterOutage; // never in the middle of the outage scenario
        const holder = (await pool().query<{ worker_id: string }>("SELECT worker_id FROM worker_leases WHERE agent_id = 'self_healing_agent'")).rows[0]?.worker_id;
        const pid = (await pool().query<{ pid: number }>("SELECT pid FROM worker_processes WHERE id = $1", [holder])).rows[0]?.pid;
        const victim = workers.find((w) => w.pid === pid);
        killWorker(victim);
        return holder ?? "none";
      },
      async databaseOutage(ms) {
        await proxy!.stop();
        await sleep(ms);
        await proxy!.start(proxy!.port);
        setTimeout(outageDone, 4_000); // the proxied worker records the outage once it is back
      },
    };

    const run = async (s: Scenario): Promise<[Scenario, Outcome]> => {
      try {
        const o = await s.run(h);
        return [s, { ...o, problems: [...o.problems, ...(await duplicateProblems(h.prisma, o.incidentIds, o.sims))] }];
      } catch (e) {
        return [s, { detectedMs: null, outcome: "timeout", incidentIds: [], sims: [], problems: [`threw: ${e instanceof Error ? e.message : String(e)}`] }];
      }
    };
    const chain = async () => {
      const out: [Scenario, Outcome][] = [];
      for (const s of only(builtinScenarios)) out.push(await run(s));
      return out;
    };
    const started = Date.now();
    // FI_ONLY=<substring> runs only the matching scenarios (debugging).
    const only = (list: Scenario[]) => list.filter((s) => !process.env.FI_ONLY || s.name.includes(process.env.FI_ONLY));
    const [parallel, sequential] = await Promise.all([Promise.all(only([...systemScenarios, ...externalScenarios]).map(run)), chain()]);
    const results = [...parallel, ...sequential];

    const lines = results.map(([s, o], i) => {
      const ok = o.outcome === (s.expected === "none" ? "none" : s.expected) && o.problems.length === 0;
      const det = o.detectedMs === null ? "—" : `${(o.detectedMs / 1000).toFixed(1)} s`;
      return `${String(i + 1).padStart(2)}. ${ok ? "✓" : "✗"} ${s.name}\n      detection ${det} · outcome ${o.outcome} (expected ${s.expected})${o.note ? ` · ${o.note}` : ""}${o.problems.length ? `\n      problems: ${o.problems.join("; ")}` : ""}`;
    });
    const recoverable = results.filter(([s]) => s.expected === "resolved");
    const recovered = recoverable.filter(([, o]) => o.outcome === "resolved");
    const rate = recovered.length / recoverable.length;
    const detections = results.map(([, o]) => o.detectedMs).filter((d): d is number => d !== null).sort((a, b) => a - b);
    console.log(
      `\nFault-injection suite: ${results.length} scenarios in ${Math.round((Date.now() - started) / 1000)} s\n${lines.join("\n")}\n` +
        `Recovery success rate: ${recovered.length}/${recoverable.length} = ${(rate * 100).toFixed(1)} % · detection median ${((detections[Math.floor(detections.length / 2)] ?? 0) / 1000).toFixed(1)} s, max ${((detections.at(-1) ?? 0) / 1000).toFixed(1)} s\n`,
    );
    if (process.env.FI_DEBUG) for (const w of workers) console.log(`--- worker ${w.pid}\n${w.output().split("\n").slice(-120).join("\n")}`);
    const simErrors = sims.flatMap((s) => s.errors.map((e) => `${s.id}: ${e}`));

    if (!process.env.FI_ONLY) expect(results.length).toBeGreaterThanOrEqual(20);
    if (recoverable.length) expect(rate).toBeGreaterThanOrEqual(0.85);
    // Every scenario: no duplicate actions, and the scenario's own checks.
    expect(results.filter(([, o]) => o.problems.length).map(([s, o]) => `${s.name}: ${o.problems.join("; ")}`)).toEqual([]);
    // Escalations and "no incident" are deterministic outcomes, not odds.
    for (const [s, o] of results) if (s.expected !== "resolved") expect(o.outcome, s.name).toBe(s.expected);
    for (const d of detections) expect(d).toBeLessThan(60_000);
    expect(simErrors.slice(0, 5)).toEqual([]);
  }, 240_000);
});
