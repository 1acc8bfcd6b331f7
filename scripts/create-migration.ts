/**
 * npm run db:migration -- <name>
 * Writes prisma/migrations/<timestamp>_<name>/migration.sql with the SQL that takes a database
 * migrated from the existing migrations to the current schema.prisma. Works offline: a scratch
 * database gets the existing migrations, then the WASM schema engine diffs it against the schema.
 * Reporting views (prisma/views.sql) are dropped first and re-created last, so table changes
 * never trip over a view and views always match the tables.
 */
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { applyMigrations, diffDatabaseToSchema, MIGRATIONS_DIR, readMigrations } from "../server/db/schema-engine";
import { createScratchDatabase } from "../server/db/scratch";
import { requiredViews, VIEWS_SQL_PATH } from "../server/db/views";

const name = (process.argv[2] ?? "").toLowerCase().replace(/[^a-z0-9]+/g, "_").replace(/^_|_$/g, "");
if (!name) {
  console.error("usage: npm run db:migration -- <name>");
  process.exit(2);
}

const scratch = await createScratchDatabase(process.env.DATABASE_URL, "migration");
try {
  const existing = readMigrations().names;
  await applyMigrations(scratch.url);
  const tableSql = await diffDatabaseToSchema(scratch.url);
  const viewsSql = readFileSync(VIEWS_SQL_PATH, "utf8");
  const lastSql = existing.length ? readFileSync(path.join(MIGRATIONS_DIR, existing.at(-1)!, "migration.sql"), "utf8") : "";
  const viewsChanged = !lastSql.includes(viewsSql.trim());
  if (!tableSql && !viewsChanged && existing.length) {
    console.log("schema.prisma and prisma/views.sql match the migrations: nothing to do.");
    process.exit(0);
  }
  const dropViews = existing.length ? requiredViews().map((v) => `DROP VIEW IF EXISTS "${v}";`).join("\n") + "\n\n" : "";
  const stamp = new Date().toISOString().replace(/\D/g, "").slice(0, 14);
  const dir = path.join(MIGRATIONS_DIR, `${stamp}_${name}`);
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, "migration.sql"), `${dropViews}${tableSql}\n\n${viewsSql.trim()}\n`);
  console.log(`created ${path.relative(process.cwd(), dir)}/migration.sql`);
} finally {
  await scratch.dispose();
}
