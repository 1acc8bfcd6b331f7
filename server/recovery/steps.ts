/**
 * The incident state machine's transitions (docs/architecture.md): plan → execute → verify → resolve, or
 * roll back (→ retry after backoff, or escalate after the last attempt), or cancel.
 *
 * Exactly once, with several workers: every transition is one transaction that starts with a
 * conditional `UPDATE incidents … WHERE id = $1 AND status = <expected> AND attempt = <k>`.
 * Only the caller whose update hit the row goes on; it writes the step (unique per incident
 * and key), the action row, the command, the agent state change and the event in that same
 * transaction, and only it performs the side effects that follow (an internal action, a
 * webhook). A caller that lost the race sees `false` and does nothing.
 */
import { CLOCK_STATES, clockState, transitionStateTx } from "../agents/state";
import type { Db, PrismaClient } from "../db/client";
import type { Agent, Incident, RecoveryAction } from "../db/generated/client";
import { businessValue, type BusinessRates } from "../incidents/business";
import { insertStep, subtypeOf } from "../incidents/service";
import { EVENT_SEVERITY_OF_ISSUE, RECOVERY_LABELS, type ActionName, type InternalAction, type IssueSeverity, type IssueType, type RecoveryType } from "../vocabulary";
import type { RecoveryConfig } from "./config";
import { EXECUTORS, undoInternal } from "./executors";
import { backoffSeconds, chooseAction, estimateSeconds, isCommandAction, successProbability, UNDO } from "./plan";
import { deliverWebhookFor } from "./delivery";

export interface StepContext {
  prisma: PrismaClient;
  now: Date;
  workerId: string | null;
  cfg: RecoveryConfig;
  rates: BusinessRates;
}

export type AgentLite = Pick<Agent, "id" | "name" | "kind" | "state" | "lastHeartbeatAt" | "heartbeatIntervalSeconds" | "graceSeconds">;

/** Claims the incident: true only for the caller whose conditional update changed the row. */
async function claim(tx: Db, inc: Incident, data: Record<string, unknown>): Promise<boolean> {
  const hit = await tx.incident.updateMany({ where: { id: inc.id, status: inc.status, attempt: inc.attempt }, data: { ...data, updatedAt: new Date() } });
  return hit.count === 1;
}

async function event(tx: Db, inc: Incident, type: string, message: string, severity: IssueSeverity | "info", at: Date, extra: Record<string, unknown> = {}) {
  await tx.event.create({
    data: { type, message, severity: severity === "info" ? "info" : EVENT_SEVERITY_OF_ISSUE[severity], agentId: inc.agentId, timestamp: at, metadata: { incidentId: inc.id.toString(), ...extra } },
  });
}

async function actionHistory(prisma: PrismaClient, recoveryType: RecoveryType): Promise<{ succeeded: number; failed: number; durationsSeconds: number[] }> {
  const [counts, durations] = await Promise.all([
    prisma.$queryRaw<{ s: number; f: number }[]>`
      SELECT count(*) FILTER (WHERE status = 'succeeded')::int AS s, count(*) FILTER (WHERE status IN ('failed', 'rolled_back'))::int AS f
        FROM recovery_actions WHERE recovery_type = ${recoveryType}`,
    prisma.$queryRaw<{ d: number }[]>`
      SELECT EXTRACT(EPOCH FROM (finished_at - started_at))::float8 AS d FROM recovery_actions
       WHERE recovery_type = ${recoveryType} AND status = 'succeeded' AND started_at IS NOT NULL AND finished_at IS NOT NULL
       ORDER BY finished_at DESC LIMIT 50`,
  ]);
  return { succeeded: counts[0]?.s ?? 0, failed: counts[0]?.f ?? 0, durationsSeconds: durations.map((r) => r.d) };
}

