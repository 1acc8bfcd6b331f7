/** npm run db:migrate — applies pending migrations to DATABASE_URL (production deploys run this before `npm run web`). */
import { firstStartNotice, initialCredentials, prepareDatabase } from "../server/bootstrap";
import { closeDb } from "../server/db/client";
import { config } from "../server/config";

const cfg = config();
if (!cfg.DATABASE_URL) {
  console.error("DATABASE_URL is not set. (npm start migrates the embedded database by itself.)");
  process.exit(2);
}
const res = await prepareDatabase(cfg.DATABASE_URL, initialCredentials(cfg));
console.log(res.appliedMigrations.length ? `applied: ${res.appliedMigrations.join(", ")}` : "database is up to date");
const notice = firstStartNotice(res);
if (notice) console.log(notice);
await closeDb();
