import { apiRoute, apiRoutes } from "@/server/http/route";
import { langsmithInfo } from "@/server/llm/handlers";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

/** LangSmith client handshake (no key needed: it reveals only batching limits). */
export const { GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS } = apiRoutes({
  GET: apiRoute({ auth: "public", handler: () => langsmithInfo() }),
});
