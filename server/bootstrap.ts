import pg from "pg";
import { ensureBuiltinAgents } from "./agents/builtin-registration";
import { ensureInitialApiKey } from "./auth/api-keys";
import { db } from "./db/client";
import { applyMigrations, readMigrations } from "./db/schema-engine";
import { ensureModelPrices } from "./llm/price-seed";

/** Advisory lock held while a process prepares the database (any stable 64-bit number). */
export const PREPARE_LOCK_KEY = 7_273_740_101;

export interface PrepareResult {
  appliedMigrations: string[];
  /** Set only when this start created the first API key: print it once. */
  newApiKey: string | null;
}

async function pendingMigrations(client: pg.Client): Promise<string[]> {
  const { names } = readMigrations();
  const exists = await client.query("SELECT to_regclass('_prisma_migrations') IS NOT NULL AS ok");
  if (!exists.rows[0]?.ok) return names;
  const applied = await client.query<{ migration_name: string }>(
    "SELECT migration_name FROM _prisma_migrations WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL",
  );
  const done = new Set(applied.rows.map((r) => r.migration_name));
  return names.filter((n) => !done.has(n));
}

/**
 * Migrations, roster, the initial API key and seeded model prices: everything the database needs before web and
 * worker start. Runs under a session advisory lock so several starters (npm start, workers,
 * db:migrate) wait for each other instead of racing; the schema engine (heavy WASM) only loads
 * when a migration is pending.
 */
export async function prepareDatabase(url: string, initApiKey: string | undefined): Promise<PrepareResult> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5_000 });
  client.on("error", () => {});
  await client.connect();
  try {
    await client.query("SELECT pg_advisory_lock($1)", [PREPARE_LOCK_KEY]);
    const appliedMigrations = (await pendingMigrations(client)).length ? await applyMigrations(url) : [];
    const prisma = db();
    await ensureBuiltinAgents(prisma);
    const newApiKey = await ensureInitialApiKey(prisma, initApiKey);
    await ensureModelPrices(prisma);
    await client.query("SELECT pg_advisory_unlock($1)", [PREPARE_LOCK_KEY]);
    return { appliedMigrations, newApiKey };
  } finally {
    await client.end().catch(() => {});
  }
}