/** detected / rolled_back → planned (attempt k + 1), with the action, its odds and its backoff. */
export async function plan(ctx: StepContext, inc: Incident, agent: AgentLite | null): Promise<boolean> {
  const attempt = inc.attempt + 1;
  const planned = chooseAction({ issue: inc.type as IssueType, subtype: subtypeOf(inc.evidence), agentKind: agent?.kind ?? null });
  const history = await actionHistory(ctx.prisma, planned.recoveryType);
  const p = successProbability(history);
  const est = estimateSeconds(planned.action, history.durationsSeconds);
  const wait = backoffSeconds(inc.backoffLevel + attempt - 1, ctx.cfg.backoff);
  const at = ctx.now;
  return ctx.prisma.$transaction(async (tx) => {
    if (!(await claim(tx, inc, { status: "planned", attempt, nextAttemptAt: new Date(at.getTime() + wait * 1000) }))) return false;
    await tx.recoveryAction.create({
      data: { incidentId: inc.id, agentId: inc.agentId, attempt, recoveryType: planned.recoveryType, action: planned.action, params: planned.params as object, successProbability: p, estimatedSeconds: est, plannedAt: at, undo: { plan: planned.undo.description } },
    });
    const odds = `${Math.round(p * 100)} % (${history.succeeded} of ${history.succeeded + history.failed} past ${RECOVERY_LABELS[planned.recoveryType].toLowerCase()} recoveries succeeded, Laplace-smoothed)`;
    await insertStep(
      tx,
      inc.id,
      `planned:${attempt}`,
      "planned",
      `Attempt ${attempt}/${ctx.cfg.maxAttempts}: ${planned.action} (${RECOVERY_LABELS[planned.recoveryType]}), success probability ${odds}, estimated ${est} s${wait ? `, starts after a ${wait} s backoff` : ""}`,
      { attempt, recoveryType: planned.recoveryType, action: planned.action, params: planned.params, successProbability: p, estimatedSeconds: est, backoffSeconds: wait, undo: planned.undo.description },
      { workerId: ctx.workerId },
    );
    return true;
  });
}

/**
 * planned → executing. A command action's command (and the agent's move to `recovering`) is
 * written in the claiming transaction; an internal action runs right after, in this caller only.
 */
export async function execute(ctx: StepContext, inc: Incident, action: RecoveryAction, agent: AgentLite | null): Promise<boolean> {
  const at = ctx.now;
  const isCommand = isCommandAction(action.action);
  const won = await ctx.prisma.$transaction(async (tx) => {
    if (!(await claim(tx, inc, { status: "executing", previousState: agent?.state ?? null }))) return false;
    await tx.recoveryAction.update({ where: { id: action.id }, data: { status: "executing", startedAt: at } });
    let detail = "";
    if (isCommand && agent) {
      await tx.$executeRaw`
        INSERT INTO agent_commands (agent_id, action_id, purpose, type, params, expires_at)
        VALUES (${agent.id}, ${action.id}, 'do', ${action.action}, ${JSON.stringify(action.params)}::jsonb, ${new Date(at.getTime() + ctx.cfg.commandTimeoutSeconds * 1000)})
        ON CONFLICT (action_id, purpose) DO NOTHING`;
      detail = agent.kind === "builtin" ? ` — the worker running ${agent.id} restarts it` : ` — command queued for the agent's next heartbeat (times out after ${ctx.cfg.commandTimeoutSeconds} s)`;
      if (CLOCK_STATES.includes(agent.state)) await transitionStateTx(tx, agent.id, agent.state, "recovering", `self-healing: incident #${inc.id} attempt ${action.attempt} (${action.action})`, at);
    }
    await insertStep(tx, inc.id, `executing:${action.attempt}`, "executing", `Executing ${action.action}${detail}`, { action: action.action, params: action.params }, { workerId: ctx.workerId });
    return true;
  });
  if (!won) return false;
  if (isCommand) {
    await deliverWebhookFor(ctx.prisma, action.id, "do");
    return true;
  }
  let result: Record<string, unknown>;
  try {
    result = await EXECUTORS[action.action as InternalAction]({ prisma: ctx.prisma, now: at, agentId: inc.agentId, attempt: action.attempt, evidence: { ...(inc.evidence as object), title: inc.title }, detection: ctx.cfg.detection });
  } catch (e) {
    const fresh = await ctx.prisma.incident.findUniqueOrThrow({ where: { id: inc.id } });
    await rollback(ctx, fresh, { ...action, status: "executing", startedAt: at }, `${action.action} failed: ${e instanceof Error ? e.message : String(e)}`);
    return true;
  }
  const fresh = await ctx.prisma.incident.findUniqueOrThrow({ where: { id: inc.id } });
  await toVerifying(ctx, fresh, action, result);
  return true;
}

