import { initTRPC } from "@trpc/server";
import type { Context } from "./context";

/**
 * tRPC root. No transformer: every procedure returns plain JSON-safe data (ISO strings for times,
 * strings for BigInt ids) so nothing depends on superjson.
 */
const t = initTRPC.context<Context>().create({
  sse: {
    // Keeps proxies from closing an idle live stream, and lets the client notice a dead one.
    ping: { enabled: true, intervalMs: 10_000 },
    client: { reconnectAfterInactivityMs: 25_000 },
  },
  errorFormatter({ shape, error }) {
    // Never leak stack traces or SQL to the browser in production.
    const internal = error.code === "INTERNAL_SERVER_ERROR";
    return {
      ...shape,
      message: internal && process.env.NODE_ENV === "production" ? "Internal error while loading data" : shape.message,
      data: { ...shape.data, stack: undefined },
    };
  },
});

export const router = t.router;
export const mergeRouters = t.mergeRouters;
export const createCallerFactory = t.createCallerFactory;

/**
 * PUBLIC (unauthenticated) procedure. The dashboard has no login yet: every dashboard procedure
 * uses this one, so adding auth later means swapping this single definition for a procedure with
 * a session check (or replacing the imports with `protectedProcedure`).
 */
export const publicProcedure = t.procedure.use(async ({ next, path }) => {
  const result = await next();
  if (!result.ok && result.error.code === "INTERNAL_SERVER_ERROR") {
    console.error(`[trpc] ${path} failed:`, result.error.cause ?? result.error);
  }
  return result;
});
