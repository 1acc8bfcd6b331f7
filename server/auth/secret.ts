import { randomBytes } from "node:crypto";
import { config } from "../config";
import type { PrismaClient } from "../db/client";

const NAME = "auth.session_secret";

/**
 * The key that signs session cookies. VIGIL_AUTH_SECRET when set; otherwise a random 256-bit
 * secret created on first use and stored in the database, so every web process of one
 * installation signs and verifies with the same key without any configuration, and restarts do
 * not log everyone out. The insert is idempotent: concurrent first starts agree on one value.
 */
export async function sessionSecret(prisma: PrismaClient): Promise<string> {
  const fromEnv = config().VIGIL_AUTH_SECRET;
  if (fromEnv) return fromEnv;
  await prisma.instanceSecret.createMany({ data: [{ name: NAME, value: randomBytes(32).toString("base64url") }], skipDuplicates: true });
  const row = await prisma.instanceSecret.findUniqueOrThrow({ where: { name: NAME } });
  return row.value;
}
