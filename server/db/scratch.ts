import { chmodSync, mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { createDatabase, dropDatabase } from "./admin";
import { startEmbeddedPostgres } from "./embedded";

export interface ScratchDatabase {
  url: string;
  dispose: () => Promise<void>;
}

/**
 * A brand-new empty database: on the server of `baseUrl` when given (a database of its own,
 * dropped afterwards), else on a throwaway embedded PostgreSQL in a temp directory.
 */
export async function createScratchDatabase(baseUrl: string | undefined, label = "scratch"): Promise<ScratchDatabase> {
  const name = `vigil_${label}_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 8)}`;
  if (baseUrl) {
    const url = await createDatabase(baseUrl, name);
    return { url, dispose: () => dropDatabase(baseUrl, name) };
  }
  const dir = mkdtempSync(path.join(os.tmpdir(), `vigil-${label}-`));
  chmodSync(dir, 0o755); // when run as root, postgres runs as its own user and must reach the cluster
  const db = await startEmbeddedPostgres(path.join(dir, "pg"), { database: name, persistent: false });
  return {
    url: db.url,
    dispose: async () => {
      await db.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
