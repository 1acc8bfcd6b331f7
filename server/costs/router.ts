import { z } from "zod";
import { recordAudit } from "../audit/service";
import { operatorProcedure, protectedProcedure, router } from "../trpc/init";
import { writeSetting } from "../settings/typed";
import { COST_RATES_KEY, costRatesSchema } from "./analyze";
import { reportMarkdown } from "./executive";
import { computeCostAnalysis, costRates, executiveReport } from "./service";

const hours = z.object({ hours: z.number().int().min(1).max(24 * 30).default(24) }).default({ hours: 24 });

/** Cost analysis and the executive report (Performance page). Money is integer micro-dollars. */
export const costsRouter = router({
  analysis: protectedProcedure.input(hours).query(({ ctx, input }) => computeCostAnalysis(ctx.prisma, input.hours)),

  rates: protectedProcedure.query(({ ctx }) => costRates(ctx.prisma)),

  /** Changes the cost rates (settings table): an operator action, audited. */
  updateCostRates: operatorProcedure.input(costRatesSchema).mutation(async ({ ctx, input }) => {
    const r = await writeSetting(ctx.prisma, COST_RATES_KEY, costRatesSchema, input);
    await recordAudit(ctx.prisma, { actor: ctx.actor, action: "settings.changed", target: "cost_rates", details: JSON.parse(JSON.stringify(input)) });
    return r;
  }),

  /** The executive report, with its Markdown rendering (for download) and generation time. */
  executiveReport: protectedProcedure.input(hours).query(async ({ ctx, input }) => {
    const r = await executiveReport(ctx.prisma, input.hours);
    return { report: JSON.parse(JSON.stringify(r)) as typeof r, markdown: reportMarkdown(r) };
  }),
});
