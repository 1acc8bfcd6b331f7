import Link from "next/link";
import type { ReactNode } from "react";
import { isInternalHref } from "./links";

/**
 * The small markdown subset the help agent writes: paragraphs, "- " bullets, "#" headings and
 * "| a | b |" tables (runbooks),
 * **bold**, [label](/path) links, `code` and backslash escapes ("\[" is a literal "[", as in
 * CommonMark: the help agent escapes names and messages that way). Built as React elements — never
 * as HTML strings — so nothing in an answer or a document can inject markup. Only same-origin
 * paths become links (isInternalHref).
 */
const INLINE = /\\([!-/:-@[-`{-~])|\*\*((?:\\[^\n]|[^\\\n])+?)\*\*|\[((?:\\[^\n]|[^\\\]\n])+)\]\(([^)\s]+)\)|`([^`\n]+)`/g;

function Inline({ text }: { text: string }): ReactNode {
  const out: ReactNode[] = [];
  let last = 0;
  let i = 0;
  for (const m of text.matchAll(INLINE)) {
    if (m.index > last) out.push(text.slice(last, m.index));
    const key = i++;
    if (m[1] !== undefined) {
      out.push(m[1]);
    } else if (m[2] !== undefined) {
      out.push(
        <strong key={key} className="font-semibold text-slate-900">
          <Inline text={m[2]} />
        </strong>,
      );
    } else if (m[3] !== undefined && m[4] !== undefined) {
      out.push(
        isInternalHref(m[4]) ? (
          <Link key={key} href={m[4]} className="font-medium text-blue-700 underline-offset-2 hover:underline">
            <Inline text={m[3]} />
          </Link>
        ) : (
          // Anything else is shown, not followed: answers only ever point into the dashboard.
          <span key={key}>
            <Inline text={m[3]} /> <span className="text-slate-400">({m[4]})</span>
          </span>
        ),
      );
    } else if (m[5] !== undefined) {
      out.push(
        <code key={key} className="rounded bg-slate-100 px-1 py-0.5 font-mono text-[0.85em] text-slate-800">
          {m[5]}
        </code>,
      );
    }
    last = m.index + m[0].length;
  }
  if (last < text.length) out.push(text.slice(last));
  return <>{out}</>;
}

type Block =
  | { kind: "p"; lines: string[] }
  | { kind: "ul"; items: string[] }
  | { kind: "ol"; items: string[] }
  | { kind: "h"; level: number; text: string }
  | { kind: "table"; rows: string[][] };

const cells = (line: string) => line.trim().replace(/^\|/, "").replace(/\|$/, "").split("|").map((c) => c.trim());
const TABLE_RULE = /^\s*\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)*\|?\s*$/;

export function blocks(text: string): Block[] {
  const out: Block[] = [];
  let cur: Block | null = null;
  for (const raw of text.replace(/\r\n?/g, "\n").split("\n")) {
    const line = raw.trimEnd();
    const bullet = /^\s*[-*] (.*)$/.exec(line);
    const numbered = /^\s*\d+[.)] (.*)$/.exec(line);
    const heading = /^(#{1,4}) (.*)$/.exec(line);
    const tableRow = /^\s*\|.*\|\s*$/.test(line);
    if (!line.trim()) {
      cur = null;
    } else if (tableRow) {
      // The first row is the header; the "|---|---|" rule under it is dropped.
      let table = cur as Block | null;
      if (table?.kind !== "table") out.push((cur = table = { kind: "table", rows: [] }));
      if (!TABLE_RULE.test(line)) table.rows.push(cells(line));
    } else if (heading) {
      out.push({ kind: "h", level: heading[1]!.length, text: heading[2]! });
      cur = null;
    } else if (bullet) {
      if (cur?.kind !== "ul") out.push((cur = { kind: "ul", items: [] }));
      cur.items.push(bullet[1]!);
    } else if (numbered) {
      if (cur?.kind !== "ol") out.push((cur = { kind: "ol", items: [] }));
      cur.items.push(numbered[1]!);
    } else if ((cur?.kind === "ul" || cur?.kind === "ol") && /^\s{2,}/.test(line)) {
      cur.items[cur.items.length - 1] += ` ${line.trim()}`; // continuation of a bullet
    } else {
      if (cur?.kind !== "p") out.push((cur = { kind: "p", lines: [] }));
      cur.lines.push(line);
    }
  }
  return out;
}

export function Markdown({ text, className = "" }: { text: string; className?: string }) {
  return (
    <div className={`space-y-2 text-sm leading-relaxed text-slate-700 ${className}`}>
      {blocks(text).map((b, i) => {
        if (b.kind === "h") {
          const cls = b.level <= 1 ? "text-base font-semibold text-slate-900" : "text-sm font-semibold text-slate-900";
          return (
            <p key={i} role="heading" aria-level={Math.min(6, b.level + 2)} className={`pt-1 ${cls}`}>
              <Inline text={b.text} />
            </p>
          );
        }
        if (b.kind === "table") {
          const [head, ...body] = b.rows;
          return (
            <div key={i} className="overflow-x-auto">
              <table className="min-w-full text-left text-xs">
                <thead className="border-b border-slate-200 text-slate-900">
                  <tr>
                    {head?.map((c, j) => (
                      <th key={j} className="px-2 py-1 font-semibold">
                        <Inline text={c} />
                      </th>
                    ))}
                  </tr>
                </thead>
                <tbody className="divide-y divide-slate-100">
                  {body.map((r, j) => (
                    <tr key={j}>
                      {r.map((c, k) => (
                        <td key={k} className="px-2 py-1 align-top">
                          <Inline text={c} />
                        </td>
                      ))}
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          );
        }
        if (b.kind === "ul" || b.kind === "ol") {
          const List = b.kind;
          return (
            <List key={i} className={`${b.kind === "ul" ? "list-disc" : "list-decimal"} space-y-1 pl-5`}>
              {b.items.map((item, j) => (
                <li key={j}>
                  <Inline text={item} />
                </li>
              ))}
            </List>
          );
        }
        return (
          <p key={i} className="whitespace-pre-line break-words">
            <Inline text={b.lines.join("\n")} />
          </p>
        );
      })}
    </div>
  );
}
