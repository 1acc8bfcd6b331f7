import { z } from "zod";
import { Prisma } from "../db/client";
import { publicProcedure, router } from "../trpc/init";
import { EVENT_SEVERITIES } from "../vocabulary";


const listInput = z.object({
  agentId: z.string().min(1).max(200).optional(),
  /** Minimum severity (inclusive): "warning" shows warning, error and critical. */
  minSeverity: z.enum(EVENT_SEVERITIES).optional(),
  type: z.string().min(1).max(200).optional(),
  search: z.string().max(200).optional(),
  hours: z.number().int().min(1).max(24 * 90).optional(),
  limit: z.number().int().min(1).max(200).default(50),
  /** Opaque cursor from a previous page's nextCursor. */
  cursor: z.string().max(100).nullish(),
});

function decodeCursor(cursor: string | null | undefined): { ts: Date; id: bigint } | null {
  if (!cursor) return null;
  const m = /^(\d+):(\d+)$/.exec(cursor);
  if (!m) return null;
  return { ts: new Date(Number(m[1])), id: BigInt(m[2]!) };
}

/** Dashboard reads of the system event log (newest first, keyset-paginated). */
export const eventsRouter = router({
  list: publicProcedure.input(listInput).query(async ({ ctx, input }) => {
    const where: Prisma.EventWhereInput[] = [];
    if (input.agentId) where.push({ agentId: input.agentId });
    if (input.minSeverity) where.push({ severity: { in: EVENT_SEVERITIES.slice(EVENT_SEVERITIES.indexOf(input.minSeverity)) } });
    if (input.type) where.push({ type: input.type });
    const q = input.search?.trim();
    if (q) where.push({ OR: [{ message: { contains: q, mode: "insensitive" } }, { type: { contains: q, mode: "insensitive" } }, { agentId: { contains: q, mode: "insensitive" } }] });
    if (input.hours) where.push({ timestamp: { gte: new Date(Date.now() - input.hours * 3_600_000) } });
    const c = decodeCursor(input.cursor);
    if (c) where.push({ OR: [{ timestamp: { lt: c.ts } }, { timestamp: c.ts, id: { lt: c.id } }] });

    const rows = await ctx.prisma.event.findMany({
      where: { AND: where },
      orderBy: [{ timestamp: "desc" }, { id: "desc" }],
      take: input.limit + 1,
      include: { agent: { select: { name: true } } },
    });
    const page = rows.slice(0, input.limit);
    const last = page[page.length - 1];
    return {
      items: page.map((e) => ({
        id: e.id.toString(),
        type: e.type,
        message: e.message,
        severity: e.severity,
        agentId: e.agentId,
        agentName: e.agent?.name ?? null,
        timestamp: e.timestamp.toISOString(),
        metadata: e.metadata && typeof e.metadata === "object" && !Array.isArray(e.metadata) ? (e.metadata as Record<string, unknown>) : null,
      })),
      nextCursor: rows.length > input.limit && last ? `${last.timestamp.getTime()}:${last.id}` : null,
    };
  }),

  /** Distinct event types seen recently (for the filter dropdown). */
  types: publicProcedure.query(async ({ ctx }) => {
    const { rows } = await ctx.pool.query<{ type: string; n: string }>(
      `SELECT type, count(*) AS n FROM events WHERE timestamp > now() - interval '7 days' GROUP BY type ORDER BY n DESC LIMIT 100`,
    );
    return rows.map((r) => ({ type: r.type, count: Number(r.n) }));
  }),
});
