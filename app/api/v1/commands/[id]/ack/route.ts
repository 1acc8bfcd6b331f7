import { db } from "@/server/db/client";
import { withApi } from "@/server/http/api";
import { notifyLive } from "@/server/live/channel";
import { readJsonBody } from "@/server/http/body";
import { ApiError, issue, json } from "@/server/http/errors";
import { zodIssues } from "@/server/http/zod-issues";
import { ackBodySchema, COMMAND_ID_PATTERN } from "@/server/recovery/api";
import { ackCommand } from "@/server/recovery/commands";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

/**
 * An agent reports the outcome of a recovery command: `{status: "succeeded" | "failed",
 * message?}`. 200 `{acknowledged: true, duplicate}` (repeating the same answer is harmless),
 * 404 for an unknown command, 409 when the command was already answered differently, timed
 * out or cancelled (the incident has moved on).
 */
export const POST = withApi<{ id: string }>({ scope: "ingest" }, async ({ req, params }) => {
  if (!COMMAND_ID_PATTERN.test(params.id)) throw new ApiError(404, `unknown command '${params.id}'`, [issue("id", "no command with this id")]);
  const parsed = ackBodySchema.safeParse(await readJsonBody(req));
  if (!parsed.success) throw new ApiError(422, "invalid acknowledgement", zodIssues(parsed.error, null));
  const r = await ackCommand(db(), params.id.toLowerCase(), parsed.data.status, parsed.data.message ?? null, "api");
  if (r.result === "not_found") throw new ApiError(404, `unknown command '${params.id}'`, [issue("id", "no command with this id")]);
  if (r.result === "conflict") {
    throw new ApiError(409, `command is already ${r.status}: the acknowledgement was not recorded`, [issue("status", `command status is '${r.status}'`)], {}, { commandStatus: r.status });
  }
  notifyLive({ type: "incidents", agentIds: [] });
  return json({ acknowledged: true, duplicate: r.result === "duplicate", status: r.status });
});
