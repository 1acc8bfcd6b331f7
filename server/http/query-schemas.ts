import { z } from "zod";
import { AGENT_KINDS, AGENT_STATES } from "../vocabulary";
import { agentIdRef } from "../ingest/schemas";
import { commaList, cursorParam, limitParam, windowParams } from "./query";


const stateList = commaList(AGENT_STATES, "state");

/** GET /api/v1/agents */
export const agentsQuerySchema = z.strictObject({
  state: stateList,
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
