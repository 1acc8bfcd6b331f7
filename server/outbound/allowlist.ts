import type { PrismaClient } from "../db/client";
import { getSecuritySettings } from "../settings/service";
import { outboundPolicy, type OutboundPolicy } from "./policy";

/**
 * The outbound policy in force: the allow-list stored in Settings, else VIGIL_OUTBOUND_ALLOWLIST
 * (read through the settings cache, so a change reaches every process within seconds).
 */
export async function currentOutboundPolicy(prisma: PrismaClient): Promise<OutboundPolicy> {
  return outboundPolicy((await getSecuritySettings(prisma)).outboundAllowlist);
}
