/**
 * The seeded scenario of the help agent's evaluation and benchmark: agents in every state,
 * health scored by the real scorer, an incident resolved after a rollback, an escalated
 * incident, anomalies found by the real detector, and a week of LLM spend costed by the real
 * pricing path. Times are relative to `now`, so the scenario is "live" whenever it is seeded.
 */
import { randomUUID } from "node:crypto";
import type { Pool } from "pg";
import { ensureBuiltinAgents } from "../../server/agents/builtin-registration";
import { registerAgent } from "../../server/agents/service";
import { runAnomalyDetection } from "../../server/anomalies/service";
import type { PrismaClient } from "../../server/db/client";
import { Prisma } from "../../server/db/client";
import { scoreAllAgents, storeAgentHealth } from "../../server/health-score/service";
import { nativeRunSchema, nativeToWrite } from "../../server/llm/native";
import { ensureModelPrices } from "../../server/llm/price-seed";
import { storeRuns } from "../../server/llm/store";
import { usdOrZero } from "../../server/llm/money";
import { syncRunbooks } from "../../server/help/runbooks";

const S = 1000;
const MIN = 60 * S;
const H = 60 * MIN;

type State = "registered" | "active" | "late" | "unresponsive" | "failed" | "paused";
interface ExternalSpec {
  id: string;
  name: string;
  interval: number;
  grace: number;
  expected: boolean;
  state: State;
  /** ms before now of the last heartbeat (null: never). */
  lastBeatAgo: number | null;
  capabilities: string[];
}

export const EXTERNAL_AGENTS: readonly ExternalSpec[] = [
  { id: "invoice-worker", name: "Invoice worker", interval: 30, grace: 30, expected: true, state: "active", lastBeatAgo: 10 * S, capabilities: ["billing"] },
  { id: "email-sender", name: "Email sender", interval: 60, grace: 60, expected: true, state: "late", lastBeatAgo: 90 * S, capabilities: ["email"] },
  { id: "report-builder", name: "Report builder", interval: 30, grace: 30, expected: true, state: "unresponsive", lastBeatAgo: 20 * MIN, capabilities: ["reports"] },
  { id: "etl-nightly", name: "Nightly ETL", interval: 60, grace: 60, expected: true, state: "active", lastBeatAgo: 20 * S, capabilities: ["etl"] },
  { id: "pdf-renderer", name: "PDF renderer", interval: 30, grace: 30, expected: true, state: "failed", lastBeatAgo: 3 * H, capabilities: ["pdf"] },
  { id: "crawler", name: "Web crawler", interval: 60, grace: 60, expected: true, state: "paused", lastBeatAgo: 2 * H, capabilities: ["crawl"] },
  { id: "support-bot", name: "Support bot", interval: 30, grace: 30, expected: false, state: "active", lastBeatAgo: 5 * S, capabilities: ["llm", "chat"] },
  { id: "backup-job", name: "Backup job", interval: 300, grace: 300, expected: true, state: "registered", lastBeatAgo: null, capabilities: ["backup"] },
];

export interface ScenarioFacts {
  now: Date;
  systemScore: number;
  etlIncidentId: string;
  pdfIncidentId: string;
  reportIncidentId: string;
  agentScores: Record<string, number | null>;
  llm7d: string;
  llmToday: string;
  topModel: string;
  rosterExpected: number;
  rosterActive: number;
}

async function heartbeats(prisma: PrismaClient, agentId: string, intervalS: number, lastAgo: number, count: number, now: number, status = "ok"): Promise<void> {
  const data = Array.from({ length: count }, (_, i) => ({ agentId, receivedAt: new Date(now - lastAgo - i * intervalS * S), status }));
  await prisma.heartbeat.createMany({ data });
}

async function metricSeries(prisma: PrismaClient, agentId: string, name: string, unit: string, values: readonly number[], endAgo: number, stepMs: number, now: number): Promise<void> {
  const n = values.length;
  await prisma.metric.createMany({ data: values.map((value, i) => ({ agentId, name, unit, value, timestamp: new Date(now - endAgo - (n - 1 - i) * stepMs) })) });
}

