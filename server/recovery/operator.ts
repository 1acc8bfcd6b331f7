/**
 * Operator actions on an agent (dashboard buttons; roles are checked by the router's procedure):
 * pause / resume (maintenance: no alerts, no recovery while paused), a manual recovery, and
 * the agent's recovery webhook. State changes go through transitionState (exactly once).
 */
import { clockState, transitionState } from "../agents/state";
import type { AgentState } from "../vocabulary";
import type { Db, PrismaClient } from "../db/client";
import { openIncident } from "../incidents/service";
import { issueKey } from "../incidents/types";
import { currentOutboundPolicy } from "../outbound/allowlist";
import { outboundUrlRefusal } from "../outbound/request";
import { generateWebhookSecret, parseRecoverySettings, webhookUrlSchema } from "./webhook";

export class OperatorError extends Error {
  constructor(
    readonly code: "NOT_FOUND" | "CONFLICT" | "BAD_REQUEST",
    message: string,
  ) {
    super(message);
  }
}

async function agentOrThrow(prisma: PrismaClient, id: string) {
  const a = await prisma.agent.findUnique({ where: { id }, select: { id: true, name: true, state: true, lastHeartbeatAt: true, heartbeatIntervalSeconds: true, graceSeconds: true, recoverySettings: true } });
  if (!a) throw new OperatorError("NOT_FOUND", `No agent with id "${id}"`);
  return a;
}

async function record(prisma: PrismaClient, agentId: string, type: string, message: string, metadata: Record<string, unknown>) {
  await prisma.event.create({ data: { type, message, severity: "info", agentId, timestamp: new Date(), metadata: metadata as object } });
}

/** Pauses an agent: its open incidents are cancelled by the next self-healing cycle, and pending commands now. */
export async function pauseAgent(prisma: PrismaClient, agentId: string, actor: string): Promise<{ state: AgentState; changed: boolean }> {
  for (let i = 0; i < 3; i++) {
    const a = await agentOrThrow(prisma, agentId);
    if (a.state === "paused") return { state: "paused", changed: false };
    if (await transitionState(prisma, agentId, a.state, "paused", `paused by ${actor}`)) {
      await prisma.agentCommand.updateMany({ where: { agentId, status: { in: ["pending", "delivered"] } }, data: { status: "cancelled", message: "agent paused" } });
      await record(prisma, agentId, "agent.paused", `${a.name} (${agentId}) paused by ${actor}: no alerts and no recovery until resumed`, { from: a.state, actor });
      return { state: "paused", changed: true };
    }
  }
  throw new OperatorError("CONFLICT", "the agent's state kept changing; try again");
}

/** Resumes a paused (or failed) agent into whatever its heartbeat clock says. */
export async function resumeAgent(prisma: PrismaClient, agentId: string, actor: string): Promise<{ state: AgentState; changed: boolean }> {
  const a = await agentOrThrow(prisma, agentId);
  if (a.state !== "paused" && a.state !== "failed") throw new OperatorError("BAD_REQUEST", `agent is ${a.state}: only paused or failed agents can be resumed`);
  const to = a.lastHeartbeatAt ? clockState("active", a.lastHeartbeatAt, a.heartbeatIntervalSeconds, a.graceSeconds, new Date()) : "registered";
  if (!(await transitionState(prisma, agentId, a.state, to, `resumed by ${actor}`))) throw new OperatorError("CONFLICT", "the agent's state changed meanwhile; try again");
  await record(prisma, agentId, "agent.resumed", `${a.name} (${agentId}) resumed by ${actor} (now ${to})`, { from: a.state, to, actor });
  return { state: to, changed: true };
}

/**
 * Opens a manual recovery incident (a restart through the normal plan → execute → verify path,
 * with rollback). Returns the incident id; an already open manual recovery is returned as is.
 */
