import pg from "pg";
import { withDatabase } from "./url";

/** Creates a new empty database next to `url` (same server) and returns its URL. */
export async function createDatabase(url: string, name: string, template?: string): Promise<string> {
  const client = new pg.Client({ connectionString: withDatabase(url, "postgres") });
  await client.connect();
  try {
    const tpl = template ? ` TEMPLATE "${template.replace(/[^a-zA-Z0-9_]/g, "")}"` : "";
    await client.query(`CREATE DATABASE "${name.replace(/[^a-zA-Z0-9_]/g, "")}"${tpl}`);
  } finally {
    await client.end();
  }
  return withDatabase(url, name);
}

export async function dropDatabase(url: string, name: string): Promise<void> {
  const client = new pg.Client({ connectionString: withDatabase(url, "postgres") });
  await client.connect();
  try {
    await client.query(`DROP DATABASE IF EXISTS "${name.replace(/[^a-zA-Z0-9_]/g, "")}" WITH (FORCE)`);
  } finally {
    await client.end();
  }
}
