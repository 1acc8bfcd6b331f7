export {};
/**
 * npm run eval:help — the help agent's evaluation: seeds the scenario on a scratch database
 * (embedded PostgreSQL unless TEST_DATABASE_URL names a server), asks every question of
 * test/help-eval/questions.ts, prints each result, the pass rate (answers containing all
 * their facts; target ≥ 90 %) and the mean quality (target ≥ 80). Exit code 1 below target.
 */
const { createScratchDatabase } = await import("../server/db/scratch");
const scratch = await createScratchDatabase(process.env.TEST_DATABASE_URL || undefined, "evalhelp");
process.env.DATABASE_URL = scratch.url;
let code = 0;
// Stopping the embedded server terminates pooled connections that are already idle: expected at exit.
process.on("uncaughtException", (err) => {
  if (/terminating connection due to administrator command/.test(err.message)) return;
  throw err;
});
try {
  const { applyMigrations } = await import("../server/db/schema-engine");
  await applyMigrations(scratch.url);
  const { db, pool, closeDb } = await import("../server/db/client");
  const { runEval } = await import("../test/help-eval/run");
  const s = await runEval(db(), pool());
  for (const r of s.results) {
    console.log(`${r.passed ? "✓" : "✗"} ${String(r.quality).padStart(3)} ${r.grade} ${r.category.padEnd(15)} ${r.question}${r.missing.length ? `   missing: ${r.missing.join(", ")}` : ""}`);
  }
  console.log(`\nquestions        ${s.results.length}`);
  console.log(`pass rate        ${(s.passRate * 100).toFixed(1)} %   (target ≥ 90 %)`);
  console.log(`mean quality     ${s.meanQuality.toFixed(1)}     (target ≥ 80)`);
  console.log(`category match   ${(s.categoryAccuracy * 100).toFixed(1)} %`);
  if (s.passRate < 0.9 || s.meanQuality < 80) code = 1;
  await closeDb();
} finally {
  await scratch.dispose();
}
process.exit(code);
