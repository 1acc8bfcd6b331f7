import { z } from "zod";
import { decodeCursor } from "../db/paging";
import { protectedProcedure, router } from "../trpc/init";
import { EVENT_SEVERITIES } from "../vocabulary";
import { listEventLog, recentEventTypes } from "./service";

const listInput = z.object({
  agentId: z.string().min(1).max(200).optional(),
  /** Minimum event severity (inclusive): "warning" shows warning, error and critical. */
  minSeverity: z.enum(EVENT_SEVERITIES).optional(),
  type: z.string().min(1).max(200).optional(),
  search: z.string().max(200).optional(),
  hours: z.number().int().min(1).max(24 * 90).optional(),
  limit: z.number().int().min(1).max(200).default(50),
  /** Opaque cursor from a previous page's nextCursor. */
  cursor: z.string().max(100).nullish(),
});

/** Dashboard reads of the system event log (newest first, keyset-paginated). */
export const eventsRouter = router({
  list: protectedProcedure.input(listInput).query(({ ctx, input }) =>
    listEventLog(ctx.prisma, {
      ...input,
      since: input.hours ? new Date(Date.now() - input.hours * 3_600_000) : undefined,
      cursor: input.cursor ? decodeCursor(input.cursor) : null,
    }),
  ),

  /** Distinct event types seen recently (for the filter dropdown). */
  types: protectedProcedure.query(({ ctx }) => recentEventTypes(ctx.prisma)),
});
