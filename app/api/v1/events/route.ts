import { agentWriter } from "@/server/agents/ownership";
import { db } from "@/server/db/client";
import { apiRoute, apiRoutes } from "@/server/http/route";
import { batchResponse } from "@/server/ingest/batch";
import { eventsQuerySchema, ingestEvents, listEvents } from "@/server/ingest/events";
import { notifyLive } from "@/server/live/channel";
import { countIngested } from "@/server/observability/registry";

const routes = apiRoutes({
  /** `{events: [...]}` (≤ 1,000); events with a client `id` store once, repeats count as `duplicates`;
   * items for a built-in agent or another key's agent are rejected (agent ownership). */
  POST: apiRoute({
    auth: { scope: "ingest" },
    body: "json",
    handler: async ({ body, key }) => {
      const { batch, duplicates } = await ingestEvents(db(), body, new Date(), agentWriter(key));
      if (batch.valid.length > duplicates) {
        countIngested("events", batch.valid.length - duplicates);
        const agentIds = [...new Set(batch.valid.flatMap((v) => (v.data.agentId ? [v.data.agentId] : [])))];
        notifyLive({ type: "events", agentIds });
      }
      return batchResponse("events", batch, { duplicates });
    },
  }),
  GET: apiRoute({ auth: { scope: "read" }, query: eventsQuerySchema, handler: ({ query }) => listEvents(db(), query) }),
});

export const dynamic = "force-dynamic";
export const runtime = "nodejs";
export const { GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS } = routes;
