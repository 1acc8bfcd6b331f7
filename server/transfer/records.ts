import { z } from "zod";
import { checkAgents, refusalMessage, type AgentWriter } from "../agents/ownership";
import { registerAgent } from "../agents/service";
import type { PrismaClient } from "../db/client";
import { zodIssues } from "../http/zod-issues";
import { insertEventRows } from "../ingest/events";
import { agentIdRef, agentRegistrationSchema, eventItemSchema, heartbeatBodySchema, metricItemSchema, timestampField } from "../ingest/schemas";
import { restoreCsvCell } from "./csv-cell";

/**
 * Import of agents, heartbeats, metrics and events, shared by `npm run import` and
 * POST /api/v1/import. Every record names its kind in `record` ("agent", "heartbeat", "metric",
 * "event"; not `type`, which events already use for their own type); each kind has an importer
 * (schema + batched insert) in IMPORTERS — LLM runs add one entry there when their table exists.
 *
 * Idempotency (re-importing a file, resuming over a chunk committed just before a crash, or
 * importing an export back): agents upsert by id; events dedupe by client `id`; metrics by the
 * natural key (agent, name, timestamp, value) and heartbeats by (agent, time), checked in the
 * INSERT itself. Two imports of the same data running *concurrently* can still both insert a
 * metric/heartbeat row (no unique index on those hot tables): run one import at a time.
 */
export interface SourceRecord {
  /** 1-based line in the source file (CSV: the record's first line). */
  line: number;
  value: unknown;
}
export interface Reject {
  line: number;
  path: string;
  message: string;
}
interface ImportResult {
  accepted: number;
  duplicates: number;
  rejected: Reject[];
}

const json = (v: unknown) => (v === undefined || v === null ? null : JSON.stringify(v));
const heartbeatRecordSchema = heartbeatBodySchema.extend({ agentId: agentIdRef, timestamp: timestampField });

interface Importer<S extends z.ZodType> {
  schema: S;
  agentOf: (v: z.output<S>) => string | undefined;
  /** Stores the chunk; returns how many were already there (duplicates). */
  insert: (prisma: PrismaClient, rows: z.output<S>[], key: string, now: Date, writer?: AgentWriter) => Promise<number>;
}
const importer = <S extends z.ZodType>(i: Importer<S>) => i;

const IMPORTERS = {
  agent: importer({
    schema: agentRegistrationSchema,
    agentOf: () => undefined,
    insert: async (prisma, rows, _key, _now, writer) => {
      for (const r of rows) await registerAgent(prisma, r, writer ?? null);
      return 0;
    },
  }),
  metric: importer({
    schema: metricItemSchema,
    agentOf: (m) => m.agentId,
    // Natural key (agent, name, timestamp, value), served by the (agent_id, name, timestamp) index.
    insert: async (prisma, rows, _key, now) => {
      const n = await prisma.$executeRaw`
        INSERT INTO metrics (agent_id, name, value, unit, timestamp, metadata)
        SELECT DISTINCT ON (x.a, x.n, x.t, x.v) x.a, x.n, x.v, x.u, x.t, x.m
          FROM unnest(${rows.map((m) => m.agentId)}::text[], ${rows.map((m) => m.name)}::text[], ${rows.map((m) => m.value)}::float8[],
                      ${rows.map((m) => m.unit ?? null)}::text[], ${rows.map((m) => (m.timestamp ?? now).toISOString())}::timestamptz[],
                      ${rows.map((m) => json(m.metadata))}::jsonb[]) AS x(a, n, v, u, t, m)
         WHERE NOT EXISTS (SELECT 1 FROM metrics e WHERE e.agent_id = x.a AND e.name = x.n AND e.timestamp = x.t AND e.value = x.v)`;
      return rows.length - n;
    },
  }),
  event: importer({
    schema: eventItemSchema,
    agentOf: (e) => e.agentId,
    insert: async (prisma, rows, _key, now) => {
      const n = await insertEventRows(prisma, rows.map((e) => ({ clientId: e.id ?? null, type: e.type, message: e.message, severity: e.severity, agentId: e.agentId ?? null, timestamp: e.timestamp ?? now, metadata: e.metadata })));
      return rows.length - n;
    },
  }),
  heartbeat: importer({
    schema: heartbeatRecordSchema,
    agentOf: (h) => h.agentId,
    // Historical heartbeats: stored as rows only; the agent's live clock and state are not moved.
    // Natural key (agent, time), served by the (agent_id, received_at) index.
    insert: async (prisma, rows, _key, now) => {
      const n = await prisma.$executeRaw`
        INSERT INTO heartbeats (agent_id, received_at, status, metrics, metadata)
        SELECT DISTINCT ON (x.a, x.t) x.a, x.t, x.s, x.mt, x.md
          FROM unnest(${rows.map((h) => h.agentId)}::text[], ${rows.map((h) => (h.timestamp ?? now).toISOString())}::timestamptz[],
                      ${rows.map((h) => h.status ?? null)}::text[], ${rows.map((h) => json(h.metrics))}::jsonb[], ${rows.map((h) => json(h.metadata))}::jsonb[]) AS x(a, t, s, mt, md)
         WHERE NOT EXISTS (SELECT 1 FROM heartbeats e WHERE e.agent_id = x.a AND e.received_at = x.t)`;
      return rows.length - n;
    },
  }),
} as const;

type RecordType = keyof typeof IMPORTERS;
const RECORD_TYPES = Object.keys(IMPORTERS) as RecordType[];
// Plural spellings and the export's own type names are accepted too.
const ALIASES: Record<string, RecordType> = { agents: "agent", metrics: "metric", events: "event", heartbeats: "heartbeat" };

