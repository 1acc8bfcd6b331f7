import { config } from "@/server/config";
import { pool } from "@/server/db/client";
import { withApi } from "@/server/http/api";
import { authenticate } from "@/server/http/auth";
import { renderMetrics } from "@/server/observability/collect";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

/** Prometheus scrape endpoint: an API key with `read` scope, or open with VIGIL_METRICS_PUBLIC=true. */
export const GET = withApi({ scope: null }, async ({ req }) => {
  if (!config().VIGIL_METRICS_PUBLIC) await authenticate(req.headers, "read");
  const { body, contentType } = await renderMetrics(pool());
  return new Response(body, { status: 200, headers: { "content-type": contentType, "cache-control": "no-store" } });
});
