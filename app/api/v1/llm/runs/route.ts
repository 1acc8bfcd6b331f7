import { pool } from "@/server/db/client";
import { apiRoute, apiRoutes } from "@/server/http/route";
import { NATIVE_MAX_BYTES, nativeRuns } from "@/server/llm/handlers";
import { listRuns, runsQuerySchema } from "@/server/llm/read";

const routes = apiRoutes({
  /** Native LLM run ingestion: {runs: [...]} (≤ 1,000). */
  POST: apiRoute({ auth: { scope: "ingest" }, body: "json", maxBytes: NATIVE_MAX_BYTES, handler: ({ body }) => nativeRuns(body) }),
  /** Runs newest first with tokens, cost (USD decimal string), latency and grade. */
  GET: apiRoute({ auth: { scope: "read" }, query: runsQuerySchema, handler: ({ query }) => listRuns(pool(), query) }),
});

export const dynamic = "force-dynamic";
export const runtime = "nodejs";
export const { GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS } = routes;
