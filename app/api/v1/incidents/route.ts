import { db } from "@/server/db/client";
import { apiRoute, apiRoutes } from "@/server/http/route";
import { incidentsQuerySchema } from "@/server/incidents/api";
import { listIncidents } from "@/server/incidents/service";

/** Incidents, newest first, each with its recovery timeline and actions. */
const routes = apiRoutes({
  GET: apiRoute({
    auth: { scope: "read" },
    query: incidentsQuerySchema,
    handler: ({ query: q }) => listIncidents(db(), { agentId: q.agentId, statuses: q.status, type: q.type, cursor: q.cursor, limit: q.limit }),
  }),
});

export const dynamic = "force-dynamic";
export const runtime = "nodejs";
export const { GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS } = routes;
