import { db, pool } from "@/server/db/client";
import { AskRequest } from "@/server/help/contract";
import { conversationFor, jsonAnswer, notFound, sseAnswer, wantsEventStream } from "@/server/help/http";
import { enqueueRequest } from "@/server/help/requests";
import { HelpNotFound, keyOwner } from "@/server/help/store";
import { json } from "@/server/http/errors";
import { apiRoute, apiRoutes } from "@/server/http/route";

/**
 * Ask the help agent. Read scope: asking changes nothing in the monitored system; the
 * conversation belongs to the API key. `Accept: text/event-stream` streams HelpEvents; `async`
 * queues the question for the ai_help_agent worker (202).
 */
const routes = apiRoutes({
  POST: apiRoute({
    auth: { scope: "read" },
    body: AskRequest,
    handler: async ({ req, body, key }) => {
      const owner = keyOwner(key.id);
      if (body.async) {
        try {
          return json(await enqueueRequest(db(), owner, body.question, body.conversationId), 202);
        } catch (err) {
          if (err instanceof HelpNotFound) return notFound("conversation");
          throw err;
        }
      }
      const conv = await conversationFor(db(), owner, body.conversationId, body.question);
      if (conv instanceof Response) return conv;
      return wantsEventStream(req) ? sseAnswer(db(), pool(), body.question, conv) : jsonAnswer(db(), pool(), body.question, conv);
    },
  }),
});

export const dynamic = "force-dynamic";
export const runtime = "nodejs";
export const { GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS } = routes;
