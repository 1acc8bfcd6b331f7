/**
 * The worker runtime: runs the cycles of every implemented built-in agent this worker holds a
 * lease for, records each cycle (agent_cycles), heartbeats for the agent like any external
 * agent, keeps its worker_processes row fresh, and shuts down gracefully.
 *
 * Exactly one worker runs an agent's cycle at a time:
 * - a lease loop (every VIGIL_LEASE_SECONDS / 4) acquires/renews leases with the conditional
 *   upsert of leases.ts; a lease we did not hold before triggers the agent's first cycle here
 *   at once (takeover after a dead worker = lease expiry + at most one lease-loop period);
 * - a cycle starts only when the local lease deadline (measured from before the renewing query
 *   was sent, so it is never later than the database's) is more than a second away, and the
 *   cycle row itself is inserted only `WHERE EXISTS` an unexpired lease of ours — checked by
 *   the database at the moment the cycle starts;
 * - finishing a cycle renews the lease in the same statement and stores in the cycle's summary
 *   whether the lease was still ours (`leaseHeldAtEnd`).
 * Any error in a cycle — including the database being down — is caught, logged briefly and
 * recorded when possible; the loops keep going and resume by themselves when the database does.
 *
 * Restart (self-healing): recovery commands for a built-in agent are taken by the worker that
 * holds its lease (each lease-loop tick). A restart tears the agent's loop down — the cycle in
 * flight is aborted (its signal fires), recorded `abandoned` and detached from the scheduler,
 * whatever it still does later is discarded — resets the agent's state and starts a fresh
 * cycle at once; then the command is acknowledged like an external agent's.
 *
 * The pieces: agent-module.ts (what a built-in agent implements), managed-agent.ts (per-agent
 * lease/cycle state), leases.ts, cycle-records.ts (agent_cycles rows), commands.ts (recovery
 * commands), process-row.ts (worker_processes row), stop-agents.ts (shutdown without handover).
 */
import type { Pool } from "pg";
import { recordHeartbeat } from "../server/agents/heartbeats";
import { BUILTIN_AGENTS } from "../server/agents/roster";
import type { PrismaClient } from "../server/db/client";
import { notifyLive } from "../server/live/channel";
import { zeroCounters, type BuiltinAgentModule, type CycleResult } from "./agent-module";
import { executeBuiltinCommands } from "./commands";
import type { WorkerConfig } from "./config";
import { abandonCycleRecord, finishCycleRecord, startCycleRecord } from "./cycle-records";
import { acquireLeases, extendHeldLeases, releaseLeases } from "./leases";
import { errorMessage, type Logger, OutageTracker } from "./log";
import { holdsLease, keepaliveDue, managedAgent, type ManagedAgent } from "./managed-agent";
import { markWorkerStopped, otherWorkerAlive, writeWorkerProcess } from "./process-row";
import { Scheduler } from "./scheduler";
import { markAgentsStopped } from "./stop-agents";

interface RuntimeOptions {
  workerId: string;
  hostname: string;
  pid: number;
  prisma: PrismaClient;
  pool: Pool;
  config: WorkerConfig;
  modules: readonly BuiltinAgentModule[];
  log: Logger;
  /** Shared with the process's pool error handler so an outage is logged once. */
  outage?: OutageTracker;
}

/** Seconds a worker's heartbeat may be stale before others stop treating it as alive for handover. */
const handoverAliveSeconds = (cfg: WorkerConfig) => 3 * cfg.processHeartbeatSeconds;

export class WorkerRuntime {
  readonly counters = zeroCounters();
  private readonly managed = new Map<string, ManagedAgent>();
  private readonly scheduler: Scheduler;
  private readonly outage: OutageTracker;
  private stopping = false;
  private startedAt = Date.now();

  constructor(private readonly opts: RuntimeOptions) {
    this.outage = opts.outage ?? new OutageTracker(opts.log);
    this.scheduler = new Scheduler((job, e) => this.reportError(job, e));
    for (const spec of BUILTIN_AGENTS) {
      if (!spec.implemented) continue;
      const module = opts.modules.find((m) => m.id === spec.id);
      if (!module) {
        opts.log.warn(`${spec.id} is marked implemented but this worker has no module for it; not running it`);
        continue;
      }
      this.managed.set(spec.id, managedAgent(spec, module, opts.config));
    }
  }

  get workerId(): string {
    return this.opts.workerId;
  }

