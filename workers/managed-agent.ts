/** What the runtime knows about one built-in agent it runs: its lease, its cycle in flight, its heartbeats. */
import type { BuiltinAgentSpec } from "../server/agents/roster";
import type { BuiltinAgentModule } from "./agent-module";
import type { WorkerConfig } from "./config";

export interface ManagedAgent {
  spec: BuiltinAgentSpec;
  module: BuiltinAgentModule;
  period: number;
  /** Local time (ms) until which this worker surely holds the lease; 0 when not held. */
  leaseDeadline: number;
  /** Set when the lease was (re)acquired: the next cycle is a startup. */
  startupPending: boolean;
  lastHeartbeatSent: number;
  cycleStartedAt: number | null;
  /** Bumped by a restart: a cycle started under an older generation is discarded. */
  generation: number;
  abort: AbortController | null;
  cycleId: string | null;
}

export function managedAgent(spec: BuiltinAgentSpec, module: BuiltinAgentModule, config: WorkerConfig): ManagedAgent {
  const period = module.periodSeconds?.(config) ?? config.cycleSecondsOverride ?? spec.cycleSeconds;
  return { spec, module, period, leaseDeadline: 0, startupPending: true, lastHeartbeatSent: 0, cycleStartedAt: null, generation: 0, abort: null, cycleId: null };
}

/** A cycle may start only with more than a second of lease left (the local deadline is never later than the database's). */
export function holdsLease(m: ManagedAgent, now = Date.now()): boolean {
  return m.leaseDeadline - now > 1000;
}

/**
 * A built-in agent heartbeats after every cycle; when its cycle period is close to its
 * heartbeat interval, an extra liveness heartbeat (no status, no metrics) every half interval
 * keeps it from flapping to `late` — but never while a cycle is stuck, so a hung agent does
 * show up as late / unresponsive, and never before the first cycle's heartbeat.
 */
export function keepaliveDue(m: ManagedAgent, config: WorkerConfig, now = Date.now()): boolean {
  if (!holdsLease(m, now) || now - m.lastHeartbeatSent < (m.spec.heartbeatIntervalSeconds * 1000) / 2) return false;
  const stuckAfter = Math.max(3 * m.period, config.stuckCycleSeconds) * 1000;
  if (m.cycleStartedAt !== null && now - m.cycleStartedAt > stuckAfter) return false;
  return m.lastHeartbeatSent !== 0;
}
