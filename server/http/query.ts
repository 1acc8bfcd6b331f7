import { z } from "zod";
import { ApiError, issue } from "./errors";
import { zodIssues } from "./zod-issues";

/**
 * Query-string parsing and keyset pagination shared by the list endpoints. Lists are newest
 * first, ordered by (timestamp, id) descending; the cursor is that pair for the last row of the
 * page, opaque to clients (base64url JSON). Keyset instead of OFFSET: stable while rows arrive
 * and O(limit) per page on the (…, timestamp DESC) indexes.
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

/** zod field for `cursor=`: decodes and validates, so handlers get a Cursor or undefined. */
export const cursorParam = (idPattern?: RegExp) =>
  z
    .string()
    .transform((raw, ctx) => {
      const c = decodeCursor(raw, idPattern);
      if (!c) {
        ctx.addIssue({ code: "custom", message: "invalid cursor: pass back nextCursor from the previous page unchanged" });
        return z.NEVER;
      }
      return c;
    })
    .optional();

export const limitParam = z.coerce
  .number({ error: "limit must be an integer" })
  .int("limit must be an integer")
  .min(1, "limit must be at least 1")
  .max(MAX_LIMIT, `limit must be at most ${MAX_LIMIT}`)
  .default(DEFAULT_LIMIT);

const positiveInt = (name: string, max: number) =>
  z.coerce.number({ error: `${name} must be a number` }).int(`${name} must be an integer`).min(1, `${name} must be at least 1`).max(max, `${name} must be at most ${max}`).optional();

/** `minutes=` / `hours=` time window (at most 30 days), one or the other. */
export const windowParams = {
  minutes: positiveInt("minutes", 30 * 24 * 60),
  hours: positiveInt("hours", 30 * 24),
};

export function windowStart(q: { minutes?: number; hours?: number }, defaultMinutes: number, now = Date.now()): Date {
  if (q.minutes !== undefined && q.hours !== undefined) {
    throw new ApiError(400, "invalid query parameters", [issue("hours", "give minutes or hours, not both")]);
  }
  const minutes = q.minutes ?? (q.hours !== undefined ? q.hours * 60 : defaultMinutes);
  return new Date(now - minutes * 60_000);
}

/**
 * Validates URL query parameters with a strict zod object: unknown parameters are a 400 too, so
 * a typo like `agent=` does not silently return everything.
 */
export function parseQuery<S extends z.ZodType>(req: Request, schema: S): z.output<S> {
  const params = new URL(req.url).searchParams;
  const raw: Record<string, string> = {};
  for (const [k, v] of params) {
    if (k in raw) throw new ApiError(400, "invalid query parameters", [issue(k, `'${k}' given more than once`)]);
    raw[k] = v;
  }
  const parsed = schema.safeParse(raw);
  if (!parsed.success) throw new ApiError(400, "invalid query parameters", zodIssues(parsed.error, null));
  return parsed.data;
}

/** Builds `{items, nextCursor}` from a page fetched with `limit + 1` rows. */
export function page<R, T>(rows: R[], limit: number, cursorOf: (row: R) => string, toDto: (row: R) => T): { items: T[]; nextCursor: string | null } {
  const more = rows.length > limit;
  const kept = more ? rows.slice(0, limit) : rows;
  return { items: kept.map(toDto), nextCursor: more ? cursorOf(kept[kept.length - 1]!) : null };
}

/**
 * A comma-separated list of allowed values (`?state=late,unresponsive`), optional; an unknown
 * value is a 400 naming it and the allowed ones.
 */
export function commaList<T extends string>(allowed: readonly T[], what: string) {
  return z
    .string()
    .transform((s, ctx) => {
      const parts = s.split(",").map((p) => p.trim());
      const bad = parts.filter((p) => !(allowed as readonly string[]).includes(p));
      if (bad.length) {
        ctx.addIssue({ code: "custom", message: `unknown ${what} '${bad.join(",")}': use ${allowed.join(", ")} (comma-separated for several)` });
        return z.NEVER;
      }
      return parts as T[];
    })
    .optional();
}

/** Prisma `where` fragment for the rows after `cursor` in (field, id) descending order. */
export function olderThan<F extends string>(field: F, cursor: Cursor | undefined | null) {
  if (!cursor) return {};
  const id = { lt: BigInt(cursor.id) };
  return { OR: [{ [field]: { lt: cursor.at } }, { [field]: cursor.at, id }] } as { OR: ({ [K in F]: { lt: Date } } | ({ [K in F]: Date } & { id: { lt: bigint } }))[] };
}
