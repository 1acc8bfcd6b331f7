import type { ReactNode } from "react";

/** A header cell: its label, or the label with an alignment. false/null/undefined: column not shown. */
export type Column = string | { label: ReactNode; align?: "right" | "center" } | false | null | undefined;

/**
 * The header row every data table in the dashboard uses. `dense`: compact rows inside a panel;
 * `caps`: upper-case labels; `cells`: full-width tables whose cells carry their own side padding.
 */
export function TableHead({ columns, dense = false, caps = false, cells = false }: { columns: readonly Column[]; dense?: boolean; caps?: boolean; cells?: boolean }) {
  const shown = columns.filter((c): c is Exclude<Column, false | null | undefined> => c !== false && c != null);
  return (
    <thead className={`text-left text-xs text-slate-500${caps ? " uppercase" : ""}`}>
      <tr>
        {shown.map((c, i) => {
          const col = typeof c === "string" ? { label: c } : c;
          const pad = cells ? "whitespace-nowrap px-4" : i < shown.length - 1 ? "pr-3" : "";
          const align = col.align === "right" ? "text-right" : col.align === "center" ? "text-center" : "";
          return (
            <th key={i} className={[pad, dense ? "py-1.5" : "py-2", align, "font-medium"].filter(Boolean).join(" ")}>
              {col.label}
            </th>
          );
        })}
      </tr>
    </thead>
  );
}

/** The foot of a paginated log: a button for the next (older) page, or how many items there are in all. */
export function LoadOlder({ query, more, count, noun, end = "end of log" }: {
  query: { hasNextPage: boolean; isFetchingNextPage: boolean; fetchNextPage: () => unknown };
  /** Button label, e.g. "Load older events". */
  more: string;
  count: number;
  /** Singular and plural, e.g. ["event", "events"]. */
  noun: readonly [string, string];
  end?: string;
}) {
  return (
    <div className="flex justify-center py-3">
      {query.hasNextPage ? (
        <button type="button" onClick={() => void query.fetchNextPage()} disabled={query.isFetchingNextPage} className="rounded-lg border border-slate-300 px-3 py-1.5 text-sm font-medium text-slate-700 hover:bg-slate-50 disabled:opacity-50">
          {query.isFetchingNextPage ? "Loading…" : more}
        </button>
      ) : (
        <span className="text-xs text-slate-400">
          {count} {count === 1 ? noun[0] : noun[1]} · {end}
        </span>
      )}
    </div>
  );
}
