import { db } from "@/server/db/client";
import { withApi } from "@/server/http/api";
import { json } from "@/server/http/errors";
import { getSecuritySettings } from "@/server/settings/service";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

/** Effective settings for automation (admin-scoped keys only: an ingest or read key gets 403). */
export const GET = withApi({ scope: "admin" }, async () => {
  const s = await getSecuritySettings(db());
  return json({ security: { apiRateLimitPerMinute: s.apiRateLimitPerMinute, apiRateLimitSource: s.stored.apiRateLimitPerMinute === null ? "env" : "settings" } });
});
