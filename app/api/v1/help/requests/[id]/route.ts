import { db } from "@/server/db/client";
import { withApi } from "@/server/http/api";
import { json } from "@/server/http/errors";
import { notFound } from "@/server/help/http";
import { getRequest } from "@/server/help/requests";
import { HelpNotFound, keyOwner } from "@/server/help/store";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

/** Status of an async help request; only the API key that asked can see it. */
export const GET = withApi<{ id: string }>({ scope: "read" }, async ({ params, key }) => {
  try {
    return json(await getRequest(db(), keyOwner(key!.id), params.id));
  } catch (err) {
    if (err instanceof HelpNotFound) return notFound("request");
    throw err;
  }
});
