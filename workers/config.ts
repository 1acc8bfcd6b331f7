import { z } from "zod";
import { config } from "../server/config";

/**
 * Worker timing. VIGIL_HEALTH_CHECK_SECONDS and VIGIL_LEASE_SECONDS come from server/config.ts;
 * the rest are worker-only knobs, read here (tests shorten them; defaults suit production):
 * - VIGIL_CYCLE_SECONDS: run every built-in agent's cycle this often instead of its roster
 *   `cycleSeconds` (the coordinator's cycle is the health check: VIGIL_HEALTH_CHECK_SECONDS).
 * - VIGIL_WORKER_HEARTBEAT_SECONDS: how often the worker_processes row is refreshed (10 s).
 * - VIGIL_SHUTDOWN_TIMEOUT_SECONDS: how long SIGTERM waits for running cycles (10 s).
 * - VIGIL_HEALTH_SNAPSHOT_MINUTES: at most one stored health snapshot per agent this often (5).
 * - VIGIL_STUCK_CYCLE_SECONDS: a built-in agent's cycle running longer than this (and 3 periods)
 *   counts as hung: no keepalive heartbeats for it, and self-healing restarts it (60).
 */
const schema = z.object({
  VIGIL_CYCLE_SECONDS: z.coerce.number().positive().optional(),
  VIGIL_WORKER_HEARTBEAT_SECONDS: z.coerce.number().positive().default(10),
  VIGIL_SHUTDOWN_TIMEOUT_SECONDS: z.coerce.number().positive().default(10),
  VIGIL_HEALTH_SNAPSHOT_MINUTES: z.coerce.number().min(0).default(5),
  VIGIL_STUCK_CYCLE_SECONDS: z.coerce.number().positive().default(60),
});

export interface WorkerConfig {
  healthCheckSeconds: number;
  leaseSeconds: number;
  cycleSecondsOverride: number | undefined;
  processHeartbeatSeconds: number;
  shutdownTimeoutSeconds: number;
  snapshotEveryMinutes: number;
  stuckCycleSeconds: number;
}

export function workerConfig(env: NodeJS.ProcessEnv = process.env): WorkerConfig {
  const base = config();
  const clean = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ""));
  const parsed = schema.safeParse(clean);
  if (!parsed.success) {
    throw new Error(`Invalid worker configuration:\n${parsed.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`).join("\n")}`);
  }
  return {
    healthCheckSeconds: base.VIGIL_HEALTH_CHECK_SECONDS,
    leaseSeconds: base.VIGIL_LEASE_SECONDS,
    cycleSecondsOverride: parsed.data.VIGIL_CYCLE_SECONDS,
    processHeartbeatSeconds: parsed.data.VIGIL_WORKER_HEARTBEAT_SECONDS,
    shutdownTimeoutSeconds: parsed.data.VIGIL_SHUTDOWN_TIMEOUT_SECONDS,
    snapshotEveryMinutes: parsed.data.VIGIL_HEALTH_SNAPSHOT_MINUTES,
    stuckCycleSeconds: parsed.data.VIGIL_STUCK_CYCLE_SECONDS,
  };
}
