import { TRPCError } from "@trpc/server";
import { adminProcedure, protectedProcedure, router } from "../trpc/init";
import { getSecuritySettings, securityPatchErrors, securitySettingsSchema, updateSecuritySettings } from "./service";

export const settingsRouter = router({
  security: protectedProcedure.query(({ ctx }) => getSecuritySettings(ctx.prisma)),

  updateSecurity: adminProcedure
    .input(securitySettingsSchema.partial())
    .mutation(({ ctx, input }) => {
      const errors = securityPatchErrors(input);
      if (errors.length) throw new TRPCError({ code: "BAD_REQUEST", message: errors.join("; ") });
      return updateSecuritySettings(ctx.prisma, input, ctx.actor);
    }),
});
