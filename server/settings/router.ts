import { adminProcedure, protectedProcedure, router } from "../trpc/init";
import { getSecuritySettings, securitySettingsSchema, updateSecuritySettings } from "./service";

export const settingsRouter = router({
  security: protectedProcedure.query(({ ctx }) => getSecuritySettings(ctx.prisma)),

  updateSecurity: adminProcedure
    .input(securitySettingsSchema.partial())
    .mutation(({ ctx, input }) => updateSecuritySettings(ctx.prisma, input, ctx.actor)),
});
