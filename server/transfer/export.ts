import type { Pool } from "pg";
import { stringify } from "csv-stringify/sync";
import { z } from "zod";
import { agentIdRef } from "../ingest/schemas";
import { windowParams, windowStart } from "../http/query";
import { CSV_STRINGIFY_OPTIONS, csvCell } from "./csv-cell";

/**
 * Streaming export of events, metrics and heartbeats as CSV or NDJSON. Rows are read
 * in keyset pages of PAGE rows (oldest first) and written as they come, so memory stays flat
 * whatever the range. Every row carries `record` (its import kind), and events without a client
 * id get `vigil:<row id>`: an export fed back to `npm run import` is accepted and idempotent.
 * CSV cells that a spreadsheet would run as a formula are neutralised (csv-cell.ts).
 */
export const exportQuerySchema = z.strictObject({
  type: z.enum(["events", "metrics", "heartbeats"], { error: "type must be events, metrics or heartbeats" }),
  format: z.enum(["csv", "ndjson"], { error: "format must be csv or ndjson" }).default("ndjson"),
  agentId: agentIdRef.optional(),
  ...windowParams,
});
type ExportQuery = z.output<typeof exportQuerySchema>;

const PAGE = 2000;

const COLUMNS = {
  events: ["record", "id", "agentId", "type", "severity", "message", "timestamp", "metadata"],
  metrics: ["record", "agentId", "name", "value", "unit", "timestamp", "metadata"],
  heartbeats: ["record", "agentId", "status", "timestamp", "metrics", "metadata"],
} as const;

const SQL = {
  events: `SELECT id, 'event' AS record, COALESCE(client_id, 'vigil:' || id) AS "id_", agent_id AS "agentId", type, severity::text AS severity, message, timestamp AS ts, metadata
             FROM events WHERE timestamp >= $1 AND ($2::text IS NULL OR agent_id = $2) AND (timestamp, id) > ($3, $4) ORDER BY timestamp, id LIMIT ${PAGE}`,
  metrics: `SELECT id, 'metric' AS record, agent_id AS "agentId", name, value, unit, timestamp AS ts, metadata
              FROM metrics WHERE timestamp >= $1 AND ($2::text IS NULL OR agent_id = $2) AND (timestamp, id) > ($3, $4) ORDER BY timestamp, id LIMIT ${PAGE}`,
  heartbeats: `SELECT id, 'heartbeat' AS record, agent_id AS "agentId", status, received_at AS ts, metrics, metadata
                 FROM heartbeats WHERE received_at >= $1 AND ($2::text IS NULL OR agent_id = $2) AND (received_at, id) > ($3, $4) ORDER BY received_at, id LIMIT ${PAGE}`,
};

type Row = Record<string, unknown> & { id: string; ts: Date };

function shape(type: ExportQuery["type"], r: Row): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const c of COLUMNS[type]) out[c] = c === "timestamp" ? r.ts.toISOString() : c === "id" ? r.id_ : r[c];
  return out;
}

function exportFilename(q: ExportQuery): string {
  return `vigil-${q.type}${q.agentId ? `-${q.agentId}` : ""}-${new Date().toISOString().slice(0, 19).replace(/:/g, "")}.${q.format}`;
}

/** The download answer shared by /api/v1/export (API key) and /export (dashboard session). */
export async function exportResponse(pool: Pool, q: ExportQuery): Promise<Response> {
  return new Response(await exportStream(pool, q), {
    headers: {
      "content-type": q.format === "csv" ? "text/csv; charset=utf-8" : "application/x-ndjson; charset=utf-8",
      "content-disposition": `attachment; filename="${exportFilename(q)}"`,
      "cache-control": "no-store",
    },
  });
}

/** The export as a byte stream. The first page is read before returning, so a database outage is a 503, not a broken download. */
async function exportStream(pool: Pool, q: ExportQuery): Promise<ReadableStream<Uint8Array>> {
  const since = windowStart(q, 24 * 60);
  const enc = new TextEncoder();
  const cols = COLUMNS[q.type];
  let after: [Date, string] = [new Date(0), "0"];
  const fetchPage = async () => (await pool.query<Row>(SQL[q.type], [since, q.agentId ?? null, after[0], after[1]])).rows;
  let rows: Row[] | null = await fetchPage();
  let header = q.format === "csv";
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        rows ??= await fetchPage();
        const out: string[] = [];
        if (header) out.push(stringify([[...cols]]));
        header = false;
        const shaped = rows.map((r) => shape(q.type, r));
        if (q.format === "csv") {
          if (shaped.length) out.push(stringify(shaped.map((s) => cols.map((c) => csvCell(s[c]))), CSV_STRINGIFY_OPTIONS));
        } else {
          for (const s of shaped) out.push(JSON.stringify(s) + "\n");
        }
        if (out.length) controller.enqueue(enc.encode(out.join("")));
        const last = rows[rows.length - 1];
        if (rows.length < PAGE || !last) controller.close();
        else after = [last.ts, last.id];
        rows = null;
      } catch (e) {
        controller.error(e);
      }
    },
  });
}
