/**
 * npm run bench:help — help agent latency over real HTTP (a socket, SSE parsed
 * as a client would): seeds the evaluation scenario on a scratch database (embedded PostgreSQL
 * unless TEST_DATABASE_URL names a server), then asks ~100 questions (the evaluation set, cycled)
 * one after another and measures time to the first SSE event and to agent_completed
 * (deterministic mode). Targets: first event < 200 ms, full answer p95 < 1.5 s.
 *
 * `benchHelp(opts)` returns the figures so the main `npm run bench` can print them; run as a
 * script it prints one line per figure. Env: BENCH_HELP_QUESTIONS (default 100).
 */
import { pathToFileURL } from "node:url";

export interface BenchFigure {
  name: string;
  value: number;
  unit: string;
  reference?: string;
}

export interface BenchHelpOptions {
  questions?: number;
  /** Use this database (already migrated) instead of a scratch one; the scenario is seeded into it. */
  databaseUrl?: string;
  log?: (line: string) => void;
}

const pct = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
const round1 = (n: number) => Math.round(n * 10) / 10;

export async function benchHelp(opts: BenchHelpOptions = {}): Promise<BenchFigure[]> {
  const n = opts.questions ?? Number(process.env.BENCH_HELP_QUESTIONS ?? 100);
  const { createScratchDatabase } = await import("../server/db/scratch");
  const scratch = opts.databaseUrl ? null : await createScratchDatabase(process.env.TEST_DATABASE_URL || undefined, "benchhelp");
  const url = opts.databaseUrl ?? scratch!.url;
  process.env.DATABASE_URL = url;
  // Deterministic mode is what the targets are about: an LLM's latency is the model's.
  const savedLlm = process.env.LLM_BASE_URL;
  delete process.env.LLM_BASE_URL;
  try {
    if (scratch) {
      const { applyMigrations } = await import("../server/db/schema-engine");
      await applyMigrations(url);
    }
    const { db, pool, closeDb } = await import("../server/db/client");
    const { seedScenario } = await import("../test/help-eval/scenario");
    const { QUESTIONS } = await import("../test/help-eval/questions");
    const { resolve } = await import("../test/help-eval/run");
    const { createApiKey } = await import("../server/auth/api-keys");
    const { startHelpServer, readSse } = await import("../test/help-server");
    const facts = await seedScenario(db(), pool());
    const key = (await createApiKey(db(), { name: "bench-help", scopes: ["read"] })).secret;
    const server = await startHelpServer();
    const first: number[] = [];
    const full: number[] = [];
    let failures = 0;
    try {
      const ask = async (question: string) => {
        const t0 = performance.now();
        let firstAt: number | null = null;
        const res = await fetch(`${server.url}/api/v1/help/ask`, {
          method: "POST",
          headers: { authorization: `Bearer ${key}`, "content-type": "application/json", accept: "text/event-stream" },
          body: JSON.stringify({ question }),
        });
        const events = await readSse(res, () => {
          firstAt ??= performance.now() - t0;
        });
        if (events.at(-1)?.type !== "agent_completed") failures++;
        return { first: firstAt ?? performance.now() - t0, full: performance.now() - t0 };
      };
      await ask("warm-up: how is the system?"); // JIT and connection pool warm-up, not measured
      for (let i = 0; i < n; i++) {
        const r = await ask(resolve(QUESTIONS[i % QUESTIONS.length]!.question, facts));
        first.push(r.first);
        full.push(r.full);
      }
    } finally {
      await server.close();
      await closeDb();
    }
    first.sort((a, b) => a - b);
    full.sort((a, b) => a - b);
    const mean = full.reduce((s, v) => s + v, 0) / (full.length || 1);
    return [
      { name: "help first SSE event p50", value: round1(pct(first, 50)), unit: "ms", reference: "< 200 ms" },
      { name: "help first SSE event p95", value: round1(pct(first, 95)), unit: "ms", reference: "< 200 ms" },
      { name: "help full deterministic answer p50", value: round1(pct(full, 50)), unit: "ms" },
      { name: "help full deterministic answer p95", value: round1(pct(full, 95)), unit: "ms", reference: "< 1500 ms" },
      { name: "help full deterministic answer mean", value: round1(mean), unit: "ms", reference: "< 3000 ms on the seed system" },
      { name: "help questions answered", value: n - failures, unit: `of ${n}` },
    ];
  } finally {
    if (savedLlm !== undefined) process.env.LLM_BASE_URL = savedLlm;
    await scratch?.dispose();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  // Stopping the embedded server terminates pooled connections that are already idle: expected at exit.
  process.on("uncaughtException", (err) => {
    if (/terminating connection due to administrator command/.test(err.message)) return;
    throw err;
  });
  for (const f of await benchHelp()) console.log(`${f.name.padEnd(44)} ${`${f.value} ${f.unit}`.padStart(14)}  ${f.reference ? `target ${f.reference}` : ""}`);
  process.exit(0);
}
