import { db } from "@/server/db/client";
import { notify, withApi } from "@/server/http/api";
import { readJsonBody } from "@/server/http/body";
import { json } from "@/server/http/errors";
import { parseQuery } from "@/server/http/query";
import { batchResponse } from "@/server/ingest/batch";
import { ingestMetrics, listMetrics, metricsQuerySchema } from "@/server/ingest/metrics";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

/** `{metrics: [...]}` (≤ 1,000): 202 all stored, 207 some rejected, 4xx none stored. */
export const POST = withApi({ scope: "ingest" }, async ({ req }) => {
  const batch = await ingestMetrics(db(), await readJsonBody(req));
  if (batch.valid.length) notify({ type: "metrics", agentIds: [...new Set(batch.valid.map((v) => v.data.agentId))].slice(0, 50) });
  return batchResponse("metrics", batch);
});

export const GET = withApi({ scope: "read" }, async ({ req }) => json(await listMetrics(db(), parseQuery(req, metricsQuerySchema))));