/** Deterministic wobble so series look real without randomness. */
const wobble = (base: number, spread: number, n: number) => Array.from({ length: n }, (_, i) => Math.round((base + spread * Math.sin(i * 1.7) + (spread / 2) * Math.cos(i * 0.9)) * 10) / 10);

async function incident(
  prisma: PrismaClient,
  o: { agentId: string; type: string; severity: "low" | "medium" | "high" | "critical"; status: "resolved" | "escalated" | "executing"; title: string; detectedAt: Date; closedAt: Date | null; resolution: string | null; attempts: { action: string; recoveryType: string; status: "rolled_back" | "succeeded" | "executing"; reason?: string }[] },
): Promise<bigint> {
  const inc = await prisma.incident.create({
    data: {
      agentId: o.agentId,
      type: o.type,
      severity: o.severity,
      status: o.status,
      title: o.title,
      fingerprint: `${o.type}:${o.agentId}`,
      openKey: o.closedAt ? null : `${o.type}:${o.agentId}`,
      attempt: o.attempts.length,
      detectedAt: o.detectedAt,
      updatedAt: o.closedAt ?? o.detectedAt,
      closedAt: o.closedAt,
      resolution: o.resolution,
    },
  });
  let t = o.detectedAt.getTime();
  const step = async (key: string, kind: string, message: string) => {
    t += 20 * S;
    await prisma.incidentStep.create({ data: { incidentId: inc.id, key, kind, message, createdAt: new Date(t) } });
  };
  await step("detected", "detected", o.title);
  for (const [i, a] of o.attempts.entries()) {
    const n = i + 1;
    await step(`planned:${n}`, "planned", `Attempt ${n}: ${a.action} (${a.recoveryType}), success probability ${n === 1 ? "80" : "65"} %, about 30 s`);
    await step(`executing:${n}`, "executing", `Executing ${a.action} — command queued for the agent's next heartbeat`);
    const started = new Date(t);
    if (a.status === "rolled_back") await step(`rolled_back:${n}`, "rolled_back", `Attempt ${n} failed (${a.reason ?? "condition persisted"}); rolled back: cancel the restart command if unanswered; restore the agent's previous state`);
    await prisma.recoveryAction.create({
      data: {
        incidentId: inc.id,
        agentId: o.agentId,
        attempt: n,
        recoveryType: a.recoveryType,
        action: a.action,
        status: a.status,
        successProbability: n === 1 ? 0.8 : 0.65,
        estimatedSeconds: 30,
        plannedAt: started,
        startedAt: started,
        finishedAt: a.status === "executing" ? null : new Date(t),
        result: a.reason ? { failure: a.reason } : {},
        undo: a.status === "rolled_back" ? { restored: "unresponsive" } : Prisma.DbNull,
      },
    });
  }
  if (o.status === "resolved") await step("resolved", "resolved", o.resolution ?? "resolved");
  if (o.status === "escalated") await step("escalated", "escalated", o.resolution ?? "escalated");
  return inc.id;
}

async function llmRuns(prisma: PrismaClient, pool: Pool, now: number): Promise<void> {
  const writes = [];
  for (let i = 0; i < 240; i++) {
    const at = new Date(now - (i % 7) * 24 * H - (i % 24) * H - 5 * MIN);
    // Short calls on an expensive model (routing opportunity) and long uncached prompts (caching opportunity).
    const spec = i % 3 === 0 ? { model: "claude-sonnet-4", inputTokens: 6000, outputTokens: 400 } : { model: "gpt-4o", inputTokens: 400, outputTokens: 120 };
    const run = nativeRunSchema.parse({ id: `scenario-${i}`, traceId: `conv-${i % 80}`, project: "support-bot", name: "answer", startTime: at.toISOString(), latencyMs: 900 + (i % 7) * 100, ...spec });
    writes.push(nativeToWrite(run, new Date(now)));
  }
  await storeRuns(prisma, pool, writes, new Date(now));
}

