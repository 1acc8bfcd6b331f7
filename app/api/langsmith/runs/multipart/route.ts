import { apiRoute, apiRoutes } from "@/server/http/route";
import { LANGSMITH_MAX_BYTES, langsmithMultipart } from "@/server/llm/handlers";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

/** LangSmith's default ingestion: multipart/form-data (often gzip) of post/patch/feedback parts. */
export const { GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS } = apiRoutes({
  POST: apiRoute({
    auth: { scope: "ingest" },
    body: "bytes",
    maxBytes: LANGSMITH_MAX_BYTES,
    handler: ({ req, body }) => langsmithMultipart(body, req.headers.get("content-type")),
  }),
});
