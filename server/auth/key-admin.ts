import { recordAudit, type AuditActor } from "../audit/service";
import type { PrismaClient } from "../db/client";
import { forgetApiKey } from "../http/auth";
import { createApiKey, type ApiKeyScope } from "./api-keys";

/**
 * API key management for the dashboard (Settings → API keys). The secret exists only in the
 * return value of issueApiKey — shown once in the browser, stored as its sha256 — and never in
 * logs or the audit trail (which records name, prefix and scopes).
 */

export interface ApiKeyDto {
  id: string;
  name: string;
  prefix: string;
  scopes: string[];
  createdAt: string;
  lastUsedAt: string | null;
  expiresAt: string | null;
  revokedAt: string | null;
  status: "active" | "expired" | "revoked";
}

export async function listApiKeys(prisma: PrismaClient): Promise<ApiKeyDto[]> {
  const rows = await prisma.apiKey.findMany({ orderBy: { createdAt: "desc" }, take: 500 });
  const now = Date.now();
  return rows.map((k) => ({
    id: k.id,
    name: k.name,
    prefix: k.prefix,
    scopes: k.scopes,
    createdAt: k.createdAt.toISOString(),
    lastUsedAt: k.lastUsedAt?.toISOString() ?? null,
    expiresAt: k.expiresAt?.toISOString() ?? null,
    revokedAt: k.revokedAt?.toISOString() ?? null,
    status: k.revokedAt ? "revoked" : k.expiresAt && k.expiresAt.getTime() <= now ? "expired" : "active",
  }));
}

export async function issueApiKey(
  prisma: PrismaClient,
  input: { name: string; scopes: ApiKeyScope[]; expiresAt: Date | null },
  actor: AuditActor,
): Promise<{ id: string; secret: string; prefix: string }> {
  const key = await createApiKey(prisma, input);
  await recordAudit(prisma, {
    actor,
    action: "api_key.created",
    target: `${input.name} (${key.prefix}…)`,
    details: { keyId: key.id, prefix: key.prefix, scopes: input.scopes, expiresAt: input.expiresAt?.toISOString() ?? null },
  });
  return key;
}

/** Revokes (idempotently) and drops the key from this process's auth cache at once. */
export async function revokeApiKey(prisma: PrismaClient, id: string, actor: AuditActor): Promise<boolean> {
  const revoked = await prisma.$transaction(async (tx) => {
    const key = await tx.apiKey.findUnique({ where: { id } });
    if (!key) return null;
    if (key.revokedAt) return key;
    const row = await tx.apiKey.update({ where: { id }, data: { revokedAt: new Date() } });
    await recordAudit(tx, { actor, action: "api_key.revoked", target: `${key.name} (${key.prefix}…)`, details: { keyId: key.id, prefix: key.prefix } });
    return row;
  });
  if (!revoked) return false;
  forgetApiKey(revoked.hash);
  return true;
}
