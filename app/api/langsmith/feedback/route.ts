import { apiRoute, apiRoutes } from "@/server/http/route";
import { langsmithFeedback } from "@/server/llm/handlers";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

/** LangSmith createFeedback when it is not batched into a multipart body. */
export const { GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS } = apiRoutes({
  POST: apiRoute({ auth: { scope: "ingest" }, body: "json", handler: ({ body }) => langsmithFeedback(body) }),
});
