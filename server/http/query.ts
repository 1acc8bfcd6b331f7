/** Query-string parsing: strict zod objects and the shared parameters (cursor, limit, time window). */
import { z } from "zod";
import { decodeCursor, DEFAULT_LIMIT, MAX_LIMIT } from "../db/paging";
import { ApiError, issue } from "./errors";
import { zodIssues } from "./zod-issues";

const MAX_BIGINT = 9_223_372_036_854_775_807n;

/** zod field for `cursor=`: decodes and validates, so handlers get a Cursor or undefined. */
export const cursorParam = (idPattern?: RegExp) =>
  z
    .string()
    .transform((raw, ctx) => {
      const c = decodeCursor(raw, idPattern);
      // The database must never see a value it refuses (its message would leak): numeric ids fit
      // bigint, times fit the stored range.
      if (!c || (/^\d+$/.test(c.id) && BigInt(c.id) > MAX_BIGINT) || c.at.getFullYear() < 1 || c.at.getFullYear() > 9999) {
        ctx.addIssue({ code: "custom", message: "invalid cursor: pass back nextCursor from the previous page unchanged" });
        return z.NEVER;
      }
      return c;
    })
    .optional();

/**
 * A numeric query parameter: decimal digits only. Number("0x10") is 16 and Number("1e3") 1000;
 * a client that sends either meant something else, so both are a 400 rather than a guess.
 */
const decimalInt = (name: string) =>
  z
    .string()
    .regex(/^\d{1,15}$/, `${name} must be a decimal integer (digits only)`)
    .transform(Number);

export const limitParam = decimalInt("limit")
  .pipe(z.number().int().min(1, "limit must be at least 1").max(MAX_LIMIT, `limit must be at most ${MAX_LIMIT}`))
  .default(DEFAULT_LIMIT);

const positiveInt = (name: string, max: number) => decimalInt(name).pipe(z.number().min(1, `${name} must be at least 1`).max(max, `${name} must be at most ${max}`)).optional();

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

