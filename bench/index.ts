/**
 * npm run bench [-- --quick] [-- --agents N --hours H] [-- --only a,b] [-- --retention]
 * Every performance target (ingestion, worker cycles, dashboard, memory, help), each next to a
 * reference measured in the same run, on a throwaway embedded PostgreSQL (or TEST_DATABASE_URL's
 * server) with real processes: `next start` on the
 * production build (built first if missing) and the worker started as `npm run worker` starts it
 * (workers/process-flags.ts).
 * Full preset: 1,000 agents × 17 h ≈ 1M heartbeats and 5M metrics; --quick: 100 agents × 2 h.
 * Prints one line per figure and writes bench/results/latest.json. Exit code 1 when a target is
 * missed (so CI can run --quick as a smoke test without making timing a test assertion).
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { WORKER_ENV, WORKER_NODE_ARGS } from "../workers/process-flags";
import { buildIsCurrent, sourceHash, stampBuild } from "../scripts/lib/build-stamp";
import { parseDatasetArgs, seedDataset } from "./dataset";
import { formatFigure, markdownTable, rssMb, sleep, type BenchContext, type Figure, type Section } from "./lib";
import { dashboardSection } from "./sections/dashboard";
import { helpSection } from "./sections/help";
import { ingestionSection } from "./sections/ingestion";
import { memorySection } from "./sections/memory";
import { retentionSection } from "./sections/retention";
import { anomalySection, scoringSection, workerCyclesSection } from "./sections/worker";

const args = parseDatasetArgs(process.argv.slice(2));
// --only a,b: run just the sections whose name contains one of these (profiling); memory always runs last.
const onlyAt = process.argv.indexOf("--only");
const only = onlyAt > 0 ? (process.argv[onlyAt + 1] ?? "").split(",") : undefined;
const quick = args.quick;
const agents = args.agents ?? (quick ? 100 : 1000);
const hours = args.hours ?? (quick ? 2 : 17);
const began = Date.now();
const log = (msg: string) => console.log(`[bench ${((Date.now() - began) / 1000).toFixed(0).padStart(3)} s] ${msg}`);

// Order matters: the quiet measurements (scoring, dashboard) come before the ingestion load,
// memory comes last ("after the run").
const SECTIONS: Section[] = [
  { name: "worker: health scoring", run: scoringSection },
  { name: "dashboard", run: dashboardSection },
  // Before the ingestion load: right after a burst of 100k+ metric rows the monitor is still
  // working through the backlog (20k points per 5 s cycle), which is measured separately.
  { name: "worker: anomaly flag latency", run: anomalySection },
  { name: "ingestion", run: ingestionSection },
  { name: "worker: process cycles", run: workerCyclesSection },
  // Help agent latency over SSE on the bench dataset (bench/sections/help.ts).
  { name: "help agent", run: helpSection },
  // Opt-in (--retention or --only retention): it deletes the oldest hour of metrics.
  ...(process.argv.includes("--retention") || only?.includes("retention") ? [{ name: "retention", run: retentionSection }] : []),
  { name: "memory", run: memorySection },
];

function machine() {
  return { cpus: os.cpus().length, cpuModel: os.cpus()[0]?.model ?? "?", ramGb: Math.round(os.totalmem() / 2 ** 30), node: process.version, load: os.loadavg().map((l) => l.toFixed(2)).join(" ") };
}

async function waitHealthy(url: string, child: ChildProcess, out: () => string): Promise<void> {
  const deadline = Date.now() + 120_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`process exited (${child.exitCode}):\n${out()}`);
    try {
      const r = await fetch(`${url}/api/health`, { signal: AbortSignal.timeout(2_000) });
      if ((await r.json()).worker === "up") return;
    } catch {
      // not up yet
    }
    if (Date.now() > deadline) throw new Error(`web/worker not healthy within 120 s:\n${out()}`);
    await sleep(300);
  }
}

const children: ChildProcess[] = [];
function stopChildren(): void {
  for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill("SIGTERM");
}
process.on("SIGINT", () => (stopChildren(), process.exit(130)));

const { createScratchDatabase } = await import("../server/db/scratch");
const scratch = await createScratchDatabase(process.env.TEST_DATABASE_URL || undefined, "bench");
process.env.DATABASE_URL = scratch.url;
let exitCode = 0;
try {
  const { applyMigrations } = await import("../server/db/schema-engine");
  await applyMigrations(scratch.url);
  const { db, pool, closeDb } = await import("../server/db/client");
  const { createApiKey } = await import("../server/auth/api-keys");
  const { freePort } = await import("../test/app-process");
  const p = pool();
  const pgVersion = (await p.query<{ v: string }>("SELECT current_setting('server_version') AS v")).rows[0]!.v;

  log(`seeding ${agents} agents × ${hours} h`);
  const seeded = await seedDataset(p, { agents, hours });
  log(`seeded ${seeded.heartbeats.toLocaleString("en-US")} heartbeats and ${seeded.metrics.toLocaleString("en-US")} metrics in ${seeded.seconds.toFixed(1)} s`);

  const hash = sourceHash();
  if (!buildIsCurrent(hash)) {
    log("production build missing or older than the sources: running next build");
    const b = spawnSync(process.execPath, [path.join("node_modules", "next", "dist", "bin", "next"), "build"], { stdio: "inherit" });
    if (b.status !== 0) throw new Error("next build failed");
    stampBuild(hash);
  }
  const ingestKey = (await createApiKey(db(), { name: "bench ingest", scopes: ["ingest"] })).secret;
  const readKey = (await createApiKey(db(), { name: "bench read", scopes: ["read"] })).secret;

  // Production settings except the per-key rate limit (off: the bench is one key doing thousands/s).
  const env: NodeJS.ProcessEnv = { ...process.env, DATABASE_URL: scratch.url, NODE_ENV: "production", NEXT_TELEMETRY_DISABLED: "1", VIGIL_RATE_LIMIT_PER_MINUTE: "0" };
  const port = await freePort();
  let out = "";
  const web = spawn(process.execPath, [path.join("node_modules", "next", "dist", "bin", "next"), "start", "-p", String(port), "-H", "127.0.0.1"], { env, stdio: ["ignore", "pipe", "pipe"] });
  const worker = spawn(process.execPath, [...WORKER_NODE_ARGS, path.join("workers", "main.ts")], { env: { ...env, ...WORKER_ENV }, stdio: ["ignore", "pipe", "pipe"] });
  children.push(web, worker);
  for (const c of children) {
    c.stdout!.on("data", (d) => (out += String(d)));
    c.stderr!.on("data", (d) => (out += String(d)));
  }
  const webUrl = `http://127.0.0.1:${port}`;
  await waitHealthy(webUrl, web, () => out);
  await sleep(2_000);
  const ctx: BenchContext = {
    pool: p,
    webUrl,
    webPid: web.pid!,
    workerPid: worker.pid!,
    ingestKey,
    readKey,
    quick,
    agents,
    hours,
    startRss: { web: rssMb(web.pid!), worker: rssMb(worker.pid!) },
    log,
  };
  log(`web (pid ${web.pid}, ${ctx.startRss.web} MB) and worker (pid ${worker.pid}, ${ctx.startRss.worker} MB) up`);

  const figures: (Figure & { section: string })[] = [];
  for (const s of SECTIONS.filter((x) => !only || only.some((o) => x.name.includes(o)) || x.name === "memory")) {
    log(`── ${s.name}`);
    for (const f of await s.run(ctx)) {
      figures.push({ ...f, section: s.name });
      console.log(formatFigure(f));
      if (f.note) console.log(`    ↳ ${f.note}`);
    }
  }
  for (const [name, c] of [["web", web], ["worker", worker]] as const) {
    if (c.exitCode !== null || c.signalCode !== null) {
      console.log(`\n!! ${name} process exited during the run (${c.exitCode ?? c.signalCode}); last output:\n${out.slice(-3000)}`);
      exitCode = 1;
    }
  }
  const seconds = (Date.now() - began) / 1000;
  console.log("\n──────── results ────────");
  for (const f of figures) console.log(formatFigure(f));
  if (!figures.some((f) => f.section === "help agent")) console.log("help agent first-event / full-answer p50/p95: pending (bench/help.ts not on this branch)");
  const missed = figures.filter((f) => f.pass === false);
  console.log(`\n${figures.length} figures, ${missed.length} missed, ${seconds.toFixed(0)} s in all`);
  mkdirSync(path.join("bench", "results"), { recursive: true });
  writeFileSync(
    path.join("bench", "results", "latest.json"),
    JSON.stringify({ date: new Date().toISOString(), preset: quick ? "quick" : "full", dataset: seeded, machine: { ...machine(), postgres: pgVersion }, seconds, figures }, null, 2) + "\n",
  );
  writeFileSync(path.join("bench", "results", "latest.md"), markdownTable(figures));
  log("wrote bench/results/latest.json and latest.md");
  if (missed.length) exitCode = 1;
  stopChildren();
  await Promise.all(children.map((c) => new Promise((r) => (c.exitCode !== null || c.signalCode !== null ? r(null) : c.once("exit", r)))));
  await closeDb();
} catch (err) {
  stopChildren();
  console.error(err);
  exitCode = 2;
} finally {
  await scratch.dispose();
}
process.exit(exitCode);
