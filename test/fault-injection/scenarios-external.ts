/** Fault-injection scenarios with simulated external agents (see sim-agent.ts). */
import { configureWebhook, pauseAgent, triggerManualRecovery } from "../../server/recovery/operator";
import { runSelfHealingCycle } from "../../server/recovery/engine";
import { recoveryConfig } from "../../server/recovery/config";
import { sleep } from "../worker-process";
import { dbNow, jitter, waitClosed, waitIncident, waitStatus, type Harness, type Outcome, type Scenario } from "./harness";
import type { SimAgent } from "./sim-agent";

const WARMUP_MS = 7_000; // enough baseline points older than the detectors' recent window

interface ExternalSpec {
  id: string;
  type: string;
  warmupMs?: number;
  setup?(sim: SimAgent, h: Harness): void | Promise<void>;
  inject(sim: SimAgent, h: Harness): void | Promise<void>;
  /** Runs once the incident exists (e.g. the agent comes back). */
  afterDetection?(sim: SimAgent, incidentId: bigint, h: Harness): Promise<void>;
  check?(sim: SimAgent, incidentId: bigint, h: Harness): Promise<string[]>;
}

async function external(h: Harness, spec: ExternalSpec): Promise<Outcome> {
  const sim = await h.sim(spec.id);
  await spec.setup?.(sim, h);
  await sleep(spec.warmupMs ?? 1_500);
  const t0 = await dbNow(h.pool);
  await spec.inject(sim, h);
  const inc = await waitIncident(h.prisma, { agentId: spec.id, type: spec.type });
  if (!inc) {
    const seen = await h.prisma.incident.findMany({ where: { agentId: spec.id }, select: { id: true, type: true, status: true } });
    const state = (await h.prisma.agent.findUniqueOrThrow({ where: { id: spec.id } })).state;
    return { detectedMs: null, outcome: "none", incidentIds: [], sims: [sim], problems: [`no ${spec.type} incident (state ${state}; incidents: ${seen.map((i) => `#${i.id} ${i.type} ${i.status}`).join(", ") || "none"})`] };
  }
  await spec.afterDetection?.(sim, inc.id, h);
  const outcome = await waitClosed(h.prisma, inc.id);
  const problems = (await spec.check?.(sim, inc.id, h)) ?? [];
  return { detectedMs: inc.detectedAt.getTime() - t0.getTime(), outcome, incidentIds: [inc.id], sims: [sim], problems };
}

const stepsOf = async (h: Harness, id: bigint) => (await h.prisma.incidentStep.findMany({ where: { incidentId: id }, orderBy: { id: "asc" } })).map((s) => s.key);

/** The agent is back: it answers the restart it finds in its heartbeat response. */
const comeBack = async (sim: SimAgent, id: bigint, h: Harness) => {
  await waitStatus(h.prisma, id, ["executing", "verifying", "rolled_back", "resolved", "escalated"]);
  sim.alive = true;
};

export const externalScenarios: Scenario[] = [
  {
    name: "external agent stops heartbeating; back up, it takes the restart from its heartbeat response",
    expected: "resolved",
    run: (h) => external(h, { id: "fi-silent", type: "agent_failure", inject: (s) => void (s.alive = false), afterDetection: comeBack }),
  },
  {
    name: "hung agent recovers only after a restart command (signed webhook)",
    expected: "resolved",
    run: (h) =>
      external(h, {
        id: "fi-hung-webhook",
        type: "agent_failure",
        setup: async (s) => {
          s.webhookSecret = (await configureWebhook(h.prisma, s.id, h.receiver.urlFor(s))).webhookSecret;
          s.onCommand = (cmd, via) => {
            if (via !== "webhook") return null; // the hung process cannot act on heartbeat replies
            s.alive = true;
            return { ack: "succeeded", message: `${cmd.type} via supervisor` };
          };
        },
        inject: (s) => void (s.alive = false),
        check: async (s) => (s.viaWebhook.size === 1 ? [] : [`expected one webhook delivery, got ${s.viaWebhook.size}`]),
      }),
  },
  {
    name: "agent ignores commands → timeout → rollback → escalation",
    expected: "escalated",
    run: (h) =>
      external(h, {
        id: "fi-ignores",
        type: "high_error_rate",
        setup: (s) => void (s.onCommand = () => null),
        inject: (s) => void (s.status = "error"),
        check: async (s, id) => {
          const keys = await stepsOf(h, id);
          const state = (await h.prisma.agent.findUniqueOrThrow({ where: { id: s.id } })).state;
          const p: string[] = [];
          if (keys.filter((k) => k.startsWith("rolled_back:")).length !== 3) p.push(`expected 3 rollbacks: ${keys.join(",")}`);
          if (state !== "failed") p.push(`agent is ${state}, expected failed`);
          return p;
        },
      }),
  },
  {
    name: "error burst",
    expected: "resolved",
    run: (h) =>
      external(h, {
        id: "fi-errors",
        type: "high_error_rate",
        setup: (s) =>
          void (s.onCommand = () => {
            s.events = () => [];
            s.status = "ok";
            return { ack: "succeeded" };
          }),
        inject: (s) => {
          s.status = "error";
          s.events = () => [1, 2, 3].map((i) => ({ type: "job.failed", message: `job ${i} failed`, severity: "error" }));
        },
      }),
  },
  {
    name: "latency ×3",
    expected: "resolved",
    run: (h) =>
      external(h, {
        id: "fi-latency",
        type: "performance_degradation",
        warmupMs: WARMUP_MS,
        setup: (s) => {
          const normal = jitter(100, 4);
          s.metrics = () => ({ response_time: normal() });
          s.onCommand = () => {
            s.metrics = () => ({ response_time: normal() });
            return { ack: "succeeded", message: "cache cleared" };
          };
        },
        inject: (s) => {
          const slow = jitter(300, 12);
          s.metrics = () => ({ response_time: slow() });
        },
      }),
  },
  {
    name: "memory climb",
    expected: "resolved",
    run: (h) =>
      external(h, {
        id: "fi-memory",
        type: "resource_exhaustion",
        setup: (s) => {
          s.metrics = () => ({ memory_usage: 45 });
          s.onCommand = (cmd) => {
            if (cmd.type === "reduce_load") s.metrics = () => ({ memory_usage: 40 });
            return { ack: "succeeded" };
          };
        },
        inject: (s) => {
          let m = 45;
          s.metrics = () => ({ memory_usage: (m = Math.min(97, m + 6)) });
        },
      }),
  },
  {
    name: "CPU spike",
    expected: "resolved",
    run: (h) =>
      external(h, {
        id: "fi-cpu",
        type: "resource_exhaustion",
        setup: (s) => {
          s.metrics = () => ({ cpu_usage: 35 });
          s.onCommand = (cmd) => {
            if (cmd.type === "reduce_load") s.metrics = () => ({ cpu_usage: 30 });
            return { ack: "succeeded" };
          };
        },
        inject: (s) => void (s.metrics = () => ({ cpu_usage: 97 })),
      }),
  },
  {
    name: "LLM cost spike",
    expected: "resolved",
    run: (h) =>
      external(h, {
        id: "fi-llm-cost",
        type: "llm_spike",
        warmupMs: WARMUP_MS,
        setup: (s) => {
          const normal = jitter(0.01, 0.0005);
          s.metrics = () => ({ llm_cost: normal() });
          s.onCommand = (cmd) => {
            if (cmd.type === "throttle_llm") s.metrics = () => ({ llm_cost: normal() });
            return { ack: "succeeded" };
          };
        },
        inject: (s) => void (s.metrics = () => ({ llm_cost: 0.08 })),
      }),
  },
  {
    name: "LLM latency spike",
    expected: "resolved",
    run: (h) =>
      external(h, {
        id: "fi-llm-latency",
        type: "llm_spike",
        warmupMs: WARMUP_MS,
        setup: (s) => {
          const normal = jitter(800, 30);
          s.metrics = () => ({ llm_latency_ms: normal() });
          s.onCommand = () => {
            s.metrics = () => ({ llm_latency_ms: normal() });
            return { ack: "succeeded" };
          };
        },
        inject: (s) => void (s.metrics = () => ({ llm_latency_ms: 4000 })),
      }),
  },
  {
    name: "agent-reported database connection failures",
    expected: "resolved",
    run: (h) =>
      external(h, {
        id: "fi-db-conn",
        type: "database_issue",
        setup: (s) =>
          void (s.onCommand = (cmd) => {
            if (cmd.type === "reconnect_db") s.events = () => [];
            return { ack: "succeeded", message: "pool recreated" };
          }),
        inject: (s) => void (s.events = () => [{ type: "db.connection_failed", message: "ECONNREFUSED 10.0.0.5:5432", severity: "error" }]),
      }),
  },
  {
    name: "state contradicting data (recovering with no recovery in progress)",
    expected: "resolved",
    run: (h) =>
      external(h, {
        id: "fi-state",
        type: "state_inconsistency",
        inject: async (s) => void (await h.prisma.agent.update({ where: { id: s.id }, data: { state: "recovering", stateChangedAt: new Date() } })),
        check: async (s) => {
          const state = (await h.prisma.agent.findUniqueOrThrow({ where: { id: s.id } })).state;
          return state === "active" ? [] : [`agent is ${state}, expected active`];
        },
      }),
  },
  {
    name: "agent reports failure first, succeeds on the retry",
    expected: "resolved",
    run: (h) =>
      external(h, {
        id: "fi-retry",
        type: "high_error_rate",
        setup: (s) => {
          let calls = 0;
          s.onCommand = () => {
            if (++calls === 1) return { ack: "failed", message: "restart failed: port in use" };
            s.status = "ok";
            return { ack: "succeeded" };
          };
        },
        inject: (s) => void (s.status = "error"),
        check: async (_s, id) => ((await stepsOf(h, id)).includes("rolled_back:1") ? [] : ["expected a rollback of attempt 1"]),
      }),
  },
  {
    name: "webhook receiver acknowledges in its response",
    expected: "resolved",
    run: (h) =>
      external(h, {
        id: "fi-webhook-ack",
        type: "agent_failure",
        setup: async (s) => {
          s.webhookSecret = (await configureWebhook(h.prisma, s.id, h.receiver.urlFor(s))).webhookSecret;
          s.ackInResponse = true;
          s.onCommand = (_cmd, via) => {
            if (via !== "webhook") return null;
            s.alive = true;
            return { ack: "succeeded", message: "restarted by the supervisor" };
          };
        },
        inject: (s) => void (s.alive = false),
        check: async (s) => (s.acks.length === 0 ? [] : [`expected no API ack, got ${s.acks.length}`]),
      }),
  },
  {
    name: "two workers racing on one incident (plus 4 concurrent in-test cycles)",
    expected: "resolved",
    run: (h) =>
      external(h, {
        id: "fi-race",
        type: "agent_failure",
        inject: (s) => void (s.alive = false),
        afterDetection: async (s, id) => {
          const cfg = recoveryConfig();
          for (let i = 0; i < 6; i++) await Promise.all([1, 2, 3, 4].map((n) => runSelfHealingCycle({ prisma: h.prisma, cfg, workerId: `test-racer-${n}` })));
          await comeBack(s, id, h);
        },
      }),
  },
  {
    name: "worker killed (kill -9) mid-recovery; another worker finishes it",
    expected: "resolved",
    run: (h) =>
      external(h, {
        id: "fi-kill",
        type: "agent_failure",
        inject: (s) => void (s.alive = false),
        afterDetection: async (s, id) => {
          await waitStatus(h.prisma, id, ["executing"]);
          const killed = await h.killSelfHealingWorker();
          await sleep(500);
          s.alive = true;
          void killed;
        },
      }),
  },
  {
    name: "flapping agent: a second failure within 10 min starts with a backoff",
    expected: "resolved",
    async run(h) {
      const first = await external(h, { id: "fi-flap", type: "agent_failure", inject: (s) => void (s.alive = false), afterDetection: comeBack });
      const sim = first.sims[0]!;
      await sleep(1_500);
      const t0 = await dbNow(h.pool);
      sim.alive = false;
      const again = await waitIncident(h.prisma, { agentId: sim.id, type: "agent_failure", id: { notIn: first.incidentIds } });
      if (!again) return { ...first, outcome: "none", problems: ["no second incident"] };
      await comeBack(sim, again.id, h);
      const outcome = await waitClosed(h.prisma, again.id);
      const plannedStep = await h.prisma.incidentStep.findFirst({ where: { incidentId: again.id, key: "planned:1" } });
      const backoff = (plannedStep?.details as { backoffSeconds?: number } | null)?.backoffSeconds ?? 0;
      return {
        detectedMs: again.detectedAt.getTime() - t0.getTime(),
        outcome: first.outcome === "resolved" ? outcome : first.outcome,
        incidentIds: [...first.incidentIds, again.id],
        sims: [sim],
        note: `second incident backoff level ${again.backoffLevel}, first attempt waited ${backoff} s`,
        problems: [...first.problems, ...(again.backoffLevel >= 1 && backoff > 0 ? [] : ["second incident did not back off"])],
      };
    },
  },
  {
    name: "manual recovery requested by an operator",
    expected: "resolved",
    async run(h) {
      const sim = await h.sim("fi-manual");
      await sleep(1_000);
      const t0 = await dbNow(h.pool);
      const { incidentId } = await triggerManualRecovery(h.prisma, sim.id, "operator@test", "deploying a config change", 600);
      const inc = await h.prisma.incident.findUniqueOrThrow({ where: { id: BigInt(incidentId) } });
      const outcome = await waitClosed(h.prisma, inc.id);
      return { detectedMs: inc.detectedAt.getTime() - t0.getTime(), outcome, incidentIds: [inc.id], sims: [sim], problems: sim.received.size === 1 ? [] : ["expected one restart command"] };
    },
  },
  {
    name: "paused agent goes silent: no alert, no recovery",
    expected: "none",
    async run(h) {
      const sim = await h.sim("fi-paused");
      await sleep(1_000);
      await pauseAgent(h.prisma, sim.id, "operator@test");
      sim.alive = false;
      await sleep(8_000);
      const seen = await h.prisma.incident.findMany({ where: { agentId: sim.id }, select: { id: true, type: true, status: true, title: true } });
      return { detectedMs: null, outcome: seen.length ? "resolved" : "none", incidentIds: [], sims: [sim], problems: seen.map((i) => `incident #${i.id} ${i.type} ${i.status} for a paused agent: ${i.title}`) };
    },
  },
];
