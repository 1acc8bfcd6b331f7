import { readFileSync } from "node:fs";
import pg from "pg";
import { describe, expect, it } from "vitest";
import { diffDatabaseToSchema, migrationChecksum, readMigrations } from "./schema-engine";
import { requiredViews } from "./views";

describe("migrations", () => {
  it("a database migrated from prisma/migrations matches schema.prisma (no drift)", async () => {
    const drift = await diffDatabaseToSchema(process.env.DATABASE_URL!);
    expect(drift, `schema.prisma changed without a migration: run npm run db:migration -- <name>\n${drift}`).toBe("");
  });

  it("records every migration with Prisma's checksum and creates the reporting views", async () => {
    const client = new pg.Client({ connectionString: process.env.DATABASE_URL });
    await client.connect();
    try {
      const applied = await client.query<{ migration_name: string; checksum: string }>(
        "SELECT migration_name, checksum FROM _prisma_migrations WHERE finished_at IS NOT NULL ORDER BY migration_name",
      );
      const { names, list } = readMigrations();
      expect(applied.rows.map((r) => r.migration_name)).toEqual(names);
      for (const [i, dir] of list.migrationDirectories.entries()) {
        expect(applied.rows[i]!.checksum).toBe(migrationChecksum(dir.migrationFile.content.value as string));
      }
      const views = await client.query<{ table_name: string }>("SELECT table_name FROM information_schema.views WHERE table_schema = 'public'");
      const present = views.rows.map((r) => r.table_name);
      for (const v of requiredViews(readFileSync("prisma/views.sql", "utf8"))) expect(present).toContain(v);
      const summary = await client.query("SELECT * FROM agent_health_summary LIMIT 1");
      expect(summary.fields.map((f) => f.name)).toContain("seconds_since_heartbeat");
    } finally {
      await client.end();
    }
  });
});
