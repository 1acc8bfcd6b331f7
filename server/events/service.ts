import type { Db, Prisma } from "../db/client";
import type { Event } from "../db/generated/client";
import { encodeCursor, olderThan, page, type Cursor } from "../db/paging";
import { eventSeveritiesAtLeast, type EventSeverity } from "../vocabulary";

/**
 * The dashboard's reads of the event log: newest first, keyset-paginated on (timestamp, id).
 * (The public API's event list is server/ingest/events.ts.) Functions take the Prisma client or a
 * transaction first.
 */

export interface EventDto {
  id: string;
  clientId: string | null;
  type: string;
  message: string;
  severity: EventSeverity;
  agentId: string | null;
  timestamp: string;
  metadata: unknown;
}

/** The one event DTO (the public API's shape; the dashboard adds the agent's name). */
export function toEventDto(e: Event): EventDto {
  return {
    id: e.id.toString(),
    clientId: e.clientId,
    type: e.type,
    message: e.message,
    severity: e.severity,
    agentId: e.agentId,
    timestamp: e.timestamp.toISOString(),
    metadata: e.metadata,
  };
}

export interface EventLogQuery {
  agentId?: string;
  /** Minimum event severity (inclusive): "warning" shows warning, error and critical. */
  minSeverity?: EventSeverity;
  type?: string;
  /** Case-insensitive part of the message, the type or the agent id. */
  search?: string;
  since?: Date;
  cursor?: Cursor | null;
  limit: number;
}

export async function listEventLog(db: Db, q: EventLogQuery) {
  const where: Prisma.EventWhereInput[] = [];
  if (q.agentId) where.push({ agentId: q.agentId });
  if (q.minSeverity) where.push({ severity: { in: eventSeveritiesAtLeast(q.minSeverity) } });
  if (q.type) where.push({ type: q.type });
  const text = q.search?.trim();
  if (text) where.push({ OR: [{ message: { contains: text, mode: "insensitive" } }, { type: { contains: text, mode: "insensitive" } }, { agentId: { contains: text, mode: "insensitive" } }] });
  if (q.since) where.push({ timestamp: { gte: q.since } });
  where.push(olderThan("timestamp", q.cursor));
  const rows = await db.event.findMany({
    where: { AND: where },
    orderBy: [{ timestamp: "desc" }, { id: "desc" }],
    take: q.limit + 1,
    include: { agent: { select: { name: true } } },
  });
  return page(
    rows,
    q.limit,
    (e) => encodeCursor(e.timestamp, e.id),
    (e) => ({
      ...toEventDto(e),
      agentName: e.agent?.name ?? null,
      metadata: e.metadata && typeof e.metadata === "object" && !Array.isArray(e.metadata) ? (e.metadata as Record<string, unknown>) : null,
    }),
  );
}

/** Event types seen in the last 7 days, most frequent first (the filter dropdown). */
export async function recentEventTypes(db: Db): Promise<{ type: string; count: number }[]> {
  const groups = await db.event.groupBy({
    by: ["type"],
    where: { timestamp: { gt: new Date(Date.now() - 7 * 24 * 3_600_000) } },
    _count: { _all: true },
    orderBy: { _count: { type: "desc" } },
    take: 100,
  });
  return groups.map((g) => ({ type: g.type, count: g._count._all }));
}
