import { apiRoute, apiRoutes } from "@/server/http/route";
import { OTLP_MAX_BYTES, otlpTraces } from "@/server/llm/handlers";

/** OTLP/HTTP trace export (JSON or protobuf, gzip) with GenAI attributes. */
const routes = apiRoutes({
  POST: apiRoute({ auth: { scope: "ingest" }, body: "bytes", maxBytes: OTLP_MAX_BYTES, handler: ({ req, body }) => otlpTraces(req, body) }),
});

export const dynamic = "force-dynamic";
export const runtime = "nodejs";
export const { GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS } = routes;
