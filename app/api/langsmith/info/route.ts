import { apiRoute, apiRoutes } from "@/server/http/route";
import { langsmithInfo } from "@/server/llm/handlers";

/** LangSmith client handshake (no key needed: it reveals only batching limits). */
const routes = apiRoutes({
  GET: apiRoute({ auth: "public", handler: () => langsmithInfo() }),
});

export const dynamic = "force-dynamic";
export const runtime = "nodejs";
export const { GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS } = routes;
