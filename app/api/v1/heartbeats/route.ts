import { listHeartbeats } from "@/server/agents/heartbeats";
import { db } from "@/server/db/client";
import { withApi } from "@/server/http/api";
import { json } from "@/server/http/errors";
import { parseQuery, windowStart } from "@/server/http/query";
import { encodeCursor } from "@/server/db/paging";
import { heartbeatsQuerySchema } from "@/server/http/query-schemas";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

/** Recent heartbeats (default last 60 min), newest first. */
export const GET = withApi({ scope: "read" }, async ({ req }) => {
  const q = parseQuery(req, heartbeatsQuerySchema);
  const { rows, last, more } = await listHeartbeats(db(), { ...q, since: windowStart(q, 60) });
  return json({ items: rows, nextCursor: more && last ? encodeCursor(last.at, last.id) : null });
});
