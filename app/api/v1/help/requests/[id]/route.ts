import { z } from "zod";
import { db } from "@/server/db/client";
import { notFound } from "@/server/help/http";
import { getRequest } from "@/server/help/requests";
import { HelpNotFound, keyOwner } from "@/server/help/store";
import { apiRoute, apiRoutes } from "@/server/http/route";

/** Status of an async help request; only the API key that asked can see it. */
const routes = apiRoutes({
  GET: apiRoute({
    auth: { scope: "read" },
    params: z.object({ id: z.string() }),
    handler: async ({ params, key }) => {
      try {
        return await getRequest(db(), keyOwner(key.id), params.id);
      } catch (err) {
        if (err instanceof HelpNotFound) return notFound("request");
        throw err;
      }
    },
  }),
}, { metricsPath: "/api/v1/help/requests/{id}" });

export const dynamic = "force-dynamic";
export const runtime = "nodejs";
export const { GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS } = routes;
