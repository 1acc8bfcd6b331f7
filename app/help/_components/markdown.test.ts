import { describe, expect, it } from "vitest";
import { blocks } from "./markdown";

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
