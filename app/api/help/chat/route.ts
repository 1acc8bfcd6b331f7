import { db, pool } from "@/server/db/client";
import { ChatRequest } from "@/server/help/contract";
import { conversationFor, enforceChatRateLimit, sseAnswer } from "@/server/help/http";
import { userOwner } from "@/server/help/store";
import { apiRoute, apiRoutes } from "@/server/http/route";

/**
 * The dashboard chat: any signed-in user (viewers too: asking changes nothing and the
 * conversation is their own), same-origin only so the cookie cannot let another site ask.
 * Always answers as a stream of HelpEvents (SSE).
 */
const routes = apiRoutes({
  POST: apiRoute({
    auth: { session: true },
    sameOrigin: true,
    rateLimit: ({ session }) => enforceChatRateLimit(session.user.id),
    body: ChatRequest,
    handler: async ({ body, session }) => {
      const conv = await conversationFor(db(), userOwner(session.user.id), body.conversationId, body.question);
      if (conv instanceof Response) return conv;
      return sseAnswer(db(), pool(), body.question, conv);
    },
  }),
});

export const dynamic = "force-dynamic";
export const runtime = "nodejs";
export const { GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS } = routes;
