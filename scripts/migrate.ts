/** npm run db:migrate — applies pending migrations to DATABASE_URL (production deploys run this before `npm run web`). */
import { prepareDatabase } from "../server/bootstrap";
import { closeDb } from "../server/db/client";
import { config } from "../server/config";

const cfg = config();
if (!cfg.DATABASE_URL) {
  console.error("DATABASE_URL is not set. (npm start migrates the embedded database by itself.)");
  process.exit(2);
}
const res = await prepareDatabase(cfg.DATABASE_URL, cfg.VIGIL_INIT_API_KEY);
console.log(res.appliedMigrations.length ? `applied: ${res.appliedMigrations.join(", ")}` : "database is up to date");
if (res.newApiKey) console.log(`first API key (admin), shown once: ${res.newApiKey}`);
await closeDb();
