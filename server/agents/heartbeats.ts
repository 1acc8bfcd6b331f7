import type { PrismaClient } from "../db/client";
import { Prisma } from "../db/client";
import { CLOCK_STATES, transitionState } from "./state";

export interface HeartbeatInput {
  status?: string;
  metrics?: Record<string, number>;
  metadata?: Record<string, unknown>;
}

/**
 * Stores a heartbeat, moves the agent's clock, and brings it back to `active` when it was
 * registered, late or unresponsive. Metrics sent with the heartbeat are stored as metric rows
 * too, so charts and anomaly detection see them. Returns false when the agent does not exist.
 */
export async function recordHeartbeat(prisma: PrismaClient, agentId: string, input: HeartbeatInput, at = new Date()): Promise<boolean> {
  const agent = await prisma.agent.findUnique({ where: { id: agentId }, select: { state: true } });
  if (!agent) return false;
  const metricRows = Object.entries(input.metrics ?? {}).map(([name, value]) => ({ agentId, name, value, timestamp: at }));
  await prisma.$transaction([
    prisma.heartbeat.create({
      data: {
        agentId,
        receivedAt: at,
        status: input.status ?? null,
        metrics: input.metrics ?? Prisma.DbNull,
        metadata: (input.metadata as Prisma.InputJsonValue | undefined) ?? Prisma.DbNull,
      },
    }),
    prisma.agent.update({ where: { id: agentId }, data: { lastHeartbeatAt: at, firstSeenAt: agent.state === "registered" ? at : undefined } }),
    ...(metricRows.length ? [prisma.metric.createMany({ data: metricRows })] : []),
  ]);
  // A stopped agent that heartbeats again has been started again.
  if (agent.state !== "active" && (CLOCK_STATES.includes(agent.state) || agent.state === "stopped")) {
    await transitionState(prisma, agentId, agent.state, "active", agent.state === "registered" ? "first heartbeat" : `heartbeat received while ${agent.state}`, at);
  }
  return true;
}
