/**
 * `npm run worker` alone on an empty database: two workers started together migrate it once
 * (advisory lock), register the roster, and both run.
 */
import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { createDatabase, dropDatabase } from "../server/db/admin";
import { readMigrations } from "../server/db/schema-engine";
import { killWorker, spawnWorker, waitFor, type SpawnedWorker } from "../test/worker-process";

const name = `vigil_fresh_${process.pid}_${Date.now().toString(36)}`;
const baseUrl = process.env.DATABASE_URL!;
let url: string;
const workers: SpawnedWorker[] = [];
let client: pg.Client | undefined;

afterAll(async () => {
  workers.forEach((w) => killWorker(w));
  await Promise.all(workers.map((w) => w.exited));
  await client?.end();
  await dropDatabase(baseUrl, name);
});

describe("fresh database", () => {
  it("two workers starting together apply the migrations exactly once and both run", async () => {
    url = await createDatabase(baseUrl, name);
    const env = { DATABASE_URL: url, VIGIL_HEALTH_CHECK_SECONDS: "1", VIGIL_CYCLE_SECONDS: "1", VIGIL_LEASE_SECONDS: "3", VIGIL_WORKER_HEARTBEAT_SECONDS: "1", VIGIL_INIT_API_KEY: "" };
    workers.push(spawnWorker(env), spawnWorker(env));
    client = new pg.Client({ connectionString: url });
    await client.connect();
    const c = client;
    await waitFor(
      "both workers running",
      async () => {
        const t = await c.query("SELECT to_regclass('worker_processes') IS NOT NULL AS ok");
        if (!t.rows[0].ok) return null;
        return (await c.query("SELECT id FROM worker_processes")).rows.length === 2;
      },
      40_000,
      250,
    ).catch((e) => {
      throw new Error(`${(e as Error).message}\n--- 1:\n${workers[0]!.output()}\n--- 2:\n${workers[1]!.output()}`);
    });
    const migrations = await c.query("SELECT migration_name FROM _prisma_migrations ORDER BY migration_name");
    expect(migrations.rows.map((r) => r.migration_name)).toEqual(readMigrations().names);
    expect((await c.query("SELECT count(*)::int AS n FROM agents WHERE kind = 'builtin'")).rows[0].n).toBe(7);
    expect((await c.query("SELECT count(*)::int AS n FROM api_keys")).rows[0].n).toBe(1);
    const printed = workers.filter((w) => w.output().includes("Your first Vigil API key"));
    expect(printed).toHaveLength(1); // the first key is printed once, by the worker that made it
    const applied = workers.filter((w) => /applied migrations/.test(w.output()));
    expect(applied).toHaveLength(1);
    await waitFor("a coordinator cycle", async () => (await c.query("SELECT 1 FROM agent_cycles WHERE status = 'succeeded' LIMIT 1")).rows.length > 0, 10_000);

    for (const w of workers) w.child.kill("SIGTERM");
    const exits = await Promise.all(workers.map((w) => w.exited));
    expect(exits.map((e) => e.code)).toEqual([0, 0]);
  }, 60_000);
});
