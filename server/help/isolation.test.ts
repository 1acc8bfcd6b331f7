/**
 * Conversations belong to their user, enforced by the server: two users asking at once never
 * see, continue, rate or delete each other's conversations; 20 simultaneous conversations from
 * 5 users all persist with their own questions and answers (no cross-talk).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { callerWithCookie, userWithSession, type TestUser, trpcCode } from "@/test/sessions";
import { db, pool } from "../db/client";
import type { HelpEvent } from "./contract";
import { seedScenario } from "../../test/help-eval/scenario";
import { readSse, startHelpServer, type HelpTestServer } from "../../test/help-server";

type Completed = Extract<HelpEvent, { type: "agent_completed" }>;
let server: HelpTestServer;

beforeAll(async () => {
  await seedScenario(db(), pool());
  server = await startHelpServer();
});
afterAll(() => server.close());

const chat = (user: TestUser, body: unknown, origin?: string) =>
  fetch(`${server.url}/api/help/chat`, { method: "POST", headers: { cookie: user.cookie, "content-type": "application/json", ...(origin ? { origin } : {}) }, body: JSON.stringify(body) });

async function askAs(user: TestUser, question: string, conversationId?: string): Promise<{ started: Extract<HelpEvent, { type: "agent_started" }>; done: Completed }> {
  const res = await chat(user, { question, ...(conversationId ? { conversationId } : {}) });
  expect(res.status).toBe(200);
  const events = await readSse(res);
  return { started: events[0] as Extract<HelpEvent, { type: "agent_started" }>, done: events.at(-1) as Completed };
}

const code = trpcCode;

describe("isolation between users", () => {
  it("two users asking concurrently each see only their own conversation; the other's id is NOT_FOUND / 404", async () => {
    const [alice, bob] = await Promise.all([userWithSession("viewer"), userWithSession("operator")]);
    const [a, b] = await Promise.all([askAs(alice, "What is the status of email-sender?"), askAs(bob, "What did LLM calls cost this week?")]);
    expect(a.done.answer).toContain("email-sender");
    expect(b.done.category).toBe("cost");
    const [ca, cb] = await Promise.all([callerWithCookie(alice.cookie), callerWithCookie(bob.cookie)]);

    expect((await ca.help.conversations()).map((c) => c.id)).toEqual([a.done.conversationId]);
    expect((await cb.help.conversations()).map((c) => c.id)).toEqual([b.done.conversationId]);
    expect(await code(cb.help.conversation({ id: a.done.conversationId }))).toBe("NOT_FOUND");
    expect(await code(cb.help.feedback({ messageId: a.done.messageId, rating: "up" }))).toBe("NOT_FOUND");
    expect(await code(cb.help.deleteConversation({ id: a.done.conversationId }))).toBe("NOT_FOUND");
    // Bob cannot continue Alice's conversation over HTTP either.
    const cont = await chat(bob, { question: "and now?", conversationId: a.done.conversationId });
    expect(cont.status).toBe(404);
    expect(await cont.json()).toMatchObject({ error: "conversation not found", issues: [{ path: "conversationId" }] });
    // Alice's conversation is untouched and still hers; she continues it.
    const more = await askAs(alice, "Is report-builder healthy?", a.done.conversationId);
    expect(more.done.conversationId).toBe(a.done.conversationId);
    const conv = await ca.help.conversation({ id: a.done.conversationId });
    expect(conv.messages.map((m) => m.content.slice(0, 20))).toEqual(["What is the status o", expect.any(String), "Is report-builder he", expect.any(String)]);
    expect(conv.messages.filter((m) => m.role === "assistant").every((m) => m.answer !== null)).toBe(true);
    // Deleting her own conversation works (viewer too) and removes it.
    await ca.help.deleteConversation({ id: a.done.conversationId });
    expect(await ca.help.conversations()).toEqual([]);
  });

  it("refuses the chat without a session (401) and from another site (403)", async () => {
    const res = await fetch(`${server.url}/api/help/chat`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ question: "hi" }) });
    expect(res.status).toBe(401);
    const user = await userWithSession("viewer");
    expect((await chat(user, { question: "hi" }, "https://evil.example")).status).toBe(403);
    const bad = await chat(user, { question: "" });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { issues: { path: string }[] }).issues[0]!.path).toBe("question");
  });
});

describe("chat rate limit", () => {
  it("a user over 30 questions a minute gets 429 with Retry-After; another user is unaffected", async () => {
    const [busy, other] = await Promise.all([userWithSession("viewer"), userWithSession("viewer")]);
    // Invalid questions are counted too (the limit guards the endpoint, not just answers), and cost nothing to send.
    for (let n = 0; n < 30; n++) expect((await chat(busy, { question: "" })).status).toBe(400);
    const limited = await chat(busy, { question: "What is the overall system health right now?" });
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(((await limited.json()) as { error: string }).error).toMatch(/at most 30 per minute/);
    const fine = await chat(other, { question: "What is the overall system health right now?" });
    expect(fine.status).toBe(200);
    await readSse(fine);
  });
});

describe("concurrency", () => {
  it("20 simultaneous conversations from 5 users: no cross-talk, all persisted", async () => {
    const users = await Promise.all(Array.from({ length: 5 }, () => userWithSession("viewer")));
    const questions = ["What is the status of email-sender?", "Which agent failed last night and what did Vigil do?", "Any anomalies on invoice-worker?", "What did LLM calls cost this week?"];
    const jobs = users.flatMap((u, ui) => questions.map((q, qi) => ({ u, question: `${q} (user ${ui} question ${qi})` })));
    const results = await Promise.all(jobs.map(async (j) => ({ ...j, ...(await askAs(j.u, j.question)) })));
    expect(new Set(results.map((r) => r.done.conversationId)).size).toBe(20);
    for (const r of results) {
      expect(r.started.question).toBe(r.question);
      expect(r.done.conversationId).toBe(r.started.conversationId);
    }
    for (const [ui, u] of users.entries()) {
      const caller = await callerWithCookie(u.cookie);
      const list = await caller.help.conversations();
      expect(list).toHaveLength(4);
      for (const c of list) {
        const conv = await caller.help.conversation({ id: c.id });
        expect(conv.messages).toHaveLength(2);
        expect(conv.messages[0]!.content).toContain(`(user ${ui} question`);
        const mine = results.find((r) => r.done.conversationId === c.id)!;
        expect(mine.u.id).toBe(u.id);
        expect(conv.messages[1]!.answer?.messageId).toBe(mine.done.messageId);
        expect(conv.messages[1]!.content).toBe(mine.done.answer);
      }
    }
    expect(await db().helpConversation.count({ where: { owner: { startsWith: "user:" } } })).toBeGreaterThanOrEqual(20);
  });
});
