import { pool } from "@/server/db/client";
import { apiRoute, apiRoutes } from "@/server/http/route";
import { exportQuerySchema, exportResponse } from "@/server/transfer/export";

/** `?type=events|metrics|heartbeats&format=csv|ndjson&hours=|minutes=&agentId=` — streamed, oldest first (default: last 24 h). */
const routes = apiRoutes({
  GET: apiRoute({ auth: { scope: "read" }, query: exportQuerySchema, handler: ({ query }) => exportResponse(pool(), query) }),
});

export const dynamic = "force-dynamic";
export const runtime = "nodejs";
export const { GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS } = routes;