  get agentIds(): string[] {
    return [...this.managed.keys()];
  }

  private reportError(what: string, e: unknown): void {
    if (this.outage.failed(what, e)) return;
    this.opts.log.error(`${what} failed`, e);
  }

  /** Starts all loops. The worker_processes row is written first (cycles reference the worker). */
  async start(): Promise<void> {
    const { config: cfg, log } = this.opts;
    this.startedAt = Date.now();
    await this.writeProcessRow().catch((e) => this.reportError("worker registration", e));
    this.scheduler.every("worker-heartbeat", cfg.processHeartbeatSeconds, () => this.writeProcessRow());
    const leaseEvery = Math.max(0.25, cfg.leaseSeconds / 4);
    this.scheduler.every("leases", leaseEvery, () => this.tickLeases(), { runNow: true });
    for (const m of this.managed.values()) {
      this.scheduler.every(`cycle:${m.spec.id}`, m.period, () => this.runCycle(m));
      log.info(`${m.spec.id}: every ${m.period} s (${this.scheduler.describe(`cycle:${m.spec.id}`)})`);
    }
    const skipped = BUILTIN_AGENTS.filter((a) => !a.implemented).map((a) => a.id);
    if (skipped.length) log.info(`not yet implemented, left registered: ${skipped.join(", ")}`);
  }

  private async writeProcessRow(): Promise<void> {
    const { pool, workerId, hostname, pid } = this.opts;
    await writeWorkerProcess(pool, { workerId, hostname, pid, startedAt: new Date(this.startedAt) }, this.counters);
    this.outage.ok();
  }

  private async tickLeases(): Promise<void> {
    if (this.stopping || !this.managed.size) return;
    const { pool, workerId, config: cfg, log } = this.opts;
    const sentAt = Date.now();
    const held = new Set((await acquireLeases(pool, workerId, this.agentIds, cfg.leaseSeconds)).map((l) => l.agentId));
    this.outage.ok();
    if (this.stopping) return;
    for (const m of this.managed.values()) {
      const had = m.leaseDeadline > sentAt;
      if (held.has(m.spec.id)) {
        m.leaseDeadline = sentAt + cfg.leaseSeconds * 1000;
        if (!had) {
          m.startupPending = true;
          log.info(`lease acquired: ${m.spec.id} runs in this worker`);
          void this.scheduler.trigger(`cycle:${m.spec.id}`);
        }
      } else {
        if (m.leaseDeadline > 0) log.info(`lease of ${m.spec.id} is held by another worker now`);
        m.leaseDeadline = 0;
      }
    }
    this.counters.leasesHeld = held.size;
    await this.takeCommands([...held]);
    await this.keepalives();
  }

  /** Executes recovery commands for the built-in agents whose leases this worker holds. */
  private async takeCommands(held: string[]): Promise<void> {
    if (!held.length || this.stopping) return;
    const done = await executeBuiltinCommands(this.opts.prisma, this.workerId, held, (agentId, reason) => {
      const m = this.managed.get(agentId);
      if (!m) throw new Error("not running in this worker");
      return this.restart(m, reason);
    }, this.opts.log);
    this.counters.recoveryActions += done;
  }

  /** Tears the agent's loop down and starts it again (see the header comment). */
  private async restart(m: ManagedAgent, reason: string): Promise<void> {
    m.generation += 1;
    m.abort?.abort(new Error(`restarted: ${reason}`));
    m.abort = null;
    const hung = m.cycleId;
    m.cycleId = null;
    m.cycleStartedAt = null;
    if (hung) await abandonCycleRecord(this.opts.pool, hung, reason);
    this.scheduler.forget(`cycle:${m.spec.id}`);
    await m.module.reset?.();
    m.startupPending = true;
    this.opts.log.info(`${m.spec.id}: restarting (${reason})${hung ? `; abandoned cycle ${hung}` : ""}`);
    void this.scheduler.trigger(`cycle:${m.spec.id}`);
  }

  private async keepalives(): Promise<void> {
    for (const m of this.managed.values()) {
      if (keepaliveDue(m, this.opts.config)) await this.heartbeat(m, { metadata: { workerId: this.workerId, keepalive: true } });
    }
  }

