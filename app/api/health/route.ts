import { json } from "@/server/http/errors";
import { readiness } from "@/server/http/readiness";
import { apiRoute, apiRoutes, RETRY_AFTER_SECONDS } from "@/server/http/route";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

/** Liveness + readiness, no auth: 200 while the database answers, 503 (Retry-After) when not. */
export const { GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS } = apiRoutes({
  GET: apiRoute({
    auth: "public",
    handler: async () => {
      const r = await readiness();
      return json(r, r.db === "up" ? 200 : 503, r.db === "up" ? {} : { "retry-after": String(RETRY_AFTER_SECONDS) });
    },
  }),
});
