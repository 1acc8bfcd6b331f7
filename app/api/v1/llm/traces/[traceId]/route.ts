import { pool } from "@/server/db/client";
import { withApi } from "@/server/http/api";
import { ApiError, json } from "@/server/http/errors";
import { getTrace } from "@/server/llm/read";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

/** One trace as a tree of runs, with totals and feedback. */
export const GET = withApi<{ traceId: string }>({ scope: "read" }, async ({ params }) => {
  const trace = await getTrace(pool(), params.traceId);
  if (!trace) throw new ApiError(404, `trace '${params.traceId.slice(0, 80)}' not found`);
  return json(trace);
});
