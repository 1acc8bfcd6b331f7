import { page } from "../db/paging";
import type { Db, Prisma, PrismaClient } from "../db/client";

/**
 * The audit trail: who did what, when, from where. Writers pass the same transaction
 * client as the change they record, so an entry exists exactly when the change was committed.
 * `details` carries ids, names and old/new values — never a password, key secret or token.
 */
export const AUDIT_ACTIONS = [
  "auth.login",
  "auth.login_failed",
  "auth.logout",
  "api_key.created",
  "api_key.revoked",
  "user.created",
  "user.role_changed",
  "user.disabled",
  "user.enabled",
  "user.password_set",
  "user.unlocked",
  "settings.changed",
  "agent.paused",
  "agent.resumed",
  "agent.recovery_requested",
  "agent.webhook_changed",
  "help.document_created",
  "help.document_updated",
  "help.document_removed",
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

export interface AuditActor {
  id: string | null;
  email: string | null;
  /** Where the request came from (the entry's ip unless the entry names one). */
  ip?: string | null;
}

export interface AuditEntry {
  actor: AuditActor | null;
  action: AuditAction;
  target?: string | null;
  ip?: string | null;
  details?: Prisma.InputJsonObject;
}

type Writer = Pick<PrismaClient, "auditLog"> | Db;

export async function recordAudit(prisma: Writer, e: AuditEntry): Promise<void> {
  await prisma.auditLog.create({
    data: {
      actorId: e.actor?.id ?? null,
      actorEmail: e.actor?.email ?? null,
      action: e.action,
      target: e.target ?? null,
      ip: e.ip ?? e.actor?.ip ?? null,
      details: e.details ?? {},
    },
  });
}

export interface AuditQuery {
  /** Part of the actor's email (case-insensitive). */
  actor?: string;
  /** An exact action ("user.created") or a group ("user."). */
  action?: string;
  from?: Date;
  to?: Date;
  /** Entries older than this id (ids grow with time). */
  beforeId?: bigint;
  limit: number;
}

/** Audit entries newest first; `nextCursor` is the last entry's id. */
export async function listAuditLog(db: Db, q: AuditQuery) {
  const where: Prisma.AuditLogWhereInput = {};
  if (q.actor) where.actorEmail = { contains: q.actor, mode: "insensitive" };
  if (q.action) where.action = q.action.endsWith(".") ? { startsWith: q.action } : q.action;
  if (q.from || q.to) where.at = { ...(q.from ? { gte: q.from } : {}), ...(q.to ? { lte: q.to } : {}) };
  if (q.beforeId !== undefined) where.id = { lt: q.beforeId };
  const rows = await db.auditLog.findMany({ where, orderBy: { id: "desc" }, take: q.limit + 1 });
  return page(
    rows,
    q.limit,
    (r) => r.id.toString(),
    (r) => ({ id: r.id.toString(), at: r.at.toISOString(), actorEmail: r.actorEmail, action: r.action, target: r.target, ip: r.ip, details: r.details as Record<string, unknown> }),
  );
}
