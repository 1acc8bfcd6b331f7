import { apiRoute, apiRoutes } from "@/server/http/route";
import { LANGSMITH_MAX_BYTES, langsmithCreateRun } from "@/server/llm/handlers";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

/** LangSmith createRun without dotted_order: one run as JSON. */
export const { GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS } = apiRoutes({
  POST: apiRoute({ auth: { scope: "ingest" }, body: "json", maxBytes: LANGSMITH_MAX_BYTES, handler: ({ body }) => langsmithCreateRun(body) }),
});
