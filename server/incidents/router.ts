import { TRPCError } from "@trpc/server";
import { z } from "zod";
import { publicProcedure, router } from "../trpc/init";
import { getIncident, listIncidents } from "./service";
import { INCIDENT_STATUSES, ISSUE_TYPES, OPEN_INCIDENT_STATUSES, type IncidentStatus } from "../vocabulary";

const statusFilter = z.enum(["open", "closed", "all", ...INCIDENT_STATUSES]).default("all");

function statuses(f: z.output<typeof statusFilter>): IncidentStatus[] | undefined {
  if (f === "all") return undefined;
  if (f === "open") return [...OPEN_INCIDENT_STATUSES];
  if (f === "closed") return ["resolved", "escalated", "cancelled"];
  return [f];
}

/** Dashboard reads of incidents (SPEC §6 Incidents page, agent detail, overview). */
export const incidentsRouter = router({
  list: publicProcedure
    .input(
      z.object({
        status: statusFilter,
        agentId: z.string().min(1).max(200).optional(),
        type: z.enum(ISSUE_TYPES).optional(),
        limit: z.number().int().min(1).max(200).default(50),
        cursor: z.string().max(200).nullish(),
      }),
    )
    .query(async ({ ctx, input }) => {
      let cursor: { at: Date; id: string } | undefined;
      if (input.cursor) {
        const m = /^(\d+):(\d+)$/.exec(input.cursor);
        if (m) cursor = { at: new Date(Number(m[1])), id: m[2]! };
      }
      const page = await listIncidents(ctx.prisma, { agentId: input.agentId, statuses: statuses(input.status), type: input.type, cursor, limit: input.limit });
      const last = page.items[page.items.length - 1];
      return { items: page.items, nextCursor: page.nextCursor && last ? `${Date.parse(last.detectedAt)}:${last.id}` : null };
    }),

  byId: publicProcedure.input(z.object({ id: z.string().regex(/^\d{1,18}$/) })).query(async ({ ctx, input }) => {
    const found = await getIncident(ctx.prisma, BigInt(input.id));
    if (!found) throw new TRPCError({ code: "NOT_FOUND", message: `No incident #${input.id}` });
    return found;
  }),

  /** Open incidents by severity and the last 24 h's outcomes (Overview, nav badge). */
  counts: publicProcedure.query(async ({ ctx }) => {
    const { rows } = await ctx.pool.query<{ open: number; critical: number; high: number; opened: number; resolved: number; escalated: number }>(
      `SELECT count(*) FILTER (WHERE closed_at IS NULL)::int AS open,
              count(*) FILTER (WHERE closed_at IS NULL AND severity = 'critical')::int AS critical,
              count(*) FILTER (WHERE closed_at IS NULL AND severity = 'high')::int AS high,
              count(*) FILTER (WHERE detected_at > now() - interval '24 hours')::int AS opened,
              count(*) FILTER (WHERE status = 'resolved' AND closed_at > now() - interval '24 hours')::int AS resolved,
              count(*) FILTER (WHERE status = 'escalated' AND closed_at > now() - interval '24 hours')::int AS escalated
         FROM incidents WHERE closed_at IS NULL OR closed_at > now() - interval '24 hours' OR detected_at > now() - interval '24 hours'`,
    );
    return rows[0]!;
  }),
});
