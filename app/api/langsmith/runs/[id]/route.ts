import { z } from "zod";
import { apiRoute, apiRoutes } from "@/server/http/route";
import { LANGSMITH_MAX_BYTES, langsmithPatchRun } from "@/server/llm/handlers";

/** LangSmith updateRun without dotted_order: the run's completion as JSON. */
const routes = apiRoutes({
  PATCH: apiRoute({
    auth: { scope: "ingest" },
    params: z.object({ id: z.string() }),
    body: "json",
    maxBytes: LANGSMITH_MAX_BYTES,
    handler: ({ body, params }) => langsmithPatchRun(body, params.id),
  }),
}, { metricsPath: "/api/langsmith/runs/{id}" });

export const dynamic = "force-dynamic";
export const runtime = "nodejs";
export const { GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS } = routes;
