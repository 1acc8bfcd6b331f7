/**
 * The contract between the worker runtime and a built-in agent's code (workers/agents/*): the
 * runtime calls `run` once per cycle with a CycleContext and records what it returns.
 */
import type { Pool } from "pg";
import type { PrismaClient } from "../server/db/client";
import type { WorkerConfig } from "./config";
import type { Logger } from "./log";

export interface WorkerCounters {
  /** Agents the coordinator checked in its last health check (the whole roster). */
  agentsManaged: number;
  /** Built-in agents whose first cycle in this worker succeeded. */
  successfulStartups: number;
  failedStartups: number;
  /** Recovery actions executed by this worker (self-healing). */
  recoveryActions: number;
  /** Coordinator health checks run by this worker. */
  healthChecks: number;
  cyclesSucceeded: number;
  cyclesFailed: number;
  /** Leases this worker holds now. */
  leasesHeld: number;
}

export function zeroCounters(): WorkerCounters {
  return { agentsManaged: 0, successfulStartups: 0, failedStartups: 0, recoveryActions: 0, healthChecks: 0, cyclesSucceeded: 0, cyclesFailed: 0, leasesHeld: 0 };
}

export interface CycleContext {
  prisma: PrismaClient;
  pool: Pool;
  workerId: string;
  now: Date;
  counters: WorkerCounters;
  config: WorkerConfig;
  log: Logger;
  /** Aborted when the agent is restarted mid-cycle: long-running work should stop. */
  signal: AbortSignal;
}

export interface CycleResult {
  /** Stored in agent_cycles.summary. */
  summary?: Record<string, unknown>;
  /** Sent with the agent's heartbeat (and stored as metrics). */
  metrics?: Record<string, number>;
}

/** One built-in agent's code: a cycle function the runtime calls on schedule. */
export interface BuiltinAgentModule {
  id: string;
  /** Seconds between cycles; default: the roster's cycleSeconds (or VIGIL_CYCLE_SECONDS). */
  periodSeconds?(config: WorkerConfig): number;
  run(ctx: CycleContext): Promise<CycleResult | void>;
  /** Drops in-memory state on restart (modules without state need not implement it). */
  reset?(): void | Promise<void>;
}
