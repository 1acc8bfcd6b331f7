import { listAgents, registerAgent, toAgentDto } from "@/server/agents/service";
import { db } from "@/server/db/client";
import { withApi } from "@/server/http/api";
import { notifyLive } from "@/server/live/channel";
import { readJsonBody } from "@/server/http/body";
import { ApiError, json } from "@/server/http/errors";
import { parseQuery } from "@/server/http/query";
import { encodeCursor } from "@/server/db/paging";
import { agentsQuerySchema } from "@/server/http/query-schemas";
import { zodIssues } from "@/server/http/zod-issues";
import { agentRegistrationSchema } from "@/server/ingest/schemas";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

/** Register (201) or update (200) an agent; returns it bare. */
export const POST = withApi({ scope: "ingest" }, async ({ req }) => {
  const parsed = agentRegistrationSchema.safeParse(await readJsonBody(req));
  if (!parsed.success) throw new ApiError(422, "invalid agent registration", zodIssues(parsed.error, null));
  const { agent, created } = await registerAgent(db(), parsed.data);
  notifyLive({ type: "agent", agentId: agent.id });
  return json(toAgentDto(agent), created ? 201 : 200);
});

/** Agents newest first, with state, health score and factor breakdown. */
export const GET = withApi({ scope: "read" }, async ({ req }) => {
  const q = parseQuery(req, agentsQuerySchema);
  const { rows, more } = await listAgents(db(), q);
  const last = rows[rows.length - 1];
  return json({ items: rows.map(toAgentDto), nextCursor: more && last ? encodeCursor(last.createdAt, last.id) : null });
});
