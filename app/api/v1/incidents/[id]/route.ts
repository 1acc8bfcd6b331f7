import { z } from "zod";
import { db } from "@/server/db/client";
import { ApiError, issue } from "@/server/http/errors";
import { apiRoute, apiRoutes } from "@/server/http/route";
import { INCIDENT_ID_PATTERN } from "@/server/incidents/api";
import { getIncident } from "@/server/incidents/service";

/** One incident, bare, with its full timeline; 404 when unknown. */
const routes = apiRoutes({
  GET: apiRoute({
    auth: { scope: "read" },
    params: z.object({ id: z.string() }),
    handler: async ({ params }) => {
      const found = INCIDENT_ID_PATTERN.test(params.id) ? await getIncident(db(), BigInt(params.id)) : null;
      if (!found) throw new ApiError(404, `incident '${params.id}' not found`, [issue("id", "no incident with this id")]);
      return found;
    },
  }),
});

export const dynamic = "force-dynamic";
export const runtime = "nodejs";
export const { GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS } = routes;
