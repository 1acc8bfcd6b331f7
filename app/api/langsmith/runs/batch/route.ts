import { apiRoute, apiRoutes } from "@/server/http/route";
import { LANGSMITH_MAX_BYTES, langsmithBatch } from "@/server/llm/handlers";

/** LangSmith's JSON batch fallback: {post: [...], patch: [...]}. */
const routes = apiRoutes({
  POST: apiRoute({ auth: { scope: "ingest" }, body: "json", maxBytes: LANGSMITH_MAX_BYTES, handler: ({ body }) => langsmithBatch(body) }),
});

export const dynamic = "force-dynamic";
export const runtime = "nodejs";
export const { GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS } = routes;
