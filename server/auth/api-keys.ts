import { createHash, randomBytes } from "node:crypto";
import type { PrismaClient } from "../db/client";

export const API_KEY_SCOPES = ["ingest", "read", "admin"] as const;
export type ApiKeyScope = (typeof API_KEY_SCOPES)[number];

const KEY_PREFIX = "vgl_";
const DISPLAY_PREFIX_LENGTH = 12;

function generateApiKeySecret(): string {
  return KEY_PREFIX + randomBytes(24).toString("base64url");
}

/** sha256 is enough for random 192-bit secrets (no dictionary to brute-force); slow hashes are for passwords. */
export function hashApiKey(secret: string): string {
  return createHash("sha256").update(secret).digest("hex");
}

export function hasScope(granted: readonly string[], needed: ApiKeyScope): boolean {
  return granted.includes("admin") || granted.includes(needed);
}

export async function createApiKey(
  prisma: PrismaClient,
  input: { name: string; scopes: ApiKeyScope[]; secret?: string; expiresAt?: Date | null },
): Promise<{ id: string; secret: string; prefix: string }> {
  const secret = input.secret ?? generateApiKeySecret();
  const prefix = secret.slice(0, DISPLAY_PREFIX_LENGTH);
  const row = await prisma.apiKey.create({
    data: { name: input.name, prefix, hash: hashApiKey(secret), scopes: input.scopes, expiresAt: input.expiresAt ?? null },
  });
  return { id: row.id, secret, prefix };
}

/**
 * At start: VIGIL_INIT_API_KEY gets an admin key with exactly that secret; otherwise, when no
 * key exists at all, a new admin key is created and returned so the caller can print it once.
 */
export async function ensureInitialApiKey(prisma: PrismaClient, initSecret: string | undefined): Promise<string | null> {
  if (initSecret) {
    const hash = hashApiKey(initSecret);
    const existing = await prisma.apiKey.findUnique({ where: { hash } });
    if (!existing) await createApiKey(prisma, { name: "VIGIL_INIT_API_KEY", scopes: ["admin"], secret: initSecret });
    else if (existing.revokedAt) await prisma.apiKey.update({ where: { hash }, data: { revokedAt: null } });
    return null;
  }
  if ((await prisma.apiKey.count()) > 0) return null;
  const { secret } = await createApiKey(prisma, { name: "first admin key", scopes: ["admin"] });
  return secret;
}
