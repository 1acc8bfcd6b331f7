import { Prisma, type PrismaClient } from "../db/client";
import { ApiError, issue, type Issue } from "../http/errors";
import type { ParsedBatch } from "../ingest/batch";

/**
 * Who may write an agent through the public API (docs/api.md, "Agent ownership"):
 * - a built-in agent: nobody. Its settings come from the roster and its heartbeats from the
 *   worker; an API key writing them would let any client impersonate Vigil's own agents.
 * - an external agent: the API key that registered it (`owner_key_id`) and admin keys.
 * - an external agent without a live owner (registered before owners were recorded, imported,
 *   or whose owner key was revoked, expired or deleted): any ingest key. The next non-admin key
 *   that registers it claims it, so rotating a deployment's key works by revoking the old one.
 * Every check is a SQL condition folded into the statement that writes (or into the agent
 * lookup the batch routes already make), so ownership costs no extra round trip.
 */

export interface AgentWriter {
  /** The calling API key's id. */
  keyId: string;
  /** Admin keys may change any external agent (never a built-in one). */
  admin: boolean;
}

export function agentWriter(key: { id: string; scopes: readonly string[] }): AgentWriter {
  return { keyId: key.id, admin: key.scopes.includes("admin") };
}

export type WriteRefusal = "builtin" | "foreign";

export function refusalMessage(agentId: string, why: WriteRefusal): string {
  return why === "builtin"
    ? `agent '${agentId}' is a built-in Vigil agent: its settings and heartbeats come from Vigil's worker, not from the API`
    : `agent '${agentId}' belongs to another API key: only the key that registered it or an admin key may change it or send its heartbeats and data`;
}

/** 403 for a refused write to one agent (registration, heartbeat, command acknowledgement). */
export function refusedError(agentId: string, why: WriteRefusal, path = "id"): ApiError {
  return new ApiError(403, refusalMessage(agentId, why), [issue(path, why === "builtin" ? "built-in agents cannot be written through the API" : "agent is owned by another API key")]);
}

/**
 * SQL condition: the writer may write the agent row aliased `a`. The owner counts only while
 * its key is usable (not revoked, not expired); a missing key (deleted: the FK set it null) is
 * covered by `owner_key_id IS NULL`.
 */
export function writableSql(w: AgentWriter, alias = "a"): Prisma.Sql {
  const a = Prisma.raw(alias);
  return Prisma.sql`(${a}.kind = 'external' AND (${w.admin}::boolean OR ${a}.owner_key_id IS NULL OR ${a}.owner_key_id = ${w.keyId}::uuid
    OR NOT EXISTS (SELECT 1 FROM api_keys k WHERE k.id = ${a}.owner_key_id
                     AND (k.revoked_at IS NULL OR k.revoked_at > now()) AND (k.expires_at IS NULL OR k.expires_at > now()))))`;
}

/** writableSql as a Prisma filter, for the ORM's guarded update of a registration. */
export function writableWhere(w: AgentWriter, now = new Date()): Prisma.AgentWhereInput {
  if (w.admin) return { kind: "external" };
  const ownerGone: Prisma.ApiKeyWhereInput = { OR: [{ revokedAt: { lte: now } }, { expiresAt: { lte: now } }] };
  return { kind: "external", OR: [{ ownerKeyId: null }, { ownerKeyId: w.keyId }, { ownerKey: { is: ownerGone } }] };
}

/**
 * Why the writer may not write these agents (only the refused ones are in the map; unknown ids
 * are in `unknown`). One query; used after a guarded write touched nothing, and by batches.
 */
export async function checkAgents(prisma: PrismaClient, ids: string[], w: AgentWriter): Promise<{ refused: Map<string, WriteRefusal>; unknown: Set<string> }> {
  const rows = ids.length
    ? await prisma.$queryRaw<{ id: string; kind: string; writable: boolean }[]>`
        SELECT a.id, a.kind::text AS kind, ${writableSql(w)} AS writable FROM agents a WHERE a.id = ANY(${ids}::text[])`
    : [];
  const refused = new Map<string, WriteRefusal>();
  for (const r of rows) if (!r.writable) refused.set(r.id, r.kind === "builtin" ? "builtin" : "foreign");
  const found = new Set(rows.map((r) => r.id));
  return { refused, unknown: new Set(ids.filter((id) => !found.has(id))) };
}

/** Why one agent cannot be written: "unknown", a refusal, or null (writable: the write lost a race). */
export async function whyNotWritable(prisma: PrismaClient, id: string, w: AgentWriter): Promise<WriteRefusal | "unknown" | null> {
  const { refused, unknown } = await checkAgents(prisma, [id], w);
  return unknown.has(id) ? "unknown" : (refused.get(id) ?? null);
}

const unknownAgentMessage = (id: string) => `unknown agent '${id}': register it first with POST /api/v1/agents`;

/**
 * The batch routes' agent check with ownership: items naming an unknown agent, a built-in agent
 * or another key's agent move to `rejected` (path `agentId`), in the one query the unknown-agent
 * check made before.
 */
export async function rejectUnwritableAgents<T>(prisma: PrismaClient, batch: ParsedBatch<T>, w: AgentWriter, agentOf: (item: T) => string | undefined): Promise<void> {
  const ids = [...new Set(batch.valid.map((v) => agentOf(v.data)).filter((id): id is string => id !== undefined))];
  if (ids.length === 0) return;
  const { refused, unknown } = await checkAgents(prisma, ids, w);
  if (refused.size === 0 && unknown.size === 0) return;
  const kept: typeof batch.valid = [];
  for (const v of batch.valid) {
    const id = agentOf(v.data);
    const why = id === undefined ? undefined : refused.get(id);
    if (id !== undefined && unknown.has(id)) batch.rejected.push(rejection(v.index, unknownAgentMessage(id)));
    else if (id !== undefined && why) batch.rejected.push(rejection(v.index, refusalMessage(id, why)));
    else kept.push(v);
  }
  batch.valid = kept;
}

const rejection = (index: number, message: string): Issue => ({ index, path: "agentId", message });
