import { encodeCursor, olderThan, page, type Cursor } from "../db/paging";
import { windowStart } from "../http/query";

/**
 * The REST lists of what agents sent (metrics, events): newest first within a `minutes=`/`hours=`
 * window, keyset-paginated on (timestamp, id).
 */
interface RecentQuery {
  minutes?: number;
  hours?: number;
  cursor?: Cursor;
  limit: number;
}

/** `where` (window + cursor), `orderBy` and `take` for one page; spread into findMany. */
export function recentPageArgs(q: RecentQuery, defaultMinutes: number) {
  return {
    where: { timestamp: { gte: windowStart(q, defaultMinutes) }, ...olderThan("timestamp", q.cursor) },
    orderBy: [{ timestamp: "desc" as const }, { id: "desc" as const }],
    take: q.limit + 1,
  };
}

/** `{items, nextCursor}` from rows fetched with recentPageArgs. */
export function recentPage<R extends { timestamp: Date; id: bigint }, T>(rows: R[], q: RecentQuery, toDto: (row: R) => T) {
  return page(rows, q.limit, (r) => encodeCursor(r.timestamp, r.id), toDto);
}
