import type { Prisma, PrismaClient } from "../db/client";

/**
 * The audit trail (SPEC §9): who did what, when, from where. Writers pass the same transaction
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

type Writer = Pick<PrismaClient, "auditLog"> | Prisma.TransactionClient;

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
