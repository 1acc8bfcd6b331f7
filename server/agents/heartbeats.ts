import { Prisma, type PrismaClient } from "../db/client";
import { writableSql, type AgentWriter } from "./ownership";
import type { AgentState } from "../vocabulary";
import { CLOCK_STATES, transitionState } from "./state";
import { encodeCursor, olderThan, page, type Cursor } from "../db/paging";
import type { Heartbeat } from "../db/generated/client";
import { liveNotification, type LiveEvent } from "../live/channel";

export interface HeartbeatInput {
  status?: string;
  metrics?: Record<string, number>;
  metadata?: Record<string, unknown>;
}

/**
 * Stores a heartbeat, moves the agent's clock, and brings it back to `active` when it was
 * registered, late or unresponsive. Metrics sent with the heartbeat are stored as metric rows
 * too, so charts and anomaly detection see them. Returns false when the agent does not exist.
 *
 * One statement (data-modifying CTEs) instead of lookup + transaction: the heartbeat, the clock
 * update and the metric rows commit atomically in a single round trip. This is the hottest path
 * of the API (it must sustain thousands of heartbeats a second); the ORM version was ~5 round trips.
 */
export async function recordHeartbeat(prisma: PrismaClient, agentId: string, input: HeartbeatInput, at = new Date()): Promise<boolean> {
  return (await storeHeartbeat(prisma, agentId, input, at)) !== null;
}

export interface StoredHeartbeat {
  /** The agent has recovery commands waiting (only then is a delivery query worth running). */
  pendingCommands: boolean;
}

/**
 * recordHeartbeat for the API route: the same statement also queues the live NOTIFY (sent at
 * commit, so never for a heartbeat that was not stored) and says whether commands are pending.
 * The bench profile showed the route making three round trips (heartbeat, NOTIFY, command
 * delivery) where one does in the common case of no pending command. With `writer` (the API
 * key) the ownership condition is part of the same UPDATE (server/agents/ownership.ts). null:
 * nothing stored — unknown agent, or (with a writer) one the key may not write; whyNotWritable
 * tells which, off the hot path.
 */
export async function storeHeartbeat(
  prisma: PrismaClient,
  agentId: string,
  input: HeartbeatInput,
  at = new Date(),
  opts: { notify?: LiveEvent; writer?: AgentWriter } = {},
): Promise<StoredHeartbeat | null> {
  const notify = opts.notify ? liveNotification(opts.notify) : null;
  const names = Object.keys(input.metrics ?? {});
  const values = names.map((n) => input.metrics![n]!);
  const json = (v: unknown) => (v === undefined || v === null ? null : JSON.stringify(v));
  const ts = at.toISOString();
  // UPDATE … RETURNING gives the state as it was (state itself is not changed here).
  const rows = await prisma.$queryRaw<{ state: AgentState; pending: boolean; notified: number }[]>`
    WITH a AS (
      UPDATE agents
         SET last_heartbeat_at = ${ts}::timestamptz,
             first_seen_at = CASE WHEN state = 'registered' THEN ${ts}::timestamptz ELSE first_seen_at END,
             updated_at = now()
       WHERE id = ${agentId} AND ${opts.writer ? writableSql(opts.writer, "agents") : Prisma.sql`true`}
      RETURNING id, state
    ), h AS (
      INSERT INTO heartbeats (agent_id, received_at, status, metrics, metadata)
      SELECT id, ${ts}::timestamptz, ${input.status ?? null}, ${json(input.metrics)}::jsonb, ${json(input.metadata)}::jsonb FROM a
    ), m AS (
      INSERT INTO metrics (agent_id, name, value, timestamp)
      SELECT a.id, x.name, x.value, ${ts}::timestamptz FROM a, unnest(${names}::text[], ${values}::float8[]) AS x(name, value)
    ), n AS (
      SELECT pg_notify(${notify?.channel ?? ""}::text, ${notify?.payload ?? ""}::text) FROM a WHERE ${notify !== null}::boolean
    )
    SELECT state::text AS state,
           EXISTS (SELECT 1 FROM agent_commands c WHERE c.agent_id = a.id AND c.status = 'pending' AND c.expires_at > now()) AS pending,
           (SELECT count(*) FROM n)::int AS notified
      FROM a`;
  const row = rows[0];
  if (!row) return null;
  const state = row.state;
  // A stopped agent that heartbeats again has been started again.
  if (state !== "active" && (CLOCK_STATES.includes(state) || state === "stopped")) {
    await transitionState(prisma, agentId, state, "active", state === "registered" ? "first heartbeat" : `heartbeat received while ${state}`, at);
  }
  return { pendingCommands: row.pending };
}

export interface HeartbeatDto {
  id: string;
  agentId: string;
  receivedAt: string;
  status: string | null;
  metrics: unknown;
  metadata: unknown;
}

/** The one heartbeat DTO (the public API's shape; the agent page's recent list picks from it). */
export function toHeartbeatDto(h: Heartbeat): HeartbeatDto {
  return { id: h.id.toString(), agentId: h.agentId, receivedAt: h.receivedAt.toISOString(), status: h.status, metrics: h.metrics, metadata: h.metadata };
}

/**
 * Recent heartbeats since `since`, newest first, keyset-paginated on (receivedAt, id) — the
 * `(agent_id, received_at DESC)` index serves the per-agent case.
 */
export async function listHeartbeats(prisma: PrismaClient, q: { agentId?: string; since: Date; cursor?: Cursor; limit: number }): Promise<{ items: HeartbeatDto[]; nextCursor: string | null }> {
  const rows = await prisma.heartbeat.findMany({
    where: {
      agentId: q.agentId,
      receivedAt: { gte: q.since },
      ...olderThan("receivedAt", q.cursor),
    },
    orderBy: [{ receivedAt: "desc" }, { id: "desc" }],
    take: q.limit + 1,
  });
  return page(rows, q.limit, (r) => encodeCursor(r.receivedAt, r.id), toHeartbeatDto);
}
