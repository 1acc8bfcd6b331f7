import { handleAuthRequest } from "@/server/auth/handler";
import { apiRoute, apiRoutes } from "@/server/http/route";

/** Dashboard sign-in / sign-out (Better Auth behind an allow-list: server/auth/handler.ts reads the request itself). */
const auth = apiRoute({ auth: "public", body: "raw", handler: ({ req }) => handleAuthRequest(req) });

const routes = apiRoutes({ GET: auth, POST: auth }, { metricsPath: "/api/auth" });

export const dynamic = "force-dynamic";
export const runtime = "nodejs";
export const { GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS } = routes;
