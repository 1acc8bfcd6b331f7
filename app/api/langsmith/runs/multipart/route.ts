import { apiRoute, apiRoutes } from "@/server/http/route";
import { LANGSMITH_MAX_BYTES, langsmithMultipart } from "@/server/llm/handlers";

/** LangSmith's default ingestion: multipart/form-data (often gzip) of post/patch/feedback parts. */
const routes = apiRoutes({
  POST: apiRoute({
    auth: { scope: "ingest" },
    body: "bytes",
    maxBytes: LANGSMITH_MAX_BYTES,
    handler: ({ req, body }) => langsmithMultipart(body, req.headers.get("content-type")),
  }),
});

export const dynamic = "force-dynamic";
export const runtime = "nodejs";
export const { GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS } = routes;
