import { z } from "zod";
import { agentWriter, refusedError } from "@/server/agents/ownership";
import { db } from "@/server/db/client";
import { ApiError, issue } from "@/server/http/errors";
import { apiRoute, apiRoutes } from "@/server/http/route";
import { notifyLive } from "@/server/live/channel";
import { ackBodySchema, COMMAND_ID_PATTERN } from "@/server/recovery/api";
import { ackCommand } from "@/server/recovery/commands";

const unknownCommand = (id: string) => new ApiError(404, `unknown command '${id}'`, [issue("id", "no command with this id")]);

/**
 * An agent reports the outcome of a recovery command: `{status: "succeeded" | "failed",
 * message?}`. 200 `{acknowledged: true, duplicate}` (repeating the same answer is harmless),
 * 404 for an unknown command, 409 when the command was already answered differently, timed
 * out or cancelled (the incident has moved on), 403 when the command is for a built-in agent
 * or an agent owned by another API key (a key acknowledges only its own agents' commands).
 */
const routes = apiRoutes({
  POST: apiRoute({
    auth: { scope: "ingest" },
    params: z.object({ id: z.string() }),
    body: ackBodySchema,
    handler: async ({ params, body, key }) => {
      if (!COMMAND_ID_PATTERN.test(params.id)) throw unknownCommand(params.id);
      const r = await ackCommand(db(), params.id.toLowerCase(), body.status, body.message ?? null, "api", agentWriter(key));
      if (r.result === "not_found") throw unknownCommand(params.id);
      if (r.result === "refused") throw refusedError(r.agentId, r.why, "id");
      if (r.result === "conflict") {
        throw new ApiError(409, `command is already ${r.status}: the acknowledgement was not recorded`, [issue("status", `command status is '${r.status}'`)], {}, { commandStatus: r.status });
      }
      notifyLive({ type: "incidents", agentIds: [] });
      return { acknowledged: true, duplicate: r.result === "duplicate", status: r.status };
    },
  }),
}, { metricsPath: "/api/v1/commands/{id}/ack" });

export const dynamic = "force-dynamic";
export const runtime = "nodejs";
export const { GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS } = routes;
