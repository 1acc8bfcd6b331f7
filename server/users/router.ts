import { TRPCError } from "@trpc/server";
import { z } from "zod";
import { ROLES } from "../auth/roles";
import { adminProcedure, router } from "../trpc/init";
import { createUser, listUsers, setDisabled, setPassword, setRole, unlockUser, UserError } from "./service";

/** Users page (admins only): create with a password, change role, disable/enable, set a new password, unlock after failed sign-ins. */

const password = z.string().min(8, "at least 8 characters").max(128, "at most 128 characters");
const userId = z.string().min(1).max(100);

async function mapErrors<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (e) {
    if (e instanceof UserError) throw new TRPCError({ code: e.code, message: e.message });
    throw e;
  }
}

export const usersRouter = router({
  list: adminProcedure.query(({ ctx }) => listUsers(ctx.prisma)),

  create: adminProcedure
    .input(z.object({ email: z.email("enter a valid email").max(320), name: z.string().trim().max(100).optional(), password, role: z.enum(ROLES) }))
    .mutation(({ ctx, input }) => mapErrors(() => createUser(ctx.prisma, input, ctx.actor))),

  setRole: adminProcedure.input(z.object({ id: userId, role: z.enum(ROLES) })).mutation(async ({ ctx, input }) => {
    if (input.id === ctx.user.id && input.role !== "admin") throw new TRPCError({ code: "BAD_REQUEST", message: "you cannot take away your own admin role" });
    await mapErrors(() => setRole(ctx.prisma, input.id, input.role, ctx.actor));
    return { ok: true };
  }),

  setDisabled: adminProcedure.input(z.object({ id: userId, disabled: z.boolean() })).mutation(async ({ ctx, input }) => {
    if (input.id === ctx.user.id && input.disabled) throw new TRPCError({ code: "BAD_REQUEST", message: "you cannot disable your own account" });
    await mapErrors(() => setDisabled(ctx.prisma, input.id, input.disabled, ctx.actor));
    return { ok: true };
  }),

  setPassword: adminProcedure.input(z.object({ id: userId, password })).mutation(async ({ ctx, input }) => {
    await mapErrors(() => setPassword(ctx.prisma, input.id, input.password, ctx.actor));
    return { ok: true };
  }),

  unlock: adminProcedure.input(z.object({ id: userId })).mutation(({ ctx, input }) => mapErrors(() => unlockUser(ctx.prisma, input.id, ctx.actor))),
});
