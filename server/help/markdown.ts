/**
 * Markdown the help agent writes (pure). Answers mix text Vigil composes (bold figures, links to
 * dashboard pages) with values that come from the data: agent names, incident titles, event
 * messages, metric and model names, document titles — all chosen by whoever reports or types
 * them. A value must read as text, never as markup, or an agent named
 * "[Open the fix runbook](/\evil.example/login)" becomes a link. So composed Markdown is an `Md`,
 * built with the `md` template tag: the template's own text is Markdown, every interpolated
 * string is escaped, and only another `Md` (a link the Draft built, a composed fragment) is
 * inserted as is. The Draft only accepts `Md`, so a section cannot forget to escape.
 */

/** Markdown Vigil composed (trusted); create with `md`, `joinMd` or `trustedMarkdown`. */
export class Md {
  /** Tells Md apart from a string for the type checker (a plain string is not Markdown). */
  readonly kind = "markdown" as const;
  constructor(readonly text: string) {}
  toString(): string {
    return this.text;
  }
}

/** Values a template may interpolate: strings are escaped, numbers and null are printed, Md is inserted verbatim. */
export type MdValue = Md | string | number | null;

// Inline syntax of the dashboard's renderer (bold, links, code, escapes) plus what a CommonMark
// consumer of the API would treat as markup mid-line (raw HTML and autolinks, table cells).
const INLINE_SYNTAX = /[\\`*[\]<|]/g;
// Markers that only mean something at the start of a line: headings, quotes, list items.
const LINE_START = /^(?:[#>+-]|\d+[.)](?=\s|$))/;
// Line breaks would let a value start a block of its own (a "# heading", a "| table |" row); other
// control characters have no business in an answer either.
const BREAKS = /[\u0000-\u001f\u007f\u0085\u2028\u2029]+/g;

/**
 * A plain value as Markdown text: line breaks and control characters become one space, syntax
 * characters are backslash-escaped, and a leading block marker ("#", ">", "-", "+", "1.") is
 * escaped so the value cannot open a heading, quote or list when it starts a line. Rendered, it
 * shows the original text.
 */
export function escapeMarkdown(value: string): string {
  return value
    .replace(BREAKS, " ")
    .replace(INLINE_SYNTAX, "\\$&")
    .replace(LINE_START, (m) => `${m.slice(0, -1)}\\${m.slice(-1)}`);
}

/** Removes the backslash escapes escapeMarkdown adds (for comparing an answer's text with raw values). */
export function unescapeMarkdown(text: string): string {
  return text.replace(/\\([!-/:-@[-`{-~])/g, "$1");
}

function piece(v: MdValue): string {
  if (v instanceof Md) return v.text;
  if (typeof v === "string") return escapeMarkdown(v);
  return String(v);
}

/** Template tag: the literal parts are Markdown, interpolated strings are escaped. */
export function md(strings: TemplateStringsArray, ...values: MdValue[]): Md {
  let out = strings[0] ?? "";
  values.forEach((v, i) => {
    out += piece(v) + (strings[i + 1] ?? "");
  });
  return new Md(out);
}

/** Joins fragments (strings escaped) with a literal separator. */
export function joinMd(parts: readonly MdValue[], separator: string): Md {
  return new Md(parts.map(piece).join(separator));
}

/**
 * Text that is Markdown by design and inserted unescaped: passages of the runbooks and of the
 * documents operators write in the knowledge base (their links are checked by the renderer,
 * which only follows same-origin paths).
 */
export function trustedMarkdown(text: string): Md {
  return new Md(text);
}
