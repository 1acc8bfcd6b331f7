/**
 * Size and retention limits of the help agent's data (nothing grows without bound), stored in
 * the settings table under "help_limits" with these defaults. Documented for operators in
 * knowledge/help-limits.md; enforced at write time (documents) and by the ai_help_agent cycle
 * (retention.ts).
 */
import { z } from "zod";
import type { PrismaClient } from "../db/client";
import { readSetting } from "../settings/typed";

export const helpLimitsSchema = z.object({
  /** Operator documents (built-in runbooks do not count). */
  maxDocuments: z.number().int().min(1).max(100_000),
  /** Largest single document body, UTF-8 bytes. */
  maxDocumentBytes: z.number().int().min(1_000).max(10_000_000),
  /** All operator document bodies together. */
  maxTotalDocumentBytes: z.number().int().min(10_000).max(1_000_000_000),
  /** Conversations untouched this long are deleted. */
  conversationMaxAgeDays: z.number().int().min(1).max(3650),
  /** Per owner (user or API key): the oldest beyond this are deleted. */
  maxConversationsPerOwner: z.number().int().min(1).max(100_000),
  /** Finished async requests are kept this long for polling. */
  requestMaxAgeDays: z.number().int().min(1).max(365),
});
export type HelpLimits = z.output<typeof helpLimitsSchema>;

export const HELP_LIMITS_KEY = "help_limits";
export const DEFAULT_HELP_LIMITS: HelpLimits = {
  maxDocuments: 200,
  maxDocumentBytes: 200_000,
  maxTotalDocumentBytes: 10_000_000,
  conversationMaxAgeDays: 90,
  maxConversationsPerOwner: 200,
  requestMaxAgeDays: 7,
};

export function helpLimits(prisma: PrismaClient): Promise<HelpLimits> {
  return readSetting(prisma, HELP_LIMITS_KEY, helpLimitsSchema, DEFAULT_HELP_LIMITS);
}
