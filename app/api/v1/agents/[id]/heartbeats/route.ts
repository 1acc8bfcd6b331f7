import { agentParams } from "@/server/agents/api";
import { storeHeartbeat } from "@/server/agents/heartbeats";
import { agentWriter, refusedError, whyNotWritable } from "@/server/agents/ownership";
import { db } from "@/server/db/client";
import { ApiError, issue } from "@/server/http/errors";
import { apiRoute, apiRoutes } from "@/server/http/route";
import { AGENT_ID_PATTERN, heartbeatBodySchema } from "@/server/ingest/schemas";
import { notifyLive } from "@/server/live/channel";
import { countIngested } from "@/server/observability/registry";
import { deliverPendingCommands } from "@/server/recovery/commands";

const notFound = (id: string) =>
  new ApiError(404, `unknown agent '${id}': register it first with POST /api/v1/agents`, [issue("id", "no agent with this id")]);

/**
 * Heartbeat (body optional: an empty POST is a bare ping). No auto-registration: a typo in an
 * agent id must not silently create a new agent. `commands` carries the agent's pending
 * recovery commands (`[{id, type, params, expiresAt}]`), each delivered once and then
 * acknowledged with POST /api/v1/commands/{id}/ack; delivery happens only after the heartbeat
 * is stored. Built-in agents and agents owned by another API key answer 403 and store nothing
 * (server/agents/ownership.ts).
 */
const routes = apiRoutes({
  POST: apiRoute({
    auth: { scope: "ingest" },
    params: agentParams,
    body: heartbeatBodySchema,
    emptyBody: true,
    handler: async ({ params, body, key }) => {
      if (!AGENT_ID_PATTERN.test(params.id)) throw notFound(params.id);
      const writer = agentWriter(key);
      // The live NOTIFY and the ownership check go with the heartbeat's own statement (one round trip in the usual case).
      const stored = await storeHeartbeat(db(), params.id, body, new Date(), { notify: { type: "heartbeat", agentId: params.id }, writer });
      if (!stored) {
        const why = await whyNotWritable(db(), params.id, writer);
        if (why === "builtin" || why === "foreign") throw refusedError(params.id, why);
        throw notFound(params.id);
      }
      countIngested("heartbeats", 1);
      const commands = stored.pendingCommands ? await deliverPendingCommands(db(), params.id, "heartbeat") : [];
      if (commands.length) notifyLive({ type: "incidents", agentIds: [params.id] });
      return { accepted: true, commands: commands.map((c) => ({ id: c.id, type: c.type, params: c.params, expiresAt: c.expiresAt })) };
    },
  }),
});

export const dynamic = "force-dynamic";
export const runtime = "nodejs";
export const { GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS } = routes;
