/**
 * In-process scheduling of the worker's periodic jobs.
 *
 * node-cron 4 drives every job whose period fits a cron expression: periods in whole seconds
 * that divide a minute (`*\/N * * * * *`) and whole minutes that divide an hour (`0 *\/M * * * *`).
 * Cron fires on the wall clock, so "every 30 s" means at :00 and :30 — predictable, and the
 * same on every worker. Other periods (sub-second test periods, 45 s, 90 s, …) cannot be written
 * as one cron expression without drifting, so those jobs use setInterval.
 *
 * A job never overlaps itself (node-cron's `noOverlap` plus our own in-flight guard, which also
 * covers `trigger()` and setInterval jobs); `stop()` ends scheduling, and `drain()` waits for
 * the runs in flight — what graceful shutdown needs. Scheduling is per process only: which
 * process may run a built-in agent's cycle is decided in Postgres (workers/leases.ts).
 */
import cron, { type Logger as CronLogger, type ScheduledTask } from "node-cron";

export function cronExpressionFor(seconds: number): string | null {
  if (!Number.isInteger(seconds) || seconds <= 0) return null;
  if (seconds < 60 && 60 % seconds === 0) return seconds === 1 ? "* * * * * *" : `*/${seconds} * * * * *`;
  if (seconds % 60 === 0) {
    const minutes = seconds / 60;
    if (minutes < 60 && 60 % minutes === 0) return minutes === 1 ? "0 * * * * *" : `0 */${minutes} * * * *`;
  }
  return null;
}

interface Job {
  name: string;
  seconds: number;
  fn: () => Promise<void>;
  task?: ScheduledTask;
  timer?: NodeJS.Timeout;
  running: Promise<void> | null;
  runs: number;
}

export class Scheduler {
  private jobs = new Map<string, Job>();
  private stopped = false;

  constructor(private readonly onError: (job: string, e: unknown) => void = () => {}) {}

  /**
   * node-cron logs a warning each time it skips a tick because the previous run is still going
   * (or a tick was missed while the event loop was busy). Skipping is the intended behavior, so
   * those stay quiet; its errors are reported like a job's.
   */
  private readonly cronLogger: CronLogger = {
    info: () => {},
    warn: () => {},
    debug: () => {},
    error: (m, e) => this.onError("node-cron", e ?? m),
  };

  /** Runs `fn` every `seconds`; with `runNow`, also once right away. */
  every(name: string, seconds: number, fn: () => Promise<void>, opts: { runNow?: boolean } = {}): void {
    if (this.jobs.has(name)) throw new Error(`job ${name} already scheduled`);
    const job: Job = { name, seconds, fn, running: null, runs: 0 };
    this.jobs.set(name, job);
    const expr = cronExpressionFor(seconds);
    if (expr) {
      job.task = this.cronTask(job, expr);
    } else {
      job.timer = setInterval(() => void this.run(job), seconds * 1000);
    }
    if (opts.runNow) void this.run(job);
  }

  private cronTask(job: Job, expr: string): ScheduledTask {
    return cron.schedule(expr, () => this.run(job), { name: job.name, noOverlap: true, logger: this.cronLogger });
  }

  /** Runs a job now unless it is already running (or the scheduler is stopped). */
  trigger(name: string): Promise<void> {
    const job = this.jobs.get(name);
    return job ? this.run(job) : Promise.resolve();
  }

  isRunning(name: string): boolean {
    return !!this.jobs.get(name)?.running;
  }

  /** How the job is driven, for logs and tests. */
  describe(name: string): string | undefined {
    const job = this.jobs.get(name);
    if (!job) return undefined;
    return job.task ? `cron "${cronExpressionFor(job.seconds)}"` : `setInterval ${job.seconds * 1000} ms`;
  }

  private run(job: Job): Promise<void> {
    if (this.stopped || job.running) return job.running ?? Promise.resolve();
    job.runs += 1;
    const p: Promise<void> = (async () => {
      try {
        await job.fn();
      } catch (e) {
        this.onError(job.name, e);
      }
    })().finally(() => {
      // A run detached by forget() must not clear the guard of the run that replaced it.
      if (job.running === p) job.running = null;
    });
    job.running = p;
    return p;
  }

  /**
   * Detaches the job's run in flight (e.g. a hung agent cycle that a restart abandons): the
   * next tick or trigger starts a fresh run; the old promise is left to settle on its own and
   * is no longer waited for by drain().
   */
  forget(name: string): void {
    const job = this.jobs.get(name);
    if (!job) return;
    job.running = null;
    // node-cron's own noOverlap would wait for the detached run forever: give the job a new task.
    if (job.task && !this.stopped) {
      void job.task.destroy();
      job.task = this.cronTask(job, cronExpressionFor(job.seconds)!);
    }
  }

  /** No new runs from now on; runs in flight continue (see drain). */
  stop(): void {
    this.stopped = true;
    for (const job of this.jobs.values()) {
      if (job.task) void job.task.destroy();
      if (job.timer) clearInterval(job.timer);
    }
  }

  /** Waits until no job is running, at most `timeoutMs`; true when everything finished. */
  async drain(timeoutMs: number): Promise<boolean> {
    const inFlight = [...this.jobs.values()].map((j) => j.running).filter((p): p is Promise<void> => !!p);
    if (!inFlight.length) return true;
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<false>((resolve) => {
      timer = setTimeout(() => resolve(false), timeoutMs);
    });
    const done = await Promise.race([Promise.all(inFlight).then(() => true as const), timeout]);
    clearTimeout(timer);
    return done;
  }
}
