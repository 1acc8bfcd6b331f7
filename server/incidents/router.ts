import { TRPCError } from "@trpc/server";
import { z } from "zod";
import { protectedProcedure, router } from "../trpc/init";
import { decodeCursor } from "../db/paging";
import { getIncident, incidentCounts, listIncidents } from "./service";
import { CLOSED_INCIDENT_STATUSES, INCIDENT_STATUSES, ISSUE_TYPES, OPEN_INCIDENT_STATUSES, type IncidentStatus } from "../vocabulary";

const statusFilter = z.enum(["open", "closed", "all", ...INCIDENT_STATUSES]).default("all");

function statuses(f: z.output<typeof statusFilter>): IncidentStatus[] | undefined {
  if (f === "all") return undefined;
  if (f === "open") return [...OPEN_INCIDENT_STATUSES];
  if (f === "closed") return [...CLOSED_INCIDENT_STATUSES];
  return [f];
}

/** Dashboard reads of incidents (the Incidents page, agent detail, overview). */
export const incidentsRouter = router({
  list: protectedProcedure
    .input(
      z.object({
        status: statusFilter,
        agentId: z.string().min(1).max(200).optional(),
        type: z.enum(ISSUE_TYPES).optional(),
        limit: z.number().int().min(1).max(200).default(50),
        cursor: z.string().max(200).nullish(),
      }),
    )
    .query(({ ctx, input }) =>
      listIncidents(ctx.prisma, { agentId: input.agentId, statuses: statuses(input.status), type: input.type, cursor: (input.cursor && decodeCursor(input.cursor)) || undefined, limit: input.limit }),
    ),
  byId: protectedProcedure.input(z.object({ id: z.string().regex(/^\d{1,18}$/) })).query(async ({ ctx, input }) => {
    const found = await getIncident(ctx.prisma, BigInt(input.id));
    if (!found) throw new TRPCError({ code: "NOT_FOUND", message: `No incident #${input.id}` });
    return found;
  }),

  /** Open incidents by severity and the last 24 h's outcomes (Overview, nav badge). */
  counts: protectedProcedure.query(({ ctx }) => incidentCounts(ctx.prisma)),
});
