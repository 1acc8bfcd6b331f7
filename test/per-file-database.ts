import { afterAll, inject } from "vitest";
import { closeDb } from "../server/db/client";
import { createDatabase, dropDatabase } from "../server/db/admin";
import { databaseName } from "../server/db/url";

// Each test file runs against its own copy of the migrated template: files never see each other's rows.
const templateUrl = inject("templateDatabaseUrl");
const name = `vigil_t_${process.pid}_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 6)}`;
process.env.DATABASE_URL = await createDatabase(templateUrl, name, databaseName(templateUrl));

afterAll(async () => {
  await closeDb();
  await dropDatabase(templateUrl, name);
});
