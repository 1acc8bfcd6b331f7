/**
 * What the database banner shows, from one poll of GET /api/health (pure, so it is unit-tested
 * without a browser): the web app answers `db: "down"` within ~2 s when Postgres is unreachable.
 */
export type DbStatus = "up" | "db-down" | "server-down";

export const POLL_UP_MS = 15_000;
/** Poll faster while down, so the banner goes away soon after Postgres is back. */
export const POLL_DOWN_MS = 3_000;

export const BANNER_TEXT: Record<Exclude<DbStatus, "up">, string> = {
  "db-down": "Database unreachable — showing the last data received; retrying…",
  "server-down": "Vigil server unreachable — showing the last data received; retrying…",
};

/** `body` is the parsed JSON of /api/health, or null when the request itself failed. */
export function dbStatusFrom(body: unknown): DbStatus {
  if (body === null || typeof body !== "object") return "server-down";
  const db = (body as { db?: unknown }).db;
  if (db === "up") return "up";
  if (db === "down") return "db-down";
  return "server-down";
}

export const nextPollMs = (s: DbStatus) => (s === "up" ? POLL_UP_MS : POLL_DOWN_MS);

/** Fired on window when the database is reachable again: data views refetch, error pages retry. */
export const DB_RECOVERED_EVENT = "vigil:db-recovered";
