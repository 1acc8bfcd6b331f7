import { apiRoute, apiRoutes } from "@/server/http/route";
import { langsmithFeedback } from "@/server/llm/handlers";

/** LangSmith createFeedback when it is not batched into a multipart body. */
const routes = apiRoutes({
  POST: apiRoute({ auth: { scope: "ingest" }, body: "json", handler: ({ body }) => langsmithFeedback(body) }),
});

export const dynamic = "force-dynamic";
export const runtime = "nodejs";
export const { GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS } = routes;
