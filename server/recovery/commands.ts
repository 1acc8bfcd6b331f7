/**
 * Recovery commands (the agent protocol: docs/api.md). The engine inserts a command in the same transaction that
 * claims an action's execution; then
 * - an external agent receives it in its next heartbeat response (`commands: [{id, type,
 *   params}]`) and reports the outcome with POST /api/v1/commands/{id}/ack;
 * - a built-in agent's command is taken by the worker holding that agent's lease;
 * - a command not acknowledged by `expires_at` times out and counts as failed.
 * Every change is one conditional UPDATE (`WHERE status IN (pending, delivered)`), so a command
 * is delivered once, acknowledged once, or timed out once — never two of these — and the
 * matching timeline step is written in the same statement.
 */
import { Prisma, type PrismaClient } from "../db/client";
import { whyNotWritable, writableSql, type AgentWriter, type WriteRefusal } from "../agents/ownership";

export interface DeliveredCommand {
  id: string;
  agentId: string;
  type: string;
  params: Record<string, unknown>;
  expiresAt: string;
}

/**
 * Marks the agent's pending commands delivered and returns them (oldest first). On the
 * heartbeat path: when there is nothing pending this is a single index probe.
 */
export async function deliverPendingCommands(prisma: PrismaClient, agentIds: string | string[], via: string): Promise<DeliveredCommand[]> {
  const ids = Array.isArray(agentIds) ? agentIds : [agentIds];
  if (!ids.length) return [];
  const rows = await prisma.$queryRaw<{ id: string; agent_id: string; type: string; params: Record<string, unknown>; expires_at: Date }[]>`
    WITH d AS (
      UPDATE agent_commands SET status = 'delivered', delivered_at = now(), delivered_by = ${via}
       WHERE agent_id = ANY(${ids}::text[]) AND status = 'pending' AND expires_at > now()
      RETURNING id, agent_id, type, params, expires_at, action_id, purpose, created_at
    ), s AS (
      INSERT INTO incident_steps (incident_id, key, kind, message, details, worker_id, created_at)
      SELECT ra.incident_id, 'delivered:' || ra.attempt || ':' || d.purpose, 'command_delivered',
             'Command ' || d.type || ' delivered to ' || d.agent_id,
             jsonb_build_object('commandId', d.id, 'via', ${via}::text, 'purpose', d.purpose), NULL, now()
        FROM d JOIN recovery_actions ra ON ra.id = d.action_id
      ON CONFLICT (incident_id, key) DO NOTHING
    )
    SELECT id::text, agent_id, type, params, expires_at FROM d ORDER BY created_at, id`;
  return rows.map((r) => ({ id: r.id, agentId: r.agent_id, type: r.type, params: r.params ?? {}, expiresAt: r.expires_at.toISOString() }));
}

export type AckOutcome =
  | { result: "acknowledged"; commandId: string; status: "succeeded" | "failed" }
  | { result: "duplicate"; commandId: string; status: string }
  | { result: "conflict"; commandId: string; status: string }
  | { result: "not_found" }
  /** The command is for a built-in agent or another API key's agent (server/agents/ownership.ts). */
  | { result: "refused"; agentId: string; why: WriteRefusal };

/**
 * Records an agent's answer. Only a pending/delivered command can be acknowledged; repeating the
 * same answer is harmless (`duplicate`), a different answer after the fact is a `conflict`
 * (e.g. the command already timed out and the incident moved on). With `writer` (the API key)
 * only commands of agents that key may write are acknowledged: the condition is in the UPDATE.
 */
export async function ackCommand(
  prisma: PrismaClient,
  id: string,
  status: "succeeded" | "failed",
  message: string | null,
  via: string,
  writer?: AgentWriter,
): Promise<AckOutcome> {
  const mayWrite = writer ? Prisma.sql`EXISTS (SELECT 1 FROM agents a WHERE a.id = agent_commands.agent_id AND ${writableSql(writer)})` : Prisma.sql`true`;
  const rows = await prisma.$queryRaw<{ id: string }[]>`
    WITH a AS (
      UPDATE agent_commands SET status = ${status}::"CommandStatus", acked_at = now(), message = ${message}
       WHERE id = ${id}::uuid AND status IN ('pending', 'delivered') AND ${mayWrite}
      RETURNING id, type, action_id, purpose
    ), s AS (
      INSERT INTO incident_steps (incident_id, key, kind, message, details, worker_id, created_at)
      SELECT ra.incident_id, 'acked:' || ra.attempt || ':' || a.purpose, 'command_acked',
             'Agent reported ' || a.type || ' ' || ${status}::text || coalesce(': ' || ${message}::text, ''),
             jsonb_build_object('commandId', a.id, 'status', ${status}::text, 'via', ${via}::text, 'purpose', a.purpose), NULL, now()
        FROM a JOIN recovery_actions ra ON ra.id = a.action_id
      ON CONFLICT (incident_id, key) DO NOTHING
    )
    SELECT id::text FROM a`;
  if (rows.length) return { result: "acknowledged", commandId: id, status };
  const existing = await prisma.agentCommand.findUnique({ where: { id }, select: { status: true, agentId: true } });
  if (!existing) return { result: "not_found" };
  if (writer) {
    const why = await whyNotWritable(prisma, existing.agentId, writer);
    if (why === "builtin" || why === "foreign") return { result: "refused", agentId: existing.agentId, why };
  }
  return existing.status === status ? { result: "duplicate", commandId: id, status: existing.status } : { result: "conflict", commandId: id, status: existing.status };
}

/** Times out every unanswered command past its deadline; returns how many. */
export async function expireCommands(prisma: PrismaClient): Promise<number> {
  const rows = await prisma.$queryRaw<{ id: string }[]>`
    WITH t AS (
      UPDATE agent_commands SET status = 'timed_out', message = coalesce(message, 'no acknowledgement before the deadline')
       WHERE status IN ('pending', 'delivered') AND expires_at <= now()
      RETURNING id, type, action_id, purpose, status AS was
    ), s AS (
      INSERT INTO incident_steps (incident_id, key, kind, message, details, worker_id, created_at)
      SELECT ra.incident_id, 'timed_out:' || ra.attempt || ':' || t.purpose, 'command_timed_out',
             'Command ' || t.type || ' was not acknowledged in time', jsonb_build_object('commandId', t.id, 'purpose', t.purpose), NULL, now()
        FROM t JOIN recovery_actions ra ON ra.id = t.action_id
      ON CONFLICT (incident_id, key) DO NOTHING
    )
    SELECT id::text FROM t`;
  return rows.length;
}

