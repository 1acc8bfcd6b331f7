import { withApi } from "@/server/http/api";
import { otlpTraces } from "@/server/llm/handlers";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

/** OTLP/HTTP trace export (JSON or protobuf, gzip) with GenAI attributes. */
export const POST = withApi({ scope: "ingest" }, async ({ req }) => otlpTraces(req));
