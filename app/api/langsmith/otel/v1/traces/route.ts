import { apiRoute, apiRoutes } from "@/server/http/route";
import { OTLP_MAX_BYTES, otlpTraces } from "@/server/llm/handlers";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

/** OTLP/HTTP trace export (JSON or protobuf, gzip) with GenAI attributes. */
export const { GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS } = apiRoutes({
  POST: apiRoute({ auth: { scope: "ingest" }, body: "bytes", maxBytes: OTLP_MAX_BYTES, handler: ({ req, body }) => otlpTraces(req, body) }),
});
