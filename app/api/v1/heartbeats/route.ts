import { heartbeatsQuerySchema } from "@/server/agents/api";
import { listHeartbeats } from "@/server/agents/heartbeats";
import { db } from "@/server/db/client";
import { windowStart } from "@/server/http/query";
import { apiRoute, apiRoutes } from "@/server/http/route";

/** Recent heartbeats (default last 60 min), newest first. */
const routes = apiRoutes({
  GET: apiRoute({
    auth: { scope: "read" },
    query: heartbeatsQuerySchema,
    handler: async ({ query }) => {
      return listHeartbeats(db(), { ...query, since: windowStart(query, 60) });
    },
  }),
});

export const dynamic = "force-dynamic";
export const runtime = "nodejs";
export const { GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS } = routes;
