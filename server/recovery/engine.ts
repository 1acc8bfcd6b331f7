/**
 * One self-healing cycle: time out unanswered commands, detect issues, open
 * incidents for new ones, and move every open incident one or more steps along
 * (steps.ts holds the transitions and their exactly-once rules). Safe to run concurrently
 * from several workers: every write is conditional, so the cycles' work never doubles up.
 */
import type { PrismaClient } from "../db/client";
import type { Incident, RecoveryAction } from "../db/generated/client";
import { readSetting } from "../settings/typed";
import { BUSINESS_RATES_KEY, businessRatesSchema, DEFAULT_BUSINESS_RATES } from "../incidents/business";
import { detectAgentIssues, verdictFor, type Verdict } from "../incidents/detect";
import { detectSlowQueries, detectStuckLeases, detectSystemConnectionLoss } from "../incidents/detect-system";
import { loadAgentObservations, loadLeases, loadLongQueries, loadSystemConnectionLoss } from "../incidents/observe";
import { openIncident, subtypeOf } from "../incidents/service";
import type { IssueType } from "../vocabulary";
import { issueKey, type DetectedIssue } from "../incidents/types";
import { expireCommands } from "./commands";
import type { RecoveryConfig } from "./config";
import { isCommandAction } from "./plan";
import { cancel, execute, plan, resolve, rollback, toVerifying, type AgentLite, type StepContext } from "./steps";

export interface CycleOptions {
  prisma: PrismaClient;
  now?: Date;
  workerId?: string | null;
  cfg: RecoveryConfig;
  log?: { warn(msg: string): void };
}

export interface CycleSummary {
  detected: number;
  opened: number;
  advanced: number;
  expiredCommands: number;
  open: number;
  errors: number;
}

/** Threshold breaches stored by the shared-state monitor count while this fresh. */
const BREACH_FRESH_SECONDS = 90;

export async function detectIssues(prisma: PrismaClient, cfg: RecoveryConfig, now: Date): Promise<DetectedIssue[]> {
  const d = cfg.detection;
  const [agents, leases, queries, conn, snapshot] = await Promise.all([
    loadAgentObservations(prisma, now, d),
    loadLeases(prisma),
    loadLongQueries(prisma, d.slowQuerySeconds),
    loadSystemConnectionLoss(prisma, new Date(now.getTime() - d.errorWindowSeconds * 1000), now),
    prisma.dbMonitorSnapshot.findFirst({ where: { collectedAt: { gt: new Date(now.getTime() - BREACH_FRESH_SECONDS * 1000) } }, orderBy: { collectedAt: "desc" }, select: { breaches: true } }),
  ]);
  const issues = agents.flatMap((a) => detectAgentIssues(a, now, d, cfg.healthCheckSeconds));
  issues.push(...detectStuckLeases(leases, d), ...detectSlowQueries(queries, d), ...detectSystemConnectionLoss(conn));
  if (snapshot && Array.isArray(snapshot.breaches)) issues.push(...(snapshot.breaches as unknown as DetectedIssue[]).filter((b) => b && typeof b.type === "string"));
  return issues;
}

