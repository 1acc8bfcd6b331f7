import { fetchRequestHandler } from "@trpc/server/adapters/fetch";
import { json } from "@/server/http/errors";
import { createContext } from "@/server/trpc/context";
import { appRouter } from "@/server/trpc/router";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

/**
 * A browser always sends Origin on a cross-site POST; refusing foreign origins stops CSRF against
 * the session cookie even where SameSite=Lax would not (e.g. a sibling subdomain).
 */
function crossSite(req: Request): boolean {
  const origin = req.headers.get("origin");
  if (!origin || req.method === "GET") return false;
  const host = req.headers.get("x-forwarded-host") ?? req.headers.get("host") ?? new URL(req.url).host;
  try {
    return new URL(origin).host !== host;
  } catch {
    return true;
  }
}

function handler(req: Request) {
  if (crossSite(req)) return json({ error: "cross-site request refused", issues: [] }, 403);
  return fetchRequestHandler({
    endpoint: "/api/trpc",
    req,
    router: appRouter,
    createContext: ({ resHeaders }) => createContext({ req, resHeaders }),
  });
}

export { handler as GET, handler as POST };
