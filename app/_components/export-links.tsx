/** Download links for /export (server/transfer/export.ts): CSV and NDJSON of the last `hours`. */
export function ExportLinks({ type, agentId, hours = 24 }: { type: "events" | "metrics" | "heartbeats"; agentId?: string; hours?: number }) {
  const href = (format: "csv" | "ndjson") => `/export?${new URLSearchParams({ type, format, hours: String(hours), ...(agentId ? { agentId } : {}) })}`;
  return (
    <span className="inline-flex items-center gap-1 text-xs text-slate-500" data-testid={`export-${type}`}>
      Export {type} ({hours} h):
      <a href={href("csv")} download className="text-blue-700 hover:underline">CSV</a>
      <span aria-hidden>·</span>
      <a href={href("ndjson")} download className="text-blue-700 hover:underline">NDJSON</a>
    </span>
  );
}
