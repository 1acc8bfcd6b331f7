import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { isInternalHref } from "./links";
import { blocks, Markdown } from "./markdown";

describe("help answer markdown", () => {
  it("turns a runbook's pipe table into a table block (header kept, rule dropped) between paragraphs", () => {
    const text = "From the runbook:\n\n| state | meaning |\n|---|---|\n| late | past the interval |\n| failed | recovery exhausted |\n\nNext step.";
    expect(blocks(text)).toEqual([
      { kind: "p", lines: ["From the runbook:"] },
      { kind: "table", rows: [["state", "meaning"], ["late", "past the interval"], ["failed", "recovery exhausted"]] },
      { kind: "p", lines: ["Next step."] },
    ]);
  });

  it("keeps bullets, numbered lists and headings apart", () => {
    expect(blocks("# Title\n- a\n- b\n1. one\n2. two").map((b) => b.kind)).toEqual(["h", "ul", "ol"]);
  });
});

describe("links the help renderer follows", () => {
  it.each([
    ["/agents/etl-nightly", true],
    ["/incidents/3?tab=timeline#actions", true],
    ["/help/knowledge/1f0c", true],
    ["/agents/a%2Fb", true],
    ["/", true],
    ["/\\evil.example/login", false],
    ["//evil.example", false],
    ["/%5Cevil.example", false],
    ["/%5cevil.example", false],
    ["/%2F/evil.example", false],
    ["\\/evil.example", false],
    ["javascript:alert(1)", false],
    ["JavaScript:alert(1)", false],
    ["data:text/html,<script>", false],
    ["https://evil.example/", false],
    ["evil.example", false],
    ["/\t/evil.example", false],
    ["/\n/evil.example", false],
    ["/\r/evil.example", false],
    [" /agents", false],
    ["/agents /x", false],
    ["/\u0000/evil.example", false],
    ["/\u00a0/evil.example", false],
    ["/agents\\..\\..\\evil", false],
    ["", false],
  ])("%j → %s", (href, followed) => {
    expect(isInternalHref(href)).toBe(followed);
    // Rendered as a Markdown link, only a followed href becomes an <a>, and it stays on this origin.
    const h = renderToStaticMarkup(createElement(Markdown, { text: `see [the page](${href})` }));
    const anchors = [...h.matchAll(/<a [^>]*href="([^"]*)"/g)].map((m) => m[1]!.replace(/&amp;/g, "&"));
    if (followed) expect(anchors.map((a) => new URL(a, "https://vigil.example").origin)).toEqual(["https://vigil.example"]);
    else expect(anchors).toEqual([]);
  });

  it("shows a refused link's label and target as text", () => {
    const h = renderToStaticMarkup(createElement(Markdown, { text: "[Open the fix runbook](/\\evil.example/login)" }));
    expect(h).not.toContain("<a ");
    expect(h).toContain("Open the fix runbook");
    expect(h).toContain("(/\\evil.example/login)");
  });

  it("reads backslash escapes as literal characters", () => {
    const h = renderToStaticMarkup(createElement(Markdown, { text: "\\[x\\](/agents) \\*\\*y\\*\\* \\`z\\` C:\\temp" }));
    expect(h).not.toMatch(/<a |<strong|<code/);
    expect(h).toContain("[x](/agents) **y** `z` C:\\temp");
  });
});