/** Seeds the scenario into an empty database (migrated) and returns the figures the evaluation checks. */
export async function seedScenario(prisma: PrismaClient, pool: Pool, nowDate = new Date()): Promise<ScenarioFacts> {
  const now = nowDate.getTime();
  await ensureBuiltinAgents(prisma);
  await ensureModelPrices(prisma);
  await syncRunbooks(prisma);
  // Built-in agents: running in the worker, heartbeating every 30 s.
  const builtins = await prisma.agent.findMany({ where: { kind: "builtin" }, select: { id: true } });
  for (const b of builtins) {
    await heartbeats(prisma, b.id, 30, 8 * S, 30, now);
    await prisma.agent.update({ where: { id: b.id }, data: { state: "active", stateChangedAt: new Date(now - 2 * H), lastHeartbeatAt: new Date(now - 8 * S), firstSeenAt: new Date(now - 2 * H) } });
  }
  for (const a of EXTERNAL_AGENTS) {
    await registerAgent(prisma, { id: a.id, name: a.name, capabilities: a.capabilities, heartbeatIntervalSeconds: a.interval, graceSeconds: a.grace, expected: a.expected, version: "1.4.2" });
    if (a.lastBeatAgo !== null) await heartbeats(prisma, a.id, a.interval, a.lastBeatAgo, Math.ceil((20 * MIN) / (a.interval * S)), now, a.id === "email-sender" ? "degraded" : "ok");
    const changedAgo = a.state === "failed" ? 3 * H - 10 * MIN : a.state === "unresponsive" ? 20 * MIN - 60 * S : a.state === "paused" ? 2 * H : 6 * H;
    await prisma.agent.update({
      where: { id: a.id },
      data: {
        state: a.state,
        stateChangedAt: new Date(now - changedAgo),
        lastHeartbeatAt: a.lastBeatAgo === null ? null : new Date(now - a.lastBeatAgo),
        firstSeenAt: a.lastBeatAgo === null ? null : new Date(now - 30 * 24 * H),
        createdAt: new Date(now - 30 * 24 * H),
        metadata: a.id === "support-bot" ? { cpuCores: 2, memoryGb: 4 } : {},
      },
    });
  }
  // Metrics: invoice-worker is normally ~180 ms and just spiked to 2,600 ms; support-bot runs hot.
  await metricSeries(prisma, "invoice-worker", "response_time", "ms", wobble(180, 12, 58), 3 * MIN, MIN, now);
  await metricSeries(prisma, "invoice-worker", "response_time", "ms", [2600], 30 * S, MIN, now);
  await metricSeries(prisma, "invoice-worker", "cpu_usage", "%", wobble(45, 5, 30), 40 * S, 2 * MIN, now);
  await metricSeries(prisma, "support-bot", "cpu_usage", "%", [...wobble(62, 4, 29), 96], 20 * S, 2 * MIN, now);
  await metricSeries(prisma, "support-bot", "memory_usage", "%", wobble(88, 2, 30), 20 * S, 2 * MIN, now);
  await metricSeries(prisma, "etl-nightly", "error_rate", "fraction", wobble(0.01, 0.004, 20), 60 * S, 3 * MIN, now);
  await metricSeries(prisma, "email-sender", "response_time", "ms", wobble(820, 40, 20), 90 * S, 3 * MIN, now);
  // Events (the last 10 are part of the context).
  const ev = (agentId: string | null, type: string, severity: "info" | "warning" | "error" | "critical", message: string, ago: number) => ({ agentId, type, severity, message, timestamp: new Date(now - ago) });
  await prisma.event.createMany({
    data: [
      ev("etl-nightly", "job.failed", "error", "ETL load step failed: connection reset by warehouse", 9 * H),
      ev("pdf-renderer", "render.failed", "error", "Chromium crashed while rendering invoice-2291.pdf", 3 * H + 5 * MIN),
      ev("pdf-renderer", "render.failed", "critical", "Out of memory: renderer process killed", 3 * H),
      ev("email-sender", "smtp.retry", "warning", "SMTP server slow: 4 retries for one batch", 10 * MIN),
      ev("email-sender", "smtp.error", "error", "SMTP 451 temporary failure from mail relay", 4 * MIN),
      ev("invoice-worker", "invoice.sent", "info", "Sent 1,240 invoices", 2 * MIN),
      ev("support-bot", "chat.answered", "info", "Answered 310 tickets today", 60 * S),
    ],
  });
  const etl = await incident(prisma, {
    agentId: "etl-nightly",
    type: "agent_failure",
    severity: "high",
    status: "resolved",
    title: "etl-nightly stopped sending heartbeats (unresponsive for 4 min)",
    detectedAt: new Date(now - 9 * H),
    closedAt: new Date(now - 9 * H + 6 * MIN),
    resolution: "Attempt 2 (restart) succeeded: etl-nightly is active again",
    attempts: [
      { action: "restart", recoveryType: "unresponsive_agent", status: "rolled_back", reason: "no acknowledgement within 60 s" },
      { action: "restart", recoveryType: "unresponsive_agent", status: "succeeded" },
    ],
  });
  const pdf = await incident(prisma, {
    agentId: "pdf-renderer",
    type: "high_error_rate",
    severity: "critical",
    status: "escalated",
    title: "pdf-renderer error rate 45 % over 5 min",
    detectedAt: new Date(now - 3 * H - 20 * MIN),
    closedAt: new Date(now - 3 * H + 5 * MIN),
    resolution: "Escalated after 3 failed attempts: pdf-renderer marked failed; a human must fix it",
    attempts: [1, 2, 3].map(() => ({ action: "restart", recoveryType: "high_errors", status: "rolled_back" as const, reason: "error rate still above 20 %" })),
  });
  const report = await incident(prisma, {
    agentId: "report-builder",
    type: "agent_failure",
    severity: "high",
    status: "executing",
    title: "report-builder stopped sending heartbeats (unresponsive for 19 min)",
    detectedAt: new Date(now - 18 * MIN),
    closedAt: null,
    resolution: null,
    attempts: [{ action: "restart", recoveryType: "unresponsive_agent", status: "executing" }],
  });
  // pdf-renderer went through 3 recoveries before it was marked failed.
  for (const k of [0, 1, 2]) {
    const at = now - 3 * H - 19 * MIN + k * 2 * MIN;
    await prisma.agentStateChange.createMany({
      data: [
        { agentId: "pdf-renderer", fromState: "active", toState: "recovering", reason: `recovery attempt ${k + 1}`, createdAt: new Date(at) },
        { agentId: "pdf-renderer", fromState: "recovering", toState: k === 2 ? "failed" : "active", reason: k === 2 ? "recovery exhausted" : "rolled back", createdAt: new Date(at + MIN) },
      ],
    });
  }
  await llmRuns(prisma, pool, now);
  // Health by the real scorer, anomalies by the real detector.
  const scores = await scoreAllAgents(prisma, new Date(now));
  await storeAgentHealth(prisma, scores, new Date(now));
  await runAnomalyDetection(prisma, new Date(now));
  const { getSystemHealth } = await import("../../server/health-score/service");
  const health = await getSystemHealth(prisma, new Date(now));
  const agents = await prisma.agent.findMany({ select: { id: true, healthScore: true } });
  const llm7 = await pool.query<{ c: string | null }>(`SELECT sum(cost)::text AS c FROM llm_runs WHERE start_time >= $1`, [new Date(now - 7 * 24 * H)]);
  const llmToday = await pool.query<{ c: string | null }>(`SELECT sum(cost)::text AS c FROM llm_runs WHERE start_time >= date_trunc('day', $1::timestamptz AT TIME ZONE 'UTC') AT TIME ZONE 'UTC'`, [new Date(now)]);
  const top = await pool.query<{ model: string }>(`SELECT model FROM llm_runs GROUP BY model ORDER BY sum(cost) DESC LIMIT 1`);
  return {
    now: new Date(now),
    systemScore: health.score,
    etlIncidentId: etl.toString(),
    pdfIncidentId: pdf.toString(),
    reportIncidentId: report.toString(),
    agentScores: Object.fromEntries(agents.map((a) => [a.id, a.healthScore === null ? null : Math.round(a.healthScore)])),
    llm7d: usdOrZero(llm7.rows[0]?.c ?? null),
    llmToday: usdOrZero(llmToday.rows[0]?.c ?? null),
    rosterExpected: health.roster.expected,
    rosterActive: health.roster.active,
    topModel: top.rows[0]?.model ?? "",
  };
}

export const scenarioOwner = () => `eval:${randomUUID()}`;
