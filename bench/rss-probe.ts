// Temporary probe (not committed): worker RSS breakdown.
import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { rssMb, sleep } from "./lib";
const { createScratchDatabase } = await import("../server/db/scratch");
const scratch = await createScratchDatabase(undefined, "probe");
const { applyMigrations } = await import("../server/db/schema-engine");
await applyMigrations(scratch.url);
const { pool, closeDb } = await import("../server/db/client");
process.env.DATABASE_URL = scratch.url;
const { seedDataset } = await import("./dataset");
await seedDataset(pool(), { agents: Number(process.env.A ?? 100), hours: 2 });
const args = (process.env.ARGS ?? "--import tsx workers/main.ts").split(" ");
const w = spawn(process.execPath, args, { env: { ...process.env, DATABASE_URL: scratch.url }, stdio: ["ignore", "pipe", "inherit"] });
w.stdout!.on("data", () => {});
for (let i = 0; i < Number(process.env.N ?? 8); i++) {
  await sleep(5000);
  const own = Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${w.pid}/status`, "utf8"))?.[1]) / 1024;
  console.log(`t=${(i + 1) * 5}s tree ${rssMb(w.pid!)} MB, worker itself ${Math.round(own)} MB`);
}
w.kill("SIGKILL");
await closeDb();
await scratch.dispose();
