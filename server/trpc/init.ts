import { initTRPC, TRPCError } from "@trpc/server";
import type { AuditActor } from "../audit/service";
import { hasRole, type Role } from "../auth/roles";
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

const logged = t.procedure.use(async ({ next, path }) => {
  const result = await next();
  if (!result.ok && result.error.code === "INTERNAL_SERVER_ERROR") {
    console.error(`[trpc] ${path} failed:`, result.error.cause ?? result.error);
  }
  return result;
});

/**
 * Every dashboard procedure needs a signed-in, enabled user (any role): reads use this one.
 * Adds `ctx.user` and `ctx.actor` (for the audit log).
 */
export const protectedProcedure = logged.use(async ({ ctx, next }) => {
  const session = await ctx.session();
  if (!session) throw new TRPCError({ code: "UNAUTHORIZED", message: "Your session has ended: sign in again" });
  const actor: AuditActor = { id: session.user.id, email: session.user.email, ip: ctx.ip };
  return next({ ctx: { ...ctx, user: session.user, actor } });
});

const requireRole = (role: Role) =>
  protectedProcedure.use(({ ctx, next }) => {
    if (!hasRole(ctx.user.role, role)) {
      throw new TRPCError({ code: "FORBIDDEN", message: `This needs the ${role} role (you are ${ctx.user.role})` });
    }
    return next();
  });

/**
 * Mutations must use one of these (server/trpc/roles.test.ts enumerates every mutation and
 * fails for one a viewer can run). operator: operating the fleet (pause/resume/restart agents,
 * acknowledge incidents, roster and rates); admin: users, API keys, security settings.
 */
export const operatorProcedure = requireRole("operator");
export const adminProcedure = requireRole("admin");
