/**
 * npm test — type check, production build, unit + integration (vitest, real Postgres: a fresh
 * database per run and per test file; the SDK tests start `next start` on the build), Playwright e2e.
 * Stops at the first failing step.
 */
import { spawnSync } from "node:child_process";
import path from "node:path";

const bin = (n: string) => path.join("node_modules", ".bin", n);
const env: NodeJS.ProcessEnv = { ...process.env, NEXT_TELEMETRY_DISABLED: "1" };
// Tests never write into the configured database itself: given a server (TEST_DATABASE_URL, else
// DATABASE_URL), each run creates fresh databases next to it; given none, an embedded one.
env.TEST_DATABASE_URL ??= env.DATABASE_URL;
delete env.DATABASE_URL;

const steps: [string, string, string[]][] = [
  ["type check", bin("tsc"), ["--noEmit"]],
  // The build comes before vitest: the SDK tests (sdk/sdk.test.ts) run `next start` against it.
  ["build", bin("next"), ["build"]],
  ["unit + integration", bin("vitest"), ["run"]],
  ["e2e", bin("playwright"), ["test"]],
];

const started = Date.now();
for (const [name, cmd, args] of steps) {
  const t = Date.now();
  console.log(`\n▶ ${name}: ${[path.basename(cmd), ...args].join(" ")}`);
  const r = spawnSync(cmd, args, { stdio: "inherit", env });
  const secs = ((Date.now() - t) / 1000).toFixed(1);
  if (r.status !== 0) {
    console.error(`\n✗ ${name} failed after ${secs} s`);
    process.exit(r.status ?? 1);
  }
  console.log(`✓ ${name} (${secs} s)`);
}
console.log(`\nAll tests passed in ${((Date.now() - started) / 1000).toFixed(0)} s.`);