export const MAX_IMPORT_CHUNK = 1000;

/**
 * Validates and stores one chunk (≤ 1,000 records). Agents are stored first, so later records may
 * reference them. With `writer` (the API key of POST /api/v1/import) the agent ownership rules
 * apply: records for a built-in agent or another key's agent are rejects.
 */
export async function importChunk(prisma: PrismaClient, records: SourceRecord[], now = new Date(), writer?: AgentWriter): Promise<ImportResult> {
  const result: ImportResult = { accepted: 0, duplicates: 0, rejected: [] };
  const byType = new Map<RecordType, { line: number; data: unknown }[]>();
  for (const { line, value } of records) {
    if (typeof value !== "object" || value === null || Array.isArray(value)) {
      result.rejected.push({ line, path: "", message: "expected a JSON object with a 'record' field" });
      continue;
    }
    const { record: rawType, ...rest } = value as Record<string, unknown>;
    // Own properties only: "constructor", "__proto__" or "toString" must not find Object.prototype's.
    const type = typeof rawType === "string" ? (Object.hasOwn(IMPORTERS, rawType) ? (rawType as RecordType) : Object.hasOwn(ALIASES, rawType) ? ALIASES[rawType] : undefined) : undefined;
    if (!type) {
      result.rejected.push({ line, path: "record", message: `unknown record kind ${JSON.stringify(rawType)?.slice(0, 40)}: use ${RECORD_TYPES.join(", ")}` });
      continue;
    }
    const parsed = IMPORTERS[type].schema.safeParse(rest);
    if (!parsed.success) {
      for (const i of zodIssues(parsed.error, null)) result.rejected.push({ line, path: i.path, message: i.message });
      continue;
    }
    if (!byType.has(type)) byType.set(type, []);
    byType.get(type)!.push({ line, data: parsed.data });
  }
  for (const type of RECORD_TYPES) {
    const items = byType.get(type);
    if (!items?.length) continue;
    const imp = IMPORTERS[type] as unknown as Importer<z.ZodType<unknown>>;
    // Unknown agents are rejects (one lookup per chunk), as in the batch API.
    const ids = [...new Set(items.map((i) => imp.agentOf(i.data)).filter((x): x is string => !!x))];
    const known = new Set(ids.length ? (await prisma.agent.findMany({ where: { id: { in: ids } }, select: { id: true } })).map((a) => a.id) : []);
    const kept = items.filter((i) => {
      const id = imp.agentOf(i.data);
      if (id === undefined || known.has(id)) return true;
      result.rejected.push({ line: i.line, path: "agentId", message: `unknown agent '${id}': import or register it first` });
      return false;
    });
    const owned = writer ? await rejectNotOwned(prisma, kept, type === "agent" ? (d) => (d as { id: string }).id : imp.agentOf, writer, result) : kept;
    if (!owned.length) continue;
    result.duplicates += await imp.insert(prisma, owned.map((k) => k.data), type, now, writer);
    result.accepted += owned.length;
  }
  result.rejected.sort((a, b) => a.line - b.line);
  return result;
}

/** Records the writer may not write (built-in or another key's agent) become rejects; one query. */
async function rejectNotOwned<T extends { line: number; data: unknown }>(
  prisma: PrismaClient,
  items: T[],
  agentOf: (data: unknown) => string | undefined,
  writer: AgentWriter,
  result: ImportResult,
): Promise<T[]> {
  const ids = [...new Set(items.map((i) => agentOf(i.data)).filter((x): x is string => !!x))];
  const { refused } = await checkAgents(prisma, ids, writer);
  return items.filter((i) => {
    const id = agentOf(i.data);
    const why = id === undefined ? undefined : refused.get(id);
    if (id === undefined || !why) return true;
    result.rejected.push({ line: i.line, path: i.data && typeof i.data === "object" && "agentId" in i.data ? "agentId" : "id", message: refusalMessage(id, why) });
    return false;
  });
}

const JSON_COLUMNS = new Set(["metadata", "metrics", "capabilities"]);
const NUMBER_COLUMNS = new Set(["value", "heartbeatIntervalSeconds", "graceSeconds"]);

/**
 * A CSV row (header → cell) as a record: empty cells are absent, number columns become numbers
 * (a non-number stays a string so validation names it), JSON columns are parsed, and `expected`
 * is a boolean. The export's CSV columns come back through here unchanged (the quote the export
 * puts before a formula-like string is removed: restoreCsvCell).
 */
export function csvRowToRecord(row: Record<string, string>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, cell] of Object.entries(row)) {
    if (cell === "") continue;
    const v = restoreCsvCell(cell);
    // A "__proto__" column must stay a (rejected) field, not become the record's prototype.
    if (k === "__proto__") {
      Object.defineProperty(out, k, { value: v, enumerable: true, writable: true, configurable: true });
      continue;
    }
    if (NUMBER_COLUMNS.has(k) && v.trim() !== "" && Number.isFinite(Number(v))) out[k] = Number(v);
    else if (JSON_COLUMNS.has(k)) {
      try {
        out[k] = JSON.parse(v);
      } catch {
        out[k] = v;
      }
    } else if (k === "expected" && (v === "true" || v === "false")) out[k] = v === "true";
    else if (k === "timestamp" && /^\d{12,}$/.test(v)) out[k] = Number(v);
    else out[k] = v;
  }
  return out;
}
