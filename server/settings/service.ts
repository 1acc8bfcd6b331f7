import { z } from "zod";
import { recordAudit, type AuditActor } from "../audit/service";
import { config } from "../config";
import type { PrismaClient } from "../db/client";
import { allowlistErrors, splitAllowlist } from "../outbound/policy";

/**
 * Security settings an admin can change at run time (stored in `settings` under "security").
 * Environment variables give the defaults; a stored value wins. Web processes re-read the row
 * at most every CACHE_MS, and the process that saved it applies it at once.
 */

const KEY = "security";
const CACHE_MS = 10_000;

export const securitySettingsSchema = z.object({
  /** Requests per minute per API key on the public API; 0 = unlimited; null = use VIGIL_RATE_LIMIT_PER_MINUTE. */
  apiRateLimitPerMinute: z.number().int().min(0).max(1_000_000).nullable(),
  /**
   * Internal hosts, addresses and CIDRs outgoing requests (webhooks) may reach; null = use
   * VIGIL_OUTBOUND_ALLOWLIST. A list here replaces the environment's (an empty list allows none).
   */
  outboundAllowlist: z
    .array(z.string().trim().min(1).max(255))
    .max(100)
    .nullable()
    .transform((list) => (list ? [...new Set(list.map((e) => e.toLowerCase()))] : null)),
});
export type SecuritySettings = z.output<typeof securitySettingsSchema>;

export interface EffectiveSecuritySettings {
  stored: SecuritySettings;
  apiRateLimitPerMinute: number;
  envApiRateLimitPerMinute: number;
  /** The allow-list in force (stored, else the environment's). */
  outboundAllowlist: string[];
  envOutboundAllowlist: string[];
}

/** What is wrong with a patch beyond its shape (each allow-list entry must parse), as messages for the operator. */
export function securityPatchErrors(patch: Partial<SecuritySettings>): string[] {
  return allowlistErrors(patch.outboundAllowlist ?? []).map((m) => `Outbound allow-list: ${m}`);
}

const DEFAULTS: SecuritySettings = { apiRateLimitPerMinute: null, outboundAllowlist: null };

let cached: { value: SecuritySettings; until: number } | null = null;

async function readStored(prisma: PrismaClient): Promise<SecuritySettings> {
  const row = await prisma.setting.findUnique({ where: { key: KEY } });
  const parsed = securitySettingsSchema.partial().safeParse(row?.value ?? {});
  return { ...DEFAULTS, ...(parsed.success ? parsed.data : {}) };
}

function effective(stored: SecuritySettings): EffectiveSecuritySettings {
  const env = config().VIGIL_RATE_LIMIT_PER_MINUTE;
  const envAllowlist = splitAllowlist(config().VIGIL_OUTBOUND_ALLOWLIST);
  return {
    stored,
    apiRateLimitPerMinute: stored.apiRateLimitPerMinute ?? env,
    envApiRateLimitPerMinute: env,
    outboundAllowlist: stored.outboundAllowlist ?? envAllowlist,
    envOutboundAllowlist: envAllowlist,
  };
}

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

export async function getSecuritySettings(prisma: PrismaClient): Promise<EffectiveSecuritySettings> {
  if (cached && cached.until > Date.now()) return effective(cached.value);
  const value = await readStored(prisma);
  cached = { value, until: Date.now() + CACHE_MS };
  return effective(value);
}

export async function updateSecuritySettings(prisma: PrismaClient, patch: Partial<SecuritySettings>, actor: AuditActor): Promise<EffectiveSecuritySettings> {
  const next = await prisma.$transaction(async (tx) => {
    const row = await tx.setting.findUnique({ where: { key: KEY } });
    const before = { ...DEFAULTS, ...(securitySettingsSchema.partial().safeParse(row?.value ?? {}).data ?? {}) };
    const after = { ...before, ...patch };
    await tx.setting.upsert({ where: { key: KEY }, create: { key: KEY, value: after }, update: { value: after } });
    const changed = Object.keys(patch).filter((k) => !same(before[k as keyof SecuritySettings], after[k as keyof SecuritySettings]));
    if (changed.length) {
      await recordAudit(tx, {
        actor,
        action: "settings.changed",
        target: KEY,
        details: Object.fromEntries(changed.map((k) => [k, { from: before[k as keyof SecuritySettings], to: after[k as keyof SecuritySettings] }])),
      });
    }
    return after;
  });
  cached = { value: next, until: Date.now() + CACHE_MS };
  return effective(next);
}
