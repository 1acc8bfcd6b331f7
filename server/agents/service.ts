import { Prisma, type PrismaClient, type Db } from "../db/client";
import type { Agent } from "../db/generated/client";
import { AGENT_STATES, type AgentKind, type AgentState } from "../vocabulary";
import type { HealthBreakdown, HealthStatus, HealthTrend } from "../health-score/types";
import { isConstraintViolation } from "../http/db-errors";
import { refusedError, whyNotWritable, writableWhere, type AgentWriter } from "./ownership";

/**
 * Agents in the database, as the public API, the dashboard and the help agent read them:
 * registration (create or update), the fleet list, listing with keyset pagination, and the one
 * DTO shape (camelCase, ISO times). Data functions take the Prisma client or a transaction first.
 */

/** A Prisma client or an open transaction (a PrismaClient is usable wherever a transaction is). */

export interface AgentRegistrationInput {
  id: string;
  name?: string;
  description?: string;
  capabilities?: string[];
  version?: string;
  heartbeatIntervalSeconds?: number;
  graceSeconds?: number;
  expected?: boolean;
  metadata?: Record<string, unknown>;
}

/** What every fleet reader shows of an agent (the dashboard's agent table, the help agent's lists). */
const AGENT_SUMMARY_SELECT = {
  id: true,
  name: true,
  kind: true,
  description: true,
  capabilities: true,
  version: true,
  expected: true,
  state: true,
  stateChangedAt: true,
  heartbeatIntervalSeconds: true,
  graceSeconds: true,
  lastHeartbeatAt: true,
  firstSeenAt: true,
  healthScore: true,
  healthStatus: true,
  healthTrend: true,
  metadata: true,
} as const satisfies Prisma.AgentSelect;
type AgentSummaryRow = Prisma.AgentGetPayload<{ select: typeof AGENT_SUMMARY_SELECT }>;

export interface AgentSummaryDto {
  id: string;
  name: string;
  kind: AgentKind;
  description: string | null;
  capabilities: string[];
  version: string | null;
  expected: boolean;
  state: AgentState;
  stateChangedAt: string;
  heartbeatIntervalSeconds: number;
  graceSeconds: number;
  lastHeartbeatAt: string | null;
  firstSeenAt: string | null;
  healthScore: number | null;
  healthStatus: HealthStatus | null;
  healthTrend: HealthTrend | null;
}

export interface AgentDto extends AgentSummaryDto {
  /** Factor breakdown of the latest score; null until the health agent has scored this agent. */
  health: HealthBreakdown | null;
  healthUpdatedAt: string | null;
  metadata: unknown;
  createdAt: string;
  updatedAt: string;
}

const iso = (d: Date | null) => (d ? d.toISOString() : null);

/**
 * `healthFactors` is written by the health scorer as a HealthBreakdown; tolerate a bare factor
 * array too (older rows / other writers) so the API never fails on its shape.
 */
function breakdown(a: Agent): HealthBreakdown | null {
  const f = a.healthFactors as unknown;
  if (f === null || f === undefined) return null;
  if (Array.isArray(f)) return { score: a.healthScore, status: a.healthStatus as HealthStatus | null, factors: f as HealthBreakdown["factors"], windowMinutes: 15 };
  if (typeof f === "object" && Array.isArray((f as HealthBreakdown).factors)) return f as HealthBreakdown;
  return null;
}

/** The fields every agent DTO starts with, in the order the public API has always sent them. */
export function toAgentSummaryDto(a: AgentSummaryRow): AgentSummaryDto {
  return {
    id: a.id,
    name: a.name,
    kind: a.kind,
    description: a.description,
    capabilities: a.capabilities,
    version: a.version,
    expected: a.expected,
    state: a.state,
    stateChangedAt: a.stateChangedAt.toISOString(),
    heartbeatIntervalSeconds: a.heartbeatIntervalSeconds,
    graceSeconds: a.graceSeconds,
    lastHeartbeatAt: iso(a.lastHeartbeatAt),
    firstSeenAt: iso(a.firstSeenAt),
    healthScore: a.healthScore,
    // Written only by the health scorer, from HealthStatus / HealthTrend.
    healthStatus: a.healthStatus as HealthStatus | null,
    healthTrend: a.healthTrend as HealthTrend | null,
  };
}

/** The one full agent DTO: REST (GET/POST /api/v1/agents…), the dashboard's detail, the help agent. */
export function toAgentDto(a: Agent): AgentDto {
  return {
    ...toAgentSummaryDto(a),
    health: breakdown(a),
    healthUpdatedAt: iso(a.healthUpdatedAt),
    metadata: a.metadata,
    createdAt: a.createdAt.toISOString(),
    updatedAt: a.updatedAt.toISOString(),
  };
}

/** The `metadata` object of an agent (empty when it is not an object). */
export function agentMetadata(a: { metadata: unknown }): Record<string, unknown> {
  const v = a.metadata;
  return v && typeof v === "object" && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
}

