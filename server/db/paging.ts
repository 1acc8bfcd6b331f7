/**
 * Keyset pagination shared by every list (REST and tRPC). Lists are newest first, ordered by
 * (timestamp, id) descending; `nextCursor` names the last row of a page. Keyset instead of
 * OFFSET: stable while rows arrive and O(limit) per page on the (…, timestamp DESC) indexes.
 *
 * The cursor format, the only one in Vigil: base64url (no padding) of the JSON array
 * `[<ISO-8601 time of the row>, "<row id as a string>"]`, e.g. `["2026-01-01T00:00:00.000Z","42"]`
 * → `WyIyMDI2LTAxLTAxVDAwOjAwOjAwLjAwMFoiLCI0MiJd`. The id is a decimal bigint, or the slug for
 * agents, or the UUID for LLM runs (decodeCursor's idPattern). Clients treat it as opaque and
 * pass it back unchanged; a cursor that does not decode is a 400.
 */

export const MAX_LIMIT = 500;
export const DEFAULT_LIMIT = 100;

export interface Cursor {
  at: Date;
  id: string;
}

export function encodeCursor(at: Date, id: string | bigint): string {
  return Buffer.from(JSON.stringify([at.toISOString(), String(id)])).toString("base64url");
}

export function decodeCursor(raw: string, idPattern: RegExp = /^\d{1,19}$/): Cursor | null {
  try {
    const parsed: unknown = JSON.parse(Buffer.from(raw, "base64url").toString("utf8"));
    if (!Array.isArray(parsed) || parsed.length !== 2) return null;
    const [iso, id] = parsed as unknown[];
    if (typeof iso !== "string" || typeof id !== "string" || !idPattern.test(id)) return null;
    const at = new Date(iso);
    return Number.isNaN(at.getTime()) ? null : { at, id };
  } catch {
    return null;
  }
}

/** Builds `{items, nextCursor}` from a page fetched with `limit + 1` rows. */
export function page<R, T>(rows: R[], limit: number, cursorOf: (row: R) => string, toDto: (row: R) => T): { items: T[]; nextCursor: string | null } {
  const more = rows.length > limit;
  const kept = more ? rows.slice(0, limit) : rows;
  return { items: kept.map(toDto), nextCursor: more ? cursorOf(kept[kept.length - 1]!) : null };
}

/** Prisma `where` fragment for the rows after `cursor` in (field, id) descending order. */
export function olderThan<F extends string>(field: F, cursor: Cursor | undefined | null) {
  if (!cursor) return {};
  const id = { lt: BigInt(cursor.id) };
  return { OR: [{ [field]: { lt: cursor.at } }, { [field]: cursor.at, id }] } as { OR: ({ [K in F]: { lt: Date } } | ({ [K in F]: Date } & { id: { lt: bigint } }))[] };
}
