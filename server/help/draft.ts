/** The answer being written: paragraphs, links, sources and the facts it states (pure). */
import type { HelpLink, HelpSource } from "./contract";

/** Accumulates paragraphs, links, sources and facts while sections are written. */
export class Draft {
  readonly parts: string[] = [];
  readonly links: HelpLink[] = [];
  readonly sources: HelpSource[] = [];
  readonly facts: string[] = [];
  para(text: string): void {
    if (text.trim()) this.parts.push(text.trim());
  }
  bullets(lines: readonly string[]): void {
    if (lines.length) this.parts.push(lines.map((l) => `- ${l}`).join("\n"));
  }
  link(label: string, href: string): string {
    if (!this.links.some((l) => l.href === href)) this.links.push({ label, href });
    return `[${label}](${href})`;
  }
  live(title: string, href: string, excerpt?: string): void {
    if (!this.sources.some((s) => s.kind === "live" && s.title === title)) this.sources.push({ kind: "live", title, href, ...(excerpt ? { excerpt } : {}) });
  }
  fact(...f: (string | number)[]): void {
    for (const x of f) this.facts.push(String(x));
  }
}

export const agentHref = (id: string) => `/agents/${encodeURIComponent(id)}`;
export const incidentHref = (id: string) => `/incidents/${id}`;

