import { z } from "zod";
import { cursorParam, limitParam, windowParams } from "../http/query";
import { agentIdRef, text } from "../ingest/schemas";
import { SEVERITIES, type IssueSeverityName } from "../incidents/types";

const severityList = z
  .string()
  .transform((s, ctx) => {
    const parts = s.split(",").map((p) => p.trim());
    const bad = parts.filter((p) => !(SEVERITIES as readonly string[]).includes(p));
    if (bad.length) {
      ctx.addIssue({ code: "custom", message: `unknown severity '${bad.join(",")}': use ${SEVERITIES.join(", ")} (comma-separated for several)` });
      return z.NEVER;
    }
    return parts as IssueSeverityName[];
  })
  .optional();

/** GET /api/v1/anomalies (default window: 60 minutes) */
export const anomaliesQuerySchema = z.strictObject({
  agentId: agentIdRef.optional(),
  metric: text(1, 200).optional(),
  severity: severityList,
  ...windowParams,
  cursor: cursorParam(),
  limit: limitParam,
});
