import { agentsQuerySchema } from "@/server/agents/api";
import { agentWriter } from "@/server/agents/ownership";
import { listAgents, registerAgent, toAgentDto } from "@/server/agents/service";
import { db } from "@/server/db/client";
import { encodeCursor } from "@/server/db/paging";
import { json } from "@/server/http/errors";
import { apiRoute, apiRoutes } from "@/server/http/route";
import { agentRegistrationSchema } from "@/server/ingest/schemas";
import { notifyLive } from "@/server/live/channel";

const routes = apiRoutes({
  /**
   * Register (201) or update (200) an agent; returns it bare. A new agent belongs to the calling
   * key; a built-in agent or another key's agent answers 403 (server/agents/ownership.ts).
   */
  POST: apiRoute({
    auth: { scope: "ingest" },
    body: agentRegistrationSchema,
    handler: async ({ body, key }) => {
      const { agent, created } = await registerAgent(db(), body, agentWriter(key));
      notifyLive({ type: "agent", agentId: agent.id });
      return json(toAgentDto(agent), created ? 201 : 200);
    },
  }),
  /** Agents newest first, with state, health score and factor breakdown. */
  GET: apiRoute({
    auth: { scope: "read" },
    query: agentsQuerySchema,
    handler: async ({ query }) => {
      const { rows, more } = await listAgents(db(), query);
      const last = rows[rows.length - 1];
      return { items: rows.map(toAgentDto), nextCursor: more && last ? encodeCursor(last.createdAt, last.id) : null };
    },
  }),
});

export const dynamic = "force-dynamic";
export const runtime = "nodejs";
export const { GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS } = routes;
