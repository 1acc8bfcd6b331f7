import { apiRoute, apiRoutes } from "@/server/http/route";
import { LANGSMITH_MAX_BYTES, langsmithCreateRun } from "@/server/llm/handlers";

/** LangSmith createRun without dotted_order: one run as JSON. */
const routes = apiRoutes({
  POST: apiRoute({ auth: { scope: "ingest" }, body: "json", maxBytes: LANGSMITH_MAX_BYTES, handler: ({ body }) => langsmithCreateRun(body) }),
});

export const dynamic = "force-dynamic";
export const runtime = "nodejs";
export const { GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS } = routes;
