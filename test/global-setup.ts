/**
 * One PostgreSQL per test run (embedded unless TEST_DATABASE_URL / DATABASE_URL is given) with a
 * migrated template database; every test file then gets its own copy (test/per-file-database.ts).
 */
import type { TestProject } from "vitest/node";
import pg from "pg";
import { applyMigrations } from "../server/db/schema-engine";
import { createScratchDatabase } from "../server/db/scratch";

declare module "vitest" {
  export interface ProvidedContext {
    templateDatabaseUrl: string;
  }
}

export default async function setup(project: TestProject) {
  const scratch = await createScratchDatabase(process.env.TEST_DATABASE_URL, "template");
  await applyMigrations(scratch.url);
  // CREATE DATABASE … TEMPLATE needs the template to have no open connections.
  const c = new pg.Client({ connectionString: scratch.url });
  await c.connect();
  await c.query("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()");
  await c.end();
  project.provide("templateDatabaseUrl", scratch.url);
  return async () => {
    await scratch.dispose();
  };
}
