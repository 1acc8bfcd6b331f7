import { sessionFromHeaders } from "@/server/auth/session";
import { db, pool } from "@/server/db/client";
import { handleError } from "@/server/http/api";
import { json } from "@/server/http/errors";
import { ChatRequest } from "@/server/help/contract";
import { conversationFor, enforceChatRateLimit, parseBody, sseAnswer } from "@/server/help/http";
import { userOwner } from "@/server/help/store";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

/** Same-origin only: the session cookie must not let another site ask (and store) questions. */
function crossSite(req: Request): boolean {
  const origin = req.headers.get("origin");
  if (!origin) return false;
  const host = req.headers.get("x-forwarded-host") ?? req.headers.get("host") ?? new URL(req.url).host;
  try {
    return new URL(origin).host !== host;
  } catch {
    return true;
  }
}

/**
 * The dashboard chat: any signed-in user (viewers too: asking changes nothing and the
 * conversation is their own). Always answers as a stream of HelpEvents (SSE).
 */
export async function POST(req: Request): Promise<Response> {
  try {
    if (crossSite(req)) return json({ error: "cross-site request refused", issues: [] }, 403);
    const session = await sessionFromHeaders(req.headers, req.url);
    if (!session) return json({ error: "sign in to use the help chat", issues: [] }, 401);
    await enforceChatRateLimit(session.user.id);
    const body = await parseBody(req, ChatRequest);
    const owner = userOwner(session.user.id);
    const conv = await conversationFor(db(), owner, body.conversationId, body.question);
    if (conv instanceof Response) return conv;
    return sseAnswer(db(), pool(), body.question, conv);
  } catch (err) {
    return handleError(err, req);
  }
}
