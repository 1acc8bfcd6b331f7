import { json } from "@/server/http/errors";
import { readiness } from "@/server/http/readiness";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

/** Liveness + readiness, no auth: 200 while the database answers, 503 (Retry-After) when not. */
export async function GET(): Promise<Response> {
  const r = await readiness();
  return json(r, r.db === "up" ? 200 : 503, r.db === "up" ? {} : { "retry-after": "5" });
}
