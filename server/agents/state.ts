import type { AgentState } from "../vocabulary";
import type { Db, PrismaClient } from "../db/client";


/** States the heartbeat clock moves between; the others are set by people or by recovery. */
export const CLOCK_STATES: readonly AgentState[] = ["registered", "active", "late", "unresponsive"];

/**
 * Where an agent's heartbeat clock says it should be now. Pure: the coordinator applies it.
 * paused / stopped / failed / recovering are never changed by the clock.
 */
export function clockState(
  current: AgentState,
  lastHeartbeatAt: Date | null,
  intervalSeconds: number,
  graceSeconds: number,
  now: Date,
): AgentState {
  if (!CLOCK_STATES.includes(current)) return current;
  if (!lastHeartbeatAt) return "registered";
  const age = (now.getTime() - lastHeartbeatAt.getTime()) / 1000;
  if (age <= intervalSeconds) return "active";
  if (age <= intervalSeconds + graceSeconds) return "late";
  return "unresponsive";
}

/**
 * Exactly-once state change: `UPDATE … WHERE state = from`. Only the caller whose update hit
 * the row records the flip (and acts on it); a concurrent caller gets false.
 */
export async function transitionState(
  prisma: PrismaClient,
  agentId: string,
  from: AgentState,
  to: AgentState,
  reason: string,
  at: Date = new Date(),
): Promise<boolean> {
  if (from === to) return false;
  return prisma.$transaction((tx) => transitionStateTx(tx, agentId, from, to, reason, at));
}

/** transitionState inside a caller's transaction (e.g. together with an incident step). */
export async function transitionStateTx(tx: Db, agentId: string, from: AgentState, to: AgentState, reason: string, at: Date = new Date()): Promise<boolean> {
  if (from === to) return false;
  const hit = await tx.agent.updateMany({ where: { id: agentId, state: from }, data: { state: to, stateChangedAt: at } });
  if (hit.count === 0) return false;
  await tx.agentStateChange.create({ data: { agentId, fromState: from, toState: to, reason, createdAt: at } });
  return true;
}
