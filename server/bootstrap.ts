import pg from "pg";
import { ensureBuiltinAgents } from "./agents/builtin-registration";
import { ensureInitialApiKey } from "./auth/api-keys";
import { db } from "./db/client";
import { applyMigrations, readMigrations } from "./db/schema-engine";
import { syncRunbooks } from "./help/runbooks";
import { ensureModelPrices } from "./llm/price-seed";
import { ensureInitialAdmin } from "./users/service";

/** Advisory lock held while a process prepares the database (any stable 64-bit number). */
const PREPARE_LOCK_KEY = 7_273_740_101;

export interface PrepareResult {
  appliedMigrations: string[];
  /** Set only when this start created the first API key: print it once. */
  newApiKey: string | null;
  /** Set only when this start created the first admin with a generated password: print it once. */
  newAdmin: { email: string; password: string } | null;
}

export interface InitialCredentials {
  apiKey?: string;
  adminEmail?: string;
  adminPassword?: string;
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
 * Migrations, roster, the initial API key and admin user, seeded model prices, help runbooks: everything the database needs before web and
 * worker start. Runs under a session advisory lock so several starters (npm start, workers,
 * db:migrate) wait for each other instead of racing; the schema engine (heavy WASM) only loads
 * when a migration is pending.
 */
export async function prepareDatabase(url: string, init: InitialCredentials = {}): Promise<PrepareResult> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5_000 });
  client.on("error", () => {});
  await client.connect();
  try {
    await client.query("SELECT pg_advisory_lock($1)", [PREPARE_LOCK_KEY]);
    const appliedMigrations = (await pendingMigrations(client)).length ? await applyMigrations(url) : [];
    const prisma = db();
    await ensureBuiltinAgents(prisma);
    const newApiKey = await ensureInitialApiKey(prisma, init.apiKey);
    const newAdmin = await ensureInitialAdmin(prisma, init.adminEmail, init.adminPassword);
    await ensureModelPrices(prisma);
    // Built-in help runbooks (knowledge/*.md): upserted by slug + content hash, so a restart changes nothing.
    await syncRunbooks(prisma);
    await client.query("SELECT pg_advisory_unlock($1)", [PREPARE_LOCK_KEY]);
    return { appliedMigrations, newApiKey, newAdmin };
  } finally {
    await client.end().catch(() => {});
  }
}

export function initialCredentials(cfg: { VIGIL_INIT_API_KEY?: string; VIGIL_INIT_ADMIN_EMAIL?: string; VIGIL_INIT_ADMIN_PASSWORD?: string }): InitialCredentials {
  return { apiKey: cfg.VIGIL_INIT_API_KEY, adminEmail: cfg.VIGIL_INIT_ADMIN_EMAIL, adminPassword: cfg.VIGIL_INIT_ADMIN_PASSWORD };
}

/**
 * The one place generated first-start secrets are written out (to the terminal of whoever ran
 * the start, once). null when this start generated nothing.
 */
export function firstStartNotice(prep: Pick<PrepareResult, "newApiKey" | "newAdmin">): string | null {
  if (!prep.newApiKey && !prep.newAdmin) return null;
  const line = "─".repeat(72);
  const parts: string[] = [];
  if (prep.newAdmin) {
    parts.push(
      `  Dashboard login (admin). The password is shown only this once — store it now:\n\n    email:    ${prep.newAdmin.email}\n    password: ${prep.newAdmin.password}\n\n  Sign in, then create named users in Users (or set VIGIL_INIT_ADMIN_EMAIL/PASSWORD).`,
    );
  }
  if (prep.newApiKey) {
    parts.push(
      `  Your first Vigil API key (admin). It is shown only this once — store it now:\n\n    ${prep.newApiKey}\n\n  Send it as "Authorization: Bearer <key>". Create more keys later in Settings.`,
    );
  }
  return `\n${line}\n${parts.join(`\n\n`)}\n${line}\n`;
}
