import type { PrismaClient } from "../db/client";
import { Prisma } from "../db/client";
import type { Agent } from "../db/generated/client";
import type { AgentKind, AgentState } from "../vocabulary";
import type { HealthBreakdown } from "../health-score/types";
import { isConstraintViolation } from "../http/db-errors";

/**
 * Agents as the public API and the dashboard see them: registration (create or update),
 * listing with keyset pagination, and the one DTO shape (camelCase, ISO times).
 */

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

export interface AgentDto {
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
  healthStatus: string | null;
  healthTrend: string | null;
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
  if (Array.isArray(f)) return { score: a.healthScore, status: a.healthStatus as HealthBreakdown["status"], factors: f as HealthBreakdown["factors"], windowMinutes: 15 };
  if (typeof f === "object" && Array.isArray((f as HealthBreakdown).factors)) return f as HealthBreakdown;
  return null;
}

export function toAgentDto(a: Agent): AgentDto {
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
    healthStatus: a.healthStatus,
    healthTrend: a.healthTrend,
    health: breakdown(a),
    healthUpdatedAt: iso(a.healthUpdatedAt),
    metadata: a.metadata,
    createdAt: a.createdAt.toISOString(),
    updatedAt: a.updatedAt.toISOString(),
  };
}

/**
 * Registers a new agent (state `registered`, kind external) or updates the fields given for an
 * existing one. Fields left out keep their value; kind and state never change here, so a
 * built-in agent stays built-in and a running agent stays in its state.
 */
export async function registerAgent(prisma: PrismaClient, input: AgentRegistrationInput): Promise<{ agent: Agent; created: boolean }> {
  const fields = {
    description: input.description,
    capabilities: input.capabilities,
    version: input.version,
    heartbeatIntervalSeconds: input.heartbeatIntervalSeconds,
    graceSeconds: input.graceSeconds,
    expected: input.expected,
    metadata: input.metadata as Prisma.InputJsonValue | undefined,
  };
  const update = () => prisma.agent.update({ where: { id: input.id }, data: { ...fields, name: input.name } });
  const existing = await prisma.agent.findUnique({ where: { id: input.id }, select: { id: true } });
  if (existing) return { agent: await update(), created: false };
  try {
    const agent = await prisma.agent.create({ data: { ...fields, id: input.id, name: input.name ?? input.id, kind: "external", state: "registered" } });
    return { agent, created: true };
  } catch (err) {
    // Two registrations of the same new id raced: the loser updates what the winner created.
    if (!isConstraintViolation(err, "UniqueConstraintViolation")) throw err;
    return { agent: await update(), created: false };
  }
}

export async function getAgent(prisma: PrismaClient, id: string): Promise<Agent | null> {
  return prisma.agent.findUnique({ where: { id } });
}

/** Agents newest first (createdAt DESC, id DESC), keyset-paginated, optionally by state/kind. */
export async function listAgents(
  prisma: PrismaClient,
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