/** executing → verifying: the action did its part; now the condition must clear. */
export async function toVerifying(ctx: StepContext, inc: Incident, action: RecoveryAction, result: Record<string, unknown>): Promise<boolean> {
  const until = new Date(ctx.now.getTime() + ctx.cfg.verifySeconds * 1000);
  return ctx.prisma.$transaction(async (tx) => {
    if (!(await claim(tx, inc, { status: "verifying" }))) return false;
    await tx.recoveryAction.update({ where: { id: action.id }, data: { status: "verifying", verifyUntil: until, result: result as object } });
    await insertStep(tx, inc.id, `verifying:${action.attempt}`, "verifying", `Verifying for up to ${ctx.cfg.verifySeconds} s that the condition has cleared`, { result, verifyUntil: until.toISOString() }, { workerId: ctx.workerId });
    return true;
  });
}

async function settleAgent(tx: Db, agentId: string, to: "clock" | "failed", reason: string, at: Date): Promise<string | null> {
  const a = await tx.agent.findUnique({ where: { id: agentId }, select: { state: true, lastHeartbeatAt: true, heartbeatIntervalSeconds: true, graceSeconds: true } });
  if (!a) return null;
  if (to === "failed") {
    if (["paused", "stopped", "failed"].includes(a.state)) return null;
    return (await transitionStateTx(tx, agentId, a.state, "failed", reason, at)) ? "failed" : null;
  }
  if (a.state !== "recovering") return null;
  const target = clockState("active", a.lastHeartbeatAt, a.heartbeatIntervalSeconds, a.graceSeconds, at);
  return (await transitionStateTx(tx, agentId, "recovering", target, reason, at)) ? target : null;
}

/** → resolved. `action` null: the condition cleared while no action was in flight. */
export async function resolve(ctx: StepContext, inc: Incident, action: RecoveryAction | null, resolution: string): Promise<boolean> {
  const at = ctx.now;
  const value = businessValue(inc.severity, "resolved", inc.detectedAt, at, ctx.rates);
  return ctx.prisma.$transaction(async (tx) => {
    if (!(await claim(tx, inc, { status: "resolved", closedAt: at, openKey: null, resolution, businessValue: value as object, nextAttemptAt: null }))) return false;
    if (action) {
      const ran = action.status === "verifying" || action.status === "executing";
      await tx.recoveryAction.update({ where: { id: action.id }, data: { status: ran ? "succeeded" : "skipped", finishedAt: at } });
    }
    const state = inc.agentId ? await settleAgent(tx, inc.agentId, "clock", `self-healing: incident #${inc.id} resolved`, at) : null;
    await insertStep(tx, inc.id, "resolved", "resolved", resolution, { businessValue: value, ...(state ? { agentState: state } : {}) }, { workerId: ctx.workerId });
    await event(tx, inc, "incident.resolved", `Incident #${inc.id} resolved: ${resolution}`, "info", at);
    return true;
  });
}

/**
 * executing / verifying → rolled_back (retry after backoff) or, after the last attempt,
 * → escalated with the agent marked failed. The action's undo runs in the same transaction
 * (cancel the unanswered command, queue the undo command, restore the agent's state).
 */
