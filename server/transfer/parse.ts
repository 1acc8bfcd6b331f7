import { parse as parseCsv } from "csv-parse/sync";
import type { Reject, SourceRecord } from "./records";
import { csvRowToRecord } from "./records";

/** NDJSON text → records with line numbers; unparseable lines become rejects. Blank lines are skipped. */
export function parseNdjson(text: string, firstLine = 1): { records: SourceRecord[]; rejected: Reject[] } {
  const records: SourceRecord[] = [];
  const rejected: Reject[] = [];
  text.split("\n").forEach((raw, i) => {
    const line = firstLine + i;
    if (raw.trim() === "") return;
    try {
      records.push({ line, value: JSON.parse(raw) });
    } catch (e) {
      rejected.push({ line, path: "", message: `malformed JSON: ${(e as Error).message}` });
    }
  });
  return { records, rejected };
}

/** CSV text with a header row → records (line = the record's first line in the file). */
export function parseCsvText(text: string): { records: SourceRecord[]; rejected: Reject[] } {
  const rows = parseCsv(text, { columns: true, skip_empty_lines: true, info: true, relax_column_count: false, bom: true }) as { record: Record<string, string>; info: { lines: number } }[];
  return { records: rows.map((r) => ({ line: r.info.lines, value: csvRowToRecord(r.record) })), rejected: [] };
}
