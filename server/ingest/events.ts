import { z } from "zod";
import type { PrismaClient } from "../db/client";
import { commaList, cursorParam, limitParam, windowParams } from "../http/query";
import { recentPage, recentPageArgs } from "./recent";
import type { ParsedBatch } from "./batch";
import { isForeignKeyViolation, parseBatch, rejectUnknownAgents } from "./batch";
import type { EventItem } from "./schemas";
import { rejectUnwritableAgents, type AgentWriter } from "../agents/ownership";
import { EVENT_SEVERITIES, type EventSeverity } from "../vocabulary";
import { agentIdRef, eventItemSchema, text } from "./schemas";
import { toEventDto, type EventDto } from "../events/service";

interface EventIngestResult {
  batch: ParsedBatch<EventItem>;
  /** Valid items not stored because an event with the same client id already was (a retry). */
  duplicates: number;
}

export interface EventRow {
  clientId: string | null;
  type: string;
  message: string;
  severity: EventSeverity;
  agentId: string | null;
  timestamp: Date;
  metadata: unknown;
}

/**
 * One INSERT … SELECT FROM unnest(arrays) … ON CONFLICT (client_id) DO NOTHING for the batch:
 * a retried batch (or the same id twice in one batch) stores once. Returns rows inserted.
 * Raw SQL rather than createMany for throughput (see insertMetricRows).
 */
export async function insertEventRows(prisma: PrismaClient, rows: EventRow[]): Promise<number> {
  if (rows.length === 0) return 0;
  return prisma.$executeRaw`
    INSERT INTO events (client_id, type, message, severity, agent_id, timestamp, metadata)
    SELECT * FROM unnest(
      ${rows.map((r) => r.clientId)}::text[], ${rows.map((r) => r.type)}::text[], ${rows.map((r) => r.message)}::text[],
      ${rows.map((r) => r.severity)}::"Severity"[], ${rows.map((r) => r.agentId)}::text[],
      ${rows.map((r) => r.timestamp.toISOString())}::timestamptz[],
      ${rows.map((r) => (r.metadata === undefined || r.metadata === null ? null : JSON.stringify(r.metadata)))}::jsonb[])
    ON CONFLICT (client_id) DO NOTHING`;
}

/**
 * Validates `{events: [...]}` and stores the valid items; repeats of already stored client ids
 * count as duplicates, not errors. With `writer` (the API key), items for agents it may not
 * write are rejected too (ownership).
 */
export async function ingestEvents(prisma: PrismaClient, body: unknown, now = new Date(), writer?: AgentWriter): Promise<EventIngestResult> {
  const batch = parseBatch(body, "events", eventItemSchema);
  const checkAgents = () => (writer ? rejectUnwritableAgents(prisma, batch, writer, (e) => e.agentId) : rejectUnknownAgents(prisma, batch, (e) => e.agentId));
  await checkAgents();
  const insert = async () => {
    const rows = batch.valid.map(({ data: e }) => ({
      clientId: e.id ?? null,
      type: e.type,
      message: e.message,
      severity: e.severity,
      agentId: e.agentId ?? null,
      timestamp: e.timestamp ?? now,
      metadata: e.metadata,
    }));
    return rows.length - (await insertEventRows(prisma, rows));
  };
  try {
    return { batch, duplicates: await insert() };
  } catch (err) {
    if (!isForeignKeyViolation(err)) throw err;
    await checkAgents();
    return { batch, duplicates: await insert() };
  }
}

const severityList = commaList(EVENT_SEVERITIES, "severity");

export const eventsQuerySchema = z.strictObject({
  severity: severityList,
  type: text(1, 100).optional(),
  agentId: agentIdRef.optional(),
  ...windowParams,
  cursor: cursorParam(),
  limit: limitParam,
});

type EventsQuery = z.output<typeof eventsQuerySchema>;

/** Recent events, newest first, keyset-paginated on (timestamp, id). Default window 24 h: events are sparse. */
export async function listEvents(prisma: PrismaClient, q: EventsQuery): Promise<{ items: EventDto[]; nextCursor: string | null }> {
  const { where, ...args } = recentPageArgs(q, 24 * 60);
  const rows = await prisma.event.findMany({ where: { ...where, severity: q.severity ? { in: q.severity } : undefined, type: q.type, agentId: q.agentId }, ...args });
  return recentPage(rows, q, toEventDto);
}