export async function rollback(ctx: StepContext, inc: Incident, action: RecoveryAction, reason: string): Promise<boolean> {
  const at = ctx.now;
  const exhausted = inc.attempt >= ctx.cfg.maxAttempts;
  const wait = backoffSeconds(inc.backoffLevel + inc.attempt, ctx.cfg.backoff);
  const undo = UNDO[action.action as ActionName] ?? UNDO.notify;
  const value = exhausted ? businessValue(inc.severity, "escalated", inc.detectedAt, at, ctx.rates) : null;
  const escalation = `Escalated after ${inc.attempt} attempt${inc.attempt === 1 ? "" : "s"}: ${reason}. ${inc.agentId ? "Agent marked failed; " : ""}an operator needs to look at it.`;
  const won = await ctx.prisma.$transaction(async (tx) => {
    const ok = await claim(tx, inc, exhausted
      ? { status: "escalated", closedAt: at, openKey: null, nextAttemptAt: null, resolution: escalation, businessValue: value as object }
      : { status: "rolled_back", nextAttemptAt: new Date(at.getTime() + wait * 1000) });
    if (!ok) return false;
    const done: Record<string, unknown> = { reason, description: undo.description };
    const doCmd = await tx.agentCommand.findUnique({ where: { actionId_purpose: { actionId: action.id, purpose: "do" } }, select: { id: true, status: true, agentId: true } });
    if (doCmd && undo.cancelPendingCommand) {
      const c = await tx.agentCommand.updateMany({ where: { id: doCmd.id, status: { in: ["pending", "delivered"] } }, data: { status: "cancelled", message: "rolled back" } });
      done.commandCancelled = c.count === 1;
    }
    // The agent may have applied the action (delivered or acknowledged): send the undo.
    if (doCmd && undo.command && doCmd.status !== "pending") {
      await tx.$executeRaw`
        INSERT INTO agent_commands (agent_id, action_id, purpose, type, params, expires_at)
        VALUES (${doCmd.agentId}, ${action.id}, 'undo', ${undo.command.type}, ${JSON.stringify(undo.command.params)}::jsonb, ${new Date(at.getTime() + ctx.cfg.commandTimeoutSeconds * 1000)})
        ON CONFLICT (action_id, purpose) DO NOTHING`;
      done.undoCommand = undo.command.type;
    }
    if (inc.agentId && (undo.restoreAgentState || exhausted)) {
      const s = await settleAgent(tx, inc.agentId, exhausted ? "failed" : "clock", exhausted ? `self-healing: recovery exhausted (incident #${inc.id})` : `self-healing rollback of ${action.action} (incident #${inc.id})`, at);
      if (s) done.agentState = s;
      if (inc.previousState) done.previousState = inc.previousState;
    }
    await tx.recoveryAction.update({
      where: { id: action.id },
      data: { status: "rolled_back", finishedAt: at, result: { ...((action.result as object) ?? {}), failure: reason } as object, undo: done as object },
    });
    await insertStep(tx, inc.id, `rolled_back:${action.attempt}`, "rolled_back", `Attempt ${action.attempt} failed (${reason}); rolled back: ${undo.description}${exhausted ? "" : `. Next attempt in ${wait} s`}`, done, { workerId: ctx.workerId });
    if (exhausted) {
      await insertStep(tx, inc.id, "escalated", "escalated", escalation, { attempts: inc.attempt, businessValue: value }, { workerId: ctx.workerId });
      await event(tx, inc, "incident.escalated", `Incident #${inc.id} escalated: ${inc.title}`, "critical", at, { attempts: inc.attempt });
    }
    return true;
  });
  if (!won) return false;
  if (undo.internal) {
    const r = await undoInternal(ctx.prisma, action.action, inc.agentId, action.result as Record<string, unknown> | null, at);
    await insertStep(ctx.prisma, inc.id, `undo:${action.attempt}`, "undo", r.undone ? `Undo applied: state restored to '${String(r.restored)}'` : `Undo: ${String(r.why ?? "nothing changed")}`, r, { workerId: ctx.workerId });
  }
  await deliverWebhookFor(ctx.prisma, action.id, "undo");
  return true;
}

/** Any open status → cancelled (the agent was paused, stopped or is gone): no recovery, no undo. */
export async function cancel(ctx: StepContext, inc: Incident, reason: string): Promise<boolean> {
  const at = ctx.now;
  return ctx.prisma.$transaction(async (tx) => {
    if (!(await claim(tx, inc, { status: "cancelled", closedAt: at, openKey: null, nextAttemptAt: null, resolution: reason }))) return false;
    const actions = await tx.recoveryAction.findMany({ where: { incidentId: inc.id }, select: { id: true } });
    const ids = actions.map((a) => a.id);
    await tx.agentCommand.updateMany({ where: { actionId: { in: ids }, status: { in: ["pending", "delivered"] } }, data: { status: "cancelled", message: reason } });
    await tx.recoveryAction.updateMany({ where: { incidentId: inc.id, status: { in: ["planned", "executing", "verifying"] } }, data: { status: "skipped", finishedAt: at } });
    await insertStep(tx, inc.id, "cancelled", "cancelled", reason, {}, { workerId: ctx.workerId });
    return true;
  });
}

