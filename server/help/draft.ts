/** The answer being written: paragraphs, links, sources and the facts it states (pure). */
import type { HelpLink, HelpSource } from "./contract";
import { joinMd, md, trustedMarkdown, type Md } from "./markdown";

/**
 * Accumulates paragraphs, links, sources and facts while sections are written. Paragraphs and
 * bullets are `Md` (built with the `md` tag), so every value from the data is escaped.
 */
export class Draft {
  readonly parts: string[] = [];
  readonly links: HelpLink[] = [];
  readonly sources: HelpSource[] = [];
  readonly facts: string[] = [];
  para(text: Md): void {
    if (text.text.trim()) this.parts.push(text.text.trim());
  }
  bullets(lines: readonly Md[]): void {
    if (lines.length) this.parts.push(joinMd(lines.map((l) => md`- ${l}`), "\n").text);
  }
  /** A Markdown link to a dashboard page Vigil built; the label is escaped, the path kept free of characters that end a link. */
  link(label: string, href: string): Md {
    const path = href.replace(/[\s()<>\\]/g, (c) => (c === "(" ? "%28" : c === ")" ? "%29" : encodeURIComponent(c)));
    if (!this.links.some((l) => l.href === path)) this.links.push({ label, href: path });
    return md`[${label}](${trustedMarkdown(path)})`;
  }
  live(title: string, href: string, excerpt?: string): void {
    if (!this.sources.some((s) => s.kind === "live" && s.title === title)) this.sources.push({ kind: "live", title, href, ...(excerpt ? { excerpt } : {}) });
  }
  fact(...f: (string | number)[]): void {
    for (const x of f) this.facts.push(String(x));
  }
}

export const agentHref = (id: string) => `/agents/${encodeURIComponent(id)}`;
export const incidentHref = (id: string) => `/incidents/${encodeURIComponent(id)}`;