  private async heartbeat(m: ManagedAgent, input: Parameters<typeof recordHeartbeat>[2]): Promise<void> {
    const { prisma, pool } = this.opts;
    if (await recordHeartbeat(prisma, m.spec.id, input)) {
      m.lastHeartbeatSent = Date.now();
      await notifyLive({ type: "heartbeat", agentId: m.spec.id }, pool);
    }
  }

  private async runCycle(m: ManagedAgent): Promise<void> {
    if (this.stopping || !holdsLease(m)) return;
    const { prisma, pool, workerId, config: cfg, log } = this.opts;
    const id = m.spec.id;
    const agent = await prisma.agent.findUnique({ where: { id }, select: { state: true } });
    this.outage.ok();
    if (!agent || agent.state === "paused") return; // paused = maintenance: no cycles

    const cycleId = await startCycleRecord(pool, id, workerId);
    if (!cycleId) {
      m.leaseDeadline = 0; // the database says the lease is not ours
      return;
    }
    const generation = m.generation;
    const abort = new AbortController();
    m.abort = abort;
    m.cycleId = cycleId;
    m.cycleStartedAt = Date.now();
    const t0 = performance.now();
    let result: CycleResult | void = undefined;
    let failure: unknown = null;
    try {
      result = await m.module.run({ prisma, pool, workerId, now: new Date(), counters: this.counters, config: cfg, log, signal: abort.signal });
    } catch (e) {
      failure = e;
    }
    // Restarted while this cycle ran: it was recorded abandoned; its outcome no longer counts.
    if (generation !== m.generation) return;
    m.abort = null;
    m.cycleId = null;
    const durationMs = Math.round(performance.now() - t0);
    m.cycleStartedAt = null;
    const ok = failure === null;
    const error = ok ? null : errorMessage(failure);
    if (!ok && !this.outage.failed(`${id} cycle`, failure)) log.warn(`${id} cycle failed after ${durationMs} ms: ${error}`);

    try {
      const leaseHeld = await finishCycleRecord(
        pool,
        { id: cycleId, agentId: id, workerId, leaseSeconds: cfg.leaseSeconds },
        { ok, durationMs, error, summary: { ...(result?.summary ?? {}) } },
      );
      if (leaseHeld === false) {
        log.warn(`${id}: lease lost while its cycle ran`);
        m.leaseDeadline = 0;
      }
    } catch (e) {
      this.reportError(`${id} cycle record`, e);
    }

    if (ok) this.counters.cyclesSucceeded += 1;
    else this.counters.cyclesFailed += 1;
    if (m.startupPending) {
      m.startupPending = false;
      if (ok) {
        this.counters.successfulStartups += 1;
        log.info(`${id} started (first cycle ${durationMs} ms)`);
      } else {
        this.counters.failedStartups += 1;
      }
    }
    // A failing cycle still means the agent is alive: it heartbeats with status "error".
    await this.heartbeat(m, {
      status: ok ? "ok" : "error",
      metrics: { cycle_duration_ms: durationMs, ...(result?.metrics ?? {}) },
      metadata: { workerId, cycleId, ...(error ? { error } : {}) },
    });
  }

  /**
   * Graceful stop: no new cycles, wait (bounded) for running ones, then for each lease we
   * still hold either hand over (another live worker will take it within one lease-loop period)
   * or, when no other worker is alive, mark the agent `stopped`; release the leases and record
   * the stop. Errors (database down) are logged and shutdown continues.
   */
  async shutdown(): Promise<void> {
    if (this.stopping) return;
    this.stopping = true;
    const { pool, prisma, workerId, config: cfg, log } = this.opts;
    this.scheduler.stop();
    const drained = await this.scheduler.drain(cfg.shutdownTimeoutSeconds * 1000);
    if (!drained) log.warn(`cycles still running after ${cfg.shutdownTimeoutSeconds} s; stopping anyway`);
    try {
      const held = await extendHeldLeases(pool, workerId, 30);
      const handover = await otherWorkerAlive(pool, workerId, handoverAliveSeconds(cfg));
      if (held.length && !handover) await markAgentsStopped(prisma, pool, workerId, held);
      await releaseLeases(pool, workerId);
      this.counters.leasesHeld = 0;
      await markWorkerStopped(pool, workerId, this.counters);
      log.info(held.length ? (handover ? `handed over ${held.join(", ")} to the other worker(s)` : `marked stopped: ${held.join(", ")}`) : "held no leases");
    } catch (e) {
      log.error("shutdown bookkeeping failed (leases will expire on their own)", e);
    }
  }
}
