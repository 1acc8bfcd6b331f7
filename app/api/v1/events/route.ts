import { db } from "@/server/db/client";
import { withApi } from "@/server/http/api";
import { notifyLive } from "@/server/live/channel";
import { readJsonBody } from "@/server/http/body";
import { json } from "@/server/http/errors";
import { countIngested } from "@/server/observability/registry";
import { parseQuery } from "@/server/http/query";
import { batchResponse } from "@/server/ingest/batch";
import { eventsQuerySchema, ingestEvents, listEvents } from "@/server/ingest/events";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

/** `{events: [...]}` (≤ 1,000); events with a client `id` store once, repeats count as `duplicates`. */
export const POST = withApi({ scope: "ingest" }, async ({ req }) => {
  const { batch, duplicates } = await ingestEvents(db(), await readJsonBody(req));
  if (batch.valid.length > duplicates) {
    countIngested("events", batch.valid.length - duplicates);
    const agentIds = [...new Set(batch.valid.flatMap((v) => (v.data.agentId ? [v.data.agentId] : [])))].slice(0, 50);
    notifyLive({ type: "events", agentIds });
  }
  return batchResponse("events", batch, { duplicates });
});

export const GET = withApi({ scope: "read" }, async ({ req }) => json(await listEvents(db(), parseQuery(req, eventsQuerySchema))));
