import { pool } from "@/server/db/client";
import { sessionFromHeaders } from "@/server/auth/session";
import { withApi } from "@/server/http/api";
import { ApiError } from "@/server/http/errors";
import { parseQuery } from "@/server/http/query";
import { exportFilename, exportQuerySchema, exportStream } from "@/server/transfer/export";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

/**
 * The dashboard's download links (Events page, agent detail): a signed-in session, like the
 * dashboard pages (no API key in a browser link). API clients use /api/v1/export with a read key.
 */
export const GET = withApi({ scope: null }, async ({ req }) => {
  if (!(await sessionFromHeaders(req.headers, req.url))) throw new ApiError(401, "sign in to export data");
  const q = parseQuery(req, exportQuerySchema);
  return new Response(await exportStream(pool(), q), {
    headers: {
      "content-type": q.format === "csv" ? "text/csv; charset=utf-8" : "application/x-ndjson; charset=utf-8",
      "content-disposition": `attachment; filename="${exportFilename(q)}"`,
      "cache-control": "no-store",
    },
  });
});