/** Built-in agents are registered with `metadata.implemented = false` until they run. */
export const isImplemented = (a: { metadata: unknown }) => agentMetadata(a).implemented !== false;

/**
 * Registers a new agent (state `registered`, kind external) or updates the fields given for an
 * existing one. Fields left out keep their value; kind and state never change here, so a
 * running agent stays in its state. Not inside a transaction: a lost insert race is recovered
 * with an update, which an aborted transaction could not run.
 *
 * With a `writer` (an API key) the ownership rules apply (server/agents/ownership.ts): the update
 * is guarded by the ownership condition in its WHERE (no check-then-write race), a built-in or
 * another key's agent throws a 403, a new agent belongs to the writer, and a non-admin writer
 * claims an agent that has no live owner. Without one (import, the dashboard, tests) it writes
 * as Vigil itself.
 */
export async function registerAgent(
  prisma: PrismaClient,
  input: AgentRegistrationInput,
  writer: AgentWriter | null = null,
): Promise<{ agent: Agent; created: boolean }> {
  const fields = {
    description: input.description,
    capabilities: input.capabilities,
    version: input.version,
    heartbeatIntervalSeconds: input.heartbeatIntervalSeconds,
    graceSeconds: input.graceSeconds,
    expected: input.expected,
    metadata: input.metadata as Prisma.InputJsonValue | undefined,
  };
  const update = async (): Promise<Agent | null> => {
    if (!writer) {
      const exists = await prisma.agent.findUnique({ where: { id: input.id }, select: { id: true } });
      return exists ? prisma.agent.update({ where: { id: input.id }, data: { ...fields, name: input.name } }) : null;
    }
    try {
      // One guarded UPDATE: the ownership condition is in its WHERE, so no check-then-write race.
      // Only an admin leaves the owner as it is; anyone else owns what they may write.
      return await prisma.agent.update({
        where: { ...writableWhere(writer), id: input.id },
        data: { ...fields, name: input.name, ownerKeyId: writer.admin ? undefined : writer.keyId },
      });
    } catch (err) {
      if (!isRecordNotFound(err)) throw err;
    }
    const why = await whyNotWritable(prisma, input.id, writer);
    if (why === "builtin" || why === "foreign") throw refusedError(input.id, why);
    return null;
  };
  const existing = await update();
  if (existing) return { agent: existing, created: false };
  try {
    const agent = await prisma.agent.create({
      data: { ...fields, id: input.id, name: input.name ?? input.id, kind: "external", state: "registered", ownerKeyId: writer?.keyId ?? null },
    });
    return { agent, created: true };
  } catch (err) {
    // Two registrations of the same new id raced: the loser updates what the winner created (if it may).
    if (!isConstraintViolation(err, "UniqueConstraintViolation")) throw err;
    const agent = await update();
    if (!agent) throw err;
    return { agent, created: false };
  }
}

/** Prisma's "the record to update was not found" (here: the guard did not match). */
const isRecordNotFound = (err: unknown) => err instanceof Prisma.PrismaClientKnownRequestError && err.code === "P2025";

export async function getAgent(db: Db, id: string): Promise<Agent | null> {
  return db.agent.findUnique({ where: { id } });
}

/** Every agent for the dashboard's fleet table (at most a few thousand: it sorts and filters client-side). */
export async function listFleet(db: Db): Promise<AgentSummaryRow[]> {
  return db.agent.findMany({ select: AGENT_SUMMARY_SELECT, orderBy: [{ kind: "asc" }, { id: "asc" }], take: 5000 });
}

/** Number of agents in each state, every state present (zeros included). */
export async function countAgentsByState(db: Db): Promise<{ state: AgentState; count: number }[]> {
  const groups = await db.agent.groupBy({ by: ["state"], _count: { _all: true } });
  // Registered-but-silent agents last: on the overview they matter least.
  const order = [...AGENT_STATES.filter((s) => s !== "registered"), "registered" as const];
  return order.map((state) => ({ state, count: groups.find((g) => g.state === state)?._count._all ?? 0 }));
}

/** Agents newest first (createdAt DESC, id DESC), keyset-paginated, optionally by state/kind. */
export async function listAgents(
  prisma: Db,
  q: { state?: AgentState[]; kind?: AgentKind; expected?: boolean; cursor?: { at: Date; id: string }; limit: number },
): Promise<{ rows: Agent[]; more: boolean }> {
  const rows = await prisma.agent.findMany({
    where: {
      state: q.state ? { in: q.state } : undefined,
      kind: q.kind,
      expected: q.expected,
      ...(q.cursor && { OR: [{ createdAt: { lt: q.cursor.at } }, { createdAt: q.cursor.at, id: { lt: q.cursor.id } }] }),
    },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: q.limit + 1,
  });
  const more = rows.length > q.limit;
  return { rows: more ? rows.slice(0, q.limit) : rows, more };
}
