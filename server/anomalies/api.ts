import { z } from "zod";
import { commaList, cursorParam, limitParam, windowParams } from "../http/query";
import { agentIdRef, text } from "../ingest/schemas";
import { ISSUE_SEVERITIES } from "../vocabulary";

const severityList = commaList(ISSUE_SEVERITIES, "severity");

/** GET /api/v1/anomalies (default window: 60 minutes) */
export const anomaliesQuerySchema = z.strictObject({
  agentId: agentIdRef.optional(),
  metric: text(1, 200).optional(),
  severity: severityList,
  ...windowParams,
  cursor: cursorParam(),
  limit: limitParam,
});