/** Is the incident's condition gone, judged on data since `since` (verification)? */
async function verdictSince(opts: CycleOptions, inc: Incident, since: Date, now: Date): Promise<Verdict> {
  const { prisma, cfg } = opts;
  const d = cfg.detection;
  const subtype = subtypeOf(inc.evidence);
  if (inc.type === "state_inconsistency" && subtype === "stuck_lease") {
    const stuck = detectStuckLeases(await loadLeases(prisma), d).some((i) => i.agentId === inc.agentId);
    return stuck ? { status: "present", issue: { type: "state_inconsistency", agentId: inc.agentId, severity: inc.severity, title: inc.title, evidence: {} } } : { status: "absent" };
  }
  if (inc.type === "database_issue" && subtype === "slow_queries") {
    const slow = detectSlowQueries(await loadLongQueries(prisma, d.slowQuerySeconds), d);
    return slow.length ? { status: "present", issue: slow[0]! } : { status: "absent" };
  }
  if (!inc.agentId) {
    if (inc.type === "database_issue" && subtype === "connection") {
      // We are talking to the database right now; no new loss reported since the action.
      const again = await loadSystemConnectionLoss(prisma, since, now);
      return again.count ? { status: "unknown", why: "connection lost again" } : { status: "absent" };
    }
    // Shared-state monitor breaches: decided by the first snapshot taken after the action.
    const snap = await prisma.dbMonitorSnapshot.findFirst({ where: { collectedAt: { gt: since } }, orderBy: { collectedAt: "desc" }, select: { breaches: true } });
    if (!snap) return { status: "unknown", why: "no shared-state snapshot since the action" };
    const still = (snap.breaches as unknown as DetectedIssue[]).some((b) => issueKey(b) === inc.fingerprint);
    return still ? { status: "unknown", why: "threshold still breached" } : { status: "absent" };
  }
  const baselineEnd = new Date(inc.detectedAt.getTime() - d.recentSeconds * 1000);
  const [obs] = await loadAgentObservations(prisma, now, d, { agentIds: [inc.agentId], since, baselineEnd });
  if (!obs) return { status: "unknown", why: "agent gone" };
  return verdictFor(inc.type as IssueType, subtype, obs, now, d, cfg.healthCheckSeconds, since);
}

async function loadAgent(prisma: PrismaClient, id: string | null): Promise<AgentLite | null> {
  if (!id) return null;
  return prisma.agent.findUnique({ where: { id }, select: { id: true, name: true, kind: true, state: true, lastHeartbeatAt: true, heartbeatIntervalSeconds: true, graceSeconds: true } });
}

/** Moves one open incident as far as it can go now. Returns whether anything changed. */
async function advanceIncident(opts: CycleOptions, ctx: StepContext, start: Incident, present: Set<string>): Promise<boolean> {
  const { prisma } = opts;
  const now = ctx.now;
  let inc = start;
  let changed = false;
  const reload = async () => (inc = await prisma.incident.findUniqueOrThrow({ where: { id: inc.id } }));
  const currentAction = () => prisma.recoveryAction.findUnique({ where: { incidentId_attempt: { incidentId: inc.id, attempt: inc.attempt } } });
  const stillPresent = () => inc.type === "manual" || present.has(inc.fingerprint);

  const agent = await loadAgent(prisma, inc.agentId);
  if (inc.agentId && (!agent || agent.state === "paused" || agent.state === "stopped" || (agent.state === "failed" && inc.status !== "executing" && inc.status !== "verifying"))) {
    const why = !agent ? "agent no longer exists" : agent.state === "paused" ? "agent paused by an operator: no alerts and no recovery while paused" : agent.state === "stopped" ? "agent stopped (clean shutdown)" : "agent already marked failed";
    return cancel(ctx, inc, `Cancelled: ${why}`);
  }

  for (let guard = 0; guard < 6; guard++) {
    if (inc.status === "detected") {
      if (!(await plan(ctx, inc, agent))) return changed;
      changed = true;
      await reload();
      continue;
    }
    if (inc.status === "rolled_back") {
      if (inc.nextAttemptAt && inc.nextAttemptAt > now) return changed;
      if (!stillPresent()) return (await resolve(ctx, inc, null, "Condition cleared after the rollback; no further attempt needed")) || changed;
      if (!(await plan(ctx, inc, agent))) return changed;
      changed = true;
      await reload();
      continue;
    }
    const action = await currentAction();
    if (!action) return changed;
    if (inc.status === "planned") {
      if (inc.nextAttemptAt && inc.nextAttemptAt > now) return changed;
      if (inc.attempt > 1 && !stillPresent()) return (await resolve(ctx, inc, action, "Condition cleared before the retry ran")) || changed;
      // One recovery at a time per agent: two actions on one agent would muddle verification.
      if (inc.agentId) {
        const busy = await prisma.incident.count({ where: { agentId: inc.agentId, id: { not: inc.id }, status: { in: ["executing", "verifying"] } } });
        if (busy) return changed;
      }
      if (!(await execute(ctx, inc, action, agent))) return changed;
      changed = true;
      await reload();
      continue;
    }
    if (inc.status === "executing") {
      if (!(await checkExecution(ctx, inc, action))) return changed;
      changed = true;
      await reload();
      continue;
    }
    if (inc.status === "verifying") return (await verify(opts, ctx, inc, action)) || changed;
    return changed;
  }
  return changed;
}

