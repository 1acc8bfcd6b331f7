import { readFileSync } from "node:fs";
import path from "node:path";

export const VIEWS_SQL_PATH = path.resolve(process.cwd(), "prisma/views.sql");

/** Names of the reporting views migrations create (doctor checks they exist). */
export function requiredViews(sql = readFileSync(VIEWS_SQL_PATH, "utf8")): string[] {
  return [...sql.matchAll(/CREATE\s+(?:OR\s+REPLACE\s+)?VIEW\s+(\w+)/gi)].map((m) => m[1]!);
}
