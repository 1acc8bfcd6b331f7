import { config } from "@/server/config";
import { pool } from "@/server/db/client";
import { apiRoute, apiRoutes } from "@/server/http/route";
import { renderMetrics } from "@/server/observability/collect";

/** Prometheus scrape endpoint: an API key with `read` scope, or open with VIGIL_METRICS_PUBLIC=true. */
const routes = apiRoutes({
  GET: apiRoute({
    auth: () => (config().VIGIL_METRICS_PUBLIC ? "public" : { scope: "read" }),
    handler: async () => {
      const { body, contentType } = await renderMetrics(pool());
      return new Response(body, { status: 200, headers: { "content-type": contentType, "cache-control": "no-store" } });
    },
  }),
});

export const dynamic = "force-dynamic";
export const runtime = "nodejs";
export const { GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS } = routes;
