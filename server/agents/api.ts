import { z } from "zod";
import { commaList, cursorParam, limitParam, windowParams } from "../http/query";
import { agentIdRef } from "../ingest/schemas";
import { AGENT_KINDS, AGENT_STATES } from "../vocabulary";

/** GET /api/v1/agents */
export const agentsQuerySchema = z.strictObject({
  state: commaList(AGENT_STATES, "state"),
  kind: z.enum(AGENT_KINDS, { error: `kind must be one of ${AGENT_KINDS.join(", ")}` }).optional(),
  expected: z.enum(["true", "false"], { error: "expected must be true or false" }).transform((v) => v === "true").optional(),
  // Agent cursors carry the agent's slug, not a numeric id.
  cursor: cursorParam(/^[a-z0-9][a-z0-9_.-]{0,63}$/),
  limit: limitParam,
});

/** GET /api/v1/heartbeats */
export const heartbeatsQuerySchema = z.strictObject({
  agentId: agentIdRef.optional(),
  ...windowParams,
  cursor: cursorParam(),
  limit: limitParam,
});

/** `[id]` of /api/v1/agents/{id}…: any string; the handler answers 404 for one that is not a slug. */
export const agentParams = z.object({ id: z.string() });
