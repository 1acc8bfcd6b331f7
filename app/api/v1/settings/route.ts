import { db } from "@/server/db/client";
import { apiRoute, apiRoutes } from "@/server/http/route";
import { getSecuritySettings } from "@/server/settings/service";

/** Effective settings for automation (admin-scoped keys only: an ingest or read key gets 403). */
const routes = apiRoutes({
  GET: apiRoute({
    auth: { scope: "admin" },
    handler: async () => {
      const s = await getSecuritySettings(db());
      return { security: { apiRateLimitPerMinute: s.apiRateLimitPerMinute, apiRateLimitSource: s.stored.apiRateLimitPerMinute === null ? "env" : "settings" } };
    },
  }),
});

export const dynamic = "force-dynamic";
export const runtime = "nodejs";
export const { GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS } = routes;
