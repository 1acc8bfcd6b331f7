import { z } from "zod";
import { adminProcedure, router } from "../trpc/init";
import { AUDIT_ACTIONS, listAuditLog } from "./service";

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

  list: adminProcedure.input(listInput).query(({ ctx, input }) =>
    listAuditLog(ctx.prisma, {
      actor: input.actor,
      action: input.action,
      from: input.from ? new Date(input.from) : undefined,
      to: input.to ? new Date(input.to) : undefined,
      beforeId: input.cursor ? BigInt(input.cursor) : undefined,
      limit: input.limit,
    }),
  ),
});
