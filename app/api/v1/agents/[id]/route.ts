import { agentParams } from "@/server/agents/api";
import { getAgent, toAgentDto } from "@/server/agents/service";
import { db } from "@/server/db/client";
import { ApiError, issue } from "@/server/http/errors";
import { apiRoute, apiRoutes } from "@/server/http/route";
import { AGENT_ID_PATTERN } from "@/server/ingest/schemas";

/** One agent, bare, with its health factor breakdown; 404 when unknown. */
const routes = apiRoutes({
  GET: apiRoute({
    auth: { scope: "read" },
    params: agentParams,
    handler: async ({ params }) => {
      const agent = AGENT_ID_PATTERN.test(params.id) ? await getAgent(db(), params.id) : null;
      if (!agent) throw new ApiError(404, `agent '${params.id}' not found`, [issue("id", "no agent with this id")]);
      return toAgentDto(agent);
    },
  }),
});

export const dynamic = "force-dynamic";
export const runtime = "nodejs";
export const { GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS } = routes;
