import { anomaliesQuerySchema } from "@/server/anomalies/api";
import { listAnomalies } from "@/server/anomalies/service";
import { db } from "@/server/db/client";
import { windowStart } from "@/server/http/query";
import { apiRoute, apiRoutes } from "@/server/http/route";

/** Detected anomalies, newest first, with score and issue severity (`minutes=`/`hours=`, default 60 min). */
const routes = apiRoutes({
  GET: apiRoute({
    auth: { scope: "read" },
    query: anomaliesQuerySchema,
    handler: ({ query: q }) =>
      listAnomalies(db(), { agentId: q.agentId, metric: q.metric, severities: q.severity, since: windowStart(q, 60), cursor: q.cursor, limit: q.limit }),
  }),
});

export const dynamic = "force-dynamic";
export const runtime = "nodejs";
export const { GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS } = routes;
