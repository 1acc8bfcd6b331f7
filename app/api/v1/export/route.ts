import { pool } from "@/server/db/client";
import { withApi } from "@/server/http/api";
import { parseQuery } from "@/server/http/query";
import { exportFilename, exportQuerySchema, exportStream } from "@/server/transfer/export";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

/** `?type=events|metrics|heartbeats&format=csv|ndjson&hours=|minutes=&agentId=` — streamed, oldest first (default: last 24 h). */
export const GET = withApi({ scope: "read" }, async ({ req }) => {
  const q = parseQuery(req, exportQuerySchema);
  return new Response(await exportStream(pool(), q), {
    headers: {
      "content-type": q.format === "csv" ? "text/csv; charset=utf-8" : "application/x-ndjson; charset=utf-8",
      "content-disposition": `attachment; filename="${exportFilename(q)}"`,
      "cache-control": "no-store",
    },
  });
});
