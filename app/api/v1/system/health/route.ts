import { db } from "@/server/db/client";
import { getSystemHealth } from "@/server/health-score/service";
import { withApi } from "@/server/http/api";
import { json } from "@/server/http/errors";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

/** System score, status, roster counts and per-factor breakdown (computed by server/health). */
export const GET = withApi({ scope: "read" }, async () => json(await getSystemHealth(db())));
