/** Shared pieces of the fault-injection suite: waiting on incidents and the duplicate checks. */
import type { Pool } from "pg";
import type { Prisma, PrismaClient } from "../../server/db/client";
import type { Incident } from "../../server/db/generated/client";
import { sleep } from "../worker-process";
import type { SimAgent, WebhookReceiver } from "./sim-agent";

type OutcomeName = "resolved" | "escalated" | "cancelled" | "none" | "timeout";

export interface Outcome {
  /** Fault injected → incident opened (ms), null when no incident was expected or opened. */
  detectedMs: number | null;
  outcome: OutcomeName;
  incidentIds: bigint[];
  sims: SimAgent[];
  note?: string;
  /** Scenario-specific checks that failed (empty = fine). */
  problems: string[];
}

export interface Harness {
  key: string;
  prisma: PrismaClient;
  pool: Pool;
  receiver: WebhookReceiver;
  sim(id: string, opts?: { heartbeatIntervalSeconds?: number; graceSeconds?: number }): Promise<SimAgent>;
  /** Kills (SIGKILL) the worker currently holding the self_healing_agent lease. */
  killSelfHealingWorker(): Promise<string>;
  /** Cuts the proxied worker's database connection for `ms`. */
  databaseOutage(ms: number): Promise<void>;
}

export interface Scenario {
  name: string;
  expected: "resolved" | "escalated" | "none";
  run(h: Harness): Promise<Outcome>;
}

export async function dbNow(pool: Pool): Promise<Date> {
  return (await pool.query<{ now: Date }>("SELECT clock_timestamp() AS now")).rows[0]!.now;
}

export async function waitIncident(prisma: PrismaClient, where: Prisma.IncidentWhereInput, timeoutMs = 25_000): Promise<Incident | null> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const inc = await prisma.incident.findFirst({ where, orderBy: { id: "asc" } });
    if (inc) return inc;
    await sleep(150);
  }
  return null;
}

export async function waitStatus(prisma: PrismaClient, id: bigint, statuses: string[], timeoutMs = 30_000): Promise<Incident | null> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const inc = await prisma.incident.findUniqueOrThrow({ where: { id } });
    if (statuses.includes(inc.status)) return inc;
    await sleep(150);
  }
  return null;
}

/** Waits for the incident to close; the outcome is its final status ("timeout" if it did not). */
export async function waitClosed(prisma: PrismaClient, id: bigint, timeoutMs = 60_000): Promise<OutcomeName> {
  const inc = await waitStatus(prisma, id, ["resolved", "escalated", "cancelled"], timeoutMs);
  return (inc?.status as OutcomeName | undefined) ?? "timeout";
}

/**
 * "No duplicate actions", checked from the outside: per incident, as many actions as planned
 * and executed steps and attempts, one `do` command per action, every command seen by the agent
 * at most once per channel, and the agent moved to `recovering` at most once per attempt.
 */
export async function duplicateProblems(prisma: PrismaClient, incidentIds: bigint[], sims: SimAgent[]): Promise<string[]> {
  const problems: string[] = [];
  for (const id of incidentIds) {
    const inc = await prisma.incident.findUniqueOrThrow({ where: { id } });
    const actions = await prisma.recoveryAction.findMany({ where: { incidentId: id } });
    const steps = await prisma.incidentStep.findMany({ where: { incidentId: id } });
    const planned = steps.filter((s) => s.kind === "planned").length;
    const executing = steps.filter((s) => s.kind === "executing").length;
    const started = actions.filter((a) => a.startedAt !== null).length;
    if (actions.length !== planned || actions.length !== inc.attempt) problems.push(`#${id}: ${actions.length} actions, ${planned} planned steps, attempt ${inc.attempt}`);
    if (executing !== started) problems.push(`#${id}: ${executing} executing steps for ${started} started actions`);
    const commands = await prisma.agentCommand.groupBy({ by: ["actionId", "purpose"], where: { actionId: { in: actions.map((a) => a.id) } }, _count: { _all: true } });
    for (const c of commands) if (c._count._all > 1) problems.push(`#${id}: ${c._count._all} ${c.purpose} commands for action ${c.actionId}`);
    if (inc.agentId) {
      const recovering = await prisma.agentStateChange.count({ where: { agentId: inc.agentId, toState: "recovering", createdAt: { gte: inc.detectedAt } } });
      const attempts = await prisma.recoveryAction.count({ where: { agentId: inc.agentId, plannedAt: { gte: inc.detectedAt } } });
      if (recovering > attempts) problems.push(`#${id}: agent moved to recovering ${recovering} times for ${attempts} attempts`);
      const opened = await prisma.event.count({ where: { type: "incident.opened", metadata: { path: ["incidentId"], equals: id.toString() } } });
      if (opened !== 1) problems.push(`#${id}: ${opened} incident.opened events`);
    }
  }
  for (const s of sims) {
    for (const [cmd, n] of s.received) if (n > 1) problems.push(`${s.id} received command ${cmd} ${n} times in heartbeats`);
    for (const [cmd, n] of s.viaWebhook) if (n > 1) problems.push(`${s.id} received command ${cmd} ${n} times by webhook`);
    if (s.badSignatures.length) problems.push(`${s.id}: ${s.badSignatures.length} webhook(s) with a bad signature`);
  }
  return problems;
}

/** Steady values with a little deterministic jitter (no randomness: runs are comparable). */
export function jitter(base: number, spread: number): () => number {
  let i = 0;
  return () => base + spread * Math.sin(i++ * 1.7);
}
