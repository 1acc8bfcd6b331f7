import { TRPCError } from "@trpc/server";
import { z } from "zod";
import { adminProcedure, protectedProcedure, router } from "../trpc/init";
import { API_KEY_SCOPES } from "./api-keys";
import { issueApiKey, listApiKeys, revokeApiKey } from "./key-admin";

/** Who is signed in (the nav shows it; the UI hides what the role cannot do). */
export const meRouter = router({
  get: protectedProcedure.query(async ({ ctx }) => {
    const s = (await ctx.session())!;
    return { ...ctx.user, sessionExpiresAt: s.expiresAt };
  }),
});

const createKeyInput = z.object({
  name: z.string().trim().min(1, "name is required").max(100),
  scopes: z.array(z.enum(API_KEY_SCOPES)).min(1, "pick at least one scope").max(3),
  /** ISO time; null/absent = never expires. Must be in the future. */
  expiresAt: z.iso
    .datetime({ offset: true })
    .nullish()
    .refine((v) => !v || Date.parse(v) > Date.now(), "expiry must be in the future"),
});

/** Settings → API keys. Anyone signed in sees prefixes and usage; only admins create or revoke. */
export const apiKeysRouter = router({
  list: protectedProcedure.query(({ ctx }) => listApiKeys(ctx.prisma)),

  /** Returns the secret: the only time it ever leaves the server. */
  create: adminProcedure.input(createKeyInput).mutation(async ({ ctx, input }) => {
    const scopes = [...new Set(input.scopes)];
    const key = await issueApiKey(ctx.prisma, { name: input.name, scopes, expiresAt: input.expiresAt ? new Date(input.expiresAt) : null }, ctx.actor);
    return { id: key.id, prefix: key.prefix, secret: key.secret };
  }),

  revoke: adminProcedure.input(z.object({ id: z.uuid() })).mutation(async ({ ctx, input }) => {
    if (!(await revokeApiKey(ctx.prisma, input.id, ctx.actor))) throw new TRPCError({ code: "NOT_FOUND", message: "API key not found" });
    return { revoked: true };
  }),
});
