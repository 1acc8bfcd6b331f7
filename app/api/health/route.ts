import { json } from "@/server/http/errors";
import { readiness } from "@/server/http/readiness";
import { apiRoute, apiRoutes, RETRY_AFTER_SECONDS } from "@/server/http/route";

/** Liveness + readiness, no auth: 200 while the database answers, 503 (Retry-After) when not. */
const routes = apiRoutes({
  GET: apiRoute({
    auth: "public",
    handler: async () => {
      const r = await readiness();
      return json(r, r.db === "up" ? 200 : 503, r.db === "up" ? {} : { "retry-after": String(RETRY_AFTER_SECONDS) });
    },
  }),
});

export const dynamic = "force-dynamic";
export const runtime = "nodejs";
export const { GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS } = routes;
