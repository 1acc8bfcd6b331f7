import { pool } from "@/server/db/client";
import { apiRoute, apiRoutes } from "@/server/http/route";
import { exportQuerySchema, exportResponse } from "@/server/transfer/export";

/**
 * The dashboard's download links (Events page, agent detail): a signed-in session, like the
 * dashboard pages (no API key in a browser link). API clients use /api/v1/export with a read key.
 */
const routes = apiRoutes({
  GET: apiRoute({ auth: { session: true }, query: exportQuerySchema, handler: ({ query }) => exportResponse(pool(), query) }),
});

export const dynamic = "force-dynamic";
export const runtime = "nodejs";
export const { GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS } = routes;
