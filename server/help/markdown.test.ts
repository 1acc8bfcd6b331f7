import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { Markdown } from "@/app/help/_components/markdown";
import { Draft } from "./draft";
import { escapeMarkdown, joinMd, md, trustedMarkdown, unescapeMarkdown } from "./markdown";

const HOSTILE = "[Open the fix runbook](/\\evil.example/login)";
const html = (text: string) => renderToStaticMarkup(createElement(Markdown, { text }));
/** The visible text of rendered HTML (tags dropped, the few entities React writes decoded). */
const visible = (h: string) => h.replace(/<[^>]+>/g, "").replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&quot;/g, '"').replace(/&#x27;/g, "'").replace(/&amp;/g, "&");

describe("escapeMarkdown", () => {
  it.each([
    ["a link", HOSTILE, "\\[Open the fix runbook\\](/\\\\evil.example/login)"],
    ["bold", "**urgent**", "\\*\\*urgent\\*\\*"],
    ["code", "`rm -rf`", "\\`rm -rf\\`"],
    ["raw HTML / autolink", "<img src=x onerror=alert(1)>", "\\<img src=x onerror=alert(1)>"],
    ["a table cell", "a | b", "a \\| b"],
    ["a heading at the start", "# Title", "\\# Title"],
    ["a quote at the start", "> quoted", "\\> quoted"],
    ["a bullet at the start", "- item", "\\- item"],
    ["a plus bullet at the start", "+ item", "\\+ item"],
    ["a numbered item at the start", "1. first", "1\\. first"],
    ["line breaks become one space (a \"#\" mid-line is plain text)", "ok\n# heading\r\n| a | b |", "ok # heading \\| a \\| b \\|"],
    ["control characters", "a\u0000b\tc\u2028d", "a b c d"],
    ["a trailing backslash cannot escape what follows", "dir\\", "dir\\\\"],
    ["plain ids stay readable", "etl-nightly self_healing_agent 12.5 #3", "etl-nightly self_healing_agent 12.5 #3"],
  ])("%s", (_name, input, escaped) => {
    expect(escapeMarkdown(input)).toBe(escaped);
    // Rendered mid-sentence or alone on a line, it shows the original text (line breaks and control
    // characters as one space), never markup.
    const shown = input.replace(/[\u0000-\u001f\u2028]+/g, " ");
    const inSentence = html(`Agent ${escapeMarkdown(input)} is late.`);
    expect(inSentence).not.toMatch(/<a |<strong|<code|<img/);
    expect(visible(inSentence)).toBe(`Agent ${shown} is late.`);
    const alone = html(escapeMarkdown(input));
    expect(alone).not.toMatch(/role="heading"|<ul|<ol|<table|<a |<strong|<code|<img/);
    expect(visible(alone)).toBe(shown);
  });

  it("unescapes back to the original", () => {
    for (const s of [HOSTILE, "**x** `y` <z> | # - 1."]) expect(unescapeMarkdown(escapeMarkdown(s))).toBe(s);
  });
});

describe("md template tag and the Draft", () => {
  it("escapes interpolated strings, keeps numbers and composed fragments", () => {
    const d = new Draft();
    const link = d.link(HOSTILE, "/agents/fix-runner");
    d.para(md`${link} (${HOSTILE}) has **${-3}** errors; ${joinMd(["*a*", md`**b**`], ", ")}`);
    expect(d.parts[0]).toBe("[\\[Open the fix runbook\\](/\\\\evil.example/login)](/agents/fix-runner) (\\[Open the fix runbook\\](/\\\\evil.example/login)) has **-3** errors; \\*a\\*, **b**");
    // The links list keeps the raw label (shown as text); the only link in the rendered answer is Vigil's own.
    expect(d.links).toEqual([{ label: HOSTILE, href: "/agents/fix-runner" }]);
    const hrefs = [...html(d.parts.join("\n\n")).matchAll(/href="([^"]*)"/g)].map((m) => m[1]);
    expect(hrefs).toEqual(["/agents/fix-runner"]);
  });

  it("bullets cannot be broken out of by a value with line breaks", () => {
    const d = new Draft();
    d.bullets([md`10:00 error boom: ${"done\n# Pwned\n[x](/\\evil)"}`]);
    expect(d.parts[0]).toBe("- 10:00 error boom: done # Pwned \\[x\\](/\\\\evil)");
    const h = html(d.parts[0]!);
    expect(h).not.toMatch(/role="heading"|<a /);
    expect(visible(h)).toContain("done # Pwned [x](/\\evil)");
  });

  it("link paths built from data cannot close the link early", () => {
    const d = new Draft();
    expect(d.link("x", "/incidents/a) b(").text).toBe("[x](/incidents/a%29%20b%28)");
  });

  it("trusted Markdown (runbook passages) keeps its links", () => {
    expect(html(md`From the runbook: ${trustedMarkdown("see [Agents](/agents)")}`.text)).toContain('href="/agents"');
  });
});
