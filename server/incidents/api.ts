import { z } from "zod";
import { cursorParam, limitParam } from "../http/query";
import { agentIdRef } from "../ingest/schemas";
import { INCIDENT_STATUSES, ISSUE_TYPES, OPEN_INCIDENT_STATUSES, type IncidentStatus } from "../vocabulary";

/** `status=open` (every open status), `status=resolved,escalated`, … */
const statusList = z
  .string()
  .transform((s, ctx) => {
    const out = new Set<IncidentStatus>();
    for (const p of s.split(",").map((x) => x.trim())) {
      if (p === "open") OPEN_INCIDENT_STATUSES.forEach((x) => out.add(x));
      else if (p === "closed") ["resolved", "escalated", "cancelled"].forEach((x) => out.add(x as IncidentStatus));
      else if ((INCIDENT_STATUSES as readonly string[]).includes(p)) out.add(p as IncidentStatus);
      else {
        ctx.addIssue({ code: "custom", message: `unknown status '${p}': use open, closed or ${INCIDENT_STATUSES.join(", ")} (comma-separated for several)` });
        return z.NEVER;
      }
    }
    return [...out];
  })
  .optional();

/** GET /api/v1/incidents */
export const incidentsQuerySchema = z.strictObject({
  agentId: agentIdRef.optional(),
  status: statusList,
  type: z.enum(ISSUE_TYPES, { error: `type must be one of ${ISSUE_TYPES.join(", ")}` }).optional(),
  cursor: cursorParam(),
  limit: limitParam,
});

export const INCIDENT_ID_PATTERN = /^\d{1,18}$/;
