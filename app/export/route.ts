import { pool } from "@/server/db/client";
import { withApi } from "@/server/http/api";
import { parseQuery } from "@/server/http/query";
import { exportFilename, exportQuerySchema, exportStream } from "@/server/transfer/export";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

/**
 * The dashboard's download links (Events page, agent detail). Same access as the dashboard
 * pages themselves (no API key in a browser link); when dashboard login lands, guard this route
 * like the tRPC handler. API clients use /api/v1/export with a read key.
 */
export const GET = withApi({ scope: null }, async ({ req }) => {
  const q = parseQuery(req, exportQuerySchema);
  return new Response(await exportStream(pool(), q), {
    headers: {
      "content-type": q.format === "csv" ? "text/csv; charset=utf-8" : "application/x-ndjson; charset=utf-8",
      "content-disposition": `attachment; filename="${exportFilename(q)}"`,
      "cache-control": "no-store",
    },
  });
});
