import { db } from "@/server/db/client";
import { withApi } from "@/server/http/api";
import { ApiError, issue, json } from "@/server/http/errors";
import { INCIDENT_ID_PATTERN } from "@/server/incidents/api";
import { getIncident } from "@/server/incidents/service";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

/** One incident, bare, with its full timeline; 404 when unknown. */
export const GET = withApi<{ id: string }>({ scope: "read" }, async ({ params }) => {
  const found = INCIDENT_ID_PATTERN.test(params.id) ? await getIncident(db(), BigInt(params.id)) : null;
  if (!found) throw new ApiError(404, `incident '${params.id}' not found`, [issue("id", "no incident with this id")]);
  return json(found);
});