async function checkExecution(ctx: StepContext, inc: Incident, action: RecoveryAction): Promise<boolean> {
  if (!isCommandAction(action.action)) {
    // Internal actions run right after their claim; one still "executing" long after that lost
    // its worker mid-action. It is not re-run (that could run it twice): it counts as failed.
    const started = action.startedAt?.getTime() ?? ctx.now.getTime();
    if (ctx.now.getTime() - started < ctx.cfg.commandTimeoutSeconds * 1000) return false;
    return rollback(ctx, inc, action, "execution interrupted (its worker stopped mid-action)");
  }
  const cmd = await ctx.prisma.agentCommand.findUnique({ where: { actionId_purpose: { actionId: action.id, purpose: "do" } } });
  if (!cmd) return rollback(ctx, inc, action, "command missing");
  switch (cmd.status) {
    case "succeeded":
      return toVerifying(ctx, inc, action, { commandId: cmd.id, ack: "succeeded", message: cmd.message, ackedAt: cmd.ackedAt?.toISOString() ?? null });
    case "failed":
      return rollback(ctx, inc, action, `agent reported failure${cmd.message ? `: ${cmd.message}` : ""}`);
    case "timed_out":
      return rollback(ctx, inc, action, `no acknowledgement within ${ctx.cfg.commandTimeoutSeconds} s`);
    case "cancelled":
      return rollback(ctx, inc, action, "command cancelled");
    default:
      return false;
  }
}

async function verify(opts: CycleOptions, ctx: StepContext, inc: Incident, action: RecoveryAction): Promise<boolean> {
  const since = action.startedAt ?? inc.updatedAt;
  const v = await verdictSince(opts, inc, since, ctx.now);
  if (v.status === "absent") {
    const took = Math.round((ctx.now.getTime() - since.getTime()) / 100) / 10;
    return resolve(ctx, inc, action, `Verified: the condition cleared ${took} s after ${action.action} started`);
  }
  if (action.verifyUntil && ctx.now >= action.verifyUntil) {
    return rollback(ctx, inc, action, v.status === "present" ? `still present after ${ctx.cfg.verifySeconds} s (${v.issue.title})` : `not confirmed healthy within ${ctx.cfg.verifySeconds} s (${v.why})`);
  }
  return false;
}

export async function runSelfHealingCycle(opts: CycleOptions): Promise<CycleSummary> {
  const { prisma, cfg } = opts;
  const now = opts.now ?? new Date();
  const rates = await readSetting(prisma, BUSINESS_RATES_KEY, businessRatesSchema, DEFAULT_BUSINESS_RATES);
  const ctx: StepContext = { prisma, now, workerId: opts.workerId ?? null, cfg, rates };
  const expiredCommands = await expireCommands(prisma);
  const issues = await detectIssues(prisma, cfg, now);
  let opened = 0;
  for (const issue of issues) {
    if ((await openIncident(prisma, issue, { now, workerId: opts.workerId, resetSeconds: cfg.resetSeconds })) !== null) opened++;
  }
  const present = new Set(issues.map(issueKey));
  const open = await prisma.incident.findMany({ where: { closedAt: null }, orderBy: [{ detectedAt: "asc" }, { id: "asc" }], take: 500 });
  let advanced = 0;
  let errors = 0;
  for (const inc of open) {
    try {
      if (await advanceIncident(opts, ctx, inc, present)) advanced++;
    } catch (e) {
      // One incident that cannot move must not stop the others (or the cycle).
      errors++;
      opts.log?.warn(`incident #${inc.id}: ${e instanceof Error ? e.message : String(e)}`);
    }
  }
  return { detected: issues.length, opened, advanced, expiredCommands, open: open.length, errors };
}
