import { sessionFromHeaders, type CurrentSession } from "../auth/session";
import { db, pool } from "../db/client";
import { clientIp } from "../http/client-ip";

/**
 * Per-request tRPC context. The database handles are process-wide singletons, fetched lazily so
 * that importing the router never needs DATABASE_URL (e.g. during `next build`). The session is
 * looked up lazily too (once per request, shared by a batch) by the auth middleware in init.ts.
 * `resHeaders` (from the fetch adapter) receives the cookie of a sliding session refresh.
 */
export async function createContext(opts: { req: Request; resHeaders?: Headers }) {
  let session: Promise<CurrentSession | null> | undefined;
  return {
    req: opts.req,
    ip: clientIp(opts.req.headers),
    session(): Promise<CurrentSession | null> {
      session ??= sessionFromHeaders(opts.req.headers, opts.req.url).then((s) => {
        if (s && opts.resHeaders) for (const c of s.setCookies) opts.resHeaders.append("set-cookie", c);
        return s;
      });
      return session;
    },
    get prisma() {
      return db();
    },
    get pool() {
      return pool();
    },
  };
}

export type Context = Awaited<ReturnType<typeof createContext>>;
