import { ensureBuiltinAgents } from "./agents/builtin-registration";
import { ensureInitialApiKey } from "./auth/api-keys";
import { db } from "./db/client";
import { applyMigrations } from "./db/schema-engine";
import { ensureModelPrices } from "./llm/price-seed";

export interface PrepareResult {
  appliedMigrations: string[];
  /** Set only when this start created the first API key: print it once. */
  newApiKey: string | null;
}

/** Migrations, roster and the initial API key: everything the database needs before web and worker start. */
export async function prepareDatabase(url: string, initApiKey: string | undefined): Promise<PrepareResult> {
  const appliedMigrations = await applyMigrations(url);
  const prisma = db();
  await ensureBuiltinAgents(prisma);
  const newApiKey = await ensureInitialApiKey(prisma, initApiKey);
  await ensureModelPrices(prisma);
  return { appliedMigrations, newApiKey };
}
