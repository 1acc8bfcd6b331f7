import { z } from "zod";
import type { Prisma } from "../db/client";
import { adminProcedure, router } from "../trpc/init";
import { AUDIT_ACTIONS } from "./log";

/** The audit page (admins): newest first, filter by actor, action (or action group) and time. */
const listInput = z.object({
  /** Part of the actor's email (case-insensitive). */
  actor: z.string().trim().max(320).optional(),
  /** An exact action ("user.created") or a group ("user."). */
  action: z.string().trim().max(64).optional(),
  from: z.iso.datetime({ offset: true }).optional(),
  to: z.iso.datetime({ offset: true }).optional(),
  cursor: z.string().regex(/^\d+$/).nullish(),
  limit: z.number().int().min(1).max(200).default(50),
});

export const auditRouter = router({
  actions: adminProcedure.query(() => AUDIT_ACTIONS),

  list: adminProcedure.input(listInput).query(async ({ ctx, input }) => {
    const where: Prisma.AuditLogWhereInput = {};
    if (input.actor) where.actorEmail = { contains: input.actor, mode: "insensitive" };
    if (input.action) where.action = input.action.endsWith(".") ? { startsWith: input.action } : input.action;
    if (input.from || input.to) where.at = { ...(input.from ? { gte: new Date(input.from) } : {}), ...(input.to ? { lte: new Date(input.to) } : {}) };
    if (input.cursor) where.id = { lt: BigInt(input.cursor) };
    const rows = await ctx.prisma.auditLog.findMany({ where, orderBy: { id: "desc" }, take: input.limit + 1 });
    const more = rows.length > input.limit;
    const items = rows.slice(0, input.limit).map((r) => ({
      id: r.id.toString(),
      at: r.at.toISOString(),
      actorEmail: r.actorEmail,
      action: r.action,
      target: r.target,
      ip: r.ip,
      details: r.details as Record<string, unknown>,
    }));
    return { items, nextCursor: more ? items[items.length - 1]!.id : null };
  }),
});
