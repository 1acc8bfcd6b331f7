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
export function stopChild(child: ChildProcess, timeoutMs: number): Promise<void> {
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