export async function triggerManualRecovery(prisma: PrismaClient, agentId: string, actor: string, reason: string | null, resetSeconds: number): Promise<{ incidentId: string; created: boolean }> {
  const a = await agentOrThrow(prisma, agentId);
  if (a.state === "paused" || a.state === "stopped") throw new OperatorError("BAD_REQUEST", `agent is ${a.state}: resume it before recovering it`);
  const issue = {
    type: "manual" as const,
    agentId,
    severity: "medium" as const,
    title: `Manual recovery of ${a.name} requested by ${actor}${reason ? `: ${reason}` : ""}`,
    evidence: { requestedBy: actor, reason },
  };
  const id = await openIncident(prisma, issue, { now: new Date(), source: `operator:${actor}`, resetSeconds });
  if (id !== null) return { incidentId: id.toString(), created: true };
  const open = await prisma.incident.findUnique({ where: { openKey: issueKey(issue) }, select: { id: true } });
  if (!open) throw new OperatorError("CONFLICT", "could not open the recovery; try again");
  return { incidentId: open.id.toString(), created: false };
}

/**
 * Sets (or clears, with null) the agent's recovery webhook. A new URL gets a new secret; the
 * secret is returned so the operator can give it to the receiver.
 */
export async function configureWebhook(prisma: PrismaClient, agentId: string, url: string | null, opts: { rotateSecret?: boolean } = {}): Promise<{ webhookUrl: string | null; webhookSecret: string | null }> {
  const a = await agentOrThrow(prisma, agentId);
  const current = parseRecoverySettings(a.recoverySettings);
  const base = a.recoverySettings && typeof a.recoverySettings === "object" && !Array.isArray(a.recoverySettings) ? (a.recoverySettings as Record<string, unknown>) : {};
  if (url === null) {
    await prisma.agent.update({ where: { id: agentId }, data: { recoverySettings: { ...base, webhookUrl: null, webhookSecret: null } } });
    return { webhookUrl: null, webhookSecret: null };
  }
  const parsed = webhookUrlSchema.safeParse(url);
  if (!parsed.success) throw new OperatorError("BAD_REQUEST", parsed.error.issues[0]?.message ?? "invalid URL");
  // Said now rather than at the first failed delivery; sending checks again (DNS can change).
  const refused = await outboundUrlRefusal(parsed.data, await currentOutboundPolicy(prisma));
  if (refused) throw new OperatorError("BAD_REQUEST", `Webhook URL refused: ${refused}`);
  const secret = !current.webhookSecret || opts.rotateSecret || current.webhookUrl !== url ? generateWebhookSecret() : current.webhookSecret;
  await prisma.agent.update({ where: { id: agentId }, data: { recoverySettings: { ...base, webhookUrl: parsed.data, webhookSecret: secret } } });
  return { webhookUrl: parsed.data, webhookSecret: secret };
}

/** An agent's recovery settings (the webhook secret only as a prefix) and its 20 newest commands; null for an unknown agent. */
export async function recoveryOverview(db: Db, agentId: string) {
  const a = await db.agent.findUnique({ where: { id: agentId }, select: { recoverySettings: true } });
  if (!a) return null;
  const s = parseRecoverySettings(a.recoverySettings);
  const commands = await db.agentCommand.findMany({ where: { agentId }, orderBy: { createdAt: "desc" }, take: 20 });
  return {
    webhookUrl: s.webhookUrl ?? null,
    webhookSecretPrefix: s.webhookSecret ? `${s.webhookSecret.slice(0, 10)}…` : null,
    commands: commands.map((c) => ({
      id: c.id,
      type: c.type,
      purpose: c.purpose,
      status: c.status,
      createdAt: c.createdAt.toISOString(),
      deliveredAt: c.deliveredAt?.toISOString() ?? null,
      deliveredBy: c.deliveredBy,
      ackedAt: c.ackedAt?.toISOString() ?? null,
      message: c.message,
    })),
  };
}
