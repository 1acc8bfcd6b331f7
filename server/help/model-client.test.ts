/**
 * LLM mode against a small fake OpenAI-compatible server started here (the only external
 * service: faked over real HTTP, never mocked in-process): tool-call round trip with streamed
 * argument fragments, streamed answer deltas over SSE, and every model call recorded as an LLM
 * run with tokens and cost.
 */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db, pool } from "../db/client";
import { makeKey } from "../../test/http";
import type { HelpEvent } from "./contract";
import { seedScenario } from "../../test/help-eval/scenario";
import { readSse, startHelpServer, type HelpTestServer } from "../../test/help-server";

interface ChatBody {
  model: string;
  stream: boolean;
  messages: { role: string; content: string | null; tool_calls?: unknown[]; tool_call_id?: string }[];
  tools?: { function: { name: string } }[];
}

const requests: { auth: string | undefined; body: ChatBody }[] = [];
let failNext = false;
let fake: Server;
let fakeUrl = "";
let help: HelpTestServer;
let key: string;

const chunk = (delta: unknown, finish: string | null = null) => `data: ${JSON.stringify({ id: "c1", object: "chat.completion.chunk", choices: [{ index: 0, delta, finish_reason: finish }] })}\n\n`;
const usage = (p: number, c: number) => `data: ${JSON.stringify({ id: "c1", object: "chat.completion.chunk", choices: [], usage: { prompt_tokens: p, completion_tokens: c, total_tokens: p + c } })}\n\n`;

beforeAll(async () => {
  await seedScenario(db(), pool());
  key = await makeKey(["read"]);
  fake = createServer((req, res) => {
    let raw = "";
    req.on("data", (d) => (raw += d));
    req.on("end", () => {
      const body = JSON.parse(raw) as ChatBody;
      requests.push({ auth: req.headers.authorization, body });
      if (failNext) {
        failNext = false;
        res.writeHead(503, { "content-type": "application/json" }).end(JSON.stringify({ error: { message: "model overloaded" } }));
        return;
      }
      res.writeHead(200, { "content-type": "text/event-stream" });
      const hasToolResult = body.messages.some((m) => m.role === "tool");
      if (!hasToolResult) {
        // Round 1: ask for a tool, arguments split across chunks as real servers do.
        res.write(chunk({ role: "assistant", content: null, tool_calls: [{ index: 0, id: "call_1", type: "function", function: { name: "lookup_agent", arguments: "" } }] }));
        res.write(chunk({ tool_calls: [{ index: 0, function: { arguments: '{"agentId":' } }] }));
        res.write(chunk({ tool_calls: [{ index: 0, function: { arguments: '"pdf-renderer"}' } }] }));
        res.write(chunk({}, "tool_calls"));
        res.write(usage(812, 21));
      } else {
        for (const t of ["**pdf-renderer** is failed: ", "the self-healing agent escalated it ", "after 3 rolled-back restarts. ", "See [pdf-renderer](/agents/pdf-renderer)."]) res.write(chunk({ content: t }));
        res.write(chunk({}, "stop"));
        res.write(usage(1630, 44));
      }
      res.end("data: [DONE]\n\n");
    });
  });
  await new Promise<void>((r) => fake.listen(0, "127.0.0.1", r));
  fakeUrl = `http://127.0.0.1:${(fake.address() as AddressInfo).port}/v1`;
  process.env.LLM_BASE_URL = fakeUrl;
  process.env.LLM_API_KEY = "sk-test-123";
  process.env.LLM_MODEL = "gpt-4o-mini";
  help = await startHelpServer();
});

afterAll(async () => {
  delete process.env.LLM_BASE_URL;
  delete process.env.LLM_API_KEY;
  delete process.env.LLM_MODEL;
  await help.close();
  await new Promise<void>((r) => fake.close(() => r()));
});

const ask = (question: string) =>
  fetch(`${help.url}/api/v1/help/ask`, { method: "POST", headers: { authorization: `Bearer ${key}`, "content-type": "application/json", accept: "text/event-stream" }, body: JSON.stringify({ question }) });

