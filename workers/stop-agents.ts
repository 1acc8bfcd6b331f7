/** At shutdown with no other worker to hand over to: the agents this worker ran are marked `stopped`. */
import type { Pool } from "pg";
import { transitionState } from "../server/agents/state";
import type { AgentState } from "../server/vocabulary";
import type { PrismaClient } from "../server/db/client";
import { notifyLive } from "../server/live/channel";

/** Agents already at rest are left as they are. */
const AT_REST: readonly string[] = ["stopped", "paused", "failed"];

export async function markAgentsStopped(prisma: PrismaClient, pool: Pool, workerId: string, agentIds: readonly string[]): Promise<void> {
  const now = new Date();
  for (const id of agentIds) {
    const a = await prisma.agent.findUnique({ where: { id }, select: { state: true, name: true } });
    if (!a || AT_REST.includes(a.state)) continue;
    if (await transitionState(prisma, id, a.state as AgentState, "stopped", `worker ${workerId} shut down`, now)) {
      await prisma.event.create({
        data: {
          type: "agent.state_changed",
          message: `${a.name} (${id}) stopped: worker shut down`,
          severity: "info",
          agentId: id,
          timestamp: now,
          metadata: { from: a.state, to: "stopped", workerId },
        },
      });
      await notifyLive({ type: "agent", agentId: id }, pool);
    }
  }
}
