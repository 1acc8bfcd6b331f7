import type { PrismaClient } from "../db/client";
import { BUILTIN_AGENTS } from "./roster";

/** Idempotently puts the 7 built-in agents on the roster (kind builtin, expected). */
export async function ensureBuiltinAgents(prisma: PrismaClient): Promise<void> {
  for (const a of BUILTIN_AGENTS) {
    const data = {
      name: a.name,
      description: a.description,
      capabilities: a.capabilities,
      kind: "builtin" as const,
      expected: true,
      heartbeatIntervalSeconds: a.heartbeatIntervalSeconds,
      graceSeconds: a.graceSeconds,
      metadata: { implemented: a.implemented, cycleSeconds: a.cycleSeconds },
    };
    await prisma.agent.upsert({ where: { id: a.id }, create: { id: a.id, ...data }, update: data });
  }
}
