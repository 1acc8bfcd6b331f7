import { db } from "@/server/db/client";
import { getSystemHealth } from "@/server/health-score/service";
import { apiRoute, apiRoutes } from "@/server/http/route";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

/** System score, status, roster counts and per-factor breakdown (computed by server/health-score). */
export const { GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS } = apiRoutes({
  GET: apiRoute({ auth: { scope: "read" }, handler: () => getSystemHealth(db()) }),
});
