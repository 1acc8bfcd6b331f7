import { db } from "@/server/db/client";
import { getSystemHealth } from "@/server/health-score/service";
import { apiRoute, apiRoutes } from "@/server/http/route";

/** System score, status, roster counts and per-factor breakdown (computed by server/health-score). */
const routes = apiRoutes({
  GET: apiRoute({ auth: { scope: "read" }, handler: () => getSystemHealth(db()) }),
});

export const dynamic = "force-dynamic";
export const runtime = "nodejs";
export const { GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS } = routes;
