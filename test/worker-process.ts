/** Helpers for tests that run real worker processes (`node --import tsx workers/main.ts`). */
import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import { TcpProxy } from "./app-process";

export interface SpawnedWorker {
  child: ChildProcess;
  pid: number;
  output: () => string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/**
 * Starts a worker process directly under node (with tsx's loader), so `pid` is the worker itself
 * and a SIGKILL really kills it — `tsx` the CLI would put a wrapper process in between.
 */
export function spawnWorker(env: Record<string, string>, entry = path.join("workers", "main.ts")): SpawnedWorker {
  const child = spawn(process.execPath, ["--import", "tsx", entry], {
    cwd: process.cwd(),
    env: { ...process.env, ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  child.stdout!.on("data", (d) => (out += String(d)));
  child.stderr!.on("data", (d) => (out += String(d)));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.on("exit", (code, signal) => resolve({ code, signal })));
  return { child, pid: child.pid!, output: () => out, exited };
}

/** Kills a worker this test started, by its pid, if it is still running. */
export function killWorker(w: SpawnedWorker | undefined, signal: NodeJS.Signals = "SIGKILL"): void {
  if (w && w.child.exitCode === null && w.child.signalCode === null) w.child.kill(signal);
}

export async function waitFor<T>(what: string, fn: () => Promise<T | null | undefined | false>, timeoutMs: number, everyMs = 200): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A TCP proxy in front of Postgres: stop() resets every connection and refuses new ones (an outage). */
export { TcpProxy };

/** Starts a TcpProxy in front of the test database; `url` is DATABASE_URL through it. */
export async function proxiedDatabase(): Promise<{ proxy: TcpProxy; url: string }> {
  const direct = new URL(process.env.DATABASE_URL!);
  const proxy = new TcpProxy({ host: direct.hostname, port: Number(direct.port || 5432) });
  await proxy.start();
  const via = new URL(direct);
  via.hostname = "127.0.0.1";
  via.port = String(proxy.port);
  return { proxy, url: via.toString() };
}
