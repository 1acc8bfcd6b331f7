import { anomaliesQuerySchema } from "@/server/anomalies/api";
import { listAnomalies } from "@/server/anomalies/service";
import { db } from "@/server/db/client";
import { withApi } from "@/server/http/api";
import { json } from "@/server/http/errors";
import { parseQuery, windowStart } from "@/server/http/query";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

/** Detected anomalies, newest first, with score and severity (`minutes=`/`hours=`, default 60 min). */
export const GET = withApi({ scope: "read" }, async ({ req }) => {
  const q = parseQuery(req, anomaliesQuerySchema);
  return json(await listAnomalies(db(), { agentId: q.agentId, metric: q.metric, severities: q.severity, since: windowStart(q, 60), cursor: q.cursor, limit: q.limit }));
});
