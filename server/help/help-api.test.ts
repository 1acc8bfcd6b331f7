/**
 * The help agent over its HTTP and tRPC surfaces, against a real database with the evaluation
 * scenario: SSE event order and content over a real socket, JSON mode, field-naming 4xx, async
 * requests answered by the ai_help_agent cycle, feedback and grading.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { callerWithCookie, userWithSession } from "@/test/sessions";
import type { CycleContext } from "@/workers/agent-module";
import { helpAgent } from "@/workers/agents/help-agent";
import { db, pool } from "../db/client";
import { makeKey } from "../../test/http";
import type { HelpEvent } from "./contract";
import { HelpAnswer, HelpEvent as HelpEventSchema } from "./contract";
import { seedScenario, type ScenarioFacts } from "../../test/help-eval/scenario";
import { readSse, startHelpServer, type HelpTestServer } from "../../test/help-server";

let server: HelpTestServer;
let key: string;
let facts: ScenarioFacts;

beforeAll(async () => {
  facts = await seedScenario(db(), pool());
  key = await makeKey(["read"]);
  server = await startHelpServer();
});
afterAll(() => server.close());

const ask = (body: unknown, headers: Record<string, string> = {}, k = key) =>
  fetch(`${server.url}/api/v1/help/ask`, { method: "POST", headers: { authorization: `Bearer ${k}`, "content-type": "application/json", ...headers }, body: typeof body === "string" ? body : JSON.stringify(body) });

function order(events: HelpEvent[]): string[] {
  return events.map((e) => e.type);
}

describe("POST /api/v1/help/ask", () => {
  it("streams agent_started → agent_thinking → tool pairs → agent_completed over SSE, each frame a valid HelpEvent", async () => {
    const res = await ask({ question: "Which agent failed last night and what did Vigil do?" }, { accept: "text/event-stream" });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/^text\/event-stream/);
    const events = await readSse(res);
    for (const e of events) expect(HelpEventSchema.safeParse(e).success, JSON.stringify(e)).toBe(true);
    const types = order(events);
    expect(types[0]).toBe("agent_started");
    expect(types[1]).toBe("agent_thinking");
    expect(types.at(-1)).toBe("agent_completed");
    // Every tool_executing is immediately followed by its tool_completed, with a duration.
    const tools = events.filter((e) => e.type === "tool_executing" || e.type === "tool_completed");
    expect(tools.length).toBeGreaterThanOrEqual(4);
    for (let i = 0; i < tools.length; i += 2) {
      const [ex, done] = [tools[i]!, tools[i + 1]!];
      expect(ex.type).toBe("tool_executing");
      expect(done).toMatchObject({ type: "tool_completed", tool: (ex as { tool: string }).tool, ok: true });
      expect((done as { durationMs: number }).durationMs).toBeGreaterThanOrEqual(0);
    }
    expect(tools.map((t) => (t as { tool: string }).tool)).toEqual(expect.arrayContaining(["system_context", "list_incidents", "search_docs"]));
    const started = events[0] as Extract<HelpEvent, { type: "agent_started" }>;
    expect(started.question).toBe("Which agent failed last night and what did Vigil do?");
    const done = events.at(-1) as Extract<HelpEvent, { type: "agent_completed" }>;
    expect(done.conversationId).toBe(started.conversationId);
    expect(done.category).toBe("troubleshooting");
    expect(done.answer).toContain("etl-nightly");
    expect(done.answer).toMatch(/rolled back/);
    expect(done.links).toEqual(expect.arrayContaining([{ label: `Incident #${facts.etlIncidentId}`, href: `/incidents/${facts.etlIncidentId}` }]));
    expect(done.sources.some((s) => s.kind === "runbook")).toBe(true);
    expect(done.quality.grade).toMatch(/^[A-F]$/);
    expect(done.confidence).toBeGreaterThan(0);
    expect(Number(done.businessValue.usd)).toBeGreaterThan(0);
  });

  it("answers JSON with the steps when the client does not ask for a stream, and continues the conversation", async () => {
    const res = await ask({ question: `Why is the health score ${facts.systemScore}?` });
    expect(res.status).toBe(200);
    const body = (await res.json()) as HelpAnswer & { steps: HelpEvent[] };
    expect(HelpAnswer.safeParse(body).success).toBe(true);
    expect(body.mode).toBe("deterministic");
    expect(body.answer).toContain(`${facts.systemScore}/100`);
    expect(body.answer).toContain("report-builder");
    expect(order(body.steps)[0]).toBe("agent_started");
    expect(order(body.steps).at(-1)).toBe("agent_completed");
    // A follow-up in the same conversation inherits the agent of the previous question.
    const first = (await (await ask({ question: "What happened to pdf-renderer?" })).json()) as HelpAnswer;
    const next = (await (await ask({ question: "and what did Vigil do about it?", conversationId: first.conversationId })).json()) as HelpAnswer;
    expect(next.conversationId).toBe(first.conversationId);
    expect(next.answer).toContain("pdf-renderer");
    expect(next.answer).toMatch(/escalated/);
  });

  it("refuses bad input with a 4xx naming the field", async () => {
    const cases: [unknown, number, string][] = [
      [{}, 400, "question"],
      [{ question: "" }, 400, "question"],
      [{ question: 42 }, 400, "question"],
      [{ question: "x".repeat(2001) }, 400, "question"],
      [{ question: "ok?", async: "yes" }, 400, "async"],
      ["{not json", 400, ""],
    ];
    for (const [body, status, field] of cases) {
      const res = await ask(body);
      const json = (await res.json()) as { error: string; issues: { path: string }[] };
      expect(res.status, JSON.stringify(body).slice(0, 40)).toBe(status);
      expect(json.issues.map((i) => i.path)).toContain(field);
    }
    const noKey = await fetch(`${server.url}/api/v1/help/ask`, { method: "POST", body: JSON.stringify({ question: "hi" }) });
    expect(noKey.status).toBe(401);
  });

  it("never continues another API key's conversation (404), in JSON, SSE and async mode", async () => {
    const mine = (await (await ask({ question: "How is the system?" })).json()) as HelpAnswer;
    const otherKey = await makeKey(["read"]);
    for (const extra of [{}, { async: true }]) {
      const res = await ask({ question: "continue", conversationId: mine.conversationId, ...extra }, {}, otherKey);
      expect(res.status).toBe(404);
      expect(((await res.json()) as { issues: { path: string }[] }).issues[0]!.path).toBe("conversationId");
    }
    const sse = await ask({ question: "continue", conversationId: mine.conversationId }, { accept: "text/event-stream" }, otherKey);
    expect(sse.status).toBe(404);
    expect((await ask({ question: "x", conversationId: "not-a-uuid" })).status).toBe(404);
  });
});

describe("async requests and the ai_help_agent cycle", () => {
  it("queues with 202, answers at least 5 per cycle, grades them and serves the answer to its own key only", async () => {
    const ids: string[] = [];
    for (let i = 0; i < 6; i++) {
      const res = await ask({ question: i % 2 ? "What did LLM calls cost this week?" : "Any anomalies on invoice-worker?", async: true });
      expect(res.status).toBe(202);
      const body = (await res.json()) as { requestId: string; status: string };
      expect(body.status).toBe("queued");
      ids.push(body.requestId);
    }
    const get = (id: string, k = key) => fetch(`${server.url}/api/v1/help/requests/${id}`, { headers: { authorization: `Bearer ${k}` } });
    expect(await (await get(ids[0]!)).json()).toEqual({ requestId: ids[0], status: "queued" });

    const ctx = { prisma: db(), pool: pool(), now: new Date(), signal: new AbortController().signal } as unknown as CycleContext; // the module uses only these
    const r = await helpAgent.run(ctx);
    expect(r?.summary).toMatchObject({ answered: 6, failed: 0, queued: 0 });
    expect((r?.summary as { graded: number }).graded).toBeGreaterThanOrEqual(6);

    for (const id of ids) {
      const view = (await (await get(id)).json()) as { status: string; answer: HelpAnswer };
      expect(view.status).toBe("answered");
      expect(HelpAnswer.safeParse(view.answer).success).toBe(true);
    }
    const cost = (await (await get(ids[1]!)).json()) as { answer: HelpAnswer };
    expect(cost.answer.category).toBe("cost");
    expect(cost.answer.answer).toContain(facts.topModel);
    expect((await get(ids[0]!, await makeKey(["read"]))).status).toBe(404);
    const graded = await db().helpMessage.count({ where: { role: "assistant", gradedAt: { not: null }, qualityScore: { gt: 0 } } });
    expect(graded).toBeGreaterThanOrEqual(6);
  });
});

describe("feedback and grading", () => {
  it("stores thumbs up/down on one's own answers; a thumbs down lowers the cycle's grade", async () => {
    const user = await userWithSession("viewer");
    const res = await fetch(`${server.url}/api/help/chat`, { method: "POST", headers: { cookie: user.cookie, "content-type": "application/json" }, body: JSON.stringify({ question: "Is support-bot running out of memory?" }) });
    const done = (await readSse(res)).at(-1) as Extract<HelpEvent, { type: "agent_completed" }>;
    expect(done.answer).toContain("support-bot");
    const caller = await callerWithCookie(user.cookie);
    await caller.help.feedback({ messageId: done.messageId, rating: "down", comment: "missing the trend" });
    const conv = await caller.help.conversation({ id: done.conversationId });
    expect(conv.messages.map((m) => m.role)).toEqual(["user", "assistant"]);
    expect(conv.messages[1]!.feedback).toBe("down");
    expect(conv.messages[1]!.steps.some((s) => s.type === "tool_completed" && s.tool === "lookup_agent")).toBe(true);
    const ctx = { prisma: db(), pool: pool(), now: new Date(), signal: new AbortController().signal } as unknown as CycleContext;
    await helpAgent.run(ctx);
    const row = await db().helpMessage.findUniqueOrThrow({ where: { id: done.messageId } });
    expect(row.feedbackComment).toBe("missing the trend");
    expect(row.qualityScore).toBe(done.quality.score - 20);
  });
});
