import { fetchRequestHandler } from "@trpc/server/adapters/fetch";
import { apiRoute, apiRoutes } from "@/server/http/route";
import { createContext } from "@/server/trpc/context";
import { appRouter } from "@/server/trpc/router";

/**
 * The dashboard's tRPC API. Procedures check the session themselves (server/trpc/context.ts);
 * same-origin only, so the session cookie cannot be used for CSRF.
 */
const trpc = apiRoute({
  auth: "public",
  sameOrigin: true,
  body: "raw",
  handler: ({ req }) =>
    fetchRequestHandler({ endpoint: "/api/trpc", req, router: appRouter, createContext: ({ resHeaders }) => createContext({ req, resHeaders }) }),
});

const routes = apiRoutes({ GET: trpc, POST: trpc }, { metricsPath: "/api/trpc" });

export const dynamic = "force-dynamic";
export const runtime = "nodejs";
export const { GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS } = routes;
