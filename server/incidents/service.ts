/**
 * Incidents in the database: opening one exactly once per open condition, the timeline steps
 * (each unique per incident and key), and the one DTO shape used by the API and the dashboard.
 */
import type { Db, PrismaClient } from "../db/client";
import { Prisma } from "../db/client";
import { encodeCursor, olderThan, page, type Cursor } from "../db/paging";
import { microsToDecimal, type BusinessValue } from "./business";
import { EVENT_SEVERITY_OF_ISSUE, ISSUE_LABELS, OPEN_INCIDENT_STATUSES, type IncidentStatus, type IssueSeverity, type IssueType } from "../vocabulary";
import { issueKey, type DetectedIssue } from "./types";


/**
 * Appends a timeline step unless one with this key exists (the unique (incident, key) index
 * makes a second writer's insert a no-op). Returns whether this call recorded it.
 */
export async function insertStep(
  tx: Db | PrismaClient,
  incidentId: bigint,
  key: string,
  kind: string,
  message: string,
  details: Record<string, unknown> = {},
  opts: { workerId?: string | null; at?: Date } = {},
): Promise<boolean> {
  const n = await tx.$executeRaw`
    INSERT INTO incident_steps (incident_id, key, kind, message, details, worker_id, created_at)
    VALUES (${incidentId}, ${key}, ${kind}, ${message}, ${JSON.stringify(details)}::jsonb, ${opts.workerId ?? null}, coalesce(${opts.at ?? null}::timestamptz, clock_timestamp()))
    ON CONFLICT (incident_id, key) DO NOTHING`;
  return n === 1;
}

export interface OpenOptions {
  now: Date;
  workerId?: string | null;
  source?: string;
  /** Healthy this long and the backoff chain starts over. */
  resetSeconds: number;
}

/**
 * Opens an incident for a detected issue unless one with the same key is open. The INSERT …
 * ON CONFLICT (open_key) DO NOTHING decides: concurrent detectors open it once, and only the
 * caller that opened it records the `detected` step and the event. Returns the new id or null.
 */
export async function openIncident(prisma: PrismaClient, issue: DetectedIssue, opts: OpenOptions): Promise<bigint | null> {
  const key = issueKey(issue);
  const previous = await prisma.incident.findFirst({
    where: { fingerprint: key, closedAt: { not: null } },
    orderBy: { closedAt: "desc" },
    select: { closedAt: true, backoffLevel: true, attempt: true },
  });
  const inherited =
    previous?.closedAt && (opts.now.getTime() - previous.closedAt.getTime()) / 1000 < opts.resetSeconds ? previous.backoffLevel + previous.attempt : 0;
  return prisma.$transaction(async (tx) => {
    const rows = await tx.$queryRaw<{ id: bigint }[]>`
      INSERT INTO incidents (agent_id, type, severity, status, title, open_key, fingerprint, evidence, backoff_level, source, detected_at, updated_at)
      VALUES (${issue.agentId}, ${issue.type}, ${issue.severity}::"IssueSeverity", 'detected', ${issue.title}, ${key}, ${key},
              ${JSON.stringify({ ...issue.evidence, ...(issue.subtype ? { subtype: issue.subtype } : {}) })}::jsonb, ${inherited},
              ${opts.source ?? "self_healing_agent"}, ${opts.now}, ${opts.now})
      ON CONFLICT (open_key) DO NOTHING
      RETURNING id`;
    const id = rows[0]?.id;
    if (id === undefined) return null;
    await insertStep(tx, id, "detected", "detected", issue.title, { severity: issue.severity, evidence: issue.evidence, backoffLevel: inherited }, { workerId: opts.workerId, at: opts.now });
    await tx.event.create({
      data: {
        type: "incident.opened",
        message: `Incident #${id}: ${issue.title}`,
        severity: EVENT_SEVERITY_OF_ISSUE[issue.severity],
        agentId: issue.agentId,
        timestamp: opts.now,
        metadata: { incidentId: id.toString(), issueType: issue.type, severity: issue.severity },
      },
    });
    return id;
  });
}

export function subtypeOf(evidence: unknown): string | null {
  const s = evidence && typeof evidence === "object" ? (evidence as { subtype?: unknown }).subtype : undefined;
  return typeof s === "string" ? s : null;
}

/* ---------- DTOs ---------- */

export interface IncidentStepDto {
  id: string;
  key: string;
  kind: string;
  message: string;
  details: Record<string, unknown>;
  workerId: string | null;
  at: string;
}

export interface RecoveryActionDto {
  id: string;
  attempt: number;
  recoveryType: string;
  action: string;
  params: Record<string, unknown>;
  status: string;
  successProbability: number;
  estimatedSeconds: number;
  plannedAt: string;
  startedAt: string | null;
  verifyUntil: string | null;
  finishedAt: string | null;
  result: Record<string, unknown> | null;
  undo: Record<string, unknown> | null;
}

export interface IncidentDto {
  id: string;
  agentId: string | null;
  type: string;
  typeLabel: string;
  subtype: string | null;
  severity: IssueSeverity;
  status: IncidentStatus;
  open: boolean;
  title: string;
  evidence: Record<string, unknown>;
  attempt: number;
  backoffLevel: number;
  nextAttemptAt: string | null;
  source: string;
  detectedAt: string;
  updatedAt: string;
  closedAt: string | null;
  resolution: string | null;
  /** Money as exact decimal strings (USD). */
  businessValue: (Omit<BusinessValue, "rates" | "revenueAtRiskPerHourMicros" | "revenuePreservedMicros" | "engineerSavingsMicros" | "valuePreservedMicros"> & {
    revenueAtRiskPerHourUsd: string;
    revenuePreservedUsd: string;
    engineerSavingsUsd: string;
    valuePreservedUsd: string;
  }) | null;
  timeline: IncidentStepDto[];
  actions: RecoveryActionDto[];
}

