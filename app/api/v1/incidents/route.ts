import { db } from "@/server/db/client";
import { withApi } from "@/server/http/api";
import { json } from "@/server/http/errors";
import { parseQuery } from "@/server/http/query";
import { incidentsQuerySchema } from "@/server/incidents/api";
import { listIncidents } from "@/server/incidents/service";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

/** Incidents, newest first, each with its recovery timeline and actions. */
export const GET = withApi({ scope: "read" }, async ({ req }) => {
  const q = parseQuery(req, incidentsQuerySchema);
  return json(await listIncidents(db(), { agentId: q.agentId, statuses: q.status, type: q.type, cursor: q.cursor, limit: q.limit }));
});
