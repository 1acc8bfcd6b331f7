import { TRPCError } from "@trpc/server";
import { z } from "zod";
import { recordAudit } from "../audit/service";
import { operatorProcedure, protectedProcedure, router } from "../trpc/init";
import { createPrice, deletePrice, listPrices, priceInputSchema, updatePrice } from "./prices";
import { decodeCursor } from "../db/paging";
import { getTrace, listRuns, RUN_ID_PATTERN, runFacets } from "./read";
import { GRADES, LLM_RUN_STATUSES } from "../vocabulary";
import { buildLlmReport, type LlmReport } from "./report";

/**
 * Dashboard reads and the price editor. The overview report is built live (a few aggregate
 * queries) and memoized for a few seconds per process, so a burst of live invalidations costs
 * one build.
 */

let memo: { at: number; report: Promise<LlmReport> } | null = null;
const REPORT_TTL_MS = 3_000;

const runsInput = z.object({
  project: z.string().min(1).max(200).optional(),
  model: z.string().min(1).max(200).optional(),
  status: z.enum(LLM_RUN_STATUSES).optional(),
  grade: z.enum(GRADES).optional(),
  hours: z.number().int().min(1).max(24 * 30).default(24 * 7),
  limit: z.number().int().min(1).max(200).default(50),
  cursor: z.string().max(200).nullish(),
});

/** The run list's opaque cursor; a malformed one is the client's fault. */
const runCursor = (c: string | null | undefined) => {
  if (!c) return undefined;
  const cursor = decodeCursor(c, RUN_ID_PATTERN);
  if (!cursor) throw new TRPCError({ code: "BAD_REQUEST", message: "invalid cursor" });
  return cursor;
};

const priceMutationInput = priceInputSchema.extend({ effectiveFrom: z.string().datetime({ offset: true }).or(z.literal("")).optional() });
const toPriceInput = (i: z.output<typeof priceMutationInput>) => ({ ...i, effectiveFrom: i.effectiveFrom ? new Date(i.effectiveFrom) : undefined });

export const llmRouter = router({
  report: protectedProcedure.query(async ({ ctx }) => {
    const now = Date.now();
    if (!memo || now - memo.at > REPORT_TTL_MS) {
      memo = { at: now, report: buildLlmReport(ctx.prisma, ctx.pool) };
      memo.report.catch(() => (memo = null));
    }
    return memo.report;
  }),

  runs: protectedProcedure.input(runsInput).query(async ({ ctx, input }) =>
    listRuns(ctx.pool, { ...input, cursor: runCursor(input.cursor), minutes: undefined, traceId: undefined }),
  ),

  /** Distinct projects and models seen in the last 30 days (filter dropdowns). */
  facets: protectedProcedure.query(({ ctx }) => runFacets(ctx.pool)),
  trace: protectedProcedure.input(z.object({ traceId: z.string().min(1).max(200) })).query(async ({ ctx, input }) => {
    const t = await getTrace(ctx.pool, input.traceId);
    if (!t) throw new TRPCError({ code: "NOT_FOUND", message: `Trace ${input.traceId} not found` });
    return t;
  }),

  prices: router({
    list: protectedProcedure.query(({ ctx }) => listPrices(ctx.prisma)),
    // Prices are rates, which operators edit; every change is audited.
    create: operatorProcedure.input(priceMutationInput).mutation(async ({ ctx, input }) => {
      const r = await createPrice(ctx.prisma, toPriceInput(input));
      await recordAudit(ctx.prisma, { actor: ctx.actor, action: "settings.changed", target: "llm.price", details: { op: "create", modelPattern: input.modelPattern } });
      return r;
    }),
    update: operatorProcedure.input(priceMutationInput.extend({ id: z.string().uuid() })).mutation(async ({ ctx, input }) => {
      const { id, ...rest } = input;
      const r = await updatePrice(ctx.prisma, id, toPriceInput(rest));
      if (!r) throw new TRPCError({ code: "NOT_FOUND", message: "price not found" });
      await recordAudit(ctx.prisma, { actor: ctx.actor, action: "settings.changed", target: "llm.price", details: { op: "update", id } });
      return r;
    }),
    delete: operatorProcedure.input(z.object({ id: z.string().uuid() })).mutation(async ({ ctx, input }) => {
      const deleted = await deletePrice(ctx.prisma, input.id);
      await recordAudit(ctx.prisma, { actor: ctx.actor, action: "settings.changed", target: "llm.price", details: { op: "delete", id: input.id } });
      return { deleted };
    }),
  }),
});
