import { describe, expect, it } from "vitest";
import { SseParser } from "./sse";

const enc = new TextEncoder();

describe("SseParser", () => {
  it("parses whole frames with event and JSON data", () => {
    const p = new SseParser();
    const frames = p.push('event: agent_started\ndata: {"type":"agent_started"}\n\nevent: agent_thinking\ndata: {"type":"agent_thinking","message":"hi"}\n\n');
    expect(frames).toEqual([
      { event: "agent_started", data: '{"type":"agent_started"}' },
      { event: "agent_thinking", data: '{"type":"agent_thinking","message":"hi"}' },
    ]);
  });

  it("reassembles frames split across chunks at any byte, including inside a multi-byte character", () => {
    const text = 'event: answer_delta\ndata: {"type":"answer_delta","text":"naïve — ok"}\n\nevent: x\r\ndata: 1\r\n\r\n';
    const bytes = enc.encode(text);
    for (let cut = 1; cut < bytes.length; cut++) {
      const p = new SseParser();
      const frames = [...p.push(bytes.slice(0, cut)), ...p.push(bytes.slice(cut)), ...p.finish()];
      expect(frames.map((f) => f.event)).toEqual(["answer_delta", "x"]);
      expect(JSON.parse(frames[0]!.data).text).toBe("naïve — ok");
    }
  });

  it("ignores comments, joins multi-line data and keeps an unterminated last frame for finish()", () => {
    const p = new SseParser();
    expect(p.push(": keep-alive\n\ndata: a\ndata: b\n\nevent: tail\ndata: z")).toEqual([{ event: "message", data: "a\nb" }]);
    expect(p.finish()).toEqual([{ event: "tail", data: "z" }]);
  });
});
