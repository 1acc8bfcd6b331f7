import { agentWriter } from "@/server/agents/ownership";
import { db } from "@/server/db/client";
import { ApiError, issue } from "@/server/http/errors";
import { apiRoute, apiRoutes } from "@/server/http/route";
import { batchResponse } from "@/server/ingest/batch";
import { ingestMetrics, listMetrics, metricsQuerySchema } from "@/server/ingest/metrics";
import { notifyLive } from "@/server/live/channel";
import { countIngested } from "@/server/observability/registry";

const routes = apiRoutes({
  /**
   * `{metrics: [...]}` (≤ 1,000): 202 all stored, 207 some rejected, 4xx none stored. An
   * `Idempotency-Key` header makes the batch store at most once (the SDK sends one per batch,
   * so replays after an outage never duplicate metrics); a repeat answers `duplicate: true`.
   * Items for a built-in agent or another key's agent are rejected like unknown agents.
   */
  POST: apiRoute({
    auth: { scope: "ingest" },
    body: "json",
    handler: async ({ req, body, key: apiKey }) => {
      const key = req.headers.get("idempotency-key") ?? undefined;
      if (key !== undefined && !/^[\x21-\x7e]{8,200}$/.test(key)) {
        throw new ApiError(400, "invalid Idempotency-Key header", [issue("headers.idempotency-key", "must be 8-200 printable ASCII characters without spaces")]);
      }
      const batch = await ingestMetrics(db(), body, new Date(), key, agentWriter(apiKey));
      if (batch.valid.length && !batch.duplicate) {
        countIngested("metrics", batch.valid.length);
        notifyLive({ type: "metrics", agentIds: [...new Set(batch.valid.map((v) => v.data.agentId))] });
      }
      return batchResponse("metrics", batch, key === undefined ? {} : { duplicate: batch.duplicate });
    },
  }),
  GET: apiRoute({ auth: { scope: "read" }, query: metricsQuerySchema, handler: ({ query }) => listMetrics(db(), query) }),
});

export const dynamic = "force-dynamic";
export const runtime = "nodejs";
export const { GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS } = routes;
