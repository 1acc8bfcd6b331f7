import { spawn, type ChildProcess } from "node:child_process";

/**
 * Runs `main` in a process group of its own. A terminal's Ctrl-C (or Playwright's signal to its
 * group) reaches every process of the foreground group at once, Postgres included; re-running
 * the script detached lets it stop web and worker first and the database last. The launcher
 * stays in the foreground, forwards signals as SIGTERM and exits with the supervisor's code.
 */
export async function runInOwnProcessGroup(flag: string, main: () => Promise<void>): Promise<void> {
  if (process.env[flag]) return main();
  const child = spawn(process.execPath, [...process.execArgv, ...process.argv.slice(1)], {
    detached: true,
    stdio: "inherit",
    env: { ...process.env, [flag]: "1" },
  });
  for (const sig of ["SIGINT", "SIGTERM", "SIGHUP"] as const) process.on(sig, () => child.kill("SIGTERM"));
  child.on("exit", (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
}

/** SIGTERM, then SIGKILL after `timeoutMs`; resolves when the child is gone. */
function stopChild(child: ChildProcess, timeoutMs: number): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const t = setTimeout(() => child.kill("SIGKILL"), timeoutMs);
    child.once("exit", () => {
      clearTimeout(t);
      resolve();
    });
    child.kill("SIGTERM");
  });
}

/**
 * The supervisor's side of an orderly stop: the children it started (web, worker, a build) are
 * stopped first, then `cleanup` (the database) runs, then the process exits. Also stops
 * everything when the launcher goes away, so a killed launcher leaves no orphaned product.
 */
export class Supervisor {
  private readonly children: ChildProcess[] = [];
  private cleanup: (() => Promise<void>) | undefined;
  private stopping = false;

  constructor(private readonly opts: { log: (m: string) => void; childStopMs: number; parentCheckMs: number }) {
    const parent = process.ppid;
    setInterval(() => process.ppid !== parent && void this.shutdown(0), opts.parentCheckMs).unref();
  }

  get shuttingDown(): boolean {
    return this.stopping;
  }

  /** Runs after the children are stopped (stopping the database). */
  onCleanup(fn: () => Promise<void>): void {
    this.cleanup = fn;
  }

  /** SIGINT / SIGTERM / SIGHUP stop everything (exit code 0). */
  shutdownOnSignals(): void {
    for (const sig of ["SIGINT", "SIGTERM", "SIGHUP"] as const) process.on(sig, () => void this.shutdown(0));
  }

  /** Keeps `child` until it exits; `onExit` runs then (it may check `shuttingDown`). */
  track(child: ChildProcess, onExit?: (code: number | null, signal: NodeJS.Signals | null) => void): ChildProcess {
    this.children.push(child);
    child.on("exit", (code, signal) => {
      const i = this.children.indexOf(child);
      if (i >= 0) this.children.splice(i, 1);
      onExit?.(code, signal);
    });
    return child;
  }

  async shutdown(code: number): Promise<void> {
    if (this.stopping) return;
    this.stopping = true;
    this.opts.log("shutting down…");
    await Promise.all(this.children.map((c) => stopChild(c, this.opts.childStopMs)));
    if (this.cleanup) await this.cleanup();
    process.exit(code);
  }
}
