#!/usr/bin/env -S npx tsx
/**
 * vigil-run — wrap a cron job (like Healthchecks' / Cronitor's wrappers):
 *   VIGIL_URL=http://vigil:3000 VIGIL_API_KEY=vgl_… npx tsx sdk/bin/vigil-run.ts <agentId> -- <command…>
 * Registers the agent, reports `run.started`, runs the command (stdio passed through), then
 * reports `run.succeeded` / `run.failed` with exit code and duration (an event, a
 * `run_duration_ms` metric and a heartbeat), and exits with the command's exit code.
 * Vigil being down never stops the job: reports wait in the on-disk buffer for the next run.
 */
import { spawn } from "node:child_process";
import { VigilClient } from "../client";

function usage(msg?: string): never {
  if (msg) console.error(`vigil-run: ${msg}`);
  console.error("usage: vigil-run <agentId> [--interval <seconds>] -- <command> [args…]\n  env: VIGIL_URL (default http://localhost:3000), VIGIL_API_KEY (required), VIGIL_BUFFER_DIR");
  process.exit(2);
}

const argv = process.argv.slice(2);
const sep = argv.indexOf("--");
if (sep < 0 || sep === argv.length - 1) usage("missing -- <command>");
const [agentId, ...flags] = argv.slice(0, sep);
const command = argv.slice(sep + 1);
if (!agentId) usage("missing agent id");
let interval: number | undefined;
for (let i = 0; i < flags.length; i++) {
  if (flags[i] === "--interval") interval = Number(flags[++i]);
  else usage(`unknown option ${flags[i]}`);
}
if (interval !== undefined && !(Number.isInteger(interval) && interval > 0)) usage("--interval must be a positive integer (seconds)");
const apiKey = process.env.VIGIL_API_KEY;
if (!apiKey) usage("VIGIL_API_KEY is not set");

const client = new VigilClient({
  baseUrl: process.env.VIGIL_URL ?? "http://localhost:3000",
  apiKey,
  agentId,
  agent: { capabilities: ["cron"], ...(interval ? { heartbeatIntervalSeconds: interval } : {}) },
  bufferDir: process.env.VIGIL_BUFFER_DIR || undefined,
  attempts: 3,
  onError: (e) => console.error(`vigil-run: ${(e as Error).message}`),
});

// Reporting is best effort: the job runs whatever Vigil says.
const quietly = async (what: string, p: Promise<unknown>) => p.catch((e) => console.error(`vigil-run: ${what} failed: ${(e as Error).message}`));

await quietly("register", client.register());
const started = Date.now();
client.event({ type: "run.started", message: `started: ${command.join(" ")}`.slice(0, 10_000), severity: "info", metadata: { command } });
await quietly("start ping", client.heartbeat({ status: "running" }));

const child = spawn(command[0]!, command.slice(1), { stdio: "inherit" });
for (const sig of ["SIGINT", "SIGTERM", "SIGHUP"] as const) process.on(sig, () => child.kill(sig));
const { code, error } = await new Promise<{ code: number; error?: Error }>((resolve) => {
  child.on("error", (e) => resolve({ code: 127, error: e }));
  child.on("exit", (c, signal) => resolve({ code: c ?? 128 + (signal ? ({ SIGHUP: 1, SIGINT: 2, SIGKILL: 9, SIGTERM: 15 } as Record<string, number>)[signal] ?? 0 : 0) }));
});
const durationMs = Date.now() - started;
const ok = code === 0;
client.event({
  type: ok ? "run.succeeded" : "run.failed",
  message: `${ok ? "succeeded" : `failed with exit code ${code}`} after ${(durationMs / 1000).toFixed(1)} s: ${command.join(" ")}${error ? ` (${error.message})` : ""}`.slice(0, 10_000),
  severity: ok ? "info" : "error",
  metadata: { command, exitCode: code, durationMs },
});
client.metric({ name: "run_duration_ms", value: durationMs, unit: "ms" });
client.metric({ name: "run_exit_code", value: code });
await quietly("finish ping", client.heartbeat({ status: ok ? "ok" : "failed", metadata: { exitCode: code, durationMs } }));
await quietly("report", client.close());
process.exit(code);
