import { pool } from "@/server/db/client";
import { withApi } from "@/server/http/api";
import { json } from "@/server/http/errors";
import { parseQuery } from "@/server/http/query";
import { nativeRuns } from "@/server/llm/handlers";
import { listRuns, runsQuerySchema } from "@/server/llm/read";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

/** Native LLM run ingestion: {runs: [...]} (≤ 1,000). */
export const POST = withApi({ scope: "ingest" }, async ({ req }) => nativeRuns(req));

/** Runs newest first with tokens, cost (USD decimal string), latency and grade. */
export const GET = withApi({ scope: "read" }, async ({ req }) => json(await listRuns(pool(), parseQuery(req, runsQuerySchema))));