describe("LLM mode (LLM_BASE_URL set)", () => {
  it("runs the model's tool call, streams its tokens and completes with an llm-mode answer", async () => {
    requests.length = 0;
    const events = await readSse(await ask("What happened to pdf-renderer?"));
    const types = events.map((e) => e.type);
    expect(types[0]).toBe("agent_started");
    expect(types.at(-1)).toBe("agent_completed");
    // The tool the model asked for ran, with the streamed-together arguments.
    const exec = events.find((e) => e.type === "tool_executing" && e.tool === "lookup_agent") as Extract<HelpEvent, { type: "tool_executing" }>;
    expect(exec.input).toEqual({ agentId: "pdf-renderer" });
    expect(events[events.indexOf(exec) + 1]).toMatchObject({ type: "tool_completed", tool: "lookup_agent", ok: true });
    // Tokens arrive as answer_delta events, in order, before agent_completed.
    const deltas = events.filter((e) => e.type === "answer_delta").map((e) => (e as { text: string }).text);
    expect(deltas).toHaveLength(4);
    const done = events.at(-1) as Extract<HelpEvent, { type: "agent_completed" }>;
    expect(done.mode).toBe("llm");
    expect(done.answer).toBe(deltas.join(""));
    expect(done.links).toEqual([{ label: "pdf-renderer", href: "/agents/pdf-renderer" }]);

    // What the model was sent: our tools, the key, and in round 2 the tool's real output.
    expect(requests).toHaveLength(2);
    expect(requests[0]!.auth).toBe("Bearer sk-test-123");
    expect(requests[0]!.body).toMatchObject({ model: "gpt-4o-mini", stream: true });
    expect(requests[0]!.body.tools!.map((t) => t.function.name)).toEqual(["lookup_agent", "list_incidents", "get_metrics", "get_costs", "search_docs"]);
    const toolMsg = requests[1]!.body.messages.find((m) => m.role === "tool")!;
    expect(toolMsg.tool_call_id).toBe("call_1");
    expect(toolMsg.content).toContain('"state":"failed"');
    expect(toolMsg.content).toContain("escalated");

    // Both model calls are LLM runs in Vigil, costed from the price table.
    const runs = await db().llmRun.findMany({ where: { project: "vigil-help" }, orderBy: { startTime: "asc" } });
    expect(runs).toHaveLength(2);
    expect(runs.map((r) => [r.inputTokens, r.outputTokens])).toEqual([[812, 21], [1630, 44]]);
    expect(runs.every((r) => r.model === "gpt-4o-mini" && r.cost !== null && Number(r.cost) > 0)).toBe(true);
    // 1630 × $0.15/M + 44 × $0.60/M, exact
    expect(runs[1]!.cost!.toString()).toBe("0.0002709");
    expect(new Set(runs.map((r) => r.traceId))).toEqual(new Set([done.conversationId]));
  });

  it("reports agent_error when the model endpoint fails, and records the failed call", async () => {
    failNext = true;
    const before = await db().llmRun.count({ where: { project: "vigil-help", status: "error" } });
    const events = await readSse(await ask("How is the system?"));
    expect(events[0]!.type).toBe("agent_started");
    const last = events.at(-1)!;
    expect(last.type).toBe("agent_error");
    expect((last as { message: string }).message).toMatch(/503/);
    expect(events.some((e) => e.type === "agent_completed")).toBe(false);
    // The question and the error stay in the conversation (no answer attached).
    const conversationId = (events[0] as Extract<HelpEvent, { type: "agent_started" }>).conversationId;
    const messages = await db().helpMessage.findMany({ where: { conversationId }, orderBy: { createdAt: "asc" } });
    expect(messages.map((m) => [m.role, m.answer])).toEqual([["user", null], ["assistant", null]]);
    expect(messages[1]!.content).toMatch(/could not answer: LLM endpoint answered 503/);
    expect(await db().llmRun.count({ where: { project: "vigil-help", status: "error" } })).toBe(before + 1);
  });
});