const iso = (d: Date | null) => (d ? d.toISOString() : null);
const obj = (v: unknown): Record<string, unknown> => (v && typeof v === "object" && !Array.isArray(v) ? (JSON.parse(JSON.stringify(v)) as Record<string, unknown>) : {});

const include = {
  // Insertion order is the order things happened in (timestamps come from several clocks).
  steps: { orderBy: { id: "asc" } },
  actions: { orderBy: { attempt: "asc" } },
} satisfies Prisma.IncidentInclude;
type IncidentRow = Prisma.IncidentGetPayload<{ include: typeof include }>;

function businessDto(v: unknown): IncidentDto["businessValue"] {
  if (!v || typeof v !== "object") return null;
  const b = v as BusinessValue;
  if (typeof b.valuePreservedMicros !== "number") return null;
  return {
    severityWeight: b.severityWeight,
    automatedMinutes: b.automatedMinutes,
    minutesSaved: b.minutesSaved,
    formula: b.formula,
    revenueAtRiskPerHourUsd: microsToDecimal(b.revenueAtRiskPerHourMicros),
    revenuePreservedUsd: microsToDecimal(b.revenuePreservedMicros),
    engineerSavingsUsd: microsToDecimal(b.engineerSavingsMicros),
    valuePreservedUsd: microsToDecimal(b.valuePreservedMicros),
  };
}

export function toIncidentDto(i: IncidentRow): IncidentDto {
  return {
    id: i.id.toString(),
    agentId: i.agentId,
    type: i.type,
    typeLabel: ISSUE_LABELS[i.type as IssueType] ?? i.type,
    subtype: subtypeOf(i.evidence),
    severity: i.severity,
    status: i.status,
    open: (OPEN_INCIDENT_STATUSES as readonly string[]).includes(i.status),
    title: i.title,
    evidence: obj(i.evidence),
    attempt: i.attempt,
    backoffLevel: i.backoffLevel,
    nextAttemptAt: iso(i.nextAttemptAt),
    source: i.source,
    detectedAt: i.detectedAt.toISOString(),
    updatedAt: i.updatedAt.toISOString(),
    closedAt: iso(i.closedAt),
    resolution: i.resolution,
    businessValue: businessDto(i.businessValue),
    timeline: i.steps.map((s) => ({ id: s.id.toString(), key: s.key, kind: s.kind, message: s.message, details: obj(s.details), workerId: s.workerId, at: s.createdAt.toISOString() })),
    actions: i.actions.map((a) => ({
      id: a.id.toString(),
      attempt: a.attempt,
      recoveryType: a.recoveryType,
      action: a.action,
      params: obj(a.params),
      status: a.status,
      successProbability: a.successProbability,
      estimatedSeconds: a.estimatedSeconds,
      plannedAt: a.plannedAt.toISOString(),
      startedAt: iso(a.startedAt),
      verifyUntil: iso(a.verifyUntil),
      finishedAt: iso(a.finishedAt),
      result: a.result ? obj(a.result) : null,
      undo: a.undo ? obj(a.undo) : null,
    })),
  };
}

export interface IncidentQuery {
  agentId?: string;
  statuses?: IncidentStatus[];
  type?: string;
  cursor?: Cursor;
  limit: number;
}

export async function listIncidents(prisma: Db, q: IncidentQuery): Promise<{ items: IncidentDto[]; nextCursor: string | null }> {
  const rows = await prisma.incident.findMany({
    where: {
      agentId: q.agentId,
      status: q.statuses ? { in: q.statuses } : undefined,
      type: q.type,
      ...olderThan("detectedAt", q.cursor),
    },
    orderBy: [{ detectedAt: "desc" }, { id: "desc" }],
    take: q.limit + 1,
    include,
  });
  return page(rows, q.limit, (r) => encodeCursor(r.detectedAt, r.id), toIncidentDto);
}

export async function getIncident(prisma: Db, id: bigint): Promise<IncidentDto | null> {
  const row = await prisma.incident.findUnique({ where: { id }, include });
  return row ? toIncidentDto(row) : null;
}

/** Open incidents by issue severity and the last 24 h's outcomes (the overview and the nav badge). */
export async function incidentCounts(db: Db): Promise<{ open: number; critical: number; high: number; opened: number; resolved: number; escalated: number }> {
  const [row] = await db.$queryRaw<{ open: number; critical: number; high: number; opened: number; resolved: number; escalated: number }[]>`
    SELECT count(*) FILTER (WHERE closed_at IS NULL)::int AS open,
           count(*) FILTER (WHERE closed_at IS NULL AND severity = 'critical')::int AS critical,
           count(*) FILTER (WHERE closed_at IS NULL AND severity = 'high')::int AS high,
           count(*) FILTER (WHERE detected_at > now() - interval '24 hours')::int AS opened,
           count(*) FILTER (WHERE status = 'resolved' AND closed_at > now() - interval '24 hours')::int AS resolved,
           count(*) FILTER (WHERE status = 'escalated' AND closed_at > now() - interval '24 hours')::int AS escalated
      FROM incidents WHERE closed_at IS NULL OR closed_at > now() - interval '24 hours' OR detected_at > now() - interval '24 hours'`;
  return row!;
}
