import { existsSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import pg from "pg";
import { startEmbeddedPostgres, type EmbeddedDatabase } from "./embedded";

/**
 * Keeps `npm start`'s embedded PostgreSQL alive. Two signals say it is gone: the postmaster
 * process exiting (kill -9, OOM killer, a crash), noticed at once; and a probe (connect +
 * `SELECT 1` every few seconds) that stops getting any answer while the process still exists
 * (hung, not listening), which gets it killed after several misses. Either way PostgreSQL is
 * started again on the same data directory and port: it runs crash recovery from its WAL, so
 * every committed row is there, and the URL web and worker already have stays valid, so their
 * pools reconnect by themselves. The outage length is logged once the database answers again.
 *
 * The state is also written next to the cluster (`<dir>.supervisor.json`) so `npm run doctor`,
 * a separate process, can say "down, being restarted" rather than only "cannot connect".
 */

export type EmbeddedState = "up" | "down" | "stopped";

export interface EmbeddedStatus {
  state: EmbeddedState;
  /** When the current state began (ISO). */
  since: string;
  port: number;
  /** The supervising process (npm start). */
  supervisorPid: number;
  restarts: number;
  /** Length of the last outage, once it ended. */
  lastOutageSeconds: number | null;
  /** Why it is down (state "down"). */
  reason?: string;
}

export interface SupervisorOptions {
  log: (message: string) => void;
  /** PostgreSQL's own output (crash recovery lines); dropped by default. */
  postgresLog?: (line: string) => void;
  database?: string;
  probeIntervalMs?: number;
  probeTimeoutMs?: number;
  /** Consecutive probes without any answer, with the postmaster still running, before it is restarted. */
  hungAfterProbes?: number;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export function statusFile(dir: string): string {
  return `${path.resolve(dir)}.supervisor.json`;
}

/** The supervisor's last written status for the cluster in `dir`, or null. */
export function readEmbeddedStatus(dir: string): EmbeddedStatus | null {
  try {
    const file = statusFile(dir);
    return existsSync(file) ? (JSON.parse(readFileSync(file, "utf8")) as EmbeddedStatus) : null;
  } catch {
    return null;
  }
}

/** Outcome of one probe: answered, refused/timed out (no answer at all), or an error from a live server (starting up, too many clients). */
type Probe = "ok" | "silent" | "answered";

export class EmbeddedPostgresSupervisor {
  private db: EmbeddedDatabase | null = null;
  private downSince: number | null = null;
  private restarting: Promise<void> | null = null;
  private probeTimer: NodeJS.Timeout | null = null;
  private silentProbes = 0;
  private firstSilentAt: number | null = null;
  private stopped = false;
  private readonly probeIntervalMs: number;
  private readonly probeTimeoutMs: number;
  private readonly hungAfterProbes: number;
  restarts = 0;
  lastOutageMs: number | null = null;

  constructor(
    private readonly dir: string,
    private readonly opts: SupervisorOptions,
  ) {
    this.probeIntervalMs = opts.probeIntervalMs ?? 2_000;
    this.probeTimeoutMs = opts.probeTimeoutMs ?? 3_000;
    this.hungAfterProbes = opts.hungAfterProbes ?? 5;
  }

  get url(): string {
    if (!this.db) throw new Error("the embedded database is not started");
    return this.db.url;
  }

  get port(): number {
    if (!this.db) throw new Error("the embedded database is not started");
    return this.db.port;
  }

  /** Pid of the running postmaster (what a kill -9 would hit). */
  get postmasterPid(): number | undefined {
    return this.db?.postmaster.pid;
  }

  get state(): EmbeddedState {
    return this.stopped ? "stopped" : this.downSince === null ? "up" : "down";
  }

  /** Starts PostgreSQL (first start: like startEmbeddedPostgres) and begins watching it. */
  async start(): Promise<string> {
    this.db = await startEmbeddedPostgres(this.dir, { database: this.opts.database, log: this.opts.postgresLog });
    this.watch(this.db);
    this.writeStatus();
    this.scheduleProbe();
    return this.db.url;
  }

  /** Stops watching and stops PostgreSQL (waits for a restart in progress first). */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.probeTimer) clearTimeout(this.probeTimer);
    this.probeTimer = null;
    await this.restarting?.catch(() => undefined);
    await this.db?.stop();
    this.writeStatus();
  }

  private watch(db: EmbeddedDatabase): void {
    db.postmaster.once("exit", (code, signal) => {
      if (this.stopped || this.db !== db) return;
      this.down(`PostgreSQL (pid ${db.postmaster.pid}) exited with ${signal ?? `code ${code}`}`);
    });
  }

  private down(reason: string): void {
    if (this.stopped) return;
    if (this.downSince === null) this.downSince = Date.now();
    if (this.restarting) return;
    this.opts.log(`database down: ${reason}; restarting PostgreSQL on port ${this.db!.port} (same data directory, crash recovery)…`);
    this.writeStatus(reason);
    this.restarting = this.restart().finally(() => (this.restarting = null));
  }

  private async restart(): Promise<void> {
    const old = this.db!;
    await this.killHung(old);
    let attempt = 0;
    while (!this.stopped) {
      attempt++;
      try {
        // Backends of the dead postmaster exit within moments of noticing; until they have,
        // PostgreSQL refuses to start ("shared memory block is still in use") and we retry.
        const next = await startEmbeddedPostgres(this.dir, { database: this.opts.database, log: this.opts.postgresLog, port: old.port });
        if (this.stopped) {
          await next.stop();
          return;
        }
        this.db = next;
        this.watch(next);
        break;
      } catch (e) {
        if (attempt === 1 || attempt % 20 === 0) this.opts.log(`PostgreSQL did not start yet (${e instanceof Error ? e.message : String(e)}); retrying`);
        await sleep(Math.min(250 * attempt, 3_000));
      }
    }
    while (!this.stopped && (await this.probe()) !== "ok") await sleep(250);
    if (this.stopped) return;
    this.restarts++;
    this.recovered(`PostgreSQL restarted on port ${this.db!.port}, pid ${this.db!.postmaster.pid}`);
  }

  private recovered(how: string): void {
    if (this.downSince === null) return;
    const ms = Date.now() - this.downSince;
    this.downSince = null;
    this.lastOutageMs = ms;
    this.silentProbes = 0;
    this.firstSilentAt = null;
    this.opts.log(`database back after ${(ms / 1000).toFixed(1)} s (${how})`);
    this.writeStatus();
  }

  /** A postmaster that still runs but never answers is stopped (immediate shutdown, then SIGKILL). */
  private async killHung(db: EmbeddedDatabase): Promise<void> {
    const p = db.postmaster;
    if (p.exitCode !== null || p.signalCode !== null) return;
    const gone = new Promise((r) => p.once("exit", r));
    p.kill("SIGQUIT");
    // A stopped (SIGSTOP, suspended) postmaster acts on the SIGQUIT only once continued.
    p.kill("SIGCONT");
    const t = setTimeout(() => p.kill("SIGKILL"), 5_000);
    await gone;
    clearTimeout(t);
  }

  private scheduleProbe(): void {
    if (this.stopped) return;
    this.probeTimer = setTimeout(() => void this.periodicProbe(), this.probeIntervalMs);
    this.probeTimer.unref();
  }

  private async periodicProbe(): Promise<void> {
    if (!this.restarting) {
      const restarts = this.restarts;
      const result = await this.probe();
      if (this.restarting || this.restarts !== restarts) {
        // A restart began or ended while probing: this result is about the old server.
      } else if (result === "ok") {
        // A slow moment that passed is not an outage.
        this.silentProbes = 0;
        this.firstSilentAt = null;
      } else if (result === "silent") {
        this.silentProbes++;
        this.firstSilentAt ??= Date.now();
        if (this.silentProbes >= this.hungAfterProbes) {
          // The outage began with the first unanswered probe.
          this.downSince ??= this.firstSilentAt;
          this.down(`PostgreSQL (pid ${this.db!.postmaster.pid}) has not answered ${this.silentProbes} probes in a row`);
        }
      }
    }
    this.scheduleProbe();
  }

  private async probe(): Promise<Probe> {
    const client = new pg.Client({ connectionString: this.db!.url, connectionTimeoutMillis: this.probeTimeoutMs, query_timeout: this.probeTimeoutMs });
    client.on("error", () => undefined);
    try {
      await client.connect();
      await client.query("SELECT 1");
      return "ok";
    } catch (e) {
      // An error from the server itself means it is alive and said no (still recovering, too
      // many clients): not hung.
      return e instanceof pg.DatabaseError ? "answered" : "silent";
    } finally {
      client.end().catch(() => undefined);
    }
  }

  private writeStatus(reason?: string): void {
    if (!this.db) return;
    const status: EmbeddedStatus = {
      state: this.state,
      since: new Date(this.downSince ?? Date.now()).toISOString(),
      port: this.db.port,
      supervisorPid: process.pid,
      restarts: this.restarts,
      lastOutageSeconds: this.lastOutageMs === null ? null : Math.round(this.lastOutageMs / 100) / 10,
      ...(reason ? { reason } : {}),
    };
    try {
      writeFileSync(statusFile(this.dir), JSON.stringify(status));
    } catch {
      // Only doctor reads it; a read-only data dir must not stop the supervisor.
    }
  }
}
