import { db } from "@/server/db/client";
import { withApi } from "@/server/http/api";
import { notifyLive } from "@/server/live/channel";
import { readJsonBody } from "@/server/http/body";
import { ApiError, issue, json } from "@/server/http/errors";
import { countIngested } from "@/server/observability/registry";
import { parseQuery } from "@/server/http/query";
import { batchResponse } from "@/server/ingest/batch";
import { ingestMetrics, listMetrics, metricsQuerySchema } from "@/server/ingest/metrics";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

/**
 * `{metrics: [...]}` (≤ 1,000): 202 all stored, 207 some rejected, 4xx none stored. An
 * `Idempotency-Key` header makes the batch store at most once (the SDK sends one per batch,
 * so replays after an outage never duplicate metrics); a repeat answers `duplicate: true`.
 */
export const POST = withApi({ scope: "ingest" }, async ({ req }) => {
  const key = req.headers.get("idempotency-key") ?? undefined;
  if (key !== undefined && !/^[\x21-\x7e]{8,200}$/.test(key)) {
    throw new ApiError(400, "invalid Idempotency-Key header", [issue("headers.idempotency-key", "must be 8-200 printable ASCII characters without spaces")]);
  }
  const batch = await ingestMetrics(db(), await readJsonBody(req), new Date(), key);
  if (batch.valid.length && !batch.duplicate) {
    countIngested("metrics", batch.valid.length);
    notifyLive({ type: "metrics", agentIds: [...new Set(batch.valid.map((v) => v.data.agentId))].slice(0, 50) });
  }
  return batchResponse("metrics", batch, key === undefined ? {} : { duplicate: batch.duplicate });
});

export const GET = withApi({ scope: "read" }, async ({ req }) => json(await listMetrics(db(), parseQuery(req, metricsQuerySchema))));
