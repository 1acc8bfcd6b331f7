import { db, pool } from "../db/client";

/**
 * Per-request tRPC context. The database handles are process-wide singletons, fetched lazily so
 * that importing the router never needs DATABASE_URL (e.g. during `next build`).
 * When login lands (a later issue) the session goes here and `protectedProcedure` checks it.
 */
export async function createContext(opts: { req: Request }) {
  return {
    req: opts.req,
    get prisma() {
      return db();
    },
    get pool() {
      return pool();
    },
  };
}

export type Context = Awaited<ReturnType<typeof createContext>>;
