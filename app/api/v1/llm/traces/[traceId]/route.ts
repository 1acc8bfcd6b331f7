import { z } from "zod";
import { pool } from "@/server/db/client";
import { ApiError } from "@/server/http/errors";
import { apiRoute, apiRoutes } from "@/server/http/route";
import { getTrace } from "@/server/llm/read";

/** One trace as a tree of runs, with totals and feedback. */
const routes = apiRoutes({
  GET: apiRoute({
    auth: { scope: "read" },
    params: z.object({ traceId: z.string() }),
    handler: async ({ params }) => {
      const trace = await getTrace(pool(), params.traceId);
      if (!trace) throw new ApiError(404, `trace '${params.traceId.slice(0, 80)}' not found`);
      return trace;
    },
  }),
});

export const dynamic = "force-dynamic";
export const runtime = "nodejs";
export const { GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS } = routes;
